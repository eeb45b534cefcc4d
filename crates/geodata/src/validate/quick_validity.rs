//! geo's OGC validity rules for polygons, at a cost that stays bounded whatever the input.
//!
//! geo's `Validation` looks for a ring's self-intersection by comparing every edge with every
//! other one: with the ~10,000 commune contours of 344 territories that was a third of the
//! server's start, and an imported outline of 500,000 vertices (within the import's bounds)
//! would have compared 10¹¹ pairs. Here a ring's edges go into an R-tree and each is compared
//! only with the edges whose boxes meet its own, with geo's predicate unchanged (the same
//! `Line::intersects`, the same pairs left out); parts of a multipolygon and holes are related
//! only when their boxes meet (geo relates every pair, though apart they cannot overlap or
//! touch). The errors are geo's own values, so the messages users read do not change. Past
//! [`MAX_EDGE_PAIRS`] pairs of edges that are not neighbours, the check stops and says so.

use geo::coordinate_position::CoordPos;
use geo::dimensions::Dimensions;
use geo::validation::{
    CoordIndex, GeometryIndex, InvalidGeometry, InvalidMultiPolygon, InvalidPolygon, RingRole,
};
use geo::{
    BoundingRect, Geometry, HasDimensions, Intersects, Line, LineString, MultiPolygon, Polygon,
    PreparedGeometry, Relate, RemoveRepeatedPoints,
};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, RTreeObject};

/// Pairs of edges of one ring whose boxes meet, neighbours aside, that a validity check may
/// compare. A drawn outline has few (its edges meet their neighbours only: the ~10,000
/// commune contours of France have 0 to a few hundred each); 10 million take about half a
/// second; a shape past it (a star or a zigzag of thousands of long edges converging) is
/// refused as too costly to check rather than left to run for minutes (geo's all-pairs check
/// of a 500,000-vertex outline, within the import's bounds, compares 10¹¹ pairs).
pub const MAX_EDGE_PAIRS: usize = 10_000_000;

/// The outcome of checking a polygonal geometry.
#[derive(Debug)]
pub enum Checked {
    /// geo's errors, in geo's order (none: valid).
    Errors(Vec<InvalidGeometry>),
    /// The check stopped: more than [`MAX_EDGE_PAIRS`] pairs to compare in this ring.
    TooCostly(RingRole),
}

/// geo's validation of a polygon or a multipolygon, bounded; `None` for other geometries
/// (points and lines: geo's own check is linear).
pub fn check(geometry: &Geometry<f64>) -> Option<Checked> {
    check_within(geometry, MAX_EDGE_PAIRS)
}

/// [`check`] of a multipolygon, without wrapping it in a `Geometry` (the repair reads one).
pub fn check_multi_polygon(mp: &MultiPolygon<f64>) -> Checked {
    let mut errors = Vec::new();
    let outcome = multi_polygon(mp, MAX_EDGE_PAIRS, &mut |e| {
        errors.push(InvalidGeometry::InvalidMultiPolygon(e))
    });
    checked(outcome, errors)
}

fn check_within(geometry: &Geometry<f64>, cap: usize) -> Option<Checked> {
    let mut errors = Vec::new();
    let outcome = match geometry {
        Geometry::Polygon(p) => polygon(p, cap, &mut |e| {
            errors.push(InvalidGeometry::InvalidPolygon(e))
        }),
        Geometry::MultiPolygon(mp) => multi_polygon(mp, cap, &mut |e| {
            errors.push(InvalidGeometry::InvalidMultiPolygon(e))
        }),
        _ => return None,
    };
    Some(checked(outcome, errors))
}

fn checked(outcome: Result<(), RingRole>, errors: Vec<InvalidGeometry>) -> Checked {
    match outcome {
        Ok(()) => Checked::Errors(errors),
        Err(role) => Checked::TooCostly(role),
    }
}

fn multi_polygon(
    mp: &MultiPolygon<f64>,
    cap: usize,
    report: &mut dyn FnMut(InvalidMultiPolygon),
) -> Result<(), RingRole> {
    let boxes: Vec<_> = mp.0.iter().map(|p| p.bounding_rect()).collect();
    for (i, p) in mp.0.iter().enumerate() {
        polygon(p, cap, &mut |e| {
            report(InvalidMultiPolygon::InvalidPolygon(GeometryIndex(i), e))
        })?;
        for (j, other) in mp.0.iter().enumerate().skip(i + 1) {
            if !boxes_meet(boxes[i], boxes[j]) {
                continue;
            }
            let im = p.relate(other);
            if im.get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional {
                report(InvalidMultiPolygon::ElementsOverlaps(
                    GeometryIndex(i),
                    GeometryIndex(j),
                ));
            }
            if im.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional {
                report(InvalidMultiPolygon::ElementsTouchOnALine(
                    GeometryIndex(i),
                    GeometryIndex(j),
                ));
            }
        }
    }
    Ok(())
}

