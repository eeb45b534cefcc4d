//! The MapLibre style (v8) of the Quartiers layers.
//!
//! One group of style layers per tile layer (fill, outline, points), colours per kind or
//! status, and a visible mark for every feature whose geometry is not exact: a dashed outline
//! and a paler fill (or a pale point), so that a position guessed from a perimeter or a commune
//! never reads as a surveyed one.
//!
//! Text labels, in French, when the server has fonts (`glyphs` from its own `/fonts`, so the
//! map stays offline): communes from z10 at one point inside each (the `libelles` tile
//! layer), QPV and quartiers de veille with their name and code from z12, then centralities,
//! operations, equipment and îlots from z15; halos keep them readable on the pale fills, and
//! MapLibre's collision detection drops what does not fit, the higher label layers (communes,
//! then quartiers) winning. Only features whose position is known (`exact`, `approximate`)
//! are named: a name written on the quartier or commune a feature is merely placed on would
//! read as its address. Every label layer sits on top of the drawing layers, so a client that
//! ignores the glyphs draws the same map without text. Without fonts the style has no
//! `glyphs` and no text layer.
//!
//! No sprite: equipment is drawn as circles coloured by family, under a symbol layer whose
//! images (one per family) the web map draws and registers itself; a client without them
//! still shows the circles.

use geodata::contract::{LayerId, ReferenceId};
use serde_json::{json, Value};

use crate::style_common::{CONTRACTS_MAX_ZOOM, CONTRACT_COLOUR, SOURCE};

/// The property every layer carries with the geometry precision code.
const PRECISION: &str = "precision_geometrie";

/// Colour of each project status (operations, equipment), in the order of the model.
const STATUS_COLOURS: [(&str, &str); 6] = [
    ("existant", "#35978f"),
    ("programmé", "#2166ac"),
    ("en études", "#8073ac"),
    ("en travaux", "#e08214"),
    ("réalisé", "#1a9850"),
    ("abandonné", "#7f3b08"),
];
/// Colour of « non renseigné » and of anything unexpected.
const STATUS_UNKNOWN: &str = "#878787";

/// A family of equipment kinds: one colour and one symbol on the map, in the legend and in
/// the answer panel.
struct EquipmentFamily {
    /// Name of the style image (`icon-image`); the web map draws these images itself.
    icon: &'static str,
    /// French name shown in the legend.
    label: &'static str,
    colour: &'static str,
    /// Values of the equipment `type` property in the family.
    kinds: &'static [&'static str],
}

/// Equipment kinds by family. A kind not listed gets [`EQUIPMENT_OTHER`].
const EQUIPMENT_FAMILIES: [EquipmentFamily; 8] = [
    EquipmentFamily {
        icon: "equipement-enseignement",
        label: "Écoles, collèges, lycées, crèches",
        colour: "#1f78b4",
        kinds: &["école", "groupe scolaire", "collège", "lycée", "crèche"],
    },
    EquipmentFamily {
        icon: "equipement-sport",
        label: "Sport",
        colour: "#33a02c",
        kinds: &[
            "gymnase",
            "salle de sport",
            "équipement sportif de plein air",
            "équipement sportif (type non précisé)",
            "piscine",
            "stade",
        ],
    },
    EquipmentFamily {
        icon: "equipement-sante-social",
        label: "Santé, social, personnes âgées",
        colour: "#d95f02",
        kinds: &[
            "maison de santé pluridisciplinaire",
            "centre de santé",
            "résidence autonomie",
            "accueil de jour",
            "pôle de services sociaux",
        ],
    },
    EquipmentFamily {
        icon: "equipement-vie-sociale",
        label: "Vie de quartier, jeunesse, services au public",
        colour: "#6a3d9a",
        kinds: &[
            "maison de quartier",
            "espace de vie sociale",
            "point information jeunesse",
            "accueil jeunesse",
            "local associatif",
            "local municipal",
            "lieu d'activités de quartier",
            "maison du projet",
            "maison de services au public",
            "maison de justice et du droit",
            "tiers-lieu",
            "accueil logement",
        ],
    },
    EquipmentFamily {
        icon: "equipement-culture",
        label: "Culture",
        colour: "#b15928",
        kinds: &[
            "structure culturelle",
            "espace d'exposition",
            "médiathèque",
            "bibliothèque",
        ],
    },
    EquipmentFamily {
        icon: "equipement-economie",
        label: "Commerce et entreprises",
        colour: "#a6761d",
        kinds: &[
            "commerce",
            "pépinière d'entreprises",
            "pôle d'accompagnement et d'hébergement d'entreprises",
        ],
    },
    EquipmentFamily {
        icon: "equipement-gare",
        label: "Gares",
        colour: "#1a1a1a",
        kinds: &["gare"],
    },
    EquipmentFamily {
        icon: "equipement-arret",
        label: "Arrêts de tram et de bus",
        colour: "#01665e",
        kinds: &["arrêt de tram", "arrêt de bus"],
    },
];
/// The family of any other kind.
const EQUIPMENT_OTHER: EquipmentFamily = EquipmentFamily {
    icon: "equipement-autre",
    label: "Autres équipements",
    colour: "#666666",
    kinds: &[],
};

