//! The progress of an operation or an equipment project.

use serde::{Deserialize, Serialize};

/// Where an operation or an equipment stands, as stated by its source at the source's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ProjectStatus {
    /// An existing equipment or facility.
    #[serde(rename = "existant")]
    Existing,
    /// Inscribed in a signed convention or programme, not started.
    #[serde(rename = "programmé")]
    Planned,
    /// Studies or design under way.
    #[serde(rename = "en études")]
    Studies,
    /// Works under way.
    #[serde(rename = "en travaux")]
    Works,
    /// Completed or delivered.
    #[serde(rename = "réalisé")]
    Done,
    /// Given up.
    #[serde(rename = "abandonné")]
    Abandoned,
    /// The source gives no status.
    #[default]
    #[serde(rename = "non renseigné")]
    Unknown,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 7] = [
        Self::Existing,
        Self::Planned,
        Self::Studies,
        Self::Works,
        Self::Done,
        Self::Abandoned,
        Self::Unknown,
    ];

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Existing => "existant",
            Self::Planned => "programmé",
            Self::Studies => "en études",
            Self::Works => "en travaux",
            Self::Done => "réalisé",
            Self::Abandoned => "abandonné",
            Self::Unknown => "non renseigné",
        }
    }

    /// The status as the verb of a sentence, capitalised: what an answer's reason starts
    /// with, so that it never says « Prévu(e) » of what exists or is done.
    pub fn verb_fr(self) -> &'static str {
        match self {
            Self::Existing => "Existant(e)",
            Self::Planned => "Programmé(e)",
            Self::Studies => "En études",
            Self::Works => "En travaux",
            Self::Done => "Réalisé(e)",
            Self::Abandoned => "Abandonné(e)",
            Self::Unknown => "Statut non renseigné",
        }
    }

    /// The status of a label of [`Self::label_fr`].
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.label_fr() == label)
    }
}