fn polygon(
    p: &Polygon<f64>,
    cap: usize,
    report: &mut dyn FnMut(InvalidPolygon),
) -> Result<(), RingRole> {
    if p.is_empty() {
        return Ok(());
    }
    for (index, ring) in std::iter::once(p.exterior())
        .chain(p.interiors())
        .enumerate()
    {
        if ring.0.is_empty() {
            continue;
        }
        let role = if index == 0 {
            RingRole::Exterior
        } else {
            RingRole::Interior(index - 1)
        };
        if ring.remove_repeated_points().0.len() < 4 {
            report(InvalidPolygon::TooFewPointsInRing(role));
        }
        let finite = ring.0.iter().all(|c| c.x.is_finite() && c.y.is_finite());
        // Not finite: an R-tree cannot hold the edges; geo's own pairwise check then (the
        // raw-coordinates rule has refused such a file before it gets here).
        let crossing = if finite {
            self_intersection(ring, cap).ok_or(role)?
        } else {
            geo_self_intersection(ring)
        };
        if crossing {
            report(InvalidPolygon::SelfIntersection(role));
        }
        for (i, c) in ring.0.iter().enumerate() {
            if !(c.x.is_finite() && c.y.is_finite()) {
                report(InvalidPolygon::NonFiniteCoord(role, CoordIndex(i)));
            }
        }
    }
    holes(p, report);
    Ok(())
}

/// geo's rules on holes: inside the exterior, not touching it on a line, not overlapping
/// each other nor touching each other on a line.
fn holes(p: &Polygon<f64>, report: &mut dyn FnMut(InvalidPolygon)) {
    if !p.interiors().iter().any(|ring| !ring.0.is_empty()) {
        return;
    }
    let exterior = Polygon::new(p.exterior().clone(), vec![]);
    let exterior = PreparedGeometry::from(&exterior);
    let holes: Vec<Option<Polygon<f64>>> = p
        .interiors()
        .iter()
        .map(|ring| (!ring.0.is_empty()).then(|| Polygon::new(ring.clone(), vec![])))
        .collect();
    let boxes: Vec<_> = p.interiors().iter().map(|r| r.bounding_rect()).collect();
    for (i, hole) in holes.iter().enumerate() {
        let Some(hole) = hole else { continue };
        let role = RingRole::Interior(i);
        let prepared = PreparedGeometry::from(hole);
        let with_exterior = exterior.relate(&prepared);
        if !with_exterior.is_contains() {
            report(InvalidPolygon::InteriorRingNotContainedInExteriorRing(role));
        }
        if with_exterior.get(CoordPos::OnBoundary, CoordPos::OnBoundary)
            == Dimensions::OneDimensional
        {
            report(InvalidPolygon::IntersectingRingsOnALine(
                RingRole::Exterior,
                role,
            ));
        }
        for (j, other) in holes.iter().enumerate().skip(i + 1) {
            let Some(other) = other else { continue };
            if !boxes_meet(boxes[i], boxes[j]) {
                continue;
            }
            let im = prepared.relate(other);
            if im.get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional {
                report(InvalidPolygon::IntersectingRingsOnAnArea(
                    role,
                    RingRole::Interior(j),
                ));
            }
            if im.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional {
                report(InvalidPolygon::IntersectingRingsOnALine(
                    role,
                    RingRole::Interior(j),
                ));
            }
        }
    }
}

/// Whether two boxes meet (touching counts): apart, two rings can neither overlap nor touch.
fn boxes_meet(a: Option<geo::Rect<f64>>, b: Option<geo::Rect<f64>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.intersects(&b),
        _ => true,
    }
}

/// An edge's box with its index on the ring.
type Edge = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// geo's `linestring_has_self_intersection` — two edges that intersect, unless one ends where
/// the other starts — over the pairs whose boxes meet; `None` when more than `cap` of them
/// are not neighbours.
fn self_intersection(ring: &LineString<f64>, cap: usize) -> Option<bool> {
    let lines: Vec<Line<f64>> = ring.lines().collect();
    let n = lines.len();
    let edges: Vec<Edge> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            GeomWithData::new(
                Rectangle::from_corners([l.start.x, l.start.y], [l.end.x, l.end.y]),
                i,
            )
        })
        .collect();
    let tree = RTree::bulk_load(edges.clone());
    let neighbours = |i: usize, j: usize| i.abs_diff(j) <= 1 || i.abs_diff(j) == n - 1;
    let mut pairs = 0usize;
    for edge in &edges {
        let i = edge.data;
        for other in tree.locate_in_envelope_intersecting(&edge.envelope()) {
            let j = other.data;
            // The predicate is symmetric: each pair once.
            if j <= i {
                continue;
            }
            if !neighbours(i, j) {
                pairs += 1;
                if pairs > cap {
                    return None;
                }
            }
            let (a, b) = (lines[i], lines[j]);
            if a.start != b.end && a.end != b.start && a.intersects(&b) {
                return Some(true);
            }
        }
    }
    Some(false)
}

