//! `territory.toml`: what a territory directory declares about itself.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::model::Programme;

/// The manifest of a territory directory (`data/territories/<slug>/territory.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Directory name and identifier (`annemasse-agglo`).
    pub slug: String,
    /// Name shown to users (`Annemasse Agglo`).
    pub name: String,
    /// SIREN of the EPCI (`200011773`).
    pub epci_siren: String,
    /// Official name of the EPCI.
    pub epci_name: String,
    /// `[lon_min, lat_min, lon_max, lat_max]` in WGS84; every feature must lie inside.
    pub bbox: [f64; 4],
    /// Attribution line to show on the map, listing the data producers and licences.
    pub attribution: String,
    pub communes: Vec<ManifestCommune>,
    #[serde(default)]
    pub radii: Radii,
    #[serde(default)]
    pub tolerance: Tolerance,
    /// How old a status may be and still be said as current.
    #[serde(default)]
    pub freshness: Freshness,
    #[serde(default)]
    pub programmes: Vec<Programme>,
    /// Extra files per layer, when a layer is made of several files (e.g. equipment from the
    /// source documents and transit stations from OpenStreetMap, under different licences).
    #[serde(default)]
    pub layers: LayerFiles,
}

/// A member commune, as declared by the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestCommune {
    pub insee: String,
    pub name: String,
}

/// Default search radii of the impact query, in metres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Radii {
    /// Perimeters (QPV, veille) this close are listed as nearby, with their distance.
    pub perimeter_m: f64,
    pub operation_m: f64,
    pub equipment_m: f64,
    pub centrality_m: f64,
    pub corridor_m: f64,
}

impl Default for Radii {
    fn default() -> Self {
        Self {
            perimeter_m: 500.0,
            operation_m: 300.0,
            equipment_m: 500.0,
            centrality_m: 300.0,
            corridor_m: 300.0,
        }
    }
}

/// Positional tolerance of the perimeter layers, in metres: a point closer than this to a
/// perimeter's edge is answered `en limite` rather than a false yes or no.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Tolerance {
    pub perimeter_m: f64,
}

impl Default for Tolerance {
    fn default() -> Self {
        // The national QPV outlines are rounded to 4 decimals (~11 m); geocoded addresses
        // add a few metres more.
        Self { perimeter_m: 15.0 }
    }
}

/// How old a status may be before it is said as « état connu en 2019, à vérifier ».
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Freshness {
    /// A status known longer ago than this, in years, is stale (see
    /// [`crate::model::StatusDate::is_stale`]).
    pub stale_after_years: u16,
}

impl Default for Freshness {
    fn default() -> Self {
        Self {
            stale_after_years: 2,
        }
    }
}

/// File names of each layer, relative to the territory directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LayerFiles {
    pub boundary: Vec<String>,
    pub communes: Vec<String>,
    pub perimeters: Vec<String>,
    pub operations: Vec<String>,
    pub equipment: Vec<String>,
    pub centralities: Vec<String>,
    pub corridors: Vec<String>,
    pub ilots: Vec<String>,
    pub actions: Vec<String>,
}

impl Default for LayerFiles {
    fn default() -> Self {
        let one = |name: &str| vec![name.to_string()];
        Self {
            boundary: one("boundary.geojson"),
            communes: one("communes.geojson"),
            perimeters: one("perimeters.geojson"),
            operations: one("operations.geojson"),
            equipment: one("equipment.geojson"),
            centralities: one("centralities.geojson"),
            corridors: one("corridors.geojson"),
            ilots: one("ilots.geojson"),
            actions: one("actions.json"),
        }
    }
}

impl Manifest {
    /// Parses the text of a `territory.toml`; unknown keys are errors, named with their path.
    pub fn parse(text: &str) -> Result<Manifest, toml::de::Error> {
        toml::from_str(text)
    }

    /// The INSEE code of a member commune named as a document prints it ("Ville-la-Grand",
    /// "ville la grand"), compared without case, accents or punctuation.
    pub fn commune_insee(&self, name: &str) -> Option<&str> {
        let wanted = crate::text::fold_name(name);
        self.communes
            .iter()
            .find(|c| crate::text::fold_name(&c.name) == wanted)
            .map(|c| c.insee.as_str())
    }

    /// The INSEE codes of the member communes.
    pub fn member_codes(&self) -> HashSet<&str> {
        self.communes.iter().map(|c| c.insee.as_str()).collect()
    }
}
