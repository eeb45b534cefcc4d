//! Web-mercator tile grid (XYZ, y down from the north): tile ids, and the "world" coordinates
//! every feature is projected to once.
//!
//! World coordinates are web-mercator (EPSG:3857) scaled to the unit square: x from 0 (180° W)
//! to 1 (180° E), y from 0 (85.05° N) to 1 (85.05° S), so a tile's coordinates follow from
//! them by one multiplication and one subtraction.

use std::f64::consts::PI;

use geo::{Coord, Rect};

use crate::{TileError, EXTENT, MAX_ZOOM};

/// Latitude limit of web mercator, in degrees: the square world's north and south edges.
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

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

    /// Tiles per side at this zoom.
    fn count(self) -> f64 {
        f64::from(1u32 << self.z)
    }

    /// The tile and `buffer` tile units around it, in world coordinates.
    pub fn world_bounds(self, buffer: u32) -> Rect<f64> {
        let n = self.count();
        let margin = f64::from(buffer) / f64::from(EXTENT);
        Rect::new(
            Coord {
                x: (f64::from(self.x) - margin) / n,
                y: (f64::from(self.y) - margin) / n,
            },
            Coord {
                x: (f64::from(self.x) + 1.0 + margin) / n,
                y: (f64::from(self.y) + 1.0 + margin) / n,
            },
        )
    }

    /// The tile and `buffer` tile units around it, in degrees (WGS84), clamped to the world.
    pub fn lonlat_bounds(self, buffer: u32) -> Rect<f64> {
        let w = self.world_bounds(buffer);
        let clamp = |c: Coord<f64>| Coord {
            x: c.x.clamp(0.0, 1.0),
            y: c.y.clamp(0.0, 1.0),
        };
        Rect::new(
            world_to_lonlat(clamp(w.min())),
            world_to_lonlat(clamp(w.max())),
        )
    }
}

/// Longitude and latitude (degrees) to world coordinates; latitudes beyond
/// ±[`MAX_LATITUDE`] are clamped to the world's edge.
pub fn lonlat_to_world(c: Coord<f64>) -> Coord<f64> {
    let lat = c.y.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    Coord {
        x: (c.x + 180.0) / 360.0,
        y: (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0,
    }
}

/// World coordinates to longitude and latitude (degrees).
pub fn world_to_lonlat(c: Coord<f64>) -> Coord<f64> {
    Coord {
        x: c.x * 360.0 - 180.0,
        y: (PI * (1.0 - 2.0 * c.y)).sinh().atan().to_degrees(),
    }
}

/// Maps world coordinates to one tile's coordinates (0..[`EXTENT`] across the tile, y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TileFrame {
    scale: f64,
    left: f64,
    top: f64,
}

impl TileFrame {
    pub fn new(tile: TileId) -> TileFrame {
        let scale = tile.count() * f64::from(EXTENT);
        TileFrame {
            scale,
            left: f64::from(tile.x) * f64::from(EXTENT),
            top: f64::from(tile.y) * f64::from(EXTENT),
        }
    }

    /// The tile coordinates of a world point, unrounded.
    pub fn to_tile(self, c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: c.x * self.scale - self.left,
            y: c.y * self.scale - self.top,
        }
    }

    /// The tile coordinates of a world point, rounded to the tile grid.
    pub fn quantise(self, c: Coord<f64>) -> Coord<f64> {
        let t = self.to_tile(c);
        Coord {
            x: t.x.round(),
            y: t.y.round(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn rejects_zoom_and_grid_overflow() {
        assert_eq!(TileId::new(19, 0, 0), Err(TileError::Zoom { z: 19 }));
        assert_eq!(
            TileId::new(2, 4, 0),
            Err(TileError::OutOfGrid {
                z: 2,
                x: 4,
                y: 0,
                last: 3
            })
        );
        assert!(TileId::new(2, 3, 4).is_err());
        assert!(TileId::new(0, 0, 0).is_ok());
        assert!(TileId::new(18, (1 << 18) - 1, (1 << 18) - 1).is_ok());
    }

    #[test]
    fn world_corners_and_round_trip() {
        let nw = lonlat_to_world(Coord {
            x: -180.0,
            y: MAX_LATITUDE,
        });
        assert_relative_eq!(nw.x, 0.0);
        assert_relative_eq!(nw.y, 0.0, epsilon = 1e-12);
        let centre = lonlat_to_world(Coord { x: 0.0, y: 0.0 });
        assert_relative_eq!(centre.y, 0.5, epsilon = 1e-15);
        // Beyond the mercator limit, clamped rather than infinite.
        let pole = lonlat_to_world(Coord { x: 0.0, y: -90.0 });
        assert_relative_eq!(pole.y, 1.0, epsilon = 1e-12);
        let p = Coord {
            x: 6.2438,
            y: 46.1856,
        };
        let back = world_to_lonlat(lonlat_to_world(p));
        assert_relative_eq!(back.x, p.x, epsilon = 1e-12);
        assert_relative_eq!(back.y, p.y, epsilon = 1e-12);
    }

    #[test]
    fn le_perrier_falls_in_its_z14_tile() {
        // Annemasse, Le Perrier: tile 14/8476/5816 (as mercantile computes it).
        let w = lonlat_to_world(Coord {
            x: 6.2438,
            y: 46.1856,
        });
        assert_eq!((w.x * 16384.0).floor(), 8476.0);
        assert_eq!((w.y * 16384.0).floor(), 5816.0);
        let tile = TileId::new(14, 8476, 5816).unwrap();
        let t = TileFrame::new(tile).to_tile(w);
        assert!((0.0..4096.0).contains(&t.x) && (0.0..4096.0).contains(&t.y));
        let b = tile.lonlat_bounds(0);
        assert!(b.min().x < 6.2438 && 6.2438 < b.max().x);
        assert!(b.min().y < 46.1856 && 46.1856 < b.max().y);
    }

    #[test]
    fn tile_frame_maps_tile_corners_to_zero_and_extent() {
        let tile = TileId::new(3, 5, 2).unwrap();
        let frame = TileFrame::new(tile);
        let b = tile.world_bounds(0);
        let nw = frame.to_tile(b.min());
        let se = frame.to_tile(b.max());
        assert_relative_eq!(nw.x, 0.0, epsilon = 1e-9);
        assert_relative_eq!(nw.y, 0.0, epsilon = 1e-9);
        assert_relative_eq!(se.x, 4096.0, epsilon = 1e-9);
        assert_relative_eq!(se.y, 4096.0, epsilon = 1e-9);
        let buffered = tile.world_bounds(64);
        assert_relative_eq!(frame.to_tile(buffered.min()).x, -64.0, epsilon = 1e-9);
        assert_relative_eq!(frame.to_tile(buffered.max()).y, 4160.0, epsilon = 1e-9);
    }

    #[test]
    fn quantise_rounds_to_nearest_unit() {
        let tile = TileId::new(0, 0, 0).unwrap();
        let frame = TileFrame::new(tile);
        let q = frame.quantise(Coord {
            x: 1.4 / 4096.0,
            y: 2.6 / 4096.0,
        });
        assert_eq!((q.x, q.y), (1.0, 3.0));
    }
}
