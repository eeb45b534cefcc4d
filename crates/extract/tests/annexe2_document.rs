//! The extraction of the real document (`data/sources/documents/001_e16c5f7f8a2953c5.txt`), checked
//! against counts and rows read by hand from its Annexe 2 (lines 1181-1429).

use std::sync::OnceLock;

use geodata::model::{Action, ActionStatus, Realisation, RealisationScope};

const DOCUMENT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/sources/documents/001_e16c5f7f8a2953c5.txt"
);
const TERRITORY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/territories/annemasse-agglo"
);

const P1: &str = "Populations fragilisées, accès aux droits et à la santé";
const P2: &str = "Jeunesse, petite enfance et parentalité";
const P3: &str = "Emploi et développement économique";
const P4: &str = "Cadre de vie et tranquillité publique";

fn actions() -> &'static [Action] {
    static ACTIONS: OnceLock<Vec<Action>> = OnceLock::new();
    ACTIONS.get_or_init(|| {
        let text = std::fs::read_to_string(DOCUMENT).expect("the seed document");
        let manifest =
            std::fs::read_to_string(format!("{TERRITORY}/territory.toml")).expect("territory.toml");
        let manifest = extract::parse_manifest(&manifest).expect("valid manifest");
        extract::extract_annexe2(&text, &manifest).expect("the table extracts")
    })
}

fn action(id: &str) -> &'static Action {
    actions()
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no action {id}"))
}

fn commune(insee: &str, name: &str) -> RealisationScope {
    RealisationScope::Commune {
        insee_com: insee.into(),
        name: name.into(),
    }
}

fn realisation(
    scope: RealisationScope,
    status: Option<ActionStatus>,
    status_text: &str,
    detail: &str,
    perspectives: &str,
) -> Realisation {
    Realisation {
        scope,
        status,
        status_text: status_text.into(),
        detail: detail.into(),
        perspectives: perspectives.into(),
    }
}

fn count(pred: impl Fn(&Action) -> bool) -> usize {
    actions().iter().filter(|a| pred(a)).count()
}

#[test]
fn counts_per_pillar_and_in_total() {
    assert_eq!(count(|a| a.pillar == P1), 40);
    assert_eq!(count(|a| a.pillar == P2), 28);
    assert_eq!(count(|a| a.pillar == P3), 31);
    assert_eq!(count(|a| a.pillar == P4), 36);
    assert_eq!(actions().len(), 135);
}

#[test]
fn counts_per_orientation() {
    let expected = [
        (1, 10),
        (2, 12),
        (3, 10),
        (4, 8),
        (5, 9),
        (6, 8),
        (7, 7),
        (8, 4),
        (9, 21),
        (10, 7),
        (11, 3),
        (12, 13),
        (13, 18),
        (14, 5),
    ];
    for (os, n) in expected {
        assert_eq!(count(|a| a.orientation_number == Some(os)), n, "OS N°{os}");
    }
}

#[test]
fn ids_are_unique_and_generated_where_codes_are_not() {
    let mut ids: Vec<&str> = actions().iter().map(|a| a.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 135);
    assert_eq!(count(|a| a.code == "N.A."), 18);
    let na: Vec<&str> = actions()
        .iter()
        .filter(|a| a.code == "N.A.")
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(
        na,
        [
            "na-os1-1",
            "na-os2-1",
            "na-os2-2",
            "na-os3-1",
            "na-os3-2",
            "na-os4-1",
            "na-os4-2",
            "na-os4-3",
            "na-os4-4",
            "na-os5-1",
            "na-os7-1",
            "na-os7-2",
            "na-os9-1",
            "na-os9-2",
            "na-os10-1",
            "na-os13-1",
            "na-os13-2",
            "na-os13-3",
        ]
    );
    // Codes printed twice: every occurrence gets a letter, the printed code is kept.
    for code in ["2.4", "4.3", "8.2", "12.10"] {
        let ids: Vec<&str> = actions()
            .iter()
            .filter(|a| a.code == code)
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(ids, [format!("{code}-a"), format!("{code}-b")], "{code}");
    }
    assert!(actions().iter().all(|a| a.programme == "cdv-2015-2022"));
    assert!(actions()
        .iter()
        .all(|a| a.source.document == "001_e16c5f7f8a2953c5.txt"));
}

