//! The OpenAPI 3.0 document of the whole service (conformance class `oas30`): one path per
//! collection, with its own queryables, so generic clients and fuzzers see every parameter.

use serde_json::{json, Map, Value};

use crate::crs::Crs;
use crate::ogc::collection::Collection;
use crate::ogc::query::COMMUNE_ALIAS;

mod changes;
mod geocode;
mod impacts;

fn problem_responses() -> Value {
    json!({
        "400": {"$ref": "#/components/responses/Probleme"},
        "404": {"$ref": "#/components/responses/Probleme"},
    })
}

fn f_param() -> Value {
    json!({"$ref": "#/components/parameters/f"})
}

fn simple_get(summary: &str, media: &str, extra_params: Vec<Value>) -> Value {
    let mut params = vec![f_param()];
    params.extend(extra_params);
    let mut responses = problem_responses();
    responses["200"] = json!({"description": "Réponse", "content": {media: {}, "text/html": {}}});
    json!({"get": {"summary": summary, "parameters": params, "responses": responses}})
}

/// A GET answering JSON only (`f=json` or nothing).
fn json_get(summary: &str, media: &str, extra_params: Vec<Value>) -> Value {
    let mut params = vec![
        json!({"name": "f", "in": "query", "required": false, "schema": {"type": "string", "enum": ["json"]}}),
    ];
    params.extend(extra_params);
    let mut responses = problem_responses();
    responses["200"] = json!({"description": "Réponse", "content": {media: {}}});
    json!({"get": {"summary": summary, "parameters": params, "responses": responses}})
}

fn items_path(c: &Collection, max_limit: usize) -> Value {
    let mut params = vec![
        f_param(),
        json!({"name": "limit", "in": "query", "required": false, "style": "form", "explode": false,
               "schema": {"type": "integer", "minimum": 1, "maximum": max_limit, "default": 10}}),
        json!({"name": "offset", "in": "query", "required": false,
               "schema": {"type": "integer", "minimum": 0, "default": 0}}),
        json!({"$ref": "#/components/parameters/bbox"}),
        json!({"$ref": "#/components/parameters/bbox-crs"}),
        json!({"$ref": "#/components/parameters/crs"}),
    ];
    if c.temporal {
        params.push(json!({"$ref": "#/components/parameters/datetime"}));
    }
    params.extend([
        json!({"$ref": "#/components/parameters/filter"}),
        json!({"$ref": "#/components/parameters/filter-lang"}),
        json!({"$ref": "#/components/parameters/filter-crs"}),
        json!({"$ref": "#/components/parameters/properties"}),
    ]);
    let sortable: Vec<String> = c
        .queryables
        .iter()
        .filter(|q| q.schema["type"] != "array")
        .flat_map(|q| [q.name.clone(), format!("-{}", q.name)])
        .collect();
    params.push(json!({"name": "sortby", "in": "query", "required": false, "style": "form", "explode": false,
                       "schema": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"type": "string", "enum": sortable}},
                       "description": "Tri : propriétés séparées par des virgules, préfixe - pour l'ordre décroissant (+ ou rien : croissant) ; valeurs nulles en dernier"}));
    for q in &c.queryables {
        let schema = match q.schema.get("type").and_then(Value::as_str) {
            Some("array") => q.schema["items"].clone(),
            _ => q.schema.clone(),
        };
        params.push(json!({"name": q.name, "in": "query", "required": false, "schema": schema,
                           "description": format!("Filtre : objets dont « {} » vaut (ou contient) la valeur", q.name)}));
    }
    if c.queryables.iter().any(|q| q.name == "insee_com") {
        params.push(json!({"name": COMMUNE_ALIAS, "in": "query", "required": false,
                           "schema": {"type": "string"},
                           "description": "Code INSEE d'une commune : objets dont insee_com le contient"}));
    }
    let mut responses = problem_responses();
    responses["200"] = json!({
        "description": "Les objets, par pages",
        "headers": {"Content-Crs": {"schema": {"type": "string"}}},
        "content": {"application/geo+json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}},
                    "text/html": {}}
    });
    json!({"get": {
        "summary": format!("Objets de la collection « {} »", c.title),
        "operationId": format!("items_{}", c.id),
        "parameters": params,
        "responses": responses,
    }})
}

