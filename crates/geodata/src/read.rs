//! Reading GeoJSON layer files (plain or gzipped) into typed features, reporting every problem
//! with its file, feature and field instead of stopping at the first.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use flate2::read::GzDecoder;
use geo::Geometry;
use serde::de::DeserializeOwned;

use crate::model::FeatureProps;
use crate::report::{feature_label, Report};
use crate::validate;

/// A feature as read from its file, before placements are resolved.
#[derive(Debug, Clone)]
pub struct RawFeature<P> {
    pub props: P,
    /// `None` when the file gives a null geometry (allowed for imprecise placements).
    pub geometry: Option<Geometry<f64>>,
    /// How messages name this feature.
    pub label: String,
}

/// Reads a whole file, un-gzipping `*.gz`. I/O errors are reported, not raised.
pub fn read_text(path: &Path, report: &mut Report) -> Option<String> {
    let result = File::open(path).and_then(|file| {
        let mut text = String::new();
        if path.extension().is_some_and(|e| e == "gz") {
            GzDecoder::new(BufReader::new(file)).read_to_string(&mut text)?;
        } else {
            BufReader::new(file).read_to_string(&mut text)?;
        }
        Ok(text)
    });
    match result {
        Ok(text) => Some(text),
        Err(e) => {
            report
                .file(path)
                .error(None, None, format!("lecture impossible : {e}"));
            None
        }
    }
}

/// Reads a GeoJSON FeatureCollection whose properties deserialize into `P`.
///
/// Features with unreadable properties or geometry are reported and skipped; the rest are
/// returned, so one run reports every problem of the file.
pub fn read_layer<P: DeserializeOwned + FeatureProps>(
    path: &Path,
    report: &mut Report,
) -> Vec<RawFeature<P>> {
    let Some(text) = read_text(path, report) else {
        return Vec::new();
    };
    let collection = match text.parse::<geojson::GeoJson>() {
        Ok(geojson::GeoJson::FeatureCollection(fc)) => fc,
        Ok(_) => {
            report
                .file(path)
                .error(None, None, "une FeatureCollection GeoJSON est attendue");
            return Vec::new();
        }
        Err(e) => {
            report
                .file(path)
                .error(None, None, format!("GeoJSON illisible : {e}"));
            return Vec::new();
        }
    };
    if collection
        .foreign_members
        .as_ref()
        .is_some_and(|m| m.contains_key("crs"))
    {
        report.file(path).warning(
            None,
            Some("crs"),
            "membre « crs » ignoré : les fichiers GeoJSON du territoire doivent être en WGS84 (RFC 7946)",
        );
    }
    let mut out = Vec::with_capacity(collection.features.len());
    for (index, feature) in collection.features.into_iter().enumerate() {
        let properties = feature.properties.unwrap_or_default();
        let raw_id = ["id", "code", "insee_com"].iter().find_map(|k| {
            properties
                .get(*k)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        });
        let label = feature_label(index, raw_id.as_deref());
        let mut file = report.file(path);
        let props: P = match serde_path_to_error::deserialize(serde_json::Value::Object(properties))
        {
            Ok(p) => p,
            Err(e) => {
                let field = e.path().to_string();
                let field = (field != ".").then_some(field);
                file.error(
                    Some(label),
                    field.as_deref(),
                    translate_serde_message(&e.inner().to_string()),
                );
                continue;
            }
        };
        let geometry = match feature.geometry {
            None => None,
            Some(g) => {
                let problems = validate::geometry::raw_coordinates(&g.value);
                if !problems.is_empty() {
                    for p in problems {
                        file.error(Some(label.clone()), Some("geometry"), p);
                    }
                    continue;
                }
                match Geometry::<f64>::try_from(g.value) {
                    Ok(g) => Some(g),
                    Err(e) => {
                        file.error(
                            Some(label),
                            Some("geometry"),
                            format!("géométrie illisible : {e}"),
                        );
                        continue;
                    }
                }
            }
        };
        out.push(RawFeature {
            props,
            geometry,
            label,
        });
    }
    out
}

/// Reads a JSON array whose items deserialize into `T` (the actions file).
pub fn read_json_array<T: DeserializeOwned>(
    path: &Path,
    report: &mut Report,
    id_key: &str,
) -> Vec<T> {
    let Some(text) = read_text(path, report) else {
        return Vec::new();
    };
    let items: Vec<serde_json::Value> = match serde_json::from_str(&text) {
        Ok(serde_json::Value::Array(items)) => items,
        Ok(_) => {
            report
                .file(path)
                .error(None, None, "un tableau JSON est attendu");
            return Vec::new();
        }
        Err(e) => {
            report
                .file(path)
                .error(None, None, format!("JSON illisible : {e}"));
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let label = feature_label(index, item.get(id_key).and_then(|v| v.as_str()));
        match serde_path_to_error::deserialize(item) {
            Ok(v) => out.push(v),
            Err(e) => {
                let field = e.path().to_string();
                let field = (field != ".").then_some(field);
                report.file(path).error(
                    Some(label),
                    field.as_deref(),
                    translate_serde_message(&e.inner().to_string()),
                );
            }
        }
    }
    out
}

/// serde's messages, in French for the GIS team.
fn translate_serde_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("champ obligatoire absent : {rest}");
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        return format!(
            "valeur inconnue {}",
            rest.replace("expected one of", "; valeurs admises :")
                .replace("expected", "; attendu :")
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return format!(
            "type invalide : {}",
            rest.replace(", expected", ", attendu")
        );
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return format!(
            "champ inconnu {}",
            rest.replace("expected one of", "; champs admis :")
                .replace("expected", "; attendu :")
        );
    }
    message.to_string()
}
