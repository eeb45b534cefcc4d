//! "What concerns this place": every perimeter, operation, equipment, action, centrality and
//! corridor that concerns a point or a polygon, with the relation, the distance in metres, the
//! status, dates, source, geometry precision and a one-line reason in French.
//!
//! Sorted inside before near, nearer before farther. A place outside every loaded territory
//! still gets its national QPV answer.

mod actions;
mod answer;
mod features;
mod perimeters;
mod probe;
mod standing;

pub use answer::{
    ActionImpact, CommuneRef, Impact, ImpactReport, PerimeterImpact, PlaceSummary, Relation,
    TerritoryRef, Verdict,
};
pub use probe::Place;
pub use standing::QpvStanding;

use crate::catalog::Catalog;

/// Tolerance of the national QPV outlines (rounded to 4 decimals, ~11 m), in metres.
pub const NATIONAL_TOLERANCE_M: f64 = 15.0;
/// Radius within which national QPV outside every territory are listed as nearby, in metres.
pub const NATIONAL_RADIUS_M: f64 = 500.0;

/// Everything that concerns an îlot of a loaded territory, or `None` if no îlot has this id.
/// An îlot whose outline is not published (placed on its perimeter or commune) is answered for
/// that wider area, and the answer says so first.
pub fn impacts_for_ilot(catalog: &Catalog, id: &str) -> Option<ImpactReport> {
    let (_, ilot) = catalog.ilot(id)?;
    let area = catalog.ilot_area(id)?;
    let mut report = impacts(catalog, &Place::Area(area));
    let placement = &ilot.props.placement;
    if placement.precision != crate::model::GeometryPrecision::Exact {
        report.warnings.insert(
            0,
            format!(
                "Îlot « {} » : {} ({}). La réponse porte sur cette zone plus large que l'îlot.",
                ilot.props.name,
                placement.precision.label_fr(),
                placement.reason
            ),
        );
    }
    Some(report)
}

/// Everything the catalog knows that concerns `place`.
pub fn impacts(catalog: &Catalog, place: &Place) -> ImpactReport {
    let territories: Vec<_> = catalog
        .territories
        .iter()
        .filter(|t| probe::relevant(t, place))
        .collect();
    let mut report = ImpactReport::new(place);
    for t in &territories {
        let communes = probe::communes_at(t, place);
        if report.place.commune.is_none() {
            report.place.commune = communes.first().map(|c| CommuneRef {
                insee: c.insee.clone(),
                nom: c.name.clone(),
            });
        }
        report.territories.push(TerritoryRef {
            slug: t.slug().to_string(),
            nom: t.manifest.name.clone(),
        });
        report.perimeters.extend(perimeters::local(t, place));
        report.operations.extend(features::operations(t, place));
        report.equipment.extend(features::equipment(t, place));
        report.centralities.extend(features::centralities(t, place));
        report.corridors.extend(features::corridors(t, place));
        report.actions.extend(actions::actions(t, &communes));
    }
    let known: Vec<String> = report
        .perimeters
        .iter()
        .flat_map(|p| std::iter::once(p.code.clone()).chain(p.predecessors.iter().cloned()))
        .collect();
    report
        .perimeters
        .extend(perimeters::national(&catalog.national, place, &known));
    if territories.is_empty() {
        report.warnings.push(
            "Aucune donnée locale n'est chargée pour ce lieu : seule la géographie prioritaire nationale (QPV 2024) est consultée."
                .to_string(),
        );
    }
    report.sort();
    report
}
