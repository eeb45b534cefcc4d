//! The tile layers: one per collection of the shared contract, gathered from every territory
//! of the catalog (and the national layer for `qpv`), with each feature's properties and world
//! geometry prepared once.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use geo::Geometry;

use geodata::catalog::Catalog;
use geodata::contract::LayerId;
use geodata::layer::{Feature, Layer};
use geodata::territory::Territory;
use serde::Serialize;

use crate::interior::{InteriorPoints, Key};
use crate::project::Projected;
use crate::props::props;
use crate::tags::{TagTable, TagTableBuilder};

/// A feature ready to be cut into tiles.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Its properties as (key, value) numbers in the collection's [`TagTable`].
    pub tags: Vec<u32>,
    /// Shared by every feature with the same geometry: operations and equipment placed on a
    /// perimeter, a commune or the territory borrow its outline, and a tile cuts it once.
    pub geometry: Arc<Projected>,
}

/// One tile layer.
#[derive(Debug, Clone)]
pub struct Collection {
    /// Layer id of the shared contract (`qpv`, `perimetres`...).
    pub id: &'static str,
    /// What it holds, in French: the contract's description ([`LayerId::description`]) but for
    /// the map's own labels layer.
    pub description: &'static str,
    /// Features indexed on their WGS84 geometry.
    pub layer: Layer<Prepared>,
    /// Every property key and value of the features.
    pub tags: TagTable,
    /// Lowest zoom whose tiles hold the layer.
    pub min_zoom: u8,
}

impl Collection {
    /// Property names and their TileJSON type (`String`, `Number`, `Boolean`).
    pub fn fields(&self) -> BTreeMap<&str, &'static str> {
        self.tags
            .keys
            .iter()
            .map(String::as_str)
            .zip(self.tags.kinds.iter().copied())
            .collect()
    }
}

/// What the tiles of one published version derived from its geometries (interior points,
/// projections), by content: the next version takes what it shares from it instead of
/// computing it again (a publication changes one territory's layers out of hundreds).
#[derive(Debug, Default, Clone)]
pub struct Derived {
    interiors: Arc<InteriorPoints>,
    projections: Arc<HashMap<Key, Arc<Projected>>>,
}

/// Every tile layer of a catalog, in drawing order (bottom first), and what was derived to
/// make them. Actions have no geometry and no tile layer.
pub fn collections(catalog: &Catalog, previous: &Derived) -> (Vec<Collection>, Derived) {
    let interiors = InteriorPoints::of(geometries(catalog), Some(&previous.interiors));
    let (labels, (mut pool, mut layers)) = rayon::join(
        || crate::labels::labels(catalog, &interiors),
        || {
            let mut pool = Pool::new(&previous.projections, &interiors);
            let layers = contract_layers(&mut pool, catalog, &interiors);
            (pool, layers)
        },
    );
    layers.push(Collection {
        min_zoom: crate::labels::MIN_ZOOM,
        ..collection(
            crate::labels::LAYER,
            "Points où la carte écrit le nom des communes et des quartiers",
            vec![gather_features(&mut pool, None, &labels)],
        )
    });
    let projections = Arc::new(pool.current);
    let derived = Derived {
        interiors: Arc::new(interiors),
        projections,
    };
    (layers, derived)
}

/// Every geometry of the catalog's layers.
fn geometries(catalog: &Catalog) -> Vec<&Geometry<f64>> {
    fn of<P>(layer: &Layer<P>) -> impl Iterator<Item = &Geometry<f64>> {
        layer.features().iter().map(|f| &f.geometry)
    }
    let mut out: Vec<&Geometry<f64>> = of(&catalog.national.qpv).collect();
    for t in &catalog.territories {
        out.extend(of(&t.communes));
        out.extend(of(&t.boundary));
        out.extend(of(&t.perimeters));
        out.extend(of(&t.centralities));
        out.extend(of(&t.corridors));
        out.extend(of(&t.ilots));
        out.extend(of(&t.operations));
        out.extend(of(&t.equipment));
    }
    out
}

/// The collections drawn below the labels (the contract's layers, the contracts' points),
/// projected.
fn contract_layers(
    pool: &mut Pool,
    catalog: &Catalog,
    interiors: &InteriorPoints,
) -> Vec<Collection> {
    use LayerId::*;
    let ts = &catalog.territories;
    vec![
        layer(Communes, per_territory(pool, ts, |t| &t.communes)),
        layer(Territoires, per_territory(pool, ts, |t| &t.boundary)),
        layer(Qpv, vec![gather(pool, None, &catalog.national.qpv)]),
        layer(Perimetres, per_territory(pool, ts, |t| &t.perimeters)),
        layer(Centralites, per_territory(pool, ts, |t| &t.centralities)),
        layer(Corridors, per_territory(pool, ts, |t| &t.corridors)),
        layer(Ilots, per_territory(pool, ts, |t| &t.ilots)),
        layer(Operations, per_territory(pool, ts, |t| &t.operations)),
        layer(Equipements, per_territory(pool, ts, |t| &t.equipment)),
        collection(
            crate::contracts::LAYER,
            "Un point par contrat de ville, placé dans l'un de ses quartiers prioritaires (position déduite : la source ne publie pas de contour)",
            vec![gather_features(
                pool,
                None,
                &crate::contracts::points(catalog, interiors),
            )],
        ),
    ]
}

