//! `sortby` (OGC API – Features Part 8 draft, as OGC API – Records): a comma-separated list of
//! queryables, each with an optional `+` (ascending, the default) or `-` (descending). Ties
//! keep the collection order; null or missing values come last in both directions.

use std::cmp::Ordering;

use serde_json::Value;

use super::collection::{Item, Queryable};

/// Why a `sortby` was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SortError {
    #[error("paramètre « sortby » : « {name} » n'est pas une propriété triable ; propriétés triables : {sortable} (préfixe - pour l'ordre décroissant)")]
    NotSortable { name: String, sortable: String },
    #[error("paramètre « sortby » : « {0} » est donné deux fois")]
    Twice(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub name: String,
    pub descending: bool,
}

/// Reads `sortby`. A `+` decoded from the query string as a space is read as `+`.
pub fn parse_sortby(v: &str, queryables: &[Queryable]) -> Result<Vec<SortKey>, SortError> {
    let sortable = |q: &&Queryable| q.schema["type"] != "array";
    let mut keys = Vec::new();
    for part in v.split(',') {
        let part = part.trim_end();
        let (descending, name) = match part.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, part.trim_start().trim_start_matches('+')),
        };
        let known = queryables.iter().filter(sortable).any(|q| q.name == name);
        if !known {
            let names: Vec<&str> = queryables
                .iter()
                .filter(sortable)
                .map(|q| q.name.as_str())
                .collect();
            return Err(SortError::NotSortable {
                name: name.to_string(),
                sortable: names.join(", "),
            });
        }
        if keys.iter().any(|k: &SortKey| k.name == name) {
            return Err(SortError::Twice(name.to_string()));
        }
        keys.push(SortKey {
            name: name.to_string(),
            descending,
        });
    }
    Ok(keys)
}

/// The canonical text of the keys, for links.
pub fn sortby_text(keys: &[SortKey]) -> String {
    keys.iter()
        .map(|k| format!("{}{}", if k.descending { "-" } else { "" }, k.name))
        .collect::<Vec<_>>()
        .join(",")
}

fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        // Mixed types (a text queryable holding some numbers): compare as text.
        (x, y) => text(x).cmp(&text(y)),
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Sorts `items` by `keys` (stable).
pub fn sort(items: &mut [&Item], keys: &[SortKey]) {
    if keys.is_empty() {
        return;
    }
    items.sort_by(|a, b| {
        for k in keys {
            let get = |it: &Item| it.properties.get(&k.name).filter(|v| !v.is_null()).cloned();
            let o = match (get(a), get(b)) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(x), Some(y)) => {
                    let o = compare_values(&x, &y);
                    if k.descending {
                        o.reverse()
                    } else {
                        o
                    }
                }
            };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(name: &str, t: &str) -> Queryable {
        Queryable {
            name: name.into(),
            schema: json!({ "type": t }),
        }
    }

    fn it(id: &str, props: Value) -> Item {
        Item {
            id: id.into(),
            properties: props.as_object().cloned().unwrap_or_default(),
            geometry: None,
            bbox: None,
            period: None,
            geojson: Default::default(),
        }
    }

    #[test]
    fn parses_signs_and_refuses_unknowns() {
        let qs = [
            q("nom", "string"),
            q("logements", "integer"),
            q("insee_com", "array"),
        ];
        assert_eq!(
            parse_sortby(" nom,-logements", &qs).expect("valid"),
            [
                SortKey {
                    name: "nom".into(),
                    descending: false
                },
                SortKey {
                    name: "logements".into(),
                    descending: true
                }
            ]
        );
        assert!(parse_sortby("+nom", &qs).is_ok());
        let e = parse_sortby("insee_com", &qs)
            .expect_err("array")
            .to_string();
        assert!(e.contains("insee_com") && e.contains("logements"), "{e}");
        assert!(parse_sortby("nom,nom", &qs).is_err());
        assert!(parse_sortby("", &qs).is_err());
    }

    #[test]
    fn nulls_last_ties_stable() {
        let a = it("a", json!({"n": 2, "s": "b"}));
        let b = it("b", json!({"n": null, "s": "a"}));
        let c = it("c", json!({"n": 2, "s": "a"}));
        let d = it("d", json!({"n": 10, "s": "c"}));
        let keys = |t: &str| parse_sortby(t, &[q("n", "integer"), q("s", "string")]).unwrap();
        let order = |t: &str| {
            let mut v = vec![&a, &b, &c, &d];
            sort(&mut v, &keys(t));
            v.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join("")
        };
        assert_eq!(order("n"), "acdb");
        assert_eq!(order("-n"), "dacb");
        assert_eq!(order("n,s"), "cadb");
        assert_eq!(order("-s,n"), "dacb");
    }
}
