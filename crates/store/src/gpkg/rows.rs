//! The rows of the fixed tables GDAL writes when it creates the store ([`crate::seed`]); a
//! store then writes them through SQLite ([`super::write`]).

use std::path::Path;

use gdal::errors::GdalError;
use gdal::vector::{Feature, LayerAccess};
use gdal::Dataset;

use super::schema::{gdal_error, CREDENTIAL, TERRITORIES, VERSIONS};
use crate::error::{Result, StoreError};
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
