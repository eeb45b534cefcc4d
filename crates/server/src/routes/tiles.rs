//! Vector tiles, their TileJSON and the MapLibre style, over the `tiles` crate: this module
//! adds the HTTP side (ETag from the data version, 304, Cache-Control, gzip, 204 for empty
//! tiles, the tile cache).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::error::Problem;
use crate::ogc::links::{base_url, JSON};
use crate::respond;
use crate::routes::Req;
use crate::state::{AppState, Snapshot};
use crate::tile_cache::CachedTile;

pub use crate::ogc::links::MVT;
/// Tiles may be reused for 5 minutes, then revalidated with their ETag.
const CACHE_CONTROL: &str = "public, max-age=300";

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

pub(crate) fn parse<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, Problem> {
    v.parse().map_err(|_| {
        Problem::bad_request(format!(
            "tuile : {name} doit être un entier positif, reçu « {v} »"
        ))
    })
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
    let gzip = accepts_gzip(&headers);
    let body = if gzip {
        cached.gzip.clone()
    } else {
        cached.raw.clone()
    };
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(MVT));
    if gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    Ok(with_caching(r, &etag))
}

/// The tile z/x/y of `snapshot`, from the cache or cut now (and cached).
pub(crate) async fn load(
    state: &AppState,
    snapshot: &Arc<Snapshot>,
    z: u8,
    x: u32,
    y: u32,
) -> Result<Arc<CachedTile>, Problem> {
    let version: Arc<str> = Arc::from(snapshot.version.as_str());
    if let Some(t) = state.tile_cache().get(&version, z, x, y) {
        return Ok(t);
    }
    let snap = snapshot.clone();
    // Cutting a tile takes milliseconds of CPU: keep it off the async workers.
    let raw = tokio::task::spawn_blocking(move || snap.tiles.tile(z, x, y))
        .await
        .map_err(Problem::internal)?
        .map_err(|e| match e {
            tiles::TileError::Zoom { .. } | tiles::TileError::OutOfGrid { .. } => {
                Problem::bad_request(e.to_string())
            }
            other => Problem::internal(other),
        })?;
    let t = Arc::new(CachedTile::new(raw.unwrap_or_default()));
    state.tile_cache().insert(version, z, x, y, t.clone());
    Ok(t)
}

pub(crate) fn with_caching(mut r: Response, etag: &str) -> Response {
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    r
}

/// If-None-Match lists the ETag (weak comparison) or `*`.
pub(crate) fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    let Some(v) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let bare = etag.trim_start_matches("W/");
    v.split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == bare)
}

pub(crate) fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|e| {
                let mut parts = e.split(';');
                let name = parts.next().unwrap_or("").trim();
                let q_zero = parts.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        == Some(0.0)
                });
                name.eq_ignore_ascii_case("gzip") && !q_zero
            })
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: header::HeaderName, v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(v).expect("header"));
        h
    }

    #[test]
    fn etag_matching_is_weak() {
        let etag = "W/\"abc\"";
        assert!(not_modified(&with(header::IF_NONE_MATCH, "\"abc\""), etag));
        assert!(not_modified(
            &with(header::IF_NONE_MATCH, "W/\"x\", W/\"abc\""),
            etag
        ));
        assert!(not_modified(&with(header::IF_NONE_MATCH, "*"), etag));
        assert!(!not_modified(&with(header::IF_NONE_MATCH, "\"abd\""), etag));
        assert!(!not_modified(&HeaderMap::new(), etag));
    }

    #[test]
    fn gzip_negotiation() {
        assert!(accepts_gzip(&with(
            header::ACCEPT_ENCODING,
            "gzip, deflate, br"
        )));
        assert!(!accepts_gzip(&with(
            header::ACCEPT_ENCODING,
            "gzip;q=0, br"
        )));
        assert!(!accepts_gzip(&with(header::ACCEPT_ENCODING, "br")));
    }
}
