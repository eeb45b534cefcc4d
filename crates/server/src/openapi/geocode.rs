//! The OpenAPI paths of the address search (`/geocode`, `/reverse`) and the list check
//! (`/batch`), in the API Adresse format they answer in.

use serde_json::{json, Value};

fn problem() -> Value {
    json!({"$ref": "#/components/responses/Probleme"})
}

fn query(name: &str, required: bool, schema: Value, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": required, "schema": schema, "description": description})
}

fn lon_lat(required: bool, why: &str) -> [Value; 2] {
    [
        query(
            "lon",
            required,
            json!({"type": "number", "minimum": -180, "maximum": 180}),
            &format!("Longitude WGS84 {why}"),
        ),
        query(
            "lat",
            required,
            json!({"type": "number", "minimum": -90, "maximum": 90}),
            &format!("Latitude WGS84 {why}"),
        ),
    ]
}

/// The API Adresse answer: a GeoJSON FeatureCollection of results.
fn results(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}}},
    })
}

/// `(path, path item)` of the geocoder's routes (their aliases `/search/`, `/reverse/`,
/// `/search/csv/` are the API Adresse's names of the same operations, not listed twice).
pub fn paths() -> Vec<(String, Value)> {
    let [bias_lon, bias_lat] = lon_lat(false, "d'un point près duquel chercher d'abord");
    let [lon, lat] = lon_lat(true, "du point");
    let unavailable = json!({"description": "Recherche d'adresses non activée sur ce serveur",
                             "content": {"application/problem+json": {}}});
    vec![
        (
            "/geocode".into(),
            json!({"get": {
                "summary": "Recherche d'une adresse ou d'un lieu (format de l'API Adresse ; aussi /search/) : adresses chargées, quartiers, opérations, équipements et communes des données",
                "operationId": "geocode",
                "parameters": [
                    query("q", true, json!({"type": "string", "minLength": 1, "maxLength": 200}), "L'adresse ou le lieu cherché"),
                    query("limit", false, json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 5}), "Nombre de résultats au plus"),
                    bias_lon, bias_lat,
                    query("type", false, json!({"type": "string", "enum": ["housenumber", "street", "locality", "municipality", "poi"]}), "Seulement ce type de résultat"),
                    query("postcode", false, json!({"type": "string"}), "Code postal"),
                    query("citycode", false, json!({"type": "string"}), "Code INSEE de la commune"),
                    query("autocomplete", false, json!({"type": "string", "enum": ["0", "1", "true", "false"], "default": "1"}), "Le dernier mot peut être un début de mot"),
                ],
                "responses": {"200": results("Les résultats, les meilleurs d'abord (score, nature, et pour les lieux des données collection et identifiant) ; un résultat contient chaque mot significatif de la recherche (hors numéro, type de voie, « de », « la »…). Une adresse demandée (un numéro et un type de voie, ou un code postal) place les adresses d'abord ; si aucune ne répond, « aucune_adresse » le dit : {\"message\": \"Aucune adresse trouvée\", \"raison\": \"les adresses de ce département (74) ne sont pas chargées\", \"departement\": \"74\"}. « attribution » et « licence » sont celles des adresses chargées (BAN, ETALAB-2.0)"), "400": problem(), "502": problem(), "503": unavailable},
            }}),
        ),
        (
            "/reverse".into(),
            json!({"get": {
                "summary": "Adresse la plus proche d'un point (format de l'API Adresse ; aussi /reverse/)",
                "operationId": "reverse",
                "parameters": [lon, lat, query("limit", false, json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 1}), "Nombre de résultats au plus")],
                "responses": {"200": results("Les adresses les plus proches"), "400": problem(), "502": problem(), "503": unavailable},
            }}),
        ),
        (
            "/batch".into(),
            json!({"post": {
                "summary": "Une liste d'adresses ou de points (CSV UTF-8, Latin-1 ou UTF-16, « ; », tabulation ou « , », 50 000 lignes au plus) géocodée et située dans les QPV (aussi /search/csv/)",
                "operationId": "batch",
                "parameters": [
                    query("columns", false, json!({"type": "string"}), "Colonne(s) de l'adresse, séparées par des virgules"),
                    query("postcode", false, json!({"type": "string"}), "Colonne du code postal"),
                    query("citycode", false, json!({"type": "string"}), "Colonne du code INSEE"),
                    query("lon", false, json!({"type": "string"}), "Colonne des longitudes (une liste de points)"),
                    query("lat", false, json!({"type": "string"}), "Colonne des latitudes (une liste de points)"),
                    query("format", false, json!({"type": "string", "enum": ["csv", "xlsx"], "default": "csv"}), "Format du résultat"),
                ],
                "requestBody": {"required": true, "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "multipart/form-data": {"schema": {"type": "object", "required": ["data"], "properties": {
                        "data": {"type": "string", "format": "binary", "description": "Le fichier CSV"},
                        "columns": {"type": "string"}, "postcode": {"type": "string"}, "citycode": {"type": "string"},
                        "lon": {"type": "string"}, "lat": {"type": "string"}, "format": {"type": "string", "enum": ["csv", "xlsx"]},
                    }}},
                }},
                "responses": {
                    "200": {"description": "Le fichier, chaque ligne complétée de l'adresse trouvée, du score, du statut, de qpv_code, qpv_nom, verdict (dedans, dehors, en_limite), distance_bord_m, dans_contour, insee_com, commune_nom, contrat_ville, contrat_ville_nom, nb_operations, nb_actions et erreur (pourquoi la ligne n'a pas de verdict)",
                            "content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}},
                    "400": problem(), "413": problem(),
                    "422": {"description": "Fichier illisible, ou liste d'adresses alors qu'aucune adresse n'est chargée sur ce serveur (une liste de coordonnées reste possible)",
                            "content": {"application/problem+json": {}}},
                    "503": unavailable,
                },
            }}),
        ),
    ]
}
