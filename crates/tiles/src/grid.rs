//! Web-mercator tile grid (XYZ, y down from the north): tile ids and their bounds.

use crate::{TileError, MAX_ZOOM};

/// A valid tile of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileId {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

impl TileId {
    /// Checks `z` ≤ [`MAX_ZOOM`] and `x`, `y` < 2^z.
    pub fn new(z: u8, x: u32, y: u32) -> Result<TileId, TileError> {
        if z > MAX_ZOOM {
            return Err(TileError::Zoom { z });
        }
        let n = 1u32 << z;
        if x >= n || y >= n {
            return Err(TileError::OutOfGrid {
                z,
                x,
                y,
                last: n - 1,
            });
        }
        Ok(TileId { z, x, y })
    }
}
