//! From the source's fields to the layer's properties: the mapping given by flags or TOML,
//! Shapefile's truncated names, lists written as text, numbers, dates, encodings.

use std::collections::{BTreeMap, BTreeSet};

use gdal::vector::FieldValue;
use serde::Deserialize;
use serde_json::{Map, Number, Value};

use crate::error::{Result, StoreError};
use crate::layer_id::LayerId;

/// How source fields become layer fields.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldMapping {
    /// Source field → layer field (`code_qp = "code"`); an empty target drops the field.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Values for layer fields the source lacks (`type = "qpv"`, `millesime = 2024`).
    #[serde(default)]
    pub values: Map<String, Value>,
}

impl FieldMapping {
    /// Reads a mapping file:
    ///
    /// ```toml
    /// [fields]      # source field = layer field
    /// code_qp = "code"
    /// lib_qp = "nom"
    /// [values]      # constant values of fields the source lacks
    /// type = "qpv"
    /// millesime = 2024
    /// ```
    pub fn from_toml(text: &str) -> Result<Self> {
        let value: toml::Value = toml::from_str(text)
            .map_err(|e| StoreError::Mapping(format!("correspondance illisible : {e}")))?;
        let json = serde_json::to_value(value)?;
        serde_json::from_value(json)
            .map_err(|e| StoreError::Mapping(format!("correspondance illisible : {e}")))
    }

    /// Adds a `SOURCE=FIELD` pair given on the command line.
    pub fn add_field(&mut self, pair: &str) -> Result<()> {
        let (source, target) = split_pair(pair, "--map CHAMP_SOURCE=CHAMP_COUCHE")?;
        self.fields.insert(source.to_string(), target.to_string());
        Ok(())
    }

    /// Adds a `FIELD=VALUE` constant given on the command line (a number stays a number).
    pub fn add_value(&mut self, pair: &str) -> Result<()> {
        let (field, value) = split_pair(pair, "--set CHAMP=VALEUR")?;
        let value = value
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(value.to_string()));
        self.values.insert(field.to_string(), value);
        Ok(())
    }

    /// Checks the targets are fields of the layer.
    pub fn check(&self, layer: LayerId) -> Result<()> {
        let known = layer.model_fields();
        let unknown: Vec<&str> = self
            .fields
            .values()
            .map(String::as_str)
            .chain(self.values.keys().map(String::as_str))
            .filter(|t| !t.is_empty() && !known.contains(t))
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        Err(StoreError::Mapping(format!(
            "correspondance : champ(s) {} inconnu(s) dans la couche « {layer} » ; champs de la couche : {}",
            unknown.join(", "),
            known.join(", ")
        )))
    }
}

fn split_pair<'a>(pair: &'a str, usage: &str) -> Result<(&'a str, &'a str)> {
    pair.split_once('=')
        .map(|(a, b)| (a.trim(), b.trim()))
        .filter(|(a, _)| !a.is_empty())
        .ok_or_else(|| StoreError::Mapping(format!("« {pair} » : attendu {usage}")))
}

/// What becomes of one source field.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Field(&'static str),
    Dropped,
}

/// The decision for every source field, and the notes to report once per field.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub targets: Vec<Target>,
    pub notes: Vec<(String, String)>,
}

/// Decides where each source field goes.
pub fn plan(layer: LayerId, source_fields: &[String], mapping: &FieldMapping) -> Plan {
    let known = layer.model_fields();
    let mut plan = Plan::default();
    let explicit: BTreeSet<&str> = mapping
        .fields
        .values()
        .map(String::as_str)
        .filter(|t| !t.is_empty())
        .collect();
    for name in source_fields {
        let target = if let Some(t) = mapping.fields.get(name) {
            match known.iter().find(|k| *k == t) {
                Some(k) => Target::Field(k),
                None => Target::Dropped,
            }
        } else if let Some(k) = known.iter().find(|k| *k == name) {
            if explicit.contains(k) {
                plan.notes.push((
                    name.clone(),
                    format!("champ « {name} » ignoré : la correspondance remplit déjà « {k} »"),
                ));
                Target::Dropped
            } else {
                Target::Field(k)
            }
        } else if let Some(k) = truncated(name, &known).filter(|k| !explicit.contains(k)) {
            plan.notes.push((
                name.clone(),
                format!("champ « {name} » lu comme « {k} » (nom tronqué à 10 caractères par le format Shapefile)"),
            ));
            Target::Field(k)
        } else {
            plan.notes.push((
                name.clone(),
                format!(
                    "champ « {name} » ignoré : la couche « {layer} » n'a pas ce champ ; associez-le avec --map {name}=CHAMP (champs : {})",
                    known.join(", ")
                ),
            ));
            Target::Dropped
        };
        plan.targets.push(target);
    }
    plan
}

