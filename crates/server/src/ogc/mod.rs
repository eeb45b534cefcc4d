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

use geodata::catalog::Catalog;

/// Every collection of a catalog, in the order of the shared contract, then the national
/// references.
pub fn collections(catalog: &Catalog) -> Vec<collection::Collection> {
    let mut all = collection::layer_collections(catalog);
    all.extend(references::collections(&catalog.national));
    all
}
