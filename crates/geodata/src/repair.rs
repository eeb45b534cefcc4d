//! Repair of invalid polygons, for the national QPV layer at build time.
//!
//! Method: drop consecutive repeated vertices (the 4-decimal rounding of the published outlines
//! creates them); if the multipolygon is still not OGC-valid, repair each polygon on its own
//! with geo's [`MakeValid`] (Ledoux, Arroyo Ohori & Meijers 2014: constrained triangulation of
//! the edges, odd-even labelling, boundary reconstruction — the same "linework" approach as
//! GEOS's MakeValid), then union the repaired parts so that parts that overlap merge instead of
//! cancelling out under the odd-even rule. The area change is reported for every repaired
//! feature, so a repair that changes an outline noticeably is seen.

use geo::orient::Direction;
use geo::{
    Area, BooleanOps, Coord, CoordsIter, LineString, MakeValid, MultiPolygon, Orient, Polygon,
    RemoveRepeatedPoints,
};

use crate::local_frame::LocalFrame;

/// What a repair did to one multipolygon.
#[derive(Debug, Clone, PartialEq)]
pub struct RepairOutcome {
    pub geometry: MultiPolygon<f64>,
    /// The input was not OGC-valid once repeated vertices were dropped.
    pub was_invalid: bool,
    /// The first validity problem of the input, in words.
    pub problem: Option<String>,
    /// Relative area change (repaired − original) / original, see [`area_change`]: infinite
    /// when the original had no area.
    pub area_change: f64,
}

/// Why a geometry could not be repaired.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RepairError {
    #[error("réparation impossible : {0}")]
    Failed(String),
    #[error("géométrie toujours invalide après réparation : {0}")]
    StillInvalid(String),
    #[error("réparation abandonnée : délai dépassé")]
    Stopped,
    #[error("géométrie invalide ({problem}) de {vertices} sommets : trop grande pour la réparation automatique (au plus {MAX_REPAIR_VERTICES} sommets) ; corrigez le contour dans le SIG ou découpez-le")]
    TooLarge { problem: String, vertices: usize },
}

/// The most vertices an invalid geometry may have to be repaired: `make_valid` and the union
/// of the repaired parts cannot be interrupted and grow faster than the vertices (about a
/// second of CPU for 10,000 vertices of overlapping parts). Past it the repair is refused with
/// [`RepairError::TooLarge`]: an import, whatever its size within its bounds, costs a bounded
/// time.
pub const MAX_REPAIR_VERTICES: usize = 50_000;

/// The first OGC validity problem of `mp`, in geo's words, found at a bounded cost
/// ([`crate::validate::quick_validity`]), without copying it: `Some` also when the check was
/// too costly.
fn first_problem(mp: &MultiPolygon<f64>) -> Option<String> {
    use crate::validate::quick_validity::{check_multi_polygon, Checked};
    match check_multi_polygon(mp) {
        Checked::Errors(errors) => errors.first().map(ToString::to_string),
        Checked::TooCostly(_) => Some("trop d'arêtes qui se croisent ou se frôlent".into()),
    }
}

/// Repairs `mp` as described in the module documentation.
pub fn repair_multi_polygon(mp: &MultiPolygon<f64>) -> Result<RepairOutcome, RepairError> {
    repair_multi_polygon_until(mp, &|| false)
}

/// [`repair_multi_polygon`], giving up ([`RepairError::Stopped`]) as soon as `stop` says so,
/// checked before each part is repaired and merged: a server's request may have gone or
/// passed its deadline.
pub fn repair_multi_polygon_until(
    mp: &MultiPolygon<f64>,
    stop: &dyn Fn() -> bool,
) -> Result<RepairOutcome, RepairError> {
    let cleaned = mp.remove_repeated_points();
    let Some(problem) = first_problem(&cleaned) else {
        return Ok(RepairOutcome {
            geometry: cleaned,
            was_invalid: false,
            problem: None,
            area_change: 0.0,
        });
    };
    let vertices = cleaned.coords_count();
    if vertices > MAX_REPAIR_VERTICES {
        return Err(RepairError::TooLarge { problem, vertices });
    }
    let mut repaired = MultiPolygon::<f64>::new(vec![]);
    for polygon in &cleaned {
        if stop() {
            return Err(RepairError::Stopped);
        }
        let part = polygon
            .make_valid()
            .map_err(|e| RepairError::Failed(format!("{e:?}")))?;
        repaired = if repaired.0.is_empty() {
            part
        } else {
            repaired.union(&part)
        };
    }
    if let Some(e) = first_problem(&repaired) {
        return Err(RepairError::StillInvalid(e));
    }
    let repaired = canonical(repaired);
    let area_change = area_change(&cleaned, &repaired);
    Ok(RepairOutcome {
        geometry: repaired,
        was_invalid: true,
        problem: Some(problem),
        area_change,
    })
}

