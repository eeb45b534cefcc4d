//! TileJSON 3.0.0 describing the tile endpoint and its layers.

use serde_json::{json, Value};

use crate::{TileSource, MAX_ZOOM};

/// Credit shown by map clients.
pub const ATTRIBUTION: &str =
    "QPV 2024 : ANCT ; territoires : contrats de ville et sources citées par couche ; \
    © contributeurs OpenStreetMap (ODbL)";

impl TileSource {
    /// TileJSON 3.0.0 for tiles served at `tile_url_template` (`…/tiles/{z}/{x}/{y}.mvt`):
    /// one `vector_layers` entry per collection with its fields, the data bounds, zooms 0 to
    /// [`MAX_ZOOM`].
    pub fn tilejson(&self, tile_url_template: &str) -> Value {
        let b = self.bounds();
        let vector_layers: Vec<Value> = self
            .collections()
            .iter()
            .map(|c| {
                json!({
                    "id": c.id,
                    "description": c.description,
                    "minzoom": c.min_zoom,
                    "maxzoom": MAX_ZOOM,
                    "fields": c.fields(),
                })
            })
            .collect();
        json!({
            "tilejson": "3.0.0",
            "name": "Quartiers",
            "description": "Géographie de la politique de la ville : QPV, opérations, équipements",
            "version": "1.0.0",
            "scheme": "xyz",
            "tiles": [tile_url_template],
            "minzoom": 0,
            "maxzoom": MAX_ZOOM,
            "bounds": b,
            "center": [(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0, 5],
            "attribution": ATTRIBUTION,
            "vector_layers": vector_layers,
        })
    }
}
