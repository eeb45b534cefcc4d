//! The history of every feature, read from the store's versions: each published version of a
//! layer compared with the one it replaced (with [`crate::diff`], the SIG team's diff), so
//! the history is the versions table itself, never a second log that could drift. The
//! versions made from the bundled data are the start: every feature they hold is "added".
//!
//! A [`History`] only grows: a version never changes once published, so
//! [`History::updated`] computes the versions published since and keeps the rest.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use geo::{Centroid, Geometry};
use geodata::local_frame::LocalFrame;
use serde::Serialize;
use serde_json::Value;

use crate::diff::{self, GeometryChange};
use crate::error::Result;
use crate::layer_id::{LayerId, NATIONAL};
use crate::seed::SEED_AUTHOR;
use crate::store::{LayerData, Store, StoredFeature};
use crate::version::Version;

/// What a version did to a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Ajout,
    Modification,
    Suppression,
}

/// A property whose value changed, with both values (`null` when not set: absent, `null` or
/// blank).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub champ: String,
    pub avant: Value,
    pub apres: Value,
}

/// A changed geometry: areas and vertices (as the diff gives them) and how far its centre
/// moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeometryEdit {
    #[serde(flatten)]
    pub change: GeometryChange,
    /// Distance between the old and new centroids, in metres; `None` when one side has no
    /// geometry.
    pub deplacement_m: Option<f64>,
}

/// One feature's change in one version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureChange {
    /// The feature's identifier in its layer (`code`, `id` or `insee_com`).
    pub id: String,
    pub nom: String,
    pub nature: ChangeKind,
    /// Changed properties (modifications only), in name order.
    pub champs: Vec<FieldChange>,
    pub geometrie: Option<GeometryEdit>,
    /// For a removal, the feature as it was: where it stood decides which places it concerned.
    #[serde(skip)]
    pub removed: Option<StoredFeature>,
}

/// The changes a version made to its layer.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionChanges {
    pub version: Version,
    pub layer: LayerId,
    /// Made from the bundled data when the store was created: the start of the history, not
    /// news.
    pub initial: bool,
    pub changes: Vec<FeatureChange>,
}

/// Every version's changes, oldest first.
#[derive(Debug, Clone, Default)]
pub struct History {
    entries: Vec<Arc<VersionChanges>>,
}

impl History {
    /// The history of every version of `store`.
    pub fn build<S: Store + ?Sized>(store: &S) -> Result<History> {
        History::default().updated(store)
    }

    /// This history with the versions published since it was computed.
    pub fn updated<S: Store + ?Sized>(&self, store: &S) -> Result<History> {
        let versions = store.versions()?;
        let known = self.last_version();
        let mut entries = self.entries.clone();
        // Data sets read during this update, by table: a rollback restores a table already
        // read, and each version is the "before" of the next one of its layer.
        let mut read: HashMap<String, Arc<LayerData>> = HashMap::new();
        let mut data = |v: &Version| -> Result<Arc<LayerData>> {
            if let Some(d) = read.get(&v.table) {
                return Ok(d.clone());
            }
            let d = Arc::new(store.data_of(v)?);
            read.insert(v.table.clone(), d.clone());
            Ok(d)
        };
        for (i, v) in versions.iter().enumerate() {
            if v.number <= known {
                continue;
            }
            let layer: LayerId = v.layer.parse()?;
            let previous = versions[..i]
                .iter()
                .rev()
                .find(|p| p.territory == v.territory && p.layer == v.layer);
            let before = previous.map(&mut data).transpose()?;
            let after = data(v)?;
            let empty = LayerData::default();
            let changes = compare(layer, before.as_deref().unwrap_or(&empty), &after);
            entries.push(Arc::new(VersionChanges {
                version: v.clone(),
                layer,
                initial: v.author == SEED_AUTHOR,
                changes,
            }));
        }
        Ok(History { entries })
    }

    /// The number of the latest version taken into account (0 when empty).
    pub fn last_version(&self) -> u64 {
        self.entries.last().map_or(0, |e| e.version.number)
    }

    /// Every version's changes, oldest first.
    pub fn versions(&self) -> impl DoubleEndedIterator<Item = &VersionChanges> {
        self.entries.iter().map(Arc::as_ref)
    }

    /// The changes of one feature, newest first.
    pub fn of_feature<'h>(
        &'h self,
        territory: &str,
        layer: LayerId,
        id: &str,
    ) -> Vec<(&'h VersionChanges, &'h FeatureChange)> {
        self.versions()
            .rev()
            .filter(|e| e.layer == layer && e.version.territory == territory)
            .flat_map(|e| e.changes.iter().filter(|c| c.id == id).map(move |c| (e, c)))
            .collect()
    }

    /// The features removed and not added back since, as they last were, by territory (the
    /// national slug included) and layer.
    pub fn removed(&self) -> BTreeMap<(String, LayerId), Vec<StoredFeature>> {
        let mut gone: BTreeMap<(String, LayerId, String), &StoredFeature> = BTreeMap::new();
        for e in self.versions() {
            for c in &e.changes {
                let key = (e.version.territory.clone(), e.layer, c.id.clone());
                match (&c.nature, &c.removed) {
                    (ChangeKind::Suppression, Some(f)) => {
                        gone.insert(key, f);
                    }
                    (ChangeKind::Ajout, _) => {
                        gone.remove(&key);
                    }
                    _ => {}
                }
            }
        }
        let mut out: BTreeMap<(String, LayerId), Vec<StoredFeature>> = BTreeMap::new();
        for ((territory, layer, _), f) in gone {
            out.entry((territory, layer)).or_default().push(f.clone());
        }
        out
    }
}

