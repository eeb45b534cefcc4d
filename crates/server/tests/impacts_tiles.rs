//! Impacts, tiles, publication, and the production layers (CORS, request ids, compression).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{call, get, get_ok, state, CATALOG};
use geodata::catalog::Catalog;
use geodata::impacts::Group;

#[tokio::test]
async fn impacts_of_a_point_in_annemasse() {
    let doc = get_ok(&state(), "/impacts?lon=6.2365&lat=46.1934").await;
    assert_eq!(doc["lieu"]["commune"]["nom"], "Annemasse");
    assert_eq!(doc["territoires"][0]["slug"], "annemasse-agglo");
    for group in Group::ALL {
        assert!(doc[group.key()].is_array(), "{group:?}");
    }
    let titles: Vec<(&str, &str)> = doc["groupes"]
        .as_array()
        .expect("groupes")
        .iter()
        .map(|g| (g["cle"].as_str().unwrap(), g["titre"].as_str().unwrap()))
        .collect();
    assert_eq!(
        titles,
        Group::ALL.map(|g| (g.key(), g.title_fr())),
        "the answer sends each group's title, in order"
    );
}

#[tokio::test]
async fn impacts_of_an_ilot_and_of_a_posted_polygon_agree() {
    let s = state();
    let by_id = get(&s, "/impacts?ilot=ilot-gauguin").await;
    assert_eq!(by_id.status, 200, "{}", by_id.text());
    let ilot = CATALOG.ilot_area("ilot-gauguin").expect("ilot");
    let geometry = geojson::GeometryValue::from(&ilot);
    let body = serde_json::json!({"type": "Feature", "properties": {}, "geometry": geometry});
    let posted = call(
        &s,
        Request::post("/impacts")
            .header("content-type", "application/geo+json")
            .body(Body::from(body.to_string()))
            .expect("request"),
    )
    .await;
    assert_eq!(posted.status, 200, "{}", posted.text());
    let (a, b) = (by_id.json(), posted.json());
    assert_eq!(a["lieu"]["type"], "surface");
    assert_eq!(a["perimetres"], b["perimetres"]);
    assert_eq!(a["operations"], b["operations"]);
}

#[tokio::test]
async fn impacts_outside_every_territory_still_answers_national_qpv() {
    // Central Paris: no territory loaded there.
    let doc = get(&state(), "/impacts?lon=2.3522&lat=48.8566")
        .await
        .json();
    assert!(doc["territoires"].as_array().is_some_and(Vec::is_empty));
    assert!(!doc["avertissements"]
        .as_array()
        .expect("warnings")
        .is_empty());
}

/// The z/x/y of the tile holding a point.
fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let x = ((lon + 180.0) / 360.0 * n).floor() as u32;
    let y =
        ((1.0 - lat.to_radians().tan().asinh() / std::f64::consts::PI) / 2.0 * n).floor() as u32;
    (x, y)
}

