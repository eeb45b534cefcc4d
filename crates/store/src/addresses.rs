//! Which addresses enter or leave a perimeter when the SIG team redraws it: the addresses
//! loaded by `quartiers import-addresses` (the geocoder's BAN index), compared against the
//! published and the candidate perimeters with geodata's spatial index.
//!
//! Only the addresses inside the bounding box of a changed perimeter's old ∪ new outline are
//! looked at, so a département-sized index costs a scan of its coordinates, not one
//! point-in-polygon test per address.

use std::collections::BTreeMap;

use geo::{BoundingRect, Geometry, Point, Rect};
use geodata::layer::Layer;
use geodata::model::Perimeter;
use serde::Serialize;

use crate::store::{LayerData, StoredFeature};

pub use geodata::addresses::{Address, AddressSource};

/// The addresses entering and leaving the changed perimeters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AddressChanges {
    /// Addresses loaded.
    #[serde(rename = "nb_adresses_chargees")]
    pub loaded: usize,
    /// Addresses inside the bounding boxes of the changed perimeters, each tested.
    #[serde(rename = "nb_adresses_examinees")]
    pub examined: usize,
    /// One entry per perimeter that gains or loses addresses, by perimeter label.
    #[serde(rename = "perimetres")]
    pub perimeters: Vec<PerimeterAddresses>,
}

/// The addresses a perimeter gains and loses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerimeterAddresses {
    /// `QN07401M Le Perrier - Château Rouge - Livron`.
    #[serde(rename = "perimetre")]
    pub perimeter: String,
    pub nb_entrees: usize,
    pub nb_sorties: usize,
    /// Sorted by label.
    pub entrees: Vec<Address>,
    pub sorties: Vec<Address>,
}

/// Compares, for every address near a perimeter the diff found added, removed or redrawn
/// (`changed`, their ids: [`crate::diff::Diff::redrawn`]), the perimeters containing it before
/// (`before`, the published layer) and after. Given ids rather than the diff, since the diff
/// carries what this returns.
pub fn address_changes(
    changed: &[&str],
    id_field: &str,
    published: &LayerData,
    candidate: &LayerData,
    before: &Layer<Perimeter>,
    after: &Layer<Perimeter>,
    source: &dyn AddressSource,
) -> AddressChanges {
    let outline = |data: &LayerData, id: &str| -> Option<Rect<f64>> {
        data.features
            .iter()
            .filter(|f| f.text(id_field) == Some(id))
            .filter_map(|f: &StoredFeature| f.geometry.as_ref().and_then(Geometry::bounding_rect))
            .reduce(union)
    };
    let rects = changed.iter().filter_map(|id| {
        [outline(published, id), outline(candidate, id)]
            .into_iter()
            .flatten()
            .reduce(union)
    });
    // Boxes of neighbouring perimeters overlap: test each address once.
    let mut candidates: BTreeMap<String, Address> = BTreeMap::new();
    for rect in rects {
        for a in source.within(rect) {
            candidates.entry(a.id.clone()).or_insert(a);
        }
    }
    let mut per_perimeter: BTreeMap<String, (Vec<Address>, Vec<Address>)> = BTreeMap::new();
    for address in candidates.values() {
        let point = Point::new(address.lon, address.lat);
        let was = containing(before, point);
        let is = containing(after, point);
        for label in is.iter().filter(|l| !was.contains(l)) {
            let entry = per_perimeter.entry(label.clone()).or_default();
            entry.0.push(address.clone());
        }
        for label in was.iter().filter(|l| !is.contains(l)) {
            let entry = per_perimeter.entry(label.clone()).or_default();
            entry.1.push(address.clone());
        }
    }
    let by_label = |a: &Address, b: &Address| a.label.cmp(&b.label).then(a.id.cmp(&b.id));
    AddressChanges {
        loaded: source.count(),
        examined: candidates.len(),
        perimeters: per_perimeter
            .into_iter()
            .map(|(perimeter, (mut entrees, mut sorties))| {
                entrees.sort_by(by_label);
                sorties.sort_by(by_label);
                PerimeterAddresses {
                    perimeter,
                    nb_entrees: entrees.len(),
                    nb_sorties: sorties.len(),
                    entrees,
                    sorties,
                }
            })
            .collect(),
    }
}

fn union(a: Rect<f64>, b: Rect<f64>) -> Rect<f64> {
    Rect::new(
        (a.min().x.min(b.min().x), a.min().y.min(b.min().y)),
        (a.max().x.max(b.max().x), a.max().y.max(b.max().y)),
    )
}

/// Labels of the perimeters whose polygons contain `point` (geodata's R-tree).
fn containing(perimeters: &Layer<Perimeter>, point: Point<f64>) -> Vec<String> {
    perimeters
        .near_point(point, 0.0)
        .into_iter()
        .filter(|h| h.inside)
        .filter_map(|h| perimeters.get(h.feature))
        .map(|f| perimeter_label(&f.props))
        .collect()
}

/// How a perimeter is named in the diff and in its address changes:
/// `QN07401M Le Perrier - Château Rouge - Livron`.
pub(crate) fn perimeter_label(p: &Perimeter) -> String {
    format!("{} {}", p.code, p.name)
}
