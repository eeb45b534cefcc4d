//! Assembles the actions of the Annexe 2 table: each action row with the pillar, orientation
//! and objective it is printed under, its realisations, its id and its source line.

use geodata::manifest::Manifest;
use geodata::model::{Action, Programme, Realisation, RealisationScope, SourceRef};
use geodata::text::fold;

use crate::error::ExtractError;
use crate::scope::{self, Perimeter};
use crate::table::{self, Item, RawAction, RawRow};
use crate::{ids, pillar, status};

/// Headings an action row is printed under.
#[derive(Debug, Clone, Default)]
struct Context {
    /// The pillar as printed, for the source reference.
    pillar_printed: String,
    pillar: String,
    orientation: Option<(u16, String)>,
    objective: String,
}

/// Extracts every action row of the « Annexe 2 » table of a Contrat de Ville text.
///
/// The programme id and the source document name come from the manifest's one programme of
/// type « contrat de ville », so the output says what it was read from.
pub fn extract_annexe2(text: &str, manifest: &Manifest) -> Result<Vec<Action>, ExtractError> {
    let programme = contrat_de_ville(manifest)?;
    let mut context = Context::default();
    let mut rows: Vec<(Context, u16, RawAction)> = Vec::new();
    for item in table::parse(text)? {
        match item {
            Item::Pillar { printed, .. } => {
                context = Context {
                    pillar: pillar::readable(&printed),
                    pillar_printed: printed,
                    ..Context::default()
                };
            }
            Item::Orientation {
                number, printed, ..
            } => {
                context.orientation = Some((number, printed));
                context.objective.clear();
            }
            Item::Objective { text, .. } => context.objective = text,
            Item::Action(action) => {
                let Some((number, _)) = context.orientation else {
                    return Err(ExtractError::ActionOutsideOrientation {
                        line: action.line,
                        code: action.code.printed().to_string(),
                    });
                };
                rows.push((context.clone(), number, action));
            }
        }
    }

    let keys: Vec<_> = rows
        .iter()
        .map(|(_, number, action)| (&action.code, *number))
        .collect();
    let ids = ids::assign(&keys);
    Ok(rows
        .into_iter()
        .zip(ids)
        .map(|((context, number, action), id)| Action {
            id,
            code: action.code.printed().to_string(),
            programme: programme.id.clone(),
            orientation_number: Some(number),
            orientation: context
                .orientation
                .map(|(_, text)| text)
                .unwrap_or_default(),
            objective: context.objective,
            realisations: realisations(&action.rows, manifest),
            // Every status of the table is the mid-term evaluation's, dated on the programme.
            status_date: programme.status_date,
            interpretations: Vec::new(),
            source: SourceRef {
                document: programme.source.document.clone(),
                section: format!(
                    "Annexe 2, THEMATIQUE : {}, OS N°{number}, ligne {}",
                    context.pillar_printed, action.line
                ),
            },
            title: action.title,
            pillar: context.pillar,
        })
        .collect())
}

/// One realisation per place of each printed row. A row whose perimeter cell is empty below
/// another row shares that row's perimeter (a merged cell in the source); the first row of an
/// action with an empty perimeter is `NonPrecise`. An unrecognised perimeter keeps its text at
/// the head of the detail rather than losing it.
fn realisations(rows: &[RawRow], manifest: &Manifest) -> Vec<Realisation> {
    let mut out = Vec::new();
    let mut previous: Option<Vec<RealisationScope>> = None;
    for row in rows {
        let mut detail = row.detail.clone();
        let scopes = match scope::parse(&row.perimeter, manifest) {
            Perimeter::Scopes(scopes) => scopes,
            Perimeter::Empty => previous
                .clone()
                .unwrap_or_else(|| vec![RealisationScope::NonPrecise]),
            Perimeter::Unrecognised => {
                let prefix = format!("(Périmètre indiqué : {})", row.perimeter);
                detail = if detail.is_empty() {
                    prefix
                } else {
                    format!("{prefix} {detail}")
                };
                vec![RealisationScope::NonPrecise]
            }
        };
        let (status, status_text) = status::parse(&row.status);
        for scope in &scopes {
            out.push(Realisation {
                scope: scope.clone(),
                status,
                status_text: status_text.clone(),
                detail: detail.clone(),
                perspectives: row.perspectives.clone(),
            });
        }
        previous = Some(scopes);
    }
    out
}

