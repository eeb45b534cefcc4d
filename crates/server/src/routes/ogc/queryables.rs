//! `/collections/{collection}/queryables` and `…/sortables`: the JSON Schemas of the
//! properties a filter (Part 3) and `sortby` accept.

use axum::extract::Path;
use axum::response::Response;
use serde_json::{json, Value};

use super::{find, json_only};
use crate::error::Problem;
use crate::html;
use crate::negotiate::Format;
use crate::ogc::filter::GEOMETRY;
use crate::ogc::links::{base_url, SCHEMA};
use crate::respond;
use crate::routes::Req;

pub(super) async fn queryables(
    Path(id): Path<String>,
    Req(state, headers, params): Req,
) -> Result<Response, Problem> {
    let snapshot = state.snapshot();
    let c = find(&snapshot, &id)?;
    let format = Format::only(params, &headers)?;
    let base = base_url(state.config(), &headers);
    let mut properties = serde_json::Map::new();
    for q in &c.queryables {
        properties.insert(q.name.clone(), q.schema.clone());
    }
    if c.spatial {
        // Part 3: the spatial queryable, for S_INTERSECTS(geometry, …) and the like.
        properties.insert(
            GEOMETRY.into(),
            json!({"title": "Géométrie de l'objet", "format": "geometry-any", "x-ogc-role": "primary-geometry"}),
        );
    }
    format.answer(
        || {
            respond::json(
                &json!({
                    "$schema": "https://json-schema.org/draft/2019-09/schema",
                    "$id": format!("{base}/collections/{}/queryables", c.id),
                    "type": "object",
                    "title": c.title,
                    "properties": properties,
                    "additionalProperties": false,
                }),
                SCHEMA,
            )
        },
        || html::ogc::queryables(c),
    )
}

/// The properties `sortby` accepts: the scalar queryables.
pub(super) async fn sortables(
    Path(id): Path<String>,
    Req(state, headers, mut params): Req,
) -> Result<Response, Problem> {
    json_only(&mut params)?;
    let snapshot = state.snapshot();
    let c = find(&snapshot, &id)?;
    let base = base_url(state.config(), &headers);
    let properties: serde_json::Map<String, Value> = c
        .queryables
        .iter()
        .filter(|q| q.schema["type"] != "array")
        .map(|q| (q.name.clone(), q.schema.clone()))
        .collect();
    respond::json(
        &json!({
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "$id": format!("{base}/collections/{}/sortables", c.id),
            "type": "object",
            "title": format!("Propriétés triables – {}", c.title),
            "properties": properties,
            "additionalProperties": false,
        }),
        SCHEMA,
    )
}
