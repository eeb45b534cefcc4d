//! What is the same for every place of a territory's commune, perimeter or whole area, built
//! once per data version with its JSON in both forms ([`TerritoryShares`], kept by
//! `parts::AnswerParts` beside the catalog, never in the model).
//!
//! An answer then takes the items of its place's communes and perimeters by reference
//! ([`Entry::Shared`]) and only builds what is particular to the place: perimeters' verdicts,
//! features found by their own geometry, distances.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::actions;
use super::features::{
    card, commune_reason, in_perimeter_reason, inferred, item, perimeter_name, territory_reason,
    whereabouts, AnswerFeature, Kind, Meeting, Whereabouts,
};
use super::group::Group;
use super::links::{named_query, scope_link};
use super::order;
use super::perimeters::commune_level;
use super::types::{
    ActionImpact, CommuneRef, Entry, GroupCount, Impact, PerimeterImpact, PreparedItem, Relation,
    Scope, ScopeSummary, TerritoryRef,
};
use crate::layer::Layer;
use crate::model::{FuzzyDate, GeometryPrecision};
use crate::territory::Territory;

type Shared<T> = Arc<PreparedItem<T>>;

/// The items of the four feature layers, one list per layer.
#[derive(Debug, Clone)]
pub struct ByKind<T> {
    pub operations: Vec<T>,
    pub equipment: Vec<T>,
    pub centralities: Vec<T>,
    pub corridors: Vec<T>,
}

impl<T> Default for ByKind<T> {
    fn default() -> Self {
        Self {
            operations: Vec::new(),
            equipment: Vec::new(),
            centralities: Vec::new(),
            corridors: Vec::new(),
        }
    }
}

impl<T> ByKind<T> {
    pub fn list_mut(&mut self, kind: Kind) -> &mut Vec<T> {
        match kind {
            Kind::Operation => &mut self.operations,
            Kind::Equipment => &mut self.equipment,
            Kind::Centrality => &mut self.centralities,
            Kind::Corridor => &mut self.corridors,
        }
    }

    pub fn list(&self, kind: Kind) -> &[T] {
        match kind {
            Kind::Operation => &self.operations,
            Kind::Equipment => &self.equipment,
            Kind::Centrality => &self.centralities,
            Kind::Corridor => &self.corridors,
        }
    }
}

pub const KINDS: [Kind; 4] = [
    Kind::Operation,
    Kind::Equipment,
    Kind::Centrality,
    Kind::Corridor,
];

/// A feature placed on a perimeter, ready for a place inside it; for a place near it the
/// answer copies it with the distance.
#[derive(Debug)]
pub struct InPerimeter {
    pub kind: Kind,
    /// The layer's search radius.
    pub radius_m: f64,
    pub entry: Shared<Impact>,
}

/// An action's answers: one per commune where it is carried out, and the territory-wide one.
#[derive(Debug)]
struct ActionShares {
    local: Vec<(String, Shared<ActionImpact>)>,
    wide: Option<Shared<ActionImpact>>,
}

/// The parts of a territory's answers that do not depend on where exactly the place is.
#[derive(Debug)]
pub struct TerritoryShares {
    /// The day statuses are judged stale or current on.
    today: FuzzyDate,
    /// Per layer: whether each feature is found by its own geometry (a spatial query).
    pub spatial: ByKind<bool>,
    /// Per layer: each feature's card (`features::card`), made the first time an answer
    /// lists the feature.
    cards: ByKind<OnceLock<Box<Impact>>>,
    /// Per perimeter code: the features placed on it.
    pub in_perimeter: HashMap<String, Vec<InPerimeter>>,
    /// Features that concern communes, with the communes.
    commune_items: Vec<(Kind, Vec<String>, Shared<Impact>)>,
    territory_items: ByKind<Shared<Impact>>,
    actions: Vec<ActionShares>,
    /// Perimeters without a published outline, with their communes.
    commune_perimeters: Vec<(Vec<String>, PerimeterImpact)>,
    /// Per member commune: what its places get from the commune and territory scopes, in
    /// order, with the summaries.
    by_commune: HashMap<String, Scoped>,
}

