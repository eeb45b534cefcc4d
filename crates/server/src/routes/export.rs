//! `POST /export/gpkg?couche=NAME`: GeoJSON features (the filtered layer the web map exports
//! as CSV and GeoJSON) answered as a GeoPackage, written by GDAL (`store::export`), so the
//! three formats hold the same rows.
//!
//! Outside the public body limit: the national QPV layer as GeoJSON is several megabytes.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::Value;

use geodata::cost::GeoJsonSize;

use crate::budgets::ExportBudget;
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
    State(state): State<AppState>,
    mut params: Params,
    body: Bytes,
) -> Result<Response, Problem> {
    let layer = params
        .take("couche")
        .unwrap_or_else(|| "export".to_string());
    params.finish(&["couche"])?;
    if let Some(why) = store::export::layer_name_problem(&layer) {
        return Err(Problem::bad_request(format!("couche « {layer} » : {why}")));
    }
    let budget = state.config().budgets.export.clone();
    let deadline = Duration::from_secs(state.config().budgets.upload_timeout_s.max(1));
    let name = layer.clone();
    // Read and written on the pool of costly requests: parsing megabytes of GeoJSON takes
    // the async workers' time too.
    let bytes = state
        .heavy()
        .run(deadline, move |stop| {
            let features = features(&body, &budget)?;
            store::export::features_to_gpkg_until(&name, &features, &|| stop.requested()).map_err(
                |e| match e {
                    store::StoreError::Source { message, .. } => {
                        Problem::new(StatusCode::UNPROCESSABLE_ENTITY, message)
                    }
                    other => Problem::internal(other),
                },
            )
        })
        .await??;
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

/// The features of a FeatureCollection body, counted before anything is built (a refused
/// body costs no memory): 413 past `budget`, 400 when it is not a FeatureCollection.
fn features(body: &[u8], budget: &ExportBudget) -> Result<Vec<Value>, Problem> {
    let unreadable = |e: serde_json::Error| {
        Problem::bad_request(format!(
            "corps illisible : une FeatureCollection GeoJSON est attendue ({e})"
        ))
    };
    let size = geodata::cost::measure_geojson(body).map_err(unreadable)?;
    within_budget(&size, budget)?;
    let mut doc: Value = serde_json::from_slice(body).map_err(unreadable)?;
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
    Ok(features)
}

/// 413 when the export exceeds one of `[budgets.export]`'s bounds, naming it.
fn within_budget(size: &GeoJsonSize, budget: &ExportBudget) -> Result<(), Problem> {
    let checks = [
        (
            size.features,
            budget.max_features,
            "max_features",
            "entités",
            "exportez moins d'entités (filtrez la couche)",
        ),
        (
            size.positions,
            budget.max_vertices,
            "max_vertices",
            "sommets en tout",
            "exportez moins d'entités ou simplifiez les géométries",
        ),
        (
            size.max_positions_per_geometry,
            budget.max_vertices_per_feature,
            "max_vertices_per_feature",
            "sommets dans une géométrie",
            "simplifiez cette géométrie",
        ),
        (
            size.max_properties,
            budget.max_properties,
            "max_properties",
            "propriétés dans une entité",
            "retirez des propriétés",
        ),
    ];
    for (value, max, key, what, hint) in checks {
        if value > max {
            return Err(Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("export trop coûteux : {value} {what}, {max} au plus ; {hint}"),
            )
            .with_member("borne", format!("budgets.export.{key}"))
            .with_member("maximum", max));
        }
    }
    Ok(())
}
