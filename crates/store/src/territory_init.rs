//! `quartiers territory init`, the GDAL side: reading the commune contours from any file GDAL
//! reads (any CRS, reprojected to WGS84), turning geodata's draft into the store's layers, and
//! writing them as a territory directory. The same layers go into a store with
//! [`Store::create_territory`](crate::Store::create_territory).

use std::path::{Path, PathBuf};

use gdal::vector::{FieldValue, LayerAccess};
use geo::{Geometry, MultiPolygon};
use geodata::manifest::Manifest;
use geodata::new_territory::{Contour, Draft};
use serde::Serialize;
use serde_json::Value;

use crate::error::{Result, StoreError};
use crate::gdal_log;
use crate::import::quarantine::{self, Quarantined};
use crate::import::{crs, open, ImportLimits};
use crate::layer_id::LayerId;
use crate::store::{LayerData, StoredFeature};

/// Field names that hold a commune's INSEE code, tried in this order (case forgiven): IGN
/// ADMIN EXPRESS (`INSEE_COM`), the INSEE's own files (`CODGEO`), france-geojson (`code`).
pub const CODE_FIELDS: [&str; 7] = [
    "insee_com",
    "code_insee",
    "codgeo",
    "insee",
    "code_com",
    "code",
    "com",
];
/// Field names that hold its name.
const NAME_FIELDS: [&str; 6] = ["nom", "nom_com", "nom_m", "libgeo", "libelle", "name"];

/// How to read the contour files.
#[derive(Debug, Clone, Default)]
pub struct ContourOptions {
    /// The field holding the INSEE code; found among [`CODE_FIELDS`] otherwise.
    pub code_field: Option<String>,
    /// The layer of a multi-layer file; the only one, or the one named `commune`, otherwise.
    pub source_layer: Option<String>,
    /// The CRS of files that have none (`EPSG:2154`).
    pub s_srs: Option<String>,
    /// Files under this directory are cited by their path in it (`data/sources/raw`), as the
    /// bundled data cite their raw files; others by their file name.
    pub cite_under: Option<PathBuf>,
}

/// What was read from one file, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContourFile {
    pub fichier: String,
    pub couche: String,
    pub scr: String,
    pub champ_code: String,
    pub entites: usize,
}

/// The contours of every file, and what each file gave.
#[derive(Debug, Clone)]
pub struct Contours {
    pub contours: Vec<Contour>,
    pub files: Vec<ContourFile>,
}

