//! The place rules: what a point or a drawn area must be before it is asked about, one set of
//! rules for every path that takes one (`/impacts`, `/reverse`, `quartiers query`,
//! `quartiers geocode`). The callers only turn [`PlaceError`] into their own form (a
//! problem+json 400, a CLI message naming the file).
//!
//! What a drawn area (a GeoJSON Polygon or MultiPolygon: a geometry, a Feature, or a
//! FeatureCollection of one) gets, and why:
//! - not JSON, not GeoJSON, no geometry, not a (Multi)Polygon, a FeatureCollection of other
//!   than one feature: refused;
//! - empty `coordinates` (no ring, or an empty ring): refused — there is no place to ask about;
//! - a position of fewer than 2 numbers, `NaN`/`Infinity` (not JSON: refused by the parser),
//!   coordinates out of −180…180 / −90…90: refused with the offending values;
//! - a ring of fewer than 4 positions, not closed, or of fewer than 3 distinct vertices (a
//!   single repeated point, a back-and-forth segment), or enclosing no area (collinear
//!   vertices): refused — repairing it would invent a shape the sender did not draw;
//! - a self-intersecting ring (a bowtie), a hole outside its shell or overlapping parts: the
//!   sender drew an area, only not the way OGC wants it; repaired with `make_valid`
//!   ([`crate::repair`]) and answered with a warning saying so and by how much the area
//!   changed; refused when the repair leaves no area;
//! - past a bound of its [`AreaBudget`] (vertices, parts, pairs of edges that cross or nearly
//!   meet, and the vertices of an area that is not one plain outline, which geo's validity
//!   check and repair — not interruptible — must go through; the work of the repair and the
//!   overlay grows with them, see [`crate::cost`]):
//!   refused before any validity check, repair or overlay, saying which bound and how to stay
//!   under it ([`PlaceError::OverBudget`]). A 20,000-vertex star or 2,000 overlapping slivers
//!   are refused in milliseconds instead of taking seconds and gigabytes to repair.
//!
//! The repair also stops when its caller says so ([`PlaceError::Stopped`]): a server's
//! request may have gone or passed its deadline.
//!
//! No degenerate shape reaches the overlay code (API Carto answers 500 to some of them).

use geo::{Area, Centroid, MultiPolygon, Point};
use geojson::{GeometryValue, PolygonType, Position};

use crate::cost::{AreaBudget, OverBudget};
use crate::local_frame::LocalFrame;

/// A point (an address, a click) or an area (an îlot, a drawn polygon), in WGS84.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Point(Point<f64>),
    Area(MultiPolygon<f64>),
}

/// Why a place was refused, in French.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlaceError {
    #[error("coordonnées hors bornes : longitude {lon} (−180 à 180), latitude {lat} (−90 à 90), en degrés WGS84")]
    OutOfBounds { lon: f64, lat: f64 },
    /// A drawn area that cannot be asked about: the reason.
    #[error("{0}")]
    Area(String),
    /// A drawn area whose repair and overlay would cost more than a bound of the budget.
    #[error("{} (borne [budgets.geometry] {} = {})", .0.message, .0.bound, .0.max)]
    OverBudget(OverBudget),
    /// The caller said to stop (its request went away or passed its deadline).
    #[error("lecture du polygone abandonnée : délai dépassé")]
    Stopped,
}

/// A drawn area as read: the area to ask about, and what the answer must add to its
/// warnings (a repair).
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnArea {
    pub area: MultiPolygon<f64>,
    pub warnings: Vec<String>,
}

impl Place {
    /// A point in WGS84 degrees, within −180…180 / −90…90.
    pub fn point(lon: f64, lat: f64) -> Result<Place, PlaceError> {
        checked_point(lon, lat).map(Place::Point)
    }

    /// A representative point: the point itself, or the area's centroid.
    pub fn anchor(&self) -> Point<f64> {
        match self {
            Place::Point(p) => *p,
            Place::Area(a) => a
                .centroid()
                .unwrap_or_else(|| Point::new(f64::NAN, f64::NAN)),
        }
    }

    /// The area in square metres (0 for a point).
    pub fn area_m2(&self) -> f64 {
        match self {
            Place::Point(_) => 0.0,
            Place::Area(a) => LocalFrame::at(self.anchor())
                .project_multi_polygon(a)
                .unsigned_area(),
        }
    }
}

/// `lon`, `lat` as a point, if they are WGS84 degrees in bounds.
pub fn checked_point(lon: f64, lat: f64) -> Result<Point<f64>, PlaceError> {
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(PlaceError::OutOfBounds { lon, lat });
    }
    Ok(Point::new(lon, lat))
}

fn bad(why: impl std::fmt::Display) -> PlaceError {
    PlaceError::Area(why.to_string())
}

