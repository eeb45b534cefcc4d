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

    /// Whether a geometry of this precision is drawn (not borrowed from a wider area).
    pub fn is_drawn(self) -> bool {
        matches!(self, Self::Exact | Self::Approximate)
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
    /// Whether the source states this place or it was inferred.
    #[serde(
        rename = "emplacement",
        default,
        skip_serializing_if = "PlacementBasis::is_unknown"
    )]
    pub basis: PlacementBasis,
    /// For an inferred place, what it was inferred from, in French (« le nom « du Perrier » »,
    /// « équipement de la convention NPNRU du quartier »).
    #[serde(
        rename = "deduit_de",
        default,
        skip_serializing_if = "String::is_empty"
    )]
    pub inferred_from: String,
}

impl Placement {
    /// A placement that does not say how it was made (generated layers: official outlines,
    /// communes, the territory's boundary).
    pub fn new(precision: GeometryPrecision, reason: String) -> Self {
        Self {
            precision,
            reason,
            perimeter: None,
            basis: PlacementBasis::Unknown,
            inferred_from: String::new(),
        }
    }

    /// Whether the place was inferred rather than stated by the source.
    pub fn is_inferred(&self) -> bool {
        self.basis == PlacementBasis::Inferred
    }
}

/// How a feature's place was made: stated by its source, or inferred.
///
/// A feature placed on a quartier because it belongs to the quartier's renewal programme is
/// not known to be inside the quartier: a resident must read « rattaché au quartier (déduit :
/// la source ne précise pas l'emplacement) », not a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum PlacementBasis {
    /// The source gives the place (its geometry, or « quartier du Perrier », « à Gaillard »).
    #[serde(rename = "indiqué par la source")]
    Stated,
    /// The source does not give the place; it was inferred (see `deduit_de`).
    #[serde(rename = "déduit")]
    Inferred,
    /// Files written before placements said how they were made.
    #[default]
    #[serde(rename = "non renseigné")]
    Unknown,
}

impl PlacementBasis {
    pub fn is_unknown(&self) -> bool {
        *self == Self::Unknown
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Stated => "indiqué par la source",
            Self::Inferred => "déduit",
            Self::Unknown => "non renseigné",
        }
    }
}
