//! Shared fixture: the repository's data loaded once, and a one-shot request helper.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use geodata::catalog::Catalog;
use http_body_util::BodyExt;
use serde_json::Value;
use server::services::token::hash_token;
use server::{AppState, Config};
use store::gpkg::GpkgStore;
use tower::ServiceExt;

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

pub static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    Catalog::load(&data_dir(), &[])
        .expect("the repository's data load")
        .0
});

static SHARED: LazyLock<AppState> = LazyLock::new(|| state_with(Config::default()));

/// A state over the repository's data, the web map absent, shared by the tests that do not
/// change it (building a snapshot projects every layer for the tiles).
pub fn state() -> AppState {
    SHARED.clone()
}

/// A state of its own, for tests that publish or change readiness.
#[allow(dead_code)]
pub fn fresh_state() -> AppState {
    state_with(Config::default())
}

#[allow(dead_code)]
pub fn state_with(mut config: Config) -> AppState {
    config.web = PathBuf::from("/nonexistent-web-dir");
    AppState::new(CATALOG.clone(), config)
}

/// The admin token of the stores made by `seeded_store`.
#[allow(dead_code)]
pub const TOKEN: &str = "jeton-de-test-0123456789";

/// A GeoPackage store seeded from the repository's data in a directory of its own, the
/// catalog it serves, and a config (web map absent) whose admin API takes `TOKEN`.
#[allow(dead_code)]
pub fn seeded_store() -> (tempfile::TempDir, Arc<GpkgStore>, Catalog, Config) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.gpkg");
    store::seed::create_from_data(&path, &data_dir()).unwrap();
    let gpkg = Arc::new(GpkgStore::open(&path).unwrap());
    let (catalog, _) = store::materialize::load_catalog(gpkg.as_ref(), &[]).unwrap();
    let mut config = Config {
        web: "/nonexistent-web-dir".into(),
        ..Default::default()
    };
    config.admin.token_hash = Some(hash_token(TOKEN).unwrap());
    (dir, gpkg, catalog, config)
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            )
        })
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The JSON answer of a GET that must succeed (200; its body shown otherwise).
#[allow(dead_code)]
pub async fn get_ok(state: &AppState, uri: &str) -> Value {
    let answer = get(state, uri).await;
    assert_eq!(answer.status, 200, "{uri}: {}", answer.text());
    answer.json()
}

/// `request` answered by the whole application. A request without `Host` gets one, as every
/// HTTP/1.1 client sends it (the server refuses an HTTP/1.1 request without it).
pub async fn call(state: &AppState, mut request: Request<Body>) -> Answer {
    if !request.headers().contains_key("host") {
        request
            .headers_mut()
            .insert("host", axum::http::HeaderValue::from_static("test.local"));
    }
    let response = server::app(state.clone())
        .oneshot(request)
        .await
        .expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

pub async fn get(state: &AppState, uri: &str) -> Answer {
    call(
        state,
        Request::get(uri)
            .header("host", "test.local")
            .body(Body::empty())
            .expect("request"),
    )
    .await
}
