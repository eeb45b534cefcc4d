//! `POST /batch` streams its result through the shared layers, gzip included: the whole body
//! arrives and nothing panics once it ends (browsers always ask for gzip).

#[allow(dead_code)]
mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use common::{call, state_with};
use server::services::geocode::GeocodeService;
use server::Config;

/// Two rows of `tests/data/geocoder-tester/ban_dev.csv.gz` (BAN format).
const BAN: &str = "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;cad_parcelles
61001_gt00325_00008;;8;;Rue Landon;61000;61001;Alençon;;;;;0.090141;48.420447;entrée;;;ALENÇON;RUE LANDON;;;;
67020_gt00001_00025;;25;;Rue du Presbytère;67130;67020;Barembach;;;;;7.226703;48.476278;entrée;;;BAREMBACH;RUE DU PRESBYTÈRE;;;;
";

fn state_with_addresses(dir: &std::path::Path) -> server::AppState {
    let csv = dir.join("adresses.csv");
    std::fs::write(&csv, BAN).unwrap();
    let mut builder = geocoder::IndexBuilder::new();
    geocoder::ban::read_file(&csv, &mut builder, &mut |_| {}).unwrap();
    let addresses = dir.join("index");
    builder
        .finish(vec!["adresses.csv".into()])
        .save(&addresses)
        .unwrap();
    let mut config = Config::default();
    config.geocoder.addresses = addresses;
    let service = GeocodeService::open(&config.geocoder);
    state_with(config).with_geocoder(Arc::new(service))
}

async fn batch(state: &server::AppState, gzip: bool) -> common::Answer {
    let mut request = Request::post("/batch?columns=adresse")
        .header("host", "test.local")
        .header("content-type", "text/csv");
    if gzip {
        request = request.header("accept-encoding", "gzip");
    }
    let body = "adresse\n8 Rue Landon 61000 Alençon\n25 Rue du Presbytère Barembach\n";
    call(state, request.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn the_streamed_result_arrives_whole_with_and_without_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_with_addresses(dir.path());

    let plain = batch(&state, false).await;
    assert_eq!(plain.status, 200, "{}", plain.text());
    let text = plain.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].contains("latitude") && lines[0].ends_with("nb_actions;erreur"),
        "{text}"
    );
    assert!(lines[1].contains("8 Rue Landon 61000 Alençon"), "{text}");

    let gzipped = batch(&state, true).await;
    assert_eq!(gzipped.status, 200);
    assert_eq!(gzipped.header("content-encoding"), "gzip");
    assert_eq!(&gzipped.body[..2], b"\x1f\x8b", "not a gzip stream");
}

/// Without imported addresses a list of addresses cannot be geocoded: a 422 that says so
/// (nothing is wrong with the server: not a 5xx), while a list of points is still answered.
#[tokio::test]
async fn without_addresses_a_list_of_addresses_is_a_422_and_points_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.geocoder.addresses = dir.path().join("aucune");
    let service = GeocodeService::open(&config.geocoder);
    let state = state_with(config).with_geocoder(Arc::new(service));
    let addresses = batch(&state, false).await;
    assert_eq!(addresses.status, 422, "{}", addresses.text());
    assert_eq!(addresses.header("content-type"), "application/problem+json");
    assert!(
        addresses.json()["detail"]
            .as_str()
            .is_some_and(|d| d.contains("aucune adresse chargée")),
        "{}",
        addresses.text()
    );
    let points = call(
        &state,
        Request::post("/batch?lon=lon&lat=lat")
            .header("content-type", "text/csv")
            .body(Body::from("lon;lat\n6.2347;46.1934\n"))
            .unwrap(),
    )
    .await;
    assert_eq!(points.status, 200, "{}", points.text());
    assert_eq!(points.text().lines().count(), 2, "{}", points.text());
}
