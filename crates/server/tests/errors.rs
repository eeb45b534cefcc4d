//! Bad input of every kind gets a precise RFC 9457 problem, never a panic or a 5xx.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{call, get, state};
use rstest::rstest;

fn assert_problem(a: &common::Answer, status: u16, needle: &str) {
    assert_eq!(a.status.as_u16(), status, "{}", a.text());
    assert_eq!(a.header("content-type"), "application/problem+json");
    let p = a.json();
    assert_eq!(p["status"], status);
    assert!(p["title"].as_str().is_some_and(|t| !t.is_empty()));
    let detail = p["detail"].as_str().unwrap_or("");
    assert!(detail.contains(needle), "« {needle} » not in « {detail} »");
}

#[rstest]
#[case("/nowhere", 404, "/nowhere")]
#[case("/collections/nope", 404, "nope")]
#[case("/tiles.pmtiles", 404, "PMTiles")]
#[case("/collections/nope/items", 404, "nope")]
#[case("/collections/qpv/items/QN99999Z", 404, "QN99999Z")]
#[case("/collections/qpv/items?bbox=954532,6566065,944532,6576065&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/2154", 400, "inversée")]
#[case("/collections/qpv/items?bbox=6,47,7,46", 400, "inversée")]
#[case("/collections/qpv/items?bbox=6,46,7", 400, "4 (ou 6)")]
#[case("/collections/qpv/items?bbox=6,NaN,7,47", 400, "finis")]
#[case("/collections/qpv/items?bbox=6,46,inf,47", 400, "finis")]
#[case("/collections/qpv/items?bbox=6,46,500,47", 400, "hors bornes")]
#[case(
    "/collections/qpv/items?bbox=46,6,47,200&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326",
    400,
    "latitude puis longitude"
)]
#[case("/collections/qpv/items?bbox=1e30,1e30,2e30,2e30&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/2154", 400, "EPSG:2154")]
#[case(
    "/collections/qpv/items?bbox-crs=EPSG:27572&bbox=1,2,3,4",
    400,
    "non proposé"
)]
#[case("/collections/qpv/items?crs=EPSG:27572", 400, "non proposé")]
#[case("/collections/qpv/items?limit=0", 400, "limit")]
#[case("/collections/qpv/items?limit=-5", 400, "limit")]
#[case("/collections/qpv/items?limit=abc", 400, "limit")]
#[case("/collections/qpv/items?offset=-1", 400, "offset")]
#[case("/collections/qpv/items?statu=x", 400, "statu")]
#[case("/collections/qpv/items?millesime=AAA", 400, "millesime")]
#[case("/collections/qpv/items?limit=1&limit=2", 400, "répété")]
#[case("/collections/qpv/items?datetime=2020-01-01", 400, "pas datée")]
#[case(
    "/collections/operations/items?datetime=2022-01-01/2020-01-01",
    400,
    "après la fin"
)]
#[case("/collections/operations/items?datetime=hier", 400, "datetime")]
#[case("/collections/qpv/items?f=xml", 400, "xml")]
#[case("/impacts", 400, "lon")]
#[case("/impacts?lon=6.2", 400, "ensemble")]
#[case("/impacts?lon=NaN&lat=46", 400, "lon")]
#[case("/impacts?lon=6&lat=inf", 400, "lat")]
#[case("/impacts?lon=200&lat=46", 400, "hors bornes")]
#[case("/impacts?lon=6&lat=-91", 400, "hors bornes")]
#[case("/impacts?lon=6&lat=46&ilot=x", 400, "un seul lieu")]
#[case("/impacts?ilot=inconnu", 404, "inconnu")]
#[case("/impacts?quartier=QN99999X", 404, "quartier « QN99999X » inconnu")]
#[case("/impacts?commune=00000", 404, "commune « 00000 » inconnue")]
#[case(
    "/impacts?contrat=CN99999Z",
    404,
    "contrat de ville « CN99999Z » inconnu"
)]
#[case("/impacts?quartier=QN07401M&commune=74012", 400, "un seul lieu")]
#[case("/impacts?lon=6.2&lat=46.1&detail=tout", 400, "detail")]
#[case("/impacts?lon=6.2&lat=46.1&portee=quartier", 400, "portee")]
#[case("/impacts?lon=6.2&lat=46.1&groupe=ecoles", 400, "groupe")]
#[case("/impacts?lon=6&lat=46&zoom=3", 400, "zoom")]
#[case("/tiles/19/0/0.mvt", 400, "zoom")]
#[case("/tiles/2/4/0.mvt", 400, "hors de la grille")]
#[case("/tiles/a/0/0.mvt", 400, "z")]
#[case("/tiles/300/0/0.mvt", 400, "z")]
#[case("/tiles/0/0/0.png", 404, ".mvt")]
#[case("/tiles/0/0/0.mvt?x=1", 400, "x")]
#[case("/health?x=1", 400, "x")]
#[tokio::test]
async fn get_errors(#[case] uri: &str, #[case] status: u16, #[case] needle: &str) {
    let a = get(&state(), uri).await;
    assert_problem(&a, status, needle);
}

