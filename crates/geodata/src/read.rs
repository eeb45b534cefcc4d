//! Reading GeoJSON layer files (plain or gzipped) into typed features, reporting every problem
//! with its file, feature and field instead of stopping at the first.
//!
//! The text is read with typed serde, straight into the layer's properties type and into
//! positions: no `serde_json::Value` tree is built (the cost of `geojson`'s own parsing, which
//! buffers every feature). A file that does not read in one typed pass is read again feature by
//! feature, so that one bad feature is reported and skipped without losing the others.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use flate2::read::GzDecoder;
use geo::Geometry;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::model::FeatureProps;
use crate::report::{feature_label, Report};
use geometry_object::GeometryObject;

mod coordinates;
mod geometry_object;

pub use coordinates::raw_coordinates;

/// A feature as read from its file, before placements are resolved.
#[derive(Debug, Clone)]
pub struct RawFeature<P> {
    pub props: P,
    /// `None` when the file gives a null geometry (allowed for imprecise placements).
    pub geometry: Option<Geometry<f64>>,
    /// How messages name this feature.
    pub label: String,
}

/// The value of `result`, or `None` with its error reported as the file's: what makes a
/// file unreadable (I/O, gzip, UTF-8) is reported alike.
fn readable<T, E: std::fmt::Display>(
    path: &Path,
    report: &mut Report,
    result: Result<T, E>,
) -> Option<T> {
    result
        .map_err(|e| {
            report
                .file(path)
                .error(None, None, format!("lecture impossible : {e}"))
        })
        .ok()
}

/// Reads a whole file's bytes, as stored. I/O errors are reported, not raised.
pub fn read_bytes(path: &Path, report: &mut Report) -> Option<Vec<u8>> {
    readable(path, report, std::fs::read(path))
}

/// A file's content from its `bytes` as stored: un-gzipped when `path` ends in `.gz`.
pub fn decode(path: &Path, bytes: Vec<u8>, report: &mut Report) -> Option<Vec<u8>> {
    if path.extension().is_none_or(|e| e != "gz") {
        return Some(bytes);
    }
    let mut content = Vec::with_capacity(bytes.len() * 8);
    let inflated = GzDecoder::new(bytes.as_slice()).read_to_end(&mut content);
    readable(path, report, inflated.map(|_| content))
}

/// The text of `content`, which must be UTF-8.
fn utf8<'a>(path: &Path, content: &'a [u8], report: &mut Report) -> Option<&'a str> {
    readable(path, report, std::str::from_utf8(content))
}

/// Reads a whole file, un-gzipping `*.gz`. I/O errors are reported, not raised.
pub fn read_text(path: &Path, report: &mut Report) -> Option<String> {
    let bytes = read_bytes(path, report)?;
    let content = decode(path, bytes, report)?;
    readable(path, report, String::from_utf8(content))
}

/// Reads a GeoJSON FeatureCollection whose properties deserialize into `P`.
///
/// Features with unreadable properties or geometry are reported and skipped; the rest are
/// returned, so one run reports every problem of the file.
pub fn read_layer<P: DeserializeOwned + FeatureProps>(
    path: &Path,
    report: &mut Report,
) -> Vec<RawFeature<P>> {
    let Some(bytes) = read_bytes(path, report) else {
        return Vec::new();
    };
    match decode(path, bytes, report) {
        Some(content) => parse_layer(path, &content, report),
        None => Vec::new(),
    }
}

/// A FeatureCollection read in one typed pass: the way of a valid file.
#[derive(Deserialize)]
#[serde(bound = "P: DeserializeOwned")]
struct TypedCollection<P> {
    #[serde(rename = "type")]
    _kind: CollectionKind,
    features: Vec<TypedFeature<P>>,
    /// The member is there, whatever its value.
    #[serde(default, deserialize_with = "present")]
    crs: bool,
}

#[derive(Deserialize)]
#[serde(bound = "P: DeserializeOwned")]
struct TypedFeature<P> {
    #[serde(rename = "type")]
    _kind: FeatureKind,
    properties: P,
    #[serde(default)]
    geometry: Option<GeometryObject>,
}

#[derive(Deserialize)]
enum CollectionKind {
    FeatureCollection,
}

#[derive(Deserialize)]
enum FeatureKind {
    Feature,
}

/// The same collection with its features kept as raw JSON text (borrowed, not copied): the way
/// of a file with errors, read feature by feature to report each problem.
#[derive(Deserialize)]
struct RawCollection<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    features: Option<Vec<&'a RawValue>>,
    #[serde(default, deserialize_with = "present")]
    crs: bool,
}

