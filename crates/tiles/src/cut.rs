//! Cutting a feature's geometry for one tile: simplify for the zoom and quantise to the tile
//! grid first, then clip to the tile plus its buffer and repair, drop what collapsed, and
//! orient rings the MVT way.
//!
//! Quantising first matters: rounding a clipped, valid polygon can fold it onto itself, while
//! clipping and repairing an already rounded one yields what the client will draw.

use geo::{
    BooleanOps, Contains, Coord, LineString, MultiLineString, MultiPoint, MultiPolygon, Point,
    Polygon, Rect,
};

use crate::grid::{TileFrame, TileId};
use crate::project::{Path, Projected};
use crate::EXTENT;

/// Tile units kept around the tile, so that lines and outlines run past its edges.
pub const BUFFER: u32 = 64;

/// Below this size (tile units, both ways) a polygon is drawn as its anchor point: at 512
/// pixels a tile, 16 units are 2 pixels, too small to see as an area.
const MIN_VISIBLE: f64 = 16.0;

/// Douglas-Peucker tolerance below the highest zoom, in tile units (¼ pixel at 512 px a tile).
const SIMPLIFY: f64 = 2.0;

/// A feature's geometry cut for one tile, in integer tile coordinates (y down).
#[derive(Debug, Clone, PartialEq)]
pub enum TileGeometry {
    Polygons(MultiPolygon<f64>),
    Lines(MultiLineString<f64>),
    Points(MultiPoint<f64>),
}

/// Cuts world geometries for one tile.
#[derive(Debug, Clone)]
pub struct Cutter {
    frame: TileFrame,
    /// The tile plus its buffer, in tile coordinates.
    clip: Rect<f64>,
    clip_polygon: Polygon<f64>,
    /// The same, in world coordinates, to skip features quickly.
    world_clip: Rect<f64>,
    /// Squared simplification tolerance, in world units².
    tolerance2: f64,
}

impl Cutter {
    pub fn new(tile: TileId) -> Cutter {
        let b = f64::from(BUFFER);
        let clip = Rect::new(
            Coord { x: -b, y: -b },
            Coord {
                x: f64::from(EXTENT) + b,
                y: f64::from(EXTENT) + b,
            },
        );
        let tolerance = if tile.z >= crate::MAX_ZOOM {
            0.0
        } else {
            SIMPLIFY / (f64::from(EXTENT) * f64::from(1u32 << tile.z))
        };
        Cutter {
            frame: TileFrame::new(tile),
            clip,
            clip_polygon: clip.to_polygon(),
            world_clip: tile.world_bounds(BUFFER),
            tolerance2: tolerance * tolerance,
        }
    }

    /// Every geometry type of a feature present in this tile.
    pub fn cut(&self, p: &Projected) -> Vec<TileGeometry> {
        let Some(bounds) = p.bounds else {
            return Vec::new();
        };
        if !intersects(&bounds, &self.world_clip) {
            return Vec::new();
        }
        let mut out = Vec::new();
        if !p.polygons.is_empty() {
            out.extend(self.polygons(&p.polygons, p.anchor));
        }
        if !p.lines.is_empty() {
            out.extend(self.lines(&p.lines));
        }
        if !p.points.is_empty() {
            out.extend(self.points(&p.points));
        }
        out
    }

    /// A path simplified for the zoom and quantised to the tile grid, without repeats.
    fn quantise(&self, path: &Path) -> Vec<Coord<f64>> {
        let mut coords: Vec<Coord<f64>> = path
            .simplified(self.tolerance2)
            .map(|c| self.frame.quantise(c))
            .collect();
        coords.dedup();
        coords
    }

