//! `/collections/{collection}/items`: a page of features selected by the items query
//! (paging, bbox, datetime, property filters, CQL2, sortby, properties), with its paging
//! links, in GeoJSON or HTML.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::{find, geojson_answer};
use crate::error::Problem;
use crate::html;
use crate::negotiate::Format;
use crate::ogc::collection::Collection;
use crate::ogc::geojson;
use crate::ogc::links::{base_url, url, Link, GEOJSON, HTML, JSON};
use crate::ogc::query::{accepted_params, ItemsQuery};
use crate::params::Params;
use crate::routes::Req;
use crate::state::{AppState, Snapshot};

/// The query of an items request and the positions of the items it selects. With a CQL2
/// filter, all of it runs on the pool of costly requests — reading the filter (a literal of
/// thousands of vertices takes the parser a second), estimating its spatial work (422 past
/// `[budgets.geometry] max_filter_work`), then comparing geometries edge by edge — so that
/// the async workers stay free for `/health`, tiles and plain items.
async fn selection(
    state: &AppState,
    snapshot: &Arc<Snapshot>,
    c: &Collection,
    mut params: Params,
) -> Result<(ItemsQuery, Vec<usize>), Problem> {
    let max_items = state.config().limits.max_items;
    if !params.has("filter") {
        let query = ItemsQuery::parse(&mut params, c, max_items)?;
        let accepted = accepted_params(c);
        params.finish(&accepted.iter().map(String::as_str).collect::<Vec<_>>())?;
        let found = query.matching(c, &|| false).unwrap_or_default();
        return Ok((query, found));
    }
    let snapshot = snapshot.clone();
    let id = c.id;
    let max_work = state.config().budgets.geometry.max_filter_work;
    let deadline = Duration::from_secs(state.config().limits.request_timeout_s.max(1));
    state
        .heavy()
        .run(deadline, move |stop| {
            let c = find(&snapshot, id)?;
            let query = ItemsQuery::parse(&mut params, c, max_items)?;
            let accepted = accepted_params(c);
            params.finish(&accepted.iter().map(String::as_str).collect::<Vec<_>>())?;
            let work = query
                .filter
                .as_ref()
                .map_or(0, |f| f.spatial_work(c, max_work));
            if work > max_work {
                return Err(Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!(
                        "filtre trop coûteux : ses géométries comparées aux objets de « {} » qu'elles touchent font plus de {max_work} couples de sommets (sommets de la géométrie × sommets des objets) ; simplifiez la géométrie ou réduisez son emprise",
                        c.id
                    ),
                )
                .with_member("borne", "budgets.geometry.max_filter_work")
                .with_member("maximum", max_work));
            }
            let found = query.matching(c, &|| stop.requested()).ok_or_else(|| {
                Problem::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "filtre abandonné : délai de traitement dépassé",
                )
            })?;
            Ok((query, found))
        })
        .await?
}

pub(super) async fn items(
    Path(id): Path<String>,
    Req(state, headers, mut params): Req,
) -> Result<Response, Problem> {
    let snapshot = state.snapshot();
    let c = find(&snapshot, &id)?;
    let format = Format::negotiate(&mut params, &headers)?;
    let (query, found) = selection(&state, &snapshot, c, params).await?;
    let selected = query.order(c, found);
    let matched = selected.len();
    let page: Vec<_> = selected
        .into_iter()
        .skip(query.offset)
        .take(query.limit)
        .collect();
    let base = base_url(state.config(), &headers);
    let links = paging(&query, c, &base, page.len(), matched);
    format.answer(
        || {
            let features = page
                .iter()
                .map(|it| geojson::feature(it, query.crs, query.properties.as_deref()))
                .collect::<Result<Vec<_>, _>>()?;
            let body = json!({
                "type": "FeatureCollection",
                "numberMatched": matched,
                "numberReturned": page.len(),
                "links": links,
                "features": features,
            });
            geojson_answer(&body, query.crs)
        },
        || html::ogc::items(c, &page, matched, query.offset, &links, &base),
    )
}

/// The links of a page of `shown` items out of `matched`: itself, its HTML form, its
/// collection, and the next and previous pages, repeating the query.
fn paging(
    query: &ItemsQuery,
    c: &Collection,
    base: &str,
    shown: usize,
    matched: usize,
) -> Vec<Link> {
    let path = format!("/collections/{}/items", c.id);
    let with = |offset: usize, f: Option<&str>| {
        let mut q = query.echo.clone();
        if offset > 0 {
            q.push(("offset".into(), offset.to_string()));
        }
        if let Some(f) = f {
            q.push(("f".into(), f.into()));
        }
        url(base, &path, &q)
    };
    let mut links = vec![
        Link::new(with(query.offset, None), "self", GEOJSON, "Cette page"),
        Link::new(
            with(query.offset, Some("html")),
            "alternate",
            HTML,
            "Cette page en HTML",
        ),
        Link::new(
            format!("{base}/collections/{}", c.id),
            "collection",
            JSON,
            c.title,
        ),
    ];
    if query.offset + shown < matched {
        links.push(Link::new(
            with(query.offset + shown, None),
            "next",
            GEOJSON,
            "Page suivante",
        ));
    }
    if query.offset > 0 {
        let prev = query.offset.saturating_sub(query.limit);
        links.push(Link::new(
            with(prev, None),
            "prev",
            GEOJSON,
            "Page précédente",
        ));
    }
    links
}
