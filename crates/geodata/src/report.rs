//! Validation findings, each naming the file, the feature and the field it concerns.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a finding is: errors refuse the data, warnings are reported and the data loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

/// One finding of the validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    pub file: PathBuf,
    /// The feature, as `n°3 (id QN07401M)`; none for a file-level finding.
    pub feature: Option<String>,
    /// The property, or `geometry`.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
        };
        write!(f, "{level} : {}", self.file.display())?;
        if let Some(feature) = &self.feature {
            write!(f, ", entité {feature}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", champ « {field} »")?;
        }
        write!(f, " : {}", self.message)
    }
}

/// All findings of a validation run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub issues: Vec<Issue>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    pub fn extend(&mut self, other: Report) {
        self.issues.extend(other.issues);
    }

    /// A reporter bound to one file.
    pub fn file<'a>(&'a mut self, path: &'a Path) -> FileReporter<'a> {
        FileReporter {
            report: self,
            file: path,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for issue in &self.issues {
            writeln!(f, "{issue}")?;
        }
        Ok(())
    }
}

/// Adds findings about one file.
pub struct FileReporter<'a> {
    report: &'a mut Report,
    file: &'a Path,
}

impl FileReporter<'_> {
    pub fn push(
        &mut self,
        severity: Severity,
        feature: Option<String>,
        field: Option<&str>,
        message: impl Into<String>,
    ) {
        self.report.issues.push(Issue {
            severity,
            file: self.file.to_path_buf(),
            feature,
            field: field.map(str::to_string),
            message: message.into(),
        });
    }

    pub fn error(
        &mut self,
        feature: Option<String>,
        field: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Error, feature, field, message);
    }

    pub fn warning(
        &mut self,
        feature: Option<String>,
        field: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, feature, field, message);
    }
}

/// How a feature is named in messages: its position and, when known, its id.
pub fn feature_label(index: usize, id: Option<&str>) -> String {
    match id {
        Some(id) if !id.is_empty() => format!("n°{} (id {id})", index + 1),
        _ => format!("n°{}", index + 1),
    }
}
