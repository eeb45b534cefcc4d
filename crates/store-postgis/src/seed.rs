//! Fills an empty database from a data directory. The store's own seeding builds a
//! GeoPackage from `data/` (after geodata has validated it); that file is then copied through
//! the [`Store`](store::Store) trait, so the rules of what a first version is live in one place.

use std::path::Path;

use store::gpkg::GpkgStore;
use store::{Result, StoreError};

use crate::pg::PgStore;

/// Opens the store at `url`, filling an empty database from the data directory first (as the
/// GeoPackage store does on first use). Returns whether it was filled. Here rather than on
/// [`PgStore`], which seeding builds on.
pub fn open_or_seed(url: &str, data_dir: &Path) -> Result<(PgStore, bool)> {
    let store = PgStore::open(url)?;
    let seeded = seed_if_empty(&store, data_dir)?;
    Ok((store, seeded))
}

/// Seeds `store` from `data_dir` if it holds nothing yet; returns whether it did.
pub(crate) fn seed_if_empty(store: &PgStore, data_dir: &Path) -> Result<bool> {
    if !store.is_empty(&mut *store.conn()?)? {
        return Ok(false);
    }
    let dir = tempfile::tempdir().map_err(|e| StoreError::Io {
        path: std::env::temp_dir(),
        source: e,
    })?;
    let path = dir.path().join("donnees-initiales.gpkg");
    store::seed::create_from_data(&path, data_dir)?;
    let seeded = GpkgStore::open(&path)?;
    // Another replica may have seeded meanwhile: copy_from checks again under the writers' lock.
    store.copy_from(&seeded)
}
