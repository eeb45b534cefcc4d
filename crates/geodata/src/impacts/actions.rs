//! Actions attach to a place through their realisation perimeters: a place in Annemasse gets
//! the actions carried out in Annemasse (with Annemasse's status) and those carried out
//! agglomeration-wide.

use super::group::Group;
use super::links::item_link;
use super::types::{ActionImpact, Dating, Relation};
use crate::model::{Action, FuzzyDate, Realisation, RealisationScope};
use crate::territory::Territory;

/// The realisations of an action that can apply: one per commune where it is carried out, and
/// the territory-wide one (or the one without a stated perimeter).
pub fn realisations(a: &Action) -> (Vec<(&str, &Realisation)>, Option<&Realisation>) {
    let local = a
        .realisations
        .iter()
        .filter_map(|r| match &r.scope {
            RealisationScope::Commune { insee_com, .. } => Some((insee_com.as_str(), r)),
            _ => None,
        })
        .collect();
    let wide = a.realisations.iter().find(|r| {
        matches!(
            r.scope,
            RealisationScope::Territoire | RealisationScope::NonPrecise
        )
    });
    (local, wide)
}

/// The answer item of an action carried out as `r` says, its status dated by the action's
/// source (a programme's evaluation) and judged stale or current on `today`.
pub fn answer(
    t: &Territory,
    a: &Action,
    r: &Realisation,
    relation: Relation,
    today: FuzzyDate,
) -> ActionImpact {
    let status = r.status.map(|s| s.label_fr().to_string());
    let datation = status.as_ref().map(|_| {
        Dating::new(
            &a.status_date,
            today,
            t.manifest.freshness.stale_after_years,
        )
    });
    let status_words = match (&status, &datation) {
        (Some(s), Some(d)) => format!(" ; état d'avancement : {s} ({})", d.statut_etat),
        (Some(s), None) => format!(" ; état d'avancement : {s}"),
        _ => String::new(),
    };
    let (perimeter, reason) = match &r.scope {
        RealisationScope::Commune { name, .. } => {
            (name.clone(), format!("Action menée à {name}, la commune de ce lieu{status_words}."))
        }
        RealisationScope::Territoire => {
            ("Agglo".to_string(), format!("Action menée à l'échelle de l'agglomération ({}){status_words}.", t.manifest.name))
        }
        RealisationScope::NonPrecise => (
            "non précisé".to_string(),
            format!("Action du programme, sans périmètre de réalisation précisé par la source{status_words}."),
        ),
    };
    ActionImpact {
        territoire: t.slug().to_string(),
        id: a.id.clone(),
        code: a.code.clone(),
        programme: a.programme.clone(),
        titre: a.title.clone(),
        pilier: a.pillar.clone(),
        os_numero: a.orientation_number,
        orientation: a.orientation.clone(),
        objectif: a.objective.clone(),
        portee: relation.scope(),
        relation,
        perimetre_realisation: perimeter,
        statut: status,
        datation,
        statut_texte: r.status_text.clone(),
        detail: r.detail.clone(),
        perspectives: r.perspectives.clone(),
        interpretations: a.interpretations.clone(),
        source: a.source.clone(),
        raison: reason,
        lien: item_link(&Group::Actions.item_ref(Some(t.slug()), &a.id)),
    }
}
