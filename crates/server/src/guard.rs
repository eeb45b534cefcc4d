//! Requests refused or cut off before any handler runs: a request head RFC 9112 says to
//! refuse (no `Host`, several, or an unreadable one: 400), and a body whose sender pauses
//! longer than `[budgets] body_idle_timeout_s` (408, whatever the handler reading it would
//! have made of the broken body).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode, Version};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::error::Problem;

/// The body's sender paused too long.
#[derive(Debug, thiserror::Error)]
#[error("corps de requête interrompu : aucun octet reçu pendant le délai autorisé")]
struct BodyStalled;

/// RFC 9112 § 3.2: a server must answer 400 to an HTTP/1.1 request without `Host`, with more
/// than one, or with an invalid one.
pub fn host_problem(request: &Request) -> Option<Problem> {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let first = hosts.next();
    if hosts.next().is_some() {
        return Some(Problem::bad_request(
            "plusieurs en-têtes Host : une requête n'en porte qu'un (RFC 9112, § 3.2)",
        ));
    }
    match first {
        None if request.version() == Version::HTTP_11 && request.uri().authority().is_none() => {
            Some(Problem::bad_request(
                "en-tête Host manquant : une requête HTTP/1.1 le porte (RFC 9112, § 3.2)",
            ))
        }
        Some(v)
            if v.to_str()
                .ok()
                .and_then(|h| h.parse::<axum::http::uri::Authority>().ok())
                .is_none_or(|a| a.as_str().contains('@')) =>
        {
            Some(Problem::bad_request(
                "en-tête Host illisible : un nom d'hôte et un port facultatif sont attendus",
            ))
        }
        _ => None,
    }
}

/// Refuses bad request heads, and answers 408 when the body's sender stalls.
pub async fn guard(State(idle): State<Duration>, request: Request, next: Next) -> Response {
    if let Some(problem) = host_problem(&request) {
        return problem.into_response();
    }
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let stalled = Arc::new(AtomicBool::new(false));
    let request = request.map(|body| stall_bounded(body, idle, stalled.clone()));
    let response = next.run(request).await;
    if stalled.load(Ordering::Relaxed) {
        let mut problem = Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "corps de requête interrompu : aucun octet reçu pendant {} s ; envoyez le corps d'un trait",
                idle.as_secs()
            ),
        )
        .into_response();
        // The rest of the body will never be read: the connection cannot be reused.
        problem.headers_mut().insert(
            header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        return problem;
    }
    response
}

/// `body`, failing when no bytes come for `idle`; `stalled` records that it did.
fn stall_bounded(body: Body, idle: Duration, stalled: Arc<AtomicBool>) -> Body {
    let stream = body.into_data_stream();
    Body::from_stream(futures_util::stream::unfold(Some(stream), move |state| {
        let stalled = stalled.clone();
        async move {
            let mut stream = state?;
            match tokio::time::timeout(idle, stream.next()).await {
                Ok(Some(chunk)) => Some((chunk, Some(stream))),
                Ok(None) => None,
                Err(_) => {
                    stalled.store(true, Ordering::Relaxed);
                    Some((Err(axum::Error::new(BodyStalled)), None))
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(hosts: &[&str]) -> Request {
        let mut b = axum::http::Request::builder().uri("/health");
        for h in hosts {
            b = b.header(header::HOST, *h);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn host_headers_as_rfc_9112_wants_them() {
        assert!(host_problem(&request(&["example.org"])).is_none());
        assert!(host_problem(&request(&["127.0.0.1:8080"])).is_none());
        assert!(host_problem(&request(&["[::1]:80"])).is_none());
        for bad in [
            &["a.org", "b.org"][..],
            &[][..],
            &["a b"][..],
            &["user@a.org"][..],
            &["a.org/x"][..],
        ] {
            let p = host_problem(&request(bad)).expect("refused");
            assert_eq!(p.status, StatusCode::BAD_REQUEST, "{bad:?}");
        }
    }
}
