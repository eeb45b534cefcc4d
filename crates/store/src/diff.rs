//! What a candidate layer changes compared with the published version: features added,
//! removed and modified (which fields, area and vertices), and the consequences planners need
//! when a geography changes: which îlots, operations, equipment, centralities, corridors and
//! actions enter or leave which perimeter (addresses: [`crate::addresses`]).

use std::collections::{BTreeMap, BTreeSet};

use geo::{Area, BoundingRect, CoordsIter, Geometry, Intersects, MultiPolygon};
use geodata::layer::Layer;
use geodata::local_frame::LocalFrame;
use geodata::model::{FeatureProps, Perimeter, RealisationScope};
use geodata::territory::Territory;
use serde::Serialize;

use crate::addresses::{perimeter_label, AddressChanges};
use crate::layer_id::LayerId;
use crate::store::{LayerData, StoredFeature};

/// Share of a polygon a perimeter must cover for the polygon to be "in" it (touching edges
/// and rounding slivers are not).
const MIN_SHARE: f64 = 0.01;

/// The comparison of a candidate layer with the published one.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Diff {
    #[serde(rename = "ajoutees")]
    pub added: Vec<FeatureSummary>,
    #[serde(rename = "supprimees")]
    pub removed: Vec<FeatureSummary>,
    #[serde(rename = "modifiees")]
    pub modified: Vec<Modified>,
    #[serde(rename = "inchangees")]
    pub unchanged: usize,
    /// Relations to perimeters that change.
    pub consequences: Vec<RelationChange>,
    /// Addresses entering or leaving the changed perimeters; `None` when no address is
    /// loaded or the layer is not a territory's perimeters.
    #[serde(rename = "adresses")]
    pub addresses: Option<AddressChanges>,
    /// What the diff could not look at.
    #[serde(rename = "remarques")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureSummary {
    pub id: String,
    pub nom: String,
    pub surface_m2: Option<f64>,
    pub sommets: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Modified {
    pub id: String,
    pub nom: String,
    /// Properties whose value changed (`geometry` if the geometry did).
    pub champs: Vec<String>,
    pub geometrie: Option<GeometryChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeometryChange {
    pub surface_avant_m2: Option<f64>,
    pub surface_apres_m2: Option<f64>,
    pub sommets_avant: usize,
    pub sommets_apres: usize,
}

/// A feature of another layer whose perimeters change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationChange {
    pub couche: String,
    pub id: String,
    pub nom: String,
    /// Perimeters it enters (`QN07401M Le Perrier - Château Rouge - Livron`).
    pub entre_dans: Vec<String>,
    pub sort_de: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.modified.is_empty()
    }

    /// The ids of the features added, removed or whose outline changed: the perimeters
    /// whose addresses may move.
    pub fn redrawn(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.added.iter().map(|f| f.id.as_str()).collect();
        ids.extend(self.removed.iter().map(|f| f.id.as_str()));
        ids.extend(
            self.modified
                .iter()
                .filter(|m| m.geometrie.is_some())
                .map(|m| m.id.as_str()),
        );
        ids
    }
}

/// Compares the features of `after` with `before` by identifier, then the relations of the
/// territory as published (`before_t`) with the territory with the candidate (`after_t`).
pub fn diff(
    layer: LayerId,
    before: &LayerData,
    after: &LayerData,
    before_t: Option<&Territory>,
    after_t: Option<&Territory>,
) -> Diff {
    let id = |f: &StoredFeature| f.text(layer.id_field()).unwrap_or_default().to_string();
    let name = |f: &StoredFeature| f.text(layer.name_field()).unwrap_or_default().to_string();
    let old: BTreeMap<String, &StoredFeature> =
        before.features.iter().map(|f| (id(f), f)).collect();
    let new: BTreeMap<String, &StoredFeature> = after.features.iter().map(|f| (id(f), f)).collect();
    let summary = |f: &StoredFeature| FeatureSummary {
        id: id(f),
        nom: name(f),
        surface_m2: f.geometry.as_ref().and_then(area_m2),
        sommets: f.geometry.as_ref().map_or(0, |g| g.coords_count()),
    };
    let mut out = Diff::default();
    for f in &after.features {
        match old.get(&id(f)) {
            None => out.added.push(summary(f)),
            Some(o) => {
                let mut fields: Vec<String> = o
                    .props
                    .keys()
                    .chain(f.props.keys())
                    .filter(|k| set_value(o, k) != set_value(f, k))
                    .cloned()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let geometrie =
                    (!same_geometry(&o.geometry, &f.geometry)).then(|| GeometryChange {
                        surface_avant_m2: o.geometry.as_ref().and_then(area_m2),
                        surface_apres_m2: f.geometry.as_ref().and_then(area_m2),
                        sommets_avant: o.geometry.as_ref().map_or(0, |g| g.coords_count()),
                        sommets_apres: f.geometry.as_ref().map_or(0, |g| g.coords_count()),
                    });
                if geometrie.is_some() {
                    fields.push("geometry".into());
                }
                if fields.is_empty() {
                    out.unchanged += 1;
                } else {
                    out.modified.push(Modified {
                        id: id(f),
                        nom: name(f),
                        champs: fields,
                        geometrie,
                    });
                }
            }
        }
    }
    out.removed = before
        .features
        .iter()
        .filter(|f| !new.contains_key(&id(f)))
        .map(summary)
        .collect();
    match (before_t, after_t) {
        (Some(b), Some(a)) => out.consequences = relation_changes(b, a),
        _ if layer.is_national() => out.notes.push(
            "couche nationale : les conséquences sur les îlots et opérations se lisent dans le diff du périmètre de chaque territoire".into(),
        ),
        _ => out.notes.push(
            "conséquences non calculées : la couche candidate n'est pas valide".into(),
        ),
    }
    out
}

