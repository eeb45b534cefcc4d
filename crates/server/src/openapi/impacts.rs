//! `/impacts` in the OpenAPI document: its parameters and the shape of the answer, so that
//! clients (and schemathesis) can check what they get.

use geodata::impacts::Group;
use serde_json::{json, Value};

/// The `/impacts` path item.
pub fn path() -> Value {
    let form = json!([
        {"name": "detail", "in": "query", "required": false,
         "description": "resume (par défaut) : ce qui est propre au lieu, en bref, et le compte de ce qui concerne toute la commune ou tout le territoire ; complet : chaque élément, chaque champ",
         "schema": {"type": "string", "enum": ["resume", "complet"]}},
        {"name": "portee", "in": "query", "required": false,
         "description": "Portées listées, séparées par des virgules : ici, commune, territoire",
         "schema": {"type": "string", "pattern": "^(ici|commune|territoire)(,(ici|commune|territoire))*$"}},
        {"name": "groupe", "in": "query", "required": false,
         "description": "Groupes listés, séparés par des virgules",
         "schema": {"type": "string", "pattern": "^(perimetres|operations|equipements|actions|centralites|corridors)(,(perimetres|operations|equipements|actions|centralites|corridors))*$"}},
    ]);
    let mut get_parameters = vec![
        json!({"name": "lon", "in": "query", "required": false, "description": "Longitude WGS84 (avec lat)", "schema": {"type": "number", "minimum": -180, "maximum": 180}}),
        json!({"name": "lat", "in": "query", "required": false, "description": "Latitude WGS84 (avec lon)", "schema": {"type": "number", "minimum": -90, "maximum": 90}}),
        json!({"name": "quartier", "in": "query", "required": false, "description": "Code d'un quartier : périmètre d'un territoire ou QPV de la couche nationale (QN07401M)", "schema": {"type": "string"}}),
        json!({"name": "ilot", "in": "query", "required": false, "description": "Identifiant d'un îlot d'un territoire", "schema": {"type": "string"}}),
        json!({"name": "commune", "in": "query", "required": false, "description": "Code INSEE d'une commune ou d'un arrondissement municipal de France (COG 2026)", "schema": {"type": "string"}}),
        json!({"name": "contrat", "in": "query", "required": false, "description": "Code d'un contrat de ville 2024-2030 (CN07401I)", "schema": {"type": "string"}}),
    ];
    get_parameters.extend(form.as_array().cloned().unwrap_or_default());
    let answer = json!({"application/json": {"schema": answer_schema()}});
    json!({
        "get": {
            "summary": "Ce qui concerne un point (lon, lat), un quartier, un îlot ou une commune",
            "description": "Réponse par portée : ici (dedans, même quartier, à proximité), dans la commune, dans tout le territoire ; dans chaque portée, ce qui est en cours d'abord. Les liens (lien) sont relatifs à l'adresse de /impacts.",
            "parameters": get_parameters,
            "responses": {
                "200": {"description": "Périmètres, opérations, équipements, actions, centralités, corridors, par portée", "content": answer},
                "400": {"$ref": "#/components/responses/Probleme"},
                "404": {"$ref": "#/components/responses/Probleme"},
            }
        },
        "post": {
            "summary": "Ce qui concerne un polygone GeoJSON (WGS84)",
            "description": "Un polygone sans surface (coordonnées vides, anneau de moins de 4 positions, non fermé, de moins de 3 sommets distincts ou aux sommets alignés, coordonnées hors bornes, plus de 20 000 sommets) est refusé (400). Un anneau qui se recoupe (nœud papillon), un trou hors de son contour ou des parties qui se chevauchent sont réparés par make_valid : la réponse le dit dans « avertissements ».",
            "parameters": form,
            "requestBody": {"required": true, "content": {
                "application/geo+json": {"schema": {"$ref": "#/components/schemas/Polygone"}},
                "application/json": {"schema": {"$ref": "#/components/schemas/Polygone"}},
            }},
            "responses": {
                "200": {"description": "Comme GET", "content": answer},
                "400": {"$ref": "#/components/responses/Probleme"},
                "413": {"$ref": "#/components/responses/Probleme"},
            }
        }
    })
}

