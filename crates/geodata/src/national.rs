//! National layers: the 1,584 QPV of the 2024 geography, so that "is this place in a QPV, and
//! which" works anywhere in France, inside a loaded territory or not; and the national
//! references ([`crate::france`]: contracts, posts, communes, programmes, stations).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use geo::{Coord, Geometry, LineString, MultiPolygon, Polygon};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::france::France;
use crate::layer::{Feature, Layer};
use crate::model::{GeometryPrecision, Perimeter, PerimeterKind, Placement, SourceRef};
use crate::national_answer::NationalIndex;
use crate::read::{decode, parse_layer, read_bytes};
use crate::repair::{repair_multi_polygon, RepairError};
use crate::report::Report;
use crate::validate;

/// File name of the national QPV layer in the national data directory.
pub const QPV_FILE: &str = "qpv2024.geojson.gz";

/// File name of its checksum, written by `quartiers build-national` beside it.
pub const QPV_CHECKSUM_FILE: &str = "qpv2024.geojson.gz.sha256";

/// The national layers, loaded from `data/france/`.
#[derive(Debug, Clone, Default)]
pub struct National {
    pub qpv: Layer<Perimeter>,
    /// The national references of the same directory (empty when it has none), shared: a
    /// catalog's clone does not copy them.
    pub france: Arc<France>,
    /// Look-ups across the QPV layer and the references (a commune's QPVs, a contract's),
    /// made with them: see [`National::set_qpv`].
    pub index: Arc<NationalIndex>,
}

impl National {
    /// Replaces the QPV layer, and the look-ups made with it.
    pub fn set_qpv(&mut self, qpv: Layer<Perimeter>) {
        self.qpv = qpv;
        self.index = Arc::new(NationalIndex::build(&self.france, &self.qpv));
    }

    /// The national QPV of this code.
    pub fn qpv_by_code(&self, code: &str) -> Option<&Feature<Perimeter>> {
        self.qpv.features().iter().find(|f| f.props.code == code)
    }

    /// Loads `dir/qpv2024.geojson.gz`. The outlines were made valid and checked when the file
    /// was built ([`build_qpv_layer`]), which wrote its SHA-256 beside it: when the file still
    /// matches it, they are trusted as built, not re-validated at every start. A file without
    /// a checksum, or that no longer matches it, is validated outline by outline (an invalid
    /// one is an error), with a warning saying so.
    pub fn load(dir: &Path) -> (National, Report) {
        Self::load_with(dir, true)
    }

    /// Loads `dir/qpv2024.geojson.gz` validating every outline, whatever the checksum says,
    /// and without warning about it: for a layer that does not come from `quartiers
    /// build-national` (a store's import, checked before it is published).
    pub fn load_validating(dir: &Path) -> (National, Report) {
        Self::load_with(dir, false)
    }

    fn load_with(dir: &Path, trust_checksum: bool) -> (National, Report) {
        let (france, mut report) = France::load(dir);
        let (mut national, qpv_report) = Self::load_qpv(dir, trust_checksum);
        report.extend(qpv_report);
        national.france = Arc::new(france);
        let qpv = std::mem::take(&mut national.qpv);
        national.set_qpv(qpv);
        (national, report)
    }

    fn load_qpv(dir: &Path, trust_checksum: bool) -> (National, Report) {
        let mut report = Report::default();
        let path = dir.join(QPV_FILE);
        let Some(bytes) = read_bytes(&path, &mut report) else {
            return (National::default(), report);
        };
        let trusted = trust_checksum
            && match checksum_status(dir, &bytes) {
                Ok(()) => true,
                Err(why) => {
                    report.file(&path).warning(
                        None,
                        None,
                        format!("{why} : chaque contour est revalidé au chargement (régénérez la couche avec « quartiers build-national »)"),
                    );
                    false
                }
            };
        let Some(content) = decode(&path, bytes, &mut report) else {
            return (National::default(), report);
        };
        let mut features = Vec::new();
        for raw in parse_layer::<Perimeter>(&path, &content, &mut report) {
            let Some(geometry) = raw.geometry else {
                report
                    .file(&path)
                    .error(Some(raw.label), Some("geometry"), "géométrie absente");
                continue;
            };
            if !trusted {
                let problems = validate::geometry::validity(&geometry);
                if !problems.is_empty() {
                    for p in problems {
                        report
                            .file(&path)
                            .error(Some(raw.label.clone()), Some("geometry"), p);
                    }
                    continue;
                }
            }
            features.push(Feature {
                props: raw.props,
                geometry,
            });
        }
        (
            National {
                qpv: Layer::new(features),
                ..National::default()
            },
            report,
        )
    }
}