#[rstest]
#[case(r#"{"type": "Polygon""#, "illisible")]
#[case("", "illisible")]
#[case(r#"{"type": "Point", "coordinates": [6.2, 46.2]}"#, "Polygon")]
#[case(
    r#"{"type": "Polygon", "coordinates": [[[6.2, 46.2], [6.3, 46.2], [6.3, 46.3]]]}"#,
    "au moins 4"
)]
#[case(r#"{"type": "Polygon", "coordinates": [[[6.2, 46.2], [6.3, 46.2], [6.3, 46.3], [6.25, 46.25]]]}"#, "non fermé")]
#[case(
    r#"{"type": "Polygon", "coordinates": [[[600, 46.2], [6.3, 46.2], [6.3, 46.3], [600, 46.2]]]}"#,
    "hors des bornes"
)]
#[case(
    r#"{"type": "Polygon", "coordinates": [[[6.2, 46.2], [6.2, 46.2], [6.2, 46.2], [6.2, 46.2]]]}"#,
    "dégénéré"
)]
#[case(
    r#"{"type": "Polygon", "coordinates": [[[6.2, 46.2], [6.3, 46.2], [6.4, 46.2], [6.2, 46.2]]]}"#,
    "alignés"
)]
#[case(
    r#"{"type": "Polygon", "coordinates": [[[6.2, 46.2], [6.3, 46.2]]]}"#,
    "au moins 4"
)]
#[case(r#"{"type": "FeatureCollection", "features": []}"#, "exactement un")]
#[case(
    r#"{"type": "Feature", "geometry": null, "properties": {}}"#,
    "aucune géométrie"
)]
#[case(r#"[1, 2, 3]"#, "illisible")]
#[case(r#"{"type": "Polygon", "coordinates": []}"#, "vide")]
#[case(
    r#"{"type": "MultiPolygon", "coordinates": []}"#,
    "sans aucun polygone"
)]
#[tokio::test]
async fn post_impacts_errors(#[case] body: &'static str, #[case] needle: &str) {
    let a = call(
        &state(),
        Request::post("/impacts")
            .header("content-type", "application/geo+json")
            .body(Body::from(body))
            .expect("request"),
    )
    .await;
    assert_problem(&a, 400, needle);
}

/// An export takes any properties a client sends: names GeoPackage reserves and NUL
/// characters are written (renamed, dropped), never a 5xx; an unreadable geometry is a 422.
#[rstest]
#[case(
    r#"{"geom": 1, "fid": 2.5}"#,
    r#"{"type": "Point", "coordinates": [6.2, 46.2]}"#,
    200
)]
#[case(r#"{"x\u0000y": "a\u0000b"}"#, "null", 200)]
#[case(r#"{"a": 1}"#, r#"{"type": "Point", "coordinates": []}"#, 422)]
#[tokio::test]
async fn post_export_gpkg_writes_any_properties(
    #[case] properties: &str,
    #[case] geometry: &str,
    #[case] status: u16,
) {
    let body = format!(
        r#"{{"type": "FeatureCollection", "features": [{{"type": "Feature", "geometry": {geometry}, "properties": {properties}}}]}}"#
    );
    let a = call(
        &state(),
        Request::post("/export/gpkg?couche=operations")
            .header("content-type", "application/geo+json")
            .body(Body::from(body))
            .expect("request"),
    )
    .await;
    assert_eq!(a.status.as_u16(), status, "{}", a.text());
    if status == 200 {
        assert_eq!(a.header("content-type"), "application/geopackage+sqlite3");
    } else {
        assert_problem(&a, status, "entité 1");
    }
}

/// A self-intersecting ring is an area drawn the wrong way, not a mistake to refuse: repaired
/// with make_valid, answered, and said.
#[tokio::test]
async fn post_impacts_bowtie_is_repaired_and_said() {
    let bowtie = r#"{"type": "Polygon", "coordinates": [[[6.2, 46.17], [6.26, 46.22], [6.26, 46.17], [6.2, 46.22], [6.2, 46.17]]]}"#;
    let a = call(
        &state(),
        Request::post("/impacts")
            .header("content-type", "application/geo+json")
            .body(Body::from(bowtie))
            .expect("request"),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let warnings = a.json()["avertissements"].to_string();
    assert!(warnings.contains("make_valid"), "{warnings}");
}

#[tokio::test]
async fn wrong_method_is_a_problem_with_allow() {
    let a = call(
        &state(),
        Request::delete("/collections")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_problem(&a, 405, "méthode");
    assert!(a.header("allow").contains("GET"), "{:?}", a.headers);
}

#[tokio::test]
async fn oversized_body_is_413() {
    let big = vec![b' '; 3 * 1024 * 1024];
    let a = call(
        &state(),
        Request::post("/impacts")
            .header("content-type", "application/json")
            .body(Body::from(big))
            .expect("request"),
    )
    .await;
    assert_problem(&a, 413, "volumineux");
}

#[tokio::test]
async fn not_ready_once_shutdown_begins() {
    let s = common::fresh_state();
    assert_eq!(get(&s, "/ready").await.status, StatusCode::OK);
    s.set_ready(false);
    assert_problem(&get(&s, "/ready").await, 503, "arrêt");
    assert_eq!(get(&s, "/health").await.status, StatusCode::OK);
}

/// Upload routes have their own body limits but share request ids, CORS and problem bodies.
#[tokio::test]
async fn upload_routes_share_request_ids_cors_and_problems() {
    let batch = call(
        &state(),
        Request::post("/batch")
            .header("origin", "https://exemple.fr")
            .header("content-type", "text/csv")
            .body(Body::from("adresse\n1 rue de la Paix Annemasse\n"))
            .expect("request"),
    )
    .await;
    // No geocoder in this state: a problem, with the shared headers.
    assert_problem(&batch, 503, "adresses");
    assert!(
        !batch.header("x-request-id").is_empty(),
        "{:?}",
        batch.headers
    );
    assert_eq!(batch.header("access-control-allow-origin"), "*");

    let admin = call(
        &state(),
        Request::post("/admin/publish")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(admin.status.as_u16(), 404, "admin is disabled here");
    assert!(
        !admin.header("x-request-id").is_empty(),
        "{:?}",
        admin.headers
    );
    assert_eq!(admin.json()["title"], "Ressource introuvable");
}
