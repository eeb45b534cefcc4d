//! Liveness and readiness probes. Readiness includes the store, when one is served: a
//! replica whose database is unreachable keeps answering every other route with its last
//! version, but tells the load balancer and the operator through `/ready`.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::error::Problem;
use crate::params::Params;
use crate::state::AppState;

/// How long `/ready` waits for the store to answer.
const STORE_CHECK: Duration = Duration::from_secs(3);

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

/// Data are published, the store (if any) answers and the server is not shutting down.
async fn ready(State(state): State<AppState>, params: Params) -> Result<Response, Problem> {
    params.finish(&[])?;
    if !state.is_ready() {
        return Err(Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "arrêt en cours : le serveur n'accepte plus de nouvelles requêtes",
        ));
    }
    let store_version = store_version(&state).await?;
    let snapshot = state.snapshot();
    Ok(Json(json!({
        "version_magasin": store_version,
        "statut": "prêt",
        "version_donnees": snapshot.version,
        "territoires": snapshot.catalog.territories.iter().map(|t| t.slug()).collect::<Vec<_>>(),
        "qpv_nationaux": snapshot.catalog.national.qpv.len(),
    }))
    .into_response())
}

/// The store's latest version, or 503 when the store cannot be read (database down).
async fn store_version(state: &AppState) -> Result<Option<u64>, Problem> {
    let Some(handle) = state.store() else {
        return Ok(None);
    };
    let store = handle.store.clone();
    let check = tokio::task::spawn_blocking(move || store.data_version());
    let unavailable = |why: String| {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("magasin injoignable ({why}) : la dernière version chargée reste servie"),
        )
    };
    match tokio::time::timeout(STORE_CHECK, check).await {
        Ok(Ok(Ok(version))) => Ok(Some(version)),
        Ok(Ok(Err(e))) => Err(unavailable(e.to_string())),
        Ok(Err(e)) => Err(unavailable(e.to_string())),
        Err(_) => Err(unavailable(format!(
            "pas de réponse en {} s",
            STORE_CHECK.as_secs()
        ))),
    }
}
