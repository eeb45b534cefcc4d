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
    /// The field mapping of an import (`--map`, `--set`, a mapping file) is unreadable or
    /// names fields the layer lacks.
    #[error("{0}")]
    Mapping(String),
    #[error("le manifeste de « {territory} » ne nomme aucun fichier pour la couche « {layer} »")]
    NoLayerFile { territory: String, layer: String },
    /// A territory's files, once the import applied, do not load.
    #[error(transparent)]
    Territory(#[from] geodata::territory::LoadError),
    /// OSR could not build a coordinate reference system.
    #[error("{0}")]
    Projection(String),
    #[error("{} existe déjà : choisissez un autre --slug ou remplacez-le avec --force", .0.display())]
    DirectoryExists(PathBuf),
    #[error("ce magasin ne sait pas créer de territoire ({0})")]
    CannotCreateTerritory(String),
    #[error("version {version} de {territory}/{layer} remplacée depuis : seul un magasin dont chaque version est courante peut être copié")]
    Superseded {
        version: u64,
        territory: String,
        layer: String,
    },
    /// PostgreSQL refused a statement or could not be reached; `location` is the database's
    /// address without its password.
    #[error("{location}: {message}")]
    Database { location: String, message: String },
    #[error(transparent)]
    Catalog(#[from] geodata::catalog::CatalogError),
    /// A scoped admin credential asked to change a territory it does not hold.
    #[error("l'identifiant « {credential} » n'a pas accès au territoire « {territory} » (ses territoires : {allowed}) : rien n'a changé")]
    Forbidden {
        credential: String,
        territory: String,
        allowed: String,
    },
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
