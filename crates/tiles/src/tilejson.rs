//! TileJSON 3.0.0 describing the tile endpoint.

use serde_json::{json, Value};

use crate::TileSource;

impl TileSource {
    /// TileJSON 3.0.0 for tiles served at `tile_url_template` (`…/tiles/{z}/{x}/{y}.mvt`).
    pub fn tilejson(&self, tile_url_template: &str) -> Value {
        json!({
            "tilejson": "3.0.0",
            "name": "Quartiers",
            "tiles": [tile_url_template],
            "minzoom": 0,
            "maxzoom": crate::MAX_ZOOM,
            "bounds": self.bounds(),
            "vector_layers": [],
        })
    }
}
