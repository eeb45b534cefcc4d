//! The embedded backend: one GeoPackage file, written through GDAL, that QGIS and `ogrinfo`
//! open directly.
//!
//! Layout: each published version of a layer is a feature table of its own
//! (`annemasse_agglo__perimetres__v7`: the model's fields as text columns for QGIS, plus
//! `proprietes`, the exact JSON properties the store reads back); `quartiers_versions` lists
//! every version, `quartiers_territoires` holds the manifests, `quartiers_imports` the
//! validated imports waiting to be published. The current version of a layer is its latest
//! row in `quartiers_versions`. Every write is one SQLite transaction (WAL journal), so a
//! killed process leaves the previous state, and readers are never blocked by a writer.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use gdal::errors::GdalError;
use gdal::vector::{Feature, LayerAccess};
use gdal::Dataset;

use crate::credential::Credential;
use crate::error::{Result, StoreError};
use crate::gdal_log;
use crate::geojson_text::features_to_geojson;
use crate::layer_id::LayerId;
use crate::publish::{check_fresh, check_not_current, new_version, restoring, KEEP_IMPORTS};
use crate::store::{LayerData, NewTerritory, StagedImport, Store};
use crate::version::Version;

mod rows;
mod schema;
mod tables;

use rows::{execute, max_of, read_staged, read_versions, text, Columns};
pub(crate) use rows::{insert_territory, insert_version};
pub(crate) use schema::{create_schema, gdal_error, open_dataset};
use schema::{IMPORTS, TERRITORIES, VERSIONS};
use tables::read_features;
pub(crate) use tables::write_features;

/// A store in one GeoPackage file.
#[derive(Debug)]
pub struct GpkgStore {
    path: PathBuf,
    /// Serialises this process's writers (SQLite serialises processes).
    writer: Mutex<()>,
}

impl GpkgStore {
    /// Opens an existing store.
    pub fn open(path: &Path) -> Result<Self> {
        gdal_log::install();
        if !path.is_file() {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                message: "fichier absent : créez le magasin (quartiers serve ou quartiers versions le crée à partir de data/)".into(),
            });
        }
        let store = Self::at(path);
        let ds = store.dataset(false)?;
        for table in [VERSIONS, TERRITORIES, IMPORTS] {
            ds.layer_by_name(table).map_err(|_| StoreError::Corrupt {
                path: path.to_path_buf(),
                message: format!("table « {table} » absente : ce n'est pas un magasin Quartiers"),
            })?;
        }
        drop(ds);
        schema::add_credential_column(path)?;
        Ok(store)
    }

    /// Opens the store, creating it from the data directory first if the file does not exist.
    /// Returns whether it was created.
    pub fn open_or_create(path: &Path, data_dir: &Path) -> Result<(Self, bool)> {
        if path.exists() {
            return Ok((Self::open(path)?, false));
        }
        crate::seed::create_from_data(path, data_dir)?;
        Ok((Self::open(path)?, true))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn at(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            writer: Mutex::new(()),
        }
    }

    fn dataset(&self, update: bool) -> Result<Dataset> {
        open_dataset(&self.path, update)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        // A writer that panicked left no transaction open (GDAL rolls back on drop).
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn gdal(&self) -> impl Fn(GdalError) -> StoreError + '_ {
        move |e| gdal_error(&self.path, &e)
    }
}

/// The latest version of a layer in `versions`.
fn current_of<'a>(versions: &'a [Version], territory: &str, layer: LayerId) -> Option<&'a Version> {
    versions
        .iter()
        .rev()
        .find(|v| v.territory == territory && v.layer == layer.as_str())
}

impl Store for GpkgStore {
    fn territories(&self) -> Result<Vec<String>> {
        let ds = self.dataset(false)?;
        let mut layer = ds.layer_by_name(TERRITORIES).map_err(self.gdal())?;
        let i = Columns::of(&layer).index("slug", &self.path)?;
        let mut slugs: Vec<String> = layer.features().map(|f| text(&f, i)).collect();
        slugs.sort();
        slugs.dedup();
        Ok(slugs)
    }

    fn manifest(&self, territory: &str) -> Result<String> {
        let ds = self.dataset(false)?;
        let mut layer = ds.layer_by_name(TERRITORIES).map_err(self.gdal())?;
        let c = Columns::of(&layer);
        let (slug, manifest) = (
            c.index("slug", &self.path)?,
            c.index("manifeste", &self.path)?,
        );
        let mut known = Vec::new();
        for f in layer.features() {
            let s = text(&f, slug);
            if s == territory {
                return Ok(text(&f, manifest));
            }
            known.push(s);
        }
        Err(StoreError::UnknownTerritory(
            territory.to_string(),
            known.join(", "),
        ))
    }

    fn versions(&self) -> Result<Vec<Version>> {
        read_versions(&self.dataset(false)?, &self.path)
    }

    fn current(&self, territory: &str, layer: LayerId) -> Result<Option<(Version, LayerData)>> {
        let ds = self.dataset(false)?;
        let versions = read_versions(&ds, &self.path)?;
        let Some(v) = current_of(&versions, territory, layer) else {
            return Ok(None);
        };
        let data = read_features(&ds, &self.path, &v.table)?;
        Ok(Some((v.clone(), data)))
    }

    fn data_of(&self, version: &Version) -> Result<LayerData> {
        read_features(&self.dataset(false)?, &self.path, &version.table)
    }

    fn data_version(&self) -> Result<u64> {
        max_of(&self.dataset(false)?, &self.path, VERSIONS, "numero")
    }

