//! OGC API – Features behaviour over the repository's data: documents, paging, filters, CRS.

mod common;

use std::collections::HashSet;

use common::{get, get_ok, state, CATALOG};
use geodata::contract::{LayerId, ReferenceId};
use serde_json::Value;

const L93: &str = "http://www.opengis.net/def/crs/EPSG/0/2154";
const E4326: &str = "http://www.opengis.net/def/crs/EPSG/0/4326";

fn rels(doc: &Value) -> Vec<String> {
    doc["links"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["rel"].as_str().map(String::from))
        .collect()
}

fn link(doc: &Value, rel: &str) -> Option<String> {
    doc["links"]
        .as_array()?
        .iter()
        .find(|l| l["rel"] == rel)
        .and_then(|l| l["href"].as_str())
        .map(String::from)
}

/// The path and query of an absolute link of the test host.
fn local(href: &str) -> String {
    href.strip_prefix("http://test.local")
        .unwrap_or_else(|| panic!("link not on the request's host: {href}"))
        .to_string()
}

#[tokio::test]
async fn landing_links_what_qgis_needs() {
    let a = get(&state(), "/").await;
    assert_eq!(a.status, 200);
    let doc = a.json();
    for rel in ["self", "service-desc", "conformance", "data"] {
        assert!(rels(&doc).iter().any(|r| r == rel), "missing {rel}");
    }
    assert_eq!(
        link(&doc, "service-desc").as_deref(),
        Some("http://test.local/api")
    );
}

