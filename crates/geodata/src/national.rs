//! National layers: the 1,584 QPV of the 2024 geography, so that "is this place in a QPV, and
//! which" works anywhere in France, inside a loaded territory or not.

use std::path::{Path, PathBuf};

use geo::{Coord, Geometry, LineString, MultiPolygon, Polygon};
use serde::Deserialize;

use crate::layer::{Feature, Layer};
use crate::model::{GeometryPrecision, Perimeter, PerimeterKind, Placement, SourceRef};
use crate::read::read_layer;
use crate::repair::{repair_multi_polygon, RepairError};
use crate::report::Report;

/// File name of the national QPV layer in the national data directory.
pub const QPV_FILE: &str = "qpv2024.geojson.gz";

/// The national layers, loaded from `data/france/`.
#[derive(Debug, Clone, Default)]
pub struct National {
    pub qpv: Layer<Perimeter>,
}

impl National {
    /// Loads `dir/qpv2024.geojson.gz`. Outlines are not re-validated at every start: the file
    /// is built valid by [`build_qpv_layer`] and `tests/national_layer.rs` checks each one.
    pub fn load(dir: &Path) -> (National, Report) {
        let mut report = Report::default();
        let path = dir.join(QPV_FILE);
        let mut features = Vec::new();
        for raw in read_layer::<Perimeter>(&path, &mut report) {
            let Some(geometry) = raw.geometry else {
                report
                    .file(&path)
                    .error(Some(raw.label), Some("geometry"), "géométrie absente");
                continue;
            };
            features.push(Feature {
                props: raw.props,
                geometry,
            });
        }
        (
            National {
                qpv: Layer::new(features),
            },
            report,
        )
    }
}

/// The compact artifact format of `gazetteer/qpv.json.gz`.
#[derive(Debug, Deserialize)]
struct Gazetteer {
    qpvs: Vec<GazetteerQpv>,
}

#[derive(Debug, Deserialize)]
struct GazetteerQpv {
    code: String,
    label: String,
    insee: Vec<String>,
    /// MultiPolygon coordinates: polygons → rings → [lon, lat].
    g: Vec<Vec<Vec<[f64; 2]>>>,
}

/// One feature the build had to repair.
#[derive(Debug, Clone, PartialEq)]
pub struct RepairNote {
    pub code: String,
    pub problem: String,
    pub area_change: f64,
}

/// Why the national layer could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{}: format inattendu : {message}", .path.display())]
    Format { path: PathBuf, message: String },
    #[error("{}: QPV {code} : {source}", .path.display())]
    Repair {
        path: PathBuf,
        code: String,
        source: RepairError,
    },
}

/// Builds the national QPV layer from the gazetteer artifact (already un-gzipped `text`):
/// every QPV becomes a [`Perimeter`] with a valid geometry, repaired where needed
/// (see [`crate::repair`]). Returns the features and a note per repaired QPV.
pub fn build_qpv_layer(
    path: &Path,
    text: &str,
) -> Result<(Vec<Feature<Perimeter>>, Vec<RepairNote>), BuildError> {
    let gazetteer: Gazetteer = serde_json::from_str(text).map_err(|e| BuildError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut features = Vec::with_capacity(gazetteer.qpvs.len());
    let mut notes = Vec::new();
    for q in gazetteer.qpvs {
        let mp = MultiPolygon(q.g.iter().map(|rings| to_polygon(rings)).collect());
        let outcome = repair_multi_polygon(&mp).map_err(|source| BuildError::Repair {
            path: path.to_path_buf(),
            code: q.code.clone(),
            source,
        })?;
        let mut reason =
            "contour officiel ANCT (QPV 2024), coordonnées arrondies à 4 décimales (~11 m)"
                .to_string();
        if let Some(problem) = &outcome.problem {
            reason.push_str(&format!(
                " ; contour publié invalide ({problem}), réparé (variation de surface {:+.3} %)",
                outcome.area_change * 100.0
            ));
            notes.push(RepairNote {
                code: q.code.clone(),
                problem: problem.clone(),
                area_change: outcome.area_change,
            });
        }
        let props = Perimeter {
            code: q.code,
            name: q.label,
            kind: PerimeterKind::Qpv,
            communes: q.insee,
            vintage: 2024,
            predecessors: vec![],
            successors: vec![],
            former_names: vec![],
            placement: Placement {
                precision: GeometryPrecision::Exact,
                reason,
                perimeter: None,
            },
            source: SourceRef {
                document: "gazetteer/qpv.json.gz".into(),
                section: "ANCT, QPV 2024 (décret 2023-1314), via bpineau/gazetteer".into(),
            },
        };
        features.push(Feature {
            props,
            geometry: Geometry::MultiPolygon(outcome.geometry),
        });
    }
    Ok((features, notes))
}

fn to_polygon(rings: &[Vec<[f64; 2]>]) -> Polygon<f64> {
    let ring = |r: &Vec<[f64; 2]>| LineString(r.iter().map(|&[x, y]| Coord { x, y }).collect());
    let exterior = rings
        .first()
        .map(ring)
        .unwrap_or_else(|| LineString(vec![]));
    Polygon::new(exterior, rings.iter().skip(1).map(ring).collect())
}
