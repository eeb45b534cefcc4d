//! `/api`: the OpenAPI 3.0 document, or a French HTML summary of it.

use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::Value;

use crate::error::Problem;
use crate::negotiate::Format;
use crate::ogc::html;
use crate::ogc::links::OPENAPI;
use crate::openapi;
use crate::respond;
use crate::routes::Req;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/api", get(api))
}

async fn api(Req(state, headers, mut params): Req) -> Result<Response, Problem> {
    let format = Format::negotiate(&mut params, &headers)?;
    params.finish(&["f"])?;
    let doc = openapi::document(
        &state.snapshot().collections,
        state.config().limits.max_items,
    );
    match format {
        Format::Json => respond::json(&doc, OPENAPI),
        Format::Html => {
            let mut rows = Vec::new();
            if let Some(paths) = doc["paths"].as_object() {
                for (path, ops) in paths {
                    for (method, op) in ops.as_object().into_iter().flatten() {
                        rows.push(vec![
                            method.to_uppercase(),
                            html_escape::encode_text(path).into_owned(),
                            html::value(op.get("summary").unwrap_or(&Value::Null)),
                        ]);
                    }
                }
            }
            Ok(respond::html(html::page(
                "Description de l'API",
                &format!(
                    "<p>Document OpenAPI 3.0 : {}</p>{}",
                    html::link("/api?f=json", "/api?f=json"),
                    html::table(&["méthode", "chemin", "résumé"], &rows)
                ),
            )))
        }
    }
}
