//! OGC API – Features (Parts 1 to 3) and OGC API – Tiles: one module per document, as
//! martin's `srv/ogcapi/` — the landing page, conformance, collections, items, a feature,
//! queryables and sortables, and the tiles' metadata and per-collection tiles. The format is
//! negotiated by [`Format`](crate::negotiate::Format), the HTML pages built in
//! [`crate::html::ogc`].

mod collections;
mod conformance;
mod item;
mod items;
mod landing;
mod queryables;
mod tiles;

use axum::http::HeaderValue;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::crs::Crs;
use crate::error::Problem;
use crate::ogc::collection::Collection;
use crate::ogc::links::GEOJSON;
use crate::params::Params;
use crate::respond;
use crate::state::{AppState, Snapshot};

pub use conformance::CONFORMANCE;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(landing::root))
        .route("/conformance", get(conformance::conformance))
        .route("/collections", get(collections::collections))
        .route("/collections/{collection}", get(collections::collection))
        .route("/collections/{collection}/items", get(items::items))
        .route("/collections/{collection}/items/{feature}", get(item::item))
        .route(
            "/collections/{collection}/queryables",
            get(queryables::queryables),
        )
        .route(
            "/collections/{collection}/sortables",
            get(queryables::sortables),
        )
        .merge(tiles::router())
}

/// The collection `id` of the snapshot, or a 404 listing the collections.
fn find<'s>(snapshot: &'s Snapshot, id: &str) -> Result<&'s Collection, Problem> {
    snapshot.collection(id).ok_or_else(|| {
        let known: Vec<&str> = snapshot.collections.iter().map(|c| c.id).collect();
        Problem::not_found(format!(
            "collection « {id} » inconnue ; collections : {}",
            known.join(", ")
        ))
    })
}

/// Whether a collection is a layer of the vector tiles (every layer of the contract with
/// geometries; not the national references).
fn has_tiles(c: &Collection) -> bool {
    c.tiled && c.extent.is_some()
}

/// Features as GeoJSON, already serialised, with the `Content-Crs` header of Part 2.
fn geojson_answer(body: Vec<u8>, crs: Crs) -> Response {
    let mut r = respond::json_bytes(body, GEOJSON);
    if let Ok(v) = HeaderValue::from_str(&format!("<{}>", crs.uri())) {
        r.headers_mut().insert("content-crs", v);
    }
    r
}

/// The OGC API – Tiles documents (and the sortables) are JSON only: `f=json` or nothing.
fn json_only(params: &mut Params) -> Result<(), Problem> {
    if let Some(f) = params.take("f") {
        if f != "json" {
            return Err(Problem::bad_request(format!(
                "paramètre « f » : « {f} » non proposé ici ; proposé : json"
            )));
        }
    }
    Ok(std::mem::take(params).finish(&["f"])?)
}
