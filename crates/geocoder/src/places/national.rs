//! The national references' places (`data/france`): every commune and arrondissement municipal
//! of France and every contrat de ville, searchable by name (a contract by its code too). They
//! have no OGC feature: each result says its extent (`bbox`) so the map can frame it, and its
//! code (`identifiant`: INSEE code or `code_cv`) so the map can ask `/impacts` about it.

use std::collections::{BTreeMap, HashMap, HashSet};

use geo::{BoundingRect, Centroid, Contains, Geometry, InteriorPoint, Point, Rect};
use geodata::france::{CommuneKind, France};
use geodata::layer::Layer;
use geodata::model::Perimeter;

use crate::index::{IndexBuilder, Kind, PlaceInfo};

/// What an arrondissement's result says of its extent: the 2018 contours have none of its own.
const ARRONDISSEMENT_EXTENT: &str =
    "arrondissement municipal (sans contour publié : étendue et position de sa commune)";

/// The first commune's code and the names of `codes` the references know, joined.
pub(super) fn commune_names(france: &France, codes: &[String]) -> (String, String) {
    let names: Vec<&str> = codes
        .iter()
        .filter_map(|c| france.commune(c).map(|c| c.name.as_str()))
        .collect();
    (codes.first().cloned().unwrap_or_default(), names.join(", "))
}

/// A commune's label point and extent.
pub(super) type Spot = ((f64, f64), Rect<f64>);

/// A point inside `geometry`: its centroid when inside (a linear test), else geo's interior
/// point (much slower: the sweep it makes over 35,000 contours took tens of seconds).
fn inside_point(geometry: &Geometry<f64>) -> Option<Point<f64>> {
    match geometry.centroid() {
        Some(c) if geometry.contains(&c) => Some(c),
        _ => geometry.interior_point(),
    }
}

/// Every commune's label point and extent, from its contour (computed once: the contracts
/// reuse them).
pub(super) fn commune_spots(france: &France) -> HashMap<&str, Spot> {
    france
        .communes()
        .iter()
        .filter_map(|c| {
            let contour = france.contour(&c.insee)?;
            let point = inside_point(contour)?;
            Some((
                c.insee.as_str(),
                ((point.x(), point.y()), contour.bounding_rect()?),
            ))
        })
        .collect()
}

fn bbox(rect: Rect<f64>) -> [f64; 4] {
    let round = |v: f64| (v * 1e5).round() / 1e5;
    [
        round(rect.min().x),
        round(rect.min().y),
        round(rect.max().x),
        round(rect.max().y),
    ]
}

/// Every commune and arrondissement of France but those of the loaded territories (indexed
/// with their OGC feature already). A commune without a contour (the collectivités
/// d'outre-mer, 7 communes restored since 2018) has no position: left out.
pub(super) fn add_communes(
    builder: &mut IndexBuilder,
    france: &France,
    spots: &HashMap<&str, Spot>,
    local: &HashSet<String>,
) {
    for c in france.communes() {
        if local.contains(&c.insee) {
            continue;
        }
        let arrondissement = c.kind == CommuneKind::ArrondissementMunicipal;
        let own = if arrondissement {
            c.parent.as_deref().unwrap_or_default()
        } else {
            c.insee.as_str()
        };
        let Some(&(point, rect)) = spots.get(own) else {
            continue;
        };
        builder.add_place(
            Kind::Municipality,
            c.insee.clone(),
            c.name.clone(),
            c.insee.clone(),
            String::new(),
            point,
            PlaceInfo {
                territoire: String::new(),
                categorie: if arrondissement {
                    ARRONDISSEMENT_EXTENT.into()
                } else {
                    "commune".into()
                },
                nature: "Commune".into(),
                collection: String::new(),
                identifiant: c.insee.clone(),
                bbox: Some(bbox(rect)),
            },
        );
    }
}

/// Every contrat de ville, named as published (« 49 - CU Angers Loire Métropole »), its code
/// as its city (searchable, shown beside it), placed on its first QPV (else its first
/// commune) and spanning its communes' contours.
pub(super) fn add_contracts(
    builder: &mut IndexBuilder,
    france: &France,
    spots: &HashMap<&str, Spot>,
    qpv: &Layer<Perimeter>,
) {
    // A contract's communes and first QPV, in one pass over each.
    let mut communes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in france.communes() {
        if c.kind == CommuneKind::ArrondissementMunicipal {
            continue; // Its commune holds the same contracts, with a contour.
        }
        for (code, _) in &c.contracts {
            communes.entry(code).or_default().push(&c.insee);
        }
    }
    let mut first_qpv: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for f in qpv.features() {
        let Some(links) = france.qpv(&f.props.code) else {
            continue;
        };
        for link in &links.links {
            if first_qpv.contains_key(link.code_cv.as_str()) {
                continue;
            }
            if let Some(p) = inside_point(&f.geometry) {
                first_qpv.insert(&link.code_cv, (p.x(), p.y()));
            }
        }
    }
    for k in france.contracts() {
        let mut extent: Option<Rect<f64>> = None;
        let mut first_commune = None;
        for insee in communes.get(k.code_cv.as_str()).into_iter().flatten() {
            let Some(&(point, rect)) = spots.get(insee) else {
                continue;
            };
            first_commune.get_or_insert(point);
            extent = Some(match extent {
                None => rect,
                Some(e) => Rect::new(
                    (e.min().x.min(rect.min().x), e.min().y.min(rect.min().y)),
                    (e.max().x.max(rect.max().x), e.max().y.max(rect.max().y)),
                ),
            });
        }
        let Some(point) = first_qpv.get(k.code_cv.as_str()).copied().or(first_commune) else {
            continue; // No commune with a contour (Polynésie française): nowhere to show it.
        };
        let mut names: Vec<&str> = k.areas.iter().map(|a| a.lib_cv.as_str()).collect();
        names.dedup();
        builder.add_place(
            Kind::Poi,
            k.code_cv.clone(),
            names.join(" / "),
            String::new(),
            k.code_cv.clone(),
            point,
            PlaceInfo {
                territoire: String::new(),
                categorie: format!("contrat de ville : {}", k.generation),
                nature: "Contrat de ville".into(),
                collection: String::new(),
                identifiant: k.code_cv.clone(),
                bbox: extent.map(bbox),
            },
        );
    }
}
