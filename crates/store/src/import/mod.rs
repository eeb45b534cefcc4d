//! Reading a source file with GDAL into the layer's features: any vector format GDAL reads,
//! any CRS (reprojected to WGS84 with OSR), fields mapped to the model. Problems that concern
//! the whole file (unreadable, no CRS, wrong layer) refuse it with advice; problems of a
//! feature are reported with the feature and the field, so one run shows them all.

pub mod crs;
pub mod fields;
pub mod geojson_scan;
pub mod limits;
pub mod open;
pub mod quarantine;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gdal::vector::LayerAccess;
use geodata::report::{feature_label, Report};
use serde_json::{Map, Value};

use crate::error::{Result, StoreError};
use crate::gdal_log;
use crate::layer_id::LayerId;
use crate::store::{LayerData, StoredFeature};
pub use fields::FieldMapping;
pub use limits::ImportLimits;

/// How to read a source.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The layer of a multi-layer source (a GeoPackage).
    pub source_layer: Option<String>,
    /// The source CRS, overriding (or standing in for) the file's own (`EPSG:2154`).
    pub s_srs: Option<String>,
    /// The DBF encoding of a Shapefile lacking a `.cpg` (`ISO-8859-1`).
    pub encoding: Option<String>,
    pub mapping: FieldMapping,
    /// Bounds on the source's size, features and vertices.
    pub limits: ImportLimits,
}

/// A source read into the layer's model.
#[derive(Debug, Clone)]
pub struct SourceRead {
    pub path: PathBuf,
    /// File name shown in versions (no directory).
    pub name: String,
    pub sha256: String,
    pub data: LayerData,
    /// Findings of the reading (field notes, encodings, GDAL's warnings, unreadable geometries).
    pub report: Report,
    /// The source CRS as named in the report.
    pub crs: Option<String>,
}

/// Called every so often with (features read, features in the source).
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// Exterior rings counter-clockwise, holes clockwise: Shapefiles store the opposite, and
/// that is the format's convention, not a problem of the data.
fn rfc7946(g: geo::Geometry<f64>) -> geo::Geometry<f64> {
    use geo::orient::{Direction, Orient};
    match g {
        geo::Geometry::Polygon(p) => p.orient(Direction::Default).into(),
        geo::Geometry::MultiPolygon(mp) => mp.orient(Direction::Default).into(),
        other => other,
    }
}

