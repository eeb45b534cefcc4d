//! The rules of publishing, shared by every backend: what a new version is (its number, data
//! set name, date and provenance), when a publish or a rollback is refused, and how a staged
//! report is read back. A backend ([`crate::gpkg`], `store-postgis`) only reads and writes
//! rows, in one transaction, and calls these.

use geodata::report::{Issue, Report, Severity};
use serde_json::Value;

use crate::error::{Result, StoreError};
use crate::layer_id::LayerId;
use crate::store::{NewTerritory, StagedImport};
use crate::version::Version;

/// Staged imports kept; older ones are dropped when a new one is staged.
pub const KEEP_IMPORTS: u64 = 50;

/// The name of the data set (a GeoPackage table, a PostGIS `table_donnees`) holding a
/// version's features: both backends name them alike, so a store copied from one to the
/// other keeps its history readable.
pub fn table_name(territory: &str, layer: LayerId, number: u64) -> String {
    let slug: String = territory
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{slug}__{layer}__v{number}")
}

/// A version's date: RFC 3339, UTC, to the second.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Who made a new version and from what: the part of a version its import (or its new
/// territory) gives.
#[derive(Debug, Clone, Copy)]
pub struct Provenance<'a> {
    pub author: &'a str,
    pub source_name: &'a str,
    pub sha256: &'a str,
    pub comment: &'a str,
    /// The admin credential's name, if an admin credential made it.
    pub credential: Option<&'a str>,
}

impl StagedImport {
    /// The provenance of the version publishing this import with `comment`, by `credential`.
    pub fn provenance<'a>(
        &'a self,
        comment: &'a str,
        credential: Option<&'a str>,
    ) -> Provenance<'a> {
        Provenance {
            author: &self.author,
            source_name: &self.source_name,
            sha256: &self.sha256,
            comment,
            credential,
        }
    }
}

impl NewTerritory {
    /// The provenance of the first versions of the territory's layers.
    pub fn provenance(&self) -> Provenance<'_> {
        Provenance {
            author: &self.author,
            source_name: &self.source_name,
            sha256: &self.sha256,
            comment: &self.comment,
            credential: None,
        }
    }
}

/// A new version `number` of `layer` holding `feature_count` features in its own data set,
/// dated now.
pub fn new_version(
    number: u64,
    territory: &str,
    layer: LayerId,
    feature_count: u64,
    from: Provenance<'_>,
) -> Version {
    Version {
        number,
        territory: territory.to_string(),
        layer: layer.to_string(),
        author: from.author.to_string(),
        date: now(),
        source_name: from.source_name.to_string(),
        sha256: from.sha256.to_string(),
        feature_count,
        comment: from.comment.to_string(),
        table: table_name(territory, layer, number),
        rollback_of: None,
        credential: from.credential.map(str::to_string),
    }
}

/// The version `number` that makes `target` current again, made by `credential`: it shares
/// `target`'s data set, so the history only grows.
pub fn restoring(
    number: u64,
    target: &Version,
    author: &str,
    comment: &str,
    credential: Option<&str>,
) -> Version {
    Version {
        number,
        author: author.to_string(),
        date: now(),
        comment: comment.to_string(),
        rollback_of: Some(target.number),
        credential: credential.map(str::to_string),
        ..target.clone()
    }
}

/// Refuses to publish an import validated against another version than the current one: the
/// layer changed since, so its report and diff no longer say what the publish does.
pub fn check_fresh(
    import: u64,
    staged_territory: &str,
    layer: LayerId,
    base: Option<u64>,
    current: Option<u64>,
) -> Result<()> {
    if current == base {
        return Ok(());
    }
    let show = |n: Option<u64>| n.map_or("aucune".to_string(), |n| n.to_string());
    Err(StoreError::Stale {
        import,
        territory: staged_territory.to_string(),
        layer: layer.to_string(),
        expected: show(base),
        found: show(current),
    })
}

/// Refuses a rollback to the data already served (it would add a version that changes
/// nothing).
pub fn check_not_current(target: &Version, current: Option<&Version>) -> Result<()> {
    match current {
        Some(current) if current.table == target.table => Err(StoreError::AlreadyCurrent {
            version: target.number,
            territory: target.territory.clone(),
            layer: target.layer.clone(),
        }),
        _ => Ok(()),
    }
}

/// A staged import's report as stored (JSON), to be shown again, not re-validated; unreadable
/// text reads as an empty report (the import itself was validated when staged).
pub fn report_from_json(text: &str) -> Report {
    let mut report = Report::default();
    let issues = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("issues").and_then(Value::as_array).cloned())
        .unwrap_or_default();
    for issue in issues {
        let get = |k: &str| issue.get(k).and_then(Value::as_str).map(str::to_string);
        report.issues.push(Issue {
            severity: match get("severity").as_deref() {
                Some("error") => Severity::Error,
                _ => Severity::Warning,
            },
            file: get("file").unwrap_or_default().into(),
            feature: get("feature"),
            field: get("field"),
            message: get("message").unwrap_or_default(),
        });
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(number: u64, table: &str) -> Version {
        Version {
            number,
            territory: "annemasse-agglo".into(),
            layer: "operations".into(),
            author: "sig".into(),
            date: "2026-01-01T00:00:00Z".into(),
            source_name: "operations.gpkg".into(),
            sha256: "00".into(),
            feature_count: 3,
            comment: String::new(),
            table: table.into(),
            rollback_of: None,
            credential: None,
        }
    }

    #[test]
    fn data_sets_are_named_from_the_slug_layer_and_number() {
        assert_eq!(
            table_name("annemasse-agglo", LayerId::Perimetres, 7),
            "annemasse_agglo__perimetres__v7"
        );
    }

    #[test]
    fn a_publish_is_refused_when_the_layer_moved_since_validation() {
        assert!(check_fresh(4, "t", LayerId::Operations, Some(2), Some(2)).is_ok());
        assert!(check_fresh(4, "t", LayerId::Operations, None, None).is_ok());
        let err = check_fresh(4, "t", LayerId::Operations, None, Some(3)).unwrap_err();
        assert!(
            matches!(&err, StoreError::Stale { expected, found, .. } if expected == "aucune" && found == "3"),
            "{err}"
        );
    }

    #[test]
    fn a_rollback_to_the_served_data_is_refused() {
        let target = version(2, "t__operations__v2");
        assert!(check_not_current(&target, None).is_ok());
        assert!(check_not_current(&target, Some(&version(5, "t__operations__v5"))).is_ok());
        // A rollback to version 2 is itself current: its data set is version 2's.
        let restored = restoring(6, &target, "sig", "retour", Some("sig-annemasse"));
        assert_eq!(
            (
                restored.rollback_of,
                restored.table.as_str(),
                restored.credential.as_deref()
            ),
            (Some(2), "t__operations__v2", Some("sig-annemasse"))
        );
        assert!(matches!(
            check_not_current(&target, Some(&restored)),
            Err(StoreError::AlreadyCurrent { version: 2, .. })
        ));
    }

    #[test]
    fn a_stored_report_reads_back_with_its_severities() {
        let report = report_from_json(
            r#"{"issues":[{"severity":"error","file":"a.geojson","feature":"OP1","field":"statut","message":"inconnu"},{"severity":"warning","file":"a.geojson","message":"m"}]}"#,
        );
        assert_eq!(report.issues.len(), 2);
        assert_eq!(report.issues[0].severity, Severity::Error);
        assert_eq!(report.issues[0].field.as_deref(), Some("statut"));
        assert_eq!(report.issues[1].severity, Severity::Warning);
        assert!(report_from_json("pas du JSON").issues.is_empty());
    }
}
