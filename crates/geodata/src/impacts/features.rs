//! Operations, equipment, centralities and corridors around a place.

use super::answer::{Impact, Relation};
use super::perimeters::round_m;
use super::probe::{hits, Hit, Place};
use crate::layer::Layer;
use crate::model::{FeatureProps, FuzzyDate, GeometryPrecision};
use crate::territory::Territory;

/// What an answer says of a feature beyond its placement.
#[derive(Default)]
struct Details {
    kind: String,
    status: Option<String>,
    start: Option<FuzzyDate>,
    end: Option<FuzzyDate>,
    owner: Option<String>,
    amount_eur: Option<f64>,
    dwellings: Option<u32>,
}

pub fn operations(t: &Territory, place: &Place) -> Vec<Impact> {
    collect(
        t,
        &t.operations,
        place,
        t.manifest.radii.operation_m,
        "opération",
        |o| Details {
            kind: o.kind.label_fr().to_string(),
            status: Some(o.status.label_fr().to_string()),
            start: o.start,
            end: o.end,
            owner: non_empty(&o.owner),
            amount_eur: o.cost_eur,
            dwellings: o.dwellings,
        },
    )
}

pub fn equipment(t: &Territory, place: &Place) -> Vec<Impact> {
    collect(
        t,
        &t.equipment,
        place,
        t.manifest.radii.equipment_m,
        "équipement",
        |e| Details {
            kind: e.kind.clone(),
            status: Some(e.status.label_fr().to_string()),
            ..Details::default()
        },
    )
}

pub fn centralities(t: &Territory, place: &Place) -> Vec<Impact> {
    collect(
        t,
        &t.centralities,
        place,
        t.manifest.radii.centrality_m,
        "centralité",
        |c| Details {
            kind: c.level.clone(),
            ..Details::default()
        },
    )
}

pub fn corridors(t: &Territory, place: &Place) -> Vec<Impact> {
    collect(
        t,
        &t.corridors,
        place,
        t.manifest.radii.corridor_m,
        "corridor écologique",
        |c| Details {
            kind: [c.kind.as_str(), c.subnetwork.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            ..Details::default()
        },
    )
}

fn collect<P: FeatureProps>(
    t: &Territory,
    layer: &Layer<P>,
    place: &Place,
    radius_m: f64,
    noun: &str,
    details: impl Fn(&P) -> Details,
) -> Vec<Impact> {
    hits(layer, place, radius_m)
        .into_iter()
        .filter_map(|hit| {
            let props = &layer.features()[hit.feature].props;
            let (relation, reason) = relate(t, props, &hit, noun)?;
            let d = details(props);
            let dates = match (d.start, d.end) {
                (Some(s), Some(e)) if s == e => Some(s.label_fr()),
                (Some(s), Some(e)) => Some(format!("{} → {}", s.label_fr(), e.label_fr())),
                (Some(s), None) => Some(format!("à partir de {}", s.label_fr())),
                (None, Some(e)) => Some(format!("jusqu'à {}", e.label_fr())),
                (None, None) => None,
            };
            Some(Impact {
                territoire: t.slug().to_string(),
                id: props.id().to_string(),
                titre: props.title().to_string(),
                kind: d.kind,
                relation,
                distance_m: round_m(hit.distance_m),
                part_surface: hit.share.filter(|_| hit.intersects),
                statut: d.status,
                date_debut: d.start,
                date_fin: d.end,
                dates,
                maitre_ouvrage: d.owner,
                montant_eur: d.amount_eur,
                logements: d.dwellings,
                precision_geometrie: props.placement().precision,
                motif_precision: props.placement().reason.clone(),
                source: props.source().clone(),
                raison: reason,
            })
        })
        .collect()
}

/// The relation follows from what is known of the feature's position: a feature only known
/// to lie in a perimeter is "in the same quartier", never "here".
fn relate<P: FeatureProps>(
    t: &Territory,
    props: &P,
    hit: &Hit,
    noun: &str,
) -> Option<(Relation, String)> {
    let placement = props.placement();
    let distance = round_m(hit.distance_m);
    let share = hit.share.map(|s| (s * 1000.0).round() / 10.0);
    match placement.precision {
        GeometryPrecision::Exact | GeometryPrecision::Approximate => {
            let approx = if placement.precision == GeometryPrecision::Approximate {
                " (position approximative)"
            } else {
                ""
            };
            Some(if hit.contains {
                (
                    Relation::Dedans,
                    format!("Ce lieu est dans l'emprise de cet(te) {noun}{approx}."),
                )
            } else if hit.intersects {
                let s = share
                    .map(|s| format!(" sur {s} % de sa surface"))
                    .unwrap_or_default();
                (
                    Relation::Intersecte,
                    format!("Ce lieu recoupe cet(te) {noun}{s}{approx}."),
                )
            } else {
                (
                    Relation::AProximite,
                    format!("À {distance} m de ce lieu{approx}."),
                )
            })
        }
        GeometryPrecision::Perimeter => {
            let code = placement.perimeter.as_deref().unwrap_or("?");
            let name = t
                .perimeters
                .features()
                .iter()
                .find(|p| p.props.code == code)
                .map_or(code.to_string(), |p| format!("« {} »", p.props.name));
            Some(if hit.intersects {
                (
                    Relation::MemePerimetre,
                    format!("Prévu(e) dans le quartier {name}, où se trouve ce lieu ; son emplacement précis n'est pas publié."),
                )
            } else {
                (
                    Relation::AProximite,
                    format!("Prévu(e) dans le quartier {name}, à {distance} m de ce lieu ; son emplacement précis n'est pas publié."),
                )
            })
        }
        GeometryPrecision::Commune => hit.intersects.then(|| {
            let names: Vec<&str> = props
                .communes()
                .iter()
                .filter_map(|insee| {
                    t.manifest
                        .communes
                        .iter()
                        .find(|c| &c.insee == insee)
                        .map(|c| c.name.as_str())
                })
                .collect();
            (
                Relation::MemeCommune,
                format!(
                    "Concerne la commune de ce lieu ({}) ; son emplacement précis n'est pas connu.",
                    names.join(", ")
                ),
            )
        }),
        GeometryPrecision::Territory => hit.intersects.then(|| {
            (
                Relation::Territoire,
                format!("Concerne l'ensemble du territoire ({}).", t.manifest.name),
            )
        }),
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_string())
}
