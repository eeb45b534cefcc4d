//! `/fonts`: the glyphs the style's labels are drawn with, from the fonts installed on the
//! server (`glyphs` crate; `[fonts] dir`, Debian's fonts-dejavu-core by default).
//!
//! - `GET /fonts`: the faces, by the names a style uses in `text-font`.
//! - `GET /fonts/{fontstack}/{start}-{end}.pbf`: one range of 256 code points, rendered once
//!   then served from memory, with a strong ETag (304 on `If-None-Match`) and a day of cache.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use glyphs::GlyphError;
use serde_json::json;

use crate::caching::not_modified;
use crate::error::Problem;
use crate::ogc::links::JSON;
use crate::params::Params;
use crate::respond;
use crate::routes::Req;
use crate::state::AppState;

/// Media type MapLibre and Martin use for glyph ranges.
const PBF: &str = "application/x-protobuf";
/// Glyphs change only with the installed fonts: a day, then revalidation by ETag.
const CACHE_CONTROL: &str = "public, max-age=86400";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/fonts", get(list))
        .route("/fonts/{fontstack}/{range}", get(range))
}

async fn list(State(state): State<AppState>, params: Params) -> Result<Response, Problem> {
    params.finish(&[])?;
    let fonts: Vec<_> = state
        .fonts()
        .fonts()
        .map(|f| json!({ "nom": f.name, "famille": f.family, "style": f.style, "glyphes": f.glyphs }))
        .collect();
    respond::json(
        &json!({
            "polices": fonts,
            "glyphes": "/fonts/{fontstack}/{range}.pbf",
        }),
        JSON,
    )
}

async fn range(
    Path((fontstack, range)): Path<(String, String)>,
    Req(state, headers, params): Req,
) -> Result<Response, Problem> {
    params.finish(&[])?;
    let (start, end) = parse_range(&range)?;
    let fonts = state.fonts().clone();
    // Rendering a range takes tens of milliseconds of CPU the first time: off the workers.
    let rendered = tokio::task::spawn_blocking(move || fonts.range(&fontstack, start, end))
        .await?
        .map_err(|e| match e {
            GlyphError::BadRange { .. } | GlyphError::TooManyFonts { .. } => {
                Problem::bad_request(e.to_string())
            }
            GlyphError::UnknownFont(_) => Problem::not_found(e.to_string()),
            other => Problem::internal(other),
        })?;
    let mut r = if not_modified(&headers, &rendered.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = (StatusCode::OK, rendered.pbf.clone()).into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PBF));
        r
    };
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&rendered.etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    Ok(r)
}

/// `0-255.pbf` → (0, 255).
fn parse_range(text: &str) -> Result<(u32, u32), Problem> {
    let bad = || {
        Problem::not_found(format!(
            "glyphes : l'adresse est /fonts/{{police}}/{{début}}-{{fin}}.pbf (par exemple 0-255.pbf), reçu « {text} »"
        ))
    };
    let (start, end) = text
        .strip_suffix(".pbf")
        .and_then(|r| r.split_once('-'))
        .ok_or_else(bad)?;
    Ok((
        start.parse().map_err(|_| bad())?,
        end.parse().map_err(|_| bad())?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_from_the_file_name() {
        assert_eq!(parse_range("0-255.pbf").unwrap(), (0, 255));
        assert_eq!(parse_range("65280-65535.pbf").unwrap(), (65280, 65535));
        for bad in ["0-255", "a-b.pbf", "0_255.pbf", "-1-255.pbf"] {
            assert_eq!(
                parse_range(bad).unwrap_err().status,
                StatusCode::NOT_FOUND,
                "{bad}"
            );
        }
    }
}
