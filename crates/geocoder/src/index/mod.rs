//! The search index: documents (streets, localities, communes, the dataset's own places) with
//! their house numbers, a term dictionary ([`fst::Map`], term → term id) and one postings
//! list of documents per term.
//!
//! The dictionary gives exact, prefix and fuzzy (Levenshtein) term look-ups in microseconds;
//! postings and per-document term lists are plain arrays so that scoring a candidate is a few
//! slice reads.

mod build;
mod store;

pub use build::{AddressRow, IndexBuilder, StreetKey, LIEU_DIT_NUMBER};
pub use store::{FORMAT_VERSION, INDEX_FILE};

use rstar::primitives::GeomWithData;
use rstar::RTree;
use serde::{Deserialize, Serialize};

/// What a document is, in the API Adresse vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// A street (voie) and its house numbers.
    Street,
    /// A lieu-dit, or one of the dataset's quartiers.
    Locality,
    /// A commune.
    Municipality,
    /// An operation or an equipment of the dataset.
    Poi,
}

impl Kind {
    /// The API Adresse `type` value.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Street => "street",
            Kind::Locality => "locality",
            Kind::Municipality => "municipality",
            Kind::Poi => "poi",
        }
    }
}

/// One searchable thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    pub kind: Kind,
    /// BAN id of the street (`{citycode}_{fantoir}`), or `{slug}:{id}` for dataset places.
    pub id: String,
    pub name: String,
    pub postcode: String,
    pub citycode: String,
    pub city: String,
    pub lon: f64,
    pub lat: f64,
    /// Range of this street's entries in [`Index::numbers`], sorted by number then suffix.
    pub numbers: (u32, u32),
    /// Range of the name's term ids in the index's term lists.
    pub name_terms: (u32, u32),
    /// Range of the city's (and former commune's) term ids.
    pub city_terms: (u32, u32),
    /// Territory slug and category, for the dataset's own places.
    pub extra: Option<Box<PlaceInfo>>,
}

/// What a dataset place adds to a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceInfo {
    /// Territory slug, empty for national layers.
    pub territoire: String,
    /// `quartier prioritaire (QPV)`, `opération`, the equipment's kind...
    pub categorie: String,
    /// What the place is, in French, as a search list shows it: `Quartier prioritaire`,
    /// `Quartier de veille`, `Commune`, `Opération`, `Équipement`, `Centralité`, `Îlot`.
    pub nature: String,
    /// Where the place is published in the OGC API: collection and feature id, so a client
    /// can merge it with the same feature found elsewhere.
    pub collection: String,
    pub identifiant: String,
    /// The place's extent (west, south, east, north), for a client to frame it: given for the
    /// national references' communes and contracts, which have no OGC feature to fetch.
    pub bbox: Option<[f64; 4]>,
}

/// One address of a street.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Number {
    pub number: u32,
    /// BAN `rep`, lower case (`bis`, `a`), empty when none.
    pub rep: String,
    /// BAN address id.
    pub id: String,
    pub lon: f64,
    pub lat: f64,
}

impl Number {
    /// `12`, `12bis`: the house number as the API Adresse writes it.
    pub fn label(&self) -> String {
        format!("{}{}", self.number, self.rep)
    }
}

/// What a reverse look-up point stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Number(u32),
    Doc(u32),
}

pub(crate) type ReversePoint = GeomWithData<[f64; 2], Target>;

/// A loaded index, ready to search.
#[derive(Debug)]
pub struct Index {
    pub(crate) docs: Vec<Doc>,
    pub(crate) numbers: Vec<Number>,
    pub(crate) doc_terms: Vec<u32>,
    pub(crate) postings_offsets: Vec<u32>,
    pub(crate) postings: Vec<u32>,
    pub(crate) idf: Vec<f32>,
    pub(crate) terms: fst::Map<Vec<u8>>,
    pub(crate) tree: RTree<ReversePoint>,
    pub(crate) meta: Meta,
}

