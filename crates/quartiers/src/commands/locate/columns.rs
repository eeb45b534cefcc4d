//! The columns `quartiers locate` adds to each row, taken from the impact answer.

use geodata::impacts::{ImpactReport, PerimeterImpact, Relation, Verdict};
use geodata::model::PerimeterKind;

/// Names of the added columns, in output order.
pub const ADDED: [&str; 8] = [
    "qpv_code",
    "qpv_nom",
    "verdict",
    "distance_bord_m",
    "dans_contour",
    "nb_operations",
    "nb_actions",
    "erreur",
];

/// The added fields of a row whose point was located.
///
/// - `qpv_code`, `qpv_nom`: the QPV the point is in, or whose edge it is closer to than the
///   outline's tolerance; empty when `dehors`.
/// - `verdict`: `dedans`, `dehors` or `en_limite` (closer to an edge than the tolerance: to be
///   checked on the official map).
/// - `distance_bord_m`: distance to that QPV's edge; when `dehors`, to the nearest QPV's edge
///   if one lies within 500 m, else empty.
/// - `dans_contour`: `oui` when the point falls inside a published outline, before tolerance
///   (what an independent point-in-polygon test gives).
/// - `nb_operations`, `nb_actions`: how many operations and programme actions concern the point.
pub fn located(report: &ImpactReport) -> [String; 8] {
    // Commune-level perimeters (veille active) say nothing certain about membership.
    let qpvs: Vec<&PerimeterImpact> = report
        .perimeters
        .iter()
        .filter(|p| p.kind == PerimeterKind::Qpv && p.verdict != Verdict::Indetermine)
        .collect();
    let inside = qpvs.iter().any(|p| p.relation == Relation::Dedans);
    // The answer is sorted: dedans, en limite (inside first), then dehors nearest first.
    let (code, name, verdict, edge) = match qpvs.first() {
        Some(p) if p.verdict == Verdict::Dehors => {
            (String::new(), String::new(), "dehors", p.distance_bord_m)
        }
        Some(p) => (
            p.code.clone(),
            p.nom.clone(),
            if p.verdict == Verdict::Dedans {
                "dedans"
            } else {
                "en_limite"
            },
            p.distance_bord_m,
        ),
        None => (String::new(), String::new(), "dehors", None),
    };
    [
        code,
        name,
        verdict.to_string(),
        edge.map(|m| format!("{m:.1}")).unwrap_or_default(),
        if inside { "oui" } else { "non" }.to_string(),
        report.operations.len().to_string(),
        report.actions.len().to_string(),
        String::new(),
    ]
}

/// The added fields of a row whose coordinates could not be read.
pub fn failed(message: &str) -> [String; 8] {
    let mut fields: [String; 8] = Default::default();
    fields[7] = message.to_string();
    fields
}
