//! The national references as OGC API collections (issue 25): contracts, programmes, posts
//! and stations, with the ids `/impacts` links to, CQL2 and property
//! filters, paging, HTML and no tiles — checked against the loaded references.

mod common;

use std::collections::HashSet;

use common::{get, get_ok, state, CATALOG};
use geo::Geometry;
use geodata::contract::ReferenceId;
use serde_json::Value;

fn ids(doc: &Value) -> Vec<String> {
    doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter_map(|f| f["id"].as_str().map(String::from))
        .collect()
}

/// Every feature of an items request, following `next` links.
async fn every(path: &str) -> (Vec<Value>, u64) {
    let mut doc = get_ok(&state(), path).await;
    let matched = doc["numberMatched"].as_u64().expect("numberMatched");
    let mut features = doc["features"].as_array().expect("features").clone();
    while let Some(next) = doc["links"]
        .as_array()
        .and_then(|l| l.iter().find(|l| l["rel"] == "next"))
        .and_then(|l| l["href"].as_str())
        .map(|h| h.trim_start_matches("http://test.local").to_string())
    {
        doc = get_ok(&state(), &next).await;
        features.extend(
            doc["features"]
                .as_array()
                .expect("features")
                .iter()
                .cloned(),
        );
    }
    (features, matched)
}