    /// Polygons: simplified, quantised, then clipped and repaired; their anchor point when too
    /// small to see.
    fn polygons(&self, world: &[Vec<Path>], anchor: Option<Coord<f64>>) -> Option<TileGeometry> {
        let quantised: Vec<Polygon<f64>> = world
            .iter()
            .filter_map(|rings| {
                let mut rings = rings.iter().map(|r| self.quantise(r));
                let exterior = closed_ring(rings.next()?, true, has_three_points)?;
                let holes = rings
                    .filter_map(|r| closed_ring(r, false, has_three_points))
                    .collect();
                Some(Polygon::new(exterior, holes))
            })
            .collect();
        let size = extent_of(quantised.iter().flat_map(|p| p.exterior().coords()));
        let too_small = size.is_none_or(|r| r.width() < MIN_VISIBLE && r.height() < MIN_VISIBLE);
        if too_small {
            let point = self.frame.quantise(anchor?);
            return self
                .inside(point)
                .then_some(TileGeometry::Points(MultiPoint(vec![Point(point)])));
        }
        if !size.is_some_and(|r| intersects(&r, &self.clip)) {
            return None;
        }
        // No edge meets the buffered tile: the tile lies wholly inside the feature (a commune
        // or a territory at high zoom) or wholly outside it, with no clipping to do.
        let crossed = quantised
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .any(|ring| {
                ring.lines()
                    .any(|seg| segment_meets(seg.start, seg.end, &self.clip))
            });
        if !crossed {
            let centre = Point(self.clip.center());
            return quantised
                .iter()
                .any(|p| p.contains(&centre))
                .then(|| TileGeometry::Polygons(MultiPolygon(vec![self.square()])));
        }
        // One boolean operation clips to the buffered tile and repairs what rounding and
        // simplifying folded (non-zero rule: overlapping parts merge, holes stay holes).
        let clipped = crate::clip::clip_polygons(&quantised, &self.clip, &self.clip_polygon);
        let polygons: Vec<Polygon<f64>> = clipped
            .into_iter()
            .filter_map(|p| {
                let (exterior, holes) = p.into_inner();
                let exterior = closed_ring(rounded(exterior), true, is_ring)?;
                let holes = holes
                    .into_iter()
                    .filter_map(|h| closed_ring(rounded(h), false, is_ring))
                    .collect();
                Some(Polygon::new(exterior, holes))
            })
            .collect();
        (!polygons.is_empty()).then_some(TileGeometry::Polygons(MultiPolygon(polygons)))
    }

    /// Lines: simplified, quantised and clipped to the buffered tile.
    fn lines(&self, world: &[Path]) -> Option<TileGeometry> {
        let quantised = MultiLineString(
            world
                .iter()
                .map(|l| LineString(self.quantise(l)))
                .filter(|l| l.0.len() >= 2)
                .collect(),
        );
        let clipped = self.clip_polygon.clip(&quantised, false);
        let lines: Vec<LineString<f64>> = clipped
            .into_iter()
            .map(|l| LineString(rounded(l)))
            .filter(|l| l.0.len() >= 2)
            .collect();
        (!lines.is_empty()).then_some(TileGeometry::Lines(MultiLineString(lines)))
    }

    /// Points: quantised; those in the buffered tile.
    fn points(&self, world: &[Coord<f64>]) -> Option<TileGeometry> {
        let points: Vec<Point<f64>> = world
            .iter()
            .map(|c| self.frame.quantise(*c))
            .filter(|c| self.inside(*c))
            .map(Point)
            .collect();
        (!points.is_empty()).then_some(TileGeometry::Points(MultiPoint(points)))
    }

    /// The buffered tile as an MVT exterior ring.
    fn square(&self) -> Polygon<f64> {
        let (min, max) = (self.clip.min(), self.clip.max());
        // Clockwise on screen (y down): positive area in tile coordinates.
        let ring = vec![
            min,
            Coord { x: max.x, y: min.y },
            max,
            Coord { x: min.x, y: max.y },
            min,
        ];
        Polygon::new(LineString(ring), vec![])
    }

    fn inside(&self, c: Coord<f64>) -> bool {
        let (min, max) = (self.clip.min(), self.clip.max());
        (min.x..=max.x).contains(&c.x) && (min.y..=max.y).contains(&c.y)
    }
}

fn intersects(a: &Rect<f64>, b: &Rect<f64>) -> bool {
    a.min().x <= b.max().x
        && b.min().x <= a.max().x
        && a.min().y <= b.max().y
        && b.min().y <= a.max().y
}

/// Whether segment `a`-`b` meets the closed rectangle `r` (Liang-Barsky).
fn segment_meets(a: Coord<f64>, b: Coord<f64>, r: &Rect<f64>) -> bool {
    let d = b - a;
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-d.x, a.x - r.min().x),
        (d.x, r.max().x - a.x),
        (-d.y, a.y - r.min().y),
        (d.y, r.max().y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
            continue;
        }
        let t = q / p;
        if p < 0.0 {
            if t > t1 {
                return false;
            }
            t0 = t0.max(t);
        } else {
            if t < t0 {
                return false;
            }
            t1 = t1.min(t);
        }
    }
    true
}