fn contrat_de_ville(manifest: &Manifest) -> Result<&Programme, ExtractError> {
    let found: Vec<&Programme> = manifest
        .programmes
        .iter()
        .filter(|p| fold(p.kind.trim()) == "contrat de ville")
        .collect();
    match found.as_slice() {
        [] => Err(ExtractError::NoContratDeVille),
        [one] if one.source.document.is_empty() => {
            Err(ExtractError::ProgrammeWithoutDocument { id: one.id.clone() })
        }
        [one] => Ok(one),
        several => Err(ExtractError::SeveralContratsDeVille {
            ids: several
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

#[cfg(test)]
mod tests {
    use geodata::model::ActionStatus;

    use super::*;
    use crate::test_support::{manifest, manifest_with_programmes};

    const HEAD: &str = "Annexe 2\nTHEMATIQUE : CADRE DE VIE ET TRANQUILITE PUBLIQUE\n\
                        OS N°12 : FAVORISER LA MIXITE\t\t\t\t\t\n0.0\tObjectif\t\t\t\t\n";

    fn commune(insee: &str, name: &str) -> RealisationScope {
        RealisationScope::Commune {
            insee_com: insee.into(),
            name: name.into(),
        }
    }

    #[test]
    fn headings_ids_and_source_reach_the_actions() {
        let text = format!("{HEAD}12.10\tPôle\tAgglo\tAtteint\tD\tP\nN.A\tAutre\tAgglo\t\t\t\n12.10\tAccession\tAgglo\t\t\t\n");
        let actions = extract_annexe2(&text, &manifest()).unwrap();
        let ids: Vec<_> = actions
            .iter()
            .map(|a| (a.id.as_str(), a.code.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("12.10-a", "12.10"),
                ("na-os12-1", "N.A."),
                ("12.10-b", "12.10")
            ]
        );
        let first = &actions[0];
        assert_eq!(first.programme, "cdv-2015-2022");
        assert_eq!(first.pillar, "Cadre de vie et tranquillité publique");
        assert_eq!(first.orientation_number, Some(12));
        assert_eq!(first.orientation, "FAVORISER LA MIXITE");
        assert_eq!(first.objective, "Objectif");
        assert_eq!(first.source.document, "001_e16c5f7f8a2953c5.txt");
        assert_eq!(
            first.source.section,
            "Annexe 2, THEMATIQUE : CADRE DE VIE ET TRANQUILITE PUBLIQUE, OS N°12, ligne 5"
        );
    }

    #[test]
    fn a_new_orientation_clears_the_objective() {
        let text = format!("{HEAD}OS N°13 : RENDRE DURABLES\t\t\t\t\t\n13.1\tPDU\tAgglo\t\t\t\n");
        let actions = extract_annexe2(&text, &manifest()).unwrap();
        assert_eq!(
            (actions[0].orientation_number, actions[0].objective.as_str()),
            (Some(13), "")
        );
    }

    #[test]
    fn perimeters_become_realisations() {
        let text = format!(
            "{HEAD}12.6\tPlans\tAnnemasse et Gaillard\tAtteint\tD\tP\n\
             \t\t\tNon atteint\tD2\t\n\
             8.3\tParents\tSoutien ski scolaire\tEn cours de déploiement\t. Promotion\tPoursuite\n\
             6.8\tOuvrir l'école\t\t\t\t\n"
        );
        let actions = extract_annexe2(&text, &manifest()).unwrap();
        let scopes: Vec<_> = actions[0]
            .realisations
            .iter()
            .map(|r| (r.scope.clone(), r.status))
            .collect();
        let (annemasse, gaillard) = (commune("74012", "Annemasse"), commune("74133", "Gaillard"));
        assert_eq!(
            scopes,
            [
                (annemasse.clone(), Some(ActionStatus::Achieved)),
                (gaillard.clone(), Some(ActionStatus::Achieved)),
                (annemasse, Some(ActionStatus::NotAchieved)),
                (gaillard, Some(ActionStatus::NotAchieved)),
            ]
        );
        let ski = &actions[1].realisations;
        assert_eq!(ski.len(), 1);
        assert_eq!(ski[0].scope, RealisationScope::NonPrecise);
        assert_eq!(
            ski[0].detail,
            "(Périmètre indiqué : Soutien ski scolaire) . Promotion"
        );
        let bare = &actions[2].realisations;
        assert_eq!(
            bare,
            &[Realisation {
                scope: RealisationScope::NonPrecise,
                status: None,
                status_text: String::new(),
                detail: String::new(),
                perspectives: String::new(),
            }]
        );
    }

    #[test]
    fn action_before_any_orientation_is_refused() {
        let text = "Annexe 2\nTHEMATIQUE : T\n1.1\tA\tAgglo\t\t\t\n";
        assert_eq!(
            extract_annexe2(text, &manifest()),
            Err(ExtractError::ActionOutsideOrientation {
                line: 3,
                code: "1.1".into()
            })
        );
    }

    #[test]
    fn the_manifest_must_name_one_contrat_de_ville() {
        let text = format!("{HEAD}12.1\tA\tAgglo\t\t\t\n");
        assert_eq!(
            extract_annexe2(&text, &manifest_with_programmes("")),
            Err(ExtractError::NoContratDeVille)
        );
        let two = "[[programmes]]\nid = \"a\"\nnom = \"A\"\ntype = \"contrat de ville\"\nsource_document = \"x.txt\"\n\
                   [[programmes]]\nid = \"b\"\nnom = \"B\"\ntype = \"Contrat de ville\"\nsource_document = \"y.txt\"\n";
        assert_eq!(
            extract_annexe2(&text, &manifest_with_programmes(two)),
            Err(ExtractError::SeveralContratsDeVille { ids: "a, b".into() })
        );
        let undocumented = "[[programmes]]\nid = \"a\"\nnom = \"A\"\ntype = \"contrat de ville\"\n";
        assert_eq!(
            extract_annexe2(&text, &manifest_with_programmes(undocumented)),
            Err(ExtractError::ProgrammeWithoutDocument { id: "a".into() })
        );
    }
}
