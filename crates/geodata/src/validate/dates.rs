//! Every status says how old it is: a status without a date is reported, since an answer
//! would have to show it as today's.

use std::path::Path;

use crate::model::{Action, DateOrigin, FeatureProps, ProjectStatus};
use crate::read::RawFeature;
use crate::report::Report;

/// A feature's status must carry its date (`statut_date`) and where that date comes from
/// (`statut_date_origine`). Warnings: older files still load, and the answer says « état non
/// daté, à vérifier ».
pub fn dated_status<P: FeatureProps>(path: &Path, f: &RawFeature<P>, report: &mut Report) {
    let Some((status, dating)) = f.props.dated_status() else {
        return;
    };
    if status == ProjectStatus::Unknown {
        return;
    }
    if dating.date.is_none() {
        report.file(path).warning(
            Some(f.label.clone()),
            Some("statut_date"),
            format!(
                "statut « {} » sans date : indiquez statut_date (la date donnée par la source, ou celle du document)",
                status.label_fr()
            ),
        );
    } else if dating.origin == DateOrigin::Unknown {
        report.file(path).warning(
            Some(f.label.clone()),
            Some("statut_date_origine"),
            "origine de la date du statut non renseignée : « source », « document » ou « au plus tôt »",
        );
    }
}

/// An action whose realisations have a status must date it (the evaluation's date).
pub fn dated_action(path: &Path, label: &str, action: &Action, report: &mut Report) {
    let has_status = action.realisations.iter().any(|r| r.status.is_some());
    if has_status && action.status_date.date.is_none() {
        report.file(path).warning(
            Some(label.to_string()),
            Some("statut_date"),
            "statuts des réalisations sans date : indiquez statut_date (la date de l'évaluation)",
        );
    }
}
