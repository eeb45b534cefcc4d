//! The OGC collections of the national references ([`geodata::france`], issue 25): contracts,
//! programmes per commune, funded posts and stations, built once per data version like the
//! layers' collections. None reads the commune contours: they are decoded on a thread after
//! the start, and waiting for them here would delay it. Ids, titles and descriptions come from
//! [`ReferenceId`]; each feature says its source, licence and how precise its geometry is.
//! `/impacts` links to these items by collection and id: keep the ids as they are.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use geo::{BoundingRect, Geometry};
use geodata::contract::ReferenceId;
use geodata::france::{Dispositif, France, Post, Source, STATIONS_FETCHED};
use geodata::national::National;
use serde_json::{json, Map, Value};

use super::collection::{assemble, Collection, Item, Kind};

/// The collections of the national references, or none when they are not loaded.
pub fn collections(national: &National) -> Vec<Collection> {
    let france = &national.france;
    if !france.is_loaded() {
        return Vec::new();
    }
    let qpv_codes: Vec<&str> = national
        .qpv
        .features()
        .iter()
        .map(|f| f.props.code.as_str())
        .collect();
    ReferenceId::ALL
        .into_iter()
        .map(|r| {
            let items = match r {
                ReferenceId::Contrats => contracts(france, &qpv_codes),
                ReferenceId::Programmes => programmes(france),
                ReferenceId::Postes => posts(france),
                ReferenceId::Gares => stations(france),
            };
            collection(r, items)
        })
        .collect()
}

fn collection(r: ReferenceId, items: Vec<Item>) -> Collection {
    let kind = Kind {
        id: r.as_str(),
        title: r.title(),
        description: r.description(),
        temporal: false,
        spatial: r.is_geographic(),
        tiled: false,
    };
    let mut c = assemble(kind, items);
    for q in &mut c.queryables {
        if let Some(d) = r.field_description(&q.name) {
            q.schema["description"] = Value::String(d.into());
        }
    }
    c
}

fn item(id: String, properties: Map<String, Value>, geometry: Option<Geometry<f64>>) -> Item {
    Item {
        id,
        bbox: geometry.as_ref().and_then(|g| g.bounding_rect()),
        properties,
        geometry,
        period: None,
        geojson: Default::default(),
    }
}

/// The source's label and licence as the two properties every reference feature carries.
fn cite(p: &mut Map<String, Value>, source: Source) {
    p.insert("source".into(), source.label().into());
    p.insert("licence".into(), source.licence().into());
}

/// `Some` text as a string, `None` as null.
fn text(v: Option<&str>) -> Value {
    v.map_or(Value::Null, Value::from)
}

/// The value of a dispositif in the files and in the filters (`adulte_relais`, `fonjep`).
fn dispositif(d: Dispositif) -> &'static str {
    match d {
        Dispositif::AdulteRelais => "adulte_relais",
        Dispositif::Fonjep => "fonjep",
    }
}

/// The property counting a contract's published post rows of one kind and year.
fn count_key(d: Dispositif, year: u16) -> String {
    format!("postes_{}_{year}", dispositif(d))
}

/// Each contract: its published rows, the QPVs reached through its communes, and its post rows
/// counted per kind and year (every contract has every count, 0 included, so each is one
/// integer queryable: `postes_fonjep_2025 > 5`).
fn contracts(france: &France, qpv_codes: &[&str]) -> Vec<Item> {
    let mut quartiers: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for &code in qpv_codes {
        for link in france.qpv(code).map_or(&[][..], |q| &q.links) {
            quartiers
                .entry(link.code_cv.as_str())
                .or_default()
                .insert(code);
        }
    }
    let kinds: BTreeSet<(Dispositif, u16)> = france
        .contracts()
        .iter()
        .flat_map(|c| france.posts(&c.code_cv))
        .map(|p| (p.dispositif, p.year))
        .collect();
    france
        .contracts()
        .iter()
        .map(|c| {
            let mut p = Map::new();
            let areas = &c.areas;
            let list = |f: fn(&geodata::france::ContractArea) -> &str| -> Value {
                areas.iter().map(f).collect::<Vec<_>>().into()
            };
            let departements: BTreeSet<&str> =
                areas.iter().map(|a| a.departement.as_str()).collect();
            let pop: Option<u64> = areas.iter().filter_map(|a| a.pop_qpv).reduce(|a, b| a + b);
            p.insert("code_cv".into(), c.code_cv.clone().into());
            p.insert("nom".into(), c.name().into());
            p.insert("generation".into(), c.generation.clone().into());
            p.insert("niveaux".into(), list(|a| a.level.as_str()));
            p.insert("codgeo".into(), list(|a| a.codgeo.as_str()));
            p.insert(
                "departements".into(),
                departements.into_iter().collect::<Vec<_>>().into(),
            );
            p.insert("pop_qpv".into(), pop.map_or(Value::Null, Value::from));
            let qs: Vec<&str> = quartiers
                .get(c.code_cv.as_str())
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            p.insert("quartiers".into(), qs.into());
            let rows = france.posts(&c.code_cv);
            p.insert("postes_publies".into(), rows.len().into());
            let mut counts: BTreeMap<(Dispositif, u16), usize> =
                kinds.iter().map(|k| (*k, 0)).collect();
            for post in rows {
                *counts.entry((post.dispositif, post.year)).or_default() += 1;
            }
            for ((d, year), n) in counts {
                p.insert(count_key(d, year), n.into());
            }
            cite(&mut p, c.source());
            item(c.code_cv.clone(), p, None)
        })
        .collect()
}

