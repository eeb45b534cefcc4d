//! A field whose value is a reading of its source, not its words.

use serde::{Deserialize, Serialize};

/// How a field's value was read from its source, kept beside the value: « MO VA » written
/// out as « Ville d'Annemasse », a study's author given as its maître d'ouvrage, a diagram's
/// boxes sorted into services and projects. The map and the answer show the source's words
/// with the reading, so that nobody takes the reading for the source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Interpretation {
    /// The property whose value is interpreted (`maitre_ouvrage`, `realisations.detail`).
    #[serde(rename = "champ")]
    pub field: String,
    /// The source's words, verbatim (checked against the document by the data build).
    #[serde(rename = "texte_source")]
    pub source_text: String,
    /// The line of the source document they are on.
    #[serde(rename = "ligne", default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Why the value reads them this way, in French.
    #[serde(rename = "motif", default)]
    pub reason: String,
}