/// A MapLibre style whose only source is the TileJSON at `tilejson_url`, with text labels
/// when `glyphs_url` (`…/fonts/{fontstack}/{range}.pbf`) is given.
pub fn style(tilejson_url: &str, glyphs_url: Option<&str>) -> Value {
    let mut layers = vec![json!({
        "id": "fond",
        "type": "background",
        "paint": { "background-color": "#f4f1ea" }
    })];
    // Drawn bottom to top: the communes, the territories' outlines, then the policy layers.
    layers.extend(area_layers(&Area::new(
        LayerId::Communes,
        json!("#bdb6a0"),
        0.15,
        0.8,
    )));
    layers.extend(outline_only(LayerId::Territoires, "#3d3d3d", 2.5));
    let perimeter_colour = json!([
        "match",
        ["get", "type"],
        "qpv",
        "#b2182b",
        "veille_active",
        "#f1a340",
        "#b2182b"
    ]);
    for area in [
        Area::new(LayerId::Qpv, json!("#d7301f"), 0.25, 1.2),
        Area::new(LayerId::Perimetres, perimeter_colour, 0.3, 2.0),
        Area::new(LayerId::Centralites, json!("#762a83"), 0.25, 1.5),
        Area::new(LayerId::Corridors, json!("#1b7837"), 0.3, 3.0),
        Area {
            minzoom: 13.0,
            ..Area::new(LayerId::Ilots, json!("#4575b4"), 0.25, 1.5)
        },
        Area::new(LayerId::Operations, status_colour(), 0.35, 2.0),
        Area::new(LayerId::Equipements, equipment_colour(), 0.3, 1.5),
    ] {
        layers.extend(area_layers(&area));
    }
    layers.push(equipment_symbols());
    layers.push(contract_points());
    if glyphs_url.is_some() {
        layers.extend(crate::style_labels::label_layers());
    }
    let mut style = json!({
        "version": 8,
        "name": "Quartiers — politique de la ville",
        "metadata": {
            "quartiers:precision": "trait pointillé et remplissage pâle : géométrie non exacte (approximative, périmètre, commune ou territoire)",
            "quartiers:libelles": if glyphs_url.is_some() {
                "libellés en DejaVu Sans servis par /fonts : communes dès le zoom 10, quartiers (nom et code) dès 12, équipements, opérations, centralités et îlots localisés dès 15"
            } else {
                "aucun libellé texte : le serveur n'a pas de polices"
            },
        },
        "center": [2.5, 46.6],
        "zoom": 5,
        "sources": {
            SOURCE: { "type": "vector", "url": tilejson_url }
        },
        "layers": layers,
    });
    if let Some(url) = glyphs_url {
        style["glyphs"] = json!(url);
    }
    style
}

/// A tile layer drawn as areas (its polygons), outlines (lines and polygon edges) and points
/// (point features, and polygons too small to see at the zoom).
struct Area {
    /// The tile layer; its French title (the contract's) labels it in the style's metadata.
    layer: LayerId,
    colour: Value,
    /// Fill opacity of exact polygons; the others get a fraction of it.
    fill_opacity: f64,
    line_width: f64,
    minzoom: f64,
}