fn collection_tile_path(c: &Collection) -> Value {
    json!({"get": {
        "summary": format!("Tuile vectorielle de la seule couche « {} »", c.id),
        "operationId": format!("tile_{}", c.id),
        "parameters": [
            {"name": "tileMatrix", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0, "maximum": tiles::MAX_ZOOM}},
            {"name": "tileRow", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0}},
            {"name": "tileCol", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0}},
        ],
        "responses": {
            "200": {"description": "La tuile", "content": {"application/vnd.mapbox-vector-tile": {}}},
            "204": {"description": "Tuile vide"},
            "304": {"description": "Inchangée (If-None-Match)"},
            "400": {"$ref": "#/components/responses/Probleme"},
            "404": {"$ref": "#/components/responses/Probleme"},
        }
    }})
}

fn item_path(c: &Collection) -> Value {
    let mut responses = problem_responses();
    responses["200"] = json!({
        "description": "L'objet",
        "content": {"application/geo+json": {"schema": {"type": "object"}}, "text/html": {}}
    });
    json!({"get": {
        "summary": format!("Un objet de la collection « {} »", c.title),
        "operationId": format!("item_{}", c.id),
        "parameters": [
            f_param(),
            {"$ref": "#/components/parameters/crs"},
            {"$ref": "#/components/parameters/properties"},
            {"name": "featureId", "in": "path", "required": true, "schema": {"type": "string"}},
        ],
        "responses": responses,
    }})
}