/// Where an index comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// File names imported.
    pub sources: Vec<String>,
    /// Address rows read.
    pub rows: u64,
    /// Who published the addresses (`BAN`), an API Adresse answer's `attribution`; empty for
    /// an index of the dataset's places.
    pub attribution: String,
    /// Their licence (`ETALAB-2.0`, the Licence Ouverte 2.0), an answer's `licence`.
    pub licence: String,
}

impl Index {
    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }

    pub fn doc(&self, id: u32) -> &Doc {
        &self.docs[id as usize]
    }

    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The index with its publisher and licence (what an answer credits).
    pub fn with_source(mut self, attribution: &str, licence: &str) -> Index {
        self.meta.attribution = attribution.to_string();
        self.meta.licence = licence.to_string();
        self
    }

    /// Address rows per département (`74`, `2A`, `971`), counted from the streets' house
    /// numbers and the lieux-dits: what a new download is compared with before it replaces
    /// them.
    pub fn rows_by_departement(&self) -> std::collections::BTreeMap<String, u64> {
        let mut out = std::collections::BTreeMap::new();
        for d in &self.docs {
            let rows = match d.kind {
                Kind::Street => u64::from(d.numbers.1 - d.numbers.0),
                Kind::Locality if d.extra.is_none() => 1,
                _ => 0,
            };
            if rows > 0 {
                *out.entry(departement(&d.citycode)).or_insert(0) += rows;
            }
        }
        out
    }

    /// Number of addresses (house numbers).
    pub fn address_count(&self) -> usize {
        self.numbers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The house numbers of a street, sorted.
    pub fn numbers_of(&self, doc: &Doc) -> &[Number] {
        &self.numbers[doc.numbers.0 as usize..doc.numbers.1 as usize]
    }

    pub(crate) fn name_terms(&self, doc: &Doc) -> &[u32] {
        &self.doc_terms[doc.name_terms.0 as usize..doc.name_terms.1 as usize]
    }

    pub(crate) fn city_terms(&self, doc: &Doc) -> &[u32] {
        &self.doc_terms[doc.city_terms.0 as usize..doc.city_terms.1 as usize]
    }

    pub(crate) fn postings(&self, term: u32) -> &[u32] {
        let t = term as usize;
        &self.postings[self.postings_offsets[t] as usize..self.postings_offsets[t + 1] as usize]
    }

    pub(crate) fn idf(&self, term: u32) -> f32 {
        self.idf[term as usize]
    }

    /// Approximate heap size in bytes: what the index costs in memory once loaded.
    pub fn heap_bytes(&self) -> usize {
        let strings: usize = self
            .docs
            .iter()
            .map(|d| d.id.len() + d.name.len() + d.postcode.len() + d.citycode.len() + d.city.len())
            .sum::<usize>()
            + self
                .numbers
                .iter()
                .map(|n| n.id.len() + n.rep.len())
                .sum::<usize>();
        strings
            + self.docs.len() * std::mem::size_of::<Doc>()
            + self.numbers.len() * std::mem::size_of::<Number>()
            + (self.doc_terms.len() + self.postings.len() + self.postings_offsets.len()) * 4
            + self.idf.len() * 4
            + self.terms.as_fst().as_bytes().len()
            + self.tree.size() * std::mem::size_of::<ReversePoint>() * 2
    }
}

/// Web Mercator metres: conformal, so the nearest point in this plane is the nearest on the
/// ground at the scale of a street.
pub(crate) fn mercator(lon: f64, lat: f64) -> [f64; 2] {
    const R: f64 = 6_378_137.0;
    let lat = lat.clamp(-85.0, 85.0).to_radians();
    [
        R * lon.to_radians(),
        R * (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln(),
    ]
}

/// The département of an INSEE commune code, as the BAN names its files
/// (`adresses-<dep>.csv.gz`) and [`Index::rows_by_departement`] counts them: `74012` → `74`,
/// `2A004` → `2A`, `97411` → `974`.
pub fn departement(citycode: &str) -> String {
    let n = if citycode.starts_with("97") || citycode.starts_with("98") {
        3
    } else {
        2
    };
    citycode.chars().take(n).collect()
}