#[derive(Deserialize)]
struct RawJsonFeature<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    properties: Option<&'a RawValue>,
    #[serde(borrow, default)]
    geometry: Option<&'a RawValue>,
}

/// The properties that name a feature in messages, the first one that is a string.
#[derive(Deserialize)]
struct LabelKeys<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    code: Option<&'a RawValue>,
    #[serde(borrow, default)]
    insee_com: Option<&'a RawValue>,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    IgnoredAny::deserialize(d).map(|_| true)
}

/// [`read_layer`] on a file's content (un-gzipped).
///
/// A valid file is read in one typed pass, straight from its bytes (serde_json checks the
/// UTF-8 of every string it reads). When that pass fails, the file is read again feature by
/// feature, so that every problem is reported with its feature and field and the good features
/// are kept.
pub fn parse_layer<P: DeserializeOwned + FeatureProps>(
    path: &Path,
    content: &[u8],
    report: &mut Report,
) -> Vec<RawFeature<P>> {
    let read = match read_in_one_pass(content) {
        Some(read) => read,
        None => match utf8(path, content, report)
            .and_then(|text| read_feature_by_feature(path, text, report))
        {
            Some(read) => read,
            None => return Vec::new(),
        },
    };
    let (features, crs) = read;
    if crs {
        report.file(path).warning(
            None,
            Some("crs"),
            "membre « crs » ignoré : les fichiers GeoJSON du territoire doivent être en WGS84 (RFC 7946)",
        );
    }
    let mut out = Vec::with_capacity(features.len());
    let mut file = report.file(path);
    for (label, props, geometry) in features {
        let geometry = match geometry {
            None => None,
            Some(GeometryObject(value)) => {
                let problems = raw_coordinates(&value);
                if !problems.is_empty() {
                    for p in problems {
                        file.error(Some(label.clone()), Some("geometry"), p);
                    }
                    continue;
                }
                match Geometry::<f64>::try_from(value) {
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

/// A feature whose properties and geometry could be read: its label, properties, geometry.
type ReadFeature<P> = (String, P, Option<GeometryObject>);

/// Reads a valid collection in one typed pass; `None` at the first problem.
fn read_in_one_pass<P: DeserializeOwned + FeatureProps>(
    content: &[u8],
) -> Option<(Vec<ReadFeature<P>>, bool)> {
    let collection = serde_json::from_slice::<TypedCollection<P>>(content).ok()?;
    let features = collection
        .features
        .into_iter()
        .enumerate()
        .map(|(index, f)| {
            // The label names the feature by its id: its first string property among `id`,
            // `code` and `insee_com`, as `label_id` finds it in a file with errors.
            let label = feature_label(index, Some(f.properties.id()));
            (label, f.properties, f.geometry)
        })
        .collect();
    Some((features, collection.crs))
}

/// Reads a collection that failed the typed pass, feature by feature, reporting why each
/// unreadable feature is; `None` when the file itself is not a FeatureCollection. Returns the
/// readable features and whether the file has a `crs` member.
fn read_feature_by_feature<P: DeserializeOwned + FeatureProps>(
    path: &Path,
    text: &str,
    report: &mut Report,
) -> Option<(Vec<ReadFeature<P>>, bool)> {
    let collection: RawCollection = match serde_json::from_str(text) {
        Ok(c) => c,
        Err(e) => {
            report
                .file(path)
                .error(None, None, format!("GeoJSON illisible : {e}"));
            return None;
        }
    };
    let features = match (collection.kind.as_deref(), collection.features) {
        (Some("FeatureCollection"), Some(features)) => features,
        (Some("FeatureCollection"), None) => {
            report.file(path).error(
                None,
                Some("features"),
                "GeoJSON illisible : membre « features » absent",
            );
            return None;
        }
        _ => {
            report
                .file(path)
                .error(None, None, "une FeatureCollection GeoJSON est attendue");
            return None;
        }
    };
    let mut file = report.file(path);
    let mut out = Vec::with_capacity(features.len());
    for (index, raw) in features.into_iter().enumerate() {
        let feature: RawJsonFeature = match serde_json::from_str(raw.get()) {
            Ok(f) => f,
            Err(e) => {
                file.error(
                    Some(feature_label(index, None)),
                    None,
                    format!("entité GeoJSON illisible : {}", without_position(&e)),
                );
                continue;
            }
        };
        let properties = feature.properties.map_or("{}", RawValue::get);
        let label = feature_label(index, label_id(properties).as_deref());
        if feature.kind.as_deref() != Some("Feature") {
            file.error(
                Some(label),
                Some("type"),
                "une entité GeoJSON (« type » : « Feature ») est attendue",
            );
            continue;
        }
        let mut de = serde_json::Deserializer::from_str(properties);
        let props: P = match serde_path_to_error::deserialize(&mut de) {
            Ok(p) => p,
            Err(e) => {
                let field = e.path().to_string();
                let field = (field != ".").then_some(field);
                file.error(
                    Some(label),
                    field.as_deref(),
                    translate_serde_message(&without_position(e.inner())),
                );
                continue;
            }
        };
        let geometry = match feature.geometry {
            None => None,
            Some(raw) => match serde_json::from_str::<Option<GeometryObject>>(raw.get()) {
                Ok(g) => g,
                Err(e) => {
                    file.error(
                        Some(label),
                        Some("geometry"),
                        format!("géométrie illisible : {}", without_position(&e)),
                    );
                    continue;
                }
            },
        };
        out.push((label, props, geometry));
    }
    Some((out, collection.crs))
}

/// The first of `id`, `code`, `insee_com` that is a string in a feature's properties: the id
/// messages name it by (for each layer, the property that is its id).
fn label_id(properties: &str) -> Option<String> {
    let keys: LabelKeys = serde_json::from_str(properties).ok()?;
    [keys.id, keys.code, keys.insee_com]
        .into_iter()
        .flatten()
        .find_map(|raw| serde_json::from_str::<String>(raw.get()).ok())
}

/// serde_json's message without its « at line L column C », which counts from the start of
/// the feature's member, not of the file.
fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    if e.line() == 0 {
        return message;
    }
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    message
        .strip_suffix(&suffix)
        .map_or(message.clone(), str::to_string)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Commune, Equipment, Operation, Perimeter};
    use std::path::PathBuf;

    fn bundled(file: &str) -> (PathBuf, String) {
        let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data")).join(file);
        let text = read_text(&path, &mut Report::default()).expect(file);
        (path, text)
    }

    /// The one-pass reading of a valid file gives what the feature-by-feature reading gives.
    fn both_ways_agree<P: DeserializeOwned + FeatureProps + PartialEq + std::fmt::Debug>(
        file: &str,
    ) {
        let (path, text) = bundled(file);
        let fast = read_in_one_pass::<P>(text.as_bytes()).expect("a valid file reads in one pass");
        let mut report = Report::default();
        let slow = read_feature_by_feature::<P>(&path, &text, &mut report).unwrap();
        assert!(report.issues.is_empty(), "{report}");
        assert!(!fast.0.is_empty());
        assert_eq!(fast, slow, "{file}");
    }

    #[test]
    fn one_pass_and_feature_by_feature_read_the_same() {
        both_ways_agree::<Operation>("territories/annemasse-agglo/operations.geojson");
        both_ways_agree::<Equipment>("territories/annemasse-agglo/equipment.geojson");
        both_ways_agree::<Commune>("territories/annemasse-agglo/communes.geojson");
        both_ways_agree::<Perimeter>("territories/annemasse-agglo/perimeters.geojson");
        both_ways_agree::<Perimeter>("france/qpv2024.geojson.gz");
    }

    #[test]
    fn a_bad_feature_is_reported_and_the_others_kept() {
        let (path, text) = bundled("territories/annemasse-agglo/operations.geojson");
        let good: Vec<RawFeature<Operation>> =
            parse_layer(&path, text.as_bytes(), &mut Report::default());
        // The second feature's type becomes unknown, the third's geometry unreadable.
        let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
        value["features"][1]["properties"]["type"] = "inconnu".into();
        value["features"][2]["geometry"] =
            serde_json::json!({ "type": "Point", "coordinates": "ici" });
        value["crs"] = serde_json::Value::Null;
        let mut report = Report::default();
        let read: Vec<RawFeature<Operation>> =
            parse_layer(&path, value.to_string().as_bytes(), &mut report);
        assert_eq!(read.len(), good.len() - 2);
        let issues: Vec<_> = report
            .issues
            .iter()
            .map(|i| (i.feature.clone(), i.field.clone()))
            .collect();
        let label = |i: usize| Some(good[i].label.clone());
        assert_eq!(
            issues,
            [
                (label(1), Some("type".to_string())),
                (label(2), Some("geometry".to_string())),
                (None, Some("crs".to_string())),
            ],
            "{report}"
        );
        assert!(
            report.issues[1]
                .message
                .starts_with("géométrie illisible : invalid type"),
            "{report}"
        );
    }
}
