//! Response helpers: JSON with a given media type, HTML pages.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::error::Problem;

/// `value` serialized as JSON, with the media type `media`.
pub fn json<T: Serialize>(value: &T, media: &'static str) -> Result<Response, Problem> {
    let body = serde_json::to_vec(value).map_err(Problem::internal)?;
    Ok(json_bytes(body, media))
}

/// JSON already serialised into bytes, with the media type `media`.
pub fn json_bytes(body: Vec<u8>, media: &'static str) -> Response {
    let mut r = (StatusCode::OK, body).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    r
}

/// JSON already serialized, with the media type `media`.
pub fn json_text(body: impl Into<axum::body::Bytes>, media: &'static str) -> Response {
    let mut r = Response::new(axum::body::Body::from(body.into()));
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    r
}

/// An HTML page, with the characters XML forbids replaced (data can hold them; browsers and
/// XHTML readers choke on them).
pub fn html(page: String) -> Response {
    match geodata::text::xml_safe(&page) {
        std::borrow::Cow::Borrowed(_) => Html(page).into_response(),
        std::borrow::Cow::Owned(safe) => Html(safe).into_response(),
    }
}