/// What the commune and territory scopes give a place.
#[derive(Debug, Default, Clone)]
pub struct Scoped {
    pub items: ByKind<Entry<Impact>>,
    pub actions: Vec<Entry<ActionImpact>>,
    pub perimeters: Vec<PerimeterImpact>,
    pub summaries: Vec<Entry<ScopeSummary>>,
}

impl TerritoryShares {
    /// The shares of `t`, its statuses judged on `today`.
    pub fn build(t: &Territory, today: FuzzyDate) -> Self {
        let mut shares = Self {
            today,
            spatial: ByKind::default(),
            cards: ByKind::default(),
            in_perimeter: HashMap::new(),
            commune_items: Vec::new(),
            territory_items: ByKind::default(),
            actions: Vec::new(),
            commune_perimeters: Vec::new(),
            by_commune: HashMap::new(),
        };
        let radii = t.manifest.radii;
        shares.add_layer(t, &t.operations, radii.operation_m);
        shares.add_layer(t, &t.equipment, radii.equipment_m);
        shares.add_layer(t, &t.centralities, radii.centrality_m);
        shares.add_layer(t, &t.corridors, radii.corridor_m);
        for a in &t.actions {
            let (local, wide) = actions::realisations(a);
            shares.actions.push(ActionShares {
                local: local
                    .into_iter()
                    .map(|(insee, r)| {
                        let answer = actions::answer(t, a, r, Relation::MemeCommune, today);
                        (insee.to_string(), PreparedItem::new(answer))
                    })
                    .collect(),
                wide: wide.map(|r| {
                    PreparedItem::new(actions::answer(t, a, r, Relation::Territoire, today))
                }),
            });
        }
        let tolerance = t.manifest.tolerance.perimeter_m;
        for p in t.perimeters.features() {
            if !p.props.placement.precision.is_drawn() {
                let impact = commune_level(&p.props, Some(t.slug()), tolerance);
                shares
                    .commune_perimeters
                    .push((p.props.communes.clone(), impact));
            }
        }
        for c in &t.manifest.communes {
            let insee = [c.insee.clone()];
            let query = named_query("commune", &c.insee);
            let mut scoped = shares.scoped_lists(&insee, true);
            let refs = [CommuneRef {
                insee: c.insee.clone(),
                nom: c.name.clone(),
            }];
            scoped.summaries = [Scope::Commune, Scope::Territoire]
                .into_iter()
                .map(|s| {
                    Entry::Shared(PreparedItem::summary(summary(
                        t,
                        s,
                        &refs,
                        &scoped,
                        Some(&query),
                    )))
                })
                .collect();
            shares.by_commune.insert(c.insee.clone(), scoped);
        }
        shares
    }

    fn add_layer<P: AnswerFeature>(&mut self, t: &Territory, layer: &Layer<P>, radius_m: f64) {
        let kind = P::KIND;
        let spatial = self.spatial.list_mut(kind);
        let mut placed = Vec::new();
        for f in layer.features() {
            let w = whereabouts(t, &f.props);
            spatial.push(w == Whereabouts::Own);
            placed.push(w);
        }
        self.cards
            .list_mut(kind)
            .resize_with(layer.features().len(), OnceLock::new);
        let today = self.today;
        for (f, w) in layer.features().iter().zip(placed) {
            let props = &f.props;
            let inferred = inferred(props.placement());
            match w {
                Whereabouts::Own => {}
                Whereabouts::InPerimeter(code) => {
                    let reason = in_perimeter_reason(&perimeter_name(t, &code), inferred);
                    let entry = PreparedItem::new(item(
                        &card(t, props, today),
                        Relation::MemePerimetre,
                        Meeting::default(),
                        &reason,
                    ));
                    self.in_perimeter
                        .entry(code)
                        .or_default()
                        .push(InPerimeter {
                            kind,
                            radius_m,
                            entry,
                        });
                }
                Whereabouts::InCommunes(communes) => {
                    let through = props
                        .placement()
                        .perimeter
                        .as_deref()
                        .filter(|_| props.placement().precision == GeometryPrecision::Perimeter)
                        .map(|code| perimeter_name(t, code));
                    let reason = commune_reason(t, &communes, through.as_deref(), inferred);
                    let entry = PreparedItem::new(item(
                        &card(t, props, today),
                        Relation::MemeCommune,
                        Meeting::default(),
                        &reason,
                    ));
                    self.commune_items.push((kind, communes, entry));
                }
                Whereabouts::Territory => {
                    let entry = PreparedItem::new(item(
                        &card(t, props, today),
                        Relation::Territoire,
                        Meeting::default(),
                        &territory_reason(t, inferred),
                    ));
                    self.territory_items.list_mut(kind).push(entry);
                }
            }
        }
    }

