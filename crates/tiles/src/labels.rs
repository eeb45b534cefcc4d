//! The `libelles` tile layer: one point per named area (commune, territory perimeter,
//! national QPV), where the map writes its name.
//!
//! MapLibre can label a polygon itself, but it does so once per tile the polygon crosses: a
//! commune would be named every few hundred metres at street zoom. One point per feature,
//! inside it (geo's `InteriorPoint`), gives one label. Only areas whose outline is known
//! (precision `exact` or `approximate`) get a point: a quartier de veille placed on its
//! commune would otherwise be named where it is not. Points, lines and the other layers'
//! features are labelled from their own tile layers by the style.

use geo::Geometry;
use geodata::catalog::Catalog;
use geodata::contract::LayerId;
use geodata::layer::Feature;
use geodata::model::{GeometryPrecision, Perimeter, PerimeterKind, Placement};
use serde::Serialize;
use std::collections::HashSet;

use crate::interior::InteriorPoints;

/// Id of the layer, and the zoom it starts at (the style's first labels, the communes').
pub const LAYER: &str = "libelles";
pub const MIN_ZOOM: u8 = 10;

/// What a label point carries: which layer it names (`couche`), the name and the code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    pub couche: &'static str,
    pub nom: String,
    /// INSEE code of a commune, code of a perimeter (`QN07401M`).
    pub code: String,
    /// A perimeter's kind (`qpv`, `veille_active`); absent for communes.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<PerimeterKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub territoire: Option<String>,
}

/// Label points of every named area of `catalog`, communes first. National QPV already
/// published by a territory (same code) are left to the territory's perimeter.
pub fn labels(catalog: &Catalog, interiors: &InteriorPoints) -> Vec<Feature<Label>> {
    let mut out = Vec::new();
    let mut local = HashSet::new();
    for t in &catalog.territories {
        let slug = Some(t.slug().to_string());
        for f in t.communes.features() {
            let c = &f.props;
            push(&mut out, interiors, &f.geometry, &c.placement, || Label {
                couche: LayerId::Communes.as_str(),
                nom: c.name.clone(),
                code: c.insee.clone(),
                kind: None,
                territoire: slug.clone(),
            });
        }
        for f in t.perimeters.features() {
            local.insert(f.props.code.clone());
            push(&mut out, interiors, &f.geometry, &f.props.placement, || {
                perimeter(LayerId::Perimetres, &f.props, slug.clone())
            });
        }
    }
    for f in catalog.national.qpv.features() {
        if !local.contains(&f.props.code) {
            push(&mut out, interiors, &f.geometry, &f.props.placement, || {
                perimeter(LayerId::Qpv, &f.props, None)
            });
        }
    }
    out
}

fn perimeter(couche: LayerId, p: &Perimeter, territoire: Option<String>) -> Label {
    Label {
        couche: couche.as_str(),
        nom: p.name.clone(),
        code: p.code.clone(),
        kind: Some(p.kind),
        territoire,
    }
}

fn push(
    out: &mut Vec<Feature<Label>>,
    interiors: &InteriorPoints,
    geometry: &Geometry<f64>,
    placement: &Placement,
    label: impl FnOnce() -> Label,
) {
    if !matches!(
        placement.precision,
        GeometryPrecision::Exact | GeometryPrecision::Approximate
    ) {
        return;
    }
    let Some(point) = interiors.get(geometry) else {
        return;
    };
    let label = label();
    if label.nom.trim().is_empty() {
        return;
    }
    out.push(Feature {
        props: label,
        geometry: Geometry::Point(point),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Contains;

    fn bundled() -> Catalog {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        Catalog::load(&data, &["annemasse-agglo".to_string()])
            .expect("bundled data")
            .0
    }

    #[test]
    fn one_point_inside_each_located_area() {
        let catalog = bundled();
        let labels = labels(&catalog, &InteriorPoints::default());
        let t = &catalog.territories[0];
        let communes: Vec<_> = labels
            .iter()
            .filter(|l| l.props.couche == "communes")
            .collect();
        assert_eq!(communes.len(), t.communes.features().len());
        let annemasse = communes
            .iter()
            .find(|l| l.props.nom == "Annemasse")
            .unwrap();
        let outline = &t
            .communes
            .features()
            .iter()
            .find(|c| c.props.insee == "74012")
            .unwrap()
            .geometry;
        assert!(outline.contains(&annemasse.geometry));
        // The two QPV with a published outline; the quartiers de veille placed on their
        // commune get no label, nor do the national twins of the territory's QPV.
        let perimeters: Vec<&str> = labels
            .iter()
            .filter(|l| l.props.couche == "perimetres")
            .map(|l| l.props.code.as_str())
            .collect();
        assert_eq!(perimeters.len(), 2, "{perimeters:?}");
        assert!(perimeters.contains(&"QN07401M"));
        assert!(!labels
            .iter()
            .any(|l| l.props.couche == "qpv" && perimeters.contains(&l.props.code.as_str())));
        assert!(labels.iter().filter(|l| l.props.couche == "qpv").count() > 1500);
    }
}
