//! The OGC collections built from a catalog: one per layer of the shared contract, each
//! feature with its French properties (the model's serde form plus `territoire`), its URL id
//! and, for operations, its period.

use geo::{BoundingRect, Geometry, Rect};
use geodata::catalog::Catalog;
use geodata::contract::LayerId;
use geodata::layer::Layer;
use geodata::model::FeatureProps;
use geodata::territory::Territory;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};
use serde::Serialize;
use serde_json::{Map, Value};

/// A day as `(year, month, day)`, comparable.
pub type Day = (u16, u8, u8);

/// One feature of a collection.
#[derive(Debug, Clone)]
pub struct Item {
    /// Id in URLs: `{slug}:{id}` for territory layers, the code for `qpv`.
    pub id: String,
    pub properties: Map<String, Value>,
    pub geometry: Option<Geometry<f64>>,
    pub bbox: Option<Rect<f64>>,
    /// First and last day the feature concerns, for `datetime` (open ends as `None`).
    pub period: Option<(Option<Day>, Option<Day>)>,
    /// Its GeoJSON bytes, written on first request ([`super::geojson::feature_bytes`]).
    pub geojson: Written,
}

/// An item's GeoJSON bytes in CRS84 with every property, once written: kept with the
/// collection, so for its data version.
#[derive(Clone, Default)]
pub struct Written(std::sync::OnceLock<Box<[u8]>>);

impl Written {
    /// The bytes, written by `write` on the first call. Two first calls at once both write
    /// them (neither waits for the other); the first stored is kept.
    pub fn get_or_write<E>(&self, write: impl FnOnce() -> Result<Vec<u8>, E>) -> Result<&[u8], E> {
        if let Some(bytes) = self.0.get() {
            return Ok(bytes);
        }
        let bytes = write()?.into_boxed_slice();
        Ok(self.0.get_or_init(|| bytes))
    }
}

impl std::fmt::Debug for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.get() {
            Some(b) => write!(f, "Written({} bytes)", b.len()),
            None => f.write_str("Written(not yet)"),
        }
    }
}

/// A queryable property and its JSON Schema type.
#[derive(Debug, Clone, PartialEq)]
pub struct Queryable {
    pub name: String,
    pub schema: Value,
}

