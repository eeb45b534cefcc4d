//! The validation report of a candidate layer, before anything is published: invalid
//! geometries repaired when the repair is unambiguous (a warning names the feature) or
//! refused, then geodata's own rules on the territory as it would be with the candidate
//! (duplicate codes, required fields, unknown communes, features outside the territory,
//! features placed on a perimeter that would disappear).

use std::path::{Path, PathBuf};

use geo::{Geometry, Intersects, MultiPolygon};
use geodata::national::National;
use geodata::repair::{area_change_words, repair_multi_polygon};
use geodata::report::{feature_label, Issue, Report, Severity};
use geodata::territory::Territory;

use crate::error::{Result, StoreError};
use crate::layer_id::{LayerId, NATIONAL};
use crate::materialize::{layer_file, temp_dir, write_geojson, write_territory, Replacement};
use crate::store::{LayerData, Store};

/// A repair changing the area by more than this share is not unambiguous: refused.
pub const MAX_REPAIR_AREA_CHANGE: f64 = 0.01;

/// The outcome of the validation.
#[derive(Debug)]
pub struct Checked {
    /// The candidate, with its repaired geometries.
    pub data: LayerData,
    pub report: Report,
    /// The territory as published, and as it would be with the candidate (when valid); both
    /// `None` for the national layer.
    pub before: Option<Territory>,
    pub after: Option<Territory>,
}

/// Validates `data`, read from `source`, as the new version of `layer` of `territory`.
pub fn check<S: Store + ?Sized>(
    store: &S,
    territory: &str,
    layer: LayerId,
    mut data: LayerData,
    source: &Path,
    mut report: Report,
) -> Result<Checked> {
    if layer.is_national() != (territory == NATIONAL) {
        return Err(StoreError::LayerNotInTerritory(
            territory.to_string(),
            layer.to_string(),
        ));
    }
    if data.features.is_empty() {
        report.file(source).error(
            None,
            None,
            "aucune entité lue : une couche vide ne remplace pas la version publiée",
        );
    }
    repair_geometries(&mut data, layer, source, &mut report);
    let tmp = temp_dir()?;
    if layer.is_national() {
        let dir = tmp.path().join(NATIONAL);
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
        let file = dir.join(geodata::national::QPV_FILE);
        write_geojson(&file, &data)?;
        let (_, found) = National::load_validating(&dir);
        report.extend(relabel(found, &file, source, territory));
        return Ok(Checked {
            data,
            report,
            before: None,
            after: None,
        });
    }
    let manifest: geodata::manifest::Manifest = toml::from_str(&store.manifest(territory)?)
        .map_err(|e| StoreError::Corrupt {
            path: PathBuf::from(territory),
            message: format!("manifeste illisible : {e}"),
        })?;
    let Some(file_name) = layer_file(&manifest, layer) else {
        return Err(StoreError::NoLayerFile {
            territory: territory.to_string(),
            layer: layer.to_string(),
        });
    };
    let before_dir = write_territory(store, territory, &tmp.path().join("avant"), None)?;
    let after_dir = write_territory(
        store,
        territory,
        &tmp.path().join("apres"),
        Some(Replacement {
            territory,
            layer,
            data: &data,
        }),
    )?;
    let before = Territory::load(&before_dir).ok().map(|(t, _)| t);
    let found = Territory::validate(&after_dir)?;
    let found = relabel(found, &after_dir.join(file_name), source, territory);
    report.extend(without_cascade(found, source));
    if let Some(before) = &before {
        outside_boundary(&data, layer, before, source, &mut report);
    }
    let after = if report.has_errors() {
        None
    } else {
        Territory::load(&after_dir).ok().map(|(t, _)| t)
    };
    Ok(Checked {
        data,
        report,
        before,
        after,
    })
}

/// Repairs invalid polygons in place when the repair barely changes their area; reports each.
fn repair_geometries(data: &mut LayerData, layer: LayerId, source: &Path, report: &mut Report) {
    let id_field = layer.id_field();
    for (index, f) in data.features.iter_mut().enumerate() {
        let label = || feature_label(index, f.props.get(id_field).and_then(|v| v.as_str()));
        let multi = match &f.geometry {
            Some(Geometry::Polygon(p)) => MultiPolygon(vec![p.clone()]),
            Some(Geometry::MultiPolygon(mp)) => mp.clone(),
            _ => continue,
        };
        if geodata::validate::geometry::validity(&Geometry::MultiPolygon(multi.clone())).is_empty()
        {
            continue;
        }
        let label = label();
        let mut file = report.file(source);
        match repair_multi_polygon(&multi) {
            Ok(outcome) => {
                let change = outcome.area_change;
                let problem = outcome.problem.unwrap_or_else(|| "sommets répétés".into());
                if change.abs() <= MAX_REPAIR_AREA_CHANGE {
                    file.warning(
                        Some(label),
                        Some("geometry"),
                        format!(
                            "géométrie invalide ({problem}) réparée (make-valid) : variation de surface {}",
                            area_change_words(change, 3)
                        ),
                    );
                    f.geometry = Some(Geometry::MultiPolygon(outcome.geometry));
                } else {
                    file.error(
                        Some(label),
                        Some("geometry"),
                        format!(
                            "géométrie invalide ({problem}) : la réparation automatique changerait la surface de {} ; corrigez le contour dans le SIG",
                            area_change_words(change, 1)
                        ),
                    );
                }
            }
            Err(e) => file.error(Some(label), Some("geometry"), e.to_string()),
        }
    }
}

