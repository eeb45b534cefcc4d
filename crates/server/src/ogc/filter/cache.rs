//! Filters compiled once per query string: reading a CQL2 text takes its parser tens of
//! microseconds for a short filter (far more than evaluating it over a page's candidates),
//! and clients repeat the same filter while the map moves. Bounded in bytes; keyed by the
//! data version and collection (what a filter is checked against) and the raw `filter`,
//! `filter-lang` and `filter-crs` parameters, so a new publication never meets an old entry.

use std::sync::Arc;

use quick_cache::sync::Cache;
use quick_cache::Weighter;

use super::Filter;

/// What the server keeps of compiled filters: some 7,000 filters of a few clauses, or a
/// dozen with polygons of [`super::MAX_VERTICES`] vertices.
pub const BYTES: u64 = 4 * 1024 * 1024;

/// The compiled filters, at most a given number of bytes of them.
pub struct FilterCache {
    cache: Cache<String, Arc<Filter>, FilterWeighter>,
}

#[derive(Clone)]
struct FilterWeighter;

impl Weighter<String, Arc<Filter>> for FilterWeighter {
    fn weight(&self, key: &String, filter: &Arc<Filter>) -> u64 {
        (key.len() + filter.weight() + 64) as u64
    }
}

impl FilterCache {
    /// A cache of about `bytes` bytes of filters (0 keeps none).
    pub fn new(bytes: u64) -> FilterCache {
        // A typical filter (a few clauses) weighs some 600 bytes.
        let items = (bytes / 600).clamp(1, 1 << 16) as usize;
        FilterCache {
            cache: Cache::with_weighter(items, bytes, FilterWeighter),
        }
    }

    /// The key of a filter of collection `collection` in data version `version`, from the
    /// request's raw parameters.
    pub fn key(
        version: &str,
        collection: &str,
        text: &str,
        lang: Option<&str>,
        crs: Option<&str>,
    ) -> String {
        // Absent and empty parameters differ (an empty filter-lang is refused): mark presence.
        let opt = |v: Option<&str>| v.map_or_else(|| "\u{1}".to_string(), str::to_string);
        format!(
            "{version}\0{collection}\0{}\0{}\0{text}",
            opt(lang),
            opt(crs)
        )
    }

    pub fn get(&self, key: &str) -> Option<Arc<Filter>> {
        self.cache.get(key)
    }

    pub fn insert(&self, key: String, filter: Arc<Filter>) {
        self.cache.insert(key, filter);
    }
}

impl std::fmt::Debug for FilterCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FilterCache({} filters)", self.cache.len())
    }
}
