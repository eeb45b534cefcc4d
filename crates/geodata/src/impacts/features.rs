//! Operations, equipment, centralities and corridors as answer items: what the answer says of
//! each, and the relation and reason that follow from what is known of its position.

use std::sync::Arc;

use super::group::Group;
use super::links::item_link;
use super::probe::{round_m, Hit};
use super::types::{Dating, Impact, Relation};
use crate::model::{
    Centrality, Corridor, Equipment, FeatureProps, FuzzyDate, GeometryPrecision, Interpretation,
    Operation, Placement, PlacementBasis, ProjectStatus,
};
use crate::territory::Territory;

/// The four layers whose features become [`Impact`]s, in answer order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Operation,
    Equipment,
    Centrality,
    Corridor,
}

/// What an answer says of a feature beyond its placement.
#[derive(Default)]
pub struct Details {
    kind: String,
    status: Option<String>,
    programme: Option<String>,
    start: Option<FuzzyDate>,
    end: Option<FuzzyDate>,
    owner: Option<String>,
    amount_eur: Option<f64>,
    dwellings: Option<u32>,
    interpretations: Vec<Interpretation>,
}

/// A feature the answer lists as an [`Impact`].
pub trait AnswerFeature: FeatureProps {
    const KIND: Kind;
    /// `opération`, `équipement`..., in the reasons.
    const NOUN: &'static str;
    /// Its group of the answer (and so its OGC API collection).
    const GROUP: Group;
    fn details(&self) -> Details;
}

impl AnswerFeature for Operation {
    const KIND: Kind = Kind::Operation;
    const NOUN: &'static str = "opération";
    const GROUP: Group = Group::Operations;
    fn details(&self) -> Details {
        Details {
            kind: self.kind.label_fr().to_string(),
            status: Some(self.status.label_fr().to_string()),
            programme: non_empty(&self.programme),
            start: self.start,
            end: self.end,
            owner: non_empty(&self.owner),
            amount_eur: self.cost_eur,
            dwellings: self.dwellings,
            interpretations: self.interpretations.clone(),
        }
    }
}

impl AnswerFeature for Equipment {
    const KIND: Kind = Kind::Equipment;
    const NOUN: &'static str = "équipement";
    const GROUP: Group = Group::Equipements;
    fn details(&self) -> Details {
        Details {
            kind: self.kind.clone(),
            status: Some(self.status.label_fr().to_string()),
            interpretations: self.interpretations.clone(),
            ..Details::default()
        }
    }
}

impl AnswerFeature for Centrality {
    const KIND: Kind = Kind::Centrality;
    const NOUN: &'static str = "centralité";
    const GROUP: Group = Group::Centralites;
    fn details(&self) -> Details {
        Details {
            kind: self.level.clone(),
            ..Details::default()
        }
    }
}