fn extent_of<'a>(coords: impl Iterator<Item = &'a Coord<f64>>) -> Option<Rect<f64>> {
    coords.fold(None, |acc, c| {
        Some(match acc {
            None => Rect::new(*c, *c),
            Some(r) => Rect::new(
                Coord {
                    x: r.min().x.min(c.x),
                    y: r.min().y.min(c.y),
                },
                Coord {
                    x: r.max().x.max(c.x),
                    y: r.max().y.max(c.y),
                },
            ),
        })
    })
}

/// The coordinates rounded to the tile grid, without repeats.
fn rounded(l: LineString<f64>) -> Vec<Coord<f64>> {
    let mut coords: Vec<Coord<f64>> =
        l.0.into_iter()
            .map(|c| Coord {
                x: c.x.round(),
                y: c.y.round(),
            })
            .collect();
    coords.dedup();
    coords
}

/// Twice the signed area of a closed ring (shoelace formula): positive when the ring turns
/// counter-clockwise with y up, that is clockwise on screen in tile coordinates (y down).
fn ring_area2(coords: &[Coord<f64>]) -> f64 {
    coords
        .windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum()
}

/// Whether a ring has at least three distinct points.
fn has_three_points(coords: &[Coord<f64>]) -> bool {
    let Some(&a) = coords.first() else {
        return false;
    };
    let Some(&b) = coords.iter().find(|&&c| c != a) else {
        return false;
    };
    coords.iter().any(|&c| c != a && c != b)
}

/// Whether a ring still encloses something: three distinct points and a non-zero area.
fn is_ring(coords: &[Coord<f64>]) -> bool {
    has_three_points(coords) && ring_area2(coords) != 0.0
}