/// The tile layer of a collection of the contract: its id and description are the contract's,
/// as `/collections` gives them.
fn layer(id: LayerId, parts: Vec<Vec<Feature<Pending>>>) -> Collection {
    collection(id.as_str(), id.description(), parts)
}

fn collection(
    id: &'static str,
    description: &'static str,
    parts: Vec<Vec<Feature<Pending>>>,
) -> Collection {
    let mut tags = TagTableBuilder::default();
    let features = parts
        .into_iter()
        .flatten()
        .map(|f| Feature {
            props: Prepared {
                tags: tags.intern(&f.props.props),
                geometry: f.props.geometry,
            },
            geometry: f.geometry,
        })
        .collect();
    Collection {
        id,
        description,
        layer: Layer::new(features),
        tags: tags.finish(),
        min_zoom: 0,
    }
}

/// A feature whose properties are not numbered yet.
struct Pending {
    props: crate::props::Props,
    geometry: Arc<Projected>,
}

fn per_territory<P: Serialize>(
    pool: &mut Pool,
    territories: &[Territory],
    layer: impl Fn(&Territory) -> &Layer<P>,
) -> Vec<Vec<Feature<Pending>>> {
    territories
        .iter()
        .map(|t| gather(pool, Some(t.slug()), layer(t)))
        .collect()
}

fn gather<P: Serialize>(
    pool: &mut Pool,
    territory: Option<&str>,
    layer: &Layer<P>,
) -> Vec<Feature<Pending>> {
    gather_features(pool, territory, layer.features())
}

fn gather_features<P: Serialize>(
    pool: &mut Pool,
    territory: Option<&str>,
    features: &[Feature<P>],
) -> Vec<Feature<Pending>> {
    features
        .iter()
        .map(|f| Feature {
            props: Pending {
                props: props(&f.props, territory),
                geometry: pool.projected(&f.geometry),
            },
            geometry: f.geometry.clone(),
        })
        .collect()
}

/// Projected geometries by content, so equal geometries are projected and stored once, and
/// those of the previous version are not projected again.
struct Pool<'a> {
    previous: &'a HashMap<Key, Arc<Projected>>,
    interiors: &'a InteriorPoints,
    current: HashMap<Key, Arc<Projected>>,
}

impl<'a> Pool<'a> {
    fn new(previous: &'a HashMap<Key, Arc<Projected>>, interiors: &'a InteriorPoints) -> Self {
        Pool {
            previous,
            interiors,
            current: HashMap::new(),
        }
    }

    fn projected(&mut self, g: &Geometry<f64>) -> Arc<Projected> {
        let key = Key::of(g);
        let (previous, interiors) = (self.previous, self.interiors);
        self.current
            .entry(key)
            .or_insert_with(|| match previous.get(&key) {
                Some(p) => p.clone(),
                None => Arc::new(Projected::with_interior(g, interiors.get(g))),
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{point, polygon};

    #[test]
    fn equal_geometries_are_projected_once() {
        let square: Geometry<f64> =
            polygon![(x: 6.0, y: 46.0), (x: 6.01, y: 46.0), (x: 6.01, y: 46.01), (x: 6.0, y: 46.0)]
                .into();
        let (previous, interiors) = (HashMap::new(), InteriorPoints::default());
        let mut pool = Pool::new(&previous, &interiors);
        let a = pool.projected(&square);
        let b = pool.projected(&square.clone());
        let c = pool.projected(&point!(x: 6.0, y: 46.0).into());
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(a.polygons.len(), 1);
    }

    #[test]
    fn the_next_version_reuses_the_projections_it_shares() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let catalog = Catalog::load(&data, &["annemasse-agglo".to_string()])
            .expect("bundled data")
            .0;
        let (first, derived) = collections(&catalog, &Derived::default());
        let (next, _) = collections(&catalog, &derived);
        let communes = |cs: &[Collection]| {
            let c = cs
                .iter()
                .find(|c| c.id == "communes")
                .expect("communes layer");
            c.layer
                .features()
                .iter()
                .map(|f| f.props.geometry.clone())
                .collect::<Vec<_>>()
        };
        let (a, b) = (communes(&first), communes(&next));
        assert!(!a.is_empty());
        assert!(a.iter().zip(&b).all(|(a, b)| Arc::ptr_eq(a, b)));
        // The anchor is the WGS84 interior point, projected: inside the projected outline.
        use geo::Contains;
        let world = geo::Polygon::new(
            geo::LineString::from(a[0].polygons[0][0].coords.clone()),
            vec![],
        );
        assert!(world.contains(&geo::Point(a[0].anchor.expect("an anchor"))));
    }
}
