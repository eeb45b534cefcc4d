//! OGC API – Features Part 3 (CQL2 filters), sortby, properties and the OGC API – Tiles
//! documents, in process over the repository's data (any number of territories).

mod common;

use common::{get, state};
use serde_json::Value;

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn ids(doc: &Value) -> Vec<String> {
    doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
async fn cql2_text_and_json_select_the_same_operations() {
    let s = state();
    let text = "programme LIKE 'npnru%' AND statut = 'programmé' AND logements > 100";
    let a = get(
        &s,
        &format!(
            "/collections/operations/items?limit=1000&filter={}",
            enc(text)
        ),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    let a = a.json();
    let json = r#"{"op":"and","args":[{"op":"like","args":[{"property":"programme"},"npnru%"]},{"op":"=","args":[{"property":"statut"},"programmé"]},{"op":">","args":[{"property":"logements"},100]}]}"#;
    let b = get(
        &s,
        &format!(
            "/collections/operations/items?limit=1000&filter-lang=cql2-json&filter={}",
            enc(json)
        ),
    )
    .await
    .json();
    assert!(!ids(&a).is_empty());
    assert_eq!(ids(&a), ids(&b));
    for f in a["features"].as_array().expect("features") {
        let p = &f["properties"];
        assert_eq!(p["statut"], "programmé");
        assert!(p["logements"].as_u64().expect("logements") > 100);
        assert!(p["programme"]
            .as_str()
            .expect("programme")
            .starts_with("npnru"));
    }
    assert_eq!(a["numberMatched"].as_u64(), Some(ids(&a).len() as u64));
}

#[tokio::test]
async fn paging_counts_the_filtered_set_and_keeps_the_filter() {
    let s = state();
    let f = enc("statut = 'programmé'");
    let all = get(
        &s,
        &format!("/collections/operations/items?limit=1000&filter={f}"),
    )
    .await
    .json();
    let n = all["numberMatched"].as_u64().expect("n");
    assert!(n > 2, "{n}");
    let page = get(
        &s,
        &format!("/collections/operations/items?limit=2&filter={f}"),
    )
    .await
    .json();
    assert_eq!(page["numberMatched"].as_u64(), Some(n));
    let next = page["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "next")
        .and_then(|l| l["href"].as_str())
        .expect("next");
    assert!(next.contains("filter="), "{next}");
    let second = get(&s, next.strip_prefix("http://test.local").expect("local"))
        .await
        .json();
    assert_eq!(ids(&second), ids(&all)[2..4]);
}

#[tokio::test]
async fn spatial_filter_in_lambert93_and_with_bbox() {
    let s = state();
    let crs84 = get(
        &s,
        &format!(
            "/collections/qpv/items?filter={}",
            enc("S_INTERSECTS(geometry, POINT(6.2438 46.1856))")
        ),
    )
    .await
    .json();
    assert_eq!(ids(&crs84), ["QN07401M"]);
    let l93 = get(
        &s,
        &format!(
            "/collections/qpv/items?filter-crs={}&filter={}",
            enc("http://www.opengis.net/def/crs/EPSG/0/2154"),
            enc("S_INTERSECTS(geometry, POINT(950130 6570223))")
        ),
    )
    .await
    .json();
    assert_eq!(ids(&l93), ["QN07401M"]);
    // bbox around Annemasse and a filter on the name: both apply.
    let both = get(
        &s,
        &format!(
            "/collections/qpv/items?bbox=6.1,46.1,6.4,46.3&filter={}",
            enc("nom LIKE '%Perrier%'")
        ),
    )
    .await
    .json();
    assert_eq!(ids(&both), ["QN07401M"]);
}

#[tokio::test]
async fn refusals_are_french_problems_naming_the_fault() {
    let s = state();
    for (filter, needle) in [
        ("logements >> 100", "colonne 12"),
        ("logement > 100", "« logement »"),
        ("logements = 'beaucoup'", "« logements »"),
        ("insee_com = '74012'", "A_CONTAINS"),
    ] {
        let r = get(
            &s,
            &format!("/collections/operations/items?filter={}", enc(filter)),
        )
        .await;
        assert_eq!(r.status, 400, "{filter}");
        assert_eq!(r.header("content-type"), "application/problem+json");
        let detail = r.json()["detail"].as_str().expect("detail").to_string();
        assert!(detail.contains(needle), "{filter}: {detail}");
    }
    let r = get(
        &s,
        "/collections/actions/items?filter=S_INTERSECTS(geometry,POINT(6%2046))",
    )
    .await;
    assert_eq!(r.status, 400);
    let r = get(
        &s,
        "/collections/qpv/items?filter-lang=ecql&filter=code%3D%27x%27",
    )
    .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn sortby_and_properties() {
    let s = state();
    let doc = get(
        &s,
        "/collections/operations/items?limit=1000&sortby=-logements,titre&properties=titre,logements",
    )
    .await
    .json();
    let dwellings: Vec<Option<u64>> = doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["properties"]["logements"].as_u64())
        .collect();
    let known: Vec<u64> = dwellings.iter().flatten().copied().collect();
    let mut sorted = known.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(known, sorted);
    assert!(
        dwellings[known.len()..].iter().all(Option::is_none),
        "nulls last"
    );
    for f in doc["features"].as_array().expect("features") {
        let keys: Vec<&String> = f["properties"].as_object().expect("props").keys().collect();
        assert_eq!(keys, ["titre", "logements"]);
    }
    // `+` decoded as a space by the query string is ascending; `-` descending.
    let up = get(
        &s,
        "/collections/qpv/items?limit=3&sortby=+nom&properties=nom",
    )
    .await
    .json();
    let down = get(
        &s,
        "/collections/qpv/items?limit=3&sortby=-nom&properties=nom",
    )
    .await
    .json();
    let names = |d: &Value| -> Vec<String> {
        d["features"]
            .as_array()
            .expect("features")
            .iter()
            .map(|f| f["properties"]["nom"].as_str().expect("nom").to_string())
            .collect()
    };
    let (up, down) = (names(&up), names(&down));
    assert!(up.windows(2).all(|w| w[0] <= w[1]), "{up:?}");
    assert!(down.windows(2).all(|w| w[0] >= w[1]), "{down:?}");
    assert!(up[0] < down[0], "{up:?} {down:?}");
    assert_eq!(
        get(&s, "/collections/qpv/items?sortby=insee_com")
            .await
            .status,
        400
    );
    assert_eq!(
        get(&s, "/collections/qpv/items?properties=inconnue")
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn conformance_declares_part3_and_tiles() {
    let doc = get(&state(), "/conformance").await.json();
    let classes: Vec<&str> = doc["conformsTo"]
        .as_array()
        .expect("conformsTo")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for c in [
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/accent-insensitive-comparison",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    ] {
        assert!(classes.contains(&c), "{c}");
    }
}

#[tokio::test]
async fn tiles_documents_point_at_the_mvt_routes() {
    let s = state();
    let tms = get(&s, "/tileMatrixSets/WebMercatorQuad").await.json();
    assert_eq!(tms["tileMatrices"][14]["matrixWidth"], 16_384);
    assert_eq!(get(&s, "/tileMatrixSets/Autre").await.status, 404);
    let set = get(&s, "/tiles/WebMercatorQuad").await.json();
    let item = set["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "item")
        .and_then(|l| l["href"].as_str())
        .expect("item link");
    assert_eq!(
        item,
        "http://test.local/tiles/{tileMatrix}/{tileCol}/{tileRow}.mvt"
    );
    let collection = get(&s, "/collections/qpv").await.json();
    assert!(collection["links"]
        .as_array()
        .expect("links")
        .iter()
        .any(|l| l["rel"] == "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"));
    // Le Perrier's z14 tile: the collection's tile holds its layer alone.
    let whole = get(&s, "/tiles/14/8476/5816.mvt").await;
    assert_eq!(whole.status, 200);
    let one = get(&s, "/collections/qpv/tiles/WebMercatorQuad/14/5816/8476").await;
    assert_eq!(one.status, 200, "{}", one.text());
    assert_eq!(
        one.header("content-type"),
        "application/vnd.mapbox-vector-tile"
    );
    assert!(!one.header("etag").is_empty());
    use geozero::mvt::{Message, Tile};
    let layers = |bytes: &[u8]| -> Vec<String> {
        Tile::decode(bytes)
            .expect("mvt")
            .layers
            .into_iter()
            .map(|l| l.name)
            .collect()
    };
    assert!(layers(&whole.body).len() > 1);
    assert_eq!(layers(&one.body), ["qpv"]);
    assert_eq!(get(&s, "/collections/actions/tiles").await.status, 404);
}

/// The ids of the operations `cql2` (CQL2 text) selects, asserting the request succeeds.
async fn operations_where(s: &server::AppState, cql2: &str) -> Vec<String> {
    let path = format!(
        "/collections/operations/items?limit=1000&filter={}",
        enc(cql2)
    );
    let r = get(s, &path).await;
    assert_eq!(r.status, 200, "{cql2}: {}", r.text());
    ids(&r.json())
}

#[tokio::test]
async fn accenti_spells_ligatures_out_as_names_and_search_do() {
    let s = state();
    // Alès's operations hold « cœur de ville »: ACCENTI folds « œ » to « oe », as
    // geodata::text::fold_accents does for names and the geocoder for addresses.
    let folded = operations_where(&s, "ACCENTI(secteur) = 'coeur de ville'").await;
    assert!(!folded.is_empty());
    let held = operations_where(&s, "secteur = 'cœur de ville'").await;
    assert_eq!(folded, held);
    // ACCENTI keeps the case; CASEI with it forgives both.
    let upper = "ACCENTI(secteur) = ACCENTI('CŒUR DE VILLE')";
    assert!(operations_where(&s, upper).await.is_empty());
    let any_case = "CASEI(ACCENTI(secteur)) = CASEI(ACCENTI('CŒUR DE VILLE'))";
    assert_eq!(operations_where(&s, any_case).await, folded);
}
