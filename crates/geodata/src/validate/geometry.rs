//! Geometry rules once a geometry is read: validity, winding, inside the box (well-formed
//! coordinates and closed rings are checked as it is read, [`crate::read::raw_coordinates`]).

use geo::{BoundingRect, Geometry, Orient, Validation};

/// OGC validity (self-intersections, holes outside their shell...), as French messages.
/// Polygons are checked at a bounded cost ([`super::quick_validity`]).
pub fn validity(geometry: &Geometry<f64>) -> Vec<String> {
    use super::quick_validity::{check, Checked, MAX_EDGE_PAIRS};
    let errors = match check(geometry) {
        Some(Checked::Errors(errors)) => errors,
        Some(Checked::TooCostly(ring)) => {
            let ring = match ring {
                geo::validation::RingRole::Interior(i) => format!("anneau intérieur n°{}", i + 1),
                _ => "anneau extérieur".to_string(),
            };
            return vec![format!(
                "géométrie trop coûteuse à vérifier : son {ring} a plus de {MAX_EDGE_PAIRS} paires d'arêtes non voisines dont les boîtes se touchent (tracé en zigzag ou en étoile) ; simplifiez-la ou découpez-la"
            )];
        }
        None => geometry.validation_errors(),
    };
    errors
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
