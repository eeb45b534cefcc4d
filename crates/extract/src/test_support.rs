//! A small manifest for the unit tests: the Annemasse communes and its Contrat de Ville.

use geodata::manifest::Manifest;

/// The territory, without programmes (shared with the integration tests).
const BASE: &str = include_str!("../tests/data/communes.toml");
/// Its Contrat de Ville and its NPNRU programme.
const CDV: &str = include_str!("../tests/data/programmes.toml");

pub fn manifest() -> Manifest {
    manifest_with_programmes(CDV)
}

pub fn manifest_with_programmes(programmes: &str) -> Manifest {
    crate::parse_manifest(&format!("{BASE}{programmes}")).expect("test manifest")
}
