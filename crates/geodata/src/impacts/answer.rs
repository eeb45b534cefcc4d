//! A place's answer, assembled: what is particular to the place (its perimeters' verdicts,
//! the features it meets or lies near) built for it, what its communes and territories give
//! taken from the prepared parts ([`AnswerParts`]), then put in order.

use geo::{Geometry, MultiPolygon};

use super::features::{
    inferred_item, item, near_perimeter_reason, perimeter_name, reason, relate_own, AnswerFeature,
    Kind, Meeting,
};
use super::links;
use super::order;
use super::parts::AnswerParts;
use super::perimeters;
use super::probe::{round_m, Probe};
use super::shared::{self, ByKind, Scoped, TerritoryShares, KINDS};
use super::types::{
    CommuneRef, Entry, Impact, ImpactReport, NamedPlace, Relation, Scope, ScopeSummary,
    TerritoryRef,
};
use crate::catalog::Catalog;
use crate::layer::Layer;
use crate::model::GeometryPrecision;
use crate::place::Place;
use crate::territory::Territory;

/// Tolerance of the national QPV outlines (rounded to 4 decimals, ~11 m), in metres.
pub const NATIONAL_TOLERANCE_M: f64 = 15.0;
/// Radius within which national QPV outside every territory are listed as nearby, in metres.
pub const NATIONAL_RADIUS_M: f64 = 500.0;

/// A catalog with the prepared parts of its answers: what answers a place. Cheap to copy; a
/// server makes one per request from its snapshot, a command once.
#[derive(Debug, Clone, Copy)]
pub struct Answerer<'a> {
    pub catalog: &'a Catalog,
    parts: &'a AnswerParts,
}

impl<'a> Answerer<'a> {
    /// Answers from `catalog` with `parts`, which must have been made for it.
    pub fn new(catalog: &'a Catalog, parts: &'a AnswerParts) -> Self {
        debug_assert!(parts.fits(catalog), "answer parts of another catalog");
        Self { catalog, parts }
    }

