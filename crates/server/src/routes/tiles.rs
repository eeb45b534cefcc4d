//! Vector tiles, their TileJSON and the MapLibre style, over the `tiles` crate: this module
//! adds the HTTP side (ETag from the data version, 304, Cache-Control, gzip, 204 for empty
//! tiles, the tile cache).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::caching::{accepts_gzip, load, not_modified, parse, with_caching, CACHE_CONTROL};
use crate::error::Problem;
use crate::ogc::links::{base_url, JSON};
use crate::respond;
use crate::routes::Req;
use crate::state::AppState;

pub use crate::ogc::links::MVT;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tiles/{z}/{x}/{y}", get(tile))
        .route("/tiles.json", get(tilejson))
        .route("/style.json", get(style))
        .route("/tiles.pmtiles", get(archive).head(archive))
}

/// The configured PMTiles archive, with range requests (what PMTiles readers send).
async fn archive(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    use tower::ServiceExt;
    let Some(path) = state.config().pmtiles.clone() else {
        return Problem::not_found(
            "aucune archive PMTiles sur ce serveur (quartiers serve --pmtiles FICHIER)",
        )
        .into_response();
    };
    match tower_http::services::ServeFile::new(&path)
        .oneshot(request)
        .await
    {
        Ok(r) if r.status() == StatusCode::NOT_FOUND => {
            Problem::not_found("l'archive PMTiles configurée est introuvable").into_response()
        }
        Ok(r) => {
            let mut r = r.into_response();
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(CACHE_CONTROL),
            );
            r
        }
        Err(e) => Problem::internal(e).into_response(),
    }
}

async fn tile(
    Path((z, x, y)): Path<(String, String, String)>,
    Req(state, headers, params): Req,
) -> Result<Response, Problem> {
    params.finish(&[])?;
    let y = y
        .strip_suffix(".mvt")
        .ok_or_else(|| Problem::not_found("tuile : l'adresse est /tiles/{z}/{x}/{y}.mvt"))?;
    let (z, x, y): (u8, u32, u32) = (parse("z", &z)?, parse("x", &x)?, parse("y", y)?);
    let snapshot = state.snapshot();
    let version: Arc<str> = Arc::from(snapshot.version.as_str());
    let etag = format!("W/\"{version}\"");
    if not_modified(&headers, &etag) {
        return Ok(with_caching(
            StatusCode::NOT_MODIFIED.into_response(),
            &etag,
        ));
    }
    let cached = load(&state, &snapshot, z, x, y).await?;
    if cached.is_empty() {
        return Ok(with_caching(StatusCode::NO_CONTENT.into_response(), &etag));
    }
    let gzipped = accepts_gzip(&headers).then(|| cached.gzip()).flatten();
    let gzip = gzipped.is_some();
    let body = gzipped.unwrap_or_else(|| cached.raw.clone());
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(MVT));
    if gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    Ok(with_caching(r, &etag))
}

async fn tilejson(Req(state, headers, params): Req) -> Result<Response, Problem> {
    params.finish(&[])?;
    let base = base_url(state.config(), &headers);
    let doc = state
        .snapshot()
        .tiles
        .tilejson(&format!("{base}/tiles/{{z}}/{{x}}/{{y}}.mvt"));
    respond::json(&doc, JSON)
}

async fn style(Req(state, headers, params): Req) -> Result<Response, Problem> {
    params.finish(&[])?;
    let base = base_url(state.config(), &headers);
    // Labels only when the server can send their glyphs.
    let fonts = state.clone();
    let has_fonts = tokio::task::spawn_blocking(move || !fonts.fonts().is_empty())
        .await
        .map_err(Problem::internal)?;
    let glyphs = has_fonts.then(|| format!("{base}/fonts/{{fontstack}}/{{range}}.pbf"));
    respond::json(
        &tiles::style(&format!("{base}/tiles.json"), glyphs.as_deref()),
        JSON,
    )
}
