//! The rows of the fixed tables: versions, territories and staged imports, read and written
//! through GDAL.

use std::path::Path;

use gdal::errors::GdalError;
use gdal::vector::{Feature, LayerAccess};
use gdal::Dataset;

use super::schema::{
    gdal_error, Field, CREDENTIAL, IMPORTS, IMPORT_FIELDS, TERRITORIES, VERSIONS, VERSION_FIELDS,
};
use crate::error::{Result, StoreError};
use crate::geojson_text::geojson_to_features;
use crate::publish::report_from_json;
use crate::store::StagedImport;
use crate::version::Version;

/// Field indices of a table, by name.
pub(crate) struct Columns(Vec<String>);

impl Columns {
    pub(crate) fn of<L: LayerAccess>(layer: &L) -> Self {
        Self(layer.defn().fields().map(|f| f.name()).collect())
    }

    pub(crate) fn index(&self, name: &str, path: &Path) -> Result<usize> {
        self.0
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| StoreError::Corrupt {
                path: path.to_path_buf(),
                message: format!("colonne « {name} » absente"),
            })
    }

    /// The indices of a fixed table's `fields`, in their order.
    pub(crate) fn indices(&self, fields: &[Field], path: &Path) -> Result<Vec<usize>> {
        fields.iter().map(|(n, _)| self.index(n, path)).collect()
    }
}

pub(crate) fn text(f: &Feature<'_>, i: usize) -> String {
    f.field_as_string(i).ok().flatten().unwrap_or_default()
}

pub(crate) fn int(f: &Feature<'_>, i: usize) -> Option<u64> {
    f.field_as_integer64(i)
        .ok()
        .flatten()
        .and_then(|v| u64::try_from(v).ok())
}

pub(crate) fn read_versions(ds: &Dataset, path: &Path) -> Result<Vec<Version>> {
    let mut layer = ds
        .layer_by_name(VERSIONS)
        .map_err(|e| gdal_error(path, &e))?;
    let c = Columns::of(&layer);
    // A store no process could upgrade (read-only) lacks the credential column.
    let (required, _) = VERSION_FIELDS.split_at(VERSION_FIELDS.len() - 1);
    let idx = c.indices(required, path)?;
    let credential = c.index(CREDENTIAL, path).ok();
    let mut out = Vec::new();
    for f in layer.features() {
        out.push(Version {
            number: int(&f, idx[0]).unwrap_or(0),
            territory: text(&f, idx[1]),
            layer: text(&f, idx[2]),
            author: text(&f, idx[3]),
            date: text(&f, idx[4]),
            source_name: text(&f, idx[5]),
            sha256: text(&f, idx[6]),
            feature_count: int(&f, idx[7]).unwrap_or(0),
            comment: text(&f, idx[8]),
            table: text(&f, idx[9]),
            rollback_of: int(&f, idx[10]),
            credential: credential
                .map(|i| text(&f, i))
                .filter(|name| !name.is_empty()),
        });
    }
    out.sort_by_key(|v| v.number);
    Ok(out)
}

pub(crate) fn insert_version(ds: &Dataset, path: &Path, v: &Version) -> Result<()> {
    let err = |e: GdalError| gdal_error(path, &e);
    let layer = ds.layer_by_name(VERSIONS).map_err(err)?;
    let c = Columns::of(&layer);
    let mut f = Feature::new(layer.defn()).map_err(err)?;
    let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    f.set_field_integer64(c.index("numero", path)?, as_i64(v.number))
        .map_err(err)?;
    for (name, value) in [
        ("territoire", &v.territory),
        ("couche", &v.layer),
        ("auteur", &v.author),
        ("date", &v.date),
        ("fichier_source", &v.source_name),
        ("sha256", &v.sha256),
        ("commentaire", &v.comment),
        ("table_donnees", &v.table),
    ] {
        f.set_field_string(c.index(name, path)?, value)
            .map_err(err)?;
    }
    f.set_field_integer64(c.index("nb_entites", path)?, as_i64(v.feature_count))
        .map_err(err)?;
    if let Some(n) = v.rollback_of {
        f.set_field_integer64(c.index("retour_a", path)?, as_i64(n))
            .map_err(err)?;
    }
    if let Some(name) = &v.credential {
        f.set_field_string(c.index(CREDENTIAL, path)?, name)
            .map_err(err)?;
    }
    f.create(&layer).map_err(err)
}

pub(crate) fn insert_territory(
    ds: &Dataset,
    path: &Path,
    slug: &str,
    name: &str,
    manifest: &str,
) -> Result<()> {
    let err = |e: GdalError| gdal_error(path, &e);
    let layer = ds.layer_by_name(TERRITORIES).map_err(err)?;
    let c = Columns::of(&layer);
    let mut f = Feature::new(layer.defn()).map_err(err)?;
    f.set_field_string(c.index("slug", path)?, slug)
        .map_err(err)?;
    f.set_field_string(c.index("nom", path)?, name)
        .map_err(err)?;
    f.set_field_string(c.index("manifeste", path)?, manifest)
        .map_err(err)?;
    f.create(&layer).map_err(err)
}

/// `MAX(column)` of a table, 0 when empty.
pub(crate) fn max_of(ds: &Dataset, path: &Path, table: &str, column: &str) -> Result<u64> {
    let sql = format!("SELECT MAX({column}) AS m FROM {table}");
    let mut rs = ds
        .execute_sql(&sql, None, gdal::vector::sql::Dialect::DEFAULT)
        .map_err(|e| gdal_error(path, &e))?
        .ok_or_else(|| StoreError::Corrupt {
            path: path.to_path_buf(),
            message: format!("{sql} : aucun résultat"),
        })?;
    let value = rs.features().next().and_then(|f| int(&f, 0));
    Ok(value.unwrap_or(0))
}

pub(crate) fn execute(ds: &Dataset, path: &Path, sql: &str) -> Result<()> {
    ds.execute_sql(sql, None, gdal::vector::sql::Dialect::DEFAULT)
        .map(|_| ())
        .map_err(|e| gdal_error(path, &e))
}

pub(crate) fn read_staged(ds: &Dataset, path: &Path, id: u64) -> Result<StagedImport> {
    let err = |e: GdalError| gdal_error(path, &e);
    let mut layer = ds.layer_by_name(IMPORTS).map_err(err)?;
    let c = Columns::of(&layer);
    let idx = c.indices(&IMPORT_FIELDS, path)?;
    layer
        .set_attribute_filter(&format!("id = {id}"))
        .map_err(err)?;
    let Some(f) = layer.features().next() else {
        return Err(StoreError::UnknownImport(id));
    };
    let corrupt = |message: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        message: format!("import {id} : {message}"),
    };
    let data = geojson_to_features(&text(&f, idx[8])).map_err(corrupt)?;
    let report = report_from_json(&text(&f, idx[9]));
    Ok(StagedImport {
        id,
        territory: text(&f, idx[1]),
        layer: text(&f, idx[2]).parse()?,
        author: text(&f, idx[3]),
        date: text(&f, idx[4]),
        source_name: text(&f, idx[5]),
        sha256: text(&f, idx[6]),
        base_version: int(&f, idx[7]),
        data,
        report,
    })
}