/// Reads `path` for `layer`.
pub fn read_source(
    path: &Path,
    layer: LayerId,
    options: &ImportOptions,
    progress: Progress<'_>,
) -> Result<SourceRead> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    if !path.exists() {
        return Err(StoreError::Source {
            path: path.to_path_buf(),
            message: "fichier introuvable".into(),
        });
    }
    let sha256 = open::fingerprint(path)?;
    if !layer.is_geographic() {
        let data = crate::seed::read_file(path, layer)?;
        return Ok(SourceRead {
            path: path.to_path_buf(),
            name,
            sha256,
            data,
            report: Report::default(),
            crs: None,
        });
    }
    options.mapping.check(layer)?;
    let refuse = |message: String| StoreError::Source {
        path: path.to_path_buf(),
        message,
    };
    if let Some(encoding) = &options.encoding {
        open::check_encoding(encoding).map_err(refuse)?;
    }
    gdal_log::install();
    // GDAL opens a private copy of the bytes, never the name it was given.
    let q = quarantine::quarantine(path, &options.limits)?;
    if matches!(q.extension.as_str(), "geojson" | "json") {
        geojson_scan::scan(&q.path, &options.limits).map_err(|r| refuse(r.to_string()))?;
    }
    let ds = open::open(path, &q, options.encoding.as_deref())?;
    let layer_name = open::pick_layer(&ds, path, options.source_layer.as_deref())?;
    let mut source = ds
        .layer_by_name(&layer_name)
        .map_err(|e| StoreError::Source {
            path: path.to_path_buf(),
            message: q.hide(&gdal_log::describe(&e)),
        })?;
    let reprojection = crs::reprojection(&source, path, options.s_srs.as_deref())?;
    let source_fields: Vec<String> = source.defn().fields().map(|f| f.name()).collect();
    let plan = fields::plan(layer, &source_fields, &options.mapping);
    let mut report = Report::default();
    for (_, note) in &plan.notes {
        report.file(path).warning(None, None, note.clone());
    }
    let total = source.feature_count();
    // GDAL answers -1 (read as u64::MAX) when it cannot count without reading.
    let total_known = total != u64::MAX;
    if total_known && total > options.limits.max_features {
        return Err(refuse(
            limits::Exceeded::Features {
                found: total,
                limit: options.limits.max_features,
            }
            .to_string(),
        ));
    }
    let mut tally = limits::Tally::new(options.limits);
    let id_field = layer.id_field();
    let mut features = Vec::new();
    let mut encoding_fields: BTreeMap<String, usize> = BTreeMap::new();
    let mut seen = 0u64;
    for (index, feature) in source.features().enumerate() {
        seen += 1;
        let mut props = Map::new();
        for (i, target) in plan.targets.iter().enumerate() {
            let fields::Target::Field(field) = target else {
                continue;
            };
            let value = match feature.field(i) {
                Ok(Some(v)) => v,
                Ok(None) => continue,
                Err(e) => {
                    report.file(path).error(
                        Some(feature_label(index, None)),
                        Some(&source_fields[i]),
                        format!("valeur illisible : {}", gdal_log::describe(&e)),
                    );
                    continue;
                }
            };
            match fields::convert(layer, field, value) {
                Ok(Some(v)) => {
                    props.insert(field.to_string(), v);
                }
                Ok(None) => {}
                Err(fields::ValueProblem::Encoding) => {
                    *encoding_fields.entry(source_fields[i].clone()).or_default() += 1;
                }
            }
        }
        for (k, v) in &options.mapping.values {
            props.entry(k.clone()).or_insert_with(|| v.clone());
        }
        props
            .entry("source_document")
            .or_insert_with(|| Value::String(name.clone()));
        let label = feature_label(index, props.get(id_field).and_then(Value::as_str));
        let geometry = match feature.geometry() {
            None => None,
            Some(g) if g.is_empty() => None,
            Some(g) => {
                let mut g = g.clone();
                let reprojected = match &reprojection.transform {
                    Some(t) => g.transform_inplace(t).map(|()| g),
                    None => Ok(g),
                };
                match reprojected.and_then(|g| g.to_geo()) {
                    Ok(g) => {
                        use geo::CoordsIter;
                        tally
                            .feature(g.coords_count() as u64)
                            .map_err(|e| refuse(e.to_string()))?;
                        Some(rfc7946(g))
                    }
                    Err(e) => {
                        report.file(path).error(
                            Some(label),
                            Some("geometry"),
                            format!(
                                "géométrie illisible ou non reprojetable depuis {} : {}",
                                reprojection.source_name,
                                q.hide(&gdal_log::describe(&e))
                            ),
                        );
                        continue;
                    }
                }
            }
        };
        if geometry.is_none() {
            tally.feature(0).map_err(|e| refuse(e.to_string()))?;
        }
        features.push(StoredFeature { props, geometry });
        if index % 1000 == 999 {
            progress(index as u64 + 1, total);
        }
    }
    progress(features.len() as u64, total);
    for (field, count) in encoding_fields {
        report.file(path).error(
            None,
            Some(&field),
            format!(
                "{count} valeur(s) aux caractères illisibles : l'encodage du fichier n'est pas celui que GDAL a supposé ; ajoutez un fichier .cpg (par exemple « UTF-8 » ou « 1252 ») ou précisez --encoding ISO-8859-1"
            ),
        );
    }
    // A reading error ends GDAL's iteration early (a truncated or corrupt file): the features
    // read are then not the whole source, and nothing of it may be staged. GDAL's errors
    // alone do not tell, some are harmless.
    let (errors, warnings) = gdal_log::take_messages();
    if total_known && seen < total {
        let why = errors
            .last()
            .map(|e| format!(" : GDAL : {}", q.hide(e.trim())))
            .unwrap_or_default();
        report.file(path).error(
            None,
            None,
            format!("lecture interrompue après {seen} entité(s) sur {total}{why}"),
        );
    }
    for warning in warnings {
        report
            .file(path)
            .warning(None, None, format!("GDAL : {}", q.hide(warning.trim())));
    }
    Ok(SourceRead {
        path: path.to_path_buf(),
        name,
        sha256,
        data: LayerData { features },
        report,
        crs: Some(reprojection.source_name),
    })
}
