//! The « Etat d'avancement » cell.

use geodata::model::ActionStatus;
use geodata::text::{fold, fold_name};

/// The status a cell states, and the cell itself when it says something else than the bare
/// label (« Atteint vis-à-vis des usagers… », « Partiellement », « En cours de réflexion »).
pub fn parse(cell: &str) -> (Option<ActionStatus>, String) {
    if cell.is_empty() {
        return (None, String::new());
    }
    // « Partiellement » alone abbreviates « Partiellement atteint » (the legend of the table
    // has no other status starting so).
    let status = ActionStatus::from_text(cell)
        .or_else(|| (fold_name(cell) == "partiellement").then_some(ActionStatus::PartlyAchieved));
    let bare = status.is_some_and(|s| fold(cell.trim_end_matches('.')) == fold(s.label_fr()));
    let text = if bare {
        String::new()
    } else {
        cell.to_string()
    };
    (status, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_labels_keep_no_text() {
        assert_eq!(
            parse("En cours de déploiement"),
            (Some(ActionStatus::Deploying), String::new())
        );
        assert_eq!(
            parse("Non atteint"),
            (Some(ActionStatus::NotAchieved), String::new())
        );
        assert_eq!(
            parse("atteint."),
            (Some(ActionStatus::Achieved), String::new())
        );
        assert_eq!(parse(""), (None, String::new()));
    }

    #[test]
    fn free_text_starting_with_a_status_is_kept() {
        let cell = "Atteint vis-à-vis des usagers. Partiellement atteint vis-à-vis des projets";
        assert_eq!(
            parse(cell),
            (Some(ActionStatus::Achieved), cell.to_string())
        );
        let cell = "Non atteint à l'échelle de l'agglo";
        assert_eq!(
            parse(cell),
            (Some(ActionStatus::NotAchieved), cell.to_string())
        );
        let cell = "Atteints dans les locaux de l'accueil de jour";
        assert_eq!(
            parse(cell),
            (Some(ActionStatus::Achieved), cell.to_string())
        );
    }

    #[test]
    fn abbreviated_and_unknown_statuses() {
        assert_eq!(
            parse("Partiellement"),
            (Some(ActionStatus::PartlyAchieved), "Partiellement".into())
        );
        assert_eq!(
            parse("En cours de réflexion"),
            (None, "En cours de réflexion".into())
        );
    }
}
