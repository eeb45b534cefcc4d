//! OGC API – Features: the collections built from the catalog and what the handlers need to
//! answer items requests (parameters, CRS, GeoJSON, links, HTML, OpenAPI).

pub mod collection;
pub mod datetime;
pub mod geojson;
pub mod html;
pub mod links;
pub mod openapi;
pub mod query;
