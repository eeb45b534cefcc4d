//! Links of the OGC API documents: absolute URLs built on the public base URL.

use axum::http::{header, HeaderMap};
use serde::Serialize;

use crate::config::Config;

/// An OGC/RFC 8288 link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub href: String,
    pub rel: &'static str,
    #[serde(rename = "type")]
    pub media: &'static str,
    pub title: String,
}

impl Link {
    pub fn new(
        href: String,
        rel: &'static str,
        media: &'static str,
        title: impl Into<String>,
    ) -> Link {
        Link {
            href,
            rel,
            media,
            title: title.into(),
        }
    }
}

pub const GEOJSON: &str = "application/geo+json";
pub const JSON: &str = "application/json";
pub const HTML: &str = "text/html";
pub const OPENAPI: &str = "application/vnd.oai.openapi+json;version=3.0";
pub const SCHEMA: &str = "application/schema+json";
pub const MVT: &str = "application/vnd.mapbox-vector-tile";
pub const ATOM: &str = "application/atom+xml";

/// The base URL of links: the configured public URL, else `http://` + a well-formed Host
/// header, else the listening address.
pub fn base_url(config: &Config, headers: &HeaderMap) -> String {
    if let Some(url) = &config.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b))
        });
    match host {
        Some(h) => format!("http://{h}"),
        None => format!("http://{}", config.addr),
    }
}

/// `base + path + ?query` with the pairs percent-encoded.
pub fn url(base: &str, path: &str, query: &[(String, String)]) -> String {
    if query.is_empty() {
        return format!("{base}{path}");
    }
    let q = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .finish();
    format!("{base}{path}?{q}")
}

/// Percent-encodes a feature id for a URL path segment.
pub fn segment(id: &str) -> String {
    form_urlencoded::byte_serialize(id.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