fn source_error(path: &Path, message: impl Into<String>) -> StoreError {
    StoreError::Source {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Reads every file's polygons with their INSEE code. A file GDAL cannot open, without a code
/// field, or with a geometry that cannot be read or reprojected refuses the whole run.
pub fn read_contours(paths: &[PathBuf], options: &ContourOptions) -> Result<Contours> {
    gdal_log::install();
    let mut contours = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(source_error(path, "fichier introuvable"));
        }
        let (ds, _copy) = open_contours(path)?;
        let names = open::layer_names(&ds);
        let wanted = options.source_layer.clone().or_else(|| {
            (names.len() > 1)
                .then(|| {
                    names
                        .iter()
                        .find(|n| n.eq_ignore_ascii_case("commune"))
                        .cloned()
                })
                .flatten()
        });
        let layer_name = open::pick_layer(&ds, path, wanted.as_deref())?;
        let mut layer = ds
            .layer_by_name(&layer_name)
            .map_err(|e| source_error(path, gdal_log::describe(&e)))?;
        let reprojection = crs::reprojection(&layer, path, options.s_srs.as_deref())?;
        let fields: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
        let find = |candidates: &[&str]| {
            candidates
                .iter()
                .find_map(|c| fields.iter().position(|f| f.eq_ignore_ascii_case(c)))
        };
        let code_index = match &options.code_field {
            Some(name) => fields.iter().position(|f| f == name).ok_or_else(|| {
                source_error(
                    path,
                    format!(
                        "champ « {name} » absent (--code-field) ; champs du fichier : {}",
                        fields.join(", ")
                    ),
                )
            })?,
            None => find(&CODE_FIELDS).ok_or_else(|| {
                source_error(
                    path,
                    format!(
                        "aucun champ de code INSEE reconnu ({}) ; champs du fichier : {} ; précisez-le avec --code-field",
                        CODE_FIELDS.join(", "),
                        fields.join(", ")
                    ),
                )
            })?,
        };
        let name_index = find(&NAME_FIELDS);
        let document = cited_name(path, options.cite_under.as_deref());
        let mut count = 0;
        for (index, feature) in layer.features().enumerate() {
            let label = || format!("entité {}", index + 1);
            let code = match feature.field(code_index) {
                Ok(Some(FieldValue::IntegerValue(n))) => format!("{n:05}"),
                Ok(Some(FieldValue::Integer64Value(n))) => format!("{n:05}"),
                Ok(Some(v)) => v.into_string().unwrap_or_default().trim().to_string(),
                Ok(None) => String::new(),
                Err(e) => {
                    return Err(source_error(
                        path,
                        format!(
                            "{}, champ « {} » : valeur illisible ({})",
                            label(),
                            fields[code_index],
                            gdal_log::describe(&e)
                        ),
                    ))
                }
            };
            let name = name_index
                .and_then(|i| feature.field_as_string(i).ok().flatten())
                .unwrap_or_default();
            let Some(geometry) = feature.geometry().filter(|g| !g.is_empty()) else {
                continue;
            };
            let mut g = geometry.clone();
            let converted = match &reprojection.transform {
                Some(t) => g.transform_inplace(t).and_then(|()| g.to_geo()),
                None => g.to_geo(),
            };
            let geometry = converted.map_err(|e| {
                source_error(
                    path,
                    format!(
                        "{} (code {code}) : géométrie illisible ou non reprojetable depuis {} : {}",
                        label(),
                        reprojection.source_name,
                        gdal_log::describe(&e)
                    ),
                )
            })?;
            let geometry = match geometry {
                Geometry::Polygon(p) => MultiPolygon(vec![p]),
                Geometry::MultiPolygon(mp) => mp,
                other => {
                    return Err(source_error(
                        path,
                        format!(
                            "{} (code {code}) : géométrie {} ; un contour communal est un polygone",
                            label(),
                            geometry_kind(&other)
                        ),
                    ))
                }
            };
            use geo::orient::{Direction, Orient};
            contours.push(Contour {
                insee: code,
                name,
                geometry: geometry.orient(Direction::Default),
                document: document.clone(),
            });
            count += 1;
        }
        files.push(ContourFile {
            fichier: path.display().to_string(),
            couche: layer_name,
            scr: reprojection.source_name,
            champ_code: fields[code_index].clone(),
            entites: count,
        });
    }
    Ok(Contours { contours, files })
}

/// Opens a contour file as the import does (a private copy, one driver, network off); a
/// gzipped GeoJSON (`communes-59-nord.geojson.gz`) through `/vsigzip/`, with the GeoJSON
/// driver only. The copy, if any, must outlive the dataset.
fn open_contours(path: &Path) -> Result<(gdal::Dataset, Option<Quarantined>)> {
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        let q = quarantine::quarantine(path, &ImportLimits::default())?;
        let ds = open::open(path, &q, None)?;
        return Ok((ds, Some(q)));
    }
    open::harden_gdal();
    let absolute = std::path::absolute(path).map_err(|e| StoreError::io(path, e))?;
    let ds = gdal::Dataset::open_ex(
        format!("/vsigzip/{}", absolute.display()),
        gdal::DatasetOptions {
            open_flags: gdal::GdalOpenFlags::GDAL_OF_VECTOR | gdal::GdalOpenFlags::GDAL_OF_READONLY,
            allowed_drivers: Some(&["GeoJSON"]),
            ..Default::default()
        },
    )
    .map_err(|e| {
        source_error(
            path,
            format!(
                "ouverture impossible par GDAL ({}) : un fichier .gz doit être un GeoJSON compressé (gzip)",
                gdal_log::describe(&e)
            ),
        )
    })?;
    Ok((ds, None))
}

fn geometry_kind(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) | Geometry::MultiPoint(_) => "ponctuelle",
        Geometry::Line(_) | Geometry::LineString(_) | Geometry::MultiLineString(_) => "linéaire",
        _ => "non surfacique",
    }
}

