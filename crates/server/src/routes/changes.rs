//! The history of the data as JSON: `GET /collections/{id}/items/{fid}/historique` (every
//! version that added, changed or removed a feature) and `GET /changements?depuis=…` (the
//! changes since a date concerning a territory, a quartier, a commune or a place).

use axum::extract::Path;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

use crate::changes::NO_STORE;
use crate::changes::{feature_of, Entry, Selection};
use crate::error::Problem;
use crate::negotiate::Format;
use crate::ogc::links::{base_url, segment, url, Link, ATOM, GEOJSON, HTML, JSON};
use crate::respond;
use crate::routes::Req;
use crate::state::{AppState, Snapshot};
use crate::subject::{self, Area, Subject};

/// Changes answered by `/changements` unless `limite` says otherwise, and at most.
const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 1000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/collections/{collection}/items/{feature}/historique",
            get(history),
        )
        .route("/changements", get(changes))
}

async fn history(
    Path((collection, feature)): Path<(String, String)>,
    Req(state, headers, mut params): Req,
) -> Result<Response, Problem> {
    let format = Format::negotiate(&mut params, &headers)?;
    params.finish(&["f"])?;
    let snapshot = state.snapshot();
    let c = snapshot.collection(&collection).ok_or_else(|| {
        Problem::not_found(format!(
            "collection « {collection} » inconnue ; /collections les liste"
        ))
    })?;
    let item = c.item(&feature);
    let entries = feature_of(c.id, &feature)
        .map(|(territory, layer, id)| snapshot.changes.of_item(&territory, layer, &id))
        .unwrap_or_default();
    if entries.is_empty() && item.is_none() {
        return Err(Problem::not_found(format!(
            "objet « {feature} » introuvable dans la collection « {} », ni aujourd'hui ni dans l'historique",
            c.id
        )));
    }
    let base = base_url(state.config(), &headers);
    let self_url = format!(
        "{base}/collections/{}/items/{}/historique",
        c.id,
        segment(&feature)
    );
    if format == Format::Html {
        let title = format!("Historique de {feature}");
        let body = crate::html::changes::section(&snapshot, c.id, &feature);
        return Ok(respond::html(crate::html::page(&title, &body)));
    }
    let name = entries.first().map(|e| e.change.nom.clone()).or_else(|| {
        item.and_then(|it| {
            ["nom", "titre"]
                .iter()
                .find_map(|k| it.properties.get(*k).and_then(|v| v.as_str()))
                .map(str::to_string)
        })
    });
    let versions: Vec<_> = entries
        .iter()
        .map(|e| e.to_json(snapshot.change_links(&base, e, None)))
        .collect();
    let mut links = vec![
        Link::new(self_url.clone(), "self", JSON, "Cet historique"),
        Link::new(
            format!("{self_url}?f=html"),
            "alternate",
            HTML,
            "Cet historique en HTML",
        ),
        Link::new(
            format!("{base}/collections/{}", c.id),
            "collection",
            JSON,
            c.title,
        ),
    ];
    if item.is_some() {
        links.push(Link::new(
            format!("{base}/collections/{}/items/{}", c.id, segment(&feature)),
            "describes",
            GEOJSON,
            "L'objet",
        ));
    }
    let mut body = json!({
        "collection": c.id,
        "id": feature,
        "nom": name,
        "publie": item.is_some(),
        "nb_versions": versions.len(),
        "versions": versions,
        "links": links,
    });
    if state.store().is_none() {
        body["remarque"] = json!(NO_STORE);
    }
    respond::json(&body, JSON)
}

/// `depuis` as the store writes dates (RFC 3339, UTC, to the second): a day
/// (`2025-03-01`, from midnight UTC) or an instant with its offset.
pub fn parse_since(text: &str) -> Result<String, Problem> {
    let t = text.trim();
    if let Ok(day) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(format!("{}T00:00:00Z", day.format("%Y-%m-%d")));
    }
    chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| {
            d.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        })
        .map_err(|_| {
            Problem::bad_request(format!(
                "paramètre « depuis » : une date AAAA-MM-JJ ou un instant RFC 3339 (2025-03-01T08:00:00Z) est attendu, reçu « {text} »"
            ))
        })
}

