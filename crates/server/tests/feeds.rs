//! History, changes and feeds in process, over a GeoPackage store: a status change published
//! through the admin API reaches the item's history, `/changements` and the Atom feeds of its
//! quartier, its commune, its territory and a point in the quartier; validators answer 304;
//! bad requests are French problems.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::changes::Changes;
use server::services::store::StoreHandle;
use server::AppState;
use store::gpkg::GpkgStore;
use store::{LayerId, StagedImport, Store};

use common::TOKEN;

const SLUG: &str = "annemasse-agglo";
/// An operation placed on the whole QPV QN07401M (Annemasse).
const OP: &str = "npnru-demolition-chateau-rouge";
/// A point in Le Perrier (QN07401M).
const POINT: &str = "lon=6.2438&lat=46.1856";

fn store_state() -> (tempfile::TempDir, AppState, Arc<GpkgStore>) {
    let (dir, gpkg, catalog, config) = common::seeded_store();
    let changes = Changes::load(gpkg.as_ref(), &Arc::default(), &[]);
    let handle = Arc::new(StoreHandle::new(
        gpkg.clone(),
        gpkg.data_version().unwrap(),
        Default::default(),
    ));
    let state = AppState::with_store_history(catalog, changes, config, handle);
    (dir, state, gpkg)
}

/// Publishes `status` for [`OP`], dated `date` when given.
async fn publish_dated_status(
    state: &AppState,
    gpkg: &GpkgStore,
    status: &str,
    date: Option<&str>,
) {
    let (current, mut data) = gpkg.current(SLUG, LayerId::Operations).unwrap().unwrap();
    let f = data
        .features
        .iter_mut()
        .find(|f| f.text("id") == Some(OP))
        .unwrap();
    f.props.insert("statut".into(), status.into());
    if let Some(date) = date {
        f.props.insert("statut_date".into(), date.into());
        f.props
            .insert("statut_date_origine".into(), "source".into());
    }
    let id = gpkg
        .stage(StagedImport {
            id: 0,
            territory: SLUG.into(),
            layer: LayerId::Operations,
            author: "service SIG".into(),
            date: String::new(),
            source_name: "operations.geojson".into(),
            sha256: String::new(),
            base_version: Some(current.number),
            data,
            report: Default::default(),
        })
        .unwrap();
    let request = Request::post("/admin/publish")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::from(format!(
            "{{\"import\": {id}, \"commentaire\": \"démolition commencée\"}}"
        )))
        .unwrap();
    let answer = common::call(state, request).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

