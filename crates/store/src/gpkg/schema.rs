//! The GeoPackage's fixed tables and how the store opens the file.

use std::path::Path;

use gdal::errors::GdalError;
use gdal::vector::{LayerAccess, LayerOptions, OGRFieldType, OGRwkbGeometryType};
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};

use crate::error::{Result, StoreError};
use crate::gdal_log;

pub(crate) const VERSIONS: &str = "quartiers_versions";
pub(crate) const TERRITORIES: &str = "quartiers_territoires";
pub(crate) const IMPORTS: &str = "quartiers_imports";
/// How long a writer waits for another process's transaction, in milliseconds.
const BUSY_TIMEOUT_MS: u32 = 15_000;

pub(crate) fn gdal_error(path: &Path, e: &GdalError) -> StoreError {
    StoreError::Gdal {
        path: path.to_path_buf(),
        message: gdal_log::describe(e),
    }
}

pub(crate) fn open_dataset(path: &Path, update: bool) -> Result<Dataset> {
    gdal_log::install();
    let flags = if update {
        GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_UPDATE
    } else {
        GdalOpenFlags::GDAL_OF_VECTOR
    };
    let prelude = format!("PRELUDE_STATEMENTS=PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}");
    Dataset::open_ex(
        path,
        DatasetOptions {
            open_flags: flags,
            allowed_drivers: Some(&["GPKG"]),
            open_options: Some(&[prelude.as_str()]),
            ..Default::default()
        },
    )
    .map_err(|e| gdal_error(path, &e))
}

/// A column of a fixed table: its name and OGR type.
pub(crate) type Field = (&'static str, u32);

const TEXT: u32 = OGRFieldType::OFTString;
const INT: u32 = OGRFieldType::OFTInteger64;

/// The columns of `quartiers_versions`, in the order the readers index them (the last,
/// [`CREDENTIAL`], is added to the stores made before it: [`add_credential_column`]).
pub(crate) const VERSION_FIELDS: [Field; 12] = [
    ("numero", INT),
    ("territoire", TEXT),
    ("couche", TEXT),
    ("auteur", TEXT),
    ("date", TEXT),
    ("fichier_source", TEXT),
    ("sha256", TEXT),
    ("nb_entites", INT),
    ("commentaire", TEXT),
    ("table_donnees", TEXT),
    ("retour_a", INT),
    (CREDENTIAL, TEXT),
];

/// The column of `quartiers_versions` naming the admin credential that made a version.
pub(crate) const CREDENTIAL: &str = "jeton";

/// The columns of `quartiers_territoires`.
const TERRITORY_FIELDS: [Field; 3] = [("slug", TEXT), ("nom", TEXT), ("manifeste", TEXT)];

/// The columns of `quartiers_imports`, in the order the readers index them.
pub(crate) const IMPORT_FIELDS: [Field; 10] = [
    ("id", INT),
    ("territoire", TEXT),
    ("couche", TEXT),
    ("auteur", TEXT),
    ("date", TEXT),
    ("fichier_source", TEXT),
    ("sha256", TEXT),
    ("version_base", INT),
    ("donnees", TEXT),
    ("rapport", TEXT),
];

/// Creates the empty tables of a new store.
pub(crate) fn create_schema(ds: &mut Dataset, path: &Path) -> Result<()> {
    let err = |e: GdalError| gdal_error(path, &e);
    let tables: [(&str, &str, &[Field]); 3] = [
        (
            VERSIONS,
            "Versions publiées de chaque couche (la version courante est la plus récente)",
            &VERSION_FIELDS,
        ),
        (
            TERRITORIES,
            "Territoires et leur manifeste (territory.toml)",
            &TERRITORY_FIELDS,
        ),
        (
            IMPORTS,
            "Imports validés en attente de publication",
            &IMPORT_FIELDS,
        ),
    ];
    for (name, description, fields) in tables {
        let description = format!("DESCRIPTION={description}");
        let layer = ds
            .create_layer(LayerOptions {
                name,
                srs: None,
                ty: OGRwkbGeometryType::wkbNone,
                options: Some(&[description.as_str()]),
            })
            .map_err(err)?;
        for &(field, ty) in fields {
            gdal::vector::FieldDefn::new(field, ty)
                .and_then(|d| d.add_to_layer(&layer))
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Adds the [`CREDENTIAL`] column to a store made before it; a store that has it is left
/// alone, and one that cannot be written (read-only file) keeps reading as before (its
/// versions have no credential).
pub(crate) fn add_credential_column(path: &Path) -> Result<()> {
    let has_column = |ds: &Dataset| -> Result<bool> {
        let layer = ds
            .layer_by_name(VERSIONS)
            .map_err(|e| gdal_error(path, &e))?;
        let found = layer.defn().fields().any(|f| f.name() == CREDENTIAL);
        Ok(found)
    };
    if has_column(&open_dataset(path, false)?)? {
        return Ok(());
    }
    let Ok(ds) = open_dataset(path, true) else {
        return Ok(());
    };
    let layer = ds
        .layer_by_name(VERSIONS)
        .map_err(|e| gdal_error(path, &e))?;
    let added = gdal::vector::FieldDefn::new(CREDENTIAL, TEXT).and_then(|d| d.add_to_layer(&layer));
    // Another process may have added it meanwhile.
    if let Err(e) = added {
        if !has_column(&open_dataset(path, false)?)? {
            return Err(gdal_error(path, &e));
        }
    }
    Ok(())
}
