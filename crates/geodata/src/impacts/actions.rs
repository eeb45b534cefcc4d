//! Actions attach to a place through their realisation perimeters: a point in Annemasse gets
//! the actions carried out in Annemasse (with Annemasse's status) and those carried out
//! agglomeration-wide.

use super::answer::{ActionImpact, Relation};
use crate::model::{Action, Commune, Realisation, RealisationScope};
use crate::territory::Territory;

pub fn actions(t: &Territory, communes: &[&Commune]) -> Vec<ActionImpact> {
    t.actions
        .iter()
        .filter_map(|a| realisation_here(a, communes).map(|(r, rel)| answer(t, a, r, rel)))
        .collect()
}

/// The realisation that applies: the place's commune first, else the territory-wide one.
fn realisation_here<'a>(
    a: &'a Action,
    communes: &[&Commune],
) -> Option<(&'a Realisation, Relation)> {
    let local = a.realisations.iter().find(|r| match &r.scope {
        RealisationScope::Commune { insee_com, .. } => {
            communes.iter().any(|c| &c.insee == insee_com)
        }
        _ => false,
    });
    if let Some(r) = local {
        return Some((r, Relation::MemeCommune));
    }
    a.realisations
        .iter()
        .find(|r| {
            matches!(
                r.scope,
                RealisationScope::Territoire | RealisationScope::NonPrecise
            )
        })
        .map(|r| (r, Relation::Territoire))
}

fn answer(t: &Territory, a: &Action, r: &Realisation, relation: Relation) -> ActionImpact {
    let status = r.status.map(|s| s.label_fr().to_string());
    let status_words = status
        .as_deref()
        .map(|s| format!(" ; état d'avancement : {s}"))
        .unwrap_or_default();
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
        relation,
        perimetre_realisation: perimeter,
        statut: status,
        statut_texte: r.status_text.clone(),
        detail: r.detail.clone(),
        perspectives: r.perspectives.clone(),
        source: a.source.clone(),
        raison: reason,
    }
}
