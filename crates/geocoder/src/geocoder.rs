//! The geocoder a server or a command uses: the imported addresses, if any, and the
//! dataset's own places, searched together.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use geodata::catalog::Catalog;

use crate::asked::{holds_every_word, looks_like_address, named_departement};
use crate::error::GeocodeError;
use crate::index::Index;
use crate::response::{Feature, FeatureCollection, NoAddress};
use crate::search::{search, ResultType, SearchOptions};

#[derive(Debug)]
pub struct Geocoder {
    addresses: Option<Arc<Index>>,
    places: Index,
    /// The départements the addresses cover, to say why an address was not found.
    departements: BTreeSet<String>,
}

impl Geocoder {
    /// The address index is shared: a server rebuilds the places when the data are
    /// republished and keeps the addresses.
    pub fn new(addresses: Option<Arc<Index>>, places: Index) -> Self {
        let departements = addresses
            .as_ref()
            .map(|a| a.rows_by_departement().into_keys().collect())
            .unwrap_or_default();
        Self {
            addresses,
            places,
            departements,
        }
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
        for index in self.addresses.iter().map(|a| a.as_ref()) {
            for hit in search(index, query, opts) {
                found.push((hit.score, Feature::from_hit(index, &hit)));
            }
        }
        // The places: more than asked, since the 35,000 communes of France would otherwise
        // crowd out the loaded data's own places (see `after_own_places`).
        let wide = SearchOptions {
            limit: opts.limit.max(PLACES_CONSIDERED),
            ..opts.clone()
        };
        for hit in search(&self.places, query, &wide) {
            found.push((hit.score, Feature::from_hit(&self.places, &hit)));
        }
        found.sort_by(|a, b| b.0.total_cmp(&a.0));
        after_own_places(query, &mut found);
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
        // An address asked: the addresses first, then the places whose names match.
        if looks_like_address(query) {
            found.sort_by_key(|(_, f)| !is_address(f));
        }
        found.truncate(opts.limit);
        found.into_iter().map(|(_, f)| f).collect()
    }

    /// [`Geocoder::search`] as an API Adresse response; an address asked and not found says
    /// so, and why when it can tell (`aucune_adresse`).
    pub fn search_collection(&self, query: &str, opts: &SearchOptions) -> FeatureCollection {
        let features = self.search(query, opts);
        let asked_address = looks_like_address(query)
            && opts
                .kind
                .is_none_or(|k| matches!(k, ResultType::Housenumber | ResultType::Street));
        let no_address =
            (asked_address && !features.iter().any(is_address)).then(|| self.why_no_address(query));
        let mut answer = FeatureCollection::new(
            features,
            Some(query.to_string()),
            opts.limit,
            self.addresses.as_deref(),
        );
        answer.no_address = no_address;
        answer
    }

    /// « Aucune adresse trouvée », and why: the département the query names is not loaded, or
    /// no address is loaded at all.
    fn why_no_address(&self, query: &str) -> NoAddress {
        let departement = named_departement(query, &self.places);
        let raison = match (&departement, &self.addresses) {
            (Some(d), _) if !self.departements.contains(d) => Some(format!(
                "les adresses de ce département ({d}) ne sont pas chargées"
            )),
            (Some(d), _) => Some(format!(
                "aucune adresse du département {d} ne correspond à la recherche"
            )),
            (None, None) => Some("aucune adresse n'est chargée sur ce serveur".into()),
            (None, Some(_)) => None,
        };
        NoAddress {
            message: "Aucune adresse trouvée".into(),
            raison,
            departement,
        }
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
        FeatureCollection::new(features, None, limit, self.addresses.as_deref())
    }
}

/// A result from the addresses (a house number, a street, a lieu-dit), not a place of the data.
fn is_address(f: &Feature) -> bool {
    f.properties.collection.is_none()
        && matches!(
            f.properties.kind,
            ResultType::Housenumber | ResultType::Street | ResultType::Locality
        )
}

/// Places of the index weighed against each other before the limit is applied.
const PLACES_CONSIDERED: usize = 25;

/// A commune or contract of the national references (a place with an extent and no OGC
/// feature) comes after the best place of the loaded data that holds every word of the query
/// whole, and right after it: « Perrier » is Annemasse's quartier, then Perrier
/// (Puy-de-Dôme), then the rest. The web map's merge (`web/src/searchRank.js`) follows the
/// same rule.
fn after_own_places(query: &str, found: &mut Vec<(f64, Feature)>) {
    let own = found.iter().position(|(_, f)| {
        f.properties
            .collection
            .as_deref()
            .is_some_and(|c| !c.is_empty())
            && holds_every_word(
                query,
                &format!("{} {}", f.properties.label, f.properties.city),
            )
    });
    let Some(own) = own else { return };
    let national: Vec<usize> = (0..own).filter(|&i| found[i].1.bbox.is_some()).collect();
    let moved: Vec<(f64, Feature)> = national.iter().rev().map(|&i| found.remove(i)).collect();
    let after = own - moved.len() + 1;
    found.splice(after..after, moved.into_iter().rev());
}
