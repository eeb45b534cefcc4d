//! The territories collection publishes each territory's programmes, so clients (the web map's
//! filters and answer) can show a programme's name where the data only carry its id.

// Not every helper of the shared fixture is used here.
#[allow(dead_code)]
mod common;

use common::{get, state};
use serde_json::Value;

#[tokio::test]
async fn territories_carry_their_programmes_with_names() {
    let a = get(&state(), "/collections/territoires/items").await;
    assert_eq!(a.status, 200);
    let doc = a.json();
    let annemasse = doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["properties"]["territoire"] == "annemasse-agglo")
        .expect("the Annemasse Agglo boundary");
    let programmes = annemasse["properties"]["programmes"]
        .as_array()
        .expect("programmes is an array");
    let name = |id: &str| -> Option<&str> {
        programmes
            .iter()
            .find(|p| p["id"] == id)
            .and_then(|p| p["nom"].as_str())
    };
    // The manifest's three programmes, named as data/territories/annemasse-agglo/territory.toml does.
    assert_eq!(programmes.len(), 3);
    assert_eq!(
        name("cdv-2015-2022"),
        Some("Contrat de Ville de l'agglomération annemassienne 2015-2022")
    );
    assert!(name("npnru-perrier").is_some_and(|n| n.starts_with("NPNRU Perrier")));
    assert!(name("anah-copro-qpv").is_some_and(|n| n.contains("Anah")));
    let cdv = programmes
        .iter()
        .find(|p| p["id"] == "cdv-2015-2022")
        .unwrap();
    assert_eq!(cdv["annee_debut"], 2015);
    assert_eq!(cdv["annee_fin"], 2022);
}

#[tokio::test]
async fn territories_carry_their_freshness_threshold() {
    // The map's popups judge a tile's status with it (issue 27): territory.toml's
    // `[freshness] stale_after_years`, 2 for every bundled territory.
    let a = get(&state(), "/collections/territoires/items").await;
    assert_eq!(a.status, 200);
    let doc = a.json();
    let features = doc["features"].as_array().expect("features");
    assert!(!features.is_empty());
    for f in features {
        assert_eq!(
            f["properties"]["statut_ancien_apres_ans"], 2,
            "{}",
            f["properties"]["territoire"]
        );
    }
}

#[tokio::test]
async fn programmes_are_not_a_queryable_property() {
    // An array of objects cannot be filtered with `?name=value`.
    let a = get(&state(), "/collections/territoires/queryables").await;
    assert_eq!(a.status, 200);
    let doc: Value = a.json();
    assert!(doc["properties"].get("programmes").is_none(), "{doc}");
    assert!(doc["properties"].get("nom").is_some(), "{doc}");
}
