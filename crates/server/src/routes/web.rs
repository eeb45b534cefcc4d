//! The web map's static files from the `web` directory; a French 404 problem for anything
//! else (`/` itself is the landing page's, in `routes::ogc`).

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::error::Problem;
use crate::state::AppState;

/// Longest file name, in bytes, on the file systems served from (ext4, XFS, tmpfs).
const MAX_FILE_NAME: usize = 255;

/// Serves `dir`'s files; a missing file is a 404 problem.
pub async fn serve_static(State(state): State<AppState>, request: Request) -> Response {
    let dir = state.config().web.clone();
    let path = request.uri().path().to_string();
    let missing = || {
        // The address as received, bounded: it is the client's own text.
        let shown: String = path.chars().take(120).collect();
        let more = if shown.len() < path.len() { "…" } else { "" };
        Problem::not_found(format!(
            "aucune ressource à « {shown}{more} » ; l'API est décrite à /api"
        ))
        .into_response()
    };
    // A segment longer than a file name can be names no file, and the system would answer
    // `ENAMETOOLONG`, which ServeDir turns into a 500.
    if path
        .split('/')
        .any(|s| percent_encoding::percent_decode_str(s).count() > MAX_FILE_NAME)
    {
        return missing();
    }
    match ServeDir::new(dir).oneshot(request).await {
        Ok(r) if r.status() == StatusCode::NOT_FOUND => missing(),
        Ok(r) => r.into_response(),
        Err(e) => Problem::internal(e).into_response(),
    }
}
