//! The clip of a tile's polygons to the buffered tile: geo's `intersection_with_fill_rule`
//! (non-zero rule) with the same result, without feeding i_overlay the vertices that cannot
//! change it.
//!
//! A z14 tile cuts national QPVs, communes and territories that reach far past it; the overlay
//! costs with every segment it is given (three quarters of a cold tile's time went to it).
//! Within a ring, a run of consecutive vertices all beyond the same side of the clip (all left
//! of it, say) is replaced by the chord from its first to its last vertex: the run and the
//! chord enclose a region beyond that side only, so the winding number of every point of the
//! clip is the same, and a ring wholly beyond one side is dropped for the same reason. The
//! vertices i_overlay snaps to its integer grid keep their positions: the float-to-integer
//! adapter is the one geo would make, from every vertex given (the overlay maps coordinates
//! into a frame sized by their bounding box). `same_as_geo` in the tests checks the result
//! against geo's on outlines that cross the clip many times.

use geo::{Coord, LineString, MultiPolygon, Polygon, Rect};
use i_overlay::core::fill_rule::FillRule;
use i_overlay::core::overlay::ShapeType;
use i_overlay::core::overlay_rule::OverlayRule;
use i_overlay::float::overlay::{FloatOverlay, OverlayOptions};
use i_overlay::i_float::adapter::FloatPointAdapter;
use i_overlay::i_float::float::rect::FloatRect;

/// `MultiPolygon(polygons).intersection_with_fill_rule(clip_polygon, FillRule::NonZero)`,
/// `clip_polygon` being `clip_box` as a polygon (its ring order kept, as geo gives it).
pub fn clip_polygons(
    polygons: &[Polygon<f64>],
    clip_box: &Rect<f64>,
    clip_polygon: &Polygon<f64>,
) -> MultiPolygon<f64> {
    let clip_ring = open_ring(clip_polygon.exterior());
    let Some(rect) = bounds(polygons, &clip_ring) else {
        return MultiPolygon(Vec::new());
    };
    let subject: Vec<Vec<[f64; 2]>> = polygons
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .filter_map(|ring| reduced(ring, clip_box))
        .collect();
    let clip: Vec<Vec<[f64; 2]>> = vec![clip_ring.iter().map(|c| [c.x, c.y]).collect()];
    // geo's capacity: every vertex given. It only sizes the buffers.
    let capacity = polygons
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|r| r.0.len().saturating_sub(1))
        .sum::<usize>()
        + clip_ring.len();
    let adapter = FloatPointAdapter::new(rect);
    let shapes =
        FloatOverlay::new_custom(adapter, OverlayOptions::ogc(), Default::default(), capacity)
            .unsafe_add_source(&subject, ShapeType::Subject)
            .unsafe_add_source(&clip, ShapeType::Clip)
            .overlay(OverlayRule::Intersect, FillRule::NonZero);
    // As geo's `multi_polygon_from_shapes`: the first path of a shape is its exterior, each
    // ring closed.
    MultiPolygon(
        shapes
            .into_iter()
            .map(|shape| {
                let mut rings = shape.into_iter().map(|path| {
                    let mut ring = LineString(
                        path.into_iter()
                            .map(|[x, y]| Coord { x, y })
                            .collect::<Vec<_>>(),
                    );
                    ring.close();
                    ring
                });
                let exterior = rings.next().unwrap_or(LineString(Vec::new()));
                Polygon::new(exterior, rings.collect())
            })
            .collect(),
    )
}

/// A closed ring without its closing vertex, as i_overlay takes it (and geo gives it).
fn open_ring(ring: &LineString<f64>) -> Vec<Coord<f64>> {
    match ring.0.split_last() {
        Some((_, open)) => open.to_vec(),
        None => Vec::new(),
    }
}

/// The bounding box of every vertex geo would give the overlay (each ring without its
/// closing vertex, then the clip's), for the same adapter.
fn bounds(polygons: &[Polygon<f64>], clip_ring: &[Coord<f64>]) -> Option<FloatRect<f64>> {
    let open = |r: &LineString<f64>| -> usize { r.0.len().saturating_sub(1) };
    let mut all = polygons
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| r.0[..open(r)].iter())
        .chain(clip_ring.iter());
    let first = all.next()?;
    let mut rect = FloatRect::new(first.x, first.x, first.y, first.y);
    for c in all {
        rect.min_x = rect.min_x.min(c.x);
        rect.max_x = rect.max_x.max(c.x);
        rect.min_y = rect.min_y.min(c.y);
        rect.max_y = rect.max_y.max(c.y);
    }
    Some(rect)
}

/// The sides of `clip` a coordinate lies strictly beyond: left, right, below, above (bits).
fn beyond(c: Coord<f64>, clip: &Rect<f64>) -> u8 {
    u8::from(c.x < clip.min().x)
        | (u8::from(c.x > clip.max().x) << 1)
        | (u8::from(c.y < clip.min().y) << 2)
        | (u8::from(c.y > clip.max().y) << 3)
}

