//! Where the place stands relative to QPV and veille perimeters: inside, outside or at the
//! edge, never a false certainty.

use super::group::Group;
use super::links::item_link;
use super::probe::{round_m, Hit, Measure};
use super::types::{PerimeterImpact, Relation, Verdict};
use crate::model::Perimeter;
use crate::national_answer::share_words;

/// Where the place stands with regard to a drawn perimeter it meets or lies near; `None` for a
/// perimeter whose outline is not published (see [`commune_level`]).
pub fn judged(
    p: &Perimeter,
    hit: &Hit,
    tolerance_m: f64,
    territory: Option<&str>,
) -> Option<PerimeterImpact> {
    if !p.placement.precision.is_drawn() {
        return None;
    }
    let what = what(p);
    let (verdict, relation, reason) = match hit.measure {
        Measure::Point { edge_distance_m } => {
            point_verdict(&what, hit.contains, edge_distance_m, tolerance_m)
        }
        Measure::Area { share } => area_verdict(&what, share, hit.distance_m, tolerance_m),
    };
    Some(impact(
        p,
        territory,
        Standing {
            verdict,
            relation,
            edge_m: hit.edge_distance_m().map(round_m),
            distance_m: round_m(hit.distance_m),
            share: hit.share(),
            tolerance_m,
        },
        reason,
    ))
}

/// A perimeter only known at the commune level (no published outline), for a place of one of
/// its communes: being there says nothing certain.
pub fn commune_level(p: &Perimeter, territory: Option<&str>, tolerance_m: f64) -> PerimeterImpact {
    let reason = format!(
        "{} : son périmètre exact n'est pas publié ; ce lieu est dans la même commune, il peut en faire partie ou non.",
        what(p)
    );
    impact(
        p,
        territory,
        Standing {
            verdict: Verdict::Indetermine,
            relation: Relation::MemeCommune,
            edge_m: None,
            distance_m: 0.0,
            share: None,
            tolerance_m,
        },
        reason,
    )
}

struct Standing {
    verdict: Verdict,
    relation: Relation,
    edge_m: Option<f64>,
    distance_m: f64,
    share: Option<f64>,
    tolerance_m: f64,
}

fn what(p: &Perimeter) -> String {
    format!("{} « {} » ({})", p.kind.label_fr(), p.name, p.code)
}

fn impact(p: &Perimeter, territory: Option<&str>, s: Standing, reason: String) -> PerimeterImpact {
    PerimeterImpact {
        territoire: territory.map(str::to_string),
        code: p.code.clone(),
        nom: p.name.clone(),
        kind: p.kind,
        millesime: p.vintage,
        predecessors: p.predecessors.clone(),
        verdict: s.verdict,
        portee: s.relation.scope(),
        relation: s.relation,
        distance_bord_m: s.edge_m,
        distance_m: s.distance_m,
        part_surface: s.share,
        tolerance_m: s.tolerance_m,
        precision_geometrie: p.placement.precision,
        motif_precision: p.placement.reason.clone(),
        source: p.source.clone(),
        raison: reason,
        lien: item_link(&Group::Perimetres.item_ref(territory, &p.code)),
    }
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
    if share >= 0.9999 {
        return (
            Verdict::Dedans,
            Relation::Dedans,
            format!("Cette surface est entièrement dans le {what}."),
        );
    }
    if share > 0.0 || distance_m <= tolerance_m {
        let reason = format!(
            "Cette surface est à {} dans le {what} : elle chevauche sa limite.",
            share_words(share)
        );
        return (Verdict::EnLimite, Relation::Intersecte, reason);
    }
    let d = round_m(distance_m);
    (
        Verdict::Dehors,
        Relation::AProximite,
        format!("Cette surface est hors du {what}, à {d} m de sa limite."),
    )
}