/// One collection of the OGC API (and one MVT layer of the same name).
#[derive(Debug, Clone)]
pub struct Collection {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub items: Vec<Item>,
    pub queryables: Vec<Queryable>,
    /// Whether items can be filtered by `datetime`.
    pub temporal: bool,
    /// Whether features have geometries (`actions` has none).
    pub spatial: bool,
    /// Whether the collection is a layer of the vector tiles (the national references are
    /// not: see [`super::references`]).
    pub tiled: bool,
    pub extent: Option<Rect<f64>>,
    /// Every property name of the items (what `properties=` may select), sorted.
    pub property_names: Vec<String>,
    /// The items' bounding boxes, each with its index in `items`.
    pub index: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

impl Collection {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Indices of the items whose bounding box meets one of `boxes`, in collection order.
    pub fn candidates(&self, boxes: &[Rect<f64>]) -> Vec<usize> {
        let mut found: Vec<usize> = boxes
            .iter()
            .flat_map(|b| {
                let env = AABB::from_corners([b.min().x, b.min().y], [b.max().x, b.max().y]);
                self.index
                    .locate_in_envelope_intersecting(&env)
                    .map(|e| e.data)
            })
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The earliest and latest day of the items' periods, for the temporal extent.
    pub fn interval(&self) -> (Option<Day>, Option<Day>) {
        let starts = self.items.iter().filter_map(|i| i.period.and_then(|p| p.0));
        let ends = self.items.iter().filter_map(|i| i.period.and_then(|p| p.1));
        (starts.min(), ends.max())
    }
}

/// The collections of the versioned layers.
pub fn layer_collections(catalog: &Catalog) -> Vec<Collection> {
    let ts = &catalog.territories;
    let national = catalog
        .national
        .qpv
        .features()
        .iter()
        .map(|f| item(f.props.code.clone(), &f.props, None, Some(&f.geometry)))
        .collect();
    vec![
        build(LayerId::Qpv, national),
        build(LayerId::Perimetres, layer_items(ts, |t| &t.perimeters)),
        build(LayerId::Operations, operations(ts)),
        build(LayerId::Equipements, layer_items(ts, |t| &t.equipment)),
        build(LayerId::Centralites, layer_items(ts, |t| &t.centralities)),
        build(LayerId::Corridors, layer_items(ts, |t| &t.corridors)),
        build(LayerId::Ilots, layer_items(ts, |t| &t.ilots)),
        build(LayerId::Communes, layer_items(ts, |t| &t.communes)),
        build(LayerId::Territoires, territories(ts)),
        build(LayerId::Actions, actions(ts)),
    ]
}

/// A collection of the layer contract: its id, title, description and kind come from
/// [`LayerId`].
fn build(layer: LayerId, items: Vec<Item>) -> Collection {
    let kind = Kind {
        id: layer.as_str(),
        title: layer.title(),
        description: layer.description(),
        temporal: layer.is_temporal(),
        spatial: layer.is_geographic(),
        tiled: layer.is_geographic(),
    };
    assemble(kind, items)
}

/// What a collection is, besides its items.
pub(crate) struct Kind {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub temporal: bool,
    pub spatial: bool,
    pub tiled: bool,
}

/// A collection of `items`: its extent, R-tree, property names and queryables.
pub(crate) fn assemble(kind: Kind, items: Vec<Item>) -> Collection {
    let extent = items.iter().filter_map(|i| i.bbox).reduce(union);
    let index = RTree::bulk_load(
        items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| {
                let b = it.bbox?;
                let r = Rectangle::from_corners([b.min().x, b.min().y], [b.max().x, b.max().y]);
                Some(GeomWithData::new(r, i))
            })
            .collect(),
    );
    let property_names: std::collections::BTreeSet<&String> =
        items.iter().flat_map(|it| it.properties.keys()).collect();
    let property_names = property_names.into_iter().cloned().collect();
    Collection {
        id: kind.id,
        title: kind.title,
        description: kind.description,
        queryables: queryables(&items),
        items,
        temporal: kind.temporal,
        spatial: kind.spatial,
        tiled: kind.tiled,
        extent,
        property_names,
        index,
    }
}

/// The smallest box holding both.
pub fn union(a: Rect<f64>, b: Rect<f64>) -> Rect<f64> {
    Rect::new(
        geo::Coord {
            x: a.min().x.min(b.min().x),
            y: a.min().y.min(b.min().y),
        },
        geo::Coord {
            x: a.max().x.max(b.max().x),
            y: a.max().y.max(b.max().y),
        },
    )
}

fn item<P: Serialize>(
    id: String,
    props: &P,
    territory: Option<&str>,
    geometry: Option<&Geometry<f64>>,
) -> Item {
    let mut properties = match serde_json::to_value(props) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    if let Some(slug) = territory {
        properties.insert("territoire".into(), Value::String(slug.to_string()));
    }
    Item {
        id,
        properties,
        geometry: geometry.cloned(),
        bbox: geometry.and_then(|g| g.bounding_rect()),
        period: None,
        geojson: Default::default(),
    }
}

fn layer_items<P: FeatureProps + Serialize>(
    territories: &[Territory],
    layer: impl Fn(&Territory) -> &Layer<P>,
) -> Vec<Item> {
    territories
        .iter()
        .flat_map(|t| {
            layer(t).features().iter().map(move |f| {
                item(
                    format!("{}:{}", t.slug(), f.props.id()),
                    &f.props,
                    Some(t.slug()),
                    Some(&f.geometry),
                )
            })
        })
        .collect()
}

/// The boundaries, each with its manifest's programmes (what the web map shows instead of the
/// programme ids that operations and actions carry) and its freshness threshold
/// (`statut_ancien_apres_ans`, territory.toml `[freshness] stale_after_years`): the map's
/// popups judge a tile's status « à vérifier » with it, as answers do (issue 27).
fn territories(territories: &[Territory]) -> Vec<Item> {
    let mut items = layer_items(territories, |t| &t.boundary);
    for it in &mut items {
        let slug = it.properties.get("territoire").and_then(Value::as_str);
        if let Some(t) = territories.iter().find(|t| Some(t.slug()) == slug) {
            let programmes = serde_json::to_value(&t.manifest.programmes).unwrap_or(Value::Null);
            it.properties.insert("programmes".into(), programmes);
            it.properties.insert(
                "statut_ancien_apres_ans".into(),
                Value::from(t.manifest.freshness.stale_after_years),
            );
        }
    }
    items
}

fn operations(territories: &[Territory]) -> Vec<Item> {
    territories
        .iter()
        .flat_map(|t| {
            t.operations.features().iter().map(move |f| {
                let mut it = item(
                    format!("{}:{}", t.slug(), f.props.id),
                    &f.props,
                    Some(t.slug()),
                    Some(&f.geometry),
                );
                let start = f.props.start.map(|d| d.bounds().0);
                let end = f.props.end.map(|d| d.bounds().1);
                it.period = (start.is_some() || end.is_some()).then_some((start, end));
                it
            })
        })
        .collect()
}

fn actions(territories: &[Territory]) -> Vec<Item> {
    territories
        .iter()
        .flat_map(|t| {
            t.actions
                .iter()
                .map(move |a| item(format!("{}:{}", t.slug(), a.id), a, Some(t.slug()), None))
        })
        .collect()
}

/// Scalar properties and arrays of scalars present in the items: what `?name=value` filters.
/// A property holding an object, or an array of objects in any item, is not queryable.
pub(crate) fn queryables(items: &[Item]) -> Vec<Queryable> {
    // name → schema, `None` once disqualified; empty arrays and nulls decide nothing.
    let mut found: std::collections::BTreeMap<String, Option<Value>> = Default::default();
    for it in items {
        for (name, value) in &it.properties {
            let verdict = match value {
                Value::Null => continue,
                Value::Array(a) if a.is_empty() => {
                    found.entry(name.clone()).or_insert_with(|| {
                        Some(serde_json::json!({"type": "array", "items": {"type": "string"}}))
                    });
                    continue;
                }
                v => schema_of(v),
            };
            match (found.get(name), verdict) {
                (Some(None), _) => {}
                (_, None) => {
                    found.insert(name.clone(), None);
                }
                (Some(Some(old)), Some(new)) if old == &new => {}
                (Some(Some(old)), Some(_)) if is_empty_array_guess(old) => {
                    found.insert(name.clone(), schema_of(value));
                }
                (Some(Some(_)), Some(_)) => {
                    // Mixed types across features: keep it queryable as text.
                    found.insert(name.clone(), Some(serde_json::json!({"type": "string"})));
                }
                (None, Some(new)) => {
                    found.insert(name.clone(), Some(new));
                }
            }
        }
    }
    found
        .into_iter()
        .filter_map(|(name, schema)| {
            Some(Queryable {
                name,
                schema: schema?,
            })
        })
        .collect()
}

fn is_empty_array_guess(schema: &Value) -> bool {
    schema["type"] == "array" && schema["items"]["type"] == "string"
}

fn schema_of(v: &Value) -> Option<Value> {
    let scalar = |v: &Value| match v {
        Value::String(_) => Some("string"),
        Value::Number(n) if n.is_f64() => Some("number"),
        Value::Number(_) => Some("integer"),
        Value::Bool(_) => Some("boolean"),
        _ => None,
    };
    match v {
        Value::Array(a) => {
            let types: Vec<&str> = a.iter().map(scalar).collect::<Option<_>>()?;
            let t = types.first().copied().unwrap_or("string");
            Some(serde_json::json!({"type": "array", "items": {"type": t}}))
        }
        other => scalar(other).map(|t| serde_json::json!({ "type": t })),
    }
}

/// Whether a property value matches a filter value: equal as text, or, for an array, one of
/// its elements equal.
pub fn matches(value: Option<&Value>, wanted: &str) -> bool {
    let number = wanted.trim().parse::<f64>().ok();
    let scalar = |v: &Value| match v {
        Value::String(s) => s == wanted,
        Value::Number(n) => number.is_some() && n.as_f64() == number,
        Value::Bool(b) => b.to_string() == wanted,
        _ => false,
    };
    match value {
        Some(Value::Array(a)) => a.iter().any(scalar),
        Some(v) => scalar(v),
        None => false,
    }
}