impl AnswerFeature for Corridor {
    const KIND: Kind = Kind::Corridor;
    const NOUN: &'static str = "corridor écologique";
    const GROUP: Group = Group::Corridors;
    fn details(&self) -> Details {
        Details {
            kind: [self.kind.as_str(), self.subnetwork.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            ..Details::default()
        }
    }
}

/// How a feature meets the place, for the item's distance and share.
#[derive(Debug, Clone, Copy, Default)]
pub struct Meeting {
    pub distance_m: f64,
    pub share: Option<f64>,
}

/// The card of a feature of territory `t`: its item with what every answer says of it,
/// wherever the place, and the place's parts (relation, distance, share, reason) left for
/// [`item`] to say. Made once per data version (`TerritoryShares::card`): its texts are shared,
/// as `Arc<str>`, by every answer that lists the feature. Its status is dated, and judged
/// stale or current on `today` with the territory's freshness threshold.
pub fn card<P: AnswerFeature>(t: &Territory, props: &P, today: FuzzyDate) -> Impact {
    let d = props.details();
    let threshold = t.manifest.freshness.stale_after_years;
    // A status the source does not give (« non renseigné ») has no date to say.
    let datation = props
        .dated_status()
        .filter(|(status, _)| *status != ProjectStatus::Unknown)
        .map(|(_, date)| Dating::new(date, today, threshold));
    let placement = props.placement();
    let dates = match (d.start, d.end) {
        (Some(s), Some(e)) if s == e => Some(s.label_fr()),
        (Some(s), Some(e)) => Some(format!("{} → {}", s.label_fr(), e.label_fr())),
        (Some(s), None) => Some(format!("à partir de {}", s.label_fr())),
        (None, Some(e)) => Some(format!("jusqu'à {}", e.label_fr())),
        (None, None) => None,
    };
    Impact {
        territoire: t.slug().into(),
        id: props.id().into(),
        titre: props.title().into(),
        kind: d.kind.into(),
        portee: Relation::Territoire.scope(),
        relation: Relation::Territoire,
        distance_m: 0.0,
        part_surface: None,
        statut: d.status.map(Into::into),
        datation,
        programme: d.programme.map(Into::into),
        date_debut: d.start,
        date_fin: d.end,
        dates: dates.map(Into::into),
        maitre_ouvrage: d.owner.map(Into::into),
        montant_eur: d.amount_eur,
        logements: d.dwellings,
        precision_geometrie: placement.precision,
        motif_precision: placement.reason.as_str().into(),
        emplacement: (!placement.basis.is_unknown()).then_some(placement.basis),
        deduit_de: placement
            .is_inferred()
            .then(|| placement.inferred_from.as_str().into()),
        interpretations: d.interpretations.into(),
        source: Arc::new(props.source().clone()),
        raison: String::new(),
        lien: item_link(&P::GROUP.item_ref(Some(t.slug()), props.id())).into(),
    }
}

/// The answer item of a feature: its card, with the relation, the distance, the share and
/// the reason the place gives (`place`: how the feature concerns it, see [`reason`]).
pub fn item(card: &Impact, relation: Relation, meeting: Meeting, place: &str) -> Impact {
    Impact {
        portee: relation.scope(),
        relation,
        distance_m: round_m(meeting.distance_m),
        part_surface: meeting.share,
        raison: reason(card, place),
        ..card.clone()
    }
}

/// An item's reason: its status, said with its verb and when it was known (« En travaux
/// (état connu en 2019, à vérifier). »), then how it concerns the place (`place`). Features
/// without a status (centralities, corridors) only say the latter.
pub fn reason(card: &Impact, place: &str) -> String {
    let Some(status) = card.statut.as_deref() else {
        return place.to_string();
    };
    let verb: &str = match ProjectStatus::from_label(status) {
        Some(s) => s.verb_fr(),
        None => status,
    };
    // Written into one string of the right size: every item of an answer has its reason, and
    // `format!` grew it several times (the slowest answers list about 60 items).
    match &card.datation {
        Some(d) => concat(&[verb, " (", &d.statut_etat, "). ", place]),
        None => concat(&[verb, ". ", place]),
    }
}

/// The pieces one after the other, in a string allocated once.
fn concat(pieces: &[&str]) -> String {
    let mut s = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    pieces.iter().for_each(|p| s.push_str(p));
    s
}

/// A distance in metres as the reasons write it (`{}` of the rounded `f64`).
fn metres(distance: f64) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(16);
    let _ = write!(s, "{distance}");
    s
}

/// For an inferred place, what it was inferred from (possibly empty); `None` when the source
/// states it or the data does not say.
pub fn inferred(placement: &Placement) -> Option<&str> {
    (placement.basis == PlacementBasis::Inferred).then_some(placement.inferred_from.as_str())
}

/// [`inferred`] of an item (its card keeps the placement's basis).
pub fn inferred_item(item: &Impact) -> Option<&str> {
    (item.emplacement == Some(PlacementBasis::Inferred))
        .then(|| item.deduit_de.as_deref().unwrap_or(""))
}