/// The model field a Shapefile's 10-character name stands for, when only one fits.
fn truncated(name: &str, known: &[&'static str]) -> Option<&'static str> {
    if name.chars().count() != 10 {
        return None;
    }
    let mut fits = known.iter().filter(|k| k.starts_with(name));
    match (fits.next(), fits.next()) {
        (Some(k), None) => Some(k),
        _ => None,
    }
}

/// Why a value could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueProblem {
    /// Characters that did not decode: the file's encoding is not the one GDAL assumed.
    Encoding,
}

/// Converts a source value for `field` of `layer`. `Ok(None)` leaves the field unset (an empty
/// text, so that the model's default or a missing-field error applies).
pub fn convert(
    layer: LayerId,
    field: &str,
    value: FieldValue,
) -> std::result::Result<Option<Value>, ValueProblem> {
    let is_list = layer.list_fields().contains(&field);
    let is_integer = layer.integer_fields().contains(&field);
    Ok(Some(match value {
        FieldValue::StringValue(s) => {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            if s.contains('\u{FFFD}') {
                return Err(ValueProblem::Encoding);
            }
            if is_list {
                list_from_text(s)
            } else if is_integer {
                s.parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(s.to_string()))
            } else {
                Value::String(s.to_string())
            }
        }
        FieldValue::IntegerValue(i) => integer_or_text(i64::from(i), is_list),
        FieldValue::Integer64Value(i) => integer_or_text(i, is_list),
        FieldValue::RealValue(r) => {
            if is_integer && r.fract() == 0.0 && r.abs() < 1e15 {
                Value::from(r as i64)
            } else {
                Number::from_f64(r).map_or(Value::Null, Value::Number)
            }
        }
        FieldValue::StringListValue(items) => {
            if items.iter().any(|s| s.contains('\u{FFFD}')) {
                return Err(ValueProblem::Encoding);
            }
            Value::from(items)
        }
        FieldValue::IntegerListValue(items) => Value::from(items),
        FieldValue::Integer64ListValue(items) => Value::from(items),
        FieldValue::RealListValue(items) => Value::from(items),
        FieldValue::DateValue(d) => Value::String(d.format("%Y-%m-%d").to_string()),
        FieldValue::DateTimeValue(d) => Value::String(d.format("%Y-%m-%d").to_string()),
    }))
}

/// A code read as a number (an INSEE code in a numeric column) stays text in a list.
fn integer_or_text(i: i64, is_list: bool) -> Value {
    if is_list {
        Value::from(vec![i.to_string()])
    } else {
        Value::from(i)
    }
}

/// A list written as text: JSON (`["74012"]`, GeoPackage's JSON fields), OGR's own form
/// (`(2:74012,74008)`), or separated by commas or semicolons.
fn list_from_text(s: &str) -> Value {
    if s.starts_with('[') {
        if let Ok(v @ Value::Array(_)) = serde_json::from_str(s) {
            return v;
        }
    }
    let body = s
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
        .and_then(|rest| rest.split_once(':'))
        .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
        .map_or(s, |(_, items)| items);
    let separator = if body.contains(';') { ';' } else { ',' };
    Value::from(
        body.split(separator)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_written_as_text() {
        let l = LayerId::Perimetres;
        let conv = |s: &str| convert(l, "insee_com", FieldValue::StringValue(s.into())).unwrap();
        assert_eq!(conv("74012"), Some(Value::from(vec!["74012"])));
        assert_eq!(
            conv("74012, 74008"),
            Some(Value::from(vec!["74012", "74008"]))
        );
        assert_eq!(
            conv("(2:74012,74008)"),
            Some(Value::from(vec!["74012", "74008"]))
        );
        assert_eq!(conv(r#"["74012"]"#), Some(Value::from(vec!["74012"])));
        assert_eq!(conv("  "), None);
        assert_eq!(
            convert(l, "insee_com", FieldValue::IntegerValue(74012)).unwrap(),
            Some(Value::from(vec!["74012"]))
        );
    }

    #[test]
    fn numbers_and_dates() {
        let l = LayerId::Perimetres;
        assert_eq!(
            convert(l, "millesime", FieldValue::RealValue(2024.0)).unwrap(),
            Some(Value::from(2024))
        );
        assert_eq!(
            convert(l, "millesime", FieldValue::StringValue("2024".into())).unwrap(),
            Some(Value::from(2024))
        );
        let date = chrono::NaiveDate::from_ymd_opt(2019, 6, 29).unwrap();
        assert_eq!(
            convert(
                LayerId::Operations,
                "date_debut",
                FieldValue::DateValue(date)
            )
            .unwrap(),
            Some(Value::from("2019-06-29"))
        );
    }

    #[test]
    fn undecodable_text_is_an_encoding_problem() {
        let v = FieldValue::StringValue("Ch\u{FFFD}teau Rouge".into());
        assert_eq!(
            convert(LayerId::Perimetres, "nom", v),
            Err(ValueProblem::Encoding)
        );
    }

    #[test]
    fn plan_maps_renames_truncations_and_ignores() {
        let mut m = FieldMapping::default();
        m.add_field("code_qp=code").unwrap();
        m.add_field("lib_qp = nom").unwrap();
        let source: Vec<String> = [
            "code_qp",
            "lib_qp",
            "precision_",
            "motif_prec",
            "surface",
            "nom",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let p = plan(LayerId::Perimetres, &source, &m);
        assert_eq!(
            p.targets,
            [
                Target::Field("code"),
                Target::Field("nom"),
                Target::Field("precision_geometrie"),
                Target::Field("motif_precision"),
                Target::Dropped,
                Target::Dropped,
            ]
        );
        assert!(p
            .notes
            .iter()
            .any(|(f, n)| f == "surface" && n.contains("--map surface=")));
        assert!(p
            .notes
            .iter()
            .any(|(f, n)| f == "precision_" && n.contains("tronqué")));
    }

    #[test]
    fn mapping_file_and_unknown_targets() {
        let m = FieldMapping::from_toml(
            "[fields]\ncode_qp = \"code\"\n[values]\ntype = \"qpv\"\nmillesime = 2024\n",
        )
        .unwrap();
        assert_eq!(m.fields["code_qp"], "code");
        assert_eq!(m.values["millesime"], Value::from(2024));
        assert!(m.check(LayerId::Perimetres).is_ok());
        let err = m.check(LayerId::Ilots).unwrap_err().to_string();
        assert!(
            err.contains("type, millesime") || err.contains("code"),
            "{err}"
        );
        assert!(FieldMapping::from_toml("[champs]\n").is_err());
        let mut bad = FieldMapping::default();
        assert!(bad.add_field("sans_egal").is_err());
    }
}
