//! The style's text layers (see [`crate::style`] for the rules they follow).
//!
//! Each label layer names the tile layer it belongs to in `metadata["quartiers:couche"]`, so
//! a legend that hides « Communes » hides their names too. Layers later in the list are placed
//! first by MapLibre: the list ends with the communes, whose names win a collision.

use serde_json::{json, Value};

use crate::labels::LAYER as LABELS;
use crate::style_common::{CONTRACTS_MAX_ZOOM, CONTRACT_COLOUR, SOURCE};

/// Font of the labels: DejaVu Sans (Debian's fonts-dejavu-core), as the server's `/fonts`
/// names its faces.
pub const FONT_REGULAR: &str = "DejaVu Sans Book";
pub const FONT_BOLD: &str = "DejaVu Sans Bold";

/// Halo: white, wide enough to read dark text on every pale fill and dashed outline.
const HALO: &str = "rgba(255, 255, 255, 0.92)";

/// Every text layer, lowest priority first.
pub fn label_layers() -> Vec<Value> {
    vec![
        contract_label(),
        point_label("ilots", "nom", "#27408b"),
        point_label("centralites", "nom", "#5b1f66"),
        point_label("operations", "titre", "#4d3a00"),
        point_label("equipements", "nom", "#2b2b2b"),
        quartier_label("qpv", "#8e1b10"),
        quartier_label("perimetres", "#8e1b10"),
        commune_label(),
    ]
}

/// Only features whose position is known are named.
fn located() -> Value {
    json!([
        "in",
        ["coalesce", ["get", "precision_geometrie"], "exact"],
        ["literal", ["exact", "approximate"]]
    ])
}

fn metadata(couche: &str) -> Value {
    json!({ "quartiers:couche": couche, "quartiers:texte": true })
}

/// Names of the features of `layer` (read from `field`) from z15, under their symbol.
fn point_label(layer: &str, field: &str, colour: &str) -> Value {
    json!({
        "id": format!("{layer}-libelle"),
        "type": "symbol",
        "source": SOURCE,
        "source-layer": layer,
        "minzoom": 15.0,
        "filter": located(),
        "metadata": metadata(layer),
        "layout": {
            "text-field": ["get", field],
            "text-font": [FONT_REGULAR],
            "text-size": ["interpolate", ["linear"], ["zoom"], 15, 11, 18, 13],
            "text-max-width": 9,
            "text-anchor": "top",
            "text-offset": [0, 0.9],
            "text-padding": 4,
        },
        "paint": {
            "text-color": colour,
            "text-halo-color": HALO,
            "text-halo-width": 1.4,
            "text-halo-blur": 0.4,
        }
    })
}

/// A quartier's name over its code (« Le Perrier - Château Rouge - Livron / QN07401M »),
/// from z12, coloured by kind as its fill.
fn quartier_label(couche: &str, colour: &str) -> Value {
    json!({
        "id": format!("{couche}-libelle"),
        "type": "symbol",
        "source": SOURCE,
        "source-layer": LABELS,
        "minzoom": 12.0,
        "filter": ["==", ["get", "couche"], couche],
        "metadata": metadata(couche),
        "layout": {
            "text-field": [
                "format",
                ["get", "nom"], {},
                "\n", {},
                ["get", "code"], { "font-scale": 0.82, "text-font": ["literal", [FONT_REGULAR]] }
            ],
            "text-font": [FONT_BOLD],
            "text-size": ["interpolate", ["linear"], ["zoom"], 12, 11, 16, 14],
            "text-max-width": 10,
            "text-padding": 6,
        },
        "paint": {
            "text-color": ["match", ["get", "type"], "veille_active", "#7a4a00", colour],
            "text-halo-color": HALO,
            "text-halo-width": 1.8,
            "text-halo-blur": 0.4,
        }
    })
}

