//! A store seeded once from the bundled data, copied for each test.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use store::gpkg::GpkgStore;

pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

/// A fresh copy of the seeded store in its own temporary directory.
pub fn seeded_store() -> (tempfile::TempDir, GpkgStore) {
    static TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, template) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("template.gpkg");
        store::seed::create_from_data(&path, &data_dir()).unwrap();
        (dir, path)
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.gpkg");
    std::fs::copy(template, &path).unwrap();
    let store = GpkgStore::open(&path).unwrap();
    (dir, store)
}