#[test]
fn realisations_per_perimeter_and_status() {
    let all: Vec<&Realisation> = actions().iter().flat_map(|a| &a.realisations).collect();
    // 142 printed rows; six rows name two communes each.
    assert_eq!(all.len(), 147);
    assert_eq!(
        all.iter()
            .filter(|r| r.scope == RealisationScope::Territoire)
            .count(),
        102
    );
    assert_eq!(
        all.iter()
            .filter(|r| r.scope == RealisationScope::NonPrecise)
            .count(),
        12
    );
    assert_eq!(
        all.iter()
            .filter(|r| matches!(r.scope, RealisationScope::Commune { .. }))
            .count(),
        33
    );
    let status = |s: Option<ActionStatus>| all.iter().filter(|r| r.status == s).count();
    assert_eq!(status(Some(ActionStatus::Achieved)), 26);
    assert_eq!(status(Some(ActionStatus::NearlyDone)), 1);
    assert_eq!(status(Some(ActionStatus::Deploying)), 84);
    assert_eq!(status(Some(ActionStatus::Launching)), 4);
    assert_eq!(status(Some(ActionStatus::PartlyAchieved)), 8);
    assert_eq!(status(Some(ActionStatus::NotAchieved)), 14);
    assert_eq!(status(None), 10);
}

#[test]
fn action_1_1_has_its_four_communes() {
    let a = action("1.1");
    assert_eq!(a.code, "1.1");
    assert_eq!(a.programme, "cdv-2015-2022");
    assert_eq!(a.pillar, P1);
    assert_eq!(a.orientation_number, Some(1));
    assert_eq!(
        a.orientation,
        "FAVORISER L'ACCES AUX DROITS, LUTTER CONTRE LES DISCRIMINATIONS ET LE NON RECOURS"
    );
    assert_eq!(
        a.objective,
        "Développer les réponses d'accès aux droits et lever les obstacles qui en limitent l'accès : mode garde, maîtrise du français, mobilité"
    );
    assert_eq!(
        a.title,
        "Création d'espaces de proximité\" dans les quartiers, points de rencontres et d'ancrage, où seraient représentés différents acteurs de l'accompagnement Développer l'accueil \"1er niveau d'information\""
    );
    assert_eq!(a.source.document, "001_e16c5f7f8a2953c5.txt");
    assert_eq!(
        a.source.section,
        "Annexe 2, THEMATIQUE : Populations fragilisées, accès aux droits et à la santé, OS N°1, ligne 1189"
    );
    assert_eq!(
        a.realisations,
        [
            realisation(
                commune("74012", "Annemasse"),
                Some(ActionStatus::Deploying),
                "",
                ". Structuration et développement de l'Espace de Vie Sociale – A ce jour, six Ateliers participatifs proposés et animés par les habitants . Permanences écrivain public et aide administrative par des habitants bénévoles . Activités ponctuelles : initiation premiers secours, visites culturelles, etc... . J.5 : Point Information Jeunesse – service de plus en plus identifier. . Maison du projet du renouvellement urbain : fonctionnement et ressources définis avec un groupe thématique du conseil citoyen - inauguration le 2 février 2019 . Ouverture du Tiers-Lieu « La Bulle » : lieu de rencontre convivial pour tous autour d'une ludothèque, bibliothèque et Gaming – ouverture prévue fin 2019",
                ". Attente d'agrément EVS par la CAF (01/09/19) et développement des actions et travail sur la parentalité, autour de la famille . Maison du projet du renouvellement urbain : évolution de la structure au cours du projet pour suivre l'avancement de la convention NPNRU 2019-2024 . Tiers lieu : « La Bulle » : lieu de rencontre convivial pour tous – ouverture prévue fin 2019",
            ),
            // The sub-rows print no status: none is invented for them.
            realisation(
                commune("74133", "Gaillard"),
                None,
                "",
                ". Structuration Maison de Quartier en futur Espace de Vie Sociale, aménagement d'un espace d'accueil jeunesse . Maison de service au Public (Porte de France - Quartier de veille)",
                "Attente d'agrément EVS par la CAF (01/07/19) et développement de la Maison de quartier",
            ),
            realisation(
                commune("74008", "Ambilly"),
                None,
                "",
                ". Aménagement et mise en place d'un Local d'Accueil dédié au Conseil citoyen. Déploiement des triporteurs et structures éphémères comme un moyen adapté d'aller vers",
                "Poursuite et développement",
            ),
            realisation(
                commune("74305", "Ville-la-Grand"),
                None,
                "",
                ". Aménagement et mise en place d'un Local municipal au sein du quartier",
                "Poursuite et développement",
            ),
        ]
    );
}

