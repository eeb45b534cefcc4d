//! Where the place stands relative to QPV and veille perimeters: inside, outside or at the
//! edge, never a false certainty.

use super::answer::{PerimeterImpact, Relation, Verdict};
use super::probe::{hits, Hit, Place};
use super::{NATIONAL_RADIUS_M, NATIONAL_TOLERANCE_M};
use crate::layer::Layer;
use crate::model::{GeometryPrecision, Perimeter};
use crate::national::National;
use crate::territory::Territory;

/// The territory's own perimeters.
pub fn local(t: &Territory, place: &Place) -> Vec<PerimeterImpact> {
    let tolerance = t.manifest.tolerance.perimeter_m;
    answer(
        &t.perimeters,
        place,
        t.manifest.radii.perimeter_m.max(tolerance),
        tolerance,
        Some(t.slug()),
    )
}

/// National QPV not already answered by a territory (by code or as a predecessor).
pub fn national(n: &National, place: &Place, known: &[String]) -> Vec<PerimeterImpact> {
    answer(&n.qpv, place, NATIONAL_RADIUS_M, NATIONAL_TOLERANCE_M, None)
        .into_iter()
        .filter(|p| !known.contains(&p.code))
        .collect()
}

fn answer(
    layer: &Layer<Perimeter>,
    place: &Place,
    radius_m: f64,
    tolerance_m: f64,
    territory: Option<&str>,
) -> Vec<PerimeterImpact> {
    hits(layer, place, radius_m)
        .into_iter()
        .filter_map(|hit| {
            let p = &layer.features()[hit.feature].props;
            let (verdict, relation, reason) = judge(p, &hit, tolerance_m)?;
            Some(PerimeterImpact {
                territoire: territory.map(str::to_string),
                code: p.code.clone(),
                nom: p.name.clone(),
                kind: p.kind,
                millesime: p.vintage,
                predecessors: p.predecessors.clone(),
                verdict,
                relation,
                distance_bord_m: hit.edge_distance_m.map(round_m),
                distance_m: round_m(hit.distance_m),
                part_surface: hit.share,
                tolerance_m,
                precision_geometrie: p.placement.precision,
                motif_precision: p.placement.reason.clone(),
                source: p.source.clone(),
                raison: reason,
            })
        })
        .collect()
}

/// The verdict, the relation and the reason; `None` when the perimeter does not concern the
/// place (a commune-level perimeter of another commune).
fn judge(p: &Perimeter, hit: &Hit, tolerance_m: f64) -> Option<(Verdict, Relation, String)> {
    let what = format!("{} « {} » ({})", p.kind.label_fr(), p.name, p.code);
    if !matches!(
        p.placement.precision,
        GeometryPrecision::Exact | GeometryPrecision::Approximate
    ) {
        // Only the commune (or a wider area) is known: being there says nothing certain.
        if !hit.intersects {
            return None;
        }
        let reason = format!(
            "{what} : son périmètre exact n'est pas publié ; ce lieu est dans la même commune, il peut en faire partie ou non."
        );
        return Some((Verdict::Indetermine, Relation::MemeCommune, reason));
    }
    Some(match (hit.share, hit.edge_distance_m) {
        (None, Some(edge)) => point_verdict(&what, hit.contains, edge, tolerance_m),
        (Some(share), _) => area_verdict(&what, share, hit.distance_m, tolerance_m),
        (None, None) => unreachable!("a point hit always has an edge distance"),
    })
}

fn point_verdict(
    what: &str,
    inside: bool,
    edge_m: f64,
    tolerance_m: f64,
) -> (Verdict, Relation, String) {
    let edge = round_m(edge_m);
    if edge_m <= tolerance_m {
        let side = if inside {
            "juste à l'intérieur"
        } else {
            "juste à l'extérieur"
        };
        let reason = format!(
            "Ce lieu est {side} du {what}, à {edge} m de sa limite, soit moins que la précision du contour ({tolerance_m} m) : à vérifier sur le plan officiel."
        );
        let relation = if inside {
            Relation::Dedans
        } else {
            Relation::AProximite
        };
        return (Verdict::EnLimite, relation, reason);
    }
    if inside {
        (
            Verdict::Dedans,
            Relation::Dedans,
            format!("Ce lieu est dans le {what}, à {edge} m de sa limite."),
        )
    } else {
        (
            Verdict::Dehors,
            Relation::AProximite,
            format!("Ce lieu est hors du {what}, à {edge} m de sa limite."),
        )
    }
}

fn area_verdict(
    what: &str,
    share: f64,
    distance_m: f64,
    tolerance_m: f64,
) -> (Verdict, Relation, String) {
    let percent = (share * 1000.0).round() / 10.0;
    if share >= 0.9999 {
        return (
            Verdict::Dedans,
            Relation::Dedans,
            format!("Cette surface est entièrement dans le {what}."),
        );
    }
    if share > 0.0 || distance_m <= tolerance_m {
        let reason =
            format!("Cette surface est à {percent} % dans le {what} : elle chevauche sa limite.");
        return (Verdict::EnLimite, Relation::Intersecte, reason);
    }
    let d = round_m(distance_m);
    (
        Verdict::Dehors,
        Relation::AProximite,
        format!("Cette surface est hors du {what}, à {d} m de sa limite."),
    )
}

/// Metres to the decimetre: the data are not more precise, and answers read better.
pub(super) fn round_m(m: f64) -> f64 {
    (m * 10.0).round() / 10.0
}
