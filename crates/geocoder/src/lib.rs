//! Offline address search on the Base Adresse Nationale (BAN): import the BAN's CSV files into
//! an on-disk index, search it the way people type addresses, find the nearest address to a
//! point, and check many addresses at once against the priority geography (QPV).
//!
//! Results follow the national API Adresse response shape. No HTTP here: the server and the
//! command line call this crate (forwarding to an upstream API Adresse is the server's).
//!
//! Layering: depends on geodata only (for the QPV check and [`geodata::addresses`], which
//! this crate implements for the store); never on the store, the server or an HTTP client.

mod address_source;
pub mod asked;
pub mod ban;
pub mod batch;
pub mod csv_table;
pub mod error;
mod geocoder;
pub mod index;
pub mod lambert;
pub mod places;
pub mod response;
pub mod reverse;
pub mod search;
mod terms;
pub mod text;

pub use error::GeocodeError;
pub use geocoder::Geocoder;
pub use index::{Index, IndexBuilder};
pub use response::{Feature, FeatureCollection, Properties};
pub use search::{search, Hit, ResultType, SearchOptions};
