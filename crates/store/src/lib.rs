//! The store: every published version of every layer, with a versions table, behind the
//! [`Store`] trait; and the SIG team's workflow around it: import a source through GDAL from a
//! private copy, within limits ([`import`]), validate with geodata's rules ([`validate`]), compare with the published
//! version ([`diff`]), publish atomically and roll back.
//!
//! The embedded backend is one GeoPackage file written through GDAL ([`gpkg::GpkgStore`]), so
//! QGIS and `ogrinfo` open it directly. geodata stays GDAL-free: features cross the boundary
//! as serde properties plus `geo` geometries ([`StoredFeature`]).
//!
//! The publishing rules (what a version is, when a publish or rollback is refused) live in
//! [`publish`], once: a backend only reads and writes rows.
//!
//! Layering: depends on geodata (and GDAL); never on the geocoder, the tiles, the server or
//! HTTP. `store-postgis` builds on it.

pub mod addresses;
pub mod credential;
pub mod diff;
pub mod error;
pub mod export;
pub mod gdal_log;
pub mod geojson_text;
pub mod gpkg;
pub mod history;
pub mod import;
pub mod layer_id;
pub mod materialize;
pub mod publish;
pub mod removed;
pub mod seed;
pub mod store;
pub mod territory_init;
pub mod validate;
pub mod version;
pub mod wkb;
pub mod workflow;

pub use credential::Credential;
pub use error::{Result, StoreError};
pub use layer_id::LayerId;
pub use store::{LayerData, NewTerritory, StagedImport, Store, StoredFeature};
pub use version::Version;
