//! Shared by the integration tests: the repository's bundled data.

use std::path::PathBuf;
use std::sync::OnceLock;

use geodata::catalog::Catalog;

pub fn data_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data"))
}

/// The bundled catalog, loaded once per test binary.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let (catalog, report) = Catalog::load(&data_dir(), &[]).expect("bundled data load");
        assert!(!report.has_errors(), "{report}");
        catalog
    })
}
