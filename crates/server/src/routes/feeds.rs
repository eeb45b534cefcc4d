//! The Atom feeds: `GET /flux/quartiers/{code}`, `/flux/communes/{insee}`,
//! `/flux/territoires/{slug}` (one route, `/flux/{area}/{key}`) and `/flux?lon=&lat=` — the
//! changes published to what concerns a quartier, a commune, a territory or a place, newest
//! first. A feed reader polls cheaply:
//! the ETag is the feed's content hash (`If-None-Match` → 304) and `Last-Modified` its newest
//! change (`If-Modified-Since` → 304). A hot publish or a rollback changes both at once.

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};

use crate::changes::atom::{self, FeedInfo};
use crate::changes::Selection;
use crate::changes::NO_STORE;
use crate::error::Problem;
use crate::ogc::links::{base_url, segment, ATOM};
use crate::routes::Req;
use crate::state::{AppState, Snapshot};
use crate::subject::{self, Area, Subject};

/// Entries of a feed: the newest changes; `/changements` has them all.
pub const FEED_ENTRIES: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/flux", get(place))
        .route("/flux/{area}/{key}", get(area))
}

/// What a feed is about.
enum About {
    Area(Area, String),
    Place(f64, f64),
}

impl About {
    /// The feed's path and query, canonical (it is the feed's id).
    fn path(&self) -> String {
        match self {
            About::Area(area, key) => format!("/flux/{}/{}", area.feed_segment(), segment(key)),
            About::Place(lon, lat) => format!("/flux?lon={lon}&lat={lat}"),
        }
    }

    /// The same changes as JSON.
    fn changes_query(&self) -> String {
        match self {
            About::Area(area, key) => format!("{}={}", area.param(), segment(key)),
            About::Place(lon, lat) => format!("lon={lon}&lat={lat}"),
        }
    }

    fn subject(&self, snapshot: &Snapshot) -> Result<Subject, Problem> {
        match self {
            About::Area(area, key) => Ok(area.subject(snapshot, key)?),
            About::Place(lon, lat) => Ok(subject::point(snapshot, *lon, *lat)),
        }
    }
}

async fn place(Req(state, headers, mut params): Req) -> Result<Response, Problem> {
    let point = params.take_point(false)?;
    params.finish(&["lon", "lat"])?;
    let Some((lon, lat)) = point else {
        return Err(Problem::bad_request(
            "indiquez le lieu à suivre : /flux?lon=…&lat=… (degrés WGS84) ; ou /flux/quartiers/{code}, /flux/communes/{insee}, /flux/territoires/{slug}",
        ));
    };
    serve(state, headers, About::Place(lon, lat)).await
}

/// `/flux/quartiers/{code}`, `/flux/communes/{insee}`, `/flux/territoires/{slug}`.
async fn area(
    Path((kind, key)): Path<(String, String)>,
    Req(state, headers, params): Req,
) -> Result<Response, Problem> {
    let Some(area) = Area::from_feed_segment(&kind) else {
        return Err(Problem::not_found(format!(
            "flux « /flux/{kind}/… » inconnu : /flux/quartiers/{{code}}, /flux/communes/{{insee}}, /flux/territoires/{{slug}} ou /flux?lon=…&lat=…"
        )));
    };
    params.finish(&[])?;
    serve(state, headers, About::Area(area, key)).await
}

async fn serve(state: AppState, headers: HeaderMap, about: About) -> Result<Response, Problem> {
    let snapshot = state.snapshot();
    let base = base_url(state.config(), &headers);
    let has_store = state.store().is_some();
    // Areas (a quartier, a commune, a territory) take milliseconds: off the async workers.
    let (xml, updated) =
        tokio::task::spawn_blocking(move || write(&snapshot, &base, &about, has_store)).await??;
    let etag = format!("W/\"{}\"", hex(&Sha256::digest(&xml)[..12]));
    let modified = std::time::SystemTime::from(updated.to_utc());
    let last_modified = httpdate::fmt_http_date(modified);
    if not_modified(&headers, &etag, modified) {
        return Ok(with_validators(
            StatusCode::NOT_MODIFIED.into_response(),
            &etag,
            &last_modified,
        ));
    }
    let mut r = (StatusCode::OK, xml).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ATOM));
    Ok(with_validators(r, &etag, &last_modified))
}

fn write(
    snapshot: &Snapshot,
    base: &str,
    about: &About,
    has_store: bool,
) -> Result<(Vec<u8>, chrono::DateTime<chrono::FixedOffset>), Problem> {
    let subject = about.subject(snapshot)?;
    let selection = Selection {
        since: None,
        scopes: vec![subject.scope.clone()],
    };
    let entries: Vec<_> = snapshot
        .changes
        .select(&selection)
        .take(FEED_ENTRIES)
        .map(|e| (e, snapshot.change_links(base, &e, subject.anchor)))
        .collect();
    let map_url = match subject.anchor {
        Some(p) => format!("{base}/#lieu=pt:{:.6},{:.6}", p.x(), p.y()),
        None => format!("{base}/"),
    };
    let mut subtitle = format!(
        "Les changements publiés des données qui concernent {} (statut, dates, montants, logements, localisation, ajouts et retraits), les plus récents d'abord : les {FEED_ENTRIES} derniers au plus.",
        subject.label
    );
    if !has_store {
        subtitle = format!("{subtitle} {NO_STORE}.");
    }
    let info = FeedInfo {
        self_url: format!("{base}{}", about.path()),
        title: format!("Quartiers – ce qui change pour {}", subject.label),
        subtitle,
        map_url,
        changes_url: format!("{base}/changements?{}", about.changes_query()),
    };
    Ok(atom::feed(&info, &entries, snapshot.changes.latest_date())?)
}

fn with_validators(mut r: Response, etag: &str, last_modified: &str) -> Response {
    let h = r.headers_mut();
    for (name, value) in [
        (header::ETAG, etag),
        (header::LAST_MODIFIED, last_modified),
        (header::CACHE_CONTROL, "public, max-age=60"),
    ] {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(name, v);
        }
    }
    r
}

/// `If-None-Match` decides when present (RFC 9110 §13.2.2); else `If-Modified-Since`.
fn not_modified(headers: &HeaderMap, etag: &str, modified: std::time::SystemTime) -> bool {
    if headers.contains_key(header::IF_NONE_MATCH) {
        return crate::caching::not_modified(headers, etag);
    }
    headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .is_some_and(|since| modified <= since)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators() {
        let updated = crate::changes::atom::parse_date("2026-12-03T06:53:12Z");
        let modified = std::time::SystemTime::from(updated.to_utc());
        let text = httpdate::fmt_http_date(modified);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_str(&text).unwrap(),
        );
        assert!(not_modified(&headers, "W/\"x\"", modified), "{text}");
        let earlier = modified - std::time::Duration::from_secs(1);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_str(&httpdate::fmt_http_date(earlier)).unwrap(),
        );
        assert!(!not_modified(&headers, "W/\"x\"", modified));
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("W/\"y\""));
        assert!(!not_modified(&headers, "W/\"x\"", modified));
    }
}
