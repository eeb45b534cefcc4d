//! Building an index from address rows and places, in memory.

use std::collections::HashMap;

use rstar::primitives::GeomWithData;
use rstar::RTree;

use super::{mercator, Doc, Index, Kind, Meta, Number, PlaceInfo, ReversePoint, Target};
use crate::text::tokens;

/// The BAN's number for a lieu-dit row: the row names a place, not a door.
pub const LIEU_DIT_NUMBER: u32 = 99_999;

/// A street is one name in one commune under one postcode.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StreetKey {
    pub citycode: String,
    pub postcode: String,
    pub name: String,
}

/// One address row, already read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressRow {
    pub id: String,
    pub number: u32,
    pub rep: String,
    pub street: StreetKey,
    pub city: String,
    /// Name of the former commune (commune déléguée), if any: people still type it.
    pub old_city: String,
    pub lon: f64,
    pub lat: f64,
}

#[derive(Debug)]
struct Pending {
    doc: Doc,
    numbers: Vec<Number>,
    name_tokens: Vec<String>,
    city_tokens: Vec<String>,
}

/// Collects documents, then [`IndexBuilder::finish`] builds the dictionary and postings.
#[derive(Debug, Default)]
pub struct IndexBuilder {
    pending: Vec<Pending>,
    streets: HashMap<StreetKey, u32>,
    /// (citycode, postcode) → (name, old names, sum of lon, sum of lat, count).
    communes: HashMap<(String, String), CommuneAcc>,
    rows: u64,
}

#[derive(Debug, Default)]
struct CommuneAcc {
    name: String,
    lon: f64,
    lat: f64,
    count: u32,
}

