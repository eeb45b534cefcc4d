//! The store's reads and writes, through SQLite directly rather than GDAL.
//!
//! GDAL's GeoPackage driver lists every table of the file when it opens it, with a query that
//! compares each table of `gpkg_contents` with every entry of `sqlite_master`: with one table
//! per layer version (3,100 for 344 territories) one open takes 2.3 s, and the server opened
//! the file for every layer it read. Here one connection is kept open, and each statement
//! sees what other processes committed (WAL). GDAL must not open the same file in the same
//! process meanwhile: its own file handles release the POSIX locks SQLite holds on it, which
//! the SQLite connection then finds "malformed". So the runtime writes here too, as GDAL
//! lays the tables out ([`super::tables`] when it creates the store): a feature table with its
//! `gpkg_contents`, `gpkg_geometry_columns` and `gpkg_ogr_contents` rows, geometries as
//! GeoPackage blobs, so that QGIS and `ogrinfo` read the file as before.

use std::path::Path;
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row};
use serde_json::{Map, Value};

use super::blob;
use super::schema::{BUSY_TIMEOUT_MS, CREDENTIAL, IMPORTS, TERRITORIES, VERSIONS};
use crate::error::{Result, StoreError};
use crate::geojson_text::geojson_to_features;
use crate::publish::report_from_json;
use crate::store::{LayerData, StagedImport, StoredFeature};
use crate::version::Version;

/// The column holding a feature's exact properties, as JSON (see [`super::tables`]).
pub(crate) const PROPS: &str = "proprietes";

pub(crate) fn corrupt(path: &Path, message: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// An SQL identifier, quoted.
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Opens the store's file (read-only when it cannot be written) and checks it holds the
/// store's fixed tables.
pub(crate) fn open(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| corrupt(path, e))?;
    conn.busy_timeout(Duration::from_millis(u64::from(BUSY_TIMEOUT_MS)))
        .map_err(|e| corrupt(path, e))?;
    for table in [VERSIONS, TERRITORIES, IMPORTS] {
        if columns(&conn, path, table)?.is_empty() {
            return Err(corrupt(
                path,
                format!("table « {table} » absente : ce n'est pas un magasin Quartiers"),
            ));
        }
    }
    Ok(conn)
}

/// The column names of `table` (none when it does not exist).
pub(crate) fn columns(conn: &Connection, path: &Path, table: &str) -> Result<Vec<String>> {
    let sql = format!("PRAGMA table_info({})", quoted(table));
    let mut st = conn.prepare(&sql).map_err(|e| corrupt(path, e))?;
    let names = st
        .query_map([], |r| r.get::<_, String>(1))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| corrupt(path, e))?;
    Ok(names)
}

/// Adds the [`CREDENTIAL`] column to a store made before it; a store that has it is left
/// alone, and one that cannot be written (read-only file) keeps reading as before (its
/// versions have no credential).
pub(crate) fn add_credential_column(conn: &Connection, path: &Path) -> Result<()> {
    let has = |conn: &Connection| -> Result<bool> {
        Ok(columns(conn, path, VERSIONS)?
            .iter()
            .any(|c| c == CREDENTIAL))
    };
    if has(conn)? || conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
        return Ok(());
    }
    let added = conn.execute_batch(&format!(
        "ALTER TABLE {VERSIONS} ADD COLUMN {} TEXT",
        quoted(CREDENTIAL)
    ));
    // Another process may have added it meanwhile; a file we may not write stays as it is.
    match added {
        Ok(()) => Ok(()),
        Err(_) if has(conn)? => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) => Ok(()),
        Err(e) => Err(corrupt(path, e)),
    }
}

pub(crate) fn versions(conn: &Connection, path: &Path) -> Result<Vec<Version>> {
    // A store no process could upgrade (read-only) lacks the credential column.
    let has_credential = columns(conn, path, VERSIONS)?
        .iter()
        .any(|c| c == CREDENTIAL);
    let credential = if has_credential { CREDENTIAL } else { "NULL" };
    let sql = format!(
        "SELECT numero, territoire, couche, auteur, date, fichier_source, sha256, nb_entites, \
         commentaire, table_donnees, retour_a, {credential} FROM {VERSIONS}"
    );
    let mut st = conn.prepare(&sql).map_err(|e| corrupt(path, e))?;
    let mut out = st
        .query_map([], |r| {
            Ok(Version {
                number: int(r, 0)?.unwrap_or(0),
                territory: text(r, 1)?,
                layer: text(r, 2)?,
                author: text(r, 3)?,
                date: text(r, 4)?,
                source_name: text(r, 5)?,
                sha256: text(r, 6)?,
                feature_count: int(r, 7)?.unwrap_or(0),
                comment: text(r, 8)?,
                table: text(r, 9)?,
                rollback_of: int(r, 10)?,
                credential: Some(text(r, 11)?).filter(|name| !name.is_empty()),
            })
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| corrupt(path, e))?;
    out.sort_by_key(|v| v.number);
    Ok(out)
}

/// Every territory's slug and manifest, in the table's order.
pub(crate) fn manifests(conn: &Connection, path: &Path) -> Result<Vec<(String, String)>> {
    let sql = format!("SELECT slug, manifeste FROM {TERRITORIES} ORDER BY rowid");
    let mut st = conn.prepare(&sql).map_err(|e| corrupt(path, e))?;
    let rows = st
        .query_map([], |r| Ok((text(r, 0)?, text(r, 1)?)))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| corrupt(path, e))?;
    Ok(rows)
}

