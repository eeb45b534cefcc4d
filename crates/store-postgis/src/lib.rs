//! The store on PostgreSQL + PostGIS ([`PgStore`]): the same versions table, staged imports,
//! publish and rollback as the embedded GeoPackage store, behind the same [`store::Store`]
//! trait, so that several `quartiers serve` replicas share one store. Every publish and
//! rollback is one transaction that also sends `NOTIFY quartiers_versions, '<n>'`, which the
//! replicas receive through [`listen::Notifications`] to reload their in-memory index.
//!
//! The schema lives in `migrations/` and is applied by [`migrate::migrate`] (refinery), never
//! implicitly. [`location`] chooses the backend from the store's address: a
//! `postgresql://` URL here, anything else a GeoPackage file.
//!
//! Layering: depends on `store` (its trait and [`store::publish`] rules) and geodata; never
//! on the server or the geocoder.

mod db;
pub mod listen;
pub mod location;
pub mod migrate;
mod pg;
mod seed;

pub use listen::{Notifications, CHANNEL};
pub use location::{open_or_create, StoreLocation};
pub use pg::PgStore;
