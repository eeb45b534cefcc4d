//! A memory-bounded cache of encoded tiles, keyed by data version and tile id, holding each
//! tile raw and, once a client asked for it so, gzipped: cached answers cost no encoding or
//! compression, and a tile only ever asked raw is never compressed.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

/// One encoded tile, or the knowledge that it is empty.
#[derive(Debug)]
pub struct CachedTile {
    pub raw: Bytes,
    gzip: OnceLock<Option<Bytes>>,
}

impl CachedTile {
    pub fn new(raw: Vec<u8>) -> CachedTile {
        CachedTile {
            raw: Bytes::from(raw),
            gzip: OnceLock::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The tile gzipped, compressed the first time it is asked for (none if the encoder
    /// failed: then the tile goes raw).
    pub fn gzip(&self) -> Option<Bytes> {
        self.gzip
            .get_or_init(|| crate::compression::gzip(&self.raw))
            .clone()
    }
}

type Key = (Arc<str>, u8, u32, u32);

#[derive(Clone)]
struct TileWeighter;

impl Weighter<Key, Arc<CachedTile>> for TileWeighter {
    fn weight(&self, key: &Key, tile: &Arc<CachedTile>) -> u64 {
        // Bytes held plus the key and bookkeeping, so empty tiles count too; the gzipped copy,
        // made or not, counted at half the raw size (vector tiles compress to about that).
        (tile.raw.len() * 3 / 2 + key.0.len() + 64) as u64
    }
}

/// The tile cache; a capacity of 0 caches nothing.
pub struct TileCache {
    cache: Option<Cache<Key, Arc<CachedTile>, TileWeighter>>,
}

impl std::fmt::Debug for TileCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TileCache")
            .field("enabled", &self.cache.is_some())
            .finish()
    }
}

impl TileCache {
    pub fn new(capacity_bytes: u64) -> TileCache {
        let cache = (capacity_bytes > 0).then(|| {
            // Estimated item count only sizes the hash table; the weight bounds memory.
            let items = usize::try_from((capacity_bytes / 4096).max(64)).unwrap_or(usize::MAX);
            Cache::with_weighter(items, capacity_bytes, TileWeighter)
        });
        TileCache { cache }
    }

    pub fn get(&self, version: &Arc<str>, z: u8, x: u32, y: u32) -> Option<Arc<CachedTile>> {
        self.cache.as_ref()?.get(&(version.clone(), z, x, y))
    }

    pub fn insert(&self, version: Arc<str>, z: u8, x: u32, y: u32, tile: Arc<CachedTile>) {
        if let Some(c) = &self.cache {
            c.insert((version, z, x, y), tile);
        }
    }

    pub fn clear(&self) {
        if let Some(c) = &self.cache {
            c.clear();
        }
    }

    /// Memory held, in bytes.
    pub fn weight(&self) -> u64 {
        self.cache.as_ref().map_or(0, |c| c.weight())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_by_weight_and_keyed_by_version() {
        let cache = TileCache::new(64 * 1024);
        let v1: Arc<str> = Arc::from("v1");
        let v2: Arc<str> = Arc::from("v2");
        for x in 0..200 {
            cache.insert(
                v1.clone(),
                10,
                x,
                0,
                Arc::new(CachedTile::new(vec![7u8; 2000])),
            );
        }
        assert!(cache.weight() <= 64 * 1024, "{}", cache.weight());
        cache.insert(
            v1.clone(),
            1,
            0,
            0,
            Arc::new(CachedTile::new(vec![1, 2, 3])),
        );
        assert!(cache.get(&v1, 1, 0, 0).is_some());
        assert!(cache.get(&v2, 1, 0, 0).is_none());
    }

    #[test]
    fn gzip_round_trips() {
        use std::io::Read;
        let t = CachedTile::new(b"hello tiles".repeat(50));
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&t.gzip().expect("gzip")[..])
            .read_to_end(&mut out)
            .expect("gzip");
        assert_eq!(out, t.raw);
    }

    #[test]
    fn zero_capacity_caches_nothing() {
        let cache = TileCache::new(0);
        let v: Arc<str> = Arc::from("v");
        cache.insert(v.clone(), 0, 0, 0, Arc::new(CachedTile::new(vec![1])));
        assert!(cache.get(&v, 0, 0, 0).is_none());
    }
}
