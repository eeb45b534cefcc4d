//! `/api`: the OpenAPI 3.0 document, or a French HTML summary of it.

use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::error::Problem;
use crate::html;
use crate::negotiate::Format;
use crate::ogc::links::OPENAPI;
use crate::openapi;
use crate::respond;
use crate::routes::Req;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/api", get(api))
}

async fn api(Req(state, headers, params): Req) -> Result<Response, Problem> {
    let format = Format::only(params, &headers)?;
    let doc = openapi::document(
        &state.snapshot().collections,
        state.config().limits.max_items,
    );
    format.answer(|| respond::json(&doc, OPENAPI), || html::ogc::api(&doc))
}