#[tokio::test]
async fn tiles_have_etag_304_gzip_and_204() {
    let s = state();
    let (x, y) = tile_of(6.2365, 46.1934, 14);
    let uri = format!("/tiles/14/{x}/{y}.mvt");
    let a = get(&s, &uri).await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.header("content-type"),
        "application/vnd.mapbox-vector-tile"
    );
    assert!(a.header("cache-control").contains("max-age"));
    let etag = a.header("etag").to_string();
    assert!(etag.contains(&s.snapshot().version), "{etag}");
    assert!(!a.body.is_empty());
    let gz = call(
        &s,
        Request::get(&uri)
            .header("accept-encoding", "gzip")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(gz.header("content-encoding"), "gzip");
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz.body[..]), &mut raw)
        .expect("gzip");
    assert_eq!(raw, a.body);
    let again = call(
        &s,
        Request::get(&uri)
            .header("if-none-match", etag.as_str())
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    // Mid-Pacific: nothing there.
    let empty = get(&s, "/tiles/10/20/500.mvt").await;
    assert_eq!(empty.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn tilejson_and_style_point_at_this_server() {
    let s = state();
    let tj = get(&s, "/tiles.json").await.json();
    assert_eq!(tj["tilejson"], "3.0.0");
    assert_eq!(tj["tiles"][0], "http://test.local/tiles/{z}/{x}/{y}.mvt");
    let style = get(&s, "/style.json").await.json();
    assert_eq!(style["version"], 8);
    let source_url = style["sources"]
        .as_object()
        .and_then(|m| m.values().next())
        .and_then(|src| src["url"].as_str())
        .unwrap_or("");
    assert_eq!(source_url, "http://test.local/tiles.json");
}

#[tokio::test]
async fn publish_swaps_data_and_invalidates_etags() {
    let s = common::fresh_state();
    let before = s.snapshot().version.clone();
    let (x, y) = tile_of(6.2365, 46.1934, 14);
    let uri = format!("/tiles/14/{x}/{y}.mvt");
    assert_eq!(get(&s, &uri).await.status, 200);
    let national_only = Catalog {
        territories: vec![],
        national: CATALOG.national.clone(),
    };
    let after = s.publish(national_only);
    assert_ne!(before, after);
    assert_eq!(s.snapshot().version, after);
    let doc = get(&s, "/collections/operations/items").await.json();
    assert_eq!(doc["numberMatched"], 0);
    let t = get(&s, &uri).await;
    assert!(t.header("etag").contains(&after));
    assert_eq!(
        get(&s, "/ready").await.json()["version_donnees"],
        after.as_str()
    );
}

#[tokio::test]
async fn cors_request_id_and_compression() {
    let s = state();
    let a = call(
        &s,
        Request::get("/collections/qpv/items?limit=50")
            .header("origin", "https://carto.example.org")
            .header("accept-encoding", "gzip")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(a.header("access-control-allow-origin"), "*");
    assert_eq!(a.header("content-encoding"), "gzip");
    assert_eq!(a.header("x-request-id").len(), 36);
    let mut config = server::Config::default();
    config.cors.allow_origins = vec!["https://ok.example.org".into()];
    let strict = common::state_with(config);
    let health_from = |origin: &str| {
        Request::get("/health")
            .header("origin", origin)
            .body(Body::empty())
            .expect("request")
    };
    let refused = call(&strict, health_from("https://other.example.org")).await;
    assert_eq!(refused.header("access-control-allow-origin"), "");
    let allowed = call(&strict, health_from("https://ok.example.org")).await;
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        "https://ok.example.org"
    );
}

/// An answer whose body is whole goes compressed in one piece: gzip for « gzip, br » (what
/// browsers send), zstd when offered, its exact length said, `Vary` kept, the same bytes once
/// decoded; a client that takes neither gets the plain answer.
#[tokio::test]
async fn whole_answers_compressed_with_their_length() {
    let s = state();
    let uri = "/impacts?lon=6.2365&lat=46.1934";
    let plain = get(&s, uri).await;
    assert_eq!(plain.header("content-encoding"), "");
    let ask = |coding: &str| {
        Request::get(uri)
            .header("accept-encoding", coding)
            .body(Body::empty())
            .expect("request")
    };
    let gz = call(&s, ask("gzip, br")).await;
    assert_eq!(gz.header("content-encoding"), "gzip");
    assert_eq!(gz.header("content-length"), gz.body.len().to_string());
    assert!(
        gz.headers
            .get_all("vary")
            .iter()
            .any(|v| v.to_str().is_ok_and(|v| v.contains("accept-encoding"))),
        "{:?}",
        gz.headers
    );
    assert!(
        gz.body.len() * 3 < plain.body.len(),
        "{} bytes",
        gz.body.len()
    );
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz.body[..]), &mut raw)
        .expect("gzip");
    assert_eq!(raw, plain.body);
    let zs = call(&s, ask("gzip, deflate, br, zstd")).await;
    assert_eq!(zs.header("content-encoding"), "zstd");
    assert_eq!(zs.header("content-length"), zs.body.len().to_string());
    assert_eq!(zstd::decode_all(&zs.body[..]).expect("zstd"), plain.body);
    let refused = call(&s, ask("br, gzip;q=0")).await;
    assert_eq!(refused.header("content-encoding"), "");
    assert_eq!(refused.body, plain.body);
}

#[tokio::test]
async fn root_without_web_dir_is_a_french_page_for_browsers() {
    let a = call(
        &state(),
        Request::get("/")
            .header("accept", "text/html")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(a.status, 200);
    assert!(a.text().contains("La carte web n'est pas construite"));
    assert!(a.text().contains("/collections"));
}