/// geo's check itself, for a ring with a coordinate that is not finite.
fn geo_self_intersection(ring: &LineString<f64>) -> bool {
    let lines: Vec<Line<f64>> = ring.lines().collect();
    lines.iter().enumerate().any(|(i, a)| {
        lines
            .iter()
            .enumerate()
            .any(|(j, b)| i != j && a.intersects(b) && a.start != b.end && a.end != b.start)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{wkt, Validation};
    use proptest::prelude::*;

    fn certainly_valid(g: &Geometry<f64>) -> bool {
        matches!(check(g), Some(Checked::Errors(e)) if e.is_empty())
    }

    #[test]
    fn valid_shapes_are_proved_valid() {
        let square: Geometry<f64> = wkt!(POLYGON((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.))).into();
        let holed: Geometry<f64> =
            wkt!(POLYGON((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.),(2. 2., 2. 4., 4. 4., 4. 2., 2. 2.)))
                .into();
        let two: Geometry<f64> =
            wkt!(MULTIPOLYGON(((0. 0., 1. 0., 1. 1., 0. 0.)),((5. 5., 6. 5., 6. 6., 5. 5.))))
                .into();
        for g in [square, holed, two] {
            assert!(certainly_valid(&g), "{g:?}");
            assert!(g.is_valid());
        }
    }

    #[test]
    fn invalid_shapes_are_not() {
        let invalid: [Geometry<f64>; 5] = [
            wkt!(POLYGON((0. 0., 0. 10., 10. 0., 10. 10., 0. 0.))).into(),
            wkt!(POLYGON((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.),(8. 8., 8. 12., 12. 12., 12. 8., 8. 8.))).into(),
            wkt!(MULTIPOLYGON(((0. 0., 2. 0., 2. 2., 0. 0.)),((1. 0., 3. 0., 3. 2., 1. 0.)))).into(),
            wkt!(POLYGON((0. 0., 1. 0., 0. 0., 0. 0.))).into(),
            wkt!(POINT(1. 1.)).into(),
        ];
        for g in invalid {
            assert!(!certainly_valid(&g), "{g:?}");
        }
    }

    /// A star of `spikes` long spikes: valid, but every spike's box holds the centre.
    fn star(spikes: usize) -> Geometry<f64> {
        let mut coords: Vec<(f64, f64)> = (0..2 * spikes)
            .map(|k| {
                let a = std::f64::consts::PI * k as f64 / spikes as f64;
                let r = if k % 2 == 0 { 1.0 } else { 0.001 };
                (r * a.cos(), r * a.sin())
            })
            .collect();
        coords.push(coords[0]);
        Polygon::new(LineString::from(coords), vec![]).into()
    }

    #[test]
    fn past_the_cap_the_check_stops_and_says_which_ring() {
        let g = star(300);
        assert!(matches!(
            check_within(&g, 1_000),
            Some(Checked::TooCostly(RingRole::Exterior))
        ));
        assert!(matches!(check_within(&g, 1_000_000), Some(Checked::Errors(e)) if e.is_empty()));
        assert!(g.is_valid());
    }

    /// A ring of `n` points at random angles and radii around the origin, closed: often
    /// self-intersecting once the angles are shuffled, sometimes with a repeated point.
    fn ring() -> impl Strategy<Value = Vec<(i8, i8)>> {
        prop::collection::vec((-6i8..6, -6i8..6), 3..12)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Same verdict as geo on small integer rings (many touching and collinear edges).
        #[test]
        fn agrees_with_geo(exterior in ring(), hole in prop::option::of(ring()), other in prop::option::of(ring())) {
            let close = |pts: &Vec<(i8, i8)>| {
                let mut coords: Vec<(f64, f64)> = pts.iter().map(|&(x, y)| (x as f64, y as f64)).collect();
                coords.push(coords[0]);
                LineString::from(coords)
            };
            let polygon = Polygon::new(close(&exterior), hole.iter().map(close).collect());
            let mut geometries: Vec<Geometry<f64>> = vec![polygon.clone().into()];
            if let Some(other) = &other {
                let second = Polygon::new(close(other), vec![]);
                geometries.push(MultiPolygon(vec![polygon, second]).into());
            }
            for g in geometries {
                // The same errors, in the same order: the same messages.
                let Some(Checked::Errors(ours)) = check(&g) else {
                    panic!("small rings are never too costly");
                };
                prop_assert_eq!(ours, g.validation_errors());
            }
        }
    }
}
