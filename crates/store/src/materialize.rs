//! Writes the store's current versions as a data directory (`france/`, `territories/<slug>/`)
//! so that geodata loads and validates them with its own rules: the store never re-implements
//! a rule, and a candidate layer is validated together with the published layers it affects.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use std::sync::Mutex;

use geodata::catalog::{Catalog, CatalogError};
use geodata::manifest::Manifest;
use geodata::national::{National, QPV_FILE};
use geodata::report::Report;
use geodata::territory::Territory;
use rayon::iter::{IntoParallelIterator, ParallelIterator};

use crate::error::{Result, StoreError};
use crate::layer_id::{LayerId, NATIONAL};
use crate::store::{LayerData, Store};
use crate::version::Version;

/// A layer to write in place of its current version.
#[derive(Debug, Clone, Copy)]
pub struct Replacement<'a> {
    pub territory: &'a str,
    pub layer: LayerId,
    pub data: &'a LayerData,
}

/// The national layer last loaded, with the version it comes from: a server reloading after a
/// territory's publication does not read and validate the 1,584 QPV outlines again.
static NATIONAL_LOADED: Mutex<Option<(String, National)>> = Mutex::new(None);

/// The catalog of `store`'s current versions, loaded and validated by geodata; `only` limits
/// the territories (every one when empty). A function beside the [`Store`] trait rather than
/// a method of it, so that the trait does not depend on what is built from it.
pub fn load_catalog<S: Store + ?Sized>(store: &S, only: &[String]) -> Result<(Catalog, Report)> {
    let (catalog, report, _) = load_catalog_keeping(store, only, None)?;
    Ok((catalog, report))
}

/// What a load of a store's territories leaves for the next one: the manifest and layer
/// versions each territory was loaded from, with its load's report.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    territories: HashMap<String, (String, Report)>,
}

/// [`load_catalog`], taking from `previous` — a catalog this store loaded, and what its load
/// left — the territories whose manifest and layer versions have not changed since: a reload
/// after one territory's publication loads that territory again, not 344. The others are
/// loaded in parallel.
pub fn load_catalog_keeping<S: Store + ?Sized>(
    store: &S,
    only: &[String],
    previous: Option<(&Catalog, &Loaded)>,
) -> Result<(Catalog, Report, Loaded)> {
    let tmp = temp_dir()?;
    let mut report = Report::default();
    // Read once: with 344 territories, a read of the versions per layer was 3,100 reads.
    let versions = store.versions()?;
    let current = Current::of(&versions);
    let national_qpv = current.get(NATIONAL, LayerId::Qpv);
    let key = national_qpv.map(|v| format!("{}:{}", v.table, v.sha256));
    let cached = {
        let guard = NATIONAL_LOADED.lock().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .filter(|(k, _)| key.as_ref() == Some(k))
            .map(|(_, n)| n.clone())
    };
    let national = match cached {
        Some(national) => national,
        None => {
            let dir = tmp.path().join(NATIONAL);
            create_dir(&dir)?;
            if let Some(v) = national_qpv {
                write_geojson(&dir.join(QPV_FILE), &store.data_of(v)?)?;
            }
            let (national, found) = National::load_validating(&dir);
            if found.has_errors() {
                return Err(CatalogError::National { dir, report: found }.into());
            }
            report.extend(found);
            if let Some(key) = key {
                *NATIONAL_LOADED.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some((key, national.clone()));
            }
            national
        }
    };
    let mut manifests = store.manifests()?;
    // Sorted by slug, the first row of a slug kept (as `Store::territories` and
    // `Store::manifest` read them).
    manifests.sort_by(|a, b| a.0.cmp(&b.0));
    manifests.dedup_by(|later, first| later.0 == first.0);
    if let Some(unknown) = only
        .iter()
        .find(|s| !manifests.iter().any(|(slug, _)| slug == *s))
    {
        return Err(
            CatalogError::UnknownTerritory(unknown.clone(), PathBuf::from("magasin")).into(),
        );
    }
    let wanted: Vec<&(String, String)> = manifests
        .iter()
        .filter(|(s, _)| only.is_empty() || only.contains(s))
        .collect();
    let mut loaded = Loaded::default();
    // Each territory kept from the previous load, or the directory to load it from.
    let mut sources = Vec::with_capacity(wanted.len());
    for (slug, manifest) in wanted {
        let key = territory_key(manifest, |layer| current.get(slug, layer));
        let kept = previous.and_then(|(catalog, before)| {
            let (k, found) = before.territories.get(slug)?;
            let territory = catalog.territory(slug).filter(|_| *k == key)?;
            Some((territory.clone(), found.clone()))
        });
        let source = match kept {
            Some(kept) => Source::Kept(Box::new(kept)),
            None => {
                // Read here (the store is one connection), written and loaded side by side
                // below: with 344 territories, writing the files was a fifth of a start.
                let mut layers = Vec::new();
                for layer in LayerId::TERRITORY {
                    if let Some(v) = current.get(slug, layer) {
                        layers.push((layer, store.data_of(v)?));
                    }
                }
                Source::Stored { manifest, layers }
            }
        };
        sources.push((slug.clone(), key, source));
    }
    let territories_dir = tmp.path().join("territories");
    let results: Vec<_> = sources
        .into_par_iter()
        .map(|(slug, key, source)| {
            let loaded = match source {
                Source::Kept(kept) => Ok(*kept),
                Source::Stored {
                    manifest,
                    mut layers,
                } => {
                    let dir = territories_dir.join(&slug);
                    write_territory_with(&dir, &slug, manifest, |layer| {
                        let at = layers.iter().position(|(l, _)| *l == layer);
                        Ok(at.map(|i| layers.swap_remove(i).1))
                    })
                    .and_then(|dir| Territory::load(&dir).map_err(|e| CatalogError::from(e).into()))
                }
            };
            (slug, key, loaded)
        })
        .collect();
    let mut territories = Vec::with_capacity(results.len());
    for (slug, key, result) in results {
        let (territory, found) = result?;
        report.extend(found.clone());
        loaded.territories.insert(slug, (key, found));
        territories.push(territory);
    }
    Ok((
        Catalog {
            territories,
            national,
        },
        report,
        loaded,
    ))
}