#[test]
fn action_1_2_keeps_its_free_text_status() {
    let a = action("1.2");
    assert_eq!(a.title, "Renforcer la capacité de la Maison de Justice et du Droit à répondre aux besoins (permanences sans rdv...)");
    assert_eq!(
        a.source.section,
        format!("Annexe 2, THEMATIQUE : {P1}, OS N°1, ligne 1193")
    );
    assert_eq!(
        a.realisations,
        [realisation(
            RealisationScope::Territoire,
            Some(ActionStatus::Achieved),
            "Atteint vis-à-vis des usagers (permanence avec ou sans RDV). Partiellement atteint vis-à-vis des projets à mener à l'extérieur (partenariat etc...)",
            ". Réalisation de permanences avec ou sans RDV. Réorganisation de la MJD avec moins de moyens humains qu'en 2015 Personnel Agglo à ce jour (1 agent d'accueil à 80% (complété en partie une demi journée par semaine par un agent de la DCS) et 1 juriste à 90%) Personnel Justice (TGI) : 1 greffière coordinatrice de la structure",
            "Poursuite et développement",
        )]
    );
}

#[test]
fn action_1_5_detail_continues_after_a_blank_line() {
    let a = action("1.5");
    assert_eq!(a.objective, "Réduire le non-recours");
    assert_eq!(
        a.source.section,
        format!("Annexe 2, THEMATIQUE : {P1}, OS N°1, ligne 1196")
    );
    assert_eq!(
        a.realisations,
        [realisation(
            RealisationScope::Territoire,
            Some(ActionStatus::NotAchieved),
            "",
            ". Organisation de formations de bénévoles avec par le CRIA . Mise en place d'ateliers d'alphabétisation et Français langues Etrangères > mais difficultés rencontrées dans la mise en cohérence entre l'offre et la demande (complexité de l'organisation - multiplicité des acteurs porteurs de l'offre et des types de financements)",
            "A relancer",
        )]
    );
    // The continuation line is not an action of its own.
    assert_eq!(
        action("1.6").title,
        "Poursuivre et développer les rdv du Droit de la CAF"
    );
}

#[test]
fn action_9_2() {
    let a = action("9.2");
    assert_eq!(a.pillar, P3);
    assert_eq!(a.orientation_number, Some(9));
    assert_eq!(
        a.orientation,
        "DEFINIR UNE STRATEGIE GLOBALE EMPLOI - FORMATION POUR MOBILISER LES PUBLICS ISSUS DES QUARTIERS PRIORITAIRES ET LES ENTREPRISES"
    );
    assert_eq!(
        a.objective,
        "Améliorer la coordination des acteurs et des outils"
    );
    assert_eq!(a.title, "Développer le projet de Pôle de l'entrepreneuriat (avec appui possible de la CDC dans le cadre du projet ANRU)");
    assert_eq!(
        a.source.section,
        "Annexe 2, THEMATIQUE : EMPLOI ET DEVELOPEMENT ECONOMIQUE, OS N°9, ligne 1321"
    );
    assert_eq!(
        a.realisations,
        [realisation(
            RealisationScope::Territoire,
            Some(ActionStatus::Deploying),
            "",
            "Inscription de l'opération dans la convention NPNRU",
            "Lancement opérationnel premier semestre 2023 > ouverture structure 2028",
        )]
    );
}

#[test]
fn action_12_6_is_realised_in_two_communes() {
    let a = action("12.6");
    assert_eq!(a.pillar, P4);
    assert_eq!(a.orientation_number, Some(12));
    assert_eq!(
        a.orientation,
        "FAVORISER LA MIXITE SOCIALE ET LES PARCOURS RESIDENTIELS"
    );
    assert_eq!(a.objective, "Agir sur les copropriétés en difficulté");
    assert_eq!(
        a.title,
        "Mise en oeuvre des deux plans de sauvegarde en cours"
    );
    assert_eq!(
        a.source.section,
        "Annexe 2, THEMATIQUE : CADRE DE VIE ET TRANQUILITE PUBLIQUE, OS N°12, ligne 1380"
    );
    let detail = "Le plan de sauvegarde de la copropriété \"Plein Ciel\" sur le quartier du Livron à Annemasse est terminé. Concernant celui de la copropriété du \"Salève\" sur Gaillard : les travaux commencent.";
    assert_eq!(
        a.realisations,
        [
            realisation(
                commune("74012", "Annemasse"),
                Some(ActionStatus::Achieved),
                "",
                detail,
                "Poursuite"
            ),
            realisation(
                commune("74133", "Gaillard"),
                Some(ActionStatus::Achieved),
                "",
                detail,
                "Poursuite"
            ),
        ]
    );
}