    /// Each territory whose box meets `place`'s, with its prepared parts, in the catalog's
    /// order: the others cannot concern it ([`Probe::in_reach`] starts with that box).
    fn territories_near(
        &self,
        place: &Place,
    ) -> impl Iterator<Item = (&'a Territory, &'a TerritoryShares)> + '_ {
        let envelope = match place {
            Place::Point(p) => Some(rstar::AABB::from_point([p.x(), p.y()])),
            Place::Area(a) => geo::BoundingRect::bounding_rect(a)
                .map(|r| rstar::AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y])),
        };
        let indices = match envelope {
            Some(envelope) => self.parts.territories_meeting(&envelope),
            None => (0..self.catalog.territories.len()).collect(),
        };
        let (parts, territories) = (self.parts, &self.catalog.territories);
        indices
            .into_iter()
            .map(move |i| (&territories[i], parts.territory(i, &territories[i])))
    }

    /// Everything the catalog knows that concerns `place`.
    pub fn impacts(&self, place: &Place) -> ImpactReport {
        let query = match place {
            Place::Point(p) => Some(links::point_query(p.x(), p.y())),
            Place::Area(_) => None,
        };
        answer(self, place, query, None)
    }

    /// [`Answerer::impacts`], giving up (`None`) when `stop` says so: checked before each
    /// feature a drawn area is overlaid with, so that a request gone or past its deadline
    /// stops computing within one overlay.
    pub fn impacts_until(&self, place: &Place, stop: &dyn Fn() -> bool) -> Option<ImpactReport> {
        let query = match place {
            Place::Point(p) => Some(links::point_query(p.x(), p.y())),
            Place::Area(_) => None,
        };
        let report = answer_until(self, place, query, None, stop);
        (!stop()).then_some(report)
    }

    /// Everything that concerns an îlot of a loaded territory, or `None` if no îlot has this id.
    /// An îlot whose outline is not published (placed on its perimeter or commune) is answered for
    /// that wider area, and the answer says so first.
    pub fn impacts_for_ilot(&self, id: &str) -> Option<ImpactReport> {
        let (t, ilot) = self.catalog.ilot(id)?;
        let area = self.catalog.ilot_area(id)?;
        let named = NamedPlace {
            kind: "ilot",
            code: ilot.props.id.clone(),
            nom: ilot.props.name.clone(),
            territoire: Some(t.slug().to_string()),
        };
        let mut report = answer(
            self,
            &Place::Area(area),
            Some(links::named_query("ilot", id)),
            Some(named),
        );
        let placement = &ilot.props.placement;
        if placement.precision != GeometryPrecision::Exact {
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

    /// Everything that concerns a quartier (a QPV or veille perimeter of a territory, by its code,
    /// or a QPV of the national layer), or `None` if no perimeter has this code. A perimeter whose
    /// outline is not published is answered for its commune, and the answer says so first.
    pub fn impacts_for_quartier(&self, code: &str) -> Option<ImpactReport> {
        let local = self.catalog.territories.iter().find_map(|t| {
            t.perimeters
                .features()
                .iter()
                .find(|f| f.props.code == code)
                .map(|f| (Some(t), f))
        });
        let (territory, feature) =
            local.or_else(|| self.catalog.national.qpv_by_code(code).map(|f| (None, f)))?;
        let area = polygonal(&feature.geometry)?;
        let p = &feature.props;
        let named = NamedPlace {
            kind: "quartier",
            code: p.code.clone(),
            nom: p.name.clone(),
            territoire: territory.map(|t| t.slug().to_string()),
        };
        let mut report = answer(
            self,
            &Place::Area(area),
            Some(links::named_query("quartier", code)),
            Some(named),
        );
        // The quartier asked about is not "a surface entirely inside it": it is the quartier.
        for own in report.perimeters.iter_mut().filter(|q| q.code == p.code) {
            own.raison = format!(
                "C'est le quartier demandé : {} « {} » ({}).",
                p.kind.label_fr(),
                p.name,
                p.code
            );
        }
        if !p.placement.precision.is_drawn() {
            report.warnings.insert(
                0,
                format!(
                    "Quartier « {} » : {} ({}). La réponse porte sur cette zone plus large que le quartier.",
                    p.name,
                    p.placement.precision.label_fr(),
                    p.placement.reason
                ),
            );
        }
        Some(report)
    }

    /// Everything that concerns a member commune of a loaded territory (by INSEE code), or `None`
    /// if no territory has it.
    pub fn impacts_for_commune(&self, insee: &str) -> Option<ImpactReport> {
        let local = self.catalog.territories.iter().find_map(|t| {
            t.communes
                .features()
                .iter()
                .find(|f| f.props.insee == insee)
                .map(|f| (t, f))
        });
        let Some((t, commune)) = local else {
            return self.national_commune(insee);
        };
        let named = NamedPlace {
            kind: "commune",
            code: commune.props.insee.clone(),
            nom: commune.props.name.clone(),
            territoire: Some(t.slug().to_string()),
        };
        let area = polygonal(&commune.geometry)?;
        Some(answer(
            self,
            &Place::Area(area),
            Some(links::named_query("commune", insee)),
            Some(named),
        ))
    }
}

impl Answerer<'_> {
    /// A commune outside every loaded territory, answered on its bundled contour (an
    /// arrondissement or a commune without one: its parent commune's, or its QPVs', said
    /// first).
    fn national_commune(&self, insee: &str) -> Option<ImpactReport> {
        let national = &self.catalog.national;
        let france = &national.france;
        let commune = france.commune(insee)?;
        let (area, warning) = match france.contour(insee).and_then(polygonal) {
            Some(area) => (
                area,
                format!(
                    "Commune « {} » : {} (la limite peut différer de quelques dizaines de mètres).",
                    commune.name,
                    crate::france::CONTOUR_PRECISION
                ),
            ),
            None => {
                let parent = commune.parent.as_deref().and_then(|p| {
                    let area = france.contour(p).and_then(polygonal)?;
                    Some((area, france.commune(p).map_or(p, |c| c.name.as_str())))
                });
                match parent {
                    Some((area, parent_name)) => (
                        area,
                        format!(
                            "« {} » : son contour n'est pas dans les données nationales ; la réponse porte sur la commune de {parent_name} entière.",
                            commune.name
                        ),
                    ),
                    None => {
                        let quartiers = national.index.quartiers_of_commune(insee, &national.qpv);
                        let outlines = quartiers
                            .iter()
                            .filter_map(|p| national.qpv_by_code(&p.code))
                            .map(|f| &f.geometry);
                        (
                            union_of(outlines)?,
                            format!(
                                "« {} » : son contour n'est pas dans les données nationales ; la réponse porte sur ses quartiers prioritaires.",
                                commune.name
                            ),
                        )
                    }
                }
            }
        };
        let named = NamedPlace {
            kind: "commune",
            code: commune.insee.clone(),
            nom: commune.name.clone(),
            territoire: None,
        };
        let mut report = answer(
            self,
            &Place::Area(area),
            Some(links::named_query("commune", insee)),
            Some(named),
        );
        report.place.commune = Some(CommuneRef {
            insee: commune.insee.clone(),
            nom: commune.name.clone(),
        });
        report.warnings.insert(0, warning);
        Some(report)
    }

    /// Everything that concerns a contrat de ville (`CN07401I`): what concerns its quartiers
    /// prioritaires (the QPVs linked to it through their communes), its communes' facts and
    /// the posts funded in it; `None` for an unknown code or a contract with no outline at
    /// all.
    pub fn impacts_for_contract(&self, code: &str) -> Option<ImpactReport> {
        let national = &self.catalog.national;
        let contract = national.france.contract(code)?;
        let quartiers = national.index.quartiers_of_contract(code, &national.qpv);
        let area = union_of(
            quartiers
                .iter()
                .filter_map(|p| national.qpv_by_code(&p.code))
                .map(|f| &f.geometry),
        )
        .or_else(|| {
            let communes = national
                .france
                .communes()
                .iter()
                .filter(|c| c.contracts.iter().any(|(k, _)| k == code));
            union_of(communes.filter_map(|c| national.france.contour(&c.insee)))
        })?;
        let named = NamedPlace {
            kind: "contrat",
            code: contract.code_cv.clone(),
            nom: contract.name().to_string(),
            territoire: None,
        };
        let mut report = answer(
            self,
            &Place::Area(area),
            Some(links::named_query("contrat", code)),
            Some(named),
        );
        report.warnings.insert(
            0,
            format!(
                "Contrat de ville {} « {} » : la réponse porte sur ses {} quartiers prioritaires, rattachés par leurs communes (rattachement déduit : la source ne publie pas la liste des quartiers de chaque contrat).",
                contract.code_cv,
                contract.name(),
                quartiers.len()
            ),
        );
        Some(report)
    }
}

