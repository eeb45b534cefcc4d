//! The geocoder the address routes use: the BAN address index, loaded once, and the places of
//! the data version published now, rebuilt when a new version is published; or the base URL
//! of the API Adresse-compatible service searches are forwarded to.

use std::sync::{Arc, Mutex};

use geocoder::{Geocoder, Index};
use geodata::catalog::Catalog;

use crate::config::GeocoderConfig;

pub struct GeocodeService {
    addresses: Option<Arc<Index>>,
    current: Mutex<Option<(String, Arc<Geocoder>)>>,
    upstream: Option<String>,
}

impl std::fmt::Debug for GeocodeService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeocodeService")
            .field(
                "addresses",
                &self.addresses.as_ref().map(|a| a.address_count()),
            )
            .field("upstream", &self.upstream)
            .finish()
    }
}

impl GeocodeService {
    /// Loads the address index of `config` (none imported is fine: places only).
    pub fn open(config: &GeocoderConfig) -> Result<GeocodeService, geocoder::GeocodeError> {
        let addresses = Index::load(&config.addresses)?.map(Arc::new);
        match &addresses {
            Some(a) => tracing::info!(adresses = a.address_count(), "index d'adresses chargé"),
            None => tracing::warn!(
                dossier = %config.addresses.display(),
                "aucune adresse importée : la recherche ne trouve que les lieux des données"
            ),
        }
        Ok(GeocodeService {
            addresses,
            current: Mutex::new(None),
            upstream: config
                .upstream
                .as_ref()
                .map(|u| u.trim_end_matches('/').to_string()),
        })
    }

    /// The loaded BAN index, if any (the admin diff lists the addresses a redrawn perimeter
    /// gains or loses).
    pub fn addresses(&self) -> Option<&Arc<Index>> {
        self.addresses.as_ref()
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
                    self.addresses.clone(),
                    geocoder::places::index(catalog),
                ));
                *current = Some((version.to_string(), g.clone()));
                g
            }
        }
    }
}
