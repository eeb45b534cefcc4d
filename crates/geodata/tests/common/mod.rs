//! Shared by the integration tests: the repository's bundled data.

use std::path::PathBuf;
use std::sync::OnceLock;

use geodata::catalog::Catalog;
use geodata::impacts::{AnswerParts, Answerer};

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

/// What answers a place on the bundled catalog, its parts built once per test binary.
#[allow(dead_code)]
pub fn answerer() -> Answerer<'static> {
    static PARTS: OnceLock<AnswerParts> = OnceLock::new();
    Answerer::new(catalog(), PARTS.get_or_init(|| AnswerParts::new(catalog())))
}