/// The polygons of several geometries as one multipolygon (not unioned: they do not overlap).
fn union_of<'g>(geometries: impl Iterator<Item = &'g Geometry<f64>>) -> Option<MultiPolygon<f64>> {
    let polygons: Vec<_> = geometries.filter_map(polygonal).flat_map(|m| m.0).collect();
    (!polygons.is_empty()).then_some(MultiPolygon(polygons))
}

fn polygonal(g: &Geometry<f64>) -> Option<MultiPolygon<f64>> {
    match g {
        Geometry::Polygon(p) => Some(MultiPolygon(vec![p.clone()])),
        Geometry::MultiPolygon(mp) => Some(mp.clone()),
        _ => None,
    }
}

/// The answer for `place`; `query` asks about it again with GET, `named` is the quartier,
/// îlot or commune it stands for.
fn answer(
    answerer: &Answerer<'_>,
    place: &Place,
    query: Option<String>,
    named: Option<NamedPlace>,
) -> ImpactReport {
    answer_until(answerer, place, query, named, &|| false)
}

/// [`answer`], its overlays skipped once `stop` says so (the answer is then incomplete: the
/// caller drops it).
fn answer_until(
    answerer: &Answerer<'_>,
    place: &Place,
    query: Option<String>,
    named: Option<NamedPlace>,
    stop: &dyn Fn() -> bool,
) -> ImpactReport {
    let probe = Probe::until(place, stop);
    let mut report = ImpactReport::new(place);
    report.query = query;
    report.date_reference = Some(answerer.parts.today());
    let mut ici: ByKind<Entry<Impact>> = ByKind::default();
    let mut scoped: Vec<Scoped> = Vec::new();
    let mut known: Vec<&str> = Vec::new();
    for (t, shares) in answerer.territories_near(place) {
        let Some(inside_boundary) = probe.in_reach(t) else {
            continue;
        };
        let mut communes = probe.communes_in(t);
        if let Some(n) = named.as_ref().filter(|n| n.kind == "commune") {
            // A commune asked about by name is only itself, not the neighbours it touches.
            communes.retain(|c| c.insee == n.code);
        }
        let commune_refs: Vec<CommuneRef> = communes
            .iter()
            .map(|c| CommuneRef {
                insee: c.insee.clone(),
                nom: c.name.clone(),
            })
            .collect();
        if report.place.commune.is_none() {
            report.place.commune = commune_refs.first().cloned();
        }
        report.territories.push(TerritoryRef {
            slug: t.slug().to_string(),
            nom: t.manifest.name.clone(),
        });
        for f in t.perimeters.features() {
            known.push(&f.props.code);
            known.extend(f.props.predecessors.iter().map(String::as_str));
        }
        perimeters_here(t, &probe, shares, &mut report, &mut ici);
        let radii = t.manifest.radii;
        own_geometry(
            t,
            &probe,
            &t.operations,
            radii.operation_m,
            shares,
            &mut ici,
        );
        own_geometry(t, &probe, &t.equipment, radii.equipment_m, shares, &mut ici);
        own_geometry(
            t,
            &probe,
            &t.centralities,
            radii.centrality_m,
            shares,
            &mut ici,
        );
        own_geometry(t, &probe, &t.corridors, radii.corridor_m, shares, &mut ici);
        let in_territory = inside_boundary || !commune_refs.is_empty();
        scoped.push(shares.scoped(t, &commune_refs, in_territory, report.query.as_deref()));
    }
    let national = &answerer.catalog.national.qpv;
    for hit in probe.hits_where(national, NATIONAL_RADIUS_M, |i| {
        !known.contains(&national.features()[i].props.code.as_str())
    }) {
        let p = &national.features()[hit.feature].props;
        report
            .perimeters
            .extend(perimeters::judged(p, &hit, NATIONAL_TOLERANCE_M, None));
    }
    assemble(&mut report, ici, scoped);
    report.references =
        super::national::references(answerer.catalog, place, &report, named.as_ref());
    report.place.named = named;
    if report.territories.is_empty() {
        report.warnings.push(
            "Aucune donnée locale n'est chargée pour ce lieu : seule la géographie prioritaire nationale (QPV 2024) est consultée."
                .to_string(),
        );
    }
    report
}

