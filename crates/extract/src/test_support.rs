//! A small manifest for the unit tests: the Annemasse communes and its Contrat de Ville.

use geodata::manifest::Manifest;

const BASE: &str = r#"
slug = "test"
name = "Test"
epci_siren = "200011773"
epci_name = "Test"
bbox = [6.15, 46.13, 6.38, 46.29]
attribution = "test"
communes = [
  { insee = "74008", name = "Ambilly" },
  { insee = "74012", name = "Annemasse" },
  { insee = "74133", name = "Gaillard" },
  { insee = "74305", name = "Ville-la-Grand" },
]
"#;

const CDV: &str = r#"
[[programmes]]
id = "cdv-2015-2022"
nom = "Contrat de Ville"
type = "contrat de ville"
source_document = "001_e16c5f7f8a2953c5.txt"

[[programmes]]
id = "npnru-perrier"
nom = "NPNRU"
type = "NPNRU"
source_document = "001_e16c5f7f8a2953c5.txt"
"#;

pub fn manifest() -> Manifest {
    manifest_with_programmes(CDV)
}

pub fn manifest_with_programmes(programmes: &str) -> Manifest {
    crate::parse_manifest(&format!("{BASE}{programmes}")).expect("test manifest")
}