/// How features cite a contour file.
fn cited_name(path: &Path, under: Option<&Path>) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    if let Some(root) = under {
        if let Ok(rel) = absolute(path).strip_prefix(absolute(root)) {
            return rel.to_string_lossy().replace('\\', "/");
        }
    }
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The draft as the store's layers, in loading order: the boundary, communes and QPVs, and an
/// empty version of every other layer.
pub fn layers(draft: &Draft) -> Result<Vec<(LayerId, LayerData)>> {
    fn data<P: Serialize>(features: &[(P, Option<Geometry<f64>>)]) -> Result<LayerData> {
        let features = features
            .iter()
            .map(|(props, geometry)| {
                let Value::Object(props) = serde_json::to_value(props)? else {
                    // The layer's property structs serialize as JSON objects.
                    return Err(StoreError::Json(serde::ser::Error::custom(
                        "propriétés non objet",
                    )));
                };
                Ok(StoredFeature {
                    props,
                    geometry: geometry.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(LayerData { features })
    }
    let mut out = Vec::new();
    for layer in LayerId::TERRITORY {
        let layer_data = match layer {
            LayerId::Territoires => data(&draft.boundary)?,
            LayerId::Communes => data(&draft.communes)?,
            LayerId::Perimetres => data(&draft.perimeters)?,
            _ => LayerData::default(),
        };
        out.push((layer, layer_data));
    }
    Ok(out)
}

/// A layer file's text: one feature per line, and, for an empty layer, its fields
/// (`champs`, a member GeoJSON readers ignore) so the SIG team sees what to import.
pub fn layer_text(layer: LayerId, data: &LayerData) -> Result<String> {
    if !layer.is_geographic() {
        return Ok("[]\n".to_string());
    }
    let mut lines = Vec::with_capacity(data.features.len());
    for f in &data.features {
        let feature = geodata::write::to_geojson_feature(&f.props, f.geometry.as_ref())?;
        lines.push(serde_json::to_string(&feature)?);
    }
    let fields = if data.features.is_empty() {
        format!(
            ",\"champs\":{}",
            serde_json::to_string(&layer.model_fields())?
        )
    } else {
        String::new()
    };
    let body = if lines.is_empty() {
        String::new()
    } else {
        format!("\n{}\n", lines.join(",\n"))
    };
    Ok(format!(
        "{{\"type\":\"FeatureCollection\"{fields},\"features\":[{body}]}}\n"
    ))
}

/// Writes the territory as `data_dir/territories/<slug>/`. Nothing is left behind on error: the
/// directory is written beside its place and renamed; an existing one is replaced only with
/// `force`.
pub fn write_dir(
    data_dir: &Path,
    manifest: &Manifest,
    manifest_text: &str,
    layers: &[(LayerId, LayerData)],
    force: bool,
) -> Result<PathBuf> {
    let root = data_dir.join("territories");
    let dir = root.join(&manifest.slug);
    if dir.exists() && !force {
        return Err(StoreError::DirectoryExists(dir));
    }
    std::fs::create_dir_all(&root).map_err(|e| StoreError::io(&root, e))?;
    let tmp = root.join(format!(".{}.creation", manifest.slug));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| StoreError::io(&tmp, e))?;
    }
    std::fs::create_dir(&tmp).map_err(|e| StoreError::io(&tmp, e))?;
    let written = (|| -> Result<()> {
        let write = |name: &str, text: &str| {
            let path = tmp.join(name);
            std::fs::write(&path, text).map_err(|e| StoreError::io(&path, e))
        };
        write("territory.toml", manifest_text)?;
        for (layer, data) in layers {
            if let Some(file) = layer.manifest_files(&manifest.layers).first() {
                write(file, &layer_text(*layer, data)?)?;
            }
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if dir.exists() {
        let old = root.join(format!(".{}.ancien", manifest.slug));
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(|e| StoreError::io(&old, e))?;
        }
        std::fs::rename(&dir, &old).map_err(|e| StoreError::io(&dir, e))?;
        std::fs::rename(&tmp, &dir).map_err(|e| StoreError::io(&dir, e))?;
        std::fs::remove_dir_all(&old).map_err(|e| StoreError::io(&old, e))?;
    } else {
        std::fs::rename(&tmp, &dir).map_err(|e| StoreError::io(&dir, e))?;
    }
    Ok(dir)
}