/// Reads and checks a drawn area (GeoJSON text, see the module's rules) within `budget`,
/// giving up when `stop` says so.
pub fn read_area(
    body: &[u8],
    budget: &AreaBudget,
    stop: &dyn Fn() -> bool,
) -> Result<DrawnArea, PlaceError> {
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
    let problems = crate::read::raw_coordinates(&geometry.value);
    if !problems.is_empty() {
        return Err(bad(problems.join(" ; ")));
    }
    // The counts first, on the positions as read: no geometry is built past a bound.
    let vertices: usize = polygons.iter().flat_map(|p| p.iter()).map(Vec::len).sum();
    crate::cost::check_counts(vertices, polygons.len(), budget).map_err(PlaceError::OverBudget)?;
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
    let cost = crate::cost::check_area(&area, budget).map_err(PlaceError::OverBudget)?;
    // One ring whose edges meet only their neighbours cannot cross itself: valid as drawn
    // (its distinct vertices and area are checked above). geo's validity check tests every
    // pair of edges — 80 % of the answer for a 20,000-vertex outline (2 s), and nothing
    // could stop it.
    let simple = cost.edge_pairs == 0 && area.0.len() == 1 && area.0[0].interiors().is_empty();
    crate::cost::check_checked(&cost, simple, budget).map_err(PlaceError::OverBudget)?;
    if simple {
        return Ok(DrawnArea {
            area,
            warnings: Vec::new(),
        });
    }
    repaired(area, stop)
}

