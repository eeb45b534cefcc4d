//! A layer: features with their properties and geometry, and an R-tree over their parts.
//!
//! Each polygon of a multipolygon is indexed on its own: a point test against a multipolygon
//! spanning a whole commune would otherwise scan every part's vertices. Within a part, the
//! edges are grouped in runs with their boxes ([`edge_runs`]), so a point test visits only the
//! runs near the point.

mod edge_runs;

use geo::{
    Area, BooleanOps, BoundingRect, Contains, Coord, Distance, Euclidean, Geometry, LineString,
    Point, Polygon, Rect,
};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RStarInsertionStrategy, RTree, RTreeParams, AABB};
use std::ops::ControlFlow;

use crate::local_frame::LocalFrame;
use edge_runs::{polygon_ring, EdgeRuns};

/// A feature of a layer: its properties and its WGS84 geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature<P> {
    pub props: P,
    pub geometry: Geometry<f64>,
}

/// One indexed piece of a feature's geometry, with the runs of its edges.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    /// The `k`-th polygon of its feature's Polygon (0) or MultiPolygon, read in the feature
    /// rather than copied: polygons are most of a layer's memory (France's commune contours
    /// hold 2.1 million vertices).
    FeaturePolygon(u32, EdgeRuns),
    /// A polygon made from another geometry (a rectangle, a triangle, a collection's member).
    Polygon(Polygon<f64>, EdgeRuns),
    Line(LineString<f64>, EdgeRuns),
    Point(Point<f64>),
}

/// A part with its polygon looked up in its feature.
#[derive(Clone, Copy)]
enum PartRef<'a> {
    Polygon(&'a Polygon<f64>, &'a EdgeRuns),
    Line(&'a LineString<f64>, &'a EdgeRuns),
    Point(Point<f64>),
}

impl Part {
    fn polygon(p: Polygon<f64>) -> Self {
        let runs = EdgeRuns::of_polygon(&p);
        Part::Polygon(p, runs)
    }

    /// This part of a feature whose geometry is `g`.
    fn resolve<'a>(&'a self, g: &'a Geometry<f64>) -> PartRef<'a> {
        match self {
            Part::FeaturePolygon(k, runs) => {
                let poly = match g {
                    Geometry::Polygon(p) => p,
                    Geometry::MultiPolygon(mp) => &mp.0[*k as usize],
                    _ => unreachable!("a feature polygon part is made from a (multi)polygon"),
                };
                PartRef::Polygon(poly, runs)
            }
            Part::Polygon(poly, runs) => PartRef::Polygon(poly, runs),
            Part::Line(line, runs) => PartRef::Line(line, runs),
            Part::Point(p) => PartRef::Point(*p),
        }
    }

    fn line(l: LineString<f64>) -> Self {
        let runs = EdgeRuns::of_line(&l);
        Part::Line(l, runs)
    }
}

type Entry = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// The R-tree's node size: 16 boxes a node rather than rstar's default 6. A point's answer
/// walks the 100,000 equipment of the national bench within 500 m; the wider nodes cut the
/// walk's share of the slowest answers (16 against 32: the same within the noise, and 32 made
/// the QPV look-ups of points outside every box slower).
#[derive(Debug, Clone, Copy)]
pub struct LayerParams;

impl RTreeParams for LayerParams {
    const MIN_SIZE: usize = 8;
    const MAX_SIZE: usize = 16;
    const REINSERTION_COUNT: usize = 2;
    type DefaultInsertionStrategy = RStarInsertionStrategy;
}

/// Where a feature stands relative to a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointHit {
    /// Index of the feature in the layer.
    pub feature: usize,
    /// The point lies inside one of the feature's polygons.
    pub inside: bool,
    /// 0 when inside, else the distance to the nearest part, in metres.
    pub distance_m: f64,
    /// Distance to the nearest boundary of the feature (polygon edges), in metres; for points
    /// and lines, the distance to them.
    pub edge_distance_m: f64,
}

/// Where a feature stands relative to a polygon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AreaHit {
    pub feature: usize,
    /// Share (0-1) of the query polygon's area covered by the feature's polygons; 0 for
    /// points and lines, and for features only near the query.
    pub share: f64,
    /// The feature touches or overlaps the query polygon.
    pub intersects: bool,
    /// 0 when they intersect, else the gap between them, in metres.
    pub distance_m: f64,
}

