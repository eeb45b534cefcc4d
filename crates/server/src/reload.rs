//! Serving a store shared with other processes: opening it (a GeoPackage or a PostGIS
//! database, chosen by its address) and, for PostGIS, listening for the versions other
//! replicas publish (`LISTEN quartiers_versions`) to reload at once. The periodic
//! `data_version` check of `routes::admin` stays as the fallback; while the database is
//! unreachable the replica keeps serving its last version and `/ready` says so.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use geodata::catalog::Catalog;
use geodata::report::Report;
use store::{Result, Store, StoreError};
use store_postgis::{Notifications, StoreLocation};

use crate::state::AppState;

/// The first wait before reconnecting the listener; doubled up to [`LAST_RETRY`].
const FIRST_RETRY: Duration = Duration::from_millis(250);
const LAST_RETRY: Duration = Duration::from_secs(8);

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

/// A store opened for serving, with its current versions loaded.
pub(crate) struct Opened {
    pub store: Arc<dyn Store>,
    /// Whether the store was just filled from the data directory.
    pub created: bool,
    /// The store version loaded.
    pub version: u64,
    pub catalog: Catalog,
    pub report: Report,
    /// The history of the versions loaded.
    pub changes: std::sync::Arc<crate::changes::Changes>,
}

/// Opens the store at `location` (filled from `data` when new) and loads its current
/// versions. Runs on a thread of its own: PostgreSQL's synchronous client must not block the
/// runtime's threads, and this is called while the runtime starts.
pub(crate) fn open(location: &Path, data: &Path, only: &[String]) -> Result<Opened, ReloadError> {
    let location = location.to_string_lossy();
    let opened = std::thread::scope(|s| {
        s.spawn(|| -> Result<Opened> {
            let (store, created) = store_postgis::open_or_create(&location, data)?;
            let version = store.data_version()?;
            let (catalog, report) = store.load_catalog(only)?;
            let changes = crate::changes::Changes::load(store.as_ref(), &Arc::default(), only);
            Ok(Opened {
                store: Arc::from(store),
                created,
                version,
                catalog,
                report,
                changes,
            })
        })
        .join()
    });
    match opened {
        Ok(opened) => Ok(opened?),
        Err(_) => Err(ReloadError::OpenPanicked),
    }
}

/// With a PostGIS store, reloads as soon as any replica publishes; nothing for a GeoPackage,
/// whose writers are processes of this machine (the periodic check suffices).
pub(crate) fn listen(state: &AppState, location: &Path) {
    if let StoreLocation::PostGis(url) = StoreLocation::parse(&location.to_string_lossy()) {
        tokio::spawn(listen_forever(state.clone(), url));
    }
}

async fn listen_forever(state: AppState, url: String) {
    let shown = StoreLocation::PostGis(url.clone()).display();
    let mut wait = FIRST_RETRY;
    loop {
        match Notifications::connect(&url).await {
            Ok(mut notifications) => {
                wait = FIRST_RETRY;
                tracing::info!(magasin = %shown, "à l'écoute des versions publiées");
                // What was published while the listener was away.
                reload(&state).await;
                while let Some(version) = notifications.next().await {
                    tracing::info!(version_magasin = version, "version annoncée par la base");
                    reload(&state).await;
                }
                tracing::warn!(magasin = %shown, "écoute des versions interrompue : reconnexion");
            }
            Err(e) => {
                tracing::warn!(magasin = %shown, erreur = %e, attente_ms = wait.as_millis() as u64, "écoute des versions impossible");
            }
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(LAST_RETRY);
    }
}

async fn reload(state: &AppState) {
    if let Err(e) = crate::routes::admin::reload(state).await {
        tracing::warn!(erreur = %e, "magasin illisible : la version servie reste en place");
    }
}
