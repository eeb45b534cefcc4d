//! Liveness and readiness probes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::error::Problem;
use crate::params::Params;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
}

/// The process answers.
async fn health(params: Params) -> Result<Response, Problem> {
    params.finish(&[])?;
    Ok(Json(json!({"statut": "ok"})).into_response())
}

/// Data are published and the server is not shutting down.
async fn ready(State(state): State<AppState>, params: Params) -> Result<Response, Problem> {
    params.finish(&[])?;
    if !state.is_ready() {
        return Err(Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "arrêt en cours : le serveur n'accepte plus de nouvelles requêtes",
        ));
    }
    let snapshot = state.snapshot();
    Ok(Json(json!({
        "statut": "prêt",
        "version_donnees": snapshot.version,
        "territoires": snapshot.catalog.territories.iter().map(|t| t.slug()).collect::<Vec<_>>(),
        "qpv_nationaux": snapshot.catalog.national.qpv.len(),
    }))
    .into_response())
}
