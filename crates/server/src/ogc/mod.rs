//! OGC API – Features: the collections built from the catalog and what the handlers need to
//! answer items requests (parameters, CQL2 filters, sorting, CRS, GeoJSON, links,
//! OpenAPI), and the OGC API – Tiles metadata over the vector tiles.

pub mod bbox;
pub mod collection;
pub mod datetime;
pub mod filter;
pub mod geojson;
pub mod links;
pub mod query;
pub mod references;
pub mod sort;
pub mod tiles;
