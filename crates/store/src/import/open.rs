//! Opening a source file with GDAL: zipped Shapefiles, the layer to read, the fingerprint.

use std::path::{Path, PathBuf};

use gdal::vector::LayerAccess;
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};
use sha2::{Digest, Sha256};

use crate::error::{Result, StoreError};
use crate::gdal_log;

/// Sidecar files a Shapefile is made of, besides the `.shp`.
const SHAPEFILE_SIDECARS: [&str; 4] = ["dbf", "shx", "prj", "cpg"];

fn source_error(path: &Path, message: impl Into<String>) -> StoreError {
    StoreError::Source {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Opens `path` as a vector dataset. Refuses empty files and names GDAL's reason otherwise.
pub fn open(path: &Path, encoding: Option<&str>) -> Result<Dataset> {
    let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    if meta.is_file() && meta.len() == 0 {
        return Err(source_error(
            path,
            "fichier vide (0 octet) : rien à importer",
        ));
    }
    let ext = extension(path);
    let gdal_path: PathBuf = if ext == "zip" {
        // GDAL reads inside the archive; an absolute path keeps /vsizip/ unambiguous.
        let absolute = std::path::absolute(path).map_err(|e| StoreError::io(path, e))?;
        PathBuf::from(format!("/vsizip/{}", absolute.display()))
    } else {
        path.to_path_buf()
    };
    let encoding_option = encoding.map(|e| format!("ENCODING={e}"));
    let mut open_options: Vec<&str> = Vec::new();
    if let Some(e) = &encoding_option {
        open_options.push(e);
    }
    if ext == "csv" {
        open_options.extend([
            "GEOM_POSSIBLE_NAMES=WKT,wkt,geometrie,geometry,geom",
            "KEEP_GEOM_COLUMNS=NO",
        ]);
    }
    gdal_log::clear();
    Dataset::open_ex(
        &gdal_path,
        DatasetOptions {
            open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_READONLY,
            open_options: (!open_options.is_empty()).then_some(open_options.as_slice()),
            ..Default::default()
        },
    )
    .map_err(|e| {
        let why = gdal_log::describe(&e);
        let hint = if ext == "zip" {
            " ; l'archive zip est peut-être tronquée ou ne contient aucune couche lisible"
        } else {
            " ; formats lus : Shapefile (.shp ou .zip), GeoPackage, GeoJSON, FlatGeobuf, KML, CSV avec une colonne WKT"
        };
        source_error(path, format!("ouverture impossible par GDAL ({why}){hint}"))
    })
}

/// The names of the dataset's layers.
pub fn layer_names(ds: &Dataset) -> Vec<String> {
    ds.layers().map(|l| l.name()).collect()
}

/// Picks the layer to read: the named one, or the only one.
pub fn pick_layer(ds: &Dataset, path: &Path, name: Option<&str>) -> Result<String> {
    let names = layer_names(ds);
    match name {
        Some(n) if names.iter().any(|l| l == n) => Ok(n.to_string()),
        Some(n) => Err(source_error(
            path,
            format!(
                "couche « {n} » absente du fichier ; couches présentes : {}",
                names.join(", ")
            ),
        )),
        None => match names.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(source_error(path, "aucune couche vectorielle dans le fichier")),
            several => Err(source_error(
                path,
                format!(
                    "le fichier contient {} couches : choisissez-en une avec --source-layer parmi : {}",
                    several.len(),
                    several.join(", ")
                ),
            )),
        },
    }
}

/// SHA-256 of the source: the file itself, and a Shapefile's sidecars when they exist.
pub fn fingerprint(path: &Path) -> Result<String> {
    let mut hasher = Sha256::new();
    let mut files = vec![path.to_path_buf()];
    if extension(path) == "shp" {
        files.extend(
            SHAPEFILE_SIDECARS
                .iter()
                .map(|e| path.with_extension(e))
                .filter(|p| p.is_file()),
        );
    }
    for file in files {
        let mut f = std::fs::File::open(&file).map_err(|e| StoreError::io(&file, e))?;
        std::io::copy(&mut f, &mut hasher).map_err(|e| StoreError::io(&file, e))?;
    }
    Ok(format!("{:x}", hasher.finalize()))
}
