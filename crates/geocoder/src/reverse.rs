//! The nearest addresses to a point (an R-tree over every house number).

use crate::index::{mercator, Index, Target};
use crate::search::{geo_km, Hit, ResultType};

/// The `limit` nearest addresses to (`lon`, `lat`), nearest first, with their distance in
/// metres. Streets and lieux-dits without numbers count by their position.
pub fn reverse(index: &Index, lon: f64, lat: f64, limit: usize) -> Vec<(Hit, f64)> {
    // Mercator distances are stretched by latitude but preserve the order at street scale;
    // the exact distance is computed on the few kept.
    index
        .tree
        .nearest_neighbor_iter(&mercator(lon, lat))
        .take(limit)
        .map(|p| {
            let (hit, at) = match p.data {
                Target::Number(n) => {
                    let number = &index.numbers[n as usize];
                    let doc = index
                        .docs
                        .partition_point(|d| d.numbers.1 <= n)
                        .min(index.docs.len().saturating_sub(1));
                    (
                        Hit {
                            doc: doc as u32,
                            number: Some(n),
                            kind: ResultType::Housenumber,
                            score: 1.0,
                        },
                        (number.lon, number.lat),
                    )
                }
                Target::Doc(d) => {
                    let doc = index.doc(d);
                    (
                        Hit {
                            doc: d,
                            number: None,
                            kind: if doc.kind == crate::index::Kind::Locality {
                                ResultType::Locality
                            } else {
                                ResultType::Street
                            },
                            score: 1.0,
                        },
                        (doc.lon, doc.lat),
                    )
                }
            };
            let metres = geo_km((lon, lat), at) * 1000.0;
            (hit, metres)
        })
        .collect()
}