/// Where a territory of the new catalog comes from.
enum Source<'a> {
    /// Unchanged since the previous load: taken from the served catalog, with its report.
    Kept(Box<(Territory, Report)>),
    /// Read from the store: its manifest and each layer's current data.
    Stored {
        manifest: &'a str,
        layers: Vec<(LayerId, LayerData)>,
    },
}

/// What a territory's load depends on: its manifest and the data set of each layer (a table
/// holds one version's features and never changes; a rollback names the table it restores).
fn territory_key<'a>(manifest: &str, current: impl Fn(LayerId) -> Option<&'a Version>) -> String {
    let mut key = manifest.to_string();
    for layer in LayerId::TERRITORY {
        key.push('\n');
        key.push_str(current(layer).map_or("", |v| v.table.as_str()));
    }
    key
}

/// A temporary directory, removed when dropped.
pub fn temp_dir() -> Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix("quartiers-")
        .tempdir()
        .map_err(|e| StoreError::io(std::env::temp_dir(), e))
}

/// Writes one territory directory: its manifest and every layer's current version (or the
/// replacement), each in the first file the manifest names for it.
pub fn write_territory<S: Store + ?Sized>(
    store: &S,
    slug: &str,
    dir: &Path,
    replacement: Option<Replacement<'_>>,
) -> Result<PathBuf> {
    write_territory_replacing(store, slug, dir, replacement.as_slice())
}

/// [`write_territory`] with any number of layers replaced.
pub fn write_territory_replacing<S: Store + ?Sized>(
    store: &S,
    slug: &str,
    dir: &Path,
    replacements: &[Replacement<'_>],
) -> Result<PathBuf> {
    let manifest = store.manifest(slug)?;
    write_territory_with(dir, slug, &manifest, |layer| {
        let replaced = replacements
            .iter()
            .find(|r| r.territory == slug && r.layer == layer);
        Ok(match replaced {
            Some(r) => Some(r.data.clone()),
            None => store.current(slug, layer)?.map(|(_, d)| d),
        })
    })
}

/// The current version of each layer, from the list of every version (oldest first).
struct Current<'a>(HashMap<(&'a str, &'a str), &'a Version>);

impl<'a> Current<'a> {
    fn of(versions: &'a [Version]) -> Self {
        Self(
            versions
                .iter()
                .map(|v| ((v.territory.as_str(), v.layer.as_str()), v))
                .collect(),
        )
    }

    fn get(&self, territory: &str, layer: LayerId) -> Option<&'a Version> {
        self.0.get(&(territory, layer.as_str())).copied()
    }
}

/// Writes a territory directory from its manifest text and the data `layer_data` gives for
/// each layer the manifest names a file for.
fn write_territory_with(
    dir: &Path,
    slug: &str,
    manifest_text: &str,
    mut layer_data: impl FnMut(LayerId) -> Result<Option<LayerData>>,
) -> Result<PathBuf> {
    create_dir(dir)?;
    let manifest: Manifest = toml::from_str(manifest_text).map_err(|e| StoreError::Corrupt {
        path: PathBuf::from(slug),
        message: format!("manifeste illisible : {e}"),
    })?;
    write_file(&dir.join("territory.toml"), manifest_text.as_bytes())?;
    for layer in LayerId::TERRITORY {
        let Some(file) = layer.manifest_files(&manifest.layers).first() else {
            continue;
        };
        let Some(data) = layer_data(layer)? else {
            continue;
        };
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
