//! `POST /export/gpkg?couche=NAME`: GeoJSON features (the filtered layer the web map exports
//! as CSV and GeoJSON) answered as a GeoPackage, written by GDAL (`store::export`), so the
//! three formats hold the same rows.
//!
//! Outside the public body limit: the national QPV layer as GeoJSON is several megabytes.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::Value;

use crate::error::Problem;
use crate::params::Params;
use crate::state::AppState;

/// Largest accepted FeatureCollection, in bytes.
const EXPORT_BODY_LIMIT: usize = 64 * 1024 * 1024;
/// Media type of a GeoPackage (OGC 12-128r19).
pub const GPKG: &str = "application/geopackage+sqlite3";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/export/gpkg", post(gpkg))
        .layer(DefaultBodyLimit::max(EXPORT_BODY_LIMIT))
}

async fn gpkg(
    State(_state): State<AppState>,
    mut params: Params,
    body: Bytes,
) -> Result<Response, Problem> {
    let layer = params
        .take("couche")
        .unwrap_or_else(|| "export".to_string());
    params.finish(&["couche"])?;
    if layer.is_empty()
        || layer.len() > 64
        || !layer
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    {
        return Err(Problem::bad_request(format!(
            "couche « {layer} » : un nom de 1 à 64 lettres, chiffres, « _ » ou « - » est attendu"
        )));
    }
    let mut doc: Value = serde_json::from_slice(&body).map_err(|e| {
        Problem::bad_request(format!(
            "corps illisible : une FeatureCollection GeoJSON est attendue ({e})"
        ))
    })?;
    // The features are moved out of the parsed body, not copied: a layer can be megabytes.
    let is_collection = doc.get("type").and_then(Value::as_str) == Some("FeatureCollection");
    let features = match (is_collection, doc.get_mut("features").map(Value::take)) {
        (true, Some(Value::Array(f))) => f,
        _ => {
            return Err(Problem::bad_request(
                "corps : une FeatureCollection GeoJSON (type et features) est attendue",
            ))
        }
    };
    if let Some(i) = features
        .iter()
        .position(|f| f.get("type").and_then(Value::as_str) != Some("Feature"))
    {
        return Err(Problem::bad_request(format!(
            "entité {} : un objet GeoJSON de type Feature est attendu",
            i + 1
        )));
    }
    let name = layer.clone();
    let bytes =
        tokio::task::spawn_blocking(move || store::export::features_to_gpkg(&name, &features))
            .await
            .map_err(Problem::internal)?
            .map_err(|e| match e {
                store::StoreError::Source { message, .. } => {
                    Problem::new(StatusCode::UNPROCESSABLE_ENTITY, message)
                }
                other => Problem::internal(other),
            })?;
    let mut r = (StatusCode::OK, bytes).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(GPKG));
    if let Ok(v) =
        HeaderValue::from_str(&format!("attachment; filename=\"quartiers-{layer}.gpkg\""))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}