/// Warns about features with no part inside the territory's boundary (the box is an error,
/// checked by geodata; the boundary is approximate, so only a warning).
fn outside_boundary(
    data: &LayerData,
    layer: LayerId,
    before: &Territory,
    source: &Path,
    report: &mut Report,
) {
    if matches!(layer, LayerId::Territoires | LayerId::Communes) {
        return;
    }
    let Some(boundary) = before.boundary.features().first().map(|f| &f.geometry) else {
        return;
    };
    for (index, f) in data.features.iter().enumerate() {
        let Some(g) = &f.geometry else { continue };
        if !g.intersects(boundary) {
            report.file(source).warning(
                Some(feature_label(index, f.text(layer.id_field()))),
                Some("geometry"),
                format!(
                    "entité entièrement hors du contour du territoire « {} »",
                    before.manifest.name
                ),
            );
        }
    }
}

/// geodata names the files of the temporary directory: the candidate's becomes the source
/// file, the others `magasin:<territoire>/<fichier>` (the published layers it affects).
fn relabel(found: Report, candidate: &Path, source: &Path, territory: &str) -> Report {
    let issues = found
        .issues
        .into_iter()
        .map(|issue| {
            let file = if issue.file == candidate {
                source.to_path_buf()
            } else {
                let name = issue
                    .file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                PathBuf::from(format!("magasin:{territory}/{name}"))
            };
            Issue { file, ..issue }
        })
        .collect();
    Report { issues }
}

/// When the candidate has errors of its own, the features it drops make the published layers
/// fail too (an operation placed on a perimeter that could not be read): those follow-on
/// errors are summed up in one line rather than listed.
fn without_cascade(report: Report, source: &Path) -> Report {
    let own = report
        .issues
        .iter()
        .any(|i| i.severity == Severity::Error && i.file == source);
    if !own {
        return report;
    }
    let (kept, cascade): (Vec<Issue>, Vec<Issue>) = report
        .issues
        .into_iter()
        .partition(|i| i.file == source || i.severity != Severity::Error);
    let mut report = Report { issues: kept };
    if !cascade.is_empty() {
        report.file(source).error(
            None,
            None,
            format!(
                "{} erreur(s) en cascade dans les couches publiées (entités placées sur des entités refusées ci-dessus) : corrigez d'abord ce fichier",
                cascade.len()
            ),
        );
    }
    report
}

/// Counts of a report.
pub fn counts(report: &Report) -> (usize, usize) {
    let errors = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    (errors, report.issues.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::wkt;

    #[test]
    fn a_bowtie_is_refused_with_its_area_change_in_words() {
        // The lobes cancel out: no area before the repair, some after.
        let bowtie = wkt!(POLYGON((6.2 46.2, 6.2 46.201, 6.201 46.2, 6.201 46.201, 6.2 46.2)));
        let mut props = serde_json::Map::new();
        props.insert("code".into(), "QN07401M".into());
        let mut data = LayerData {
            features: vec![crate::store::StoredFeature {
                props,
                geometry: Some(Geometry::Polygon(bowtie.clone())),
            }],
        };
        let mut report = Report::default();
        repair_geometries(
            &mut data,
            LayerId::Perimetres,
            Path::new("qpv.gpkg"),
            &mut report,
        );
        let [issue] = report.issues.as_slice() else {
            panic!("one issue expected: {:?}", report.issues)
        };
        assert_eq!(issue.severity, Severity::Error);
        assert!(
            issue
                .message
                .contains("changerait la surface de plus de 100 %"),
            "{}",
            issue.message
        );
        // The refused geometry is left as it was for the report, not replaced by the repair.
        assert_eq!(data.features[0].geometry, Some(Geometry::Polygon(bowtie)));
    }

    #[test]
    fn a_small_spike_is_a_small_change() {
        // A square whose ring touches itself at one vertex (a zero-width spike back and forth).
        let touching = MultiPolygon(vec![
            wkt!(POLYGON((6.2 46.2, 6.21 46.2, 6.21 46.21, 6.205 46.21, 6.205 46.215, 6.205 46.21, 6.2 46.21, 6.2 46.2))),
        ]);
        let outcome = repair_multi_polygon(&touching).unwrap();
        assert!(outcome.was_invalid);
        let change = outcome.area_change;
        assert!(change.abs() < MAX_REPAIR_AREA_CHANGE, "{change}");
    }
}
