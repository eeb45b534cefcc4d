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

/// The day the tests' answers judge statuses on: fixed, so that an answer does not change
/// with the day the tests run.
#[allow(dead_code)]
pub fn today() -> geodata::model::FuzzyDate {
    "2026-12-07".parse().expect("a date")
}

/// What answers a place on the bundled catalog, its parts built once per test binary and
/// statuses judged on [`today`].
#[allow(dead_code)]
pub fn answerer() -> Answerer<'static> {
    static PARTS: OnceLock<AnswerParts> = OnceLock::new();
    Answerer::new(
        catalog(),
        PARTS.get_or_init(|| AnswerParts::new_on(catalog(), today())),
    )
}