    /// The card of feature `index` of territory `t`'s layer of `P`, made on first use.
    pub fn card<P: AnswerFeature>(&self, t: &Territory, layer: &Layer<P>, index: usize) -> &Impact {
        self.cards.list(P::KIND)[index]
            .get_or_init(|| Box::new(card(t, &layer.features()[index].props, self.today)))
    }

    /// The commune and territory scope items of a place in `communes` (INSEE codes),
    /// `in_territory` when it is in the territory at all, each list in answer order.
    fn scoped_lists(&self, communes: &[String], in_territory: bool) -> Scoped {
        let mut out = Scoped::default();
        let here = |list: &[String]| list.iter().any(|c| communes.contains(c));
        for (kind, list, entry) in &self.commune_items {
            if here(list) {
                out.items.list_mut(*kind).push(Entry::Shared(entry.clone()));
            }
        }
        let mut wide_actions = Vec::new();
        for a in &self.actions {
            match a.local.iter().find(|(insee, _)| communes.contains(insee)) {
                Some((_, entry)) => out.actions.push(Entry::Shared(entry.clone())),
                None => {
                    if let (Some(entry), true) = (&a.wide, in_territory) {
                        wide_actions.push(Entry::Shared(entry.clone()));
                    }
                }
            }
        }
        if in_territory {
            for kind in KINDS {
                let list = out.items.list_mut(kind);
                list.extend(
                    self.territory_items
                        .list(kind)
                        .iter()
                        .map(|e| Entry::Shared(e.clone())),
                );
            }
        }
        out.actions.extend(wide_actions);
        for kind in KINDS {
            out.items
                .list_mut(kind)
                .sort_by(|a, b| order::impacts(a, b));
        }
        out.actions.sort_by(|a, b| order::actions(a, b));
        out.perimeters = self
            .commune_perimeters
            .iter()
            .filter(|(list, _)| here(list))
            .map(|(_, p)| p.clone())
            .collect();
        out
    }

    /// What the commune and territory scopes give a place in `communes`, with their summaries:
    /// shared when the place is in one member commune, built for the place otherwise (`query`
    /// asks about it again, when it can be asked with GET).
    pub fn scoped(
        &self,
        t: &Territory,
        communes: &[CommuneRef],
        in_territory: bool,
        query: Option<&str>,
    ) -> Scoped {
        if let [one] = communes {
            if let Some(shared) = self.by_commune.get(&one.insee) {
                // Only references: the items and their JSON were built with the territory.
                return shared.clone();
            }
        }
        let insee: Vec<String> = communes.iter().map(|c| c.insee.clone()).collect();
        let mut out = self.scoped_lists(&insee, in_territory);
        let scopes: &[Scope] = if communes.is_empty() {
            &[Scope::Territoire]
        } else {
            &[Scope::Commune, Scope::Territoire]
        };
        out.summaries = scopes
            .iter()
            .filter(|s| in_territory || **s != Scope::Territoire)
            .map(|s| Entry::own(summary(t, *s, communes, &out, query)))
            .collect();
        out
    }
}