/// The id of a post row: its source file and row (`adulte-relais-2025.json#12` →
/// `adulte-relais-2025-12`).
pub fn post_id(source_row: &str) -> String {
    source_row.replacen(".json#", "-", 1).replace('#', "-")
}

fn posts(france: &France) -> Vec<Item> {
    let rows = france
        .contracts()
        .iter()
        .flat_map(|c| france.posts(&c.code_cv))
        .chain(france.posts_without_contract());
    rows.map(|post: &Post| {
        let mut p = Map::new();
        let code_cv = Some(post.code_cv.as_str()).filter(|c| !c.is_empty());
        p.insert("code_cv".into(), text(code_cv));
        p.insert("dispositif".into(), dispositif(post.dispositif).into());
        p.insert("annee".into(), post.year.into());
        p.insert("id_poste".into(), post.id_poste.clone().into());
        p.insert("raison_sociale".into(), post.employer.clone().into());
        p.insert("siret".into(), text(post.siret.as_deref()));
        p.insert("montant_publie".into(), json!(post.published_amount));
        p.insert("departement".into(), text(post.insee_dep.as_deref()));
        p.insert("source_ligne".into(), post.source_row.clone().into());
        cite(&mut p, post.source());
        item(post_id(&post.source_row), p, None)
    })
    .collect()
}

/// Why a programme has no geometry.
const PROGRAMME_PLACE: &str = "sans géométrie : le programme concerne toute la commune insee_com";

fn programmes(france: &France) -> Vec<Item> {
    france
        .communes()
        .iter()
        .flat_map(|c| c.programmes.iter().map(move |prog| (c, prog)))
        .map(|(c, prog)| {
            let kind = prog.kind.as_str();
            let id = match &prog.id {
                Some(anct) => format!("{}-{kind}-{anct}", c.insee),
                None => format!("{}-{kind}", c.insee),
            };
            let mut p = Map::new();
            p.insert("insee_com".into(), c.insee.clone().into());
            p.insert("commune".into(), c.name.clone().into());
            p.insert("departement".into(), c.departement.clone().into());
            p.insert("programme".into(), kind.into());
            p.insert("libelle".into(), prog.kind.label().into());
            p.insert("id".into(), text(prog.id.as_deref()));
            p.insert("nom".into(), prog.name.clone().into());
            p.insert("date_signature".into(), text(prog.signed.as_deref()));
            p.insert("code_source".into(), text(prog.source_code.as_deref()));
            p.insert("precision".into(), prog.placement().into());
            p.insert("precision_geometrie".into(), "commune".into());
            p.insert("motif_precision".into(), PROGRAMME_PLACE.into());
            cite(&mut p, prog.source());
            item(id, p, None)
        })
        .collect()
}

fn stations(france: &France) -> Vec<Item> {
    france
        .stations()
        .features()
        .iter()
        .map(|f| {
            let s = &f.props;
            let mut p = Map::new();
            p.insert("nom".into(), s.name.clone().into());
            p.insert("type".into(), s.kind.clone().into());
            p.insert("lignes".into(), s.lines.clone().into());
            p.insert("osm_type".into(), s.osm_type.clone().into());
            p.insert("osm_id".into(), s.osm_id.into());
            cite(&mut p, s.source());
            p.insert("date".into(), STATIONS_FETCHED.into());
            item(
                format!("{}-{}", s.osm_type, s.osm_id),
                p,
                Some(f.geometry.clone()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_ids_name_file_and_row() {
        assert_eq!(
            post_id("adulte-relais-2025.json#12"),
            "adulte-relais-2025-12"
        );
        assert_eq!(post_id("postes-fonjep-2024.json#3"), "postes-fonjep-2024-3");
    }
}
