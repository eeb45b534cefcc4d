//! The polygon of `POST /impacts`: a GeoJSON Polygon or MultiPolygon (geometry, Feature, or a
//! FeatureCollection of one), read and checked before any query runs,
//! so that no degenerate shape reaches the overlay code (API Carto answers 500 to some of
//! them; we never do).
//!
//! What each degenerate case gets, and why:
//! - not JSON, not GeoJSON, no geometry, not a (Multi)Polygon, a FeatureCollection of other
//!   than one feature: 400;
//! - empty `coordinates` (no ring, or an empty ring): 400 — there is no place to ask about;
//! - a position of fewer than 2 numbers, `NaN`/`Infinity` (not JSON: refused by the parser),
//!   coordinates out of −180…180 / −90…90: 400 with the offending values;
//! - a ring of fewer than 4 positions, not closed, or of fewer than 3 distinct vertices (a
//!   single repeated point, a back-and-forth segment), or enclosing no area (collinear
//!   vertices): 400 — repairing it would invent a shape the sender did not draw;
//! - a self-intersecting ring (a bowtie), a hole outside its shell or overlapping parts: the
//!   sender drew an area, only not the way OGC wants it; repaired with `make_valid`
//!   (`geodata::repair`) and answered with a warning in `avertissements` saying so and by how
//!   much the area changed; 400 when the repair leaves no area;
//! - more than [`MAX_VERTICES`] vertices: 400 (validity checks grow faster than linearly).

use geo::{Area, MultiPolygon};
use geojson::{GeometryValue, PolygonType, Position};

use crate::error::Problem;

/// Most vertices accepted in a POSTed polygon.
pub const MAX_VERTICES: usize = 20_000;

/// A polygon body as read: the area to query, and what the caller must add to the answer's
/// `avertissements` (a repair).
#[derive(Debug, Clone, PartialEq)]
pub struct PolygonBody {
    pub area: MultiPolygon<f64>,
    pub warnings: Vec<String>,
}

fn bad(why: impl std::fmt::Display) -> Problem {
    Problem::bad_request(format!("corps GeoJSON refusé : {why}"))
}

/// Reads and checks the polygon of a POST body.
pub fn read_polygon(body: &[u8]) -> Result<PolygonBody, Problem> {
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
    .ok_or_else(|| bad("aucune géométrie"))?;
    let polygons: Vec<&PolygonType> = match &geometry.value {
        GeometryValue::Polygon { coordinates } => vec![coordinates],
        GeometryValue::MultiPolygon { coordinates } => coordinates.iter().collect(),
        other => {
            return Err(bad(format!(
                "un Polygon ou un MultiPolygon est attendu, pas un {}",
                other.type_name()
            )))
        }
    };
    if polygons.is_empty() {
        return Err(bad(
            "multipolygone sans aucun polygone : « coordinates » est vide",
        ));
    }
    if polygons.iter().any(|p| p.is_empty()) {
        return Err(bad(
            "polygone vide : « coordinates » ne contient aucun anneau ; il faut au moins un anneau extérieur de 4 positions",
        ));
    }
    let problems = geodata::validate::geometry::raw_coordinates(&geometry.value);
    if !problems.is_empty() {
        return Err(bad(problems.join(" ; ")));
    }
    let vertices: usize = polygons.iter().flat_map(|p| p.iter()).map(Vec::len).sum();
    if vertices > MAX_VERTICES {
        return Err(bad(format!(
            "polygone trop détaillé ({vertices} sommets) : au plus {MAX_VERTICES} ; simplifiez-le"
        )));
    }
    for (i, polygon) in polygons.iter().enumerate() {
        for (r, ring) in polygon.iter().enumerate() {
            check_ring(ring, &ring_name(i, r, polygons.len()))?;
        }
    }
    let g = geo::Geometry::<f64>::try_from(geometry.value).map_err(bad)?;
    let area = match g {
        geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
        geo::Geometry::MultiPolygon(mp) => mp,
        _ => return Err(bad("un Polygon ou un MultiPolygon est attendu")),
    };
    let problems =
        geodata::validate::geometry::validity(&geo::Geometry::MultiPolygon(area.clone()));
    if problems.is_empty() {
        return Ok(PolygonBody {
            area,
            warnings: Vec::new(),
        });
    }
    let repaired = geodata::repair::repair_multi_polygon(&area).map_err(|e| {
        bad(format!(
            "polygone invalide ({}) : {e}",
            problems.join(" ; ")
        ))
    })?;
    if repaired.geometry.0.is_empty() || repaired.geometry.unsigned_area() == 0.0 {
        return Err(bad(format!(
            "polygone invalide ({}) et sans surface une fois réparé",
            problems.join(" ; ")
        )));
    }
    let warning = format!(
        "polygone envoyé invalide ({}) : réparé avec make_valid, la zone interrogée est la réparation ({} partie(s), surface {})",
        repaired.problem.as_deref().unwrap_or(&problems.join(" ; ")),
        repaired.geometry.0.len(),
        geodata::repair::area_change_words(repaired.area_change, 1)
    );
    Ok(PolygonBody {
        area: repaired.geometry,
        warnings: vec![warning],
    })
}