/// The same shape written one way only: exteriors counter-clockwise (RFC 7946), every ring
/// starting at its smallest vertex, polygons and holes sorted. The triangulation behind
/// `make_valid` returns parts in an arbitrary order; this makes the built file reproducible.
fn canonical(mp: MultiPolygon<f64>) -> MultiPolygon<f64> {
    let mut polygons: Vec<Polygon<f64>> = mp
        .orient(Direction::Default)
        .0
        .into_iter()
        .map(|p| {
            let (exterior, interiors) = p.into_inner();
            let mut interiors: Vec<_> = interiors.into_iter().map(rotate_to_min).collect();
            interiors.sort_by(|a, b| first(a).partial_cmp(&first(b)).expect("finite coordinates"));
            Polygon::new(rotate_to_min(exterior), interiors)
        })
        .collect();
    polygons.sort_by(|a, b| {
        first(a.exterior())
            .partial_cmp(&first(b.exterior()))
            .expect("finite coordinates")
    });
    MultiPolygon(polygons)
}

fn first(ring: &LineString<f64>) -> (f64, f64) {
    ring.0.first().map_or((0.0, 0.0), |c| (c.x, c.y))
}

/// Rotates a closed ring so that it starts (and ends) at its lexicographically smallest vertex.
fn rotate_to_min(ring: LineString<f64>) -> LineString<f64> {
    let mut coords: Vec<Coord<f64>> = ring.0;
    if coords.len() < 2 {
        return LineString(coords);
    }
    coords.pop(); // the closing vertex
    let start = (0..coords.len())
        .min_by(|&i, &j| {
            (coords[i].x, coords[i].y)
                .partial_cmp(&(coords[j].x, coords[j].y))
                .expect("finite coordinates")
        })
        .unwrap_or(0);
    coords.rotate_left(start);
    coords.push(coords[0]);
    LineString(coords)
}

/// Relative area change (after − before) / before in a local metric frame: the one measure of
/// what a repair did to an outline, for the national build, the SIG team's import report and a
/// drawn polygon alike. The reference is the shoelace area of each ring (exterior minus holes),
/// which is what a GIS reports for an invalid polygon and which a self-intersecting ring makes
/// small: a bowtie whose lobes cancel out has no area before and some after, an infinite change
/// (« plus de 100 % »), never « 0 % ».
pub fn area_change(before: &MultiPolygon<f64>, after: &MultiPolygon<f64>) -> f64 {
    use geo::BoundingRect;
    let Some(rect) = before.bounding_rect().or_else(|| after.bounding_rect()) else {
        return 0.0;
    };
    let frame = LocalFrame::at(rect.center().into());
    let a0: f64 = frame
        .project_multi_polygon(before)
        .iter()
        .map(|p| p.unsigned_area())
        .sum();
    let a1 = frame.project_multi_polygon(after).unsigned_area();
    if a0 <= f64::EPSILON {
        return if a1 <= f64::EPSILON {
            0.0
        } else {
            f64::INFINITY
        };
    }
    (a1 - a0) / a0
}

