//! Where a geocoded address stands with regard to the QPV, from the impact query.

use geo::Point;
use geodata::catalog::Catalog;
use geodata::impacts::{impacts, PerimeterImpact, Place, Verdict};
use geodata::model::PerimeterKind;

/// The QPV columns of one located row.
#[derive(Debug, Clone, PartialEq)]
pub struct QpvAnswer {
    /// The QPV the address is in, or whose edge is closer than the outline's tolerance.
    pub code: String,
    pub name: String,
    /// `dedans`, `dehors` or `en limite`.
    pub verdict: &'static str,
    /// Distance to that QPV's edge; when `dehors`, to the nearest QPV's edge within 500 m.
    pub edge_m: Option<f64>,
    pub operations: usize,
    pub actions: usize,
}

pub fn locate(catalog: &Catalog, lon: f64, lat: f64) -> QpvAnswer {
    let report = impacts(catalog, &Place::Point(Point::new(lon, lat)));
    // Commune-level perimeters (veille active) say nothing certain about membership.
    let qpvs: Vec<&PerimeterImpact> = report
        .perimeters
        .iter()
        .filter(|p| p.kind == PerimeterKind::Qpv && p.verdict != Verdict::Indetermine)
        .collect();
    // The answer is sorted: dedans, en limite, then dehors nearest first.
    let (code, name, verdict, edge_m) = match qpvs.first() {
        Some(p) if p.verdict == Verdict::Dehors => {
            (String::new(), String::new(), "dehors", p.distance_bord_m)
        }
        Some(p) => (
            p.code.clone(),
            p.nom.clone(),
            if p.verdict == Verdict::Dedans {
                "dedans"
            } else {
                "en limite"
            },
            p.distance_bord_m,
        ),
        None => (String::new(), String::new(), "dehors", None),
    };
    QpvAnswer {
        code,
        name,
        verdict,
        edge_m,
        operations: report.operations.len(),
        actions: report.actions.len(),
    }
}
