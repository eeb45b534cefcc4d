//! Four territories behind one server (the bundled data): every `/impacts` answer — at a point
//! of each of their quartiers, for each commune hosting one, and the commune and territory
//! lists its compact form links to — holds the items of the territory the place is in (and the
//! national layer's), never another territory's.

#[allow(dead_code)] // not every helper of the shared fixture is used here
mod common;

use common::{get, state, CATALOG};
use geo::InteriorPoint;
use serde_json::Value;

const GROUPS: [&str; 5] = [
    "operations",
    "equipements",
    "actions",
    "centralites",
    "corridors",
];

/// Panics unless `doc` answers about `slug` alone; returns how many items it lists.
fn only_of(doc: &Value, slug: &str, at: &str) -> usize {
    let slugs: Vec<&str> = doc["territoires"]
        .as_array()
        .unwrap_or_else(|| panic!("{at}: not an answer: {doc}"))
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, [slug], "{at}");
    let mut listed = 0;
    for group in GROUPS {
        for item in doc[group].as_array().unwrap() {
            assert_eq!(item["territoire"], slug, "{at}: {group} {}", item["id"]);
            listed += 1;
        }
    }
    for p in doc["perimetres"].as_array().unwrap() {
        assert!(
            p["territoire"].is_null() || p["territoire"] == slug,
            "{at}: perimeter {} of {}",
            p["code"],
            p["territoire"]
        );
    }
    for scope in doc["portees"].as_array().unwrap() {
        if let Some(t) = scope.get("territoire") {
            assert_eq!(t["slug"], slug, "{at}: scope {}", scope["portee"]);
        }
    }
    listed
}

/// Follows a scope's link: the complete list names `slug` alone, holds items of that scope only,
/// and as many as the scope counts.
async fn follow(scope: &Value, link: &str, slug: &str, at: &str) {
    let linked = answer(&format!("/{link}")).await;
    let at = format!("{at}, {link}");
    let n = only_of(&linked, slug, &at);
    for group in GROUPS {
        for item in linked[group].as_array().unwrap() {
            assert_eq!(
                item["portee"], scope["portee"],
                "{at}: {group} {} of another scope",
                item["id"]
            );
        }
    }
    assert_eq!(
        n as u64 + scope["groupes"]["perimetres"]["total"].as_u64().unwrap(),
        scope["total"].as_u64().unwrap(),
        "{at}: lists what the scope counts"
    );
}

async fn answer(uri: &str) -> Value {
    let a = get(&state(), uri).await;
    assert_eq!(a.status, 200, "{uri}: {}", a.text());
    a.json()
}

#[tokio::test]
async fn a_point_in_each_quartier_is_answered_by_its_own_territory_alone() {
    assert_eq!(CATALOG.territories.len(), 4);
    for territory in &CATALOG.territories {
        let slug = territory.slug();
        let mut listed = 0;
        for perimeter in territory.perimeters.features() {
            let p = perimeter
                .geometry
                .interior_point()
                .expect("a quartier has an interior");
            let place = format!("/impacts?lon={:.6}&lat={:.6}", p.x(), p.y());
            let at = format!("{slug}, {} ({place})", perimeter.props.code);
            let complete = answer(&format!("{place}&detail=complet")).await;
            listed += only_of(&complete, slug, &at);
            assert!(
                complete["perimetres"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|q| q["code"] == perimeter.props.code.as_str()),
                "{at}: its quartier is not in the answer"
            );
            // The lists the compact answer only counts, followed by their links.
            let compact = answer(&place).await;
            only_of(&compact, slug, &at);
            for scope in compact["portees"].as_array().unwrap() {
                let Some(link) = scope["lien"].as_str() else {
                    continue;
                };
                follow(scope, link, slug, &at).await;
            }
        }
        assert!(listed > 0, "{slug}: no answer held any of its items");
    }
}

#[tokio::test]
async fn a_commune_of_each_territory_lists_its_own_territory_alone() {
    for territory in &CATALOG.territories {
        let slug = territory.slug();
        let mut hosts: Vec<&str> = territory
            .perimeters
            .features()
            .iter()
            .flat_map(|p| p.props.communes.iter().map(String::as_str))
            .collect();
        hosts.sort_unstable();
        hosts.dedup();
        assert!(!hosts.is_empty(), "{slug}: no commune hosts a quartier");
        let mut listed = 0;
        for insee in hosts {
            let at = format!("{slug}, commune {insee}");
            let doc = answer(&format!("/impacts?commune={insee}&detail=complet")).await;
            assert_eq!(doc["lieu"]["objet"]["code"], insee, "{at}");
            listed += only_of(&doc, slug, &at);
            let commune = doc["portees"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["portee"] == "commune")
                .unwrap_or_else(|| panic!("{at}: no commune scope"));
            assert!(
                commune["communes"]
                    .as_array()
                    .is_some_and(|cs| cs.iter().any(|c| c["insee"] == insee)),
                "{at}: commune scope {commune}"
            );
            let compact = answer(&format!("/impacts?commune={insee}")).await;
            let commune = compact["portees"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["portee"] == "commune")
                .unwrap_or_else(|| panic!("{at}: no commune scope in the compact answer"));
            let link = commune["lien"]
                .as_str()
                .unwrap_or_else(|| panic!("{at}: commune scope without a link"));
            follow(commune, link, slug, &at).await;
        }
        assert!(
            listed > 0,
            "{slug}: no commune answer held any of its items"
        );
    }
}
