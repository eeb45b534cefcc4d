//! An action programme: a Contrat de Ville, a « cœur de ville » plan, an NPNRU convention.

use serde::{Deserialize, Serialize};

use super::{SourceRef, StatusDate};

/// An action programme with its owner and period. Fits a Contrat de Ville (2015-2022, four
/// pillars, ~133 actions) as well as a town-centre plan of 38 actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    /// Stable identifier, unique in the territory (`cdv-2015-2022`).
    pub id: String,
    #[serde(rename = "nom")]
    pub name: String,
    /// Kind of programme, in French (`contrat de ville`, `NPNRU`, `cœur de ville`...).
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Who carries it (`Annemasse Agglo`).
    #[serde(rename = "porteur", default)]
    pub owner: String,
    #[serde(rename = "annee_debut", default)]
    pub start_year: Option<u16>,
    #[serde(rename = "annee_fin", default)]
    pub end_year: Option<u16>,
    /// When the statuses of its actions were known (a Contrat de Ville's mid-term evaluation),
    /// and the source's date. Copied onto each action by `quartiers extract-actions`.
    #[serde(flatten)]
    pub status_date: StatusDate,
    #[serde(flatten)]
    pub source: SourceRef,
}
