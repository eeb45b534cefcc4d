//! Opening a quarantined source with GDAL (one driver allowed, network access off), the
//! layer to read, the fingerprint.

use std::path::Path;

use super::quarantine::{
    extension, refuse as source_error, Quarantined, FORMATS_READ, SHAPEFILE_SIDECARS,
};

use gdal::vector::LayerAccess;
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};
use sha2::{Digest, Sha256};

use crate::error::{Result, StoreError};
use crate::gdal_log;

/// Turns off what would let a source reach beyond its own bytes, once per process: HTTP
/// fetches (a GeoJSON `crs` of type `link` is refused by [`super::geojson_scan`] already; an
/// HTTP request GDAL would still attempt goes to a closed loopback port), `/vsicurl/` (no
/// extension allowed), and VirtualOGR tables in a GeoPackage's views or triggers (GDAL's
/// default, stated). GDAL's own bound on the memory of one GeoJSON feature stays at its
/// default (200 MB); our vertex limits refuse larger features before GDAL parses them.
pub fn harden_gdal() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        for (key, value) in [
            ("GDAL_HTTP_PROXY", "127.0.0.1:9"),
            ("GDAL_HTTP_TIMEOUT", "1"),
            ("GDAL_HTTP_CONNECTTIMEOUT", "1"),
            ("GDAL_HTTP_MAX_RETRY", "0"),
            ("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".quartiers-aucune"),
            ("OGR_SQLITE_LIST_VIRTUAL_OGR", "NO"),
        ] {
            // Setting an option cannot fail but for a NUL byte, and these have none.
            let _ = gdal::config::set_config_option(key, value);
        }
    });
}

/// Opens the quarantined copy `q` of `path` as a vector dataset, with only the driver of its
/// format allowed. Refuses empty files and names GDAL's reason otherwise.
pub fn open(path: &Path, q: &Quarantined, encoding: Option<&str>) -> Result<Dataset> {
    let meta = std::fs::metadata(&q.path).map_err(|e| StoreError::io(path, e))?;
    if meta.is_file() && meta.len() == 0 {
        return Err(source_error(
            path,
            "fichier vide (0 octet) : rien à importer",
        ));
    }
    harden_gdal();
    let encoding_option = encoding.map(|e| format!("ENCODING={e}"));
    let mut open_options: Vec<&str> = Vec::new();
    if let Some(e) = &encoding_option {
        open_options.push(e);
    }
    if q.extension == "csv" {
        open_options.extend([
            "GEOM_POSSIBLE_NAMES=WKT,wkt,geometrie,geometry,geom",
            "KEEP_GEOM_COLUMNS=NO",
        ]);
    }
    gdal_log::clear();
    Dataset::open_ex(
        &q.path,
        DatasetOptions {
            open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_READONLY,
            open_options: (!open_options.is_empty()).then_some(open_options.as_slice()),
            allowed_drivers: Some(&[q.driver]),
            ..Default::default()
        },
    )
    .map_err(|e| {
        let why = q.hide(&gdal_log::describe(&e));
        let hint = if extension(path) == "zip" {
            " ; l'archive zip ne contient peut-être aucune couche lisible"
        } else {
            ""
        };
        source_error(
            path,
            format!(
                "ouverture impossible par GDAL comme {} ({why}){hint} ; formats lus : {FORMATS_READ}",
                q.driver
            ),
        )
    })
}

/// An encoding name as GDAL's `ENCODING` open option takes it (`ISO-8859-1`, `CP1252`,
/// `UTF-8`): letters, digits and `-`, `_`, `.`, at most 32.
pub fn check_encoding(encoding: &str) -> Result<(), String> {
    let plain = !encoding.is_empty()
        && encoding.len() <= 32
        && encoding
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        Ok(())
    } else {
        Err(format!(
            "encodage « {encoding} » refusé : un nom d'encodage comme ISO-8859-1, CP1252 ou UTF-8"
        ))
    }
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
