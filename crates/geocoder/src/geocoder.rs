//! The geocoder a server or a command uses: the imported addresses, if any, and the
//! dataset's own places, searched together.

use std::path::Path;
use std::sync::Arc;

use geodata::catalog::Catalog;

use crate::error::GeocodeError;
use crate::index::Index;
use crate::response::{Feature, FeatureCollection};
use crate::search::{search, SearchOptions};

#[derive(Debug)]
pub struct Geocoder {
    addresses: Option<Arc<Index>>,
    places: Index,
}

impl Geocoder {
    /// The address index is shared: a server rebuilds the places when the data are
    /// republished and keeps the addresses.
    pub fn new(addresses: Option<Arc<Index>>, places: Index) -> Self {
        Self { addresses, places }
    }

    /// The addresses imported in `dir` (none if nothing was imported) and the places of
    /// `catalog`.
    pub fn open(dir: &Path, catalog: &Catalog) -> Result<Self, GeocodeError> {
        Ok(Self::new(
            Index::load(dir)?.map(Arc::new),
            crate::places::index(catalog),
        ))
    }

    pub fn addresses(&self) -> Option<&Arc<Index>> {
        self.addresses.as_ref()
    }

    pub fn places(&self) -> &Index {
        &self.places
    }

    /// The best results for `query`, addresses and places together, best first.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Vec<Feature> {
        let mut found: Vec<(f64, Feature)> = Vec::new();
        for index in self
            .addresses
            .iter()
            .map(|a| a.as_ref())
            .chain(std::iter::once(&self.places))
        {
            for hit in search(index, query, opts) {
                found.push((hit.score, Feature::from_hit(index, &hit)));
            }
        }
        found.sort_by(|a, b| b.0.total_cmp(&a.0));
        // A commune is both in the addresses (BAN) and a place of the dataset: keep the
        // dataset's, which names its feature, once.
        let communes: Vec<String> = found
            .iter()
            .filter(|(_, f)| {
                f.properties.collection.as_deref()
                    == Some(geodata::contract::LayerId::Communes.as_str())
            })
            .map(|(_, f)| f.properties.citycode.clone())
            .collect();
        found.retain(|(_, f)| {
            f.properties.collection.is_some()
                || f.properties.kind != crate::search::ResultType::Municipality
                || !communes.contains(&f.properties.citycode)
        });
        found.truncate(opts.limit);
        found.into_iter().map(|(_, f)| f).collect()
    }

    /// [`Geocoder::search`] as an API Adresse response.
    pub fn search_collection(&self, query: &str, opts: &SearchOptions) -> FeatureCollection {
        FeatureCollection::new(
            self.search(query, opts),
            Some(query.to_string()),
            opts.limit,
        )
    }

    /// The nearest addresses to a point, with `distance` in metres; empty when no
    /// addresses are imported.
    pub fn reverse(&self, lon: f64, lat: f64, limit: usize) -> FeatureCollection {
        let features = self
            .addresses
            .iter()
            .flat_map(|index| {
                crate::reverse::reverse(index, lon, lat, limit)
                    .into_iter()
                    .map(move |(hit, metres)| {
                        let mut f = Feature::from_hit(index, &hit);
                        f.properties.distance = Some(metres.round());
                        f
                    })
            })
            .collect();
        FeatureCollection::new(features, None, limit)
    }
}