impl IndexBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one BAN row: a house number of its street, or a lieu-dit.
    pub fn add_address(&mut self, row: AddressRow) {
        self.rows += 1;
        let acc = self
            .communes
            .entry((row.street.citycode.clone(), row.street.postcode.clone()))
            .or_default();
        if acc.count == 0 {
            acc.name.clone_from(&row.city);
        }
        acc.lon += row.lon;
        acc.lat += row.lat;
        acc.count += 1;
        let kind = if row.number == LIEU_DIT_NUMBER {
            Kind::Locality
        } else {
            Kind::Street
        };
        let index = match self.streets.get(&row.street) {
            Some(&i) => i,
            None => {
                let i = u32::try_from(self.pending.len()).unwrap_or(u32::MAX);
                let street_id = row
                    .id
                    .rsplit_once('_')
                    .map_or(row.id.as_str(), |(head, _)| head)
                    .to_string();
                let mut city_tokens = tokens(&row.city);
                if !row.old_city.is_empty() && row.old_city != row.city {
                    city_tokens.extend(tokens(&row.old_city));
                }
                city_tokens.push(row.street.postcode.clone());
                self.pending.push(Pending {
                    doc: Doc {
                        kind,
                        id: street_id,
                        name: row.street.name.clone(),
                        postcode: row.street.postcode.clone(),
                        citycode: row.street.citycode.clone(),
                        city: row.city.clone(),
                        lon: row.lon,
                        lat: row.lat,
                        numbers: (0, 0),
                        name_terms: (0, 0),
                        city_terms: (0, 0),
                        extra: None,
                    },
                    numbers: Vec::new(),
                    name_tokens: tokens(&row.street.name),
                    city_tokens,
                });
                self.streets.insert(row.street, i);
                i
            }
        };
        let pending = &mut self.pending[index as usize];
        if kind == Kind::Street {
            pending.numbers.push(Number {
                number: row.number,
                rep: row.rep.to_lowercase(),
                id: row.id,
                lon: row.lon,
                lat: row.lat,
            });
        }
    }

    /// Adds a place of the dataset (quartier, operation, equipment, commune).
    #[allow(clippy::too_many_arguments)]
    pub fn add_place(
        &mut self,
        kind: Kind,
        id: String,
        name: String,
        citycode: String,
        city: String,
        (lon, lat): (f64, f64),
        info: PlaceInfo,
    ) {
        let name_tokens = tokens(&name);
        let city_tokens = if kind == Kind::Municipality {
            Vec::new()
        } else {
            tokens(&city)
        };
        self.pending.push(Pending {
            doc: Doc {
                kind,
                id,
                name,
                postcode: String::new(),
                citycode,
                city,
                lon,
                lat,
                numbers: (0, 0),
                name_terms: (0, 0),
                city_terms: (0, 0),
                extra: Some(Box::new(info)),
            },
            numbers: Vec::new(),
            name_tokens,
            city_tokens,
        });
    }

    /// Builds the index: one municipality per commune and postcode seen in the addresses,
    /// street positions at their middle number, the term dictionary, postings and weights.
    pub fn finish(mut self, sources: Vec<String>) -> Index {
        let mut communes: Vec<_> = std::mem::take(&mut self.communes).into_iter().collect();
        communes.sort_by(|a, b| a.0.cmp(&b.0));
        for ((citycode, postcode), acc) in communes {
            let n = f64::from(acc.count.max(1));
            self.pending.push(Pending {
                doc: Doc {
                    kind: Kind::Municipality,
                    id: citycode.clone(),
                    name: acc.name.clone(),
                    postcode: postcode.clone(),
                    citycode,
                    city: acc.name.clone(),
                    lon: acc.lon / n,
                    lat: acc.lat / n,
                    numbers: (0, 0),
                    name_terms: (0, 0),
                    city_terms: (0, 0),
                    extra: None,
                },
                numbers: Vec::new(),
                name_tokens: tokens(&acc.name),
                city_tokens: vec![postcode],
            });
        }

        // Term ids in lexicographic order, as the fst requires.
        let mut vocabulary: Vec<String> = self
            .pending
            .iter()
            .flat_map(|p| p.name_tokens.iter().chain(&p.city_tokens))
            .cloned()
            .collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        let term_ids: HashMap<&str, u32> = vocabulary
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        let terms = fst::Map::from_iter(
            vocabulary
                .iter()
                .enumerate()
                .map(|(i, t)| (t.as_bytes(), i as u64)),
        )
        .expect("terms are sorted and unique");

        let mut docs = Vec::with_capacity(self.pending.len());
        let mut numbers = Vec::new();
        let mut doc_terms: Vec<u32> = Vec::new();
        let mut df = vec![0u32; vocabulary.len()];
        for p in &mut self.pending {
            let mut doc = p.doc.clone();
            p.numbers
                .sort_by(|a, b| (a.number, &a.rep).cmp(&(b.number, &b.rep)));
            p.numbers
                .dedup_by(|a, b| a.number == b.number && a.rep == b.rep);
            if let Some(mid) = p.numbers.get(p.numbers.len() / 2) {
                doc.lon = mid.lon;
                doc.lat = mid.lat;
            }
            let start = numbers.len() as u32;
            numbers.append(&mut p.numbers);
            doc.numbers = (start, numbers.len() as u32);

            let first = doc_terms.len();
            push_unique(&mut doc_terms, first, &p.name_tokens, &term_ids);
            let name_end = doc_terms.len();
            push_unique(&mut doc_terms, name_end, &p.city_tokens, &term_ids);
            doc.name_terms = (first as u32, name_end as u32);
            doc.city_terms = (name_end as u32, doc_terms.len() as u32);
            let mut seen: Vec<u32> = doc_terms[first..].to_vec();
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                df[t as usize] += 1;
            }
            docs.push(doc);
        }

        // Postings: documents of each term, in document order.
        let mut postings_offsets = Vec::with_capacity(df.len() + 1);
        let mut total = 0u32;
        postings_offsets.push(0);
        for d in &df {
            total += d;
            postings_offsets.push(total);
        }
        let mut fill = postings_offsets.clone();
        let mut postings = vec![0u32; total as usize];
        for (i, doc) in docs.iter().enumerate() {
            let mut seen: Vec<u32> =
                doc_terms[doc.name_terms.0 as usize..doc.city_terms.1 as usize].to_vec();
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                postings[fill[t as usize] as usize] = i as u32;
                fill[t as usize] += 1;
            }
        }
        let n = docs.len().max(1) as f32;
        let idf = df
            .iter()
            .map(|&d| (1.0 + n / d.max(1) as f32).ln())
            .collect();
        let tree = reverse_tree(&docs, &numbers);
        Index {
            docs,
            numbers,
            doc_terms,
            postings_offsets,
            postings,
            idf,
            terms,
            tree,
            meta: Meta {
                sources,
                rows: self.rows,
                ..Meta::default()
            },
        }
    }
}

fn push_unique(out: &mut Vec<u32>, from: usize, tokens: &[String], ids: &HashMap<&str, u32>) {
    for t in tokens {
        if let Some(&id) = ids.get(t.as_str()) {
            if !out[from..].contains(&id) {
                out.push(id);
            }
        }
    }
}

/// Every house number, and every street or lieu-dit without numbers, for reverse look-ups.
pub(crate) fn reverse_tree(docs: &[Doc], numbers: &[Number]) -> RTree<ReversePoint> {
    let mut points: Vec<ReversePoint> = numbers
        .iter()
        .enumerate()
        .map(|(i, n)| GeomWithData::new(mercator(n.lon, n.lat), Target::Number(i as u32)))
        .collect();
    points.extend(
        docs.iter()
            .enumerate()
            .filter(|(_, d)| {
                matches!(d.kind, Kind::Street | Kind::Locality) && d.numbers.0 == d.numbers.1
            })
            .map(|(i, d)| GeomWithData::new(mercator(d.lon, d.lat), Target::Doc(i as u32))),
    );
    RTree::bulk_load(points)
}
