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
//!
//! GDAL creates the file ([`crate::seed`]); a store then reads and writes it through one
//! SQLite connection, kept open ([`sql`]): GDAL lists every table each time it opens a
//! GeoPackage, 2.3 s with the 3,100 tables of 344 territories.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, TransactionBehavior};

use crate::credential::Credential;
use crate::error::{Result, StoreError};
use crate::gdal_log;
use crate::layer_id::LayerId;
use crate::publish::{check_fresh, check_not_current, new_version, restoring, KEEP_IMPORTS};
use crate::store::{LayerData, NewTerritory, StagedImport, Store};
use crate::version::Version;

mod blob;
mod rows;
mod schema;
mod sql;
mod tables;
mod write;

pub(crate) use rows::{insert_territory, insert_version};
pub(crate) use schema::{create_schema, gdal_error};
use schema::{IMPORTS, VERSIONS};
pub(crate) use tables::write_features;

/// A store in one GeoPackage file.
#[derive(Debug)]
pub struct GpkgStore {
    path: PathBuf,
    /// The connection every read and write goes through; its lock serialises this process's
    /// writers (SQLite serialises processes).
    db: Mutex<Db>,
}

/// The connection, in a type that can say it is one without printing it.
struct Db(Connection);

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Db")
    }
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
        let conn = sql::open(path)?;
        sql::add_credential_column(&conn, path)?;
        Ok(Self {
            path: path.to_path_buf(),
            db: Mutex::new(Db(conn)),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn db(&self) -> MutexGuard<'_, Db> {
        // A writer that panicked left no transaction open (rusqlite rolls back on drop).
        self.db.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `write` in one immediate transaction (the write lock taken at once, so that two
    /// processes do not both read and then both write), committed when it succeeds.
    fn write<T>(
        &self,
        write: impl FnOnce(&rusqlite::Transaction<'_>, &Path) -> Result<T>,
    ) -> Result<T> {
        let mut db = self.db();
        let path = self.path.as_path();
        let tx =
            db.0.transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| sql::corrupt(path, e))?;
        let value = write(&tx, path)?;
        tx.commit().map_err(|e| sql::corrupt(path, e))?;
        Ok(value)
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
        let mut slugs: Vec<String> = self
            .manifests()?
            .into_iter()
            .map(|(slug, _)| slug)
            .collect();
        slugs.sort();
        slugs.dedup();
        Ok(slugs)
    }

    fn manifest(&self, territory: &str) -> Result<String> {
        let manifests = self.manifests()?;
        if let Some((_, m)) = manifests.iter().find(|(s, _)| s == territory) {
            return Ok(m.clone());
        }
        let known: Vec<&str> = manifests.iter().map(|(s, _)| s.as_str()).collect();
        Err(StoreError::UnknownTerritory(
            territory.to_string(),
            known.join(", "),
        ))
    }

    fn manifests(&self) -> Result<Vec<(String, String)>> {
        sql::manifests(&self.db().0, &self.path)
    }

    fn versions(&self) -> Result<Vec<Version>> {
        sql::versions(&self.db().0, &self.path)
    }

    fn current(&self, territory: &str, layer: LayerId) -> Result<Option<(Version, LayerData)>> {
        let db = self.db();
        let versions = sql::versions(&db.0, &self.path)?;
        let Some(v) = current_of(&versions, territory, layer) else {
            return Ok(None);
        };
        let data = sql::features(&db.0, &self.path, &v.table)?;
        Ok(Some((v.clone(), data)))
    }

    fn data_of(&self, version: &Version) -> Result<LayerData> {
        sql::features(&self.db().0, &self.path, &version.table)
    }

    fn data_version(&self) -> Result<u64> {
        sql::max_of(&self.db().0, &self.path, VERSIONS, "numero")
    }

    fn stage(&self, import: StagedImport) -> Result<u64> {
        self.write(|tx, path| {
            let id = sql::max_of(tx, path, IMPORTS, "id")? + 1;
            write::insert_import(tx, path, id, &import)?;
            if id > KEEP_IMPORTS {
                write::delete_imports(tx, path, id - KEEP_IMPORTS, true)?;
            }
            Ok(id)
        })
    }

    fn staged(&self, id: u64) -> Result<StagedImport> {
        sql::staged(&self.db().0, &self.path, id)
    }

    fn publish(&self, import: u64, comment: &str, by: Credential<'_>) -> Result<Version> {
        self.write(|tx, path| {
            let staged = sql::staged(tx, path, import)?;
            by.check(&staged.territory)?;
            let versions = sql::versions(tx, path)?;
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
            write::write_features(
                tx,
                path,
                &version.table,
                &staged.territory,
                staged.layer,
                number,
                &staged.data,
            )?;
            write::insert_version(tx, path, &version)?;
            write::delete_imports(tx, path, import, false)?;
            Ok(version)
        })
    }

    fn create_territory(&self, territory: &NewTerritory) -> Result<Vec<Version>> {
        self.write(|tx, path| {
            let slug = &territory.slug;
            let exists = sql::manifests(tx, path)?.iter().any(|(s, _)| s == slug);
            if exists && !territory.replace {
                return Err(StoreError::TerritoryExists(slug.clone()));
            }
            if exists {
                write::delete_territory(tx, path, slug)?;
            }
            write::insert_territory(tx, path, slug, &territory.name, &territory.manifest)?;
            let mut number = sql::versions(tx, path)?.last().map_or(0, |v| v.number);
            let mut created = Vec::new();
            for (layer, data) in &territory.layers {
                number += 1;
                let count = data.features.len() as u64;
                let version = new_version(number, slug, *layer, count, territory.provenance());
                write::write_features(tx, path, &version.table, slug, *layer, number, data)?;
                write::insert_version(tx, path, &version)?;
                created.push(version);
            }
            Ok(created)
        })
    }

    fn rollback(
        &self,
        number: u64,
        author: &str,
        comment: &str,
        by: Credential<'_>,
    ) -> Result<Version> {
        self.write(|tx, path| {
            let versions = sql::versions(tx, path)?;
            let target = versions
                .iter()
                .find(|v| v.number == number)
                .ok_or(StoreError::UnknownVersion(number))?;
            by.check(&target.territory)?;
            let layer: LayerId = target.layer.parse()?;
            check_not_current(target, current_of(&versions, &target.territory, layer))?;
            let next = versions.last().map_or(0, |v| v.number) + 1;
            let version = restoring(next, target, author, comment, by.name);
            write::insert_version(tx, path, &version)?;
            Ok(version)
        })
    }
}