/// The ring closed, kept if it passes `keep`, and turned the MVT way: exterior rings with a
/// positive area in tile coordinates, holes with a negative one.
fn closed_ring(
    mut coords: Vec<Coord<f64>>,
    exterior: bool,
    keep: fn(&[Coord<f64>]) -> bool,
) -> Option<LineString<f64>> {
    if let (Some(&first), Some(&last)) = (coords.first(), coords.last()) {
        if first != last {
            coords.push(first);
        }
    }
    if !keep(&coords) {
        return None;
    }
    if (ring_area2(&coords) > 0.0) != exterior {
        coords.reverse();
    }
    Some(LineString(coords))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::lonlat_to_world;
    use geo::{line_string, point, polygon, Area, Geometry, GeometryCollection};

    /// A tile whose frame maps world → tile coordinates by ×4096 (zoom 0).
    fn z0() -> Cutter {
        Cutter::new(TileId::new(0, 0, 0).unwrap())
    }

    /// A polygon given in tile units of the z0 tile, as world coordinates.
    fn world_polygon(rings: &[&[(f64, f64)]]) -> MultiPolygon<f64> {
        let ring = |r: &[(f64, f64)]| {
            LineString::from(
                r.iter()
                    .map(|&(x, y)| (x / 4096.0, y / 4096.0))
                    .collect::<Vec<_>>(),
            )
        };
        MultiPolygon(vec![Polygon::new(
            ring(rings[0]),
            rings[1..].iter().map(|r| ring(r)).collect(),
        )])
    }

    fn projected(mp: MultiPolygon<f64>) -> Projected {
        let mut p = Projected::from_world(&mp, &MultiLineString(vec![]), vec![]);
        p.anchor = p.bounds.map(|b| b.center());
        p
    }

    fn signed_area(l: &LineString<f64>) -> f64 {
        ring_area2(&l.0) / 2.0
    }

    fn only_polygons(g: Vec<TileGeometry>) -> MultiPolygon<f64> {
        match g.as_slice() {
            [TileGeometry::Polygons(mp)] => mp.clone(),
            other => panic!("expected polygons, got {other:?}"),
        }
    }

    #[test]
    fn exterior_has_positive_area_and_holes_negative_in_tile_coordinates() {
        // Given clockwise on screen the wrong way round: exterior negative, hole positive.
        let mp = world_polygon(&[
            &[
                (100.0, 100.0),
                (100.0, 900.0),
                (900.0, 900.0),
                (900.0, 100.0),
                (100.0, 100.0),
            ],
            &[
                (300.0, 300.0),
                (600.0, 300.0),
                (600.0, 600.0),
                (300.0, 600.0),
                (300.0, 300.0),
            ],
        ]);
        let out = only_polygons(z0().cut(&projected(mp)));
        assert_eq!(out.0.len(), 1);
        let p = &out.0[0];
        assert!(signed_area(p.exterior()) > 0.0, "{p:?}");
        assert_eq!(p.interiors().len(), 1);
        assert!(signed_area(&p.interiors()[0]) < 0.0);
        assert_eq!(p.unsigned_area(), 800.0 * 800.0 - 300.0 * 300.0);
    }

    #[test]
    fn quantises_to_integers_before_anything_else() {
        let mp = world_polygon(&[&[
            (10.4, 10.6),
            (200.2, 10.4),
            (200.49, 300.51),
            (10.0, 300.0),
            (10.4, 10.6),
        ]]);
        let out = only_polygons(z0().cut(&projected(mp)));
        for c in out.0[0].exterior().coords() {
            assert_eq!(c.x.fract(), 0.0, "{c:?}");
            assert_eq!(c.y.fract(), 0.0, "{c:?}");
        }
        assert!(out.contains(&Point::new(100.0, 100.0)));
        assert!(out.0[0]
            .exterior()
            .coords()
            .any(|c| *c == Coord { x: 200.0, y: 301.0 }));
    }

    #[test]
    fn clips_to_the_tile_plus_buffer() {
        let mp = world_polygon(&[&[
            (-1000.0, -1000.0),
            (5000.0, -1000.0),
            (5000.0, 2000.0),
            (-1000.0, 2000.0),
            (-1000.0, -1000.0),
        ]]);
        let out = only_polygons(z0().cut(&projected(mp)));
        let r = extent_of(out.0[0].exterior().coords()).unwrap();
        assert_eq!((r.min().x, r.min().y), (-64.0, -64.0));
        assert_eq!((r.max().x, r.max().y), (4160.0, 2000.0));
        assert_eq!(out.unsigned_area(), 4224.0 * 2064.0);
    }

    #[test]
    fn clipped_polygon_with_a_fractional_crossing_is_rounded() {
        // The edge from (4000, 0) to (4300, 1000) crosses x = 4160 at y = 533.33.
        let mp = world_polygon(&[&[
            (4000.0, 0.0),
            (4300.0, 1000.0),
            (4000.0, 1000.0),
            (4000.0, 0.0),
        ]]);
        let out = only_polygons(z0().cut(&projected(mp)));
        let ring = out.0[0].exterior();
        assert!(ring
            .coords()
            .all(|c| c.x.fract() == 0.0 && c.y.fract() == 0.0));
        assert!(
            ring.coords().any(|c| *c
                == Coord {
                    x: 4160.0,
                    y: 533.0
                }),
            "{ring:?}"
        );
        assert!(ring.coords().all(|c| c.x <= 4160.0));
    }

    #[test]
    fn slivers_and_collapsed_rings_are_dropped() {
        // A hole and a part that collapse to a line once rounded.
        let mut mp = world_polygon(&[
            &[
                (0.0, 0.0),
                (1000.0, 0.0),
                (1000.0, 1000.0),
                (0.0, 1000.0),
                (0.0, 0.0),
            ],
            &[
                (100.0, 100.0),
                (500.0, 100.2),
                (900.0, 100.4),
                (100.0, 100.0),
            ],
        ]);
        mp.0.extend(
            world_polygon(&[&[
                (2000.0, 2000.0),
                (3000.0, 2000.3),
                (2500.0, 2000.1),
                (2000.0, 2000.0),
            ]])
            .0,
        );
        let out = only_polygons(z0().cut(&projected(mp)));
        assert_eq!(out.0.len(), 1, "{out:?}");
        assert!(out.0[0].interiors().is_empty());
        for ring in out.0.iter().map(|p| p.exterior()) {
            assert!(is_ring(&ring.0));
        }
    }

    #[test]
    fn self_intersection_from_rounding_is_repaired() {
        // A bow tie: two triangles meeting at (500, 500); the non-zero rule keeps both wings
        // with positive orientation after repair.
        let mp = world_polygon(&[&[
            (0.0, 0.0),
            (1000.0, 1000.0),
            (1000.0, 0.0),
            (0.0, 1000.0),
            (0.0, 0.0),
        ]]);
        let out = only_polygons(z0().cut(&projected(mp)));
        assert_eq!(out.0.len(), 2, "{out:?}");
        for p in &out.0 {
            assert!(signed_area(p.exterior()) > 0.0);
            assert_eq!(p.unsigned_area(), 250_000.0);
        }
    }

    #[test]
    fn tiny_polygon_becomes_its_anchor_point() {
        let mp = world_polygon(&[&[
            (100.0, 100.0),
            (110.0, 100.0),
            (110.0, 108.0),
            (100.0, 100.0),
        ]]);
        let out = z0().cut(&projected(mp));
        assert_eq!(
            out,
            [TileGeometry::Points(MultiPoint(vec![Point::new(
                105.0, 104.0
            )]))]
        );
    }

    #[test]
    fn feature_outside_the_buffer_gives_nothing() {
        let tile = Cutter::new(TileId::new(1, 0, 0).unwrap());
        // Bottom-right quarter of the world, 1 unit past the buffer of tile 1/0/0.
        let mp = world_polygon(&[&[
            (2048.0 + 33.0, 2048.0 + 33.0),
            (4000.0, 2100.0),
            (4000.0, 4000.0),
            (2081.0, 2081.0),
        ]]);
        assert!(tile.cut(&projected(mp)).is_empty());
    }

    #[test]
    fn lines_are_clipped_and_points_filtered() {
        let g = Geometry::GeometryCollection(GeometryCollection(vec![
            line_string![(x: -10.0, y: 46.2), (x: 10.0, y: 46.2)].into(),
            point!(x: 6.2, y: 46.2).into(),
            point!(x: 40.0, y: 46.2).into(),
        ]));
        let world = lonlat_to_world(Coord { x: 6.2, y: 46.2 });
        let (x, y) = ((world.x * 256.0) as u32, (world.y * 256.0) as u32);
        let cutter = Cutter::new(TileId::new(8, x, y).unwrap());
        let out = cutter.cut(&Projected::new(&g));
        let [TileGeometry::Lines(lines), TileGeometry::Points(points)] = out.as_slice() else {
            panic!("{out:?}");
        };
        assert_eq!(points.0.len(), 1);
        assert_eq!(lines.0.len(), 1);
        let r = extent_of(lines.0[0].coords()).unwrap();
        assert_eq!((r.min().x, r.max().x), (-64.0, 4160.0));
        assert_eq!(r.min().y, r.max().y);
    }

    #[test]
    fn segment_and_rectangle() {
        let r = Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 10.0, y: 10.0 });
        let c = |x, y| Coord { x, y };
        assert!(segment_meets(c(-5.0, 5.0), c(15.0, 5.0), &r), "crossing");
        assert!(segment_meets(c(2.0, 2.0), c(3.0, 3.0), &r), "inside");
        assert!(
            segment_meets(c(-5.0, 15.0), c(5.0, 5.0), &r),
            "touching a corner"
        );
        assert!(
            !segment_meets(c(-5.0, 11.0), c(5.0, 21.0), &r),
            "passing by"
        );
        assert!(
            !segment_meets(c(11.0, -5.0), c(11.0, 15.0), &r),
            "parallel outside"
        );
        assert!(
            !segment_meets(c(-10.0, 5.0), c(-1.0, 5.0), &r),
            "short of it"
        );
    }

    #[test]
    fn tile_inside_a_hole_or_beside_a_ring_gets_nothing() {
        // A frame around the tile: the tile sits in its hole, no edge meets it.
        let mp = world_polygon(&[
            &[
                (-900.0, -900.0),
                (5000.0, -900.0),
                (5000.0, 5000.0),
                (-900.0, 5000.0),
                (-900.0, -900.0),
            ],
            &[
                (-500.0, -500.0),
                (4600.0, -500.0),
                (4600.0, 4600.0),
                (-500.0, 4600.0),
                (-500.0, -500.0),
            ],
        ]);
        assert!(z0().cut(&projected(mp)).is_empty());
    }

    #[test]
    fn polygon_covering_the_tile_becomes_the_buffered_square() {
        let square = polygon![(x: 5.0, y: 45.0), (x: 8.0, y: 45.0), (x: 8.0, y: 48.0), (x: 5.0, y: 48.0), (x: 5.0, y: 45.0)];
        let cutter = Cutter::new(TileId::new(14, 8476, 5816).unwrap());
        let out = only_polygons(cutter.cut(&Projected::new(&square.into())));
        assert_eq!(out.unsigned_area(), 4224.0 * 4224.0);
        assert!(signed_area(out.0[0].exterior()) > 0.0);
    }
}
