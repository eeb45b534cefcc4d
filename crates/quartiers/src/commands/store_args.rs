//! Where the store lives, shared by the subcommands of the SIG workflow (import, diff, publish,
//! versions, rollback).

use std::path::PathBuf;

use store::gpkg::GpkgStore;

#[derive(Debug, Clone, clap::Args)]
pub struct StoreArgs {
    /// The store: a GeoPackage holding every published version of every layer. Created from
    /// --data the first time.
    #[arg(long, env = "QUARTIERS_STORE", default_value = "data/store.gpkg")]
    pub store: PathBuf,
    /// Data directory the store is created from, when it does not exist yet.
    #[arg(long, env = "QUARTIERS_DATA", default_value = "data")]
    pub data: PathBuf,
}

impl StoreArgs {
    /// Opens the store, creating it from the data directory on first use.
    pub fn open(&self) -> super::Result<GpkgStore> {
        let (store, created) = GpkgStore::open_or_create(&self.store, &self.data)?;
        if created {
            eprintln!(
                "magasin créé : {} (à partir de {})",
                self.store.display(),
                self.data.display()
            );
        }
        Ok(store)
    }
}

/// Who signs a version: `--author`, else `QUARTIERS_AUTHOR`, else the login name.
pub fn author(given: Option<String>) -> String {
    given
        .or_else(|| std::env::var("USER").ok())
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| "inconnu".into())
}
