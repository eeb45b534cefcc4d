//! An action of a programme and where it is carried out.

use serde::{Deserialize, Serialize};

use super::{Interpretation, SourceRef, StatusDate};

/// Progress of an action as the mid-term evaluation states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActionStatus {
    #[serde(rename = "Atteint")]
    Achieved,
    #[serde(rename = "En voie de finalisation")]
    NearlyDone,
    #[serde(rename = "En cours de déploiement")]
    Deploying,
    #[serde(rename = "En cours de lancement")]
    Launching,
    #[serde(rename = "Partiellement atteint")]
    PartlyAchieved,
    #[serde(rename = "Non atteint")]
    NotAchieved,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 6] = [
        Self::Achieved,
        Self::NearlyDone,
        Self::Deploying,
        Self::Launching,
        Self::PartlyAchieved,
        Self::NotAchieved,
    ];

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Achieved => "Atteint",
            Self::NearlyDone => "En voie de finalisation",
            Self::Deploying => "En cours de déploiement",
            Self::Launching => "En cours de lancement",
            Self::PartlyAchieved => "Partiellement atteint",
            Self::NotAchieved => "Non atteint",
        }
    }

    /// Reads the status a free-text cell starts with ("Atteint vis-à-vis des usagers...",
    /// "Non atteint à l'échelle de l'agglo"), case- and accent-insensitively.
    pub fn from_text(text: &str) -> Option<Self> {
        let folded = crate::text::fold(text);
        // Longest labels first: "Non atteint" and "Partiellement atteint" contain "atteint".
        let mut all = Self::ALL;
        all.sort_by_key(|s| std::cmp::Reverse(s.label_fr().len()));
        all.into_iter()
            .find(|s| folded.starts_with(&crate::text::fold(s.label_fr())))
    }
}

/// Where a realisation takes place.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "perimetre", rename_all = "snake_case")]
pub enum RealisationScope {
    /// The whole territory (the document's « Agglo »).
    Territoire,
    /// One commune.
    Commune {
        insee_com: String,
        #[serde(rename = "nom_commune")]
        name: String,
    },
    /// The source gives no perimeter.
    NonPrecise,
}

/// An action carried out in one perimeter, with its status there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Realisation {
    #[serde(flatten)]
    pub scope: RealisationScope,
    #[serde(rename = "statut")]
    pub status: Option<ActionStatus>,
    /// The status cell as printed, when it says more than the status ("Atteint vis-à-vis des
    /// usagers...").
    #[serde(rename = "statut_texte", default)]
    pub status_text: String,
    #[serde(rename = "detail", default)]
    pub detail: String,
    #[serde(rename = "perspectives", default)]
    pub perspectives: String,
}

/// An action of a programme (a row of the Contrat de Ville's mid-term evaluation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// Stable identifier, unique in the territory. Equal to the printed code when that code
    /// is unique; generated for `N.A.` rows and repeated codes.
    pub id: String,
    /// The code as printed (`1.1`, `13.2`, `N.A.`).
    pub code: String,
    pub programme: String,
    /// Thematic pillar (« Populations fragilisées, accès aux droits et à la santé »).
    #[serde(rename = "pilier")]
    pub pillar: String,
    /// Strategic orientation number (OS n°).
    #[serde(rename = "os_numero")]
    pub orientation_number: Option<u16>,
    #[serde(rename = "orientation")]
    pub orientation: String,
    #[serde(rename = "objectif")]
    pub objective: String,
    #[serde(rename = "titre")]
    pub title: String,
    pub realisations: Vec<Realisation>,
    /// When the statuses of its realisations were known (for a Contrat de Ville's actions, the
    /// mid-term evaluation's date), and the source's date.
    #[serde(flatten)]
    pub status_date: StatusDate,
    /// Fields whose value reads the source rather than quotes it (`realisations.detail` sorted
    /// from a diagram).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interpretations: Vec<Interpretation>,
    #[serde(flatten)]
    pub source: SourceRef,
}
