//! The polygon of `POST /impacts`: a GeoJSON Polygon or MultiPolygon (geometry, Feature, or a
//! FeatureCollection of one), checked before any query runs.

use geo::MultiPolygon;

use crate::error::Problem;

/// Most vertices accepted in a POSTed polygon (validity checks grow faster than linearly).
pub const MAX_VERTICES: usize = 20_000;

/// Reads and checks the polygon of a POST body.
pub fn read_polygon(body: &[u8]) -> Result<MultiPolygon<f64>, Problem> {
    let bad = |why: String| Problem::bad_request(format!("corps GeoJSON refusé : {why}"));
    let geojson: geojson::GeoJson = serde_json::from_slice(body)
        .map_err(|e| bad(format!("JSON ou GeoJSON illisible ({e})")))?;
    let geometry = match geojson {
        geojson::GeoJson::Geometry(g) => Some(g),
        geojson::GeoJson::Feature(f) => f.geometry,
        geojson::GeoJson::FeatureCollection(fc) => {
            if fc.features.len() != 1 {
                return Err(bad(format!(
                    "une FeatureCollection doit contenir exactement un objet, elle en contient {}",
                    fc.features.len()
                )));
            }
            fc.features.into_iter().next().and_then(|f| f.geometry)
        }
    }
    .ok_or_else(|| bad("aucune géométrie".into()))?;
    let problems = geodata::validate::geometry::raw_coordinates(&geometry.value);
    if !problems.is_empty() {
        return Err(bad(problems.join(" ; ")));
    }
    let g = geo::Geometry::<f64>::try_from(geometry.value).map_err(|e| bad(e.to_string()))?;
    if geo::CoordsIter::coords_count(&g) > MAX_VERTICES {
        return Err(bad(format!(
            "polygone trop détaillé : au plus {MAX_VERTICES} sommets ; simplifiez-le"
        )));
    }
    let area = match g {
        geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
        geo::Geometry::MultiPolygon(mp) => mp,
        _ => return Err(bad("un Polygon ou un MultiPolygon est attendu".into())),
    };
    refuse_empty(&area).map_err(bad)?;
    let problems =
        geodata::validate::geometry::validity(&geo::Geometry::MultiPolygon(area.clone()));
    if !problems.is_empty() {
        return Err(bad(format!("polygone invalide : {}", problems.join(" ; "))));
    }
    Ok(area)
}

/// Empty and degenerate outlines: a polygon without an exterior ring of at least three distinct
/// positions has no place to answer for.
pub fn refuse_empty(area: &MultiPolygon<f64>) -> Result<(), String> {
    if area.0.is_empty() {
        return Err("multipolygone sans aucun polygone".into());
    }
    for (i, p) in area.0.iter().enumerate() {
        let ring = &p.exterior().0;
        let mut distinct: Vec<geo::Coord<f64>> = Vec::new();
        for c in ring {
            if !distinct.contains(c) {
                distinct.push(*c);
            }
            if distinct.len() >= 3 {
                break;
            }
        }
        if distinct.len() < 3 {
            return Err(format!(
                "polygone {} vide ou dégénéré : son contour extérieur doit avoir au moins trois positions distinctes (il en a {})",
                i + 1,
                distinct.len()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_degenerate_polygons_are_refused_with_the_reason() {
        for (body, why) in [
            (r#"{"type":"Polygon","coordinates":[]}"#, "vide"),
            (
                r#"{"type":"MultiPolygon","coordinates":[]}"#,
                "sans aucun polygone",
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[6.2,46.1],[6.2,46.1],[6.2,46.1],[6.2,46.1]]]}"#,
                "trois positions distinctes",
            ),
        ] {
            let problem = read_polygon(body.as_bytes()).expect_err(body);
            assert_eq!(problem.status.as_u16(), 400, "{body}");
            assert!(problem.detail.contains(why), "{body}: {}", problem.detail);
        }
        let square = r#"{"type":"Polygon","coordinates":[[[6.2,46.1],[6.21,46.1],[6.21,46.11],[6.2,46.11],[6.2,46.1]]]}"#;
        assert_eq!(read_polygon(square.as_bytes()).unwrap().0.len(), 1);
    }
}
