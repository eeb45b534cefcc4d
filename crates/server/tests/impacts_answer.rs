//! The tiered answer over HTTP: compact by default, complete on request, the same totals in
//! both; quartiers, communes and îlots as places; the links of a compact answer lead to the
//! lists it only counts.

#[allow(dead_code)] // not every helper of the shared fixture is used here
mod common;

use common::{get, get_ok, state};
use geodata::impacts::Group;
use serde_json::Value;

const PERRIER: &str = "/impacts?lon=6.2438&lat=46.1856";

fn scope<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["portees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["portee"] == name)
        .unwrap_or_else(|| panic!("no scope {name}: {}", doc["portees"]))
}

#[tokio::test]
async fn le_perrier_compact_is_under_30_kb_and_complete_keeps_everything() {
    let s = state();
    let compact = get(&s, PERRIER).await;
    assert_eq!(compact.status, 200, "{}", compact.text());
    assert!(compact.body.len() <= 30_000, "{} bytes", compact.body.len());
    let full = get(&s, &format!("{PERRIER}&detail=complet")).await;
    assert_eq!(full.status, 200);
    let (c, f) = (compact.json(), full.json());
    assert_eq!(c["detail"], "resume");
    assert_eq!(f["detail"], "complet");
    assert_eq!(c["totaux"], f["totaux"]);
    let all_listed: usize = Group::ALL
        .iter()
        .map(|g| f[g.key()].as_array().unwrap().len())
        .sum();
    assert_eq!(f["totaux"]["total"].as_u64().unwrap() as usize, all_listed);
    assert!(f["actions"].as_array().unwrap().len() > 100);
    assert!(
        c["actions"].as_array().unwrap().is_empty(),
        "actions are counted, not listed"
    );
    assert!(
        scope(&c, "territoire")["groupes"]["actions"]["total"]
            .as_u64()
            .unwrap()
            > 100
    );
}

#[tokio::test]
async fn the_links_of_the_compact_answer_list_what_it_counts() {
    let s = state();
    let c = get(&s, PERRIER).await.json();
    for name in ["commune", "territoire"] {
        let group = &scope(&c, name)["groupes"]["actions"];
        let link = group["lien"].as_str().unwrap();
        let listed = get(&s, &format!("/{link}")).await;
        assert_eq!(listed.status, 200, "{link}: {}", listed.text());
        let doc = listed.json();
        let actions = doc["actions"].as_array().unwrap();
        assert_eq!(
            actions.len() as u64,
            group["total"].as_u64().unwrap(),
            "{link}"
        );
        assert!(actions
            .iter()
            .all(|a| a["portee"] == name && a["detail"].is_string()));
    }
    // Each compact item links to itself in the OGC API.
    let op = &c["operations"][0];
    let item = get(&s, &format!("/{}", op["lien"].as_str().unwrap())).await;
    assert_eq!(item.status, 200, "{}", op["lien"]);
    assert_eq!(item.json()["properties"]["titre"], op["titre"]);
}

#[tokio::test]
async fn a_quartier_by_its_code_is_answered_like_a_place() {
    let s = state();
    let doc = get_ok(&s, "/impacts?quartier=QN07401M").await;
    assert_eq!(doc["lieu"]["objet"]["type"], "quartier");
    assert_eq!(
        doc["lieu"]["objet"]["nom"],
        "Le Perrier - Château Rouge - Livron"
    );
    assert_eq!(doc["perimetres"][0]["verdict"], "dedans");
    let ops = doc["operations"].as_array().unwrap();
    assert!(ops.len() >= 10 && ops.iter().all(|o| o["portee"] == "ici"));
    // A national QPV far from every territory.
    let alencon = get(&s, "/impacts?quartier=QN06101M").await;
    assert_eq!(alencon.status, 200, "{}", alencon.text());
    assert_eq!(alencon.json()["perimetres"][0]["code"], "QN06101M");
}

#[tokio::test]
async fn a_commune_and_an_ilot_are_places_too() {
    let s = state();
    let doc = get_ok(&s, "/impacts?commune=74133").await;
    assert_eq!(doc["lieu"]["objet"]["nom"], "Gaillard");
    assert_eq!(
        scope(&doc, "commune")["libelle"],
        "Dans la commune de Gaillard"
    );
    // The îlot keeps the warning that its outline is not published.
    let ilot = get(&s, "/impacts?ilot=ilot-gauguin").await.json();
    assert!(ilot["avertissements"][0]
        .as_str()
        .unwrap()
        .contains("plus large"));
    assert_eq!(ilot["lieu"]["objet"]["type"], "ilot");
}