/// `MAX(column)` of a table, 0 when empty.
pub(crate) fn max_of(conn: &Connection, path: &Path, table: &str, column: &str) -> Result<u64> {
    let sql = format!("SELECT MAX({column}) FROM {table}");
    let value: Option<i64> = conn
        .query_row(&sql, [], |r| r.get(0))
        .map_err(|e| corrupt(path, e))?;
    Ok(value.and_then(|v| u64::try_from(v).ok()).unwrap_or(0))
}

pub(crate) fn staged(conn: &Connection, path: &Path, id: u64) -> Result<StagedImport> {
    let sql = format!(
        "SELECT territoire, couche, auteur, date, fichier_source, sha256, version_base, \
         donnees, rapport FROM {IMPORTS} WHERE id = ?1"
    );
    let id_sql = i64::try_from(id).map_err(|_| StoreError::UnknownImport(id))?;
    let row = conn
        .query_row(&sql, [id_sql], |r| {
            Ok((
                [text(r, 0)?, text(r, 1)?, text(r, 2)?, text(r, 3)?],
                [text(r, 4)?, text(r, 5)?, text(r, 7)?, text(r, 8)?],
                int(r, 6)?,
            ))
        })
        .optional()
        .map_err(|e| corrupt(path, e))?;
    let Some(([territory, layer, author, date], [source_name, sha256, data, report], base)) = row
    else {
        return Err(StoreError::UnknownImport(id));
    };
    let data =
        geojson_to_features(&data).map_err(|m| corrupt(path, format!("import {id} : {m}")))?;
    Ok(StagedImport {
        id,
        territory,
        layer: layer.parse()?,
        author,
        date,
        source_name,
        sha256,
        base_version: base,
        data,
        report: report_from_json(&report),
    })
}

/// The features of a version's table, in their order.
pub(crate) fn features(conn: &Connection, path: &Path, table: &str) -> Result<LayerData> {
    // By its exact name, which the primary key indexes: a lower() on both sides scanned the
    // 3,100 rows for each of the 3,100 tables.
    let geometry_column: Option<String> = conn
        .query_row(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?1",
            [table],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| corrupt(path, e))?;
    let geometry = geometry_column
        .as_deref()
        .map_or_else(|| "NULL".to_string(), quoted);
    let sql = format!(
        "SELECT {}, {geometry} FROM {} ORDER BY rowid",
        quoted(PROPS),
        quoted(table)
    );
    let mut st = conn.prepare(&sql).map_err(|e| {
        if e.to_string().contains("no such table") {
            corrupt(
                path,
                format!("table « {table} » absente alors que quartiers_versions la cite"),
            )
        } else {
            corrupt(path, e)
        }
    })?;
    let mut rows = st.query([]).map_err(|e| corrupt(path, e))?;
    let mut features = Vec::new();
    while let Some(r) = rows.next().map_err(|e| corrupt(path, e))? {
        let text = text(r, 0).map_err(|e| corrupt(path, e))?;
        let at = features.len() + 1;
        let props: Map<String, Value> = serde_json::from_str(&text)
            .map_err(|e| corrupt(path, format!("table « {table} », entité {at} : {e}")))?;
        let geometry = match r.get_ref(1).map_err(|e| corrupt(path, e))? {
            ValueRef::Blob(b) => blob::decode(b)
                .map_err(|m| corrupt(path, format!("table « {table} », entité {at} : {m}")))?,
            _ => None,
        };
        features.push(StoredFeature { props, geometry });
    }
    Ok(LayerData { features })
}

fn text(r: &Row<'_>, i: usize) -> rusqlite::Result<String> {
    Ok(match r.get_ref(i)? {
        ValueRef::Null => String::new(),
        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
    })
}

fn int(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<u64>> {
    Ok(match r.get_ref(i)? {
        ValueRef::Integer(n) => u64::try_from(n).ok(),
        ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(|s| s.parse().ok()),
        _ => None,
    })
}
