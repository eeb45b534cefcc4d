//! The MapLibre style (v8) of the Quartiers layers.

use serde_json::{json, Value};

/// A MapLibre style whose only source is the TileJSON at `tilejson_url`.
pub fn style(tilejson_url: &str) -> Value {
    json!({
        "version": 8,
        "name": "Quartiers",
        "sources": {
            "quartiers": { "type": "vector", "url": tilejson_url }
        },
        "layers": [
            { "id": "fond", "type": "background", "paint": { "background-color": "#f4f1ea" } }
        ]
    })
}