async fn changes(Req(state, headers, mut params): Req) -> Result<Response, Problem> {
    let since = params.take("depuis").map(|d| parse_since(&d)).transpose()?;
    let territory = params.take("territoire");
    let quartier = params.take("quartier");
    let commune = params.take("commune");
    let point = params.take_point(false)?;
    let limit = params
        .take_usize("limite", 1, MAX_LIMIT)?
        .unwrap_or(DEFAULT_LIMIT);
    params.finish(&[
        "depuis",
        "territoire",
        "quartier",
        "commune",
        "lon",
        "lat",
        "limite",
    ])?;
    let snapshot = state.snapshot();
    let base = base_url(state.config(), &headers);
    let query = Query {
        since,
        territory,
        quartier,
        commune,
        point,
        limit,
        has_store: state.store().is_some(),
    };
    // Areas (a quartier, a commune, a territory) take milliseconds: off the async workers.
    tokio::task::spawn_blocking(move || query.answer(&snapshot, &base)).await?
}

/// The parameters of `/changements`, read.
struct Query {
    since: Option<String>,
    territory: Option<String>,
    quartier: Option<String>,
    commune: Option<String>,
    point: Option<(f64, f64)>,
    limit: usize,
    has_store: bool,
}

impl Query {
    fn answer(self, snapshot: &Snapshot, base: &str) -> Result<Response, Problem> {
        let mut subjects: Vec<(Subject, &str, String)> = Vec::new();
        for (area, key) in [
            (Area::Territory, &self.territory),
            (Area::Quartier, &self.quartier),
            (Area::Commune, &self.commune),
        ] {
            if let Some(key) = key {
                subjects.push((area.subject(snapshot, key)?, area.param(), key.clone()));
            }
        }
        if let Some((lon, lat)) = self.point {
            subjects.push((
                subject::point(snapshot, lon, lat),
                "lieu",
                format!("{lon},{lat}"),
            ));
        }
        let anchor = subjects.iter().find_map(|(s, _, _)| s.anchor);
        let selection = Selection {
            since: self.since.clone(),
            scopes: subjects.iter().map(|(s, _, _)| s.scope.clone()).collect(),
        };
        let all: Vec<Entry<'_>> = snapshot.changes.select(&selection).collect();
        let list: Vec<_> = all
            .iter()
            .take(self.limit)
            .map(|e| e.to_json(snapshot.change_links(base, e, anchor)))
            .collect();
        let mut echo: Vec<(String, String)> = Vec::new();
        for (key, value) in [
            ("depuis", &self.since),
            ("territoire", &self.territory),
            ("quartier", &self.quartier),
            ("commune", &self.commune),
        ] {
            if let Some(v) = value {
                echo.push((key.into(), v.clone()));
            }
        }
        if let Some((lon, lat)) = self.point {
            echo.push(("lon".into(), lon.to_string()));
            echo.push(("lat".into(), lat.to_string()));
        }
        let mut links = vec![Link::new(
            url(base, "/changements", &echo),
            "self",
            JSON,
            "Cette liste",
        )];
        if let Some(href) = feed_url(base, &subjects) {
            links.push(Link::new(href, "alternate", ATOM, "Le flux Atom"));
        }
        let filters: serde_json::Map<String, serde_json::Value> = subjects
            .iter()
            .map(|(s, k, v)| (k.to_string(), json!({"valeur": v, "libelle": s.label})))
            .collect();
        let mut body = json!({
            "depuis": self.since,
            "filtres": filters,
            "nb_changements": all.len(),
            "nb_renvoyes": list.len(),
            "changements": list,
            "links": links,
        });
        if !self.has_store {
            body["remarque"] = json!(NO_STORE);
        }
        respond::json(&body, JSON)
    }
}

/// The feed of the single subject of a query, if it has one.
fn feed_url(base: &str, subjects: &[(Subject, &str, String)]) -> Option<String> {
    let [(_, kind, value)] = subjects else {
        return None;
    };
    Some(match Area::from_param(kind) {
        Some(area) => format!("{base}/flux/{}/{}", area.feed_segment(), segment(value)),
        None => {
            let (lon, lat) = value.split_once(',')?;
            format!("{base}/flux?lon={lon}&lat={lat}")
        }
    })
}