impl Area {
    /// A layer drawn from every zoom.
    fn new(layer: LayerId, colour: Value, fill_opacity: f64, line_width: f64) -> Self {
        Area {
            layer,
            colour,
            fill_opacity,
            line_width,
            minzoom: 0.0,
        }
    }
}

fn area_layers(a: &Area) -> Vec<Value> {
    let id = a.layer.as_str();
    let meta = json!({ "quartiers:libelle": a.layer.title() });
    let polygons = json!(["==", ["geometry-type"], "Polygon"]);
    let points = json!(["==", ["geometry-type"], "Point"]);
    vec![
        json!({
            "id": format!("{id}-fond"),
            "type": "fill",
            "source": SOURCE,
            "source-layer": id,
            "minzoom": a.minzoom,
            "filter": polygons,
            "metadata": meta,
            "paint": {
                "fill-color": a.colour,
                "fill-opacity": fill_opacity(a.fill_opacity),
            }
        }),
        json!({
            "id": format!("{id}-contour"),
            "type": "line",
            "source": SOURCE,
            "source-layer": id,
            "minzoom": a.minzoom,
            "filter": ["all", ["!=", ["geometry-type"], "Point"], exact()],
            "metadata": meta,
            "paint": { "line-color": a.colour, "line-width": a.line_width }
        }),
        json!({
            "id": format!("{id}-contour-imprecis"),
            "type": "line",
            "source": SOURCE,
            "source-layer": id,
            "minzoom": a.minzoom,
            "filter": ["all", ["!=", ["geometry-type"], "Point"], not_exact()],
            "metadata": meta,
            "paint": {
                "line-color": a.colour,
                "line-width": a.line_width,
                "line-dasharray": [2, 2],
            }
        }),
        json!({
            "id": format!("{id}-point"),
            "type": "circle",
            "source": SOURCE,
            "source-layer": id,
            "minzoom": a.minzoom,
            "filter": points,
            "metadata": meta,
            "paint": {
                "circle-color": a.colour,
                "circle-radius": ["interpolate", ["linear"], ["zoom"], 4, 2.5, 10, 4, 16, 7],
                "circle-opacity": ["case", exact(), 0.9, 0.35],
                "circle-stroke-color": ["case", exact(), "#ffffff", a.colour],
                "circle-stroke-width": ["case", exact(), 1, 1.5],
            }
        }),
    ]
}

/// France's contrats de ville at low zoom, one pale point each: their position is inferred
/// (placed in one of their quartiers), so drawn like every position not known exactly.
fn contract_points() -> Value {
    let id = crate::contracts::LAYER;
    json!({
        "id": format!("{id}-point"),
        "type": "circle",
        "source": SOURCE,
        "source-layer": id,
        "maxzoom": CONTRACTS_MAX_ZOOM,
        "metadata": { "quartiers:libelle": ReferenceId::Contrats.title() },
        "paint": {
            "circle-color": CONTRACT_COLOUR,
            "circle-radius": ["interpolate", ["linear"], ["zoom"], 4, 3, 9, 6],
            "circle-opacity": 0.35,
            "circle-stroke-color": CONTRACT_COLOUR,
            "circle-stroke-width": 1.5,
        }
    })
}

/// A tile layer drawn as outlines only (the territories' boundaries).
fn outline_only(layer: LayerId, colour: &str, width: f64) -> Vec<Value> {
    let id = layer.as_str();
    let meta = json!({ "quartiers:libelle": layer.title() });
    vec![
        json!({
            "id": format!("{id}-contour"),
            "type": "line",
            "source": SOURCE,
            "source-layer": id,
            "filter": exact(),
            "metadata": meta,
            "paint": { "line-color": colour, "line-width": width }
        }),
        json!({
            "id": format!("{id}-contour-imprecis"),
            "type": "line",
            "source": SOURCE,
            "source-layer": id,
            "filter": not_exact(),
            "metadata": meta,
            "paint": { "line-color": colour, "line-width": width, "line-dasharray": [3, 2] }
        }),
    ]
}

