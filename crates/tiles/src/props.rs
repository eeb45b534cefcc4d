//! Feature properties as MVT values: the serde form of the model (French names), scalar only,
//! computed once per feature.

use geozero::mvt::TileValue;
use serde_json::Value;

/// One feature's properties, in key order.
pub type Props = Vec<(String, TileValue)>;

/// Long free texts left out of tiles: the popup has the essentials, the full feature is one
/// OGC API request away.
const LEFT_OUT: [&str; 3] = ["description", "dates_texte", "source_section"];

/// The scalar properties of `props` (lists of strings joined by « , », nested objects and
/// nulls left out), plus `territoire` when the feature belongs to a territory.
pub fn props<P: serde::Serialize>(props: &P, territory: Option<&str>) -> Props {
    let mut out = Props::new();
    if let Ok(Value::Object(map)) = serde_json::to_value(props) {
        for (key, value) in map {
            if LEFT_OUT.contains(&key.as_str()) {
                continue;
            }
            if let Some(v) = scalar(&value) {
                out.push((key, v));
            }
        }
    }
    if let Some(slug) = territory {
        out.push(("territoire".to_string(), TileValue::Str(slug.to_string())));
    }
    out
}

fn scalar(value: &Value) -> Option<TileValue> {
    match value {
        Value::String(s) => Some(TileValue::Str(s.clone())),
        Value::Bool(b) => Some(TileValue::Bool(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(TileValue::Int)
            .or_else(|| n.as_f64().map(TileValue::Double)),
        Value::Array(items) => {
            let strings: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
            match strings {
                Some(s) if !s.is_empty() => Some(TileValue::Str(s.join(", "))),
                _ => None,
            }
        }
        Value::Null | Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn get<'a>(p: &'a Props, key: &str) -> Option<&'a TileValue> {
        p.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    #[test]
    fn keeps_scalars_joins_string_lists_and_drops_the_rest() {
        let value = json!({
            "id": "op-1",
            "statut": "en travaux",
            "logements": 120,
            "cout_eur": 1.5e6,
            "insee_com": ["74012", "74008"],
            "codes_successeurs": [],
            "financements": [{"financeur": "ANRU"}],
            "operation": null,
            "description": "un long texte",
            "actif": true,
        });
        let p = props(&value, Some("annemasse-agglo"));
        assert_eq!(get(&p, "id"), Some(&TileValue::Str("op-1".into())));
        assert_eq!(get(&p, "logements"), Some(&TileValue::Int(120)));
        assert_eq!(get(&p, "cout_eur"), Some(&TileValue::Double(1.5e6)));
        assert_eq!(
            get(&p, "insee_com"),
            Some(&TileValue::Str("74012, 74008".into()))
        );
        assert_eq!(get(&p, "actif"), Some(&TileValue::Bool(true)));
        assert_eq!(
            get(&p, "territoire"),
            Some(&TileValue::Str("annemasse-agglo".into()))
        );
        for absent in [
            "codes_successeurs",
            "financements",
            "operation",
            "description",
        ] {
            assert_eq!(get(&p, absent), None, "{absent}");
        }
    }

    #[test]
    fn national_features_have_no_territory() {
        let p = props(&json!({"code": "QN07401M"}), None);
        assert_eq!(
            p,
            vec![("code".to_string(), TileValue::Str("QN07401M".into()))]
        );
    }
}
