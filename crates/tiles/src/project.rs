//! A feature's geometry in world coordinates, computed once when the source is built so that a
//! tile only scales, rounds and clips.

use geo::{
    BoundingRect, Coord, Geometry, InteriorPoint, LineString, MapCoords, MultiLineString,
    MultiPoint, MultiPolygon, Point, Polygon, Rect,
};

use crate::grid::lonlat_to_world;

/// A feature's geometry in world coordinates, split by MVT geometry type (an MVT feature has
/// one type; a geometry collection becomes one feature per type).
#[derive(Debug, Clone, PartialEq)]
pub struct Projected {
    pub polygons: MultiPolygon<f64>,
    pub lines: MultiLineString<f64>,
    pub points: MultiPoint<f64>,
    /// A point inside the polygons, drawn instead of them where they are too small to see.
    pub anchor: Option<Coord<f64>>,
    /// Bounding box of everything, in world coordinates.
    pub bounds: Option<Rect<f64>>,
}

impl Default for Projected {
    fn default() -> Self {
        Projected {
            polygons: MultiPolygon(Vec::new()),
            lines: MultiLineString(Vec::new()),
            points: MultiPoint(Vec::new()),
            anchor: None,
            bounds: None,
        }
    }
}

impl Projected {
    /// Projects a WGS84 geometry.
    pub fn new(geometry: &Geometry<f64>) -> Projected {
        let mut p = Projected::default();
        p.push(geometry);
        p.anchor = p.polygons.interior_point().map(|pt| pt.0);
        let boxes = [
            p.polygons.bounding_rect(),
            p.lines.bounding_rect(),
            p.points.bounding_rect(),
        ];
        p.bounds = boxes.into_iter().flatten().reduce(|a, b| {
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
        });
        p
    }

    fn push(&mut self, g: &Geometry<f64>) {
        let polygon = |p: &Polygon<f64>| p.map_coords(lonlat_to_world);
        let line = |l: &LineString<f64>| l.map_coords(lonlat_to_world);
        match g {
            Geometry::Point(p) => self.points.0.push(Point(lonlat_to_world(p.0))),
            Geometry::MultiPoint(mp) => self
                .points
                .0
                .extend(mp.iter().map(|p| Point(lonlat_to_world(p.0)))),
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

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{line_string, point, polygon, Contains, GeometryCollection};

    #[test]
    fn collection_is_split_by_kind_with_an_anchor_inside_the_polygons() {
        let square = polygon![(x: 6.0, y: 46.0), (x: 6.01, y: 46.0), (x: 6.01, y: 46.01), (x: 6.0, y: 46.01), (x: 6.0, y: 46.0)];
        let g = Geometry::GeometryCollection(GeometryCollection(vec![
            square.clone().into(),
            line_string![(x: 6.0, y: 46.0), (x: 6.1, y: 46.1)].into(),
            point!(x: 5.9, y: 45.9).into(),
        ]));
        let p = Projected::new(&g);
        assert_eq!(
            (p.polygons.0.len(), p.lines.0.len(), p.points.0.len()),
            (1, 1, 1)
        );
        let anchor = p.anchor.expect("a polygon has an anchor");
        assert!(p.polygons.contains(&Point(anchor)));
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
        assert!(p.polygons.0.is_empty());
        assert_eq!(p.points.0.len(), 1);
    }
}
