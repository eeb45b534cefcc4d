//! `/`: the landing page of the OGC APIs (JSON, or HTML when asked with `f`), the web map's
//! index for a browser that did not ask for a format.

use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::json;

use crate::error::Problem;
use crate::html;
use crate::negotiate::Format;
use crate::ogc::links::{base_url, url, Link, HTML, JSON, OPENAPI};
use crate::ogc::tiles as ogc_tiles;
use crate::respond;
use crate::routes::Req;
use crate::state::AppState;

/// JSON (or `?f=html`): the OGC landing page. A browser without `f`: the web map's
/// index.html, or a short French page when the map is not built.
pub(super) async fn root(Req(state, headers, mut params): Req) -> Result<Response, Problem> {
    let explicit = params.has("f");
    let format = Format::negotiate(&mut params, &headers)?;
    params.finish(&["f"])?;
    if format == Format::Json || explicit {
        return landing(&state, &headers, format);
    }
    let index = state.config().web.join("index.html");
    match tokio::fs::read(&index).await {
        Ok(bytes) => Ok(respond::html(String::from_utf8_lossy(&bytes).into_owned())),
        Err(_) => Ok(respond::html(html::ogc::no_map())),
    }
}

/// The landing page document (JSON) and its HTML form.
fn landing(state: &AppState, headers: &HeaderMap, format: Format) -> Result<Response, Problem> {
    let base = base_url(state.config(), headers);
    let links = vec![
        Link::new(url(&base, "/", &[]), "self", JSON, "Cette page"),
        Link::new(
            format!("{base}/?f=html"),
            "alternate",
            HTML,
            "Cette page en HTML",
        ),
        Link::new(
            format!("{base}/api"),
            "service-desc",
            OPENAPI,
            "Description OpenAPI 3.0 de l'API",
        ),
        Link::new(
            format!("{base}/api?f=html"),
            "service-doc",
            HTML,
            "Documentation de l'API",
        ),
        Link::new(
            format!("{base}/conformance"),
            "conformance",
            JSON,
            "Classes de conformité",
        ),
        Link::new(format!("{base}/collections"), "data", JSON, "Collections"),
        Link::new(
            format!("{base}/tiles.json"),
            "tiles",
            JSON,
            "Tuiles vectorielles (TileJSON)",
        ),
        Link::new(
            format!("{base}/style.json"),
            "stylesheet",
            JSON,
            "Style MapLibre",
        ),
        Link::new(
            format!("{base}/tiles"),
            ogc_tiles::REL_TILESETS_VECTOR,
            JSON,
            "Tuiles vectorielles (OGC API – Tiles)",
        ),
        Link::new(
            format!("{base}/tileMatrixSets"),
            ogc_tiles::REL_TILING_SCHEMES,
            JSON,
            "Grilles de tuilage",
        ),
    ];
    let title = "Quartiers – géographie de la politique de la ville";
    let description = "Quartiers prioritaires (QPV 2024), périmètres, opérations, équipements, centralités et actions des contrats de ville, en OGC API – Features, tuiles vectorielles et requête d'impacts.";
    format.answer(
        || {
            respond::json(
                &json!({"title": title, "description": description, "links": links}),
                JSON,
            )
        },
        || {
            let feeds = html::changes::territory_feeds(&state.snapshot());
            html::ogc::landing(title, description, &links, &feeds)
        },
    )
}
