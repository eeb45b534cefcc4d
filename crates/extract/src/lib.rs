//! Extraction of the action table of a Contrat de Ville text (« Annexe 2 : évaluation
//! mi-parcours ») into [`geodata::model::Action`]s.
//!
//! Pure functions over the text the caller read: no file or network access.
//!
//! Layering: depends on geodata only (its model); never on a store, the server or I/O.
//!
//! The pipeline, one module per step:
//! - [`cells`] cleans a cell (HTML fragments, whitespace);
//! - `table` classifies the lines and groups continuation lines into raw rows;
//! - `scope` and `status` read the perimeter and status cells;
//! - `pillar` gives the pillars a readable label;
//! - `ids` gives every action a stable id;
//! - `annexe2` assembles the actions.

mod annexe2;
pub mod cells;
mod error;
mod ids;
mod pillar;
mod scope;
mod status;
mod table;
#[cfg(test)]
mod test_support;

pub use annexe2::extract_annexe2;
pub use error::ExtractError;

use geodata::manifest::Manifest;
use geodata::model::Action;

/// The actions as written to `actions.json`: a pretty-printed JSON array, UTF-8, ending with a
/// newline. The command and the tests share it so the committed file can be compared byte for
/// byte.
pub fn to_json(actions: &[Action]) -> String {
    let mut json = serde_json::to_string_pretty(actions).expect("actions always serialize");
    json.push('\n');
    json
}

/// Reads a `territory.toml`.
///
/// Stopgap: geodata has no manifest loader yet and the command line has no TOML dependency.
pub fn parse_manifest(text: &str) -> Result<Manifest, ExtractError> {
    Manifest::parse(text).map_err(|e| ExtractError::Manifest(e.to_string()))
}