/// The area as drawn when it is valid; else its `make_valid` repair, with the warning.
fn repaired(area: MultiPolygon<f64>, stop: &dyn Fn() -> bool) -> Result<DrawnArea, PlaceError> {
    if stop() {
        return Err(PlaceError::Stopped);
    }
    let problems = crate::validate::geometry::validity(&geo::Geometry::MultiPolygon(area.clone()));
    if problems.is_empty() {
        return Ok(DrawnArea {
            area,
            warnings: Vec::new(),
        });
    }
    let repaired = crate::repair::repair_multi_polygon_until(&area, stop).map_err(|e| match e {
        crate::repair::RepairError::Stopped => PlaceError::Stopped,
        e => bad(format!(
            "polygone invalide ({}) : {e}",
            problems.join(" ; ")
        )),
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
        crate::repair::area_change_words(repaired.area_change, 1)
    );
    Ok(DrawnArea {
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
fn check_ring(ring: &[Position], name: &str) -> Result<(), PlaceError> {
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

    fn read(body: &str) -> Result<DrawnArea, String> {
        read_area(body.as_bytes(), &AreaBudget::default(), &|| false).map_err(|e| e.to_string())
    }

    #[test]
    fn points_out_of_bounds_are_refused() {
        assert!(Place::point(6.24, 46.18).is_ok());
        assert!(Place::point(180.0, -90.0).is_ok());
        let e = Place::point(200.0, 46.0).expect_err("lon 200");
        assert_eq!(
            e,
            PlaceError::OutOfBounds {
                lon: 200.0,
                lat: 46.0
            }
        );
        assert!(e
            .to_string()
            .starts_with("coordonnées hors bornes : longitude 200"));
        assert!(checked_point(6.0, 91.0).is_err());
        assert!(checked_point(f64::NAN, 46.0).is_err());
    }

    #[test]
    fn a_valid_square_reads_without_warning() {
        let ok = read(r#"{"type":"Polygon","coordinates":[[[6.2,46.1],[6.3,46.1],[6.3,46.2],[6.2,46.2],[6.2,46.1]]]}"#)
            .expect("valid");
        assert!(ok.warnings.is_empty());
        assert_eq!(ok.area.0.len(), 1);
    }

    /// Every case is in the server's `routes/impacts/refused_polygons.tsv`, checked there
    /// through the HTTP answer; a few here, for the reasons themselves.
    #[test]
    fn degenerate_areas_are_refused_with_their_reason() {
        for (expected, body) in [
            (
                "1 sommet(s) distinct(s)",
                r#"{"type":"Polygon","coordinates":[[[6.2,46.1],[6.2,46.1],[6.2,46.1],[6.2,46.1]]]}"#,
            ),
            (
                "alignés",
                r#"{"type":"Polygon","coordinates":[[[6.2,46.1],[6.3,46.1],[6.4,46.1],[6.2,46.1]]]}"#,
            ),
            (
                "exactement un",
                r#"{"type":"FeatureCollection","features":[]}"#,
            ),
            (
                "pas un Point",
                r#"{"type":"Point","coordinates":[6.2,46.1]}"#,
            ),
        ] {
            let why = read(body).expect_err(body);
            assert!(why.contains(expected), "{body}: {why}");
        }
    }

    fn star(n: usize) -> String {
        // Every vertex joined to the one nearly opposite: each edge crosses most others.
        let at = |i: usize| {
            let a = ((i * (n / 2)) % n) as f64 * std::f64::consts::TAU / n as f64;
            format!("[{},{}]", 6.25 + 0.05 * a.cos(), 46.2 + 0.05 * a.sin())
        };
        let ring: Vec<String> = (0..=n).map(|i| at(i % n)).collect();
        format!(
            r#"{{"type":"Polygon","coordinates":[[{}]]}}"#,
            ring.join(",")
        )
    }

    fn slivers(count: u32) -> String {
        let parts: Vec<String> = (0..count)
            .map(|i| {
                let d = f64::from(i) * 1e-5;
                format!(
                    "[[[6.20,46.15],[{},46.25],[6.21,{}],[6.20,46.15]]]",
                    6.30 + d,
                    46.25 - d
                )
            })
            .collect();
        format!(
            r#"{{"type":"MultiPolygon","coordinates":[{}]}}"#,
            parts.join(",")
        )
    }

    fn over(body: &str) -> OverBudget {
        match read_area(body.as_bytes(), &AreaBudget::default(), &|| false) {
            Err(PlaceError::OverBudget(over)) => over,
            other => panic!("not over budget: {other:?}"),
        }
    }

    /// Issue 26: shapes under the vertex bound whose repair took seconds and gigabytes are
    /// refused before any of it, each naming its bound.
    #[test]
    fn costly_shapes_are_refused_before_the_repair() {
        let t = std::time::Instant::now();
        assert_eq!(over(&star(19_999)).bound, "max_edge_pairs");
        assert_eq!(over(&slivers(2_000)).bound, "max_parts");
        let fewer = over(&slivers(400));
        assert_eq!(fewer.bound, "max_edge_pairs");
        // Debug build: the three estimates together take well under a second in release.
        assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
        assert!(PlaceError::OverBudget(fewer)
            .to_string()
            .contains("(borne [budgets.geometry] max_edge_pairs = 20000)"),);
        assert_eq!(over(&star(20_001)).bound, "max_vertices");
    }

    /// A plain outline at the vertex bound is read without the pairwise validity check.
    #[test]
    fn a_plain_outline_of_20000_vertices_reads_fast() {
        let n = 19_999;
        let ring: Vec<String> = (0..=n)
            .map(|i| {
                let a = f64::from(i % n) * std::f64::consts::TAU / f64::from(n);
                format!("[{},{}]", 6.25 + 0.05 * a.cos(), 46.2 + 0.05 * a.sin())
            })
            .collect();
        let body = format!(
            r#"{{"type":"Polygon","coordinates":[[{}]]}}"#,
            ring.join(",")
        );
        let t = std::time::Instant::now();
        let read = read_area(body.as_bytes(), &AreaBudget::default(), &|| false).expect("valid");
        assert!(read.warnings.is_empty());
        // Debug build; the pairwise check took 2 s in release.
        assert!(t.elapsed().as_secs_f64() < 1.5, "{:?}", t.elapsed());
        use geo::Validation;
        assert!(read.area.is_valid());
    }

    /// Two overlapping outlines must go through geo's validity check and repair, which
    /// nothing interrupts: bounded by `max_vertices_checked`, not by the plain outline's bound.
    #[test]
    fn overlapping_parts_are_bounded_by_the_checked_vertices() {
        let circle = |n: u32, cx: f64| {
            let ring: Vec<String> = (0..=n)
                .map(|i| {
                    let a = f64::from(i % n) * std::f64::consts::TAU / f64::from(n);
                    format!("[{},{}]", cx + 0.05 * a.cos(), 46.2 + 0.05 * a.sin())
                })
                .collect();
            format!("[[{}]]", ring.join(","))
        };
        let two = |n| {
            format!(
                r#"{{"type":"MultiPolygon","coordinates":[{},{}]}}"#,
                circle(n, 6.25),
                circle(n, 6.26)
            )
        };
        assert_eq!(over(&two(5_000)).bound, "max_vertices_checked");
        let read = read(&two(500)).expect("repaired");
        assert_eq!(read.area.0.len(), 1, "the overlapping parts merge");
    }

    #[test]
    fn a_repair_stops_when_told() {
        let bowtie = r#"{"type":"Polygon","coordinates":[[[6.2,46.1],[6.3,46.2],[6.3,46.1],[6.2,46.2],[6.2,46.1]]]}"#;
        let stopped = read_area(bowtie.as_bytes(), &AreaBudget::default(), &|| true);
        assert_eq!(stopped, Err(PlaceError::Stopped));
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
