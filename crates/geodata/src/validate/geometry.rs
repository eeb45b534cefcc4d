//! Geometry rules: well-formed coordinates, closed rings, validity, winding, inside the box.

use geo::{BoundingRect, Geometry, Orient, Validation};
use geojson::{GeometryValue as Value, Position};

/// Checks the raw GeoJSON coordinates before conversion (conversion to `geo` closes open rings
/// silently, so an open ring must be caught here). Returns problems as French messages.
pub fn raw_coordinates(value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut malformed = 0usize;
    let mut out_of_range: Vec<[f64; 2]> = Vec::new();
    let mut position = |p: &Position| {
        let p = p.as_slice();
        if p.len() < 2 || p.iter().any(|v| !v.is_finite()) {
            malformed += 1;
        } else if !(-180.0..=180.0).contains(&p[0]) || !(-90.0..=90.0).contains(&p[1]) {
            out_of_range.push([p[0], p[1]]);
        }
    };
    let rings = |polygon: &Vec<Vec<Position>>, problems_rings: &mut Vec<String>| {
        for (r, ring) in polygon.iter().enumerate() {
            let which = if r == 0 {
                "anneau extérieur".to_string()
            } else {
                format!("anneau intérieur n°{r}")
            };
            if ring.len() < 4 {
                problems_rings.push(format!(
                    "{which} : {} positions, au moins 4 attendues",
                    ring.len()
                ));
            } else if ring.first() != ring.last() {
                problems_rings.push(format!(
                    "{which} non fermé : le dernier point doit répéter le premier"
                ));
            }
        }
    };
    let mut ring_problems = Vec::new();
    match value {
        Value::Point { coordinates: p } => position(p),
        Value::MultiPoint { coordinates: ps } | Value::LineString { coordinates: ps } => {
            ps.iter().for_each(&mut position)
        }
        Value::MultiLineString { coordinates: ls } => ls.iter().flatten().for_each(&mut position),
        Value::Polygon { coordinates: poly } => {
            poly.iter().flatten().for_each(&mut position);
            rings(poly, &mut ring_problems);
        }
        Value::MultiPolygon { coordinates: polys } => {
            polys.iter().flatten().flatten().for_each(&mut position);
            polys
                .iter()
                .for_each(|poly| rings(poly, &mut ring_problems));
        }
        Value::GeometryCollection { geometries: gs } => {
            for g in gs {
                problems.extend(raw_coordinates(&g.value));
            }
        }
    }
    if malformed > 0 {
        problems.push(format!(
            "{malformed} position(s) mal formée(s) : deux nombres finis attendus"
        ));
    }
    if let Some([x, y]) = out_of_range.first() {
        problems.push(format!(
            "{} position(s) hors des bornes WGS84, dont ({x}, {y}) : la couche n'est sans doute pas en longitude/latitude (EPSG:4326) ; reprojetez-la",
            out_of_range.len()
        ));
    }
    problems.extend(ring_problems);
    problems
}

/// OGC validity (self-intersections, holes outside their shell...), as French messages. A
/// polygon proved valid quickly skips geo's all-pairs check; any doubt goes to geo.
pub fn validity(geometry: &Geometry<f64>) -> Vec<String> {
    if super::quick_validity::certainly_valid(geometry) {
        return Vec::new();
    }
    geometry
        .validation_errors()
        .into_iter()
        .map(|e| format!("géométrie invalide (OGC) : {e}"))
        .collect()
}

/// RFC 7946 wants exterior rings counter-clockwise and holes clockwise. Returns the geometry
/// re-oriented when it was not, so the caller can warn and go on with the fixed one.
pub fn reoriented(geometry: &Geometry<f64>) -> Option<Geometry<f64>> {
    let fixed = match geometry {
        Geometry::Polygon(p) => Geometry::Polygon(p.orient(geo::orient::Direction::Default)),
        Geometry::MultiPolygon(mp) => {
            Geometry::MultiPolygon(mp.orient(geo::orient::Direction::Default))
        }
        _ => return None,
    };
    (fixed != *geometry).then_some(fixed)
}

/// Checks the geometry lies inside `bbox` (`[lon_min, lat_min, lon_max, lat_max]`).
pub fn inside_bbox(geometry: &Geometry<f64>, bbox: [f64; 4]) -> Option<String> {
    let rect = geometry.bounding_rect()?;
    let inside = rect.min().x >= bbox[0]
        && rect.min().y >= bbox[1]
        && rect.max().x <= bbox[2]
        && rect.max().y <= bbox[3];
    (!inside).then(|| {
        format!(
            "géométrie hors de l'emprise du territoire [{}, {}, {}, {}] (étendue de l'entité : [{:.5}, {:.5}, {:.5}, {:.5}])",
            bbox[0], bbox[1], bbox[2], bbox[3], rect.min().x, rect.min().y, rect.max().x, rect.max().y
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::wkt;

    fn value(json: &str) -> Value {
        json.parse::<geojson::Geometry>().unwrap().value
    }

    #[test]
    fn open_ring_is_reported() {
        let v = value(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#);
        let problems = raw_coordinates(&v);
        assert_eq!(
            problems,
            ["anneau extérieur non fermé : le dernier point doit répéter le premier"]
        );
    }

    #[test]
    fn projected_coordinates_are_reported_once() {
        let v = value(
            r#"{"type":"Polygon","coordinates":[[[948000,6570000],[949000,6570000],[949000,6571000],[948000,6570000]]]}"#,
        );
        let problems = raw_coordinates(&v);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("4 position(s) hors des bornes WGS84, dont (948000, 6570000)")
        );
    }

    #[test]
    fn self_intersection_is_invalid() {
        let bowtie: Geometry<f64> = wkt!(POLYGON((0. 0., 0. 10., 10. 0., 10. 10., 0. 0.))).into();
        let problems = validity(&bowtie);
        assert!(!problems.is_empty());
        assert!(problems[0].contains("invalide"), "{problems:?}");
        let square: Geometry<f64> = wkt!(POLYGON((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.))).into();
        assert!(validity(&square).is_empty());
    }

    #[test]
    fn clockwise_exterior_is_reoriented() {
        let cw: Geometry<f64> = wkt!(POLYGON((0. 0., 0. 10., 10. 10., 10. 0., 0. 0.))).into();
        assert!(reoriented(&cw).is_some());
        let ccw: Geometry<f64> = wkt!(POLYGON((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.))).into();
        assert!(reoriented(&ccw).is_none());
    }

    #[test]
    fn outside_the_box() {
        let p: Geometry<f64> = wkt!(POINT(7.5 46.2)).into();
        assert!(inside_bbox(&p, [6.15, 46.13, 6.38, 46.29])
            .unwrap()
            .contains("hors de l'emprise"));
        let q: Geometry<f64> = wkt!(POINT(6.24 46.19)).into();
        assert!(inside_bbox(&q, [6.15, 46.13, 6.38, 46.29]).is_none());
    }
}