pub(crate) fn exact() -> Value {
    json!(["==", ["coalesce", ["get", PRECISION], "exact"], "exact"])
}

fn not_exact() -> Value {
    json!(["!=", ["coalesce", ["get", PRECISION], "exact"], "exact"])
}

/// Fill opacity falling with the precision: a feature known only to lie in its commune or
/// territory is barely tinted, since it may be anywhere in it.
fn fill_opacity(exact: f64) -> Value {
    let at = |share: f64| (exact * share * 100.0).round() / 100.0;
    json!([
        "match",
        ["get", PRECISION],
        "exact",
        exact,
        "approximate",
        at(0.7),
        "perimeter",
        at(0.35),
        "commune",
        at(0.15),
        at(0.08)
    ])
}

fn status_colour() -> Value {
    let mut m = vec![json!("match"), json!(["get", "statut"])];
    for (status, colour) in STATUS_COLOURS {
        m.push(json!(status));
        m.push(json!(colour));
    }
    m.push(json!(STATUS_UNKNOWN));
    Value::Array(m)
}

/// A `match` on the equipment `type` giving each family's `value`.
fn by_family(value: impl Fn(&EquipmentFamily) -> &'static str) -> Value {
    let mut m = vec![json!("match"), json!(["get", "type"])];
    for family in &EQUIPMENT_FAMILIES {
        m.push(json!(family.kinds));
        m.push(json!(value(family)));
    }
    m.push(json!(value(&EQUIPMENT_OTHER)));
    Value::Array(m)
}

fn equipment_colour() -> Value {
    by_family(|f| f.colour)
}