#[test]
fn action_13_2_is_partly_achieved() {
    let a = action("13.2");
    assert_eq!(a.orientation_number, Some(13));
    assert_eq!(a.orientation, "RENDRE DURABLES ET ATTRACTIFS LES QUARTIERS ET MIEUX LES CONNECTER AU RESTE DE L'AGGLOMERATION");
    assert_eq!(
        a.objective,
        "Faciliter la mobilité depuis/vers et dans les quartiers"
    );
    assert_eq!(
        a.title,
        "Améliorer l'efficacité des transports en commun : arrivée du Tram jusqu'au Perrier, modification des lignes et des fréquences sur Gaillard Porter une attention particulière à l'offre de transport des quartiers vers les équipements et services publics"
    );
    assert_eq!(
        a.source.section,
        "Annexe 2, THEMATIQUE : CADRE DE VIE ET TRANQUILITE PUBLIQUE, OS N°13, ligne 1395"
    );
    assert_eq!(
        a.realisations,
        [realisation(
            RealisationScope::Territoire,
            Some(ActionStatus::PartlyAchieved),
            "Partiellement",
            ". Restauration ligne de bus Perrier Gare à l'initiative du Conseil citoyen et mise en place d'un arrêt supplémentaire avenue du Léman. . Amélioration de la desserte de Gaillard (péjoré par les travaux) . Mise en œuvre effective du tram fin 2019 . Tram jusqu'au Perrier : études d'avant projet réalisées . Report de la réalisation en raison des difficultés de financement . Augmentation de la fréquence du BHNS fin 2019 (efficacité actuellement perturbée par les travaux)",
            ". Recherche de financements complémentaires sur l'arrivée du tram en 2023",
        )]
    );
}

#[test]
fn a_not_applicable_row() {
    let a = action("na-os1-1");
    assert_eq!(a.code, "N.A.");
    assert_eq!(a.pillar, P1);
    assert_eq!(a.orientation_number, Some(1));
    assert_eq!(
        a.objective,
        "Favoriser l'intégration des publics migrants et développer la médiation interculturelle"
    );
    assert_eq!(
        a.title,
        "Permanences socio Juridique sur le Droit des Etrangers"
    );
    assert_eq!(
        a.source.section,
        format!("Annexe 2, THEMATIQUE : {P1}, OS N°1, ligne 1205")
    );
    assert_eq!(
        a.realisations,
        [realisation(
            RealisationScope::Territoire,
            Some(ActionStatus::Achieved),
            "",
            "Soutien apporté à l'association ASSFAM : accueil et intégration des migrants de toutes origines et de leurs familles. Permanence en Maison de Justice et du Droit",
            "Poursuite",
        )]
    );
    // Printed `N.A` (no final dot) is the same marker.
    let ville_ludique = action("na-os7-1");
    assert_eq!(
        (ville_ludique.code.as_str(), ville_ludique.title.as_str()),
        ("N.A.", "Création de la Ville ludique (Ambilly)")
    );
    assert_eq!(
        ville_ludique.realisations[0].scope,
        commune("74008", "Ambilly")
    );
}

