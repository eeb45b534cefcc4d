//! Writes the store's current versions as a data directory (`france/`, `territories/<slug>/`)
//! so that geodata loads and validates them with its own rules: the store never re-implements
//! a rule, and a candidate layer is validated together with the published layers it affects.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use geodata::catalog::Catalog;
use geodata::manifest::Manifest;
use geodata::national::QPV_FILE;
use geodata::report::Report;

use crate::error::{Result, StoreError};
use crate::layer_id::{LayerId, NATIONAL};
use crate::store::{LayerData, Store};

/// A layer to write in place of its current version.
#[derive(Debug, Clone, Copy)]
pub struct Replacement<'a> {
    pub territory: &'a str,
    pub layer: LayerId,
    pub data: &'a LayerData,
}

/// Loads the current versions into a catalog (see [`Store::load_catalog`]).
pub fn load_catalog<S: Store + ?Sized>(store: &S, only: &[String]) -> Result<(Catalog, Report)> {
    let tmp = temp_dir()?;
    write_data_dir(store, tmp.path(), only, None)?;
    Ok(Catalog::load(tmp.path(), only)?)
}

/// A temporary directory, removed when dropped.
pub fn temp_dir() -> Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix("quartiers-")
        .tempdir()
        .map_err(|e| StoreError::io(std::env::temp_dir(), e))
}

/// Writes `root/france/` and `root/territories/<slug>/` for the territories in `only` (every one
/// when empty), with `replacement` instead of its current version.
pub fn write_data_dir<S: Store + ?Sized>(
    store: &S,
    root: &Path,
    only: &[String],
    replacement: Option<Replacement<'_>>,
) -> Result<()> {
    let replaced = |territory: &str, layer: LayerId| {
        replacement.filter(|r| r.territory == territory && r.layer == layer)
    };
    let national_dir = root.join(NATIONAL);
    create_dir(&national_dir)?;
    let qpv = match replaced(NATIONAL, LayerId::Qpv) {
        Some(r) => Some(r.data.clone()),
        None => store.current(NATIONAL, LayerId::Qpv)?.map(|(_, d)| d),
    };
    if let Some(qpv) = qpv {
        write_geojson(&national_dir.join(QPV_FILE), &qpv)?;
    }
    for slug in store.territories()? {
        if !only.is_empty() && !only.contains(&slug) {
            continue;
        }
        let dir = root.join("territories").join(&slug);
        write_territory(store, &slug, &dir, replacement)?;
    }
    Ok(())
}

/// Writes one territory directory: its manifest and every layer's current version (or the
/// replacement), each in the first file the manifest names for it.
pub fn write_territory<S: Store + ?Sized>(
    store: &S,
    slug: &str,
    dir: &Path,
    replacement: Option<Replacement<'_>>,
) -> Result<PathBuf> {
    create_dir(dir)?;
    let manifest_text = store.manifest(slug)?;
    let manifest: Manifest = toml::from_str(&manifest_text).map_err(|e| StoreError::Corrupt {
        path: PathBuf::from(slug),
        message: format!("manifeste illisible : {e}"),
    })?;
    write_file(&dir.join("territory.toml"), manifest_text.as_bytes())?;
    for layer in LayerId::TERRITORY {
        let Some(file) = layer.manifest_files(&manifest.layers).first() else {
            continue;
        };
        let data = match replacement.filter(|r| r.territory == slug && r.layer == layer) {
            Some(r) => Some(r.data.clone()),
            None => store.current(slug, layer)?.map(|(_, d)| d),
        };
        let Some(data) = data else { continue };
        let path = dir.join(file);
        if layer.is_geographic() {
            write_geojson(&path, &data)?;
        } else {
            let items: Vec<_> = data.features.iter().map(|f| &f.props).collect();
            write_file(&path, serde_json::to_string(&items)?.as_bytes())?;
        }
    }
    Ok(dir.to_path_buf())
}

/// The file a layer of a territory is written to, relative to the territory directory.
pub fn layer_file(manifest: &Manifest, layer: LayerId) -> Option<&str> {
    if layer.is_national() {
        return Some(QPV_FILE);
    }
    layer
        .manifest_files(&manifest.layers)
        .first()
        .map(String::as_str)
}

/// Writes a layer as a GeoJSON FeatureCollection (gzipped when the name ends in `.gz`).
pub fn write_geojson(path: &Path, data: &LayerData) -> Result<()> {
    let features = data
        .features
        .iter()
        .map(|f| geodata::write::to_geojson_feature(&f.props, f.geometry.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let fc = geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    let json = serde_json::to_vec(&fc)?;
    if path.extension().is_some_and(|e| e == "gz") {
        let file = File::create(path).map_err(|e| StoreError::io(path, e))?;
        let mut out = GzEncoder::new(BufWriter::new(file), Compression::fast());
        out.write_all(&json)
            .and_then(|()| out.finish()?.flush())
            .map_err(|e| StoreError::io(path, e))
    } else {
        write_file(path, &json)
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| StoreError::io(path, e))
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))
}
