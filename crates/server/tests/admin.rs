//! The admin API in process: disabled without a store and a token hash, 401 that changes
//! nothing, conflicts as problems, uploads over the limit refused before they are read,
//! publish and rollback swapping the served data.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::services::store::StoreHandle;
use server::AppState;
use store::gpkg::GpkgStore;
use store::{LayerId, StagedImport, Store};

use common::TOKEN;

/// A state serving a store seeded from the repository's data, in its own directory.
fn store_state() -> (tempfile::TempDir, AppState, Arc<GpkgStore>) {
    let (dir, gpkg, catalog, mut config) = common::seeded_store();
    config.admin.max_upload_mb = 1;
    let handle = Arc::new(StoreHandle::new(
        gpkg.clone(),
        gpkg.data_version().unwrap(),
        Default::default(),
    ));
    (dir, AppState::with_store(catalog, config, handle), gpkg)
}

fn post_json(uri: &str, token: Option<&str>, body: &str) -> Request<Body> {
    let mut r = Request::post(uri).header("content-type", "application/json");
    if let Some(t) = token {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    r.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn disabled_without_store_and_token() {
    let answer = common::get(&common::state(), "/admin/versions").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.header("content-type"), "application/problem+json");
}

#[tokio::test]
async fn wrong_or_missing_token_is_401_and_changes_nothing() {
    let (_dir, state, gpkg) = store_state();
    let before = gpkg.data_version().unwrap();
    let (current, _) = gpkg
        .current("annemasse-agglo", LayerId::Perimetres)
        .unwrap()
        .unwrap();
    // Make a rollback possible, so that only the token stands in the way.
    let (_, data) = gpkg
        .current("annemasse-agglo", LayerId::Perimetres)
        .unwrap()
        .unwrap();
    let id = gpkg
        .stage(StagedImport {
            id: 0,
            territory: "annemasse-agglo".into(),
            layer: LayerId::Perimetres,
            author: "test".into(),
            date: String::new(),
            source_name: "x.gpkg".into(),
            sha256: String::new(),
            base_version: Some(current.number),
            data,
            report: Default::default(),
        })
        .unwrap();
    for token in [None, Some("faux"), Some("")] {
        let body = format!("{{\"import\": {id}}}");
        let answer = common::call(&state, post_json("/admin/publish", token, &body)).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text());
        assert!(answer.header("www-authenticate").starts_with("Bearer"));
        assert_eq!(answer.header("content-type"), "application/problem+json");
    }
    assert_eq!(gpkg.data_version().unwrap(), before);

    let version_before = state.snapshot().version.clone();
    let body = format!("{{\"import\": {id}, \"commentaire\": \"essai\"}}");
    let answer = common::call(&state, post_json("/admin/publish", Some(TOKEN), &body)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["version"]["numero"], before + 1);
    // Same features: the served data version is the same content hash.
    assert_eq!(state.snapshot().version, version_before);

    let answer = common::call(
        &state,
        post_json(
            "/admin/rollback",
            Some(TOKEN),
            &format!("{{\"version\": {}}}", before + 1),
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.text());
    assert!(answer.json()["detail"]
        .as_str()
        .unwrap()
        .contains("déjà la version courante"));
    let answer = common::call(
        &state,
        post_json("/admin/rollback", Some(TOKEN), "{\"version\": 999}"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let answer = common::call(
        &state,
        post_json("/admin/rollback", Some(TOKEN), "{\"numero\": 4}"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_announced_upload_over_the_limit_is_refused_before_reading() {
    let (_dir, state, gpkg) = store_state();
    let before = gpkg.data_version().unwrap();
    let request = Request::post("/admin/import")
        .header("authorization", format!("Bearer {TOKEN}"))
        .header("content-type", "multipart/form-data; boundary=x")
        .header("content-length", (200 * 1024 * 1024).to_string())
        .body(Body::empty())
        .unwrap();
    let answer = common::call(&state, request).await;
    assert_eq!(
        answer.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        answer.text()
    );
    assert_eq!(gpkg.data_version().unwrap(), before);
}