#[test]
fn both_12_10_are_kept() {
    let a = action("12.10-a");
    assert_eq!(a.code, "12.10");
    assert_eq!(
        a.objective,
        "Renforcer la mixité fonctionnelle des quartiers (thème transversal)"
    );
    assert_eq!(a.title, "Développer le projet de Pôle de l'entrepreneuriat (avec appui possible de la CDC dans le cadre du projet ANRU)");
    assert_eq!(
        a.source.section,
        "Annexe 2, THEMATIQUE : CADRE DE VIE ET TRANQUILITE PUBLIQUE, OS N°12, ligne 1387"
    );
    assert_eq!(a.realisations.len(), 1);
    assert_eq!(a.realisations[0].scope, RealisationScope::Territoire);
    assert_eq!(a.realisations[0].status, Some(ActionStatus::Deploying));
    assert!(a.realisations[0].detail.starts_with("Inscription de l'opération dans la convention NPNRU La question du développement économique"));
    assert!(a.realisations[0].detail.ends_with(
        "à destination prioritairement des porteurs de projets du QPV (partenariat avec CitésLab)."
    ));
    assert_eq!(
        a.realisations[0].perspectives,
        "Lancement opérationnel premier semestre 2023 > ouverture structure 2028"
    );

    let b = action("12.10-b");
    assert_eq!(b.code, "12.10");
    assert_eq!(b.objective, "Construire de l'accession abordable et sociale à destination des habitants des quartiers sur l'agglomération");
    assert_eq!(b.title, "Anticiper et mettre en place une démarche auprès des promoteurs pour développer l'accession sociale et abordable");
    assert_eq!(
        b.source.section,
        "Annexe 2, THEMATIQUE : CADRE DE VIE ET TRANQUILITE PUBLIQUE, OS N°12, ligne 1389"
    );
    assert_eq!(
        b.realisations,
        [realisation(
            RealisationScope::Territoire,
            Some(ActionStatus::Deploying),
            "",
            "Dispositif \"logement abordable\"",
            "Poursuite"
        )]
    );
}

#[test]
fn html_fragments_are_cleaned() {
    assert!(actions().iter().all(|a| {
        let texts = [&a.title, &a.objective, &a.orientation].into_iter().chain(
            a.realisations
                .iter()
                .flat_map(|r| [&r.status_text, &r.detail, &r.perspectives]),
        );
        texts.into_iter().all(|t| {
            !t.contains("<p") && !t.contains("<u") && !t.contains("<ul") && !t.contains("</")
        })
    }));
    let a = action("14.5");
    assert_eq!(
        a.realisations[0].detail,
        "Opération du projet mémoire du NPNRU (Annemasse) Soutien à des actions : . Surprise Pochette culturelle Inspirée des AMAP . Résidence et ateliers avec Château Rouge (chorégraphe, Musique,...) dans les écoles primaires ou avec des habitants"
    );
    assert_eq!(
        action("3.7").title,
        "Addiction : Améliorer le repérage des personnes en difficulté Poursuivre et développer l'accompagnement des publics Favoriser les interventions hors les murs lorsque les situations le nécessitent"
    );
    assert!(action("12.1")
        .title
        .starts_with("Convention mixité sociale : Définir des objectifs de mixité sociale"));
}

#[test]
fn odd_perimeters_and_statuses() {
    // « Agglo et communes »: the territory.
    assert_eq!(action("5.4").realisations.len(), 1);
    assert_eq!(
        action("5.4").realisations[0].scope,
        RealisationScope::Territoire
    );
    // Two communes without a connector, in printed order.
    let scopes: Vec<_> = action("6.4")
        .realisations
        .iter()
        .map(|r| r.scope.clone())
        .collect();
    assert_eq!(
        scopes,
        [commune("74133", "Gaillard"), commune("74012", "Annemasse")]
    );
    // A perimeter cell naming no place: kept in the detail.
    let ski = &action("8.3").realisations;
    assert_eq!(ski.len(), 1);
    assert_eq!(ski[0].scope, RealisationScope::NonPrecise);
    assert!(ski[0].detail.starts_with(
        "(Périmètre indiqué : Soutien ski scolaire Savoir nager CHB) . Promotion et soutien"
    ));
    // A status outside the legend.
    assert_eq!(action("6.6").realisations[0].status, None);
    assert_eq!(
        action("6.6").realisations[0].status_text,
        "En cours de réflexion"
    );
    // An action with only a title.
    assert_eq!(
        action("6.8").realisations,
        [realisation(RealisationScope::NonPrecise, None, "", "", "")]
    );
    // Two statuses for two communes of 3.1.
    let statuses: Vec<_> = action("3.1")
        .realisations
        .iter()
        .map(|r| (r.scope.clone(), r.status))
        .collect();
    assert_eq!(
        statuses,
        [
            (commune("74133", "Gaillard"), Some(ActionStatus::Deploying)),
            (commune("74012", "Annemasse"), Some(ActionStatus::Launching)),
        ]
    );
}

#[test]
fn committed_actions_json_is_the_extraction() {
    let committed =
        std::fs::read_to_string(format!("{TERRITORY}/actions.json")).expect("actions.json");
    assert!(
        extract::to_json(actions()) == committed,
        "actions.json differs from the extraction: rerun `quartiers extract-actions`"
    );
}
