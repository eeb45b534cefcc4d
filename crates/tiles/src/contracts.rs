//! The `contrats` tile layer: one point per contrat de ville of the national references, so
//! that the map shows France's contracts at low zoom. A contract covers an intercommunalité,
//! a territoire or a commune and has no published outline (the source's centroid is not a
//! location): its point is placed inside one of its quartiers prioritaires — the one nearest
//! the middle of them all — and says so (`precision_geometrie` « territory » and
//! `motif_precision`), as every position not known exactly does.

use geo::{Centroid, Geometry, MultiPoint, Point};
use geodata::catalog::Catalog;
use geodata::layer::Feature;
use geodata::model::GeometryPrecision;
use serde::Serialize;

use crate::interior::InteriorPoints;

/// Id of the tile layer: the OGC collection's, whose features have no geometry.
pub const LAYER: &str = "contrats";

/// Why a contract's point is where it is.
pub const PLACEMENT: &str = "Point placé dans l'un de ses quartiers prioritaires (déduit) : un contrat de ville couvre son intercommunalité ou sa commune, dont la source ne publie pas le contour.";

/// What a contract's point carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractPoint {
    pub code_cv: String,
    pub nom: String,
    /// Its 2024 QPVs (linked through their communes).
    pub nb_qpv: usize,
    pub precision_geometrie: GeometryPrecision,
    pub motif_precision: &'static str,
}

/// One point per contract with at least one QPV of the national layer.
pub fn points(catalog: &Catalog, interiors: &InteriorPoints) -> Vec<Feature<ContractPoint>> {
    let national = &catalog.national;
    national
        .france
        .contracts()
        .iter()
        .filter_map(|c| {
            let inside: Vec<Point<f64>> = national
                .index
                .quartier_positions_of_contract(&c.code_cv)
                .iter()
                .filter_map(|&i| national.qpv.get(i))
                .filter_map(|f| interiors.get(&f.geometry))
                .collect();
            let point = representative(&inside)?;
            Some(Feature {
                props: ContractPoint {
                    code_cv: c.code_cv.clone(),
                    nom: c.name().to_string(),
                    nb_qpv: inside.len(),
                    precision_geometrie: GeometryPrecision::Territory,
                    motif_precision: PLACEMENT,
                },
                geometry: Geometry::Point(point),
            })
        })
        .collect()
}

/// Of points inside the QPVs, the one nearest their centroid: always inside a QPV, where the
/// centroid of a contract spread over several towns may fall in none.
fn representative(inside: &[Point<f64>]) -> Option<Point<f64>> {
    let middle = MultiPoint::from(inside.to_vec()).centroid()?;
    let distance2 = |p: &Point<f64>| (p.x() - middle.x()).powi(2) + (p.y() - middle.y()).powi(2);
    inside
        .iter()
        .copied()
        .min_by(|a, b| distance2(a).total_cmp(&distance2(b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{point, Contains};

    #[test]
    fn the_point_is_the_one_nearest_the_middle() {
        let inside = [
            point!(x: 0.0, y: 0.0),
            point!(x: 1.0, y: 0.1),
            point!(x: 2.0, y: 0.0),
        ];
        assert_eq!(representative(&inside), Some(point!(x: 1.0, y: 0.1)));
        assert_eq!(representative(&[]), None);
    }

    #[test]
    fn every_contract_point_lies_in_one_of_its_quartiers() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let catalog = Catalog::load(&data, &[]).expect("bundled data").0;
        let national = &catalog.national;
        let points = points(&catalog, &InteriorPoints::default());
        assert!(points.len() > 400, "{} contracts placed", points.len());
        for p in &points {
            let Geometry::Point(at) = p.geometry else {
                panic!("{} is not a point", p.props.code_cv);
            };
            let holds = national
                .index
                .quartier_positions_of_contract(&p.props.code_cv)
                .iter()
                .filter_map(|&i| national.qpv.get(i))
                .any(|f| f.geometry.contains(&at));
            assert!(holds, "{} placed outside its quartiers", p.props.code_cv);
            assert_eq!(p.props.precision_geometrie, GeometryPrecision::Territory);
        }
    }
}
