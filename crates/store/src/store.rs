//! The [`Store`] trait: what the CLI and the server need from any backend (the GeoPackage
//! today, PostGIS for several replicas later), and the data that crosses it.

use geo::Geometry;
use geodata::report::Report;
use serde_json::{Map, Value};

use crate::credential::Credential;
use crate::error::Result;
use crate::layer_id::LayerId;
use crate::version::Version;

/// A feature as the store keeps it: the serde form of the model's properties (French names)
/// and its WGS84 geometry, `None` for features placed on a perimeter, a commune or the
/// territory (geodata fills it in when loading) and for actions.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFeature {
    pub props: Map<String, Value>,
    pub geometry: Option<Geometry<f64>>,
}

impl StoredFeature {
    /// The property `key` as text, if it is a string.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.props.get(key).and_then(Value::as_str)
    }
}

/// The features of one version of one layer, in their order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayerData {
    pub features: Vec<StoredFeature>,
}

/// A validated import waiting to be published.
#[derive(Debug, Clone, PartialEq)]
pub struct StagedImport {
    /// Set by the store when staged.
    pub id: u64,
    pub territory: String,
    pub layer: LayerId,
    pub author: String,
    pub date: String,
    pub source_name: String,
    pub sha256: String,
    /// The version the import was validated and compared against; publishing refuses if the
    /// layer has changed since.
    pub base_version: Option<u64>,
    pub data: LayerData,
    pub report: Report,
}

/// A territory to create in a store ([`Store::create_territory`]): its manifest and a first
/// version of each of its layers.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTerritory {
    pub slug: String,
    pub name: String,
    /// The `territory.toml` text.
    pub manifest: String,
    pub layers: Vec<(LayerId, LayerData)>,
    pub author: String,
    /// What the versions name as their source (the contour files).
    pub source_name: String,
    pub sha256: String,
    pub comment: String,
    /// Replace a territory of the same slug: its manifest, and a new version of each layer
    /// (the former versions stay in the history).
    pub replace: bool,
}

/// A store of versioned layers.
///
/// Implementations make [`Store::stage`], [`Store::publish`] and [`Store::rollback`] atomic:
/// either the whole new version is there, or nothing changed, even if the process is killed.
pub trait Store: Send + Sync {
    /// Slugs of the territories, sorted (without the national slug).
    fn territories(&self) -> Result<Vec<String>>;
    /// The `territory.toml` text of a territory.
    fn manifest(&self, territory: &str) -> Result<String>;
    /// Every territory's slug and `territory.toml` text, read at once (a server loading 344
    /// territories reads them in one query where the backend can).
    fn manifests(&self) -> Result<Vec<(String, String)>> {
        self.territories()?
            .into_iter()
            .map(|slug| {
                let manifest = self.manifest(&slug)?;
                Ok((slug, manifest))
            })
            .collect()
    }
    /// Every version, oldest first.
    fn versions(&self) -> Result<Vec<Version>>;
    /// The current version of a layer and its features; `None` if never published.
    fn current(&self, territory: &str, layer: LayerId) -> Result<Option<(Version, LayerData)>>;
    /// The features of any version (its data set, shared by a rollback with the version it
    /// restores): what the history of a feature is read from.
    fn data_of(&self, version: &Version) -> Result<LayerData>;
    /// The number of the latest version of any layer: changes whenever what is served changes.
    fn data_version(&self) -> Result<u64>;
    /// Keeps a validated import until it is published; returns its id.
    fn stage(&self, import: StagedImport) -> Result<u64>;
    /// A staged import.
    fn staged(&self, id: u64) -> Result<StagedImport>;
    /// Publishes a staged import as a new version made `by` a credential, in one transaction;
    /// refused, changing nothing, when the import's territory is outside its scope.
    fn publish(&self, import: u64, comment: &str, by: Credential<'_>) -> Result<Version>;
    /// Makes version `number` current again, as a new version made `by` a credential, in one
    /// transaction; refused, changing nothing, when its territory is outside its scope.
    fn rollback(
        &self,
        number: u64,
        author: &str,
        comment: &str,
        by: Credential<'_>,
    ) -> Result<Version>;

    /// Creates a territory, its manifest and a version of each layer, in one transaction, so
    /// that a serving process (every replica) serves it at its next reload. Refused if the
    /// slug exists and `replace` is not set.
    fn create_territory(&self, territory: &NewTerritory) -> Result<Vec<Version>> {
        Err(crate::StoreError::CannotCreateTerritory(
            territory.slug.clone(),
        ))
    }
}