    fn stage(&self, import: StagedImport) -> Result<u64> {
        let _guard = self.lock();
        let mut ds = self.dataset(true)?;
        let path = self.path.clone();
        let err = |e: GdalError| gdal_error(&path, &e);
        let txn = ds.start_transaction().map_err(err)?;
        let id = max_of(&txn, &path, IMPORTS, "id")? + 1;
        {
            let layer = txn.layer_by_name(IMPORTS).map_err(err)?;
            let c = Columns::of(&layer);
            let mut f = Feature::new(layer.defn()).map_err(err)?;
            f.set_field_integer64(c.index("id", &path)?, id as i64)
                .map_err(err)?;
            let data = features_to_geojson(&import.data)?;
            let report = serde_json::to_string(&import.report)?;
            for (name, value) in [
                ("territoire", import.territory.as_str()),
                ("couche", import.layer.as_str()),
                ("auteur", import.author.as_str()),
                ("date", import.date.as_str()),
                ("fichier_source", import.source_name.as_str()),
                ("sha256", import.sha256.as_str()),
                ("donnees", data.as_str()),
                ("rapport", report.as_str()),
            ] {
                f.set_field_string(c.index(name, &path)?, value)
                    .map_err(err)?;
            }
            if let Some(base) = import.base_version {
                f.set_field_integer64(c.index("version_base", &path)?, base as i64)
                    .map_err(err)?;
            }
            f.create(&layer).map_err(err)?;
        }
        if id > KEEP_IMPORTS {
            execute(
                &txn,
                &path,
                &format!("DELETE FROM {IMPORTS} WHERE id <= {}", id - KEEP_IMPORTS),
            )?;
        }
        txn.commit().map_err(err)?;
        Ok(id)
    }

    fn staged(&self, id: u64) -> Result<StagedImport> {
        read_staged(&self.dataset(false)?, &self.path, id)
    }

    fn publish(&self, import: u64, comment: &str, by: Credential<'_>) -> Result<Version> {
        let _guard = self.lock();
        let mut ds = self.dataset(true)?;
        let path = self.path.clone();
        let err = |e: GdalError| gdal_error(&path, &e);
        let mut txn = ds.start_transaction().map_err(err)?;
        let staged = read_staged(&txn, &path, import)?;
        by.check(&staged.territory)?;
        let versions = read_versions(&txn, &path)?;
        let current = current_of(&versions, &staged.territory, staged.layer);
        check_fresh(
            import,
            &staged.territory,
            staged.layer,
            staged.base_version,
            current.map(|v| v.number),
        )?;
        let number = versions.last().map_or(0, |v| v.number) + 1;
        let version = new_version(
            number,
            &staged.territory,
            staged.layer,
            staged.data.features.len() as u64,
            staged.provenance(comment, by.name),
        );
        write_features(
            &mut txn,
            &path,
            &version.table,
            &staged.territory,
            staged.layer,
            number,
            &staged.data,
        )?;
        insert_version(&txn, &path, &version)?;
        execute(
            &txn,
            &path,
            &format!("DELETE FROM {IMPORTS} WHERE id = {import}"),
        )?;
        txn.commit().map_err(err)?;
        Ok(version)
    }

    fn create_territory(&self, territory: &NewTerritory) -> Result<Vec<Version>> {
        let _guard = self.lock();
        let mut ds = self.dataset(true)?;
        let path = self.path.clone();
        let err = |e: GdalError| gdal_error(&path, &e);
        let mut txn = ds.start_transaction().map_err(err)?;
        let slug = &territory.slug;
        let exists = {
            let mut layer = txn.layer_by_name(TERRITORIES).map_err(err)?;
            let i = Columns::of(&layer).index("slug", &path)?;
            let found = layer.features().any(|f| text(&f, i) == *slug);
            found
        };
        if exists && !territory.replace {
            return Err(StoreError::TerritoryExists(slug.clone()));
        }
        if exists {
            execute(
                &txn,
                &path,
                &format!(
                    "DELETE FROM {TERRITORIES} WHERE slug = '{}'",
                    slug.replace('\'', "''")
                ),
            )?;
        }
        insert_territory(&txn, &path, slug, &territory.name, &territory.manifest)?;
        let mut number = read_versions(&txn, &path)?.last().map_or(0, |v| v.number);
        let mut created = Vec::new();
        for (layer, data) in &territory.layers {
            number += 1;
            let count = data.features.len() as u64;
            let version = new_version(number, slug, *layer, count, territory.provenance());
            write_features(&mut txn, &path, &version.table, slug, *layer, number, data)?;
            insert_version(&txn, &path, &version)?;
            created.push(version);
        }
        txn.commit().map_err(err)?;
        Ok(created)
    }

    fn rollback(
        &self,
        number: u64,
        author: &str,
        comment: &str,
        by: Credential<'_>,
    ) -> Result<Version> {
        let _guard = self.lock();
        let mut ds = self.dataset(true)?;
        let path = self.path.clone();
        let err = |e: GdalError| gdal_error(&path, &e);
        let txn = ds.start_transaction().map_err(err)?;
        let versions = read_versions(&txn, &path)?;
        let target = versions
            .iter()
            .find(|v| v.number == number)
            .ok_or(StoreError::UnknownVersion(number))?;
        by.check(&target.territory)?;
        let layer: LayerId = target.layer.parse()?;
        check_not_current(target, current_of(&versions, &target.territory, layer))?;
        let next = versions.last().map_or(0, |v| v.number) + 1;
        let version = restoring(next, target, author, comment, by.name);
        insert_version(&txn, &path, &version)?;
        txn.commit().map_err(err)?;
        Ok(version)
    }
}