#[tokio::test]
async fn conformance_lists_part1_part2() {
    let doc = get(&state(), "/conformance").await.json();
    let classes: Vec<&str> = doc["conformsTo"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for c in [
        "conf/core",
        "conf/geojson",
        "conf/oas30",
        "conf/html",
        "features-2/1.0/conf/crs",
    ] {
        assert!(
            classes.iter().any(|x| x.ends_with(c) || x.contains(c)),
            "{c}"
        );
    }
}

#[tokio::test]
async fn collections_follow_the_contract_with_extent_and_crs() {
    let doc = get(&state(), "/collections").await.json();
    let list = doc["collections"].as_array().expect("collections");
    let ids: Vec<&str> = list.iter().filter_map(|c| c["id"].as_str()).collect();
    let references = ReferenceId::ALL.map(ReferenceId::as_str);
    assert_eq!(ids, [&LayerId::names()[..], &references[..]].concat());
    for c in list {
        assert_eq!(
            c["storageCrs"],
            "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
        );
        let id = c["id"].as_str().unwrap_or("");
        let nonempty = !matches!(
            id,
            "corridors" | "actions" | "contrats" | "programmes" | "postes"
        );
        if nonempty {
            let bbox = &c["extent"]["spatial"]["bbox"][0];
            assert_eq!(bbox.as_array().map(Vec::len), Some(4), "{id}");
            let crs: Vec<&str> = c["crs"]
                .as_array()
                .expect("crs")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert!(crs.contains(&L93) && crs.contains(&E4326), "{id}: {crs:?}");
        }
        assert!(rels(c).iter().any(|r| r == "items"), "{id}");
    }
    let ops = get(&state(), "/collections/operations").await.json();
    let interval = &ops["extent"]["temporal"]["interval"][0];
    assert!(
        interval[0].as_str().is_some_and(|d| d.len() == 10),
        "{interval}"
    );
}

#[tokio::test]
async fn paging_walks_every_qpv_with_exact_counts() {
    let s = state();
    let mut uri = "/collections/qpv/items?limit=400".to_string();
    let mut seen = HashSet::new();
    let mut pages = 0;
    loop {
        let doc = get(&s, &uri).await.json();
        assert_eq!(doc["numberMatched"], 1584);
        let returned = doc["numberReturned"].as_u64().expect("n") as usize;
        let features = doc["features"].as_array().expect("features");
        assert_eq!(features.len(), returned);
        for f in features {
            assert!(seen.insert(f["id"].as_str().expect("id").to_string()));
        }
        pages += 1;
        if pages > 1 {
            assert!(link(&doc, "prev").is_some());
        }
        match link(&doc, "next") {
            Some(next) => uri = local(&next),
            None => break,
        }
    }
    assert_eq!(pages, 4);
    assert_eq!(seen.len(), 1584);
    assert_eq!(seen.len(), CATALOG.national.qpv.len());
}

#[tokio::test]
async fn huge_limit_is_capped_to_the_maximum() {
    let doc = get(
        &state(),
        "/collections/qpv/items?limit=99999999999999999999",
    )
    .await
    .json();
    assert_eq!(doc["numberReturned"], 1584);
    assert!(link(&doc, "next").is_none());
}

fn ids(doc: &Value) -> HashSet<String> {
    doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter_map(|f| f["id"].as_str().map(String::from))
        .collect()
}

#[tokio::test]
async fn bbox_in_crs84_4326_and_lambert93_select_the_same_qpv() {
    let s = state();
    let crs84 = ids(&get(
        &s,
        "/collections/qpv/items?bbox=6.2,46.17,6.3,46.22&limit=100",
    )
    .await
    .json());
    assert!(
        crs84.contains("QN07401M") && crs84.contains("QN07402M"),
        "{crs84:?}"
    );
    let swapped = ids(&get(
        &s,
        &format!("/collections/qpv/items?bbox=46.17,6.2,46.22,6.3&bbox-crs={E4326}&limit=100"),
    )
    .await
    .json());
    assert_eq!(crs84, swapped);
    // The same box's corners in Lambert-93 (cs2cs EPSG:4326 EPSG:2154), slightly larger
    // once its curved edges are enveloped: the QPV inside must all come back.
    let l93 = ids(&get(
        &s,
        &format!(
            "/collections/qpv/items?bbox=946000,6565000,955000,6572500&bbox-crs={L93}&limit=100"
        ),
    )
    .await
    .json());
    assert!(
        l93.contains("QN07401M") && l93.contains("QN07402M"),
        "{l93:?}"
    );
    let far = ids(&get(&s, "/collections/qpv/items?bbox=-5,48,-4.9,48.1")
        .await
        .json());
    assert!(far.is_disjoint(&crs84));
}

/// A box whose west edge is east of its east edge crosses the antimeridian (OGC API –
/// Features 1, 7.15.3): from 6.2° E eastwards round the globe to 170° W.
#[tokio::test]
async fn bbox_crossing_the_antimeridian_wraps_round() {
    let s = state();
    let wrapped = ids(&get(
        &s,
        "/collections/qpv/items?bbox=6.2,46.17,-170,46.22&limit=100",
    )
    .await
    .json());
    assert!(
        wrapped.contains("QN07401M") && wrapped.contains("QN07402M"),
        "{wrapped:?}"
    );
    // Lyon's QPV (west of 6.2° E) are outside that box.
    let lyon = ids(&get(
        &s,
        "/collections/qpv/items?bbox=4.8,45.7,4.95,45.8&limit=100",
    )
    .await
    .json());
    assert!(!lyon.is_empty() && lyon.is_disjoint(&wrapped), "{lyon:?}");
}

fn first_coord(doc: &Value) -> (f64, f64) {
    let mut c = &doc["geometry"]["coordinates"];
    while c[0].is_array() {
        c = &c[0];
    }
    (c[0].as_f64().expect("x"), c[1].as_f64().expect("y"))
}

#[tokio::test]
async fn output_crs_changes_coordinates_and_says_so() {
    let s = state();
    let base = "/collections/qpv/items/QN07401M";
    let a = get(&s, base).await;
    assert_eq!(
        a.header("content-crs"),
        "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
    );
    let (lon, lat) = first_coord(&a.json());
    let b = get(&s, &format!("{base}?crs={E4326}")).await;
    assert_eq!(b.header("content-crs"), format!("<{E4326}>"));
    assert_eq!(first_coord(&b.json()), (lat, lon));
    let c = get(&s, &format!("{base}?crs={L93}")).await;
    assert_eq!(c.header("content-crs"), format!("<{L93}>"));
    let (e, n) = first_coord(&c.json());
    // Annemasse lies around E 949 500, N 6 571 000 in Lambert-93.
    assert!(
        (940_000.0..960_000.0).contains(&e) && (6_560_000.0..6_580_000.0).contains(&n),
        "{e} {n}"
    );
    let back = server::crs::from_crs(geo::Coord { x: e, y: n }, server::crs::Crs::Lambert93)
        .expect("proj");
    assert!((back.x - lon).abs() < 1e-8 && (back.y - lat).abs() < 1e-8);
    let items = get(&s, &format!("/collections/qpv/items?limit=1&crs={L93}")).await;
    assert_eq!(items.header("content-crs"), format!("<{L93}>"));
    assert_eq!(items.header("content-type"), "application/geo+json");
}

#[tokio::test]
async fn property_filters_and_commune_alias() {
    let s = state();
    let doc = get(
        &s,
        "/collections/operations/items?statut=programm%C3%A9&limit=1000",
    )
    .await
    .json();
    let features = doc["features"].as_array().expect("features");
    assert!(!features.is_empty());
    assert!(features
        .iter()
        .all(|f| f["properties"]["statut"] == "programmé"));
    let all = get(&s, "/collections/operations/items?limit=1000")
        .await
        .json();
    assert!(doc["numberMatched"].as_u64() < all["numberMatched"].as_u64());
    let gaillard = get(&s, "/collections/communes/items?commune=74133")
        .await
        .json();
    assert_eq!(gaillard["numberMatched"], 1);
    assert_eq!(gaillard["features"][0]["properties"]["nom"], "Gaillard");
    let by_code = get(&s, "/collections/qpv/items?code=QN07401M").await.json();
    assert_eq!(by_code["numberMatched"], 1);
    let q = get(&s, "/collections/operations/queryables").await;
    assert_eq!(q.header("content-type"), "application/schema+json");
    let props = &q.json()["properties"];
    assert_eq!(props["statut"]["type"], "string");
    assert!(
        props.get("financements").is_none(),
        "objects are not queryable"
    );
}

#[tokio::test]
async fn datetime_keeps_overlapping_operations_only() {
    let s = state();
    let all = get(&s, "/collections/operations/items?limit=1000")
        .await
        .json();
    let recent = get(
        &s,
        "/collections/operations/items?datetime=2027-01-01/..&limit=1000",
    )
    .await
    .json();
    let n_all = all["numberMatched"].as_u64().expect("n");
    let n_recent = recent["numberMatched"].as_u64().expect("n");
    assert!(n_recent > 0 && n_recent < n_all, "{n_recent} of {n_all}");
    for f in recent["features"].as_array().expect("features") {
        let end = f["properties"]["date_fin"].as_str();
        if let Some(end) = end {
            assert!(end >= "2027", "{} ends {end}", f["id"]);
        }
    }
}

#[tokio::test]
async fn single_features_of_territory_layers_and_actions() {
    let s = state();
    let doc = get_ok(&s, "/collections/ilots/items/annemasse-agglo:ilot-gauguin").await;
    assert_eq!(doc["properties"]["territoire"], "annemasse-agglo");
    assert!(rels(&doc).iter().any(|r| r == "collection"));
    let actions = get(&s, "/collections/actions/items?limit=1").await.json();
    let f = &actions["features"][0];
    assert!(f["geometry"].is_null());
    let id = f["id"].as_str().expect("id");
    let one = get(
        &s,
        &format!("/collections/actions/items/{}", id.replace(' ', "%20")),
    )
    .await;
    assert_eq!(one.status, 200);
}

#[tokio::test]
async fn html_for_browsers_json_for_clients() {
    let s = state();
    let page = common::call(
        &s,
        axum::http::Request::get("/collections")
            .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .body(axum::body::Body::empty())
            .expect("request"),
    )
    .await;
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(page.text().contains("Quartiers prioritaires 2024"));
    let html = get(&s, "/collections/qpv/items?f=html&limit=2").await;
    assert!(html.text().contains("QN00101M"));
    let root = get(&s, "/?f=html").await;
    assert!(root.text().contains("service-desc"));
}

#[tokio::test]
async fn openapi_describes_every_collection() {
    let a = get(&state(), "/api").await;
    assert!(a
        .header("content-type")
        .starts_with("application/vnd.oai.openapi+json"));
    let doc = a.json();
    assert_eq!(doc["openapi"], "3.0.3");
    for id in LayerId::names() {
        let items = &doc["paths"][format!("/collections/{id}/items")]["get"];
        assert!(
            items["parameters"].as_array().is_some_and(|p| p.len() >= 4),
            "{id}"
        );
    }
    assert!(doc["paths"]["/impacts"]["post"].is_object());
}
