//! The columns a located row gets, from a place's answer: one mapper for `quartiers locate`,
//! `quartiers batch`, `POST /batch` and its workbook, so they never disagree on a name or a
//! spelling (the verdict is [`Verdict::code`], as in `/impacts`).

use super::types::{ImpactReport, Verdict};

/// The columns' names, in output order.
pub const LOCATED: [&str; 11] = [
    "qpv_code",
    "qpv_nom",
    "verdict",
    "distance_bord_m",
    "dans_contour",
    "insee_com",
    "commune_nom",
    "contrat_ville",
    "contrat_ville_nom",
    "nb_operations",
    "nb_actions",
];

/// What each column holds, in French, for a workbook's legend.
pub const LOCATED_LEGEND: [(&str, &str); 11] = [
    ("qpv_code", "Code du QPV où se trouve le point, ou dont il est à moins de la tolérance du bord ; vide quand « dehors »"),
    ("qpv_nom", "Nom de ce QPV"),
    ("verdict", "Situation du point vis-à-vis des QPV (voir ci-dessous) ; vide quand le point n'a pu être situé"),
    ("distance_bord_m", "Distance au bord de ce QPV, en mètres ; « dehors » : au bord du QPV le plus proche à moins de 500 m"),
    ("dans_contour", "« oui » quand le point tombe dans un contour publié, avant tolérance (ce que donne un test point-dans-polygone)"),
    ("insee_com", "Code INSEE de la commune du point (contours communaux 2018 mis à jour par le COG)"),
    ("commune_nom", "Nom de cette commune"),
    ("contrat_ville", "Code du contrat de ville 2024-2030 du point (ANCT, « Engagements Quartiers 2030 ») : par son QPV, sinon par l'EPCI de sa commune ; rattachement déduit, la source ne publie pas la liste des QPV par contrat"),
    ("contrat_ville_nom", "Nom de ce contrat de ville"),
    ("nb_operations", "Nombre d'opérations de renouvellement urbain qui concernent ce point"),
    ("nb_actions", "Nombre d'actions du Contrat de Ville qui concernent ce point"),
];

/// The verdicts a row can get, with what each means.
pub const VERDICT_LEGEND: [(Verdict, &str); 3] = [
    (Verdict::Dedans, "Dans un QPV, à plus de la tolérance de son bord"),
    (Verdict::Dehors, "Hors de tout QPV, à plus de la tolérance de leur bord"),
    (Verdict::EnLimite, "À moins de la tolérance (15 m par défaut) du bord d'un QPV : les contours nationaux sont arrondis, à vérifier sur place"),
];

/// The fields of [`LOCATED`] for a place's answer.
pub fn located(report: &ImpactReport) -> [String; LOCATED.len()] {
    let standing = report.qpv_standing();
    let commune = report.references.communes.first();
    let contract = report.references.contrats.first();
    [
        standing.qpv.map(|p| p.code.clone()).unwrap_or_default(),
        standing.qpv.map(|p| p.nom.clone()).unwrap_or_default(),
        standing.verdict.code().to_string(),
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
        commune.map(|c| c.insee_com.clone()).unwrap_or_default(),
        commune.map(|c| c.nom.clone()).unwrap_or_default(),
        contract.map(|c| c.code.clone()).unwrap_or_default(),
        contract.map(|c| c.nom.clone()).unwrap_or_default(),
        report.operations.len().to_string(),
        report.actions.len().to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_its_legend_in_order() {
        let named: Vec<&str> = LOCATED_LEGEND.iter().map(|(n, _)| *n).collect();
        assert_eq!(named, LOCATED);
    }

    /// An input column of the same name is refused (« fichier déjà traité ? »): the added names
    /// must not be those lists of addresses commonly have (the BAN's, a mailing list's).
    #[test]
    fn no_column_takes_a_name_address_lists_commonly_have() {
        for common in [
            "commune",
            "nom_commune",
            "code_insee",
            "code_postal",
            "adresse",
            "ville",
            "nom",
        ] {
            assert!(!LOCATED.contains(&common), "{common}");
        }
    }

    #[test]
    fn verdicts_are_spelled_as_in_the_answer() {
        let codes: Vec<&str> = VERDICT_LEGEND.iter().map(|(v, _)| v.code()).collect();
        assert_eq!(codes, ["dedans", "dehors", "en_limite"]);
        let json = serde_json::to_value(Verdict::EnLimite).unwrap();
        assert_eq!(json, Verdict::EnLimite.code());
    }
}