/// A query area projected once, in metres around its centre, for several layers' queries.
#[derive(Debug, Clone)]
pub struct PreparedArea {
    frame: LocalFrame,
    local: geo::MultiPolygon<f64>,
    total_m2: f64,
    rect: Rect<f64>,
}

impl PreparedArea {
    /// `None` for an area without coordinates.
    pub fn new(area: &geo::MultiPolygon<f64>) -> Option<Self> {
        let rect = area.bounding_rect()?;
        let frame = LocalFrame::at(rect.center().into());
        let local = frame.project_multi_polygon(area);
        Some(Self {
            total_m2: local.unsigned_area(),
            frame,
            local,
            rect,
        })
    }

    /// The area in square metres.
    pub fn area_m2(&self) -> f64 {
        self.total_m2
    }
}

/// Features of one kind, indexed for spatial queries.
#[derive(Debug, Clone)]
pub struct Layer<P> {
    features: Vec<Feature<P>>,
    /// Every part with a bounding box, and the index of its feature.
    parts: Vec<(u32, Part)>,
    /// The parts' boxes. A static packed R-tree (static_aabb2d_index, Hilbert-sorted) builds
    /// faster but answers the QPV look-ups with 50-65 % more instructions (callgrind, 8 or 16
    /// boxes a node): rstar's bulk load groups boxes better.
    tree: RTree<Entry, LayerParams>,
    /// No feature has two parts (points, simple polygons): a look-up then meets each feature
    /// once, and need not search its hits for the feature's earlier part.
    one_part_each: bool,
}

impl<P> Default for Layer<P> {
    fn default() -> Self {
        Self {
            features: Vec::new(),
            parts: Vec::new(),
            tree: RTree::new_with_params(),
            one_part_each: true,
        }
    }
}

