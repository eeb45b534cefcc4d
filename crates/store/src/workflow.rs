//! The SIG team's workflow in one call: read the source, validate it against the published
//! territory, compare it with the published version, and keep it for publication if valid.
//! Used alike by the CLI (`import`, `diff`) and the admin HTTP API.

use std::path::Path;

use geodata::report::Report;
use serde::Serialize;

use crate::addresses::{address_changes, AddressSource};
use crate::diff::{diff, Diff};
use crate::error::Result;
use crate::import::{read_source, ImportOptions, Progress};
use crate::layer_id::LayerId;
use crate::store::{LayerData, StagedImport, Store};
use crate::validate::{check, counts};

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    pub territory: &'a str,
    pub layer: LayerId,
    pub path: &'a Path,
    /// Shown in the versions table instead of the path's file name (an upload's name).
    pub source_name: Option<&'a str>,
    pub options: &'a ImportOptions,
    pub author: &'a str,
    /// The loaded addresses (BAN index), for the addresses entering or leaving a redrawn
    /// perimeter; `None` when none are loaded.
    pub addresses: Option<&'a dyn AddressSource>,
}

/// The validation report, the diff and, for a valid staged import, its id.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    #[serde(rename = "territoire")]
    pub territory: String,
    #[serde(rename = "couche")]
    pub layer: String,
    #[serde(rename = "fichier")]
    pub source_name: String,
    pub sha256: String,
    /// The source CRS.
    #[serde(rename = "scr_source")]
    pub crs: Option<String>,
    #[serde(rename = "nb_entites")]
    pub feature_count: usize,
    #[serde(rename = "erreurs")]
    pub errors: usize,
    #[serde(rename = "avertissements")]
    pub warnings: usize,
    #[serde(rename = "rapport")]
    pub report: Report,
    /// The published version compared against.
    #[serde(rename = "version_publiee")]
    pub base_version: Option<u64>,
    pub diff: Option<Diff>,
    /// Id to publish with (`quartiers publish N`); none when refused or not staged.
    pub import: Option<u64>,
}

impl Outcome {
    pub fn is_valid(&self) -> bool {
        self.errors == 0
    }
}

/// Findings listed in an answer: beyond them the report says how many more there are (the
/// counts stay exact), so a source with an error on each of 200,000 features answers in a
/// few hundred kilobytes.
pub const MAX_LISTED_ISSUES: usize = 1000;

/// The report as answered: its first [`MAX_LISTED_ISSUES`] findings, errors first.
fn listed(report: &Report, file: &Path) -> Report {
    if report.issues.len() <= MAX_LISTED_ISSUES {
        return report.clone();
    }
    let mut issues = report.issues.clone();
    // Stable: within a severity, the order of the source.
    issues.sort_by_key(|i| std::cmp::Reverse(i.severity));
    let more = issues.len() - MAX_LISTED_ISSUES;
    issues.truncate(MAX_LISTED_ISSUES);
    let mut shown = Report { issues };
    shown.file(file).warning(
        None,
        None,
        format!(
            "… et {more} autre(s) problème(s) non listé(s) : corrigez les premiers et relancez"
        ),
    );
    shown
}

/// Reads, validates and compares; stages the candidate when `stage` and it is valid. A
/// refused file changes nothing in the store.
pub fn prepare<S: Store + ?Sized>(
    store: &S,
    request: &ImportRequest<'_>,
    stage: bool,
    progress: Progress<'_>,
) -> Result<Outcome> {
    // Refuse an unknown territory before reading a large file.
    if !request.layer.is_national() {
        store.manifest(request.territory)?;
    }
    let source = read_source(request.path, request.layer, request.options, progress)?;
    let mut checked = check(
        store,
        request.territory,
        request.layer,
        source.data,
        &source.path,
        source.report,
    )?;
    let current = store.current(request.territory, request.layer)?;
    let base_version = current.as_ref().map(|(v, _)| v.number);
    let empty = LayerData::default();
    let published = current.as_ref().map_or(&empty, |(_, d)| d);
    let mut d = diff(
        request.layer,
        published,
        &checked.data,
        checked.before.as_ref(),
        checked.after.as_ref(),
    );
    if request.layer == LayerId::Perimetres {
        match (request.addresses, &checked.before, &checked.after) {
            (None, _, _) => d.notes.push(
                "adresses : aucune base d'adresses n'est chargée (quartiers import-addresses) ; les entrées et sorties d'adresses ne sont pas calculées".into(),
            ),
            (Some(source), Some(before), Some(after)) => {
                let redrawn = d.redrawn();
                let changes = address_changes(
                    &redrawn,
                    request.layer.id_field(),
                    published,
                    &checked.data,
                    &before.perimeters,
                    &after.perimeters,
                    source,
                );
                d.addresses = Some(changes);
            }
            // An invalid candidate: the diff already says consequences were not computed.
            (Some(_), _, _) => {}
        }
    }
    let (errors, warnings) = counts(&checked.report);
    if let Some(name) = request.source_name {
        // An upload's temporary path means nothing to its sender: name it as sent.
        for issue in &mut checked.report.issues {
            if issue.file == source.path {
                issue.file = name.into();
            }
        }
    }
    let source_name = request.source_name.map_or(source.name, str::to_string);
    let shown_file = request.source_name.map_or(source.path.as_path(), Path::new);
    let shown = listed(&checked.report, shown_file);
    let mut outcome = Outcome {
        territory: request.territory.to_string(),
        layer: request.layer.to_string(),
        source_name: source_name.clone(),
        sha256: source.sha256.clone(),
        crs: source.crs,
        feature_count: checked.data.features.len(),
        errors,
        warnings,
        report: shown,
        base_version,
        diff: Some(d),
        import: None,
    };
    if stage && errors == 0 {
        outcome.import = Some(store.stage(StagedImport {
            id: 0,
            territory: request.territory.to_string(),
            layer: request.layer,
            author: request.author.to_string(),
            date: crate::publish::now(),
            source_name,
            sha256: source.sha256,
            base_version,
            data: checked.data,
            report: checked.report,
        })?);
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_report_lists_the_errors_first_then_counts_the_rest() {
        let file = Path::new("envoi.geojson");
        let mut report = Report::default();
        for i in 0..MAX_LISTED_ISSUES {
            report
                .file(file)
                .warning(None, None, format!("avertissement {i}"));
        }
        for i in 0..MAX_LISTED_ISSUES {
            report.file(file).error(None, None, format!("erreur {i}"));
        }
        let shown = listed(&report, file);
        assert_eq!(shown.issues.len(), MAX_LISTED_ISSUES + 1);
        assert!(shown.issues[..MAX_LISTED_ISSUES]
            .iter()
            .all(|i| i.message.starts_with("erreur")));
        assert_eq!(shown.issues[0].message, "erreur 0");
        let last = &shown.issues[MAX_LISTED_ISSUES].message;
        assert!(
            last.contains(&format!("{MAX_LISTED_ISSUES} autre(s)")),
            "{last}"
        );
        let short = listed(&Report::default(), file);
        assert!(short.issues.is_empty());
    }
}