/// An area change in French for a report: « +0.125 % » with `decimals` decimals, or « plus de
/// 100 % » when the outline had no area before.
pub fn area_change_words(change: f64, decimals: usize) -> String {
    if change.is_finite() {
        format!("{:+.*} %", decimals, change * 100.0)
    } else {
        "plus de 100 %".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Validation;

    #[test]
    fn an_invalid_outline_past_the_bound_is_not_repaired() {
        // A bowtie whose first diagonal has MAX_REPAIR_VERTICES + 1 vertices.
        let n = MAX_REPAIR_VERTICES + 1;
        let mut coords: Vec<(f64, f64)> = (0..n)
            .map(|i| (i as f64 / n as f64, i as f64 / n as f64))
            .collect();
        coords.extend([(1.0, 1.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)]);
        let bowtie = MultiPolygon(vec![Polygon::new(LineString::from(coords), vec![])]);
        let started = std::time::Instant::now();
        match repair_multi_polygon(&bowtie) {
            Err(e @ RepairError::TooLarge { .. }) => {
                assert!(e.to_string().contains("trop grande"), "{e}")
            }
            Err(e) => panic!("{e}"),
            Ok(outcome) => panic!("repaired: was_invalid {}", outcome.was_invalid),
        }
        assert!(
            started.elapsed().as_secs_f64() < 5.0,
            "{:?}",
            started.elapsed()
        );
    }
    use approx::assert_relative_eq;
    use geo::wkt;

    #[test]
    fn valid_input_is_kept() {
        let square = MultiPolygon(vec![wkt!(POLYGON((0. 0., 1. 0., 1. 1., 0. 1., 0. 0.)))]);
        let out = repair_multi_polygon(&square).unwrap();
        assert!(!out.was_invalid);
        assert_eq!(out.geometry, square);
    }

    #[test]
    fn repeated_vertices_alone_are_not_a_repair() {
        let square = MultiPolygon(vec![
            wkt!(POLYGON((0. 0., 1. 0., 1. 0., 1. 1., 0. 1., 0. 0.))),
        ]);
        let out = repair_multi_polygon(&square).unwrap();
        assert!(!out.was_invalid);
        assert_eq!(out.geometry.0[0].exterior().0.len(), 5);
    }

    #[test]
    fn bowtie_becomes_two_triangles() {
        let bowtie = MultiPolygon(vec![
            wkt!(POLYGON((0. 0., 0. 0.001, 0.001 0., 0.001 0.001, 0. 0.))),
        ]);
        let out = repair_multi_polygon(&bowtie).unwrap();
        assert!(out.was_invalid);
        assert!(out.geometry.is_valid());
        assert_eq!(out.geometry.0.len(), 2);
        assert!(out.problem.is_some());
    }

    #[test]
    fn overlapping_parts_merge_rather_than_cancel() {
        // Two overlapping squares in one multipolygon: invalid as a multipolygon; the odd-even
        // rule alone would punch a hole where they overlap.
        let mp = MultiPolygon(vec![
            wkt!(POLYGON((0. 0., 0.002 0., 0.002 0.002, 0. 0.002, 0. 0.))),
            wkt!(POLYGON((0.001 0., 0.003 0., 0.003 0.002, 0.001 0.002, 0.001 0.))),
        ]);
        let out = repair_multi_polygon(&mp).unwrap();
        assert!(out.was_invalid);
        assert!(out.geometry.is_valid());
        assert_eq!(out.geometry.0.len(), 1);
        assert_eq!(out.geometry.0[0].interiors().len(), 0);
        // The union covers 3 units out of the 4 the two squares add up to.
        assert_relative_eq!(out.area_change, -0.25, max_relative = 1e-6);
    }

    #[test]
    fn a_bowtie_whose_lobes_cancel_out_changes_infinitely() {
        let bowtie = MultiPolygon(vec![
            wkt!(POLYGON((6.2 46.2, 6.2 46.201, 6.201 46.2, 6.201 46.201, 6.2 46.2))),
        ]);
        let out = repair_multi_polygon(&bowtie).unwrap();
        assert!(out.area_change.is_infinite() && out.area_change > 0.0);
        assert_eq!(area_change_words(out.area_change, 1), "plus de 100 %");
    }

    #[test]
    fn no_area_before_or_after_is_no_change() {
        let flat = MultiPolygon(vec![wkt!(POLYGON((6.2 46.2, 6.201 46.2, 6.2 46.2)))]);
        assert_eq!(area_change(&flat, &flat), 0.0);
        assert_eq!(
            area_change(&MultiPolygon(vec![]), &MultiPolygon(vec![])),
            0.0
        );
    }

    #[test]
    fn area_change_words_are_signed_percentages() {
        assert_eq!(area_change_words(-0.25, 1), "-25.0 %");
        assert_eq!(area_change_words(0.000_12, 3), "+0.012 %");
    }
}
