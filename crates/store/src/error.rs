//! Why a store operation failed.

use std::path::PathBuf;

/// Errors of the store and of the import workflow. Messages are in French: they reach the SIG
/// team as they are.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("magasin {}: {message}", path.display())]
    Gdal { path: PathBuf, message: String },
    #[error("magasin {}: {message}", path.display())]
    Corrupt { path: PathBuf, message: String },
    #[error("couche « {0} » inconnue ; couches : {known}", known = crate::layer_id::LayerId::names().join(", "))]
    UnknownLayer(String),
    #[error("territoire « {0} » absent du magasin ; territoires : {1}")]
    UnknownTerritory(String, String),
    #[error("territoire « {0} » déjà présent dans le magasin : choisissez un autre --slug ou remplacez-le avec --force")]
    TerritoryExists(String),
    #[error("la couche « {1} » n'existe que pour le territoire « france », pas pour « {0} »")]
    LayerNotInTerritory(String, String),
    #[error("version {0} inconnue (voir quartiers versions)")]
    UnknownVersion(u64),
    #[error("import {0} inconnu ou déjà publié")]
    UnknownImport(u64),
    #[error("import {import} refusé à la publication : la couche {territory}/{layer} a changé depuis l'import (version {found} publiée, l'import portait sur {expected}) ; relancez l'import")]
    Stale {
        import: u64,
        territory: String,
        layer: String,
        expected: String,
        found: String,
    },
    #[error("la version {version} est déjà la version courante de {territory}/{layer}")]
    AlreadyCurrent {
        version: u64,
        territory: String,
        layer: String,
    },
    #[error("{}: {message}", path.display())]
    Source { path: PathBuf, message: String },
    #[error("{0}")]
    Mapping(String),
    #[error(transparent)]
    Catalog(#[from] geodata::catalog::CatalogError),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("données JSON illisibles : {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}