fn with_header(uri: &str, name: &str, value: &str) -> Request<Body> {
    // The host `common::get` sends: links, and so the feed, are built on it.
    Request::get(uri)
        .header("host", "test.local")
        .header(name, value)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn a_published_change_reaches_history_changes_and_feeds() {
    let (_dir, state, gpkg) = store_state();
    let feed = "/flux/quartiers/QN07401M";
    let before = common::get(&state, feed).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.text());
    assert_eq!(before.header("content-type"), "application/atom+xml");
    // The bundled versions are the start of the history, not news.
    assert!(!before.text().contains("<entry>"), "{}", before.text());
    let etag = before.header("etag").to_string();
    let modified = before.header("last-modified").to_string();
    assert!(etag.starts_with("W/\""), "{etag}");

    publish_dated_status(&state, &gpkg, "en travaux", Some("2026-11")).await;

    // The status is said with its date (issue 27).
    let title = "Opération « Démolition de 140 logements sociaux à Château Rouge » : statut programmé (2019) → en travaux (novembre 2026)";
    for uri in [
        feed.to_string(),
        "/flux/quartiers/QP074001".to_string(),
        "/flux/communes/74012".to_string(),
        format!("/flux/territoires/{SLUG}"),
        format!("/flux?{POINT}"),
    ] {
        let answer = common::get(&state, &uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
        let xml = answer.text();
        assert!(xml.contains(title), "{uri}: {xml}");
        assert!(xml.contains("<name>service SIG</name>"), "{uri}");
        assert!(xml.contains("démolition commencée"), "{uri}");
    }
    // Elsewhere (Gaillard's QPV, a commune far away), the change does not concern.
    let other = common::get(&state, "/flux/communes/74153").await.text();
    assert!(!other.contains(title), "{other}");

    let after = common::get(&state, feed).await;
    assert_ne!(after.header("etag"), etag);
    // Last-Modified has a one-second resolution: the publish may fall in the bundled version's
    // second, so it is never earlier; the ETag is what tells the change apart.
    let parse = |date: &str| httpdate::parse_http_date(date).expect(date);
    assert!(parse(after.header("last-modified")) >= parse(&modified));
    let again = common::call(
        &state,
        with_header(feed, "if-none-match", after.header("etag")),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    let since = common::call(
        &state,
        with_header(feed, "if-modified-since", after.header("last-modified")),
    )
    .await;
    assert_eq!(since.status, StatusCode::NOT_MODIFIED);
    let stale = common::call(&state, with_header(feed, "if-none-match", &etag)).await;
    assert_eq!(stale.status, StatusCode::OK);

    let history = common::get(
        &state,
        &format!("/collections/operations/items/{SLUG}:{OP}/historique"),
    )
    .await
    .json();
    let versions = history["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "{history}");
    assert_eq!(versions[0]["nature"], "modification");
    assert_eq!(versions[0]["champs"][0]["champ"], "statut");
    assert_eq!(versions[0]["champs"][0]["avant"], "programmé");
    assert_eq!(versions[0]["champs"][0]["apres"], "en travaux");
    assert_eq!(versions[0]["auteur"], "service SIG");
    assert_eq!(versions[1]["nature"], "ajout");
    assert_eq!(versions[1]["etat_initial"], true);

    let changes = common::get(&state, &format!("/changements?depuis=2000-01-01&{POINT}"))
        .await
        .json();
    assert_eq!(changes["nb_changements"], 1, "{changes}");
    assert_eq!(changes["changements"][0]["titre"], title);
    let none = common::get(&state, "/changements?depuis=2999-01-01")
        .await
        .json();
    assert_eq!(none["nb_changements"], 0);

    let page = common::call(
        &state,
        with_header(
            &format!("/collections/perimetres/items/{SLUG}:QN07401M"),
            "accept",
            "text/html",
        ),
    )
    .await
    .text();
    assert!(
        page.contains(
            r#"<link rel="alternate" type="application/atom+xml" href="/flux/quartiers/QN07401M""#
        ),
        "{page}"
    );
    let op_page = common::call(
        &state,
        with_header(
            &format!("/collections/operations/items/{SLUG}:{OP}?f=html"),
            "accept",
            "text/html",
        ),
    )
    .await
    .text();
    assert!(
        op_page.contains("<h2>Historique</h2>")
            && op_page.contains("programmé (2019) → en travaux (novembre 2026)"),
        "{op_page}"
    );
    // The item itself (OGC API) serves its status with its date.
    assert!(
        op_page.contains("<th>statut_date</th><td>2026-11</td>"),
        "{op_page}"
    );
}

#[tokio::test]
async fn bad_requests_are_french_problems() {
    let state = common::state();
    for (uri, status, words) in [
        (
            "/flux/quartiers/QN99999Z",
            StatusCode::NOT_FOUND,
            "quartier « QN99999Z » inconnu",
        ),
        (
            "/flux/communes/99999",
            StatusCode::NOT_FOUND,
            "commune « 99999 » inconnue",
        ),
        (
            "/flux/territoires/nulle-part",
            StatusCode::NOT_FOUND,
            "territoire « nulle-part » inconnu",
        ),
        (
            "/flux/rues/grande-rue",
            StatusCode::NOT_FOUND,
            "flux « /flux/rues/… » inconnu",
        ),
        ("/flux", StatusCode::BAD_REQUEST, "indiquez le lieu"),
        (
            "/flux?lon=6.2",
            StatusCode::BAD_REQUEST,
            "lon et lat vont ensemble",
        ),
        (
            "/flux?lon=6.2&lat=95",
            StatusCode::BAD_REQUEST,
            "hors bornes",
        ),
        (
            "/changements?depuis=hier",
            StatusCode::BAD_REQUEST,
            "AAAA-MM-JJ",
        ),
        ("/changements?limite=0", StatusCode::BAD_REQUEST, "limite"),
        (
            "/changements?quartir=QN07401M",
            StatusCode::BAD_REQUEST,
            "quartir",
        ),
        (
            "/collections/operations/items/annemasse-agglo:inconnue/historique",
            StatusCode::NOT_FOUND,
            "introuvable",
        ),
    ] {
        let answer = common::get(&state, uri).await;
        assert_eq!(answer.status, status, "{uri}: {}", answer.text());
        assert_eq!(
            answer.header("content-type"),
            "application/problem+json",
            "{uri}"
        );
        assert!(answer.text().contains(words), "{uri}: {}", answer.text());
    }
    // Without a store, the feeds are valid and say why they are empty.
    let answer = common::get(&state, "/flux/territoires/annemasse-agglo").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer.text().contains("pas un magasin de versions"),
        "{}",
        answer.text()
    );
}