/// A closed ring as an open path for the overlay, each run of three or more consecutive
/// vertices beyond one same side of `clip` kept as its first and last vertex; `None` for a
/// ring wholly beyond one side.
fn reduced(ring: &LineString<f64>, clip: &Rect<f64>) -> Option<Vec<[f64; 2]>> {
    let open = match ring.0.split_last() {
        Some((_, open)) => open,
        None => return Some(Vec::new()),
    };
    let sides: Vec<u8> = open.iter().map(|c| beyond(*c, clip)).collect();
    if !open.is_empty() && sides.iter().fold(0b1111, |m, s| m & s) != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(open.len());
    let mut i = 0;
    while i < open.len() {
        // The run starting at i: vertices sharing a side with every vertex before them in it.
        let mut common = sides[i];
        let mut end = i;
        while common != 0 && end + 1 < open.len() && common & sides[end + 1] != 0 {
            common &= sides[end + 1];
            end += 1;
        }
        out.push([open[i].x, open[i].y]);
        if end > i {
            out.push([open[end].x, open[end].y]);
        }
        i = end + 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::algorithm::bool_ops::FillRule as GeoFillRule;
    use geo::BooleanOps;

    fn clip_box() -> Rect<f64> {
        Rect::new(
            Coord { x: -64.0, y: -64.0 },
            Coord {
                x: 4160.0,
                y: 4160.0,
            },
        )
    }

    fn clip() -> Polygon<f64> {
        clip_box().to_polygon()
    }

    fn geo_clip(polygons: &[Polygon<f64>]) -> MultiPolygon<f64> {
        MultiPolygon(polygons.to_vec()).intersection_with_fill_rule(&clip(), GeoFillRule::NonZero)
    }

    /// A star-shaped outline of `n` integer vertices around (cx, cy), its radius swinging
    /// between `r0` and `r1`: it crosses the clip's sides many times when centred near them.
    fn star(cx: f64, cy: f64, r0: f64, r1: f64, n: usize, turns: f64) -> LineString<f64> {
        let mut coords: Vec<Coord<f64>> = (0..n)
            .map(|k| {
                let a = k as f64 / n as f64 * std::f64::consts::TAU;
                let r = r0 + (r1 - r0) * (0.5 + 0.5 * (a * turns).sin());
                Coord {
                    x: (cx + r * a.cos()).round(),
                    y: (cy + r * a.sin()).round(),
                }
            })
            .collect();
        coords.dedup();
        let first = coords[0];
        coords.push(first);
        LineString(coords)
    }

    #[test]
    fn same_as_geo() {
        let mut cases: Vec<Vec<Polygon<f64>>> = Vec::new();
        for (cx, cy) in [
            (0.0, 0.0),
            (2048.0, -500.0),
            (4160.0, 2000.0),
            (5000.0, 5000.0),
            (2048.0, 2048.0),
        ] {
            for (r0, r1, n, turns) in [
                (300.0, 3000.0, 400, 7.0),
                (1000.0, 9000.0, 2000, 13.0),
                (50.0, 800.0, 90, 5.0),
            ] {
                let outer = star(cx, cy, r0, r1, n, turns);
                let hole = star(cx + 10.0, cy - 7.0, r0 * 0.3, r0 * 0.9, n / 3, turns + 2.0);
                // A hole given the wrong way round and a second, overlapping polygon: the
                // non-zero rule repairs both.
                let other = star(cx - 900.0, cy + 600.0, r0, r1 * 0.7, n / 2, turns - 3.0);
                cases.push(vec![Polygon::new(outer.clone(), vec![])]);
                cases.push(vec![
                    Polygon::new(outer, vec![hole]),
                    Polygon::new(other, vec![]),
                ]);
            }
        }
        // A self-crossing bow tie reaching out on every side, and a ring wholly to one side.
        cases.push(vec![
            Polygon::new(
                LineString::from(vec![
                    (-3000.0, -3000.0),
                    (9000.0, 9000.0),
                    (9000.0, -3000.0),
                    (-3000.0, 9000.0),
                    (-3000.0, -3000.0),
                ]),
                vec![],
            ),
            Polygon::new(star(-5000.0, 2000.0, 100.0, 900.0, 60, 3.0), vec![]),
        ]);
        for (k, polygons) in cases.iter().enumerate() {
            assert_eq!(
                clip_polygons(polygons, &clip_box(), &clip()),
                geo_clip(polygons),
                "case {k}"
            );
        }
    }

    #[test]
    fn runs_beyond_one_side_keep_their_ends() {
        let r = Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 10.0, y: 10.0 });
        let ring = LineString::from(vec![
            (5.0, 5.0),
            (-1.0, 5.0),
            (-5.0, 8.0),
            (-6.0, 20.0),
            (-2.0, 30.0),
            (5.0, 30.0),
            (5.0, 9.0),
            (5.0, 5.0),
        ]);
        // (-1,5) (-5,8) (-6,20) (-2,30) are left of the box; (-6,20) (-2,30) (5,30) above it,
        // but the run left started first.
        assert_eq!(
            reduced(&ring, &r).unwrap(),
            [
                [5.0, 5.0],
                [-1.0, 5.0],
                [-2.0, 30.0],
                [5.0, 30.0],
                [5.0, 9.0]
            ]
        );
        let away = LineString::from(vec![(20.0, 1.0), (30.0, 5.0), (25.0, 40.0), (20.0, 1.0)]);
        assert_eq!(reduced(&away, &r), None);
    }
}