/// « (déduit : la source ne précise pas l'emplacement ; <what it was inferred from>) ».
fn inferred_note(from: &str) -> String {
    if from.is_empty() {
        "(déduit : la source ne précise pas l'emplacement)".to_string()
    } else {
        format!("(déduit : la source ne précise pas l'emplacement ; {from})")
    }
}

/// Where a feature's answer comes from, by what is known of its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whereabouts {
    /// Its own geometry says where it is: found by a spatial query.
    Own,
    /// Only known to lie in this (precisely drawn) perimeter.
    InPerimeter(String),
    /// Only known to concern these communes (directly, or through a perimeter whose outline
    /// is not published).
    InCommunes(Vec<String>),
    /// Concerns the whole territory.
    Territory,
}

/// Classifies a feature: how the answer finds out whether it concerns a place.
pub fn whereabouts<P: FeatureProps>(t: &Territory, props: &P) -> Whereabouts {
    let placement = props.placement();
    match placement.precision {
        GeometryPrecision::Exact | GeometryPrecision::Approximate => Whereabouts::Own,
        GeometryPrecision::Perimeter => {
            let Some(code) = placement.perimeter.as_deref() else {
                return Whereabouts::Own;
            };
            match t
                .perimeters
                .features()
                .iter()
                .find(|p| p.props.code == code)
            {
                Some(p) if p.props.placement.precision.is_drawn() => {
                    Whereabouts::InPerimeter(code.to_string())
                }
                Some(p) if !p.props.communes.is_empty() => {
                    Whereabouts::InCommunes(p.props.communes.clone())
                }
                _ => Whereabouts::Own,
            }
        }
        GeometryPrecision::Commune if !props.communes().is_empty() => {
            Whereabouts::InCommunes(props.communes().to_vec())
        }
        GeometryPrecision::Commune => Whereabouts::Own,
        GeometryPrecision::Territory => Whereabouts::Territory,
    }
}

/// Relation and place sentence (see [`reason`]) of a feature found by a spatial query (its
/// own geometry), from its card (its precision and what its place was inferred from: the card
/// is read anyway, the feature's properties would be one more place in memory to fetch per
/// item); `None` when a feature only known at the commune level is merely near.
pub fn relate_own(card: &Impact, hit: &Hit, noun: &str) -> Option<(Relation, String)> {
    let distance = round_m(hit.distance_m);
    let inferred = inferred_item(card);
    match card.precision_geometrie {
        // A perimeter precision without a perimeter code: its geometry stands for the quartier.
        GeometryPrecision::Perimeter => Some(match (hit.intersects, inferred) {
            (true, None) => (
                Relation::MemePerimetre,
                "Dans le quartier de ce lieu ; son emplacement précis n'est pas publié."
                    .to_string(),
            ),
            (true, Some(from)) => (
                Relation::MemePerimetre,
                format!("Rattaché au quartier de ce lieu {}.", inferred_note(from)),
            ),
            (false, None) => (
                Relation::AProximite,
                format!("Dans un quartier à {distance} m de ce lieu ; son emplacement précis n'est pas publié."),
            ),
            (false, Some(from)) => (
                Relation::AProximite,
                format!("Rattaché à un quartier à {distance} m de ce lieu {}.", inferred_note(from)),
            ),
        }),
        GeometryPrecision::Commune | GeometryPrecision::Territory => hit.intersects.then(|| {
            (
                Relation::MemeCommune,
                match inferred {
                    None => "Concerne la commune de ce lieu ; son emplacement précis n'est pas connu."
                        .to_string(),
                    Some(from) => format!("Rattaché à la commune de ce lieu {}.", inferred_note(from)),
                },
            )
        }),
        GeometryPrecision::Exact | GeometryPrecision::Approximate => {
            let approx = match (card.precision_geometrie, inferred) {
                (GeometryPrecision::Approximate, None) => " (position approximative)".to_string(),
                (GeometryPrecision::Approximate, Some(from)) => {
                    format!(" (position approximative) {}", inferred_note(from))
                }
                (_, Some(from)) => format!(" {}", inferred_note(from)),
                (_, None) => String::new(),
            };
            let share = hit.share().map(|s| (s * 1000.0).round() / 10.0);
            Some(if hit.contains {
                (
                    Relation::Dedans,
                    concat(&["Ce lieu est dans l'emprise de cet(te) ", noun, &approx, "."]),
                )
            } else if hit.intersects {
                let s = share
                    .map(|s| format!(" sur {s} % de sa surface"))
                    .unwrap_or_default();
                (
                    Relation::Intersecte,
                    concat(&["Ce lieu recoupe cet(te) ", noun, &s, &approx, "."]),
                )
            } else {
                (
                    Relation::AProximite,
                    concat(&["À ", &metres(distance), " m de ce lieu", &approx, "."]),
                )
            })
        }
    }
}

