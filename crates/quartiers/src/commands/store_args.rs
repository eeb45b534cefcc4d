//! Where the store lives, shared by the subcommands of the SIG workflow (import, diff, publish,
//! versions, rollback): a GeoPackage file, or a PostGIS database given by its
//! `postgresql://` URL (see `store_postgis::location`).

use std::path::PathBuf;
use std::process::ExitCode;

use store::{Store, Version};

#[derive(Debug, Clone, clap::Args)]
pub struct StoreArgs {
    /// The store holding every published version of every layer: a GeoPackage file, or a
    /// PostGIS database (`postgresql://user@host/base`, migrated by `quartiers migrate`).
    /// Filled from --data the first time.
    #[arg(long, env = "QUARTIERS_STORE", default_value = "data/store.gpkg")]
    pub store: String,
    /// Data directory the store is created from, when it does not exist yet.
    #[arg(long, env = "QUARTIERS_DATA", default_value = "data")]
    pub data: PathBuf,
}

impl StoreArgs {
    /// Opens the store, creating it from the data directory on first use.
    pub fn open(&self) -> super::Result<Box<dyn Store>> {
        let (store, created) = store_postgis::open_or_create(&self.store, &self.data)?;
        if created {
            eprintln!(
                "magasin créé : {} (à partir de {})",
                store_postgis::StoreLocation::parse(&self.store).display(),
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

/// Prints the version that publish or rollback made: as JSON with `--json`, else
/// « <done> : <the version's line> ».
pub fn print_version(version: &Version, json: bool, done: &str) -> super::Result<ExitCode> {
    if json {
        println!("{}", serde_json::to_string_pretty(version)?);
    } else {
        println!("{done} : {}", version.line());
    }
    Ok(ExitCode::SUCCESS)
}