/// The summary of one scope of `scoped`.
fn summary(
    t: &Territory,
    scope: Scope,
    communes: &[CommuneRef],
    scoped: &Scoped,
    query: Option<&str>,
) -> ScopeSummary {
    let in_scope = |s: Scope| s == scope;
    let perimeters: Vec<&PerimeterImpact> = scoped
        .perimeters
        .iter()
        .filter(|p| in_scope(p.portee))
        .collect();
    let items = |kind: Kind| -> Vec<&Impact> {
        scoped
            .items
            .list(kind)
            .iter()
            .map(|e| &**e)
            .filter(|i| in_scope(i.portee))
            .collect()
    };
    let actions: Vec<&ActionImpact> = scoped
        .actions
        .iter()
        .map(|e| &**e)
        .filter(|a| in_scope(a.portee))
        .collect();
    let link = |group: Option<&str>| query.map(|q| scope_link(q, scope, group));
    let groupes = counts(
        [
            perimeters
                .iter()
                .map(|p| (Some(p.verdict.label_fr()), p.kind.label_fr(), false))
                .collect(),
            impact_keys(&items(Kind::Operation)),
            impact_keys(&items(Kind::Equipment)),
            actions
                .iter()
                .map(|a| {
                    (
                        a.statut.as_deref(),
                        a.pilier.as_str(),
                        is_stale(&a.datation),
                    )
                })
                .collect(),
            impact_keys(&items(Kind::Centrality)),
            impact_keys(&items(Kind::Corridor)),
        ],
        &link,
    );
    let total = groupes.iter().map(|(_, g)| g.total).sum();
    let libelle = match scope {
        Scope::Ici => "Ici".to_string(),
        Scope::Commune => match communes {
            [one] => format!("Dans la commune {}", de(&one.nom)),
            _ => "Dans les communes de ce lieu".to_string(),
        },
        Scope::Territoire => "Dans toute l'agglomération".to_string(),
    };
    ScopeSummary {
        portee: scope,
        libelle,
        territoire: Some(TerritoryRef {
            slug: t.slug().to_string(),
            nom: t.manifest.name.clone(),
        }),
        communes: if scope == Scope::Commune {
            communes.to_vec()
        } else {
            Vec::new()
        },
        total,
        groupes,
        lien: link(None),
    }
}

/// What a group's counts read of an item: its status, its theme, whether it is to be checked.
pub(super) type CountKey<'a> = (Option<&'a str>, &'a str, bool);

pub(super) fn impact_keys<'a>(items: &[&'a Impact]) -> Vec<CountKey<'a>> {
    items
        .iter()
        .map(|i| (i.statut.as_deref(), &*i.kind, is_stale(&i.datation)))
        .collect()
}

fn is_stale(dating: &Option<super::types::Dating>) -> bool {
    dating.as_ref().is_some_and(|d| d.perime)
}

/// Per group: how many items, per status and per theme (most first, then alphabetical), and
/// how many to check.
pub(super) fn counts(
    groups: [Vec<CountKey<'_>>; 6],
    link: &dyn Fn(Option<&str>) -> Option<String>,
) -> Vec<(&'static str, GroupCount)> {
    Group::ALL
        .iter()
        .zip(groups)
        .map(|(group, keys)| {
            let key = group.key();
            let by_status = tally(keys.iter().map(|(s, _, _)| s.unwrap_or("non renseigné")));
            let by_theme = tally(
                keys.iter()
                    .map(|(_, theme, _)| *theme)
                    .filter(|t| !t.is_empty()),
            );
            (
                key,
                GroupCount {
                    total: keys.len(),
                    par_statut: by_status,
                    par_theme: by_theme,
                    a_verifier: keys.iter().filter(|(_, _, stale)| *stale).count(),
                    lien: link(Some(key)),
                },
            )
        })
        .collect()
}

fn tally<'a>(values: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(k, _)| k == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v.to_string(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// « de Gaillard », « d'Annemasse » (elision before a vowel or a mute h is not guessed: only
/// vowels).
fn de(name: &str) -> String {
    let first = name
        .chars()
        .next()
        .map(|c| c.to_lowercase().next().unwrap_or(c));
    match first {
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'é' | 'è' | 'ê' | 'â' | 'î' | 'ô' | 'û') => {
            format!("d'{name}")
        }
        _ => format!("de {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_elision_before_vowels() {
        assert_eq!(de("Annemasse"), "d'Annemasse");
        assert_eq!(de("Étrembières"), "d'Étrembières");
        assert_eq!(de("Gaillard"), "de Gaillard");
    }

    #[test]
    fn tallies_most_first() {
        let t = tally(["b", "a", "b", "c", "a", "b"].into_iter());
        assert_eq!(
            t,
            [
                ("b".to_string(), 3),
                ("a".to_string(), 2),
                ("c".to_string(), 1)
            ]
        );
    }
}
