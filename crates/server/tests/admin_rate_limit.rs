//! The admin API's rate limit is per client: a client over its budget gets 429 (problem+json
//! in French, Retry-After) while another client is still served.

// Only the state builder of the shared helpers is used here.
#[allow(dead_code)]
mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use server::Config;
use tower::ServiceExt;

fn from(peer: &str) -> Request<Body> {
    let mut request = Request::get("/admin/versions")
        .header("host", "test.local")
        .body(Body::empty())
        .unwrap();
    let peer: SocketAddr = peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

#[tokio::test]
async fn one_client_is_throttled_the_other_is_not() {
    let mut config = Config::default();
    config.admin.requests_per_minute = 2;
    let app = server::app(common::state_with(config));
    // No store is configured: an admitted request is answered 404 (admin API disabled).
    for _ in 0..2 {
        let r = app.clone().oneshot(from("192.0.2.1:40000")).await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    // Another connection (port) of the same client shares its budget.
    let r = app.clone().oneshot(from("192.0.2.1:40001")).await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&wait), "Retry-After {wait}");
    let body = r.into_body().collect().await.unwrap().to_bytes();
    let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(problem["status"], 429);
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("trop de requêtes"), "{detail}");
    assert!(detail.contains(&format!("{wait} s")), "{detail}");
    // The other client is not affected.
    let r = app
        .clone()
        .oneshot(from("198.51.100.7:40000"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