/// The checksum line of a national layer file, as `sha256sum` writes it (so `sha256sum -c`
/// checks it too).
pub fn checksum_line(bytes: &[u8], file_name: &str) -> String {
    format!("{:x}  {file_name}\n", Sha256::digest(bytes))
}

/// Whether `bytes` (the layer file as stored) match the checksum file beside it; if not, why.
fn checksum_status(dir: &Path, bytes: &[u8]) -> Result<(), String> {
    let expected = std::fs::read_to_string(dir.join(QPV_CHECKSUM_FILE))
        .map_err(|_| format!("somme de contrôle {QPV_CHECKSUM_FILE} absente"))?;
    let expected = expected.split_whitespace().next().unwrap_or_default();
    let actual = format!("{:x}", Sha256::digest(bytes));
    if expected.eq_ignore_ascii_case(&actual) {
        Ok(())
    } else {
        Err(format!(
            "le fichier ne correspond plus à sa somme de contrôle {QPV_CHECKSUM_FILE}"
        ))
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
                " ; contour publié invalide ({problem}), réparé (variation de surface {})",
                crate::repair::area_change_words(outcome.area_change, 3)
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
            placement: Placement::new(GeometryPrecision::Exact, reason),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A one-QPV layer whose outline crosses itself (a bowtie), gzipped, in a new directory.
    fn layer_with_a_bowtie() -> (tempfile::TempDir, Vec<u8>) {
        let json = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"QN00000M","nom":"Noeud","type":"qpv","insee_com":["75056"],"millesime":2024,"precision_geometrie":"exact","motif_precision":"test","source_document":"test","source_section":"test"},"geometry":{"type":"Polygon","coordinates":[[[2.0,48.0],[2.01,48.01],[2.01,48.0],[2.0,48.01],[2.0,48.0]]]}}]}"#;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(json.as_bytes()).unwrap();
        let bytes = gz.finish().unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(QPV_FILE), &bytes).unwrap();
        (dir, bytes)
    }

    fn messages(report: &Report) -> Vec<String> {
        report.issues.iter().map(|i| i.message.clone()).collect()
    }

    #[test]
    fn a_layer_without_its_checksum_is_validated_with_a_warning() {
        let (dir, _) = layer_with_a_bowtie();
        let (national, report) = National::load(dir.path());
        assert!(national.qpv.is_empty(), "the invalid outline is refused");
        let messages = messages(&report);
        assert_eq!(report.issues.len(), 2, "{report}");
        assert!(
            messages[0].starts_with("somme de contrôle qpv2024.geojson.gz.sha256 absente"),
            "{report}"
        );
        assert!(
            messages[1].starts_with("géométrie invalide (OGC)"),
            "{report}"
        );
        assert!(report.has_errors());
    }

    #[test]
    fn a_layer_matching_its_checksum_is_trusted_as_built() {
        let (dir, bytes) = layer_with_a_bowtie();
        std::fs::write(
            dir.path().join(QPV_CHECKSUM_FILE),
            checksum_line(&bytes, QPV_FILE),
        )
        .unwrap();
        let (national, report) = National::load(dir.path());
        // Not re-validated: what build-national wrote is what it validated.
        assert!(report.issues.is_empty(), "{report}");
        assert_eq!(national.qpv.len(), 1);
        // A store's import is validated whatever the checksum says, without a warning.
        let (national, report) = National::load_validating(dir.path());
        assert!(national.qpv.is_empty());
        assert_eq!(report.issues.len(), 1, "{report}");
        assert!(report.has_errors());
    }

    #[test]
    fn a_layer_changed_after_its_checksum_is_validated_with_a_warning() {
        let (dir, bytes) = layer_with_a_bowtie();
        let mut stale = checksum_line(b"another file", QPV_FILE);
        std::fs::write(dir.path().join(QPV_CHECKSUM_FILE), &stale).unwrap();
        let (national, report) = National::load(dir.path());
        assert!(national.qpv.is_empty());
        assert!(
            messages(&report)[0].starts_with(
                "le fichier ne correspond plus à sa somme de contrôle qpv2024.geojson.gz.sha256"
            ),
            "{report}"
        );
        assert!(report.has_errors());
        // The line is the one `sha256sum` writes and reads.
        stale = checksum_line(&bytes, QPV_FILE);
        assert_eq!(stale.len(), 64 + 2 + QPV_FILE.len() + 1);
        assert!(stale.ends_with("  qpv2024.geojson.gz\n"));
    }
}