impl<P> Layer<P> {
    /// Builds the layer and its index. Geometries must be valid WGS84.
    pub fn new(features: Vec<Feature<P>>) -> Self {
        let mut parts = Vec::new();
        let mut boxes = Vec::new();
        for (i, f) in features.iter().enumerate() {
            let i = u32::try_from(i).expect("fewer than 2³² features");
            split_feature(&f.geometry, &mut |p| {
                // A part without coordinates has no box: nothing can meet it.
                if let Some(r) = part_rect(p.resolve(&f.geometry)) {
                    boxes.push(r);
                    parts.push((i, p));
                }
            });
        }
        let entries = boxes
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let rect = Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
                GeomWithData::new(rect, u32::try_from(k).expect("fewer than 2³² parts"))
            })
            .collect();
        // Parts are pushed feature by feature: a feature with two is two neighbours.
        let one_part_each = parts.windows(2).all(|w| w[0].0 != w[1].0);
        Self {
            features,
            parts,
            tree: RTree::bulk_load_with_params(entries),
            one_part_each,
        }
    }

    pub fn features(&self) -> &[Feature<P>] {
        &self.features
    }

    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&Feature<P>> {
        self.features.get(index)
    }

    /// Features whose polygons contain `point`, or that lie within `radius_m` metres of it,
    /// one hit per feature, in layer order.
    pub fn near_point(&self, point: Point<f64>, radius_m: f64) -> Vec<PointHit> {
        self.near_point_where(point, radius_m, |_| true)
    }

    /// [`Layer::near_point`] over the features for which `keep(feature index)` is true; the
    /// others are skipped before any geometric test (the answer skips national QPVs that a
    /// territory already answered, and features whose position is not their own).
    pub fn near_point_where(
        &self,
        point: Point<f64>,
        radius_m: f64,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<PointHit> {
        // The frame costs a cosine: a look-up within 0 m needs it only once a part is found
        // (most points of France are in no QPV's box).
        let frame = std::cell::OnceCell::new();
        let frame = || *frame.get_or_init(|| LocalFrame::at(point));
        let (dx, dy) = if radius_m > 0.0 {
            frame().degree_margins(radius_m)
        } else {
            (0.0, 0.0)
        };
        let margin = Coord { x: dx, y: dy };
        let envelope = Rect::new(point.0 - margin, point.0 + margin);
        let mut hits: Vec<PointHit> = Vec::new();
        self.for_each_part(envelope, |feature, part| {
            if !keep(feature) {
                return;
            }
            let frame = frame();
            let (inside, edge) = match part {
                PartRef::Polygon(poly, runs) => {
                    polygon_position(&frame, poly, runs, point, radius_m)
                }
                PartRef::Line(line, runs) => (
                    false,
                    runs.nearest2(|_| line.0.as_slice(), &frame, bound2(radius_m))
                        .sqrt(),
                ),
                PartRef::Point(p) => {
                    let c = frame.project(p.0);
                    (false, c.x.hypot(c.y))
                }
            };
            let distance = if inside { 0.0 } else { edge };
            if distance > radius_m {
                return;
            }
            let earlier = if self.one_part_each {
                None
            } else {
                hits.iter_mut().find(|h| h.feature == feature)
            };
            match earlier {
                Some(h) => {
                    h.inside |= inside;
                    h.distance_m = h.distance_m.min(distance);
                    h.edge_distance_m = h.edge_distance_m.min(edge);
                }
                None => hits.push(PointHit {
                    feature,
                    inside,
                    distance_m: distance,
                    edge_distance_m: edge,
                }),
            }
        });
        hits.sort_by_key(|h| h.feature);
        hits
    }

    /// The first feature (in layer order) whose polygons contain `point`: what
    /// [`Layer::near_point`] within 0 m finds `inside`, without measuring the distance to the
    /// edges of a polygon the point is well inside (a commune's contour has thousands).
    pub fn first_containing(&self, point: Point<f64>) -> Option<usize> {
        let frame = std::cell::OnceCell::new();
        let mut first: Option<usize> = None;
        self.for_each_part(Rect::new(point.0, point.0), |feature, part| {
            if first.is_some_and(|f| f <= feature) {
                return;
            }
            let PartRef::Polygon(poly, runs) = part else {
                return;
            };
            let ring = |r| polygon_ring(poly, r);
            let odd = runs.ray_crossings_odd(ring, point.0);
            // Within a millimetre of an edge, geo's `Contains` decides, as in
            // `polygon_position`; only that near an edge needs measuring.
            let frame = frame.get_or_init(|| LocalFrame::at(point));
            let near_edge = runs.nearest2(ring, frame, bound2(1e-3)).sqrt() < 1e-3;
            let inside = if near_edge {
                poly.contains(&point)
            } else {
                odd
            };
            if inside {
                first = Some(feature);
            }
        });
        first
    }

    /// Features that intersect `area` (WGS84) or lie within `radius_m` metres of it, with the
    /// share of `area` they cover.
    pub fn near_area(&self, area: &geo::MultiPolygon<f64>, radius_m: f64) -> Vec<AreaHit> {
        match PreparedArea::new(area) {
            Some(prepared) => self.near_prepared_area_where(&prepared, radius_m, |_| true),
            None => Vec::new(),
        }
    }

    /// [`Layer::near_area`] for an area projected once for several layers, over the features
    /// for which `keep(feature index)` is true (skipped before any geometric test).
    pub fn near_prepared_area_where(
        &self,
        area: &PreparedArea,
        radius_m: f64,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<AreaHit> {
        let (frame, local_area, total, rect) = (&area.frame, &area.local, area.total_m2, area.rect);
        let (dx, dy) = frame.degree_margins(radius_m);
        let margin = Coord { x: dx, y: dy };
        let envelope = Rect::new(rect.min() - margin, rect.max() + margin);
        let mut hits: Vec<AreaHit> = Vec::new();
        self.for_each_part(envelope, |feature, part| {
            if !keep(feature) {
                return;
            }
            let (covered, distance) = match part {
                PartRef::Polygon(poly, _) => {
                    let local = frame.project_polygon(poly);
                    let covered = local.intersection(local_area).unsigned_area();
                    (covered, Euclidean.distance(&local, local_area))
                }
                PartRef::Line(line, _) => {
                    let local: LineString<f64> = line.0.iter().map(|c| frame.project(*c)).collect();
                    (0.0, Euclidean.distance(&local, local_area))
                }
                PartRef::Point(p) => (
                    0.0,
                    Euclidean.distance(&Point::from(frame.project(p.0)), local_area),
                ),
            };
            if distance > radius_m {
                return;
            }
            let share = if total > 0.0 { covered / total } else { 0.0 };
            let earlier = if self.one_part_each {
                None
            } else {
                hits.iter_mut().find(|h| h.feature == feature)
            };
            match earlier {
                Some(h) => {
                    h.share += share;
                    h.distance_m = h.distance_m.min(distance);
                    h.intersects |= distance == 0.0;
                }
                None => hits.push(AreaHit {
                    feature,
                    share,
                    intersects: distance == 0.0,
                    distance_m: distance,
                }),
            }
        });
        for h in &mut hits {
            h.share = h.share.min(1.0);
        }
        hits.sort_by_key(|h| h.feature);
        hits
    }

    /// Indices of the features with a part whose bounding box meets `rect` (WGS84), sorted,
    /// each once. A coarse filter: callers test the geometry itself.
    pub fn in_envelope(&self, rect: Rect<f64>) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        self.for_each_part(rect, |feature, _| found.push(feature));
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Calls `visit(feature index, part)` for every part whose box meets `envelope` (edges
    /// included), by the R-tree's internal iteration (its iterator keeps a stack of nodes, a
    /// tenth of a QPV look-up).
    fn for_each_part(&self, envelope: Rect<f64>, mut visit: impl FnMut(usize, PartRef)) {
        let envelope = AABB::from_corners(
            [envelope.min().x, envelope.min().y],
            [envelope.max().x, envelope.max().y],
        );
        let _: ControlFlow<()> =
            self.tree
                .locate_in_envelope_intersecting_int(&envelope, |entry| {
                    let (feature, part) = &self.parts[entry.data as usize];
                    let geometry = &self.features[*feature as usize].geometry;
                    visit(*feature as usize, part.resolve(geometry));
                    ControlFlow::Continue(())
                });
    }

    /// The bounding box of every feature, if any.
    pub fn extent(&self) -> Option<Rect<f64>> {
        let env = self.tree.root().envelope();
        (self.tree.size() > 0).then(|| {
            Rect::new(
                Coord {
                    x: env.lower()[0],
                    y: env.lower()[1],
                },
                Coord {
                    x: env.upper()[0],
                    y: env.upper()[1],
                },
            )
        })
    }
}

/// Whether `point` lies strictly inside `poly`, and its distance to the nearest edge in metres.
///
/// The hot path of every point query: the crossing number with geo's robust `orient2d` over
/// the runs that can cross the point's ray, and squared distances to the edges of the runs
/// that can hold the nearest edge. Both answers equal `poly.contains(&point)` and the minimum
/// of [`crate::local_frame::distance_to_ring_m`] over the rings: the orientation predicate is
/// exact, and a point within a millimetre of an edge, possibly on it, is decided by geo itself.
/// A point outside is only measured up to `radius_m`: beyond it, the distance returned is
/// some value above `radius_m` (the caller drops the part).
fn polygon_position(
    frame: &LocalFrame,
    poly: &Polygon<f64>,
    runs: &EdgeRuns,
    point: Point<f64>,
    radius_m: f64,
) -> (bool, f64) {
    let ring = |r| polygon_ring(poly, r);
    let odd = runs.ray_crossings_odd(ring, point.0);
    // An even crossing number means outside or on the boundary, which geo's `Contains` counts
    // as outside too: only an edge within the radius can then make a hit.
    let bound2 = if odd { f64::INFINITY } else { bound2(radius_m) };
    let edge_m = runs.nearest2(ring, frame, bound2).sqrt();
    let inside = if edge_m < 1e-3 {
        poly.contains(&point)
    } else {
        odd
    };
    (inside, edge_m)
}

/// The squared distance up to which edges are measured for a radius: a hair above the radius,
/// so that an edge at exactly `radius_m` is measured exactly.
fn bound2(radius_m: f64) -> f64 {
    let r = radius_m.max(0.0) * (1.0 + 1e-9) + 1e-9;
    r * r
}

/// The parts of a feature's geometry: its polygons by position, anything else copied.
fn split_feature(g: &Geometry<f64>, push: &mut impl FnMut(Part)) {
    match g {
        Geometry::Polygon(p) => push(Part::FeaturePolygon(0, EdgeRuns::of_polygon(p))),
        Geometry::MultiPolygon(mp) => {
            for (k, p) in mp.iter().enumerate() {
                let k = u32::try_from(k).expect("fewer than 2³² polygons");
                push(Part::FeaturePolygon(k, EdgeRuns::of_polygon(p)));
            }
        }
        _ => split_parts(g, push),
    }
}

fn split_parts(g: &Geometry<f64>, push: &mut impl FnMut(Part)) {
    match g {
        Geometry::Point(p) => push(Part::Point(*p)),
        Geometry::MultiPoint(mp) => mp.iter().for_each(|p| push(Part::Point(*p))),
        Geometry::Line(l) => push(Part::line(LineString::from(vec![l.start, l.end]))),
        Geometry::LineString(l) => push(Part::line(l.clone())),
        Geometry::MultiLineString(ml) => ml.iter().for_each(|l| push(Part::line(l.clone()))),
        Geometry::Polygon(p) => push(Part::polygon(p.clone())),
        Geometry::MultiPolygon(mp) => mp.iter().for_each(|p| push(Part::polygon(p.clone()))),
        Geometry::Rect(r) => push(Part::polygon(r.to_polygon())),
        Geometry::Triangle(t) => push(Part::polygon(t.to_polygon())),
        Geometry::GeometryCollection(gc) => gc.iter().for_each(|g| split_parts(g, push)),
    }
}

fn part_rect(part: PartRef) -> Option<Rect<f64>> {
    match part {
        PartRef::Polygon(p, _) => p.bounding_rect(),
        PartRef::Line(l, _) => l.bounding_rect(),
        PartRef::Point(p) => Some(p.bounding_rect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_frame::distance_to_ring_m;
    use approx::assert_relative_eq;
    use geo::{polygon, MultiPolygon};

    fn square(x0: f64, y0: f64, size: f64) -> Polygon<f64> {
        polygon![(x: x0, y: y0), (x: x0 + size, y: y0), (x: x0 + size, y: y0 + size), (x: x0, y: y0 + size), (x: x0, y: y0)]
    }

    fn two_squares() -> Layer<&'static str> {
        // Two 0.01° squares (~770 m × 1110 m at 46° N) with a gap of 0.01° between them,
        // the first one a two-part multipolygon.
        let first = MultiPolygon(vec![square(6.0, 46.0, 0.01), square(6.05, 46.0, 0.01)]);
        Layer::new(vec![
            Feature {
                props: "a",
                geometry: first.into(),
            },
            Feature {
                props: "b",
                geometry: square(6.02, 46.0, 0.01).into(),
            },
            Feature {
                props: "p",
                geometry: Point::new(6.005, 46.005).into(),
            },
        ])
    }

    #[test]
    fn point_inside_gets_zero_distance_and_its_edge_distance() {
        let layer = two_squares();
        let hits = layer.near_point(Point::new(6.005, 46.005), 10.0);
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert!(hits[0].inside);
        assert_eq!(hits[0].distance_m, 0.0);
        // 0.005° of longitude at 46° N ≈ 386 m; 0.005° of latitude ≈ 556 m.
        assert_relative_eq!(hits[0].edge_distance_m, 386.2, max_relative = 2e-3);
        assert_eq!(hits[1].feature, 2);
        assert_relative_eq!(hits[1].distance_m, 0.0, epsilon = 1e-9);
    }

    #[test]
    fn first_containing_agrees_with_near_point_inside() {
        // Overlapping squares (the second inside the first), on a grid that also falls on
        // their edges and corners, and between them.
        let mut layer_features = two_squares().features().to_vec();
        layer_features.push(Feature {
            props: "inner",
            geometry: square(6.0025, 46.0025, 0.005).into(),
        });
        let layer = Layer::new(layer_features);
        for i in 0..=160 {
            for j in 0..=24 {
                let p = Point::new(5.99 + i as f64 * 0.0005, 45.995 + j as f64 * 0.0005);
                let expected = layer
                    .near_point(p, 0.0)
                    .into_iter()
                    .find(|h| h.inside)
                    .map(|h| h.feature);
                assert_eq!(layer.first_containing(p), expected, "{p:?}");
            }
        }
        assert_eq!(layer.first_containing(Point::new(6.025, 46.005)), Some(1));
        assert_eq!(layer.first_containing(Point::new(6.015, 46.005)), None);
    }

    #[test]
    fn point_between_squares_finds_both_within_radius() {
        let layer = two_squares();
        let p = Point::new(6.015, 46.005);
        let hits = layer.near_point(p, 500.0);
        let names: Vec<_> = hits
            .iter()
            .map(|h| layer.features()[h.feature].props)
            .collect();
        assert_eq!(names, ["a", "b"]);
        assert!(hits.iter().all(|h| !h.inside));
        assert_relative_eq!(hits[0].distance_m, 386.2, max_relative = 2e-3);
        assert!(layer
            .near_point(p, 300.0)
            .iter()
            .all(|h| layer.features()[h.feature].props == "p"));
    }

    #[test]
    fn area_share_of_a_polygon_straddling_an_edge() {
        let layer = two_squares();
        // Half over square "b" (x 6.02..6.03), half outside.
        let query = MultiPolygon(vec![square(6.025, 46.002, 0.002)]);
        let shifted = MultiPolygon(vec![square(6.029, 46.002, 0.002)]);
        let hits = layer.near_area(&shifted, 0.0);
        assert_eq!(hits.len(), 1);
        assert!(hits[0].intersects);
        assert_relative_eq!(hits[0].share, 0.5, max_relative = 1e-3);
        let inside = layer.near_area(&query, 0.0);
        assert_relative_eq!(inside[0].share, 1.0, max_relative = 1e-9);
    }

    #[test]
    fn envelope_finds_each_feature_once_by_its_parts() {
        let layer = two_squares();
        // Meets both parts of "a" (x 6.0..6.01 and 6.05..6.06) and nothing else.
        let both_parts = Rect::new(
            Coord {
                x: 6.009,
                y: 46.009,
            },
            Coord {
                x: 6.051,
                y: 46.011,
            },
        );
        let rect_hits = layer.in_envelope(both_parts);
        assert_eq!(
            rect_hits,
            [0, 1],
            "the box also spans square b: {rect_hits:?}"
        );
        let only_second_part = Rect::new(Coord { x: 6.055, y: 46.0 }, Coord { x: 6.07, y: 46.02 });
        assert_eq!(layer.in_envelope(only_second_part), [0]);
        let around_point = Rect::new(
            Coord {
                x: 6.004,
                y: 46.004,
            },
            Coord {
                x: 6.006,
                y: 46.006,
            },
        );
        assert_eq!(layer.in_envelope(around_point), [0, 2]);
        let far = Rect::new(Coord { x: 7.0, y: 47.0 }, Coord { x: 7.1, y: 47.1 });
        assert!(layer.in_envelope(far).is_empty());
    }

    /// Every edge tested, as before the runs: the reference the runs must equal to the bit.
    fn every_edge_position(
        frame: &LocalFrame,
        poly: &Polygon<f64>,
        point: Point<f64>,
    ) -> (bool, f64) {
        use geo::kernels::{Kernel, Orientation, RobustKernel};
        let p = point.0;
        let mut odd = false;
        let mut nearest2 = f64::INFINITY;
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            for w in ring.0.windows(2) {
                let (a, b) = (w[0], w[1]);
                let (pa, pb) = (frame.project(a), frame.project(b));
                let q = crate::local_frame::nearest_on_segment(pa, pb);
                nearest2 = nearest2.min(q.x * q.x + q.y * q.y);
                if (a.y > p.y) != (b.y > p.y) {
                    odd ^= match RobustKernel::orient2d(a, b, p) {
                        Orientation::CounterClockwise => b.y > a.y,
                        Orientation::Clockwise => b.y < a.y,
                        Orientation::Collinear => false,
                    };
                }
            }
        }
        let edge_m = nearest2.sqrt();
        let inside = if edge_m < 1e-3 {
            poly.contains(&point)
        } else {
            odd
        };
        (inside, edge_m)
    }

    /// Checks the runs' answer for `point` against geo's `Contains`, the ring distances and
    /// the every-edge reference, with no radius and with small ones.
    fn check_position(poly: &Polygon<f64>, runs: &EdgeRuns, point: Point<f64>) {
        let frame = LocalFrame::at(point);
        let (inside, edge) = polygon_position(&frame, poly, runs, point, f64::INFINITY);
        assert_eq!(inside, poly.contains(&point), "{point:?}");
        let expected = std::iter::once(poly.exterior())
            .chain(poly.interiors())
            .map(|ring| distance_to_ring_m(&frame, ring))
            .fold(f64::INFINITY, f64::min);
        assert_relative_eq!(edge, expected, epsilon = 1e-9, max_relative = 1e-12);
        let reference = every_edge_position(&frame, poly, point);
        assert_eq!(
            (inside, edge.to_bits()),
            (reference.0, reference.1.to_bits()),
            "{point:?}"
        );
        for radius in [0.0, 15.0, 100.0] {
            let (inside_r, edge_r) = polygon_position(&frame, poly, runs, point, radius);
            assert_eq!(inside_r, inside, "{point:?} within {radius} m");
            if inside || edge <= radius {
                assert_eq!(
                    edge_r.to_bits(),
                    edge.to_bits(),
                    "{point:?} within {radius} m"
                );
            } else {
                assert!(edge_r > radius, "{point:?} within {radius} m: {edge_r}");
            }
        }
    }

    #[test]
    fn one_pass_position_equals_geo_contains_and_ring_distances() {
        // A polygon with a hole and a concave notch, and points on a grid over it, some on
        // its vertices and edges.
        let poly = Polygon::new(
            LineString::from(vec![
                (6.0, 46.0),
                (6.01, 46.0),
                (6.01, 46.01),
                (6.005, 46.005),
                (6.0, 46.01),
                (6.0, 46.0),
            ]),
            vec![LineString::from(vec![
                (6.002, 46.001),
                (6.002, 46.003),
                (6.004, 46.003),
                (6.004, 46.001),
                (6.002, 46.001),
            ])],
        );
        let runs = EdgeRuns::of_polygon(&poly);
        for i in -2..=22 {
            for j in -2..=22 {
                let point = Point::new(6.0 + f64::from(i) * 0.0005, 46.0 + f64::from(j) * 0.0005);
                check_position(&poly, &runs, point);
            }
        }
    }

    #[test]
    fn runs_give_the_same_answers_on_the_largest_real_outlines() {
        // The ten national QPV parts with the most vertices (up to 1,613, so ~100 runs), each
        // probed on a 40 × 40 grid over its box, at every vertex and at every edge's midpoint.
        let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/france"));
        let (national, report) = crate::national::National::load(path);
        assert!(!report.has_errors(), "{report}");
        let mut parts: Vec<&Polygon<f64>> = national
            .qpv
            .features()
            .iter()
            .flat_map(|f| match &f.geometry {
                Geometry::MultiPolygon(mp) => mp.0.iter().collect::<Vec<_>>(),
                Geometry::Polygon(p) => vec![p],
                _ => vec![],
            })
            .collect();
        parts.sort_by_key(|p| std::cmp::Reverse(p.exterior().0.len()));
        assert!(parts[0].exterior().0.len() > 1500);
        for poly in parts.into_iter().take(10) {
            let runs = EdgeRuns::of_polygon(poly);
            let rect = poly.bounding_rect().unwrap();
            for i in 0..=40 {
                for j in 0..=40 {
                    let x = rect.min().x + (rect.width() * 1.1) * f64::from(i) / 40.0
                        - rect.width() * 0.05;
                    let y = rect.min().y + (rect.height() * 1.1) * f64::from(j) / 40.0
                        - rect.height() * 0.05;
                    check_position(poly, &runs, Point::new(x, y));
                }
            }
            for w in poly.exterior().0.windows(2) {
                check_position(poly, &runs, Point::from(w[0]));
                check_position(
                    poly,
                    &runs,
                    Point::new((w[0].x + w[1].x) / 2.0, (w[0].y + w[1].y) / 2.0),
                );
            }
        }
    }

    #[test]
    fn filtered_queries_skip_features_before_testing_them() {
        let layer = two_squares();
        let p = Point::new(6.005, 46.005);
        let all: Vec<usize> = layer
            .near_point(p, 10.0)
            .iter()
            .map(|h| h.feature)
            .collect();
        assert_eq!(all, [0, 2]);
        let kept: Vec<usize> = layer
            .near_point_where(p, 10.0, |i| i != 0)
            .iter()
            .map(|h| h.feature)
            .collect();
        assert_eq!(kept, [2]);
        let area = PreparedArea::new(&MultiPolygon(vec![square(6.004, 46.004, 0.002)])).unwrap();
        let kept: Vec<usize> = layer
            .near_prepared_area_where(&area, 0.0, |i| i != 2)
            .iter()
            .map(|h| h.feature)
            .collect();
        assert_eq!(kept, [0]);
        assert_relative_eq!(area.area_m2(), 154.4 * 222.4, max_relative = 5e-3);
    }

    #[test]
    fn empty_layer_answers_nothing() {
        let layer: Layer<()> = Layer::new(vec![]);
        assert!(layer.near_point(Point::new(0.0, 0.0), 1000.0).is_empty());
        assert!(layer.extent().is_none());
    }
}
