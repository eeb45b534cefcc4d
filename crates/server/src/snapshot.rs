//! One published version of the data and what is derived from it (collections, tiles, the
//! content hash ETags key on, the store's history): immutable, swapped whole by
//! [`crate::state::AppState::publish`].

use std::sync::Arc;

use geodata::catalog::Catalog;
use geodata::impacts::{AnswerParts, Answerer};
use sha2::{Digest, Sha256};

use crate::changes::Changes;
use crate::ogc::collection::{collections, Collection};

/// One published version of the data and what is derived from it.
#[derive(Debug)]
pub struct Snapshot {
    pub catalog: Catalog,
    /// The prepared parts of the catalog's answers, built with the snapshot: no request pays
    /// for them.
    pub answer_parts: AnswerParts,
    /// Content hash of the published data: ETags and the tile cache key on it.
    pub version: String,
    pub collections: Vec<Collection>,
    pub tiles: tiles::TileSource,
    /// The history of the data, when served from a store (empty otherwise).
    pub changes: Arc<Changes>,
}

impl Snapshot {
    pub fn new(catalog: Catalog) -> Snapshot {
        Self::with_changes(catalog, Arc::default())
    }

    /// A snapshot of `catalog` with the store's history of it.
    pub fn with_changes(catalog: Catalog, changes: Arc<Changes>) -> Snapshot {
        let answer_parts = AnswerParts::prepared(&catalog);
        let collections = collections(&catalog);
        let version = data_version(&collections);
        let tiles = tiles::TileSource::new(&catalog);
        Snapshot {
            catalog,
            answer_parts,
            version,
            collections,
            tiles,
            changes,
        }
    }

    /// What answers `/impacts` and the other questions about a place on this data.
    pub fn answerer(&self) -> Answerer<'_> {
        Answerer::new(&self.catalog, &self.answer_parts)
    }

    pub fn collection(&self, id: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.id == id)
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
