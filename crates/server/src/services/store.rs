//! The store served (a GeoPackage or a PostGIS database, chosen by its address): opening it
//! with its current versions loaded, and reading the versions published since (here, by the
//! CLI or by another replica). [`crate::reload`] publishes what is read into the state.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use geodata::catalog::Catalog;
use geodata::report::Report;
use store::materialize::{load_catalog_keeping, Loaded};
use store::{Store, StoreError};

use crate::changes::Changes;
use crate::snapshot::Snapshot;

/// Why the store's current versions could not be loaded for serving.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The thread opening the store panicked.
    #[error("ouverture du magasin interrompue (panique)")]
    OpenPanicked,
    /// The blocking task reading the store was cancelled or panicked.
    #[error("lecture du magasin interrompue : {0}")]
    Interrupted(#[from] tokio::task::JoinError),
}

/// The store being served, and the store version the served snapshot was loaded from.
pub struct StoreHandle {
    pub store: Arc<dyn Store>,
    loaded: AtomicU64,
    /// What the served catalog's load left, for the next reload to keep what did not change.
    kept: Arc<std::sync::Mutex<Loaded>>,
    reload: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for StoreHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreHandle")
            .field("loaded", &self.loaded)
            .finish_non_exhaustive()
    }
}

/// A version of the store newer than the one served, read whole.
pub struct Newer {
    pub version: u64,
    pub catalog: Catalog,
    pub changes: Arc<Changes>,
}

impl StoreHandle {
    /// Wraps `store`, whose version `loaded` is the one being served (its load left `kept`).
    pub fn new(store: Arc<dyn Store>, loaded: u64, kept: Loaded) -> Self {
        Self {
            store,
            loaded: AtomicU64::new(loaded),
            kept: Arc::new(std::sync::Mutex::new(kept)),
            reload: tokio::sync::Mutex::new(()),
        }
    }

    /// Held while a reload reads and publishes, so that reloads run one at a time.
    pub async fn one_reload_at_a_time(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.reload.lock().await
    }

    /// The store's current versions of the territories `only` when they are not the ones
    /// `served`, with their history (computed from the served one's), the territories that
    /// did not change taken from the served catalog; read off the async workers. Called one
    /// at a time ([`StoreHandle::one_reload_at_a_time`]).
    pub async fn newer(
        &self,
        only: Vec<String>,
        served: Arc<Snapshot>,
    ) -> Result<Option<Newer>, ReloadError> {
        let store = self.store.clone();
        let kept = self.kept.clone();
        let served_version = self.loaded.load(Ordering::SeqCst);
        let found = tokio::task::spawn_blocking(move || -> Result<_, StoreError> {
            // Cheap check first: most ticks find nothing new.
            let version = store.data_version()?;
            if version == served_version {
                return Ok(None);
            }
            let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
            let (catalog, _, loaded) =
                load_catalog_keeping(store.as_ref(), &only, Some((&served.catalog, &kept)))?;
            // The catalog is published next (a reload cannot fail past this point).
            *kept = loaded;
            let changes = Changes::load(store.as_ref(), &served.changes, &only);
            Ok(Some(Newer {
                version,
                catalog,
                changes,
            }))
        })
        .await??;
        Ok(found)
    }

    /// Records that `version` is the one served now.
    pub fn served(&self, version: u64) {
        self.loaded.store(version, Ordering::SeqCst);
    }
}

/// A store opened for serving, with its current versions loaded.
pub struct Opened {
    pub store: Arc<dyn Store>,
    /// Whether the store was just filled from the data directory.
    pub created: bool,
    /// The store version loaded.
    pub version: u64,
    pub catalog: Catalog,
    pub report: Report,
    /// The history of the versions loaded.
    pub changes: Arc<Changes>,
    /// What the load left for the next reload.
    pub kept: Loaded,
}

/// Opens the store at `location` (filled from `data` when new) and loads its current
/// versions. Runs on a thread of its own: PostgreSQL's synchronous client must not block the
/// runtime's threads, and this is called while the runtime starts.
pub fn open(location: &Path, data: &Path, only: &[String]) -> Result<Opened, ReloadError> {
    let location = location.to_string_lossy();
    let opened = std::thread::scope(|s| {
        s.spawn(|| -> store::Result<Opened> {
            let (store, created) = store_postgis::open_or_create(&location, data)?;
            let version = store.data_version()?;
            // Independent reads of the store: side by side (with 344 territories the history
            // of the initial versions was a seventh of a restart).
            let (loaded, changes) = rayon::join(
                || load_catalog_keeping(store.as_ref(), only, None),
                || Changes::load(store.as_ref(), &Arc::default(), only),
            );
            let (catalog, report, kept) = loaded?;
            Ok(Opened {
                store: Arc::from(store),
                created,
                version,
                catalog,
                report,
                changes,
                kept,
            })
        })
        .join()
    });
    match opened {
        Ok(opened) => Ok(opened?),
        Err(_) => Err(ReloadError::OpenPanicked),
    }
}