/// One symbol per equipment family, over the circles (which stay for clients that do not
/// provide the images: the style has no sprite, so a bare client draws circles only). The
/// families, with their kinds and French names, are in the layer's metadata for the legend.
fn equipment_symbols() -> Value {
    let families: Vec<Value> = EQUIPMENT_FAMILIES
        .iter()
        .chain([&EQUIPMENT_OTHER])
        .map(|f| json!({ "icone": f.icon, "libelle": f.label, "couleur": f.colour, "types": f.kinds }))
        .collect();
    json!({
        "id": "equipements-symbole",
        "type": "symbol",
        "source": SOURCE,
        "source-layer": "equipements",
        "minzoom": 11.0,
        "metadata": {
            "quartiers:libelle": LayerId::Equipements.title(),
            "quartiers:familles": families,
        },
        "layout": {
            "icon-image": by_family(|f| f.icon),
            "icon-size": ["interpolate", ["linear"], ["zoom"], 11, 0.6, 16, 1.0],
            "icon-allow-overlap": true,
            "icon-ignore-placement": true,
        },
        "paint": { "icon-opacity": ["case", exact(), 1.0, 0.55] }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geodata::model::ProjectStatus;

    fn layers(style: &Value) -> &Vec<Value> {
        style["layers"].as_array().unwrap()
    }

    #[test]
    fn source_points_at_the_tilejson_and_every_layer_uses_it() {
        let s = style("http://127.0.0.1:8080/tiles.json", None);
        assert_eq!(s["version"], 8);
        assert_eq!(
            s["sources"][SOURCE]["url"],
            "http://127.0.0.1:8080/tiles.json"
        );
        for l in layers(&s).iter().skip(1) {
            assert_eq!(l["source"], SOURCE, "{}", l["id"]);
        }
    }

    #[test]
    fn every_contract_layer_is_drawn_and_ids_are_unique() {
        let s = style("/tiles.json", None);
        let ids: Vec<&str> = layers(&s)
            .iter()
            .map(|l| l["id"].as_str().unwrap())
            .collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        let geographic = LayerId::ALL.into_iter().filter(|l| l.is_geographic());
        for layer in geographic.map(LayerId::as_str) {
            assert!(
                layers(&s).iter().any(|l| l["source-layer"] == layer),
                "{layer}"
            );
        }
    }

    /// The legend's and the OGC collections' title of a layer is the contract's, one text.
    #[test]
    fn drawing_layers_are_labelled_with_the_contract_titles() {
        let s = style("/tiles.json", None);
        for l in layers(&s).iter().skip(1) {
            let id = l["source-layer"].as_str().unwrap();
            let title = match id.parse::<LayerId>() {
                Ok(layer) => layer.title(),
                Err(_) => ReferenceId::Contrats.title(),
            };
            assert_eq!(l["metadata"]["quartiers:libelle"], title, "{}", l["id"]);
        }
    }

    #[test]
    fn imprecise_features_get_a_dashed_outline_in_every_layer() {
        let s = style("/tiles.json", None);
        let dashed: Vec<&Value> = layers(&s)
            .iter()
            .filter(|l| l["paint"]["line-dasharray"].is_array())
            .collect();
        assert_eq!(dashed.len(), 9);
        for l in dashed {
            assert!(l["filter"].to_string().contains("!="));
            assert!(l["filter"].to_string().contains(PRECISION));
        }
    }

    #[test]
    fn no_text_layers_without_glyphs() {
        let s = style("/tiles.json", None);
        assert!(s.get("glyphs").is_none());
        assert!(layers(&s)
            .iter()
            .all(|l| l["layout"].get("text-field").is_none()));
    }

    #[test]
    fn equipment_families_have_distinct_symbols_over_circles() {
        let s = style("/tiles.json", None);
        let symbol = layers(&s)
            .iter()
            .find(|l| l["type"] == "symbol")
            .expect("a symbol layer");
        assert_eq!(symbol["source-layer"], "equipements");
        // The circles stay, under the symbols, for clients without the images.
        let ids: Vec<&str> = layers(&s)
            .iter()
            .map(|l| l["id"].as_str().unwrap())
            .collect();
        let at = |id: &str| ids.iter().position(|i| *i == id).unwrap();
        assert!(at("equipements-point") < at("equipements-symbole"));

        let icons = by_family(|f| f.icon);
        let families = symbol["metadata"]["quartiers:familles"].as_array().unwrap();
        assert_eq!(symbol["layout"]["icon-image"], icons);
        assert_eq!(families.len(), EQUIPMENT_FAMILIES.len() + 1);
        let mut names: Vec<&str> = families
            .iter()
            .map(|f| f["icone"].as_str().unwrap())
            .collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), families.len(), "one image per family");
        // A kind belongs to one family only.
        let mut kinds: Vec<&str> = EQUIPMENT_FAMILIES
            .iter()
            .flat_map(|f| f.kinds.iter().copied())
            .collect();
        let n = kinds.len();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), n);
    }

    #[test]
    fn every_equipment_kind_of_the_bundled_data_has_a_family() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/territories/annemasse-agglo");
        let known: Vec<&str> = EQUIPMENT_FAMILIES
            .iter()
            .flat_map(|f| f.kinds.iter().copied())
            .collect();
        // The one kind the sources leave unspecified falls, rightly, under « autres ».
        let unspecified = "équipement (type non précisé)";
        for file in ["equipment.geojson", "transit_stations.geojson"] {
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            let doc: Value = serde_json::from_str(&text).unwrap();
            for f in doc["features"].as_array().unwrap() {
                let kind = f["properties"]["type"].as_str().unwrap();
                assert!(
                    kind == unspecified || known.contains(&kind),
                    "{file}: « {kind} » has no family"
                );
            }
        }
    }

    #[test]
    fn every_status_of_the_model_has_its_colour() {
        let colours = status_colour().to_string();
        for status in ProjectStatus::ALL {
            if status != ProjectStatus::Unknown {
                assert!(
                    colours.contains(&format!("\"{}\"", status.label_fr())),
                    "{status:?}"
                );
            }
        }
        // Distinct colours, so the legend can tell them apart.
        let mut c: Vec<&str> = STATUS_COLOURS.iter().map(|(_, c)| *c).collect();
        c.push(STATUS_UNKNOWN);
        c.sort_unstable();
        c.dedup();
        assert_eq!(c.len(), STATUS_COLOURS.len() + 1);
    }

    #[test]
    fn opacity_falls_with_precision() {
        let o = fill_opacity(0.4);
        let v: Vec<f64> = o.as_array().unwrap()[3..]
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        assert_eq!(v, [0.4, 0.28, 0.14, 0.06, 0.03]);
    }
}
