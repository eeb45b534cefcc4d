//! The national references of an answer (issue 25): the place's context for
//! [`crate::national_answer`] — its communes, the QPVs it is in, the station radius — taken
//! from what the answer already found, so that the national facts complete the territory's
//! curated items and never repeat them.

use super::types::{ImpactReport, NamedPlace, Relation, Verdict};
use crate::catalog::Catalog;
use crate::national_answer::{self, Context, NationalAnswer, STATION_RADIUS_M};
use crate::place::Place;

/// The national part of `report`, the answer for `place`.
pub(super) fn references(
    catalog: &Catalog,
    place: &Place,
    report: &ImpactReport,
    named: Option<&NamedPlace>,
) -> NationalAnswer {
    let national = &catalog.national;
    let france = &national.france;
    if !france.is_loaded() {
        return NationalAnswer::default();
    }
    let named_kind = named.map(|n| n.kind);
    let mut ctx = Context {
        contrat: named
            .filter(|n| n.kind == "contrat")
            .map(|n| n.code.clone()),
        ..Context::default()
    };
    match place {
        Place::Point(p) => ctx.point = Some(*p),
        Place::Area(a) => ctx.area = Some(a),
    }
    ctx.station_radius_m = match named_kind {
        // A commune or a contract is answered for what is in it.
        Some("commune") | Some("contrat") => 0.0,
        _ => catalog
            .territories
            .iter()
            .find(|t| report.territories.iter().any(|r| r.slug == t.slug()))
            .map_or(STATION_RADIUS_M, |t| t.manifest.radii.equipment_m.max(0.0)),
    };
    match (named_kind, named) {
        (Some("commune"), Some(n)) => ctx.communes.push(n.code.clone()),
        (Some("quartier"), Some(n)) => {
            ctx.quartiers.push(n.code.clone());
            if let Some(q) = national.qpv_by_code(&n.code) {
                ctx.communes.extend(q.props.communes.iter().cloned());
            }
        }
        (Some("contrat"), _) => {}
        _ => {
            if let Some(c) = &report.place.commune {
                ctx.communes.push(c.insee.clone());
            } else if let Some(c) = france.commune_at(place.anchor()) {
                ctx.communes.push(c.insee.clone());
            }
            ctx.quartiers.extend(
                report
                    .perimeters
                    .iter()
                    .filter(|p| {
                        matches!(p.verdict, Verdict::Dedans | Verdict::EnLimite)
                            || p.relation == Relation::Intersecte
                    })
                    .map(|p| p.code.clone()),
            );
        }
    }
    if named_kind == Some("commune") {
        let share: f64 = report
            .perimeters
            .iter()
            .filter_map(|p| p.part_surface)
            .sum();
        ctx.qpv_share = Some(share.min(1.0));
    }
    // The territory's own equipment near the place (its stops and stations among them) is
    // not listed twice.
    ctx.curated_titles = report.equipment.iter().map(|e| &*e.titre).collect();
    national_answer::answer(france, &national.index, &national.qpv, &ctx)
}
