//! The production layers: request ids, tracing, compression, CORS, timeouts, body limits,
//! panic catching, and the rewrite of every bare error (404, 405, 408, 413...) into a
//! problem+json body.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::compression::{compress_whole_bodies, BodyCompressor};
use crate::error::{title_fr, Problem, PROBLEM_JSON};
use crate::state::AppState;

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Body limit, timeout and panic catching of the public routes.
pub fn with_public_limits(routes: Router<AppState>, state: &AppState) -> Router<AppState> {
    let limits = &state.config().limits;
    let body_limit = limits.body_limit_bytes;
    let timeout = Duration::from_secs(limits.request_timeout_s.max(1));
    routes.layer(DefaultBodyLimit::max(body_limit)).layer(
        ServiceBuilder::new()
            .layer(RequestBodyLimitLayer::new(body_limit))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                timeout,
            )),
    )
}

/// The deadline of the routes that take uploads, body included (`[budgets]
/// upload_timeout_s`); their body limits are their own.
pub fn with_upload_limits(routes: Router<AppState>, state: &AppState) -> Router<AppState> {
    let timeout = Duration::from_secs(state.config().budgets.upload_timeout_s.max(1));
    routes.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        timeout,
    ))
}

/// The layers every route shares: request ids, tracing, compression, CORS, panic catching,
/// problem bodies for bare errors, and the request heads and stalled bodies refused
/// ([`crate::guard`]).
pub fn with_common_layers(routes: Router<AppState>, state: &AppState) -> Router<AppState> {
    let trace = TraceLayer::new_for_http()
        .make_span_with(|req: &Request<Body>| {
            let id = req
                .headers()
                .get(&REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("requete", id = %id, method = %req.method(), uri = %req.uri())
        })
        .on_response(
            DefaultOnResponse::new()
                .level(Level::INFO)
                .latency_unit(tower_http::LatencyUnit::Micros),
        );
    // Router::layer boxes each stack's response back into axum's, so the problem rewrite
    // sees every error of the inner layers and the router, and the outer layers see problems.
    routes
        .layer(
            ServiceBuilder::new()
                .layer(CatchPanicLayer::custom(panic_problem))
                .layer(cors(&state.config().cors.allow_origins)),
        )
        .layer(axum::middleware::map_response(problem_for_bare_errors))
        .layer(axum::middleware::from_fn_with_state(
            Duration::from_secs(state.config().budgets.body_idle_timeout_s.max(1)),
            crate::guard::guard,
        ))
        // Whole bodies are compressed here in one call; the streaming layer outside takes
        // the streamed ones (it leaves an answer already encoded as it is).
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(BodyCompressor::new(
                state
                    .config()
                    .limits
                    .compressed_cache_mb
                    .saturating_mul(1024 * 1024),
            )),
            compress_whole_bodies,
        ))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID.clone(), MakeRequestUuid))
                .layer(trace)
                .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()))
                .layer(CompressionLayer::new().gzip(true)),
        )
}

fn cors(origins: &[String]) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::HEAD, Method::POST, Method::OPTIONS])
        .allow_headers([header::CONTENT_TYPE, header::IF_NONE_MATCH, header::ACCEPT])
        .expose_headers([
            header::ETAG,
            HeaderName::from_static("content-crs"),
            REQUEST_ID.clone(),
        ]);
    if origins.iter().any(|o| o == "*") {
        return layer.allow_origin(AllowOrigin::any());
    }
    let list: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    layer.allow_origin(AllowOrigin::list(list))
}

/// A configured CORS origin that is not one (no scheme, or not a header value).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidOrigin(pub String);

/// Checks the configured CORS origins, so a typo fails at startup rather than silently.
pub fn check_origins(origins: &[String]) -> Result<(), InvalidOrigin> {
    for o in origins {
        if o != "*" && (HeaderValue::from_str(o).is_err() || !o.contains("://")) {
            return Err(InvalidOrigin(o.clone()));
        }
    }
    Ok(())
}

fn panic_problem(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    Problem::internal("panique dans un gestionnaire de requête").into_response()
}

/// Gives every error response without a problem body one, keeping a short plain-text cause
/// (an extractor's rejection) as its detail.
async fn problem_for_bare_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if is_problem {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 2048)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_default();
    let detail = match status.as_u16() {
        404 => "aucune ressource à cette adresse ; l'API est décrite à /api".to_string(),
        405 => "méthode non autorisée pour cette ressource".to_string(),
        408 => "la requête a dépassé le délai de traitement".to_string(),
        413 => "corps de requête trop volumineux".to_string(),
        _ if !text.is_empty() => text,
        _ => title_fr(status).to_string(),
    };
    let mut problem = Problem::new(status, detail).into_response();
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        problem.headers_mut().insert(header::ALLOW, allow.clone());
    }
    problem
}
