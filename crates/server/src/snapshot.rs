//! One published version of the data and what is derived from it (collections, tiles, the
//! content hash ETags key on, the store's history): immutable, swapped whole by
//! [`crate::state::AppState::publish`].

use std::sync::Arc;

use geo::InteriorPoint;
use geodata::catalog::Catalog;
use geodata::impacts::{AnswerParts, Answerer};
use geodata::model::FuzzyDate;
use sha2::{Digest, Sha256};

use crate::changes::{Changes, Entry, Links};
use crate::ogc::collection::Collection;
use crate::ogc::collections;
use crate::ogc::links::segment;

/// One published version of the data and what is derived from it.
#[derive(Debug)]
pub struct Snapshot {
    /// Shared with the snapshot of the next day ([`Snapshot::redated`]).
    pub catalog: Arc<Catalog>,
    /// The prepared parts of the catalog's answers, built with the snapshot: no request pays
    /// for them. Their statuses are judged stale or current on one day
    /// ([`AnswerParts::today`]).
    pub answer_parts: AnswerParts,
    /// Content hash of the published data: ETags and the tile cache key on it.
    pub version: String,
    pub collections: Arc<Vec<Collection>>,
    pub tiles: Arc<tiles::TileSource>,
    /// The history of the data, when served from a store (empty otherwise).
    pub changes: Arc<Changes>,
}

impl Snapshot {
    pub fn new(catalog: Catalog) -> Snapshot {
        Self::with_changes(catalog, Arc::default())
    }

    /// A snapshot of `catalog` with the store's history of it.
    pub fn with_changes(catalog: Catalog, changes: Arc<Changes>) -> Snapshot {
        Self::built(catalog, changes, None)
    }

    /// The snapshot of the next published `catalog`: what its tiles share with this one's
    /// (geometries by content) is taken from it rather than computed again.
    pub fn next(&self, catalog: Catalog, changes: Arc<Changes>) -> Snapshot {
        Self::built(catalog, changes, Some(&self.tiles))
    }

    fn built(
        catalog: Catalog,
        changes: Arc<Changes>,
        previous_tiles: Option<&tiles::TileSource>,
    ) -> Snapshot {
        // Independent of one another: built side by side (with 344 territories the tiles'
        // projection alone is a second).
        let ((answer_parts, (collections, version)), tiles) = rayon::join(
            || {
                rayon::join(
                    || AnswerParts::prepared(&catalog),
                    || {
                        let collections = collections(&catalog);
                        let version = data_version(&collections);
                        (collections, version)
                    },
                )
            },
            || match previous_tiles {
                Some(previous) => previous.next(&catalog),
                None => tiles::TileSource::new(&catalog),
            },
        );
        Snapshot {
            catalog: Arc::new(catalog),
            answer_parts,
            version,
            collections: Arc::new(collections),
            tiles: Arc::new(tiles),
            changes,
        }
    }

    /// The same data, its statuses judged on `today` (issue 27: a status known in 2019 turns
    /// « à vérifier » on a given day, whether or not the data change): everything shared but
    /// the answers' parts, each territory's rebuilt on its first question.
    pub fn redated(&self, today: FuzzyDate) -> Snapshot {
        Snapshot {
            catalog: self.catalog.clone(),
            answer_parts: AnswerParts::new_on(&self.catalog, today),
            version: self.version.clone(),
            collections: self.collections.clone(),
            tiles: self.tiles.clone(),
            changes: self.changes.clone(),
        }
    }

    /// What answers `/impacts` and the other questions about a place on this data.
    pub fn answerer(&self) -> Answerer<'_> {
        Answerer::new(&self.catalog, &self.answer_parts)
    }

    pub fn collection(&self, id: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.id == id)
    }

    /// Where to read more about a change: the item in the API while it exists, its history, and
    /// the map at the item (or at `anchor`, the place a feed is about, once it is gone).
    pub fn change_links(
        &self,
        base: &str,
        e: &Entry<'_>,
        anchor: Option<geo::Point<f64>>,
    ) -> Links {
        let (collection, id) = e.key();
        let path = format!("/collections/{collection}/items/{}", segment(&id));
        let item = self.collection(&collection).and_then(|c| c.item(&id));
        let point = item
            .and_then(|it| it.geometry.as_ref())
            .and_then(|g| g.interior_point())
            .or(anchor);
        let mut carte = format!("{base}/#");
        if let Some(p) = point {
            carte.push_str(&format!("lieu=pt:{:.6},{:.6}&", p.x(), p.y()));
        }
        carte.push_str(&format!("sel={collection}/{id}"));
        Links {
            objet: item.map(|_| format!("{base}{path}")),
            historique: format!("{base}{path}/historique"),
            carte,
        }
    }
}

/// A stable hash of every feature's id, properties and geometry.
fn data_version(collections: &[Collection]) -> String {
    let mut h = Sha256::new();
    for c in collections {
        h.update(c.id.as_bytes());
        for it in &c.items {
            h.update(it.id.as_bytes());
            h.update(serde_json::to_vec(&it.properties).unwrap_or_default());
            if let Some(g) = &it.geometry {
                use geo::CoordsIter;
                for coord in g.coords_iter() {
                    h.update(coord.x.to_le_bytes());
                    h.update(coord.y.to_le_bytes());
                }
            }
        }
    }
    let digest = h.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}