/// The quartier's name for the reasons: « Le Perrier - … », or its code when unknown.
pub fn perimeter_name(t: &Territory, code: &str) -> String {
    t.perimeters
        .features()
        .iter()
        .find(|p| p.props.code == code)
        .map_or(code.to_string(), |p| format!("« {} »", p.props.name))
}

/// The place sentence of a feature placed on quartier `name`, where the place is; `inferred`:
/// what the placement was inferred from, for one the source does not state.
pub fn in_perimeter_reason(name: &str, inferred: Option<&str>) -> String {
    match inferred {
        None => format!("Dans le quartier {name}, où se trouve ce lieu ; son emplacement précis n'est pas publié."),
        Some(from) => format!(
            "Rattaché au quartier {name}, où se trouve ce lieu {}.",
            inferred_note(from)
        ),
    }
}

/// [`in_perimeter_reason`] for a place `distance_m` from the quartier.
pub fn near_perimeter_reason(name: &str, distance_m: f64, inferred: Option<&str>) -> String {
    let distance = round_m(distance_m);
    match inferred {
        None => format!("Dans le quartier {name}, à {distance} m de ce lieu ; son emplacement précis n'est pas publié."),
        Some(from) => format!(
            "Rattaché au quartier {name}, à {distance} m de ce lieu {}.",
            inferred_note(from)
        ),
    }
}

/// The place sentence of a feature that concerns communes: their names, and why no more is
/// said.
pub fn commune_reason(
    t: &Territory,
    communes: &[String],
    through_perimeter: Option<&str>,
    inferred: Option<&str>,
) -> String {
    let names: Vec<&str> = communes
        .iter()
        .filter_map(|insee| {
            t.manifest
                .communes
                .iter()
                .find(|c| &c.insee == insee)
                .map(|c| c.name.as_str())
        })
        .collect();
    let names = names.join(", ");
    match (through_perimeter, inferred) {
        (Some(name), None) => format!(
            "Dans le quartier {name}, dont le périmètre n'est pas publié ; il est dans la commune de ce lieu ({names})."
        ),
        (Some(name), Some(from)) => format!(
            "Rattaché au quartier {name}, dont le périmètre n'est pas publié ; il est dans la commune de ce lieu ({names}) {}.",
            inferred_note(from)
        ),
        (None, None) => format!(
            "Concerne la commune de ce lieu ({names}) ; son emplacement précis n'est pas connu."
        ),
        (None, Some(from)) => format!(
            "Rattaché à la commune de ce lieu ({names}) {}.",
            inferred_note(from)
        ),
    }
}

/// The place sentence of a feature that concerns the whole territory.
pub fn territory_reason(t: &Territory, inferred: Option<&str>) -> String {
    match inferred {
        None => format!("Concerne l'ensemble du territoire ({}).", t.manifest.name),
        Some(from) => format!(
            "Rattaché à l'ensemble du territoire ({}) {}.",
            t.manifest.name,
            inferred_note(from)
        ),
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_string())
}
