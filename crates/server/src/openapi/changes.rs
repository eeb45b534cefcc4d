//! The OpenAPI paths of the history and the feeds, added to the service's document.

use serde_json::{json, Value};

use crate::ogc::collection::Collection;

fn problems() -> Value {
    json!({"$ref": "#/components/responses/Probleme"})
}

fn feed(summary: &str, params: Value) -> Value {
    json!({"get": {
        "summary": summary,
        "parameters": params,
        "responses": {
            "200": {
                "description": "Flux Atom 1.0 (RFC 4287) : un élément par changement publié, les plus récents d'abord",
                "headers": {
                    "ETag": {"schema": {"type": "string"}},
                    "Last-Modified": {"schema": {"type": "string"}},
                },
                "content": {"application/atom+xml": {}},
            },
            "304": {"description": "Inchangé (If-None-Match ou If-Modified-Since)"},
            "400": problems(),
            "404": problems(),
        }
    }})
}

/// `(path, path item)` for the history of each versioned collection, `/changements` and
/// the feeds.
pub fn paths(collections: &[Collection]) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for c in collections {
        out.push((
            format!("/collections/{}/items/{{featureId}}/historique", c.id),
            json!({"get": {
                "summary": format!("Historique d'un objet de « {} » : chaque version publiée qui l'a ajouté, modifié (champs avant → après) ou retiré", c.title),
                "operationId": format!("historique_{}", c.id),
                "parameters": [
                    {"$ref": "#/components/parameters/f"},
                    {"name": "featureId", "in": "path", "required": true, "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "Les versions, les plus récentes d'abord",
                            "content": {"application/json": {"schema": {"type": "object"}}, "text/html": {}}},
                    "400": problems(),
                    "404": problems(),
                }
            }}),
        ));
    }
    let point = json!([
        {"name": "lon", "in": "query", "required": true, "schema": {"type": "number", "minimum": -180, "maximum": 180}},
        {"name": "lat", "in": "query", "required": true, "schema": {"type": "number", "minimum": -90, "maximum": 90}},
    ]);
    out.push((
        "/changements".into(),
        json!({"get": {
            "summary": "Les changements publiés depuis une date, pour un territoire, un quartier, une commune ou un lieu (mêmes règles que /impacts) ; les filtres se cumulent",
            "parameters": [
                {"name": "depuis", "in": "query", "required": false, "schema": {"type": "string"},
                 "description": "AAAA-MM-JJ (minuit UTC) ou instant RFC 3339"},
                {"name": "territoire", "in": "query", "required": false, "schema": {"type": "string"}},
                {"name": "quartier", "in": "query", "required": false, "schema": {"type": "string"},
                 "description": "Code du QPV ou du quartier de veille (local, ancien ou national)"},
                {"name": "commune", "in": "query", "required": false, "schema": {"type": "string"},
                 "description": "Code INSEE d'une commune d'un territoire chargé"},
                {"name": "lon", "in": "query", "required": false, "schema": {"type": "number", "minimum": -180, "maximum": 180}},
                {"name": "lat", "in": "query", "required": false, "schema": {"type": "number", "minimum": -90, "maximum": 90}},
                {"name": "limite", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
            ],
            "responses": {
                "200": {"description": "Les changements, les plus récents d'abord", "content": {"application/json": {"schema": {"type": "object"}}}},
                "400": problems(),
                "404": problems(),
            }
        }}),
    ));
    out.push((
        "/flux".into(),
        feed("Flux Atom des changements qui concernent un lieu", point),
    ));
    for (path, name, summary) in [
        ("/flux/quartiers/{code}", "code", "Flux Atom des changements qui concernent un quartier (QPV ou veille active ; code local, ancien ou national)"),
        ("/flux/communes/{insee}", "insee", "Flux Atom des changements qui concernent une commune (code INSEE)"),
        ("/flux/territoires/{slug}", "slug", "Flux Atom des changements d'un territoire"),
    ] {
        out.push((
            path.into(),
            feed(summary, json!([{"name": name, "in": "path", "required": true, "schema": {"type": "string"}}])),
        ));
    }
    out
}
