//! The tricky layouts of the table, each on a small inline snippet, through the public API.

use extract::ExtractError;
use geodata::manifest::Manifest;
use geodata::model::{Action, ActionStatus, RealisationScope};

/// The unit tests' territory: the four communes of Annemasse, a Contrat de Ville.
const MANIFEST: [&str; 2] = [
    include_str!("data/communes.toml"),
    include_str!("data/programmes.toml"),
];

/// Lines 1-4 of every snippet: the annex title, a pillar, the column header, an orientation.
const HEAD: &str = "Annexe 2\n\
                    THEMATIQUE : Populations fragilisées, accès aux droits et à la santé\t\t\t\t\t\n\
                    CODE\tProjet d'actions\tPérimètres de réalisation\tEtat d'avancement\tDétail\tPerspectives\n\
                    OS N°1 : FAVORISER L'ACCES AUX DROITS\t\t\t\t\t\n";

fn manifest() -> Manifest {
    extract::parse_manifest(&MANIFEST.concat()).unwrap()
}

fn run(body: &str) -> Result<Vec<Action>, ExtractError> {
    extract::extract_annexe2(&format!("{HEAD}{body}"), &manifest())
}

fn commune(insee: &str, name: &str) -> RealisationScope {
    RealisationScope::Commune {
        insee_com: insee.into(),
        name: name.into(),
    }
}

#[test]
fn merged_code_and_title_cells() {
    let actions = run("0.0 Objectif\t\t\t\t\t\n\
         1.1\tEspaces\tAnnemasse\tEn cours de déploiement\tD1\tP1\n\
         \t\tGaillard\t\tD2\tP2\n\
         \t\tVille-la-Grand\tEn voie de finalisation\tD3\tP3\n\
         1.2\tSuite\tAgglo\tAtteint\t\t\n")
    .unwrap();
    assert_eq!(actions.len(), 2);
    let r = &actions[0].realisations;
    let got: Vec<_> = r
        .iter()
        .map(|r| {
            (
                r.scope.clone(),
                r.status,
                r.detail.as_str(),
                r.perspectives.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                commune("74012", "Annemasse"),
                Some(ActionStatus::Deploying),
                "D1",
                "P1"
            ),
            (commune("74133", "Gaillard"), None, "D2", "P2"),
            (
                commune("74305", "Ville-la-Grand"),
                Some(ActionStatus::NearlyDone),
                "D3",
                "P3"
            ),
        ]
    );
    assert_eq!(actions[0].objective, "Objectif");
    assert_eq!(actions[1].objective, "Objectif");
}

#[test]
fn a_cell_continued_after_blank_lines() {
    let actions = run(
        "1.5\tFrançais\tAgglo\tNon atteint\t. Ateliers > mais difficultés entre\tA relancer\n\
         \n\
         \t\t\t\tl'offre et la demande\t\n\
         1.6\tCAF\tAgglo\tEn cours de déploiement\tPermanence\tDéveloppement\n",
    )
    .unwrap();
    assert_eq!(actions.len(), 2);
    let r = &actions[0].realisations;
    assert_eq!(r.len(), 1);
    assert_eq!(
        r[0].detail,
        ". Ateliers > mais difficultés entre l'offre et la demande"
    );
    assert_eq!(r[0].perspectives, "A relancer");
    assert_eq!(
        actions[0].source.section.rsplit(", ").next(),
        Some("ligne 5")
    );
    assert_eq!(
        actions[1].source.section.rsplit(", ").next(),
        Some("ligne 8")
    );
}

#[test]
fn html_fragments() {
    let actions = run("5.4\t<u>Dans le domaine de la culture</u> , initier : <ul style=\"list-style-type: none\"> . permettre \tAgglo et communes\tEn cours de déploiement\t<p>Un</p> <p>Deux :</p> <ul style=\"list-style-type: none\"> . Trois \t<p></p>\n").unwrap();
    let a = &actions[0];
    assert_eq!(
        a.title,
        "Dans le domaine de la culture , initier : . permettre"
    );
    assert_eq!(a.realisations[0].scope, RealisationScope::Territoire);
    assert_eq!(a.realisations[0].detail, "Un Deux : . Trois");
    assert_eq!(a.realisations[0].perspectives, "");
}

#[test]
fn repeated_and_not_applicable_codes() {
    let actions = run("0.0 Un\t\t\t\t\t\n\
         2.4\tPremier\tAgglo\tAtteint\t\t\n\
         N.A.\tAjout\tGaillard\tAtteint\t\t\n\
         0.0 Deux\t\t\t\t\t\n\
         2.4\tSecond\tAgglo\tNon atteint à l'échelle de l'agglo\t\t\n\
         N.A\tAutre ajout\t\tAtteint\t\t\n\
         OS N°2 : AUTRE\t\t\t\t\t\n\
         N.A.\tAilleurs\tAgglo\t\t\t\n")
    .unwrap();
    let ids: Vec<_> = actions
        .iter()
        .map(|a| (a.id.as_str(), a.code.as_str(), a.title.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("2.4-a", "2.4", "Premier"),
            ("na-os1-1", "N.A.", "Ajout"),
            ("2.4-b", "2.4", "Second"),
            ("na-os1-2", "N.A.", "Autre ajout"),
            ("na-os2-1", "N.A.", "Ailleurs"),
        ]
    );
    assert_eq!(actions[2].objective, "Deux");
    assert_eq!(
        actions[2].realisations[0].status,
        Some(ActionStatus::NotAchieved)
    );
    assert_eq!(
        actions[2].realisations[0].status_text,
        "Non atteint à l'échelle de l'agglo"
    );
    assert_eq!(
        actions[3].realisations[0].scope,
        RealisationScope::NonPrecise
    );
    assert_eq!(actions[4].orientation_number, Some(2));
    assert_eq!(actions[4].orientation, "AUTRE");
}

#[test]
fn the_same_input_gives_the_same_json() {
    let body = "2.4\tPremier\tAgglo\tAtteint\t\t\nN.A.\tAjout\tAnnemasse Gaillard\tPartiellement\tD\tP\n2.4\tSecond\tAgglo\t\t\t\n";
    let first = extract::to_json(&run(body).unwrap());
    assert_eq!(first, extract::to_json(&run(body).unwrap()));
    assert!(first.ends_with("]\n"));
    assert!(first.contains("\"statut\": \"Partiellement atteint\""));
    assert!(first.contains("\"nom_commune\": \"Gaillard\""));
}

#[test]
fn errors_name_the_line() {
    assert_eq!(
        run("\t\tGaillard\tAtteint\t\t\n"),
        Err(ExtractError::ContinuationWithoutAction { line: 5 })
    );
    let err = run("1.1\tA\tAgglo\t\t\t\nZ.9\tB\tAgglo\t\t\t\n").unwrap_err();
    assert!(
        matches!(err, ExtractError::UnexpectedLine { line: 6, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("ligne 6 : code d'action illisible"),
        "{err}"
    );
    let err = run("OS N°? : X\t\t\t\t\t\n").unwrap_err();
    assert!(
        matches!(err, ExtractError::BadOrientation { line: 5, .. }),
        "{err:?}"
    );
}
