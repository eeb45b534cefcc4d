//! A feature's geometry in world coordinates, computed once when the source is built so that a
//! tile only filters, scales, rounds and clips.
//!
//! Each vertex also gets its Douglas-Peucker importance once (as geojson-vt does): the squared
//! tolerance below which the simplification keeps it. Simplifying for a zoom is then a filter.

use geo::{
    BoundingRect, Coord, Geometry, InteriorPoint, LineString, MapCoords, MultiLineString,
    MultiPolygon, Point, Polygon, Rect,
};

use crate::grid::lonlat_to_world;

/// A ring or a line in world coordinates, with each vertex's importance.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub coords: Vec<Coord<f64>>,
    /// Squared distance (world units²) up to which Douglas-Peucker keeps the vertex; infinite
    /// for the ends. A vertex never outranks the vertex whose split revealed it, so filtering
    /// by a tolerance gives exactly the Douglas-Peucker result at that tolerance.
    pub importance: Vec<f64>,
}

impl Path {
    pub fn new(coords: Vec<Coord<f64>>) -> Path {
        let importance = importance(&coords);
        Path { coords, importance }
    }

    /// The vertices Douglas-Peucker keeps at tolerance √`tolerance2` (world units).
    pub fn simplified(&self, tolerance2: f64) -> impl Iterator<Item = Coord<f64>> + '_ {
        self.coords
            .iter()
            .zip(&self.importance)
            .filter(move |(_, &i)| i > tolerance2)
            .map(|(c, _)| *c)
    }
}

/// A feature's geometry in world coordinates, split by MVT geometry type (an MVT feature has
/// one type; a geometry collection becomes one feature per type).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Projected {
    /// Polygons, each an exterior ring then its holes.
    pub polygons: Vec<Vec<Path>>,
    pub lines: Vec<Path>,
    pub points: Vec<Coord<f64>>,
    /// A point inside the polygons, drawn instead of them where they are too small to see.
    pub anchor: Option<Coord<f64>>,
    /// Bounding box of everything, in world coordinates.
    pub bounds: Option<Rect<f64>>,
}

impl Projected {
    /// Projects a WGS84 geometry.
    pub fn new(geometry: &Geometry<f64>) -> Projected {
        let mut parts = Parts::default();
        parts.push(geometry);
        Projected::from_world(&parts.polygons, &parts.lines, parts.points)
    }

    /// Projects a WGS84 polygon or multipolygon whose interior point is known: the anchor is
    /// that point projected (the projection keeps an inside point inside), not found again.
    /// Other geometries find their anchor as [`Projected::new`] does.
    pub fn with_interior(geometry: &Geometry<f64>, interior: Option<Point<f64>>) -> Projected {
        if !matches!(geometry, Geometry::Polygon(_) | Geometry::MultiPolygon(_)) {
            return Projected::new(geometry);
        }
        let mut parts = Parts::default();
        parts.push(geometry);
        let mut projected = Projected::project(&parts.polygons, &parts.lines, parts.points);
        projected.anchor = interior.map(|p| lonlat_to_world(p.0));
        projected
    }

    /// A geometry already in world coordinates.
    pub fn from_world(
        polygons: &MultiPolygon<f64>,
        lines: &MultiLineString<f64>,
        points: Vec<Coord<f64>>,
    ) -> Projected {
        Projected {
            anchor: polygons.interior_point().map(|p| p.0),
            ..Projected::project(polygons, lines, points)
        }
    }

    /// Everything but the anchor.
    fn project(
        polygons: &MultiPolygon<f64>,
        lines: &MultiLineString<f64>,
        points: Vec<Coord<f64>>,
    ) -> Projected {
        let path = |l: &LineString<f64>| Path::new(l.0.clone());
        let boxes = [
            polygons.bounding_rect(),
            lines.bounding_rect(),
            extent(&points),
        ];
        Projected {
            polygons: polygons
                .iter()
                .map(|p| {
                    std::iter::once(p.exterior())
                        .chain(p.interiors())
                        .map(path)
                        .collect()
                })
                .collect(),
            lines: lines.iter().map(path).collect(),
            points,
            anchor: None,
            bounds: boxes.into_iter().flatten().reduce(union),
        }
    }
}

/// The parts of a WGS84 geometry by type, projected.
#[derive(Debug)]
struct Parts {
    polygons: MultiPolygon<f64>,
    lines: MultiLineString<f64>,
    points: Vec<Coord<f64>>,
}

impl Default for Parts {
    fn default() -> Self {
        Parts {
            polygons: MultiPolygon(Vec::new()),
            lines: MultiLineString(Vec::new()),
            points: Vec::new(),
        }
    }
}

impl Parts {
    fn push(&mut self, g: &Geometry<f64>) {
        let polygon = |p: &Polygon<f64>| p.map_coords(lonlat_to_world);
        let line = |l: &LineString<f64>| l.map_coords(lonlat_to_world);
        match g {
            Geometry::Point(p) => self.points.push(lonlat_to_world(p.0)),
            Geometry::MultiPoint(mp) => self.points.extend(mp.iter().map(|p| lonlat_to_world(p.0))),
            Geometry::Line(l) => self
                .lines
                .0
                .push(line(&LineString::from(vec![l.start, l.end]))),
            Geometry::LineString(l) => self.lines.0.push(line(l)),
            Geometry::MultiLineString(ml) => self.lines.0.extend(ml.iter().map(line)),
            Geometry::Polygon(p) => self.polygons.0.push(polygon(p)),
            Geometry::MultiPolygon(mp) => self.polygons.0.extend(mp.iter().map(polygon)),
            Geometry::Rect(r) => self.polygons.0.push(polygon(&r.to_polygon())),
            Geometry::Triangle(t) => self.polygons.0.push(polygon(&t.to_polygon())),
            Geometry::GeometryCollection(gc) => gc.iter().for_each(|g| self.push(g)),
        }
    }
}

