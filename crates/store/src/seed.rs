//! Creates a store from a data directory (the bundled `data/`): every layer of every territory
//! and the national QPV layer become version 1..n, after geodata has validated them all.

use std::path::{Path, PathBuf};

use gdal::DriverManager;
use geodata::catalog::{territory_dirs, Catalog};
use geodata::manifest::Manifest;
use geodata::national::QPV_FILE;
use geodata::report::Report;
use sha2::{Digest, Sha256};

use crate::error::{Result, StoreError};
use crate::gdal_log;
use crate::gpkg::{
    create_schema, gdal_error, insert_territory, insert_version, write_features, GpkgStore,
};
use crate::layer_id::{LayerId, NATIONAL};
use crate::publish::{new_version, Provenance};
use crate::store::{LayerData, StoredFeature};

/// Author of the versions made from the data directory.
pub const SEED_AUTHOR: &str = "quartiers (données initiales)";

/// Opens the GeoPackage store at `path`, creating it from `data_dir` first if the file does
/// not exist. Returns whether it was created. Here rather than on [`GpkgStore`], which seeding
/// builds on.
pub fn open_or_create(path: &Path, data_dir: &Path) -> Result<(GpkgStore, bool)> {
    if path.exists() {
        return Ok((GpkgStore::open(path)?, false));
    }
    create_from_data(path, data_dir)?;
    Ok((GpkgStore::open(path)?, true))
}

/// Creates the store at `path` from `data_dir`. The file appears only once complete: it is
/// written beside it and renamed.
pub fn create_from_data(path: &Path, data_dir: &Path) -> Result<()> {
    gdal_log::install();
    // Refuse to seed data geodata would refuse to serve.
    Catalog::load(data_dir, &[])?;
    let tmp = tmp_path(path);
    if tmp.exists() {
        std::fs::remove_file(&tmp).map_err(|e| StoreError::io(&tmp, e))?;
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
    }
    let err = |e: gdal::errors::GdalError| gdal_error(&tmp, &e);
    let driver = DriverManager::get_driver_by_name("GPKG").map_err(err)?;
    let mut ds = driver.create_vector_only(&tmp).map_err(err)?;
    create_schema(&mut ds, &tmp)?;
    let mut txn = ds.start_transaction().map_err(err)?;
    let mut number = 0u64;
    let mut add = |ds: &mut gdal::Dataset,
                   territory: &str,
                   layer: LayerId,
                   files: &[PathBuf]|
     -> Result<()> {
        let existing: Vec<&PathBuf> = files.iter().filter(|f| f.is_file()).collect();
        if existing.is_empty() {
            return Ok(());
        }
        let mut data = LayerData::default();
        let mut hasher = Sha256::new();
        for file in &existing {
            let bytes = std::fs::read(file).map_err(|e| StoreError::io(file.as_path(), e))?;
            hasher.update(&bytes);
            data.features.extend(read_file(file, layer)?.features);
        }
        number += 1;
        let names: Vec<String> = existing
            .iter()
            .filter_map(|f| f.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        let from = Provenance {
            author: SEED_AUTHOR,
            source_name: &names.join(", "),
            sha256: &format!("{:x}", hasher.finalize()),
            comment: "données livrées avec Quartiers (data/)",
            credential: None,
        };
        let version = new_version(number, territory, layer, data.features.len() as u64, from);
        write_features(ds, &tmp, &version.table, territory, layer, number, &data)?;
        insert_version(ds, &tmp, &version)
    };
    add(
        &mut txn,
        NATIONAL,
        LayerId::Qpv,
        &[data_dir.join(NATIONAL).join(QPV_FILE)],
    )?;
    for dir in territory_dirs(data_dir, &[])? {
        let manifest_path = dir.join("territory.toml");
        let text = std::fs::read_to_string(&manifest_path)
            .map_err(|e| StoreError::io(&manifest_path, e))?;
        let manifest: Manifest = toml::from_str(&text).map_err(|e| StoreError::Source {
            path: manifest_path.clone(),
            message: e.to_string(),
        })?;
        insert_territory(&txn, &tmp, &manifest.slug, &manifest.name, &text)?;
        for layer in LayerId::TERRITORY {
            let files: Vec<PathBuf> = layer
                .manifest_files(&manifest.layers)
                .iter()
                .map(|f| dir.join(f))
                .collect();
            add(&mut txn, &manifest.slug, layer, &files)?;
        }
    }
    txn.commit().map_err(err)?;
    // WAL: readers (a serving process) never wait for a publishing writer.
    ds.execute_sql(
        "PRAGMA journal_mode = WAL",
        None,
        gdal::vector::sql::Dialect::DEFAULT,
    )
    .map_err(err)?;
    ds.close().map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| StoreError::io(path, e))
}

fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".creation");
    path.with_file_name(name)
}

/// Reads a layer file of a data directory as it is (placements unresolved).
pub fn read_file(path: &Path, layer: LayerId) -> Result<LayerData> {
    let mut report = Report::default();
    let text = geodata::read::read_text(path, &mut report).ok_or_else(|| StoreError::Source {
        path: path.to_path_buf(),
        message: report.to_string().trim().to_string(),
    })?;
    let bad = |message: String| StoreError::Source {
        path: path.to_path_buf(),
        message,
    };
    if !layer.is_geographic() {
        let items: Vec<serde_json::Map<String, serde_json::Value>> =
            serde_json::from_str(&text).map_err(|e| bad(format!("JSON illisible : {e}")))?;
        return Ok(LayerData {
            features: items
                .into_iter()
                .map(|props| StoredFeature {
                    props,
                    geometry: None,
                })
                .collect(),
        });
    }
    crate::geojson_text::geojson_to_features(&text).map_err(bad)
}
