//! Serving a store shared with other processes and keeping the served snapshot current: the
//! state built from the store's current versions, a periodic `data_version` check, and for
//! PostGIS a listener for the versions other replicas publish (`LISTEN quartiers_versions`)
//! to reload at once. While the database is unreachable the replica keeps serving its last
//! version and `/ready` says so.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use geodata::catalog::Catalog;
use store_postgis::{Notifications, StoreLocation};

use crate::config::Config;
use crate::error::ServerError;
use crate::services::geocode::GeocodeService;
use crate::services::store::{self, ReloadError, StoreHandle};
use crate::state::AppState;

/// The first wait before reconnecting the listener; doubled up to [`LAST_RETRY`].
const FIRST_RETRY: Duration = Duration::from_millis(250);
const LAST_RETRY: Duration = Duration::from_secs(8);

/// The state to serve: the store's current versions when `config.store` is set (the store is
/// created from `config.data` on first start, and watched for new versions), else `catalog`;
/// with `geocoder`, attached before the watchers share the state (it cannot be added after).
pub fn state_for(
    catalog: Catalog,
    config: Config,
    geocoder: Arc<GeocodeService>,
) -> Result<AppState, ServerError> {
    let Some(path) = config.store.clone() else {
        return Ok(AppState::new(catalog, config).with_geocoder(geocoder));
    };
    // A PostGIS URL is shown without its password.
    let shown = StoreLocation::parse(&path.to_string_lossy()).display();
    let store_error = |e: ReloadError| ServerError::Config {
        path: PathBuf::from(&shown),
        message: e.to_string(),
    };
    let store::Opened {
        store,
        created,
        version,
        catalog,
        report,
        changes,
        kept,
    } = store::open(&path, &config.data, &config.territories).map_err(store_error)?;
    if created {
        tracing::info!(magasin = %shown, donnees = %config.data.display(), "magasin créé");
    }
    for issue in &report.issues {
        tracing::warn!("{issue}");
    }
    let check = Duration::from_secs(config.admin.reload_check_s.max(1));
    let handle = Arc::new(StoreHandle::new(store, version, kept));
    let state =
        AppState::with_store_history(catalog, changes, config, handle).with_geocoder(geocoder);
    tokio::spawn(watch(state.clone(), check));
    listen(&state, &path);
    tracing::info!(magasin = %shown, version_magasin = version, "données servies depuis le magasin");
    Ok(state)
}

/// Publishes the store's current versions if they are not the ones served. The served
/// snapshot stays until the new one is complete, so no request fails meanwhile.
pub async fn reload(state: &AppState) -> Result<Option<u64>, ReloadError> {
    let Some(handle) = state.store() else {
        return Ok(None);
    };
    let _one_at_a_time = handle.one_reload_at_a_time().await;
    let only = state.config().territories.clone();
    let Some(newer) = handle.newer(only, state.snapshot()).await? else {
        return Ok(None);
    };
    let data = state.publish_with_history(newer.catalog, newer.changes);
    handle.served(newer.version);
    tracing::info!(version_magasin = newer.version, version_donnees = %data, "nouvelle version du magasin servie");
    Ok(Some(newer.version))
}

/// A reload whose failure leaves the served version in place (the watchers').
async fn reload_or_keep(state: &AppState) {
    if let Err(e) = reload(state).await {
        tracing::warn!(erreur = %e, "magasin illisible : la version servie reste en place");
    }
}

/// Reloads when another process (the CLI, another replica) publishes.
async fn watch(state: AppState, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        reload_or_keep(&state).await;
    }
}

/// With a PostGIS store, reloads as soon as any replica publishes; nothing for a GeoPackage,
/// whose writers are processes of this machine (the periodic check suffices).
fn listen(state: &AppState, location: &Path) {
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
                reload_or_keep(&state).await;
                while let Some(version) = notifications.next().await {
                    tracing::info!(version_magasin = version, "version annoncée par la base");
                    reload_or_keep(&state).await;
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