/// A contrat de ville's name at its point, from z6 until the quartiers' and communes' names
/// take over; the contracts with the most quartiers win a collision.
fn contract_label() -> Value {
    let layer = crate::contracts::LAYER;
    json!({
        "id": format!("{layer}-libelle"),
        "type": "symbol",
        "source": SOURCE,
        "source-layer": layer,
        "minzoom": 6.0,
        "maxzoom": CONTRACTS_MAX_ZOOM,
        "metadata": metadata(layer),
        "layout": {
            "text-field": ["get", "nom"],
            "text-font": [FONT_REGULAR],
            "text-size": ["interpolate", ["linear"], ["zoom"], 6, 10, 9, 12],
            "text-max-width": 9,
            "text-anchor": "top",
            "text-offset": [0, 0.7],
            "text-padding": 8,
            "symbol-sort-key": ["-", 0, ["get", "nb_qpv"]],
        },
        "paint": {
            "text-color": CONTRACT_COLOUR,
            "text-halo-color": HALO,
            "text-halo-width": 1.8,
            "text-halo-blur": 0.4,
        }
    })
}

/// A commune's name at its label point, from z10.
fn commune_label() -> Value {
    json!({
        "id": "communes-libelle",
        "type": "symbol",
        "source": SOURCE,
        "source-layer": LABELS,
        "minzoom": 10.0,
        "filter": ["==", ["get", "couche"], "communes"],
        "metadata": metadata("communes"),
        "layout": {
            "text-field": ["get", "nom"],
            "text-font": [FONT_BOLD],
            "text-size": ["interpolate", ["linear"], ["zoom"], 10, 11, 13, 14, 16, 17],
            "text-letter-spacing": 0.04,
            "text-max-width": 8,
            "text-padding": 8,
        },
        "paint": {
            "text-color": "#3b362c",
            "text-halo-color": HALO,
            "text-halo-width": 2.0,
            "text-halo-blur": 0.5,
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::style::style;
    use serde_json::Value;

    const GLYPHS: &str = "/fonts/{fontstack}/{range}.pbf";

    fn text_layers(s: &Value) -> Vec<&Value> {
        s["layers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["layout"].get("text-field").is_some())
            .collect()
    }

    #[test]
    fn labels_need_glyphs_and_sit_above_every_drawing_layer() {
        let s = style("/tiles.json", Some(GLYPHS));
        assert_eq!(s["glyphs"], GLYPHS);
        let layers = s["layers"].as_array().unwrap();
        let first_text = layers
            .iter()
            .position(|l| l["layout"].get("text-field").is_some())
            .unwrap();
        assert!(layers[first_text..]
            .iter()
            .all(|l| l["layout"].get("text-field").is_some()));
        // The communes win collisions: MapLibre places the last layers first.
        assert_eq!(layers.last().unwrap()["id"], "communes-libelle");
    }

    #[test]
    fn each_label_layer_names_its_layer_zoom_and_font() {
        let s = style("/tiles.json", Some(GLYPHS));
        let by_layer = |couche: &str| {
            *text_layers(&s)
                .iter()
                .find(|l| l["metadata"]["quartiers:couche"] == couche)
                .unwrap_or_else(|| panic!("{couche}"))
        };
        assert_eq!(by_layer("communes")["minzoom"], 10.0);
        assert_eq!(by_layer("perimetres")["minzoom"], 12.0);
        assert_eq!(by_layer("qpv")["minzoom"], 12.0);
        for couche in ["equipements", "operations", "centralites", "ilots"] {
            let l = by_layer(couche);
            assert_eq!(l["minzoom"], 15.0, "{couche}");
            assert_eq!(l["source-layer"], couche);
            assert!(l["filter"].to_string().contains("approximate"), "{couche}");
        }
        // The quartier's code is written under its name.
        let text = by_layer("perimetres")["layout"]["text-field"].to_string();
        assert!(
            text.contains("\"nom\"") && text.contains("\"code\""),
            "{text}"
        );
        for l in text_layers(&s) {
            // Collision handling is on (MapLibre's default) and a halo is drawn.
            assert!(
                l["layout"].get("text-allow-overlap").is_none(),
                "{}",
                l["id"]
            );
            assert!(l["paint"]["text-halo-width"].as_f64().unwrap() >= 1.0);
            let fonts = l["layout"]["text-font"].to_string();
            assert!(
                fonts.contains(super::FONT_REGULAR) || fonts.contains(super::FONT_BOLD),
                "{fonts}"
            );
        }
    }
}
