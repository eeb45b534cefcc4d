//! Where the store lives, from the one setting `--store` / `QUARTIERS_STORE`: a
//! `postgresql://` (or `postgres://`) URL is a PostGIS store, anything else a GeoPackage file.

use std::path::{Path, PathBuf};

use store::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    GeoPackage(PathBuf),
    PostGis(String),
}

impl StoreLocation {
    pub fn parse(text: &str) -> Self {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("postgresql://") || lower.starts_with("postgres://") {
            Self::PostGis(text.to_string())
        } else {
            Self::GeoPackage(PathBuf::from(text))
        }
    }

    /// The location for messages (a URL without its password).
    pub fn display(&self) -> String {
        match self {
            Self::GeoPackage(path) => path.display().to_string(),
            Self::PostGis(url) => crate::db::display_url(url),
        }
    }
}

/// Opens the store at `location`, filling it from `data_dir` when it is new (a GeoPackage that
/// does not exist, an empty migrated database). Returns whether it was filled.
pub fn open_or_create(location: &str, data_dir: &Path) -> Result<(Box<dyn Store>, bool)> {
    Ok(match StoreLocation::parse(location) {
        StoreLocation::GeoPackage(path) => {
            let (store, created) = store::seed::open_or_create(&path, data_dir)?;
            (Box::new(store), created)
        }
        StoreLocation::PostGis(url) => {
            let (store, created) = crate::seed::open_or_seed(&url, data_dir)?;
            (Box::new(store), created)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_chooses_the_backend() {
        assert_eq!(
            StoreLocation::parse("postgresql://q@127.0.0.1/sig"),
            StoreLocation::PostGis("postgresql://q@127.0.0.1/sig".into())
        );
        assert!(matches!(
            StoreLocation::parse("postgres://localhost/sig"),
            StoreLocation::PostGis(_)
        ));
        assert_eq!(
            StoreLocation::parse("data/store.gpkg"),
            StoreLocation::GeoPackage("data/store.gpkg".into())
        );
    }
}
