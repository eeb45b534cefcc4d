//! Where a place stands with regard to the QPV, in one line: what address lists and CSV
//! exports give for each row.

use super::types::{ImpactReport, PerimeterImpact, Relation, Verdict};
use crate::model::PerimeterKind;

/// The QPV standing of a place, from its impact answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QpvStanding<'a> {
    /// The QPV the place is in, or whose edge is closer than the outline's tolerance; `None`
    /// when `dehors`.
    pub qpv: Option<&'a PerimeterImpact>,
    /// `Dedans`, `EnLimite` or `Dehors` (never `Indetermine`).
    pub verdict: Verdict,
    /// Distance to that QPV's edge; when `dehors`, to the nearest QPV's edge if one was listed
    /// (within the answer's radius).
    pub edge_m: Option<f64>,
    /// The place falls inside a published outline, before tolerance (what an independent
    /// point-in-polygon test gives).
    pub inside_outline: bool,
}

impl ImpactReport {
    pub fn qpv_standing(&self) -> QpvStanding<'_> {
        // Commune-level perimeters (veille active) say nothing certain about membership.
        let mut qpvs = self
            .perimeters
            .iter()
            .filter(|p| p.kind == PerimeterKind::Qpv && p.verdict != Verdict::Indetermine);
        let inside_outline = qpvs.clone().any(|p| p.relation == Relation::Dedans);
        // The answer is sorted: dedans, en limite (inside first), then dehors nearest first.
        match qpvs.next() {
            Some(p) if p.verdict == Verdict::Dehors => QpvStanding {
                qpv: None,
                verdict: Verdict::Dehors,
                edge_m: p.distance_bord_m,
                inside_outline,
            },
            Some(p) => QpvStanding {
                qpv: Some(p),
                verdict: p.verdict,
                edge_m: p.distance_bord_m,
                inside_outline,
            },
            None => QpvStanding {
                qpv: None,
                verdict: Verdict::Dehors,
                edge_m: None,
                inside_outline,
            },
        }
    }
}
