//! Rules across features: unique ids, known communes, perimeters and programmes.

use std::collections::HashSet;
use std::path::Path;

use crate::model::FeatureProps;
use crate::read::RawFeature;
use crate::report::Report;

/// Every id of a layer must be unique (in the territory, across the layer's files).
pub fn unique_ids<P: FeatureProps>(features: &[(&Path, &RawFeature<P>)], report: &mut Report) {
    let mut seen = HashSet::new();
    for (path, f) in features {
        let id = f.props.id();
        if id.trim().is_empty() {
            report
                .file(path)
                .error(Some(f.label.clone()), Some("id"), "identifiant vide");
        } else if !seen.insert(id) {
            report.file(path).error(
                Some(f.label.clone()),
                Some("id"),
                format!("identifiant « {id} » en double"),
            );
        }
    }
}

/// Every INSEE code a feature names must be a member commune of the territory.
pub fn known_communes<P: FeatureProps>(
    path: &Path,
    f: &RawFeature<P>,
    members: &HashSet<&str>,
    report: &mut Report,
) {
    for insee in f.props.communes() {
        if !members.contains(insee.as_str()) {
            report.file(path).error(
                Some(f.label.clone()),
                Some("insee_com"),
                format!("commune « {insee} » inconnue : elle n'est pas membre du territoire (territory.toml)"),
            );
        }
    }
}

/// A programme reference must name a programme declared by the manifest.
pub fn known_programme(
    path: &Path,
    label: &str,
    programme: &str,
    programmes: &HashSet<&str>,
    report: &mut Report,
) {
    if !programmes.contains(programme) {
        report.file(path).error(
            Some(label.to_string()),
            Some("programme"),
            format!("programme « {programme} » inconnu : déclarez-le dans territory.toml ([[programmes]])"),
        );
    }
}
