//! The columns `quartiers locate` adds to each row, taken from the impact answer.

use geodata::impacts::{ImpactReport, Verdict};

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
    let standing = report.qpv_standing();
    let verdict = match standing.verdict {
        Verdict::Dedans => "dedans",
        Verdict::EnLimite => "en_limite",
        _ => "dehors",
    };
    [
        standing.qpv.map(|p| p.code.clone()).unwrap_or_default(),
        standing.qpv.map(|p| p.nom.clone()).unwrap_or_default(),
        verdict.to_string(),
        standing
            .edge_m
            .map(|m| format!("{m:.1}"))
            .unwrap_or_default(),
        if standing.inside_outline {
            "oui"
        } else {
            "non"
        }
        .to_string(),
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