/// A property's value, `None` when it is not set: absent, `null` and a blank text are the
/// same "non renseigné" — the import drops blank texts while the bundled data write `null` or
/// `""`, and re-importing the bundled file must not show every empty field as changed.
pub(crate) fn set_value<'f>(f: &'f StoredFeature, key: &str) -> Option<&'f serde_json::Value> {
    f.props.get(key).filter(|v| match v {
        serde_json::Value::Null => false,
        serde_json::Value::String(s) => !s.trim().is_empty(),
        _ => true,
    })
}

/// Vertices closer than this (degrees, ~1 cm) are the same: a round trip through Lambert-93
/// moves every vertex by a few nanodegrees, which is not a change of outline.
const SAME_VERTEX_DEG: f64 = 1e-7;

fn same_geometry(a: &Option<Geometry<f64>>, b: &Option<Geometry<f64>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            a.coords_count() == b.coords_count()
                && a.coords_iter().zip(b.coords_iter()).all(|(p, q)| {
                    (p.x - q.x).abs() <= SAME_VERTEX_DEG && (p.y - q.y).abs() <= SAME_VERTEX_DEG
                })
        }
        _ => false,
    }
}

/// Area of a polygonal geometry in square metres (local metric frame), `None` otherwise.
fn area_m2(g: &Geometry<f64>) -> Option<f64> {
    if !matches!(g, Geometry::Polygon(_) | Geometry::MultiPolygon(_)) {
        return None;
    }
    let rect = g.bounding_rect()?;
    let frame = LocalFrame::at(rect.center().into());
    Some((frame.project_geometry(g).unsigned_area() * 10.0).round() / 10.0)
}

type Relations = BTreeMap<(LayerId, String), (String, BTreeSet<String>)>;

fn relation_changes(before: &Territory, after: &Territory) -> Vec<RelationChange> {
    let (old, new) = (relations(before), relations(after));
    let keys: BTreeSet<&(LayerId, String)> = old.keys().chain(new.keys()).collect();
    let empty = BTreeSet::new();
    let mut out = Vec::new();
    for key in keys {
        let (name, was) = old.get(key).map_or(("", &empty), |(n, s)| (n.as_str(), s));
        let (name, is) = new
            .get(key)
            .map_or((name, &empty), |(n, s)| (n.as_str(), s));
        let entering: Vec<String> = is.difference(was).cloned().collect();
        let leaving: Vec<String> = was.difference(is).cloned().collect();
        if entering.is_empty() && leaving.is_empty() {
            continue;
        }
        out.push(RelationChange {
            couche: key.0.to_string(),
            id: key.1.clone(),
            nom: name.to_string(),
            entre_dans: entering,
            sort_de: leaving,
        });
    }
    out
}

/// For every feature of the other layers, the perimeters it lies in.
fn relations(t: &Territory) -> Relations {
    let mut out = Relations::new();
    let perimeters = &t.perimeters;
    add_layer(&mut out, LayerId::Ilots, &t.ilots, perimeters);
    add_layer(&mut out, LayerId::Operations, &t.operations, perimeters);
    add_layer(&mut out, LayerId::Equipements, &t.equipment, perimeters);
    add_layer(&mut out, LayerId::Centralites, &t.centralities, perimeters);
    add_layer(&mut out, LayerId::Corridors, &t.corridors, perimeters);
    for action in &t.actions {
        let mut codes = BTreeSet::new();
        for r in &action.realisations {
            for p in perimeters.features() {
                let concerned = match &r.scope {
                    RealisationScope::Commune { insee_com, .. } => {
                        p.props.communes.contains(insee_com)
                    }
                    RealisationScope::Territoire | RealisationScope::NonPrecise => true,
                };
                if concerned {
                    codes.insert(perimeter_label(&p.props));
                }
            }
        }
        out.insert(
            (LayerId::Actions, action.id.clone()),
            (action.title.clone(), codes),
        );
    }
    out
}

fn add_layer<P: FeatureProps>(
    out: &mut Relations,
    layer: LayerId,
    features: &Layer<P>,
    perimeters: &Layer<Perimeter>,
) {
    for f in features.features() {
        let codes = inside(&f.geometry, perimeters);
        out.insert(
            (layer, f.props.id().to_string()),
            (f.props.title().to_string(), codes),
        );
    }
}

/// The perimeters a geometry lies in: a point inside, a line crossing, a polygon covered by
/// more than [`MIN_SHARE`].
fn inside(g: &Geometry<f64>, perimeters: &Layer<Perimeter>) -> BTreeSet<String> {
    let label = |i: usize| perimeters.get(i).map(|f| perimeter_label(&f.props));
    match g {
        Geometry::Point(p) => perimeters
            .near_point(*p, 0.0)
            .into_iter()
            .filter(|h| h.inside)
            .filter_map(|h| label(h.feature))
            .collect(),
        Geometry::Polygon(_) | Geometry::MultiPolygon(_) => {
            let mp: MultiPolygon<f64> = match g {
                Geometry::Polygon(p) => MultiPolygon(vec![p.clone()]),
                Geometry::MultiPolygon(mp) => mp.clone(),
                _ => return BTreeSet::new(),
            };
            perimeters
                .near_area(&mp, 0.0)
                .into_iter()
                .filter(|h| h.share > MIN_SHARE)
                .filter_map(|h| label(h.feature))
                .collect()
        }
        other => perimeters
            .features()
            .iter()
            .filter(|p| p.geometry.intersects(other))
            .map(|p| perimeter_label(&p.props))
            .collect(),
    }
}