/// The territory's drawn perimeters the place meets or lies near (their verdicts), and the
/// features placed on them: shared when the place is in the perimeter, with the distance when
/// it is near.
fn perimeters_here(
    t: &Territory,
    probe: &Probe,
    shares: &TerritoryShares,
    report: &mut ImpactReport,
    ici: &mut ByKind<Entry<Impact>>,
) {
    let radii = t.manifest.radii;
    let tolerance = t.manifest.tolerance.perimeter_m;
    let perimeter_radius = radii.perimeter_m.max(tolerance);
    let reach = [
        perimeter_radius,
        radii.operation_m,
        radii.equipment_m,
        radii.centrality_m,
        radii.corridor_m,
    ]
    .into_iter()
    .fold(0.0, f64::max);
    let layer = &t.perimeters;
    let hits = probe.hits_where(layer, reach, |i| {
        layer.features()[i].props.placement.precision.is_drawn()
    });
    for hit in hits {
        let p = &layer.features()[hit.feature].props;
        if hit.distance_m <= perimeter_radius {
            report
                .perimeters
                .extend(perimeters::judged(p, &hit, tolerance, Some(t.slug())));
        }
        let Some(placed) = shares.in_perimeter.get(&p.code) else {
            continue;
        };
        for ip in placed {
            let list = ici.list_mut(ip.kind);
            if hit.intersects {
                list.push(Entry::Shared(ip.entry.clone()));
            } else if hit.distance_m <= ip.radius_m {
                let mut near = ip.entry.item.clone();
                near.relation = Relation::AProximite;
                near.portee = Scope::Ici;
                near.distance_m = round_m(hit.distance_m);
                let place = near_perimeter_reason(
                    &perimeter_name(t, &p.code),
                    hit.distance_m,
                    inferred_item(&near),
                );
                near.raison = reason(&near, &place);
                list.push(Entry::own(near));
            }
        }
    }
}

