//! OGC API – Tiles over the vector tiles: the tiling schemes, the dataset's and each
//! collection's tileset (list and document), and one collection's layer of a tile.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::{find, has_tiles, json_only};
use crate::caching as mvt;
use crate::error::Problem;
use crate::ogc::collection::Collection;
use crate::ogc::links::{base_url, JSON};
use crate::ogc::tiles as ogc_tiles;
use crate::params::Params;
use crate::respond;
use crate::routes::Req;
use crate::state::{AppState, Snapshot};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/tileMatrixSets", get(tile_matrix_sets))
        .route("/tileMatrixSets/{tms}", get(tile_matrix_set))
        .route(
            "/tiles",
            get(|req: Req| tileset_doc(req, None, TilesetDoc::List)),
        )
        .route(
            "/tiles/WebMercatorQuad",
            get(|req: Req| tileset_doc(req, None, TilesetDoc::Document)),
        )
        .route(
            "/collections/{collection}/tiles",
            get(|Path(id): Path<String>, req: Req| tileset_doc(req, Some(id), TilesetDoc::List)),
        )
        .route(
            "/collections/{collection}/tiles/WebMercatorQuad",
            get(|Path(id): Path<String>, req: Req| {
                tileset_doc(req, Some(id), TilesetDoc::Document)
            }),
        )
        .route(
            "/collections/{collection}/tiles/WebMercatorQuad/{z}/{y}/{x}",
            get(collection_tile),
        )
}

async fn tile_matrix_sets(Req(state, headers, mut params): Req) -> Result<Response, Problem> {
    json_only(&mut params)?;
    let base = base_url(state.config(), &headers);
    respond::json(&ogc_tiles::tile_matrix_sets(&base), JSON)
}

async fn tile_matrix_set(Path(tms): Path<String>, mut params: Params) -> Result<Response, Problem> {
    json_only(&mut params)?;
    if tms != ogc_tiles::TMS_ID {
        return Err(Problem::not_found(format!(
            "grille de tuilage « {tms} » inconnue ; grilles : {}",
            ogc_tiles::TMS_ID
        )));
    }
    respond::json(&ogc_tiles::web_mercator_quad(tiles::MAX_ZOOM), JSON)
}

/// The dataset's tileset: every layer, at the tile route of the web map.
fn dataset(snapshot: &Snapshot, base: &str) -> ogc_tiles::Tileset<'static> {
    let extent = snapshot
        .collections
        .iter()
        .filter_map(|c| c.extent)
        .reduce(crate::ogc::collection::union);
    ogc_tiles::Tileset {
        title: "Quartiers – toutes les couches".into(),
        path: format!("{base}/tiles"),
        template: format!("{base}/tiles/{{tileMatrix}}/{{tileCol}}/{{tileRow}}.mvt"),
        layers: snapshot
            .collections
            .iter()
            .filter(|c| has_tiles(c))
            .map(|c| (c.id, c.description))
            .collect(),
        extent,
        max_zoom: tiles::MAX_ZOOM,
    }
}

fn collection_tileset_of<'c>(c: &'c Collection, base: &str) -> ogc_tiles::Tileset<'c> {
    let path = format!("{base}/collections/{}/tiles", c.id);
    ogc_tiles::Tileset {
        title: format!("{} – tuiles vectorielles", c.title),
        template: format!(
            "{path}/{}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}",
            ogc_tiles::TMS_ID
        ),
        path,
        layers: vec![(c.id, c.description)],
        extent: c.extent,
        max_zoom: tiles::MAX_ZOOM,
    }
}

/// Which document of a tileset to answer.
#[derive(Clone, Copy)]
enum TilesetDoc {
    List,
    Document,
}

/// A tileset list or document: the dataset's (`collection` = None) or a collection's.
async fn tileset_doc(
    Req(state, headers, mut params): Req,
    collection: Option<String>,
    doc: TilesetDoc,
) -> Result<Response, Problem> {
    json_only(&mut params)?;
    let snapshot = state.snapshot();
    let base = base_url(state.config(), &headers);
    let set = match &collection {
        None => dataset(&snapshot, &base),
        Some(id) => collection_tileset_of(tiled(&snapshot, id)?, &base),
    };
    let body = match doc {
        TilesetDoc::List => set.list(&base),
        TilesetDoc::Document => set.document(&base),
    };
    respond::json(&body, JSON)
}

fn tiled<'s>(snapshot: &'s Snapshot, id: &str) -> Result<&'s Collection, Problem> {
    let c = find(snapshot, id)?;
    if !has_tiles(c) {
        return Err(Problem::not_found(format!(
            "la collection « {id} » n'a pas de tuiles (pas de géométrie)"
        )));
    }
    Ok(c)
}

/// One collection's layer of the dataset's tile z/x/y: the same cached tile (and ETag, the
/// data version), with the other layers left out.
async fn collection_tile(
    Path((id, z, y, x)): Path<(String, String, String, String)>,
    Req(state, headers, params): Req,
) -> Result<Response, Problem> {
    params.finish(&[])?;
    let snapshot = state.snapshot();
    let c = tiled(&snapshot, &id)?;
    let (z, x, y): (u8, u32, u32) = (
        mvt::parse("z", &z)?,
        mvt::parse("x", &x)?,
        mvt::parse("y", &y)?,
    );
    let etag = format!("W/\"{}-{}\"", snapshot.version, c.id);
    if mvt::not_modified(&headers, &etag) {
        return Ok(mvt::with_caching(
            StatusCode::NOT_MODIFIED.into_response(),
            &etag,
        ));
    }
    let full = mvt::load(&state, &snapshot, z, x, y).await?;
    let layer = if full.is_empty() {
        Vec::new()
    } else {
        ogc_tiles::layer_of(&full.raw, c.id)?
    };
    if layer.is_empty() {
        return Ok(mvt::with_caching(
            StatusCode::NO_CONTENT.into_response(),
            &etag,
        ));
    }
    let mut r = (StatusCode::OK, layer).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::ogc::links::MVT),
    );
    Ok(mvt::with_caching(r, &etag))
}
