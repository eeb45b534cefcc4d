//! The GeoPackage's fixed tables, created through GDAL with the store ([`crate::seed`]).

use std::path::Path;

use gdal::errors::GdalError;
use gdal::vector::{LayerOptions, OGRFieldType, OGRwkbGeometryType};
use gdal::Dataset;

use crate::error::{Result, StoreError};
use crate::gdal_log;

pub(crate) const VERSIONS: &str = "quartiers_versions";
pub(crate) const TERRITORIES: &str = "quartiers_territoires";
pub(crate) const IMPORTS: &str = "quartiers_imports";
/// How long a writer waits for another process's transaction, in milliseconds.
pub(crate) const BUSY_TIMEOUT_MS: u32 = 15_000;

pub(crate) fn gdal_error(path: &Path, e: &GdalError) -> StoreError {
    StoreError::Gdal {
        path: path.to_path_buf(),
        message: gdal_log::describe(e),
    }
}

/// A column of a fixed table: its name and OGR type.
pub(crate) type Field = (&'static str, u32);

const TEXT: u32 = OGRFieldType::OFTString;
const INT: u32 = OGRFieldType::OFTInteger64;

/// The columns of `quartiers_versions`, in the order the readers index them (the last,
/// [`CREDENTIAL`], is added to the stores made before it: [`super::sql::add_credential_column`]).
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