fn ring_name(polygon: usize, ring: usize, polygons: usize) -> String {
    let which = if ring == 0 {
        "anneau extérieur".to_string()
    } else {
        format!("anneau intérieur n°{ring}")
    };
    if polygons > 1 {
        format!("polygone n°{} : {which}", polygon + 1)
    } else {
        which
    }
}

/// A ring must have 3 distinct vertices and enclose some area: otherwise no shape was drawn.
fn check_ring(ring: &[Position], name: &str) -> Result<(), Problem> {
    let mut distinct: Vec<(f64, f64)> = Vec::new();
    for p in ring {
        let p = p.as_slice();
        let xy = (p[0], p[1]);
        if !distinct.contains(&xy) {
            distinct.push(xy);
            if distinct.len() >= 3 {
                break;
            }
        }
    }
    if distinct.len() < 3 {
        return Err(bad(format!(
            "{name} dégénéré : {} sommet(s) distinct(s), au moins 3 attendus (un point répété ou un aller-retour n'entoure aucune surface)",
            distinct.len()
        )));
    }
    // Collinear vertices enclose nothing; a ring that nearly does is caught after repair.
    let (a, b) = (distinct[0], distinct[1]);
    let collinear = ring.iter().all(|p| {
        let p = p.as_slice();
        (b.0 - a.0) * (p[1] - a.1) - (b.1 - a.1) * (p[0] - a.0) == 0.0
    });
    if collinear {
        return Err(bad(format!(
            "{name} sans surface : ses sommets sont alignés"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> Result<PolygonBody, String> {
        read_polygon(body.as_bytes()).map_err(|p| p.detail)
    }

    #[test]
    fn a_valid_square_reads_without_warning() {
        let ok = read(r#"{"type":"Polygon","coordinates":[[[6.2,46.1],[6.3,46.1],[6.3,46.2],[6.2,46.2],[6.2,46.1]]]}"#)
            .expect("valid");
        assert!(ok.warnings.is_empty());
        assert_eq!(ok.area.0.len(), 1);
    }

    #[test]
    fn every_refused_body_gets_its_reason() {
        let cases = include_str!("refused_polygons.tsv");
        let mut count = 0;
        for (n, line) in cases.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let (expected, body) = line.split_once('\t').expect("a tab");
            let why = read(body).expect_err(body);
            assert!(why.contains(expected), "line {}: {body}: {why}", n + 1);
            count += 1;
        }
        assert_eq!(count, 18, "every case of refused_polygons.tsv is read");
    }

    #[test]
    fn a_bowtie_is_repaired_and_said() {
        let bowtie = read(r#"{"type":"Polygon","coordinates":[[[6.2,46.1],[6.3,46.2],[6.3,46.1],[6.2,46.2],[6.2,46.1]]]}"#)
            .expect("repaired");
        assert_eq!(bowtie.area.0.len(), 2, "{:?}", bowtie.area);
        assert_eq!(bowtie.warnings.len(), 1);
        assert!(
            bowtie.warnings[0].contains("make_valid"),
            "{:?}",
            bowtie.warnings
        );
        use geo::Validation;
        assert!(bowtie.area.is_valid());
    }
}
