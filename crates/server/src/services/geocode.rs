//! The geocoder the address routes use: the BAN address index, and the places of the data
//! version published now, rebuilt when a new version is published; or the base URL of the API
//! Adresse-compatible service searches are forwarded to.
//!
//! The address index is watched: when `quartiers addresses download` (or `import-addresses`)
//! renames a new index over the old one, the next check loads it off the request threads and
//! swaps it in; until it is loaded whole, and if it cannot be, the previous one keeps serving.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwapOption;
use geocoder::index::INDEX_FILE;
use geocoder::{Geocoder, Index};
use geodata::catalog::Catalog;

use crate::config::GeocoderConfig;

/// What tells one index file from the next: its modification time and size.
type Stamp = Option<(SystemTime, u64)>;

pub struct GeocodeService {
    dir: PathBuf,
    addresses: ArcSwapOption<Index>,
    /// The index file as last read (loaded or refused), so each new file is read once.
    stamp: Mutex<Stamp>,
    current: Mutex<Option<(String, Arc<Geocoder>)>>,
    upstream: Option<String>,
}

impl std::fmt::Debug for GeocodeService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeocodeService")
            .field("addresses", &self.addresses().map(|a| a.address_count()))
            .field("upstream", &self.upstream)
            .finish()
    }
}

impl GeocodeService {
    /// Loads the address index of `config`. None imported is fine (places only), and so is
    /// one that cannot be read (an older format after an upgrade): the server starts without
    /// addresses, says why, and serves the next index written.
    pub fn open(config: &GeocoderConfig) -> GeocodeService {
        let dir = config.addresses.clone();
        let stamp = stamp_of(&dir);
        let addresses = match Index::load(&dir) {
            Ok(index) => index.map(Arc::new),
            Err(e) => {
                tracing::warn!(erreur = %e, "index d'adresses illisible : la recherche ne trouve que les lieux des données");
                None
            }
        };
        match &addresses {
            Some(a) => tracing::info!(adresses = a.address_count(), "index d'adresses chargé"),
            None => tracing::warn!(
                dossier = %dir.display(),
                "aucune adresse importée : la recherche ne trouve que les lieux des données (quartiers addresses download)"
            ),
        }
        GeocodeService {
            dir,
            addresses: ArcSwapOption::new(addresses),
            stamp: Mutex::new(stamp),
            current: Mutex::new(None),
            upstream: config
                .upstream
                .as_ref()
                .map(|u| u.trim_end_matches('/').to_string()),
        }
    }

    /// The loaded BAN index, if any (the admin diff lists the addresses a redrawn perimeter
    /// gains or loses).
    pub fn addresses(&self) -> Option<Arc<Index>> {
        self.addresses.load_full()
    }

    /// Loads the index file if it changed since it was last read. Blocking (reads the whole
    /// file): call it off the async workers. A file that cannot be read leaves the served
    /// index in place.
    pub fn reload_addresses(&self) -> bool {
        let now = stamp_of(&self.dir);
        {
            let mut seen = self.stamp.lock().unwrap_or_else(|e| e.into_inner());
            if *seen == now || now.is_none() {
                return false;
            }
            *seen = now;
        }
        match Index::load(&self.dir) {
            Ok(Some(index)) => {
                tracing::info!(
                    adresses = index.address_count(),
                    "nouvel index d'adresses chargé"
                );
                self.addresses.store(Some(Arc::new(index)));
                *self.current.lock().unwrap_or_else(|e| e.into_inner()) = None;
                true
            }
            Ok(None) => false,
            Err(e) => {
                tracing::warn!(erreur = %e, "nouvel index d'adresses illisible : l'index servi reste en place");
                false
            }
        }
    }

    /// The upstream URL of `endpoint` (`search`, `reverse`) with the query string `query`,
    /// when searches are forwarded.
    pub fn upstream_url(&self, endpoint: &str, query: Option<&str>) -> Option<String> {
        let base = self.upstream.as_ref()?;
        Some(match query {
            Some(q) if !q.is_empty() => format!("{base}/{endpoint}/?{q}"),
            _ => format!("{base}/{endpoint}/"),
        })
    }

    /// The geocoder for the data version `version` of `catalog`.
    pub fn geocoder(&self, version: &str, catalog: &Catalog) -> Arc<Geocoder> {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        match current.as_ref() {
            Some((loaded, g)) if loaded == version => g.clone(),
            _ => {
                let g = Arc::new(Geocoder::new(
                    self.addresses(),
                    geocoder::places::index(catalog),
                ));
                *current = Some((version.to_string(), g.clone()));
                g
            }
        }
    }
}

fn stamp_of(dir: &std::path::Path) -> Stamp {
    let meta = std::fs::metadata(dir.join(INDEX_FILE)).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Checks the address index every `every` and swaps in a new one (see the module's doc).
pub async fn watch(service: Arc<GeocodeService>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let s = service.clone();
        let _ = tokio::task::spawn_blocking(move || s.reload_addresses()).await;
    }
}
