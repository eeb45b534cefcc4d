//! The domain model: what a territory's policy geography is made of.
//!
//! Field names are serialized in French (`nom`, `statut`, `maitre_ouvrage`...) because they
//! are what French GIS teams read in the GeoJSON files, the OGC API and the exports; official
//! codes keep their official names (`code_qp`-style `code`, `insee_com`). Rust identifiers stay
//! in English.

mod action;
mod date;
mod dating;
mod features;
mod interpretation;
mod placement;
mod programme;
mod props;
mod status;

pub use action::{Action, ActionStatus, Realisation, RealisationScope};
pub use date::{DatePrecision, FuzzyDate};
pub use dating::{DateOrigin, Freshness, StatusDate};
pub use features::{
    Boundary, Centrality, Commune, Corridor, Equipment, Funding, Ilot, Operation, OperationKind,
    Perimeter, PerimeterKind,
};
pub use interpretation::Interpretation;
pub use placement::{GeometryPrecision, Placement, PlacementBasis};
pub use programme::Programme;
pub use props::FeatureProps;
pub use status::ProjectStatus;

use serde::{Deserialize, Serialize};

/// Where a fact comes from: a document of `data/sources/documents` or a raw file of `data/sources/raw`, and the section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SourceRef {
    /// Document or file name, e.g. `001_e16c5f7f8a2953c5.txt` or `gazetteer/qpv.json.gz`.
    #[serde(rename = "source_document", default)]
    pub document: String,
    /// Section, page or table of the document the fact was read from.
    #[serde(rename = "source_section", default)]
    pub section: String,
}
