//! Where a geocoded address stands with regard to the QPV, from the impact query.

use geo::Point;
use geodata::impacts::{Answerer, Place, Verdict};

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

pub fn locate(answerer: Answerer<'_>, lon: f64, lat: f64) -> QpvAnswer {
    let report = answerer.impacts(&Place::Point(Point::new(lon, lat)));
    let standing = report.qpv_standing();
    QpvAnswer {
        code: standing.qpv.map(|p| p.code.clone()).unwrap_or_default(),
        name: standing.qpv.map(|p| p.nom.clone()).unwrap_or_default(),
        verdict: match standing.verdict {
            Verdict::Dedans => "dedans",
            Verdict::EnLimite => "en limite",
            _ => "dehors",
        },
        edge_m: standing.edge_m,
        operations: report.operations.len(),
        actions: report.actions.len(),
    }
}
