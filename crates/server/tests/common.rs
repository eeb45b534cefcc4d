//! Shared fixture: the repository's data loaded once, and a one-shot request helper.

use std::path::PathBuf;
use std::sync::LazyLock;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use geodata::catalog::Catalog;
use http_body_util::BodyExt;
use serde_json::Value;
use server::{AppState, Config};
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

pub async fn call(state: &AppState, request: Request<Body>) -> Answer {
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
