//! Geometries known by their content, so that what is derived from one — its interior point,
//! its projection — is computed once per distinct geometry and kept from one published
//! version to the next.
//!
//! geo's interior point was the largest cost of building the tiles with 344 territories, and
//! was paid two or three times per geometry (the polygons' anchor, the labels, the contracts'
//! points) and again at every publication for the territories that had not changed.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::Hasher;

use geo::{Coord, Geometry, InteriorPoint, LineString, Point, Polygon};
use rayon::prelude::*;

/// 128 bits of a geometry's kind, shape and coordinates: equal geometries have equal keys, and
/// two different geometries of a catalog sharing one is as likely as guessing a 128-bit key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(u64, u64);

impl Key {
    pub fn of(geometry: &Geometry<f64>) -> Key {
        // Two SipHash states with fixed keys, the second one salted: stable within a process,
        // so across publications.
        let mut a = DefaultHasher::new();
        let mut b = DefaultHasher::new();
        b.write_u32(0x0051_a7e5);
        feed(&mut Both(&mut a, &mut b), geometry);
        Key(a.finish(), b.finish())
    }
}

/// Feeds two hashers at once.
struct Both<'a>(&'a mut dyn Hasher, &'a mut dyn Hasher);

impl Hasher for Both<'_> {
    fn finish(&self) -> u64 {
        self.0.finish()
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
        self.1.write(bytes);
    }
}

fn feed(h: &mut dyn Hasher, g: &Geometry<f64>) {
    let coords = |h: &mut dyn Hasher, cs: &[Coord<f64>]| {
        h.write_usize(cs.len());
        for c in cs {
            h.write_u64(c.x.to_bits());
            h.write_u64(c.y.to_bits());
        }
    };
    let line = |h: &mut dyn Hasher, l: &LineString<f64>| coords(h, &l.0);
    let polygon = |h: &mut dyn Hasher, p: &Polygon<f64>| {
        h.write_usize(p.interiors().len());
        line(h, p.exterior());
        p.interiors().iter().for_each(|r| line(h, r));
    };
    let kind: u8 = match g {
        Geometry::Point(_) => 0,
        Geometry::Line(_) => 1,
        Geometry::LineString(_) => 2,
        Geometry::Polygon(_) => 3,
        Geometry::MultiPoint(_) => 4,
        Geometry::MultiLineString(_) => 5,
        Geometry::MultiPolygon(_) => 6,
        Geometry::GeometryCollection(_) => 7,
        Geometry::Rect(_) => 8,
        Geometry::Triangle(_) => 9,
    };
    h.write_u8(kind);
    match g {
        Geometry::Point(p) => coords(h, &[p.0]),
        Geometry::Line(l) => coords(h, &[l.start, l.end]),
        Geometry::LineString(l) => line(h, l),
        Geometry::Polygon(p) => polygon(h, p),
        Geometry::MultiPoint(mp) => {
            coords(h, &mp.iter().map(|p| p.0).collect::<Vec<_>>());
        }
        Geometry::MultiLineString(ml) => {
            h.write_usize(ml.0.len());
            ml.iter().for_each(|l| line(h, l));
        }
        Geometry::MultiPolygon(mp) => {
            h.write_usize(mp.0.len());
            mp.iter().for_each(|p| polygon(h, p));
        }
        Geometry::GeometryCollection(gc) => {
            h.write_usize(gc.0.len());
            gc.iter().for_each(|g| feed(h, g));
        }
        Geometry::Rect(r) => coords(h, &[r.min(), r.max()]),
        Geometry::Triangle(t) => coords(h, &t.to_array()),
    }
}

/// The interior point (WGS84) of every polygonal geometry of a catalog, by content.
#[derive(Debug, Default, Clone)]
pub struct InteriorPoints {
    by_key: HashMap<Key, Option<Point<f64>>>,
}

impl InteriorPoints {
    /// The interior points of `geometries` (their polygonal ones), found in parallel; those
    /// already in `previous` are taken from it.
    pub fn of<'a>(
        geometries: impl IntoParallelIterator<Item = &'a Geometry<f64>>,
        previous: Option<&InteriorPoints>,
    ) -> InteriorPoints {
        // Keyed first, so that a geometry several features share is worked on once.
        let distinct: HashMap<Key, &Geometry<f64>> = geometries
            .into_par_iter()
            .filter(|g| polygonal(g))
            .map(|g| (Key::of(g), g))
            .collect();
        let by_key = distinct
            .into_par_iter()
            .map(|(key, g)| {
                let known = previous.and_then(|p| p.by_key.get(&key).copied());
                (key, known.unwrap_or_else(|| g.interior_point()))
            })
            .collect();
        InteriorPoints { by_key }
    }

    /// The interior point of `geometry`: the one found before when it is polygonal, else
    /// geo's (points and lines: cheap).
    pub fn get(&self, geometry: &Geometry<f64>) -> Option<Point<f64>> {
        if polygonal(geometry) {
            if let Some(known) = self.by_key.get(&Key::of(geometry)) {
                return *known;
            }
        }
        geometry.interior_point()
    }
}

/// Polygons and multipolygons: where an interior point is costly and where the tiles need one.
fn polygonal(g: &Geometry<f64>) -> bool {
    matches!(g, Geometry::Polygon(_) | Geometry::MultiPolygon(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Contains};

    fn square(x: f64) -> Geometry<f64> {
        polygon![(x: x, y: 46.0), (x: x + 0.01, y: 46.0), (x: x + 0.01, y: 46.01), (x: x, y: 46.01), (x: x, y: 46.0)].into()
    }

    #[test]
    fn equal_geometries_share_a_key_and_different_ones_do_not() {
        assert_eq!(Key::of(&square(6.0)), Key::of(&square(6.0)));
        assert_ne!(Key::of(&square(6.0)), Key::of(&square(6.000001)));
        let point: Geometry<f64> = Point::new(6.0, 46.0).into();
        let multi: Geometry<f64> = geo::MultiPoint(vec![Point::new(6.0, 46.0)]).into();
        assert_ne!(Key::of(&point), Key::of(&multi));
    }

    #[test]
    fn points_are_geos_and_kept_from_the_previous_version() {
        let geometries = [square(6.0), square(7.0)];
        let first = InteriorPoints::of(&geometries, None);
        for g in &geometries {
            let p = first.get(g).expect("a square has an interior point");
            assert_eq!(Some(p), g.interior_point());
            assert!(g.contains(&p));
        }
        // A stale entry proves the next version reads the previous one instead of computing.
        let mut previous = first.clone();
        let marker = Some(Point::new(0.0, 0.0));
        previous.by_key.insert(Key::of(&square(6.0)), marker);
        let next = InteriorPoints::of(&geometries[..1], Some(&previous));
        assert_eq!(next.get(&square(6.0)), marker);
        assert_eq!(
            next.by_key.len(),
            1,
            "only the geometries of the new version are kept"
        );
    }
}