/// Features placed by their own geometry that meet the place or lie within `radius_m`.
fn own_geometry<P: AnswerFeature>(
    t: &Territory,
    probe: &Probe,
    layer: &Layer<P>,
    radius_m: f64,
    shares: &TerritoryShares,
    ici: &mut ByKind<Entry<Impact>>,
) {
    let spatial = shares.spatial.list(P::KIND);
    for hit in probe.hits_where(layer, radius_m, |i| spatial[i]) {
        let card = shares.card(t, layer, hit.feature);
        if let Some((relation, place)) = relate_own(card, &hit, P::NOUN) {
            let meeting = Meeting {
                distance_m: hit.distance_m,
                share: hit.share().filter(|_| hit.intersects),
            };
            ici.list_mut(P::KIND)
                .push(Entry::own(item(card, relation, meeting, &place)));
        }
    }
}

/// Puts the answer in order: per group, what is here, then each territory's commune and
/// territory scopes; the scope summaries, *ici* first.
fn assemble(report: &mut ImpactReport, mut ici: ByKind<Entry<Impact>>, scoped: Vec<Scoped>) {
    for kind in KINDS {
        ici.list_mut(kind).sort_by(|a, b| order::impacts(a, b));
    }
    let ici_summary = here_summary(report, &ici);
    let mut operations = std::mem::take(&mut ici.operations);
    let mut equipment = std::mem::take(&mut ici.equipment);
    let mut centralities = std::mem::take(&mut ici.centralities);
    let mut corridors = std::mem::take(&mut ici.corridors);
    let mut summaries = vec![Entry::own(ici_summary)];
    let several = scoped.len() > 1;
    for s in scoped {
        operations.extend(s.items.operations);
        equipment.extend(s.items.equipment);
        centralities.extend(s.items.centralities);
        corridors.extend(s.items.corridors);
        report.actions.extend(s.actions);
        report.perimeters.extend(s.perimeters);
        summaries.extend(s.summaries);
    }
    // Stable: each territory's lists are already in order within a scope; with one territory
    // the concatenation is in order already.
    if several {
        for list in [
            &mut operations,
            &mut equipment,
            &mut centralities,
            &mut corridors,
        ] {
            list.sort_by_key(|e| e.portee);
        }
        report.actions.sort_by_key(|e| e.portee);
    }
    report.perimeters.sort_by(order::perimeters);
    summaries.sort_by_key(|s| s.portee);
    report.operations = operations;
    report.equipment = equipment;
    report.centralities = centralities;
    report.corridors = corridors;
    report.scopes = summaries;
}

/// The *ici* scope's summary, built for the place.
fn here_summary(report: &ImpactReport, ici: &ByKind<Entry<Impact>>) -> ScopeSummary {
    let keys = |kind| {
        let items: Vec<&Impact> = ici.list(kind).iter().map(|e| &**e).collect();
        shared::impact_keys(&items)
    };
    let perimeters = report
        .perimeters
        .iter()
        .filter(|p| p.portee == Scope::Ici)
        .map(|p| (Some(p.verdict.label_fr()), p.kind.label_fr(), false))
        .collect();
    let query = report.query.as_deref();
    let link = |group: Option<&str>| query.map(|q| links::scope_link(q, Scope::Ici, group));
    let groupes = shared::counts(
        [
            perimeters,
            keys(Kind::Operation),
            keys(Kind::Equipment),
            Vec::new(),
            keys(Kind::Centrality),
            keys(Kind::Corridor),
        ],
        &link,
    );
    ScopeSummary {
        portee: Scope::Ici,
        libelle: "Ici".to_string(),
        territoire: None,
        communes: Vec::new(),
        total: groupes.iter().map(|(_, g)| g.total).sum(),
        groupes,
        lien: link(None),
    }
}