fn extent(points: &[Coord<f64>]) -> Option<Rect<f64>> {
    points.iter().map(|c| Rect::new(*c, *c)).reduce(union)
}

/// The smallest rectangle holding both.
pub fn union(a: Rect<f64>, b: Rect<f64>) -> Rect<f64> {
    Rect::new(
        Coord {
            x: a.min().x.min(b.min().x),
            y: a.min().y.min(b.min().y),
        },
        Coord {
            x: a.max().x.max(b.max().x),
            y: a.max().y.max(b.max().y),
        },
    )
}

/// Douglas-Peucker importance of every vertex (see [`Path::importance`]).
fn importance(coords: &[Coord<f64>]) -> Vec<f64> {
    let n = coords.len();
    let mut importance = vec![0.0; n];
    if n == 0 {
        return importance;
    }
    importance[0] = f64::INFINITY;
    importance[n - 1] = f64::INFINITY;
    let mut stack = vec![(0, n - 1, f64::INFINITY)];
    while let Some((first, last, cap)) = stack.pop() {
        if last <= first + 1 {
            continue;
        }
        let (a, b) = (coords[first], coords[last]);
        let (mut far, mut far_d2) = (first + 1, -1.0);
        for (i, c) in coords.iter().enumerate().take(last).skip(first + 1) {
            let d2 = segment_distance2(*c, a, b);
            if d2 >= far_d2 {
                (far, far_d2) = (i, d2);
            }
        }
        let kept_up_to = far_d2.min(cap);
        importance[far] = kept_up_to;
        stack.push((first, far, kept_up_to));
        stack.push((far, last, kept_up_to));
    }
    importance
}

/// Squared distance from `p` to segment `a`-`b`.
fn segment_distance2(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let ab = b - a;
    let len2 = ab.x * ab.x + ab.y * ab.y;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * ab.x + (p.y - a.y) * ab.y) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let d = p - (a + ab * t);
    d.x * d.x + d.y * d.y
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{line_string, point, polygon, Contains, GeometryCollection, Point, Simplify};

    #[test]
    fn collection_is_split_by_kind_with_an_anchor_inside_the_polygons() {
        let square = polygon![(x: 6.0, y: 46.0), (x: 6.01, y: 46.0), (x: 6.01, y: 46.01), (x: 6.0, y: 46.01), (x: 6.0, y: 46.0)];
        let g = Geometry::GeometryCollection(GeometryCollection(vec![
            square.clone().into(),
            line_string![(x: 6.0, y: 46.0), (x: 6.1, y: 46.1)].into(),
            point!(x: 5.9, y: 45.9).into(),
        ]));
        let p = Projected::new(&g);
        assert_eq!((p.polygons.len(), p.lines.len(), p.points.len()), (1, 1, 1));
        let anchor = p.anchor.expect("a polygon has an anchor");
        let world = square.map_coords(lonlat_to_world);
        assert!(world.contains(&Point(anchor)));
        let b = p.bounds.expect("bounds");
        let sw = lonlat_to_world(Coord { x: 5.9, y: 45.9 });
        let ne = lonlat_to_world(Coord { x: 6.1, y: 46.1 });
        // World y grows southwards.
        assert_eq!((b.min().x, b.max().y), (sw.x, sw.y));
        assert_eq!((b.max().x, b.min().y), (ne.x, ne.y));
    }

    #[test]
    fn points_and_lines_have_no_anchor() {
        let p = Projected::new(&point!(x: 6.0, y: 46.0).into());
        assert!(p.anchor.is_none());
        assert!(p.polygons.is_empty());
        assert_eq!(p.points.len(), 1);
    }

    #[test]
    fn filtering_by_importance_is_douglas_peucker() {
        // A wiggly line and a closed ring: the filter keeps what geo's Douglas-Peucker keeps.
        let line: LineString<f64> = (0..200)
            .map(|i| {
                let x = f64::from(i);
                (x, (x * 0.37).sin() * 5.0 + (x * 0.05).cos() * 20.0)
            })
            .collect();
        let mut ring = line.clone();
        ring.close();
        for shape in [line, ring] {
            let path = Path::new(shape.0.clone());
            for epsilon in [0.1, 0.5, 1.0, 3.0, 10.0, 50.0] {
                let ours: Vec<Coord<f64>> = path.simplified(epsilon * epsilon).collect();
                assert_eq!(ours, shape.simplify(epsilon).0, "epsilon {epsilon}");
            }
        }
    }

    #[test]
    fn ends_are_always_kept_and_collinear_points_never() {
        let path = Path::new(vec![
            Coord { x: 0.0, y: 0.0 },
            Coord { x: 1.0, y: 0.0 },
            Coord { x: 2.0, y: 0.0 },
        ]);
        assert_eq!(path.importance[0], f64::INFINITY);
        assert_eq!(path.importance[2], f64::INFINITY);
        assert_eq!(path.simplified(0.0).count(), 2);
    }
}
