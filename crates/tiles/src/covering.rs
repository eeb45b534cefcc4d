//! Which tiles of a zoom level may hold features: the ones an archive export has to cut.

use std::collections::BTreeSet;

use geo::{Coord, Rect};

use crate::cut::BUFFER;
use crate::grid::{lonlat_to_world, TileId};
use crate::source::TileSource;
use crate::EXTENT;

impl TileSource {
    /// The tiles of zoom `z` whose buffered square meets a feature's bounds, optionally only
    /// those meeting `area` (`[west, south, east, north]` in degrees). Every such tile the
    /// server would answer with content is among them; some may still be empty.
    pub fn candidate_tiles(&self, z: u8, area: Option<[f64; 4]>) -> Vec<TileId> {
        let area = area.map(|[w, s, e, n]| {
            Rect::new(
                lonlat_to_world(Coord { x: w, y: s }),
                lonlat_to_world(Coord { x: e, y: n }),
            )
        });
        let n = f64::from(1u32 << z);
        let last = (1u32 << z) - 1;
        let margin = f64::from(BUFFER) / f64::from(EXTENT);
        // Tile index range (buffer included) over a world-coordinate span.
        let range = |lo: f64, hi: f64| {
            let first = (lo * n - margin).floor().clamp(0.0, f64::from(last)) as u32;
            let end = (hi * n + margin).floor().clamp(0.0, f64::from(last)) as u32;
            first..=end
        };
        // The tiles meeting the area, or the whole grid.
        let (xs, ys) = match area {
            Some(a) => (range(a.min().x, a.max().x), range(a.min().y, a.max().y)),
            None => (0..=last, 0..=last),
        };
        let mut tiles = BTreeSet::new();
        for c in self.collections().iter().filter(|c| z >= c.min_zoom) {
            for feature in c.layer.features() {
                let Some(b) = feature.props.geometry.bounds else {
                    continue;
                };
                let (fx, fy) = (range(b.min().x, b.max().x), range(b.min().y, b.max().y));
                for x in *fx.start().max(xs.start())..=*fx.end().min(xs.end()) {
                    for y in *fy.start().max(ys.start())..=*fy.end().min(ys.end()) {
                        tiles.insert((x, y));
                    }
                }
            }
        }
        tiles.into_iter().map(|(x, y)| TileId { z, x, y }).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use geodata::catalog::Catalog;

    use super::*;

    static SOURCE: LazyLock<TileSource> = LazyLock::new(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        TileSource::new(&Catalog::load(&data, &[]).expect("data load").0)
    });

    /// Around Annemasse at z12, every tile with content is a candidate, and candidates far
    /// outside the area are not listed.
    #[test]
    fn candidates_hold_every_tile_with_content() {
        let area = [6.15, 46.14, 6.35, 46.25];
        let z = 12;
        let candidates: BTreeSet<(u32, u32)> = SOURCE
            .candidate_tiles(z, Some(area))
            .iter()
            .map(|t| (t.x, t.y))
            .collect();
        assert!(!candidates.is_empty());
        // Scan a block of tiles wider than the area: content only where candidates are.
        let world_min = lonlat_to_world(Coord { x: 6.15, y: 46.25 });
        let world_max = lonlat_to_world(Coord { x: 6.35, y: 46.14 });
        let n = f64::from(1u32 << z);
        let (x0, y0) = ((world_min.x * n) as u32, (world_min.y * n) as u32);
        let (x1, y1) = ((world_max.x * n) as u32, (world_max.y * n) as u32);
        let mut with_content = 0;
        for x in x0..=x1 {
            for y in y0..=y1 {
                if SOURCE.tile(z, x, y).expect("valid tile").is_some() {
                    with_content += 1;
                    assert!(candidates.contains(&(x, y)), "{z}/{x}/{y} has content");
                }
            }
        }
        assert!(with_content > 0);
        // Paris is far from that area.
        let paris = lonlat_to_world(Coord { x: 2.35, y: 48.85 });
        assert!(!candidates.contains(&((paris.x * n) as u32, (paris.y * n) as u32)));
    }

    /// Without an area, the national layer's tiles are listed, across France.
    #[test]
    fn national_candidates_reach_every_qpv() {
        let all = SOURCE.candidate_tiles(8, None);
        let paris = lonlat_to_world(Coord { x: 2.35, y: 48.85 });
        let n = f64::from(1u32 << 8);
        let (px, py) = ((paris.x * n) as u32, (paris.y * n) as u32);
        assert!(all.iter().any(|t| (t.x, t.y) == (px, py)));
        assert!(SOURCE.tile(8, px, py).expect("valid").is_some());
    }
}
