//! What most handlers read of a request, in one extractor: the state, the headers (content
//! negotiation, the base URL behind a proxy) and the strict query parameters.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::error::Problem;
use crate::params::Params;
use crate::state::AppState;

/// `Req(state, headers, params)`: the handler's destructuring names them.
pub struct Req(pub AppState, pub HeaderMap, pub Params);

impl FromRequestParts<AppState> for Req {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let params = Params::from_request_parts(parts, state).await?;
        Ok(Req(state.clone(), parts.headers.clone(), params))
    }
}
