//! The raw GeoJSON coordinates of a feature checked as they are read, before `geo` closes an
//! open ring silently. A part of reading, used also by the drawn areas of `place`; the
//! geometry's validity once converted is [`crate::validate::geometry`]'s.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