/// Whether a territory slug is the national layers'.
pub fn is_national(territory: &str) -> bool {
    territory == NATIONAL
}

/// What `after` changes to `before`, feature by feature: the diff's added, modified and
/// removed features, with the old and new value of every changed property.
pub fn compare(layer: LayerId, before: &LayerData, after: &LayerData) -> Vec<FeatureChange> {
    let d = diff::diff(layer, before, after, None, None);
    let by_id = |data: &LayerData| -> HashMap<String, StoredFeature> {
        data.features
            .iter()
            .map(|f| {
                let id = f.text(layer.id_field()).unwrap_or_default().to_string();
                (id, f.clone())
            })
            .collect()
    };
    let (old, new) = (by_id(before), by_id(after));
    let mut out = Vec::new();
    for a in d.added {
        out.push(FeatureChange {
            id: a.id,
            nom: a.nom,
            nature: ChangeKind::Ajout,
            champs: vec![],
            geometrie: None,
            removed: None,
        });
    }
    for m in d.modified {
        let (o, n) = (old.get(&m.id), new.get(&m.id));
        let value = |f: Option<&StoredFeature>, k: &str| {
            f.and_then(|f| diff::set_value(f, k))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let champs = m
            .champs
            .iter()
            .filter(|k| *k != "geometry")
            .map(|k| FieldChange {
                champ: k.clone(),
                avant: value(o, k),
                apres: value(n, k),
            })
            .collect();
        let geometrie = m.geometrie.map(|change| GeometryEdit {
            change,
            deplacement_m: moved_m(
                o.and_then(|f| f.geometry.as_ref()),
                n.and_then(|f| f.geometry.as_ref()),
            ),
        });
        out.push(FeatureChange {
            id: m.id,
            nom: m.nom,
            nature: ChangeKind::Modification,
            champs,
            geometrie,
            removed: None,
        });
    }
    for r in d.removed {
        let removed = old.get(&r.id).cloned();
        out.push(FeatureChange {
            id: r.id,
            nom: r.nom,
            nature: ChangeKind::Suppression,
            champs: vec![],
            geometrie: None,
            removed,
        });
    }
    out
}

/// How far the centroid moved, in metres (local metric frame at the old centroid).
fn moved_m(before: Option<&Geometry<f64>>, after: Option<&Geometry<f64>>) -> Option<f64> {
    let (a, b) = (before?.centroid()?, after?.centroid()?);
    let frame = LocalFrame::at(a);
    let (p, q) = (frame.project(a.0), frame.project(b.0));
    let d = (p.x - q.x).hypot(p.y - q.y);
    Some((d * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn feature(id: &str, statut: &str, lon: f64) -> StoredFeature {
        let props = json!({"id": id, "titre": format!("Opération {id}"), "statut": statut});
        StoredFeature {
            props: props.as_object().cloned().unwrap_or_default(),
            geometry: Some(Geometry::Point(geo::Point::new(lon, 46.19))),
        }
    }

    fn layer(features: Vec<StoredFeature>) -> LayerData {
        LayerData { features }
    }

    #[test]
    fn a_version_is_compared_with_the_one_it_replaced() {
        let before = layer(vec![
            feature("a", "programmé", 6.24),
            feature("b", "programmé", 6.24),
        ]);
        let after = layer(vec![
            feature("a", "en travaux", 6.25),
            feature("c", "programmé", 6.24),
        ]);
        let changes = compare(LayerId::Operations, &before, &after);
        let kinds: Vec<(&str, ChangeKind)> =
            changes.iter().map(|c| (c.id.as_str(), c.nature)).collect();
        assert_eq!(
            kinds,
            [
                ("c", ChangeKind::Ajout),
                ("a", ChangeKind::Modification),
                ("b", ChangeKind::Suppression)
            ]
        );
        let a = &changes[1];
        assert_eq!(
            a.champs,
            [FieldChange {
                champ: "statut".into(),
                avant: json!("programmé"),
                apres: json!("en travaux"),
            }]
        );
        // 0.01° of longitude at 46.19° N is about 771 m.
        let moved = a.geometrie.as_ref().and_then(|g| g.deplacement_m).unwrap();
        assert!((moved - 771.0).abs() < 5.0, "{moved}");
        assert_eq!(changes[2].removed.as_ref(), Some(&before.features[1]));
        assert!(changes[0].removed.is_none());
    }

    #[test]
    fn an_empty_field_left_out_null_or_blank_is_not_a_change() {
        // The bundled data write `null` and `""`; the import leaves blank fields out.
        let mut bundled = feature("a", "programmé", 6.24);
        bundled.props.insert("cout_eur".into(), Value::Null);
        bundled.props.insert("maitre_ouvrage".into(), json!(""));
        bundled.props.insert("secteur".into(), json!(" "));
        let imported = feature("a", "programmé", 6.24);
        let before = layer(vec![bundled.clone()]);
        assert!(compare(LayerId::Operations, &before, &layer(vec![imported])).is_empty());
        let mut filled = feature("a", "programmé", 6.24);
        filled
            .props
            .insert("maitre_ouvrage".into(), json!("Haute-Savoie Habitat"));
        let changes = compare(LayerId::Operations, &before, &layer(vec![filled]));
        assert_eq!(
            changes[0].champs,
            [FieldChange {
                champ: "maitre_ouvrage".into(),
                avant: Value::Null,
                apres: json!("Haute-Savoie Habitat"),
            }]
        );
    }

    #[test]
    fn an_unchanged_layer_has_no_change() {
        let data = layer(vec![feature("a", "programmé", 6.24)]);
        assert!(compare(LayerId::Operations, &data, &data).is_empty());
    }
}
