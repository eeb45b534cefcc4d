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
}