/// The document, for collections `collections` and items pages of at most `max_limit`.
pub fn document(collections: &[Collection], max_limit: usize) -> Value {
    let mut paths = Map::new();
    paths.insert(
        "/".into(),
        simple_get(
            "Page d'accueil (liens vers l'API)",
            "application/json",
            vec![],
        ),
    );
    paths.insert(
        "/conformance".into(),
        simple_get("Classes de conformité", "application/json", vec![]),
    );
    paths.insert(
        "/api".into(),
        simple_get(
            "Ce document",
            "application/vnd.oai.openapi+json;version=3.0",
            vec![],
        ),
    );
    paths.insert(
        "/collections".into(),
        simple_get("Collections", "application/json", vec![]),
    );
    for c in collections {
        let base = format!("/collections/{}", c.id);
        paths.insert(
            base.clone(),
            simple_get(c.title, "application/json", vec![]),
        );
        paths.insert(format!("{base}/items"), items_path(c, max_limit));
        paths.insert(format!("{base}/items/{{featureId}}"), item_path(c));
        if c.spatial && c.extent.is_some() {
            paths.insert(
                format!("{base}/tiles"),
                json_get(
                    "Jeux de tuiles de la collection (OGC API – Tiles)",
                    "application/json",
                    vec![],
                ),
            );
            paths.insert(
                format!("{base}/tiles/WebMercatorQuad"),
                json_get(
                    "Jeu de tuiles WebMercatorQuad de la collection",
                    "application/json",
                    vec![],
                ),
            );
            paths.insert(
                format!("{base}/tiles/WebMercatorQuad/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"),
                collection_tile_path(c),
            );
        }
        paths.insert(
            format!("{base}/queryables"),
            simple_get("Propriétés filtrables", "application/schema+json", vec![]),
        );
        paths.insert(
            format!("{base}/sortables"),
            json_get(
                "Propriétés triables (sortby)",
                "application/schema+json",
                vec![],
            ),
        );
    }
    paths.insert("/impacts".into(), impacts::path());
    paths.insert("/tiles/{z}/{x}/{y}.mvt".into(), json!({"get": {
        "summary": "Tuile vectorielle (Mapbox Vector Tile 2.1), une couche par collection",
        "parameters": [
            {"name": "z", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0, "maximum": 18}},
            {"name": "x", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0}},
            {"name": "y", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0}},
        ],
        "responses": {
            "200": {"description": "La tuile", "content": {"application/vnd.mapbox-vector-tile": {}}},
            "204": {"description": "Tuile vide"},
            "304": {"description": "Inchangée (If-None-Match)"},
            "400": {"$ref": "#/components/responses/Probleme"},
        }
    }}));
    paths.insert(
        "/tileMatrixSets".into(),
        json_get(
            "Grilles de tuilage (OGC API – Tiles)",
            "application/json",
            vec![],
        ),
    );
    paths.insert(
        "/tileMatrixSets/{tileMatrixSetId}".into(),
        json_get(
            "Définition d'une grille de tuilage (OGC TMS 2.0)",
            "application/json",
            vec![json!({"name": "tileMatrixSetId", "in": "path", "required": true, "schema": {"type": "string", "enum": ["WebMercatorQuad"]}})],
        ),
    );
    paths.insert(
        "/tiles".into(),
        json_get(
            "Jeux de tuiles de toutes les couches (OGC API – Tiles)",
            "application/json",
            vec![],
        ),
    );
    paths.insert(
        "/tiles/WebMercatorQuad".into(),
        json_get(
            "Jeu de tuiles WebMercatorQuad : gabarit des tuiles /tiles/{z}/{x}/{y}.mvt",
            "application/json",
            vec![],
        ),
    );
    paths.insert("/tiles.json".into(), json!({"get": {"summary": "TileJSON 3.0.0 des tuiles", "responses": {"200": {"description": "TileJSON", "content": {"application/json": {}}}}}}));
    paths.insert("/style.json".into(), json!({"get": {"summary": "Style MapLibre", "responses": {"200": {"description": "Style", "content": {"application/json": {}}}}}}));
    paths.insert("/fonts".into(), json!({"get": {"summary": "Polices des libellés (nom à donner dans text-font)", "responses": {"200": {"description": "Polices", "content": {"application/json": {}}}}}}));
    paths.insert("/fonts/{fontstack}/{range}".into(), json!({"get": {
        "summary": "Glyphes MapLibre (SDF, protobuf) d'une plage de 256 points de code, pour une ou plusieurs polices séparées par des virgules",
        "parameters": [
            {"name": "fontstack", "in": "path", "required": true, "schema": {"type": "string"}, "example": "DejaVu Sans Book"},
            {"name": "range", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[0-9]+-[0-9]+\\.pbf$"}, "example": "0-255.pbf"},
        ],
        "responses": {
            "200": {"description": "Les glyphes", "content": {"application/x-protobuf": {}}},
            "304": {"description": "Inchangés (If-None-Match)"},
            "400": {"$ref": "#/components/responses/Probleme"},
            "404": {"$ref": "#/components/responses/Probleme"},
        }
    }}));
    paths.insert("/export/gpkg".into(), json!({"post": {
        "summary": "Des entités GeoJSON (une couche filtrée) converties en GeoPackage par GDAL",
        "parameters": [{"name": "couche", "in": "query", "required": false, "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}],
        "requestBody": {"required": true, "content": {"application/geo+json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}}}},
        "responses": {
            "200": {"description": "Le GeoPackage (une couche, EPSG:4326)", "content": {"application/geopackage+sqlite3": {}}},
            "400": {"$ref": "#/components/responses/Probleme"},
            "413": {"$ref": "#/components/responses/Probleme"},
            "422": {"$ref": "#/components/responses/Probleme"},
        }
    }}));
    paths.insert("/health".into(), json!({"get": {"summary": "Le processus répond", "responses": {"200": {"description": "ok", "content": {"application/json": {}}}}}}));
    paths.insert(
        "/ready".into(),
        json!({"get": {"summary": "Données publiées, pas d'arrêt en cours", "responses": {
        "200": {"description": "prêt", "content": {"application/json": {}}},
        "503": {"$ref": "#/components/responses/Probleme"}}}}),
    );
    let other_paths = changes::paths(collections)
        .into_iter()
        .chain(geocode::paths());
    for (path, item) in other_paths {
        paths.insert(path, item);
    }

    let crs: Vec<&str> = Crs::ALL.map(Crs::uri).to_vec();
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Quartiers – géographie de la politique de la ville",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "OGC API – Features (parties 1, 2 et 3 : filtres CQL2, tri, sélection de propriétés), OGC API – Tiles, tuiles vectorielles, style MapLibre et requête d'impacts.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "parameters": {
                "f": {"name": "f", "in": "query", "required": false, "schema": {"type": "string", "enum": ["json", "html"]}},
                "bbox": {"name": "bbox", "in": "query", "required": false, "style": "form", "explode": false,
                         "schema": {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
                         "description": "minx,miny,maxx,maxy dans bbox-crs (CRS84 par défaut : longitude puis latitude) ; en coordonnées géographiques, minx > maxx traverse l'antiméridien"},
                "bbox-crs": {"name": "bbox-crs", "in": "query", "required": false, "schema": {"type": "string", "format": "uri", "enum": crs}},
                "crs": {"name": "crs", "in": "query", "required": false, "schema": {"type": "string", "format": "uri", "enum": crs}},
                "filter": {"name": "filter", "in": "query", "required": false, "schema": {"type": "string"},
                           "description": "Filtre CQL2 (OGC API – Features partie 3) : comparaisons, AND/OR/NOT, IS NULL, LIKE, BETWEEN, IN, CASEI, ACCENTI, S_INTERSECTS et les autres S_*, A_CONTAINS et les autres A_* ; la géométrie s'appelle « geometry ». Ex. : programme LIKE 'npnru%' AND logements > 100"},
                "filter-lang": {"name": "filter-lang", "in": "query", "required": false,
                                "schema": {"type": "string", "enum": ["cql2-text", "cql2-json"], "default": "cql2-text"}},
                "filter-crs": {"name": "filter-crs", "in": "query", "required": false,
                               "schema": {"type": "string", "format": "uri", "enum": crs, "default": Crs::Crs84.uri()},
                               "description": "Système de coordonnées des géométries du filtre"},
                "properties": {"name": "properties", "in": "query", "required": false, "style": "form", "explode": false,
                               "schema": {"type": "array", "items": {"type": "string"}},
                               "description": "Seulement ces propriétés dans la réponse (liste séparée par des virgules)"},
                "datetime": {"name": "datetime", "in": "query", "required": false, "style": "form", "explode": false, "schema": {"type": "string"},
                             "description": "Date ou intervalle RFC 3339 (2021-06-30, 2019-01-01/.., ../2022-12-31)"},
            },
            "schemas": {
                "FeatureCollection": {"type": "object", "required": ["type", "features"], "properties": {
                    "type": {"type": "string", "enum": ["FeatureCollection"]},
                    "features": {"type": "array", "items": {"type": "object"}},
                    "numberMatched": {"type": "integer", "minimum": 0},
                    "numberReturned": {"type": "integer", "minimum": 0},
                    "links": {"type": "array", "items": {"type": "object"}},
                }},
                "Polygone": {"type": "object", "required": ["type"], "properties": {
                    "type": {"type": "string", "enum": ["Polygon", "MultiPolygon", "Feature", "FeatureCollection"]},
                }},
                "Probleme": {"type": "object", "properties": {
                    "type": {"type": "string"}, "title": {"type": "string"},
                    "status": {"type": "integer"}, "detail": {"type": "string"},
                }},
            },
            "responses": {
                "Probleme": {"description": "Erreur (RFC 9457)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Probleme"}}}},
            },
        },
    })
}