#[tokio::test]
async fn references_are_listed_after_the_layers_without_tiles() {
    let doc = get_ok(&state(), "/collections").await;
    let list = doc["collections"].as_array().expect("collections");
    let listed: Vec<&str> = list.iter().filter_map(|c| c["id"].as_str()).collect();
    let references: Vec<&str> = ReferenceId::ALL.iter().map(|r| r.as_str()).collect();
    assert!(listed.ends_with(&references), "{listed:?}");
    for r in ReferenceId::ALL {
        let c = list.iter().find(|c| c["id"] == r.as_str()).expect("listed");
        assert_eq!(c["title"], r.title());
        let rels: Vec<&str> = c["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|l| l["rel"].as_str())
            .collect();
        assert!(
            !rels.iter().any(|r| r.contains("tilesets")),
            "{r}: {rels:?}"
        );
        assert_eq!(c["extent"]["spatial"].is_object(), r.is_geographic(), "{r}");
        // Not a layer of the vector tiles, whether it has geometries or not.
        let tiles = get(&state(), &format!("/collections/{r}/tiles")).await;
        assert_eq!(tiles.status, 404, "{r}");
    }
    let tilejson = get_ok(&state(), "/tiles.json").await;
    let layers: Vec<&str> = tilejson["vector_layers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["id"].as_str())
        .collect();
    let tilesets = get_ok(&state(), "/tiles/WebMercatorQuad").await.to_string();
    // The contracts are drawn at low zoom from the tiles' own `contrats` layer (one inferred
    // point each); the other references are not in the tiles at all.
    assert!(layers.contains(&"contrats"), "{layers:?}");
    for r in references.iter().filter(|r| **r != "contrats") {
        assert!(!layers.contains(r), "{r} in TileJSON");
        assert!(!tilesets.contains(&format!("\"{r}\"")), "{r} in /tiles");
    }
}

#[tokio::test]
async fn every_post_of_a_contract_by_cql2_and_by_property() {
    let france = &CATALOG.national.france;
    let expected = france.posts("CN05903M");
    assert!(expected.len() > 20, "{}", expected.len());
    let (by_cql, matched) =
        every("/collections/postes/items?filter=code_cv%3D%27CN05903M%27&limit=25").await;
    assert_eq!(matched as usize, expected.len());
    assert_eq!(by_cql.len(), expected.len());
    let (by_param, _) = every("/collections/postes/items?code_cv=CN05903M&limit=1000").await;
    assert_eq!(by_param, by_cql);
    for f in &by_cql {
        assert!(f["geometry"].is_null(), "{f}");
        assert_eq!(f["properties"]["code_cv"], "CN05903M");
    }
    // annee=2025 and the CQL2 equivalent keep the same rows.
    let n2025 = expected.iter().filter(|p| p.year == 2025).count();
    let doc = get_ok(
        &state(),
        "/collections/postes/items?code_cv=CN05903M&annee=2025&limit=1",
    )
    .await;
    assert_eq!(doc["numberMatched"].as_u64(), Some(n2025 as u64));
    let doc = get_ok(
        &state(),
        "/collections/postes/items?filter=code_cv%3D%27CN05903M%27%20AND%20annee%3D2025%20AND%20dispositif%3D%27fonjep%27&limit=1",
    )
    .await;
    let fonjep = expected
        .iter()
        .filter(|p| p.year == 2025 && p.dispositif == geodata::france::Dispositif::Fonjep)
        .count();
    assert_eq!(doc["numberMatched"].as_u64(), Some(fonjep as u64));
    // The contract counts the same rows.
    let c = get_ok(&state(), "/collections/contrats/items/CN05903M").await;
    assert_eq!(c["properties"]["postes_publies"], expected.len());
    assert!(c["geometry"].is_null());
    let quartiers = c["properties"]["quartiers"].as_array().expect("quartiers");
    assert!(
        quartiers
            .iter()
            .any(|q| q.as_str().is_some_and(|q| q.starts_with("QN059"))),
        "{quartiers:?}"
    );
}

#[tokio::test]
async fn a_post_row_is_found_by_its_source_row() {
    let f = get_ok(&state(), "/collections/postes/items/adulte-relais-2025-12").await;
    assert_eq!(f["id"], "adulte-relais-2025-12");
    let p = &f["properties"];
    assert_eq!(p["source_ligne"], "adulte-relais-2025.json#12");
    assert_eq!(p["annee"], 2025);
    assert_eq!(p["dispositif"], "adulte_relais");
    assert!(p["montant_publie"].is_number(), "{p}");
    assert_eq!(p["licence"], "Licence Ouverte 2.0");
    // Every post row has one id, and the rows without contract are there too.
    let (all, matched) = every("/collections/postes/items?limit=10000").await;
    let france = &CATALOG.national.france;
    let total: usize = france
        .contracts()
        .iter()
        .map(|c| france.posts(&c.code_cv).len())
        .sum::<usize>()
        + france.posts_without_contract().len();
    assert_eq!(matched as usize, total);
    let distinct: HashSet<&str> = all.iter().filter_map(|f| f["id"].as_str()).collect();
    assert_eq!(distinct.len(), total);
    let without = get_ok(
        &state(),
        "/collections/postes/items?filter=code_cv%20IS%20NULL&limit=1",
    )
    .await;
    assert_eq!(
        without["numberMatched"].as_u64(),
        Some(france.posts_without_contract().len() as u64)
    );
    // montant_publie is described as what it is, in the queryables.
    let q = get_ok(&state(), "/collections/postes/queryables").await;
    let d = q["properties"]["montant_publie"]["description"]
        .as_str()
        .unwrap_or("");
    assert!(d.contains("pas un total annuel"), "{d}");
    assert!(
        q["properties"]["geometry"].is_null(),
        "no spatial queryable"
    );
}

#[tokio::test]
async fn programmes_have_the_ids_impacts_links_to() {
    let france = &CATALOG.national.france;
    for (id, programme, date) in [
        ("74012-acv", "acv", Some("2025-04-17")),
        ("59392-ort", "ort", Some("2019-12-20")),
        ("49007-cite_educative-cite-003", "cite_educative", None),
    ] {
        let f = get_ok(&state(), &format!("/collections/programmes/items/{id}")).await;
        let p = &f["properties"];
        assert_eq!(p["programme"], programme, "{id}");
        assert_eq!(p["date_signature"].as_str(), date, "{id}");
        assert_eq!(p["precision_geometrie"], "commune", "{id}");
        assert!(f["geometry"].is_null(), "{id}");
    }
    let fs = get_ok(
        &state(),
        "/collections/programmes/items?insee_com=59392&programme=france_services",
    )
    .await;
    assert_eq!(
        fs["features"][0]["properties"]["precision"],
        "placé sur la commune (position du bâtiment non publiée)"
    );
    let (all, matched) = every("/collections/programmes/items?limit=10000").await;
    let rows: usize = france.communes().iter().map(|c| c.programmes.len()).sum();
    assert_eq!((all.len(), matched as usize), (rows, rows));
}

#[tokio::test]
async fn stations_by_s_intersects_equal_those_in_the_box() {
    let france = &CATALOG.national.france;
    let (w, s, e, n) = (6.1, 46.1, 6.4, 46.3);
    let mut expected: Vec<String> = france
        .stations()
        .features()
        .iter()
        .filter(|f| match f.geometry {
            Geometry::Point(p) => p.x() > w && p.x() < e && p.y() > s && p.y() < n,
            _ => false,
        })
        .map(|f| format!("{}-{}", f.props.osm_type, f.props.osm_id))
        .collect();
    expected.sort();
    assert!(
        expected.iter().any(|id| id == "node-3457256296"),
        "Annemasse"
    );
    let filter =
        format!("S_INTERSECTS(geometry,POLYGON(({w} {s},{e} {s},{e} {n},{w} {n},{w} {s})))");
    let doc = get_ok(
        &state(),
        &format!(
            "/collections/gares/items?limit=1000&filter={}",
            urlencoding(&filter)
        ),
    )
    .await;
    let mut got = ids(&doc);
    got.sort();
    assert_eq!(got, expected);
    let gare = get_ok(&state(), "/collections/gares/items/node-3457256296").await;
    let p = &gare["properties"];
    assert_eq!(p["nom"], "Annemasse");
    assert_eq!(p["licence"], "ODbL 1.0");
    assert_eq!(p["date"], "2026-05-18");
    assert!(p["source"]
        .as_str()
        .unwrap()
        .starts_with("© les contributeurs d'OpenStreetMap"));
    assert!(p["lignes"].as_array().unwrap().iter().any(|l| l == "L1"));
    assert_eq!(gare["geometry"]["type"], "Point");
}

fn urlencoding(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn refusals_and_html() {
    // No geometry, no spatial filter.
    let a = get(
        &state(),
        "/collections/contrats/items?filter=S_INTERSECTS(geometry%2CPOINT(6%2046))",
    )
    .await;
    assert_eq!(a.status, 400);
    let a = get(&state(), "/collections/postes/items?annee=deux").await;
    assert_eq!(a.status, 400);
    let a = get(&state(), "/collections/contrats/items/CN99999X").await;
    assert_eq!(a.status, 404);
    let page = get(&state(), "/collections/contrats/items/CN05903M?f=html").await;
    assert_eq!(page.status, 200);
    let text = String::from_utf8_lossy(&page.body);
    assert!(
        text.contains("CN05903M") && text.contains("Licence Ouverte"),
        "{text}"
    );
    let list = get(
        &state(),
        "/collections/postes/items?f=html&code_cv=CN05903M",
    )
    .await;
    assert_eq!(list.status, 200);
    let json = get(&state(), "/collections/postes/items?code_cv=CN05903M").await;
    assert_eq!(json.header("content-type"), "application/geo+json");
}
