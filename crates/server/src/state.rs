//! The published data and the services the handlers share.
//!
//! The data are an immutable [`Snapshot`] behind an [`ArcSwap`]: a request loads the current
//! snapshot once and works on it to the end, while [`AppState::publish`] swaps in a new one
//! atomically (SIG publication, rollback, replicas), so no request ever sees half of each.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use arc_swap::ArcSwap;
use geodata::catalog::Catalog;

use crate::changes::Changes;
use crate::config::Config;
use crate::heavy::Heavy;
use crate::ogc::filter::FilterCache;
use crate::services::geocode::GeocodeService;
use crate::services::store::StoreHandle;
pub use crate::snapshot::Snapshot;
use crate::tile_cache::TileCache;

/// What every handler gets.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    snapshot: ArcSwap<Snapshot>,
    config: Config,
    tile_cache: TileCache,
    ready: AtomicBool,
    /// The store served, when serving one (the SIG admin API and reloads need it).
    store: Option<Arc<StoreHandle>>,
    /// Address search, when enabled.
    geocoder: Option<Arc<GeocodeService>>,
    /// The fonts of `config.fonts`, scanned on first use.
    fonts: std::sync::OnceLock<Arc<glyphs::FontCatalog>>,
    /// The pool of the costly requests.
    heavy: Heavy,
    /// The CQL2 filters compiled by earlier requests.
    filters: FilterCache,
}

impl AppState {
    pub fn new(catalog: Catalog, config: Config) -> AppState {
        Self::from_snapshot(Snapshot::new(catalog), config)
    }

    fn from_snapshot(snapshot: Snapshot, config: Config) -> AppState {
        let tile_cache = TileCache::new(config.limits.tile_cache_mb.saturating_mul(1024 * 1024));
        let heavy = Heavy::new(
            config.budgets.heavy_workers,
            std::time::Duration::from_millis(config.budgets.heavy_queue_wait_ms),
        );
        AppState {
            inner: Arc::new(Inner {
                snapshot: ArcSwap::from_pointee(snapshot),
                config,
                tile_cache,
                ready: AtomicBool::new(true),
                store: None,
                geocoder: None,
                fonts: Default::default(),
                heavy,
                filters: FilterCache::new(crate::ogc::filter::cache::BYTES),
            }),
        }
    }

    /// A state serving `catalog`, loaded from `store`.
    pub fn with_store(catalog: Catalog, config: Config, store: Arc<StoreHandle>) -> AppState {
        Self::with_store_history(catalog, Arc::default(), config, store)
    }

    /// A state serving `catalog` and its history, loaded from `store`.
    pub fn with_store_history(
        catalog: Catalog,
        changes: Arc<Changes>,
        config: Config,
        store: Arc<StoreHandle>,
    ) -> AppState {
        let mut state = Self::from_snapshot(Snapshot::with_changes(catalog, changes), config);
        if let Some(inner) = Arc::get_mut(&mut state.inner) {
            inner.store = Some(store);
        }
        state
    }

    /// The state with address search (before it is shared).
    pub fn with_geocoder(mut self, geocoder: Arc<GeocodeService>) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.geocoder = Some(geocoder);
        }
        self
    }

    /// Address search, if enabled.
    pub fn geocoder(&self) -> Option<&Arc<GeocodeService>> {
        self.inner.geocoder.as_ref()
    }

    /// The store served, if any.
    pub fn store(&self) -> Option<&Arc<StoreHandle>> {
        self.inner.store.as_ref()
    }

    /// The data as published now, their statuses judged on today's date: the first request
    /// of a new day swaps in the same data redated ([`Snapshot::redated`]), unless a
    /// publication swapped in a new snapshot meanwhile.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        let current = self.inner.snapshot.load_full();
        let today = geodata::clock::today();
        if current.answer_parts.today() == today {
            return current;
        }
        let redated = Arc::new(current.redated(today));
        self.inner.snapshot.compare_and_swap(&current, redated);
        self.inner.snapshot.load_full()
    }

    /// Publishes a new catalog atomically and returns its data version. Tiles of the previous
    /// version are dropped from the cache.
    pub fn publish(&self, catalog: Catalog) -> String {
        self.publish_with_history(catalog, Arc::default())
    }

    /// [`AppState::publish`] with the store's history of the new catalog.
    pub fn publish_with_history(&self, catalog: Catalog, changes: Arc<Changes>) -> String {
        let snapshot = self.inner.snapshot.load().next(catalog, changes);
        let version = snapshot.version.clone();
        self.inner.snapshot.store(Arc::new(snapshot));
        self.inner.tile_cache.clear();
        tracing::info!(%version, "données publiées");
        version
    }

    /// The label fonts; an unreadable directory is logged once and leaves the map without
    /// labels rather than without a map.
    pub fn fonts(&self) -> &Arc<glyphs::FontCatalog> {
        self.inner.fonts.get_or_init(|| {
            let dir = &self.inner.config.fonts;
            match glyphs::FontCatalog::scan(dir) {
                Ok(c) if c.is_empty() => {
                    tracing::warn!(dir = %dir.display(), "aucune police : la carte n'aura pas de libellés");
                    Arc::new(c)
                }
                Ok(c) => Arc::new(c),
                Err(e) => {
                    tracing::warn!(error = %e, "polices illisibles : la carte n'aura pas de libellés");
                    Arc::default()
                }
            }
        })
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The pool the costly requests share.
    pub fn heavy(&self) -> &Heavy {
        &self.inner.heavy
    }

    /// The CQL2 filters compiled by earlier requests (keyed by data version).
    pub fn filters(&self) -> &FilterCache {
        &self.inner.filters
    }

    pub fn tile_cache(&self) -> &TileCache {
        &self.inner.tile_cache
    }

    /// Whether the server accepts traffic (false once shutdown has begun).
    pub fn is_ready(&self) -> bool {
        self.inner.ready.load(Ordering::Relaxed)
    }

    pub fn set_ready(&self, ready: bool) {
        self.inner.ready.store(ready, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snapshot judged on an earlier day is redated by the next request: the same data
    /// (shared, not copied), statuses judged on today's date.
    #[test]
    fn a_new_day_redates_the_statuses_without_copying_the_data() {
        let state = AppState::new(Catalog::default(), Config::default());
        let published = state.snapshot();
        assert_eq!(published.answer_parts.today(), geodata::clock::today());
        let yesterday = "2020-06-01".parse().expect("a day");
        state
            .inner
            .snapshot
            .store(Arc::new(published.redated(yesterday)));
        assert_eq!(state.inner.snapshot.load().answer_parts.today(), yesterday);
        let served = state.snapshot();
        assert_eq!(served.answer_parts.today(), geodata::clock::today());
        assert!(Arc::ptr_eq(&served.catalog, &published.catalog));
        assert!(Arc::ptr_eq(&served.tiles, &published.tiles));
        assert_eq!(served.version, published.version);
        // Swapped in: the next request does not redate again.
        assert!(Arc::ptr_eq(&served, &state.snapshot()));
    }
}
