//! How well a feature's geometry is known, and why.

use serde::{Deserialize, Serialize};

/// How exactly a feature's geometry is known. Answers and the map must say it: a resident
/// must never read a guessed position as a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeometryPrecision {
    /// The published geometry of the feature itself.
    Exact,
    /// Drawn from a description or a coarser source; close but not authoritative.
    Approximate,
    /// Only known to lie in a perimeter (e.g. an NPNRU operation placed on its QPV).
    Perimeter,
    /// Only known to lie in a commune.
    Commune,
    /// Only known to concern the whole territory (EPCI).
    Territory,
}

impl GeometryPrecision {
    pub const ALL: [GeometryPrecision; 5] = [
        Self::Exact,
        Self::Approximate,
        Self::Perimeter,
        Self::Commune,
        Self::Territory,
    ];

    /// The code used in files and APIs.
    pub fn code(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Approximate => "approximate",
            Self::Perimeter => "perimeter",
            Self::Commune => "commune",
            Self::Territory => "territory",
        }
    }

    /// Plain French, for residents.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Exact => "localisation exacte",
            Self::Approximate => "localisation approximative",
            Self::Perimeter => "localisée seulement dans le périmètre du quartier",
            Self::Commune => "localisée seulement à la commune",
            Self::Territory => "concerne tout le territoire",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Geometry precision of a feature and, when the geometry is not in the file, what it is
/// borrowed from.
///
/// A feature whose precision is `perimeter` may have a null geometry in its file and name its
/// perimeter in `perimetre`; one whose precision is `commune` may name its commune in
/// `insee_com`; one whose precision is `territory` takes the territory's boundary. The loader
/// fills the geometry in, so a redrawn perimeter moves the features placed on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    #[serde(rename = "precision_geometrie")]
    pub precision: GeometryPrecision,
    /// Why the geometry is what it is, in French ("contour officiel ANCT 2024", "position non
    /// publiée : placée sur le QPV").
    #[serde(rename = "motif_precision", default)]
    pub reason: String,
    /// Code of the perimeter the feature is placed on, for `perimeter` precision.
    #[serde(rename = "perimetre", default, skip_serializing_if = "Option::is_none")]
    pub perimeter: Option<String>,
}
