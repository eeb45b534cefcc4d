//! The tile layers: one per collection of the shared contract, gathered from every territory
//! of the catalog (and the national layer for `qpv`), with each feature's properties and world
//! geometry prepared once.

use std::collections::BTreeMap;

use geodata::catalog::Catalog;
use geodata::layer::{Feature, Layer};
use geodata::territory::Territory;
use geozero::mvt::TileValue;
use serde::Serialize;

use crate::project::Projected;
use crate::props::{props, Props};

/// A feature ready to be cut into tiles.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub props: Props,
    pub geometry: Projected,
}

/// One tile layer.
#[derive(Debug, Clone)]
pub struct Collection {
    /// Layer id of the shared contract (`qpv`, `perimetres`...).
    pub id: &'static str,
    /// What it holds, in French.
    pub description: &'static str,
    /// Features indexed on their WGS84 geometry.
    pub layer: Layer<Prepared>,
}

impl Collection {
    /// Property names and their TileJSON type (`String`, `Number`, `Boolean`).
    pub fn fields(&self) -> BTreeMap<&str, &'static str> {
        let mut fields = BTreeMap::new();
        for f in self.layer.features() {
            for (key, value) in &f.props.props {
                let kind = match value {
                    TileValue::Str(_) => "String",
                    TileValue::Bool(_) => "Boolean",
                    _ => "Number",
                };
                fields.insert(key.as_str(), kind);
            }
        }
        fields
    }
}

/// Every tile layer of a catalog, in drawing order (bottom first). Actions have no geometry
/// and no tile layer.
pub fn collections(catalog: &Catalog) -> Vec<Collection> {
    let ts = &catalog.territories;
    vec![
        collection(
            "communes",
            "Communes membres des territoires",
            per_territory(ts, |t| &t.communes),
        ),
        collection(
            "territoires",
            "Limites des territoires (EPCI)",
            per_territory(ts, |t| &t.boundary),
        ),
        collection(
            "qpv",
            "Quartiers prioritaires de la politique de la ville 2024 (France entière)",
            std::iter::once(gather(None, &catalog.national.qpv)).collect(),
        ),
        collection(
            "perimetres",
            "Quartiers prioritaires et de veille active des territoires",
            per_territory(ts, |t| &t.perimeters),
        ),
        collection(
            "centralites",
            "Centralités commerciales",
            per_territory(ts, |t| &t.centralities),
        ),
        collection(
            "corridors",
            "Corridors écologiques (trame verte et bleue)",
            per_territory(ts, |t| &t.corridors),
        ),
        collection("ilots", "Îlots", per_territory(ts, |t| &t.ilots)),
        collection(
            "operations",
            "Opérations de renouvellement urbain, d'habitat et de mobilité",
            per_territory(ts, |t| &t.operations),
        ),
        collection(
            "equipements",
            "Équipements publics",
            per_territory(ts, |t| &t.equipment),
        ),
    ]
}

fn collection(
    id: &'static str,
    description: &'static str,
    parts: Vec<Vec<Feature<Prepared>>>,
) -> Collection {
    Collection {
        id,
        description,
        layer: Layer::new(parts.into_iter().flatten().collect()),
    }
}

fn per_territory<P: Serialize>(
    territories: &[Territory],
    layer: impl Fn(&Territory) -> &Layer<P>,
) -> Vec<Vec<Feature<Prepared>>> {
    territories
        .iter()
        .map(|t| gather(Some(t.slug()), layer(t)))
        .collect()
}

fn gather<P: Serialize>(territory: Option<&str>, layer: &Layer<P>) -> Vec<Feature<Prepared>> {
    layer
        .features()
        .iter()
        .map(|f| Feature {
            props: Prepared {
                props: props(&f.props, territory),
                geometry: Projected::new(&f.geometry),
            },
            geometry: f.geometry.clone(),
        })
        .collect()
}
