//! What the routes serving tiles, glyphs and feeds share for HTTP caching: ETag revalidation
//! (`If-None-Match`), the caching headers, gzip negotiation, and a tile taken from the tile
//! cache or cut now off the async workers. Kept out of `routes` so that no route imports
//! another.

use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;

use crate::error::Problem;
use crate::state::{AppState, Snapshot};
use crate::tile_cache::CachedTile;

/// Tiles may be reused for 5 minutes, then revalidated with their ETag.
pub(crate) const CACHE_CONTROL: &str = "public, max-age=300";

pub(crate) fn parse<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, Problem> {
    v.parse().map_err(|_| {
        Problem::bad_request(format!(
            "tuile : {name} doit être un entier positif, reçu « {v} »"
        ))
    })
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

/// Whether the client takes gzip (the one negotiation rule, in [`crate::compression`]).
pub(crate) fn accepts_gzip(headers: &HeaderMap) -> bool {
    crate::compression::quality(headers, crate::compression::Coding::Gzip) > 0
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
