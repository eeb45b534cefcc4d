//! `/`: the OGC landing page for API clients, the web map for browsers; the map's static
//! files from the `web` directory; a French 404 problem for anything else.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::error::Problem;
use crate::negotiate::Format;
use crate::ogc::html;
use crate::respond;
use crate::routes::ogc::landing;
use crate::routes::Req;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(root))
}

/// JSON (or `?f=html`): the OGC landing page. A browser without `f`: the web map's
/// index.html, or a short French page when the map is not built.
async fn root(Req(state, headers, mut params): Req) -> Result<Response, Problem> {
    let explicit = params.has("f");
    let format = Format::negotiate(&mut params, &headers)?;
    params.finish(&["f"])?;
    if format == Format::Json || explicit {
        return landing(&state, &headers, format);
    }
    let index = state.config().web.join("index.html");
    match tokio::fs::read(&index).await {
        Ok(bytes) => Ok(respond::html(String::from_utf8_lossy(&bytes).into_owned())),
        Err(_) => Ok(respond::html(html::page(
            "Quartiers",
            &format!(
                "<p>La carte web n'est pas construite sur ce serveur (lancez <code>web/build.sh</code>). L'API répond :</p><ul><li>{}</li><li>{}</li><li>{}</li><li>{}</li></ul>",
                html::link("/?f=html", "page d'accueil de l'API OGC"),
                html::link("/collections?f=html", "collections (OGC API – Features)"),
                html::link("/api?f=html", "description OpenAPI"),
                html::link("/impacts?lon=6.2365&lat=46.1934", "requête d'impacts (exemple)"),
            ),
        ))),
    }
}

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
