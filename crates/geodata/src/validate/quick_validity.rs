//! A quick proof that a polygon is valid, with geo's own answer as the reference.
//!
//! geo's `Validation` looks for a ring's self-intersection by comparing every edge with every
//! other one: with the ~10,000 commune contours of 344 territories that was a third of the
//! server's start. Here the edges are sorted by their smallest x and each is compared only with
//! the edges whose x range overlaps its own, with geo's predicate unchanged (the same
//! `Line::intersects`, the same pairs left out). The other rules (interior rings inside the
//! exterior, parts of a multipolygon apart) are geo's, called the same way. When this module
//! cannot prove validity it says so and the caller asks geo, whose messages are the ones users
//! read: an invalid geometry never gets a different verdict, only a valid one gets it faster.

use geo::coordinate_position::CoordPos;
use geo::dimensions::Dimensions;
use geo::{
    Geometry, HasDimensions, Intersects, Line, LineString, MultiPolygon, Polygon, PreparedGeometry,
    Relate, RemoveRepeatedPoints,
};

/// True when geo's validation would find no error in `geometry`; false when it may find one
/// (or when the geometry is of a kind this module does not handle).
pub fn certainly_valid(geometry: &Geometry<f64>) -> bool {
    match geometry {
        Geometry::Polygon(p) => polygon_valid(p),
        Geometry::MultiPolygon(mp) => multi_polygon_valid(mp),
        _ => false,
    }
}

fn multi_polygon_valid(mp: &MultiPolygon<f64>) -> bool {
    if !mp.0.iter().all(polygon_valid) {
        return false;
    }
    mp.0.iter().enumerate().all(|(i, a)| {
        mp.0.iter().skip(i + 1).all(|b| {
            let im = a.relate(b);
            im.get(CoordPos::Inside, CoordPos::Inside) != Dimensions::TwoDimensional
                && im.get(CoordPos::OnBoundary, CoordPos::OnBoundary) != Dimensions::OneDimensional
        })
    })
}

fn polygon_valid(p: &Polygon<f64>) -> bool {
    if p.is_empty() {
        return true;
    }
    let rings_ok = std::iter::once(p.exterior())
        .chain(p.interiors())
        .filter(|ring| !ring.0.is_empty())
        .all(|ring| {
            ring.0.iter().all(|c| c.x.is_finite() && c.y.is_finite())
                && ring.remove_repeated_points().0.len() >= 4
                && !has_self_intersection(ring)
        });
    rings_ok && interiors_valid(p)
}

/// geo's rules on holes: inside the exterior, not touching it on a line, not overlapping
/// each other nor touching each other on a line.
fn interiors_valid(p: &Polygon<f64>) -> bool {
    let holes: Vec<Polygon<f64>> = p
        .interiors()
        .iter()
        .filter(|ring| !ring.0.is_empty())
        .map(|ring| Polygon::new(ring.clone(), vec![]))
        .collect();
    if holes.is_empty() {
        return true;
    }
    let exterior = Polygon::new(p.exterior().clone(), vec![]);
    let exterior = PreparedGeometry::from(&exterior);
    holes.iter().enumerate().all(|(i, hole)| {
        let prepared = PreparedGeometry::from(hole);
        let with_exterior = exterior.relate(&prepared);
        with_exterior.is_contains()
            && with_exterior.get(CoordPos::OnBoundary, CoordPos::OnBoundary)
                != Dimensions::OneDimensional
            && holes.iter().skip(i + 1).all(|other| {
                let im = prepared.relate(other);
                im.get(CoordPos::Inside, CoordPos::Inside) != Dimensions::TwoDimensional
                    && im.get(CoordPos::OnBoundary, CoordPos::OnBoundary)
                        != Dimensions::OneDimensional
            })
    })
}

/// geo's `linestring_has_self_intersection` — two edges that intersect, unless one ends where
/// the other starts — with a sweep over x instead of all pairs. The predicate is symmetric, so
/// each pair is tested once.
fn has_self_intersection(ring: &LineString<f64>) -> bool {
    let mut edges: Vec<(f64, f64, Line<f64>)> = ring
        .lines()
        .map(|l| (l.start.x.min(l.end.x), l.start.x.max(l.end.x), l))
        .collect();
    edges.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (i, (_, max_x, line)) in edges.iter().enumerate() {
        let (min_y, max_y) = (line.start.y.min(line.end.y), line.start.y.max(line.end.y));
        for (other_min_x, _, other) in &edges[i + 1..] {
            if *other_min_x > *max_x {
                break;
            }
            if other.start.y.max(other.end.y) < min_y || other.start.y.min(other.end.y) > max_y {
                continue;
            }
            if line.start != other.end && line.end != other.start && line.intersects(other) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{wkt, Validation};
    use proptest::prelude::*;

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

    /// A ring of `n` points at random angles and radii around the origin, closed: often
    /// self-intersecting once the angles are shuffled, sometimes with a repeated point.
    fn ring() -> impl Strategy<Value = Vec<(i8, i8)>> {
        prop::collection::vec((-6i8..6, -6i8..6), 3..12)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Same verdict as geo on small integer rings (many touching and collinear edges).
        #[test]
        fn agrees_with_geo(exterior in ring(), hole in prop::option::of(ring())) {
            let close = |pts: &Vec<(i8, i8)>| {
                let mut coords: Vec<(f64, f64)> = pts.iter().map(|&(x, y)| (x as f64, y as f64)).collect();
                coords.push(coords[0]);
                LineString::from(coords)
            };
            let polygon = Polygon::new(close(&exterior), hole.iter().map(close).collect());
            let geo_valid = polygon.is_valid();
            prop_assert_eq!(certainly_valid(&polygon.clone().into()), geo_valid);
            let ring_only = Polygon::new(close(&exterior), vec![]);
            prop_assert_eq!(
                has_self_intersection(ring_only.exterior()),
                ring_only.validation_errors().iter().any(|e| e.to_string().contains("self-intersection"))
            );
        }
    }
}