fn answer_schema() -> Value {
    let scope = json!({"type": "string", "enum": ["ici", "commune", "territoire"]});
    // Beside every status (issue 27): when it was known, and whether it is to be checked.
    let dating = json!({
        "statut_date": {"type": "string", "nullable": true, "description": "Quand la source connaissait ce statut (2019, 2019-06, 2021-T1…) ; null : non daté. Présent pour tout élément qui a un statut."},
        "statut_date_origine": {"type": "string", "enum": ["source", "document", "au plus tôt", "non renseignée"], "description": "source : la source date le statut ; document : date du document source ; au plus tôt : document non daté, date la plus récente qu'il cite."},
        "source_date": {"type": "string", "description": "Date du document source (réponse complète)."},
        "perime": {"type": "boolean", "description": "Statut connu depuis plus longtemps que le seuil du territoire (territory.toml [freshness] stale_after_years, 2 ans par défaut) à la date de référence de la réponse, ou non daté : « état connu en 2019, à vérifier ». Ces éléments viennent après l'information à jour de leur portée."},
        "statut_etat": {"type": "string", "description": "« état connu en 2019, à vérifier » (réponse complète ; la raison le dit dans les deux formes)."},
    });
    let mut item_properties = json!({
        "territoire": {"type": "string"}, "id": {"type": "string"}, "titre": {"type": "string"},
        "type": {"type": "string"}, "portee": scope,
        "relation": {"type": "string", "enum": ["dedans", "intersecte", "meme_perimetre", "a_proximite", "meme_commune", "territoire"]},
        "distance_m": {"type": "number", "minimum": 0},
        "statut": {"type": "string", "nullable": true},
        "emplacement": {"type": "string", "enum": ["indiqué par la source", "déduit"], "description": "Si la source indique le lieu ou s'il a été déduit ; la raison dit « rattaché au quartier (déduit : la source ne précise pas l'emplacement ; …) »."},
        "deduit_de": {"type": "string", "description": "Ce dont l'emplacement a été déduit (réponse complète)."},
        "interpretations": {"type": "array", "description": "Champs dont la valeur lit la source sans la citer : le champ, les mots de la source, sa ligne, le motif.",
            "items": {"type": "object", "required": ["champ", "texte_source", "motif"], "properties": {
                "champ": {"type": "string"}, "texte_source": {"type": "string"}, "ligne": {"type": "integer"}, "motif": {"type": "string"}}}},
        "raison": {"type": "string", "description": "Le statut, dit par son verbe avec sa date (« En travaux (état connu en 2019, à vérifier). »), puis comment l'élément concerne le lieu."},
        "lien": {"type": "string"},
    });
    let mut action_properties = json!({"portee": scope, "statut": {"type": "string", "nullable": true}, "raison": {"type": "string"}, "lien": {"type": "string"}});
    for properties in [&mut item_properties, &mut action_properties] {
        if let (Some(map), Some(dating)) = (properties.as_object_mut(), dating.as_object()) {
            map.extend(dating.clone());
        }
    }
    let item = json!({
        "type": "object",
        "required": ["territoire", "id", "titre", "type", "portee", "relation", "precision_geometrie", "raison", "lien"],
        "properties": item_properties,
    });
    let action = json!({
        "type": "object",
        "required": ["territoire", "id", "code", "titre", "pilier", "portee", "relation", "raison", "lien"],
        "properties": action_properties,
    });
    let perimeter = json!({
        "type": "object",
        "required": ["code", "nom", "type", "verdict", "portee", "relation", "tolerance_m", "precision_geometrie", "raison", "lien"],
        "properties": {
            "territoire": {"type": "string", "nullable": true},
            "verdict": {"type": "string", "enum": ["dedans", "dehors", "en_limite", "indetermine"]},
            "portee": scope,
        }
    });
    let count = json!({
        "type": "object", "required": ["total", "par_statut", "par_theme", "a_verifier"],
        "properties": {
            "total": {"type": "integer", "minimum": 0},
            "a_verifier": {"type": "integer", "minimum": 0, "description": "Éléments dont le statut est périmé ou non daté (« à vérifier »)."},
            "par_statut": {"type": "object", "additionalProperties": {"type": "integer"}},
            "par_theme": {"type": "object", "additionalProperties": {"type": "integer"}},
            "lien": {"type": "string"},
        }
    });
    let groups = Group::ALL.map(Group::key);
    let mut group_counts = serde_json::Map::new();
    for g in groups {
        group_counts.insert(g.into(), count.clone());
    }
    let mut totals = serde_json::Map::new();
    for g in groups.iter().chain(["total"].iter()) {
        totals.insert((*g).into(), json!({"type": "integer", "minimum": 0}));
    }
    json!({
        "type": "object",
        "required": ["lieu", "territoires", "detail", "groupes", "perimetres", "operations", "equipements", "actions", "centralites", "corridors", "portees", "totaux", "a_verifier", "avertissements"],
        "properties": {
            "lieu": {"type": "object", "required": ["type", "lon", "lat"], "properties": {
                "type": {"type": "string", "enum": ["point", "surface"]},
                "lon": {"type": "number"}, "lat": {"type": "number"},
                "objet": {"type": "object", "required": ["type", "code", "nom"]},
            }},
            "territoires": {"type": "array", "items": {"type": "object", "required": ["slug", "nom"]}},
            "detail": {"type": "string", "enum": ["resume", "complet"]},
            "groupes": {"type": "array", "description": "Les groupes de la réponse dans leur ordre : clé et titre en français.",
                "items": {"type": "object", "required": ["cle", "titre"], "properties": {
                    "cle": {"type": "string", "enum": groups}, "titre": {"type": "string"}}}},
            "perimetres": {"type": "array", "items": perimeter},
            "operations": {"type": "array", "items": item},
            "equipements": {"type": "array", "items": item},
            "actions": {"type": "array", "items": action},
            "centralites": {"type": "array", "items": item},
            "corridors": {"type": "array", "items": item},
            "portees": {"type": "array", "items": {
                "type": "object", "required": ["portee", "libelle", "total", "groupes"],
                "properties": {
                    "portee": scope, "libelle": {"type": "string"},
                    "territoire": {"type": "object", "required": ["slug", "nom"],
                        "description": "Le territoire de la portée commune ou territoire : chaque élément compté est le sien."},
                    "communes": {"type": "array", "items": {"type": "object", "required": ["insee", "nom"]}},
                    "total": {"type": "integer", "minimum": 0},
                    "groupes": {"type": "object", "properties": Value::Object(group_counts), "required": groups},
                    "lien": {"type": "string"},
                }
            }},
            "totaux": {"type": "object", "properties": Value::Object(totals), "required": groups},
            "a_verifier": {"type": "object", "required": ["date_reference", "operations", "equipements", "actions", "total"],
                "description": "Éléments dont le statut est périmé ou non daté, par groupe et en tout, toutes portées : « état connu en 2019, à vérifier ».",
                "properties": {
                    "date_reference": {"type": "string", "nullable": true, "description": "Le jour auquel les statuts sont jugés à jour ou périmés : aujourd'hui (UTC)."},
                    "operations": {"type": "integer", "minimum": 0}, "equipements": {"type": "integer", "minimum": 0},
                    "actions": {"type": "integer", "minimum": 0}, "total": {"type": "integer", "minimum": 0},
                }},
            "liens": {"type": "array", "items": {"type": "object", "required": ["rel", "href"]}},
            "avertissements": {"type": "array", "items": {"type": "string"}},
            "references": {
                "type": "object",
                "description": "Ce que disent les données ouvertes nationales du lieu, par portée : ici (gares et stations proches, OpenStreetMap), communes (programmes ANCT et leurs dates de signature, France services, centralité, équipements BPE 2024), contrats (contrats de ville et postes financés : adultes-relais, FONJEP ; la liste complète avec detail=complet). Chaque fait cite sa source, sa licence et sa date.",
                "required": ["ici", "communes", "contrats", "sources"],
                "properties": {
                    "ici": {"type": "object", "required": ["rayon_m", "gares_total", "gares"]},
                    "communes": {"type": "array", "items": {"type": "object", "required": ["insee_com", "nom", "resume", "programmes", "lien"]}},
                    "contrats": {"type": "array", "items": {"type": "object", "required": ["code", "nom", "generation", "postes", "source", "lien"]}},
                    "sources": {"type": "array", "items": {"type": "object", "required": ["source", "licence"]}}
                }
            },
        }
    })
}
