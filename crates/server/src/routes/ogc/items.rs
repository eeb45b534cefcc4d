//! `/collections/{collection}/items`: a page of features selected by the items query
//! (paging, bbox, datetime, property filters, CQL2, sortby, properties), with its paging
//! links, in GeoJSON or HTML.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;

use super::{find, geojson_answer};
use crate::error::Problem;
use crate::html;
use crate::negotiate::Format;
use crate::ogc::collection::{Collection, Item};
use crate::ogc::geojson;
use crate::ogc::links::{base_url, url, Link, GEOJSON, HTML, JSON};
use crate::ogc::query::{accepted_params, Compiled, ItemsQuery};
use crate::params::Params;
use crate::routes::Req;
use crate::state::{AppState, Snapshot};

/// Most evaluations (a filter's operators and operands times the candidates) an async worker
/// runs itself, for a filter compiled by an earlier request that compares no geometry: a few
/// hundred microseconds at most. Past it, or for a filter not compiled yet or a spatial one,
/// the work goes to the pool of costly requests.
const INLINE_WORK: usize = 50_000;

/// The query of an items request and the positions of the items it selects. With a CQL2
/// filter, all of it runs on the pool of costly requests — reading the filter (a literal of
/// thousands of vertices takes the parser a second), estimating its spatial work (422 past
/// `[budgets.geometry] max_filter_work`), then comparing geometries edge by edge — so that
/// the async workers stay free for `/health`, tiles and plain items; unless an earlier
/// request compiled the filter, it compares no geometry and its candidates are few
/// ([`INLINE_WORK`]): the pool's hand-over would then cost more than the work.
async fn selection(
    state: &AppState,
    snapshot: &Arc<Snapshot>,
    c: &Collection,
    mut params: Params,
) -> Result<(ItemsQuery, Vec<usize>), Problem> {
    let max_items = state.config().limits.max_items;
    let compiled = Compiled {
        cache: state.filters(),
        version: &snapshot.version,
        known: None,
    };
    let id = c.id;
    let deadline = Duration::from_secs(state.config().limits.request_timeout_s.max(1));
    let known = compiled.lookup(&params, c);
    if !params.has("filter") || known.as_ref().is_some_and(|f| !f.is_spatial()) {
        let compiled = Compiled {
            known: known.as_ref(),
            ..compiled
        };
        let query = ItemsQuery::parse(&mut params, c, max_items, Some(compiled))?;
        let accepted = accepted_params(c);
        params.finish(&accepted.iter().map(String::as_str).collect::<Vec<_>>())?;
        let candidates = query.candidates(c);
        let work = query
            .filter
            .as_ref()
            .map_or(0, |f| f.size().saturating_mul(candidates.len()));
        if work <= INLINE_WORK {
            let found = query
                .matching_among(c, candidates, &|| false)
                .unwrap_or_default();
            return Ok((query, found));
        }
        let snapshot = snapshot.clone();
        return state
            .heavy()
            .run(deadline, move |stop| {
                let c = find(&snapshot, id)?;
                let found = query
                    .matching_among(c, candidates, &|| stop.requested())
                    .ok_or_else(abandoned)?;
                Ok((query, found))
            })
            .await?;
    }
    let snapshot = snapshot.clone();
    let shared = state.clone();
    let max_work = state.config().budgets.geometry.max_filter_work;
    state
        .heavy()
        .run(deadline, move |stop| {
            let c = find(&snapshot, id)?;
            let compiled = Compiled {
                cache: shared.filters(),
                version: &snapshot.version,
                known: None,
            };
            let query = ItemsQuery::parse(&mut params, c, max_items, Some(compiled))?;
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
            let found = query
                .matching(c, &|| stop.requested())
                .ok_or_else(abandoned)?;
            Ok((query, found))
        })
        .await?
}

/// The answer when a filter's work was stopped at the request's deadline.
fn abandoned() -> Problem {
    Problem::new(
        StatusCode::REQUEST_TIMEOUT,
        "filtre abandonné : délai de traitement dépassé",
    )
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
            let body = feature_collection(&page, matched, &links, &query)?;
            Ok(geojson_answer(body, query.crs))
        },
        || html::ogc::items(c, &page, matched, query.offset, &links, &base),
    )
}

/// The page as a GeoJSON FeatureCollection, assembled from each feature's bytes (written
/// once per data version for the usual request, see [`geojson::feature_bytes`]): the same
/// bytes as serialising the whole document as one JSON value.
fn feature_collection(
    page: &[&Item],
    matched: usize,
    links: &[Link],
    query: &ItemsQuery,
) -> Result<Vec<u8>, Problem> {
    let features = page
        .iter()
        .map(|it| geojson::feature_bytes(it, query.crs, query.properties.as_deref()))
        .collect::<Result<Vec<_>, _>>()?;
    let size = features.iter().map(|f| f.len() + 1).sum::<usize>() + 1024;
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(br#"{"type":"FeatureCollection","numberMatched":"#);
    out.extend_from_slice(matched.to_string().as_bytes());
    out.extend_from_slice(br#","numberReturned":"#);
    out.extend_from_slice(page.len().to_string().as_bytes());
    out.extend_from_slice(br#","links":"#);
    serde_json::to_writer(&mut out, links).map_err(Problem::internal)?;
    out.extend_from_slice(br#","features":["#);
    for (n, f) in features.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(f);
    }
    out.extend_from_slice(b"]}");
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::Crs;
    use geo::{polygon, Geometry};
    use serde_json::json;

    fn item(id: &str, properties: serde_json::Value, geometry: Option<Geometry<f64>>) -> Item {
        Item {
            id: id.into(),
            properties: properties.as_object().cloned().unwrap_or_default(),
            bbox: geometry.as_ref().and_then(geo::BoundingRect::bounding_rect),
            geometry,
            period: None,
            geojson: Default::default(),
        }
    }

    fn query(crs: Crs, properties: Option<Vec<String>>) -> ItemsQuery {
        ItemsQuery {
            limit: 10,
            offset: 0,
            bbox: None,
            crs,
            datetime: None,
            filters: Vec::new(),
            filter: None,
            sortby: Vec::new(),
            properties,
            echo: Vec::new(),
        }
    }

    /// The page assembled from each feature's bytes is the document serialised whole, in
    /// CRS84 (the bytes written once, then reused) as in another CRS or with `properties=`.
    #[test]
    fn an_assembled_page_is_the_whole_document_serialised() {
        let square =
            polygon![(x: 6.2, y: 46.1), (x: 6.3, y: 46.1), (x: 6.3, y: 46.2), (x: 6.2, y: 46.1)];
        let items = [
            item(
                "a:1",
                json!({"nom": "Le Perrier « Château-Rouge »", "logements": 12, "part": 0.1}),
                Some(Geometry::Polygon(square)),
            ),
            item(
                "a:2",
                json!({"nom": "sans géométrie", "insee_com": ["74012"]}),
                None,
            ),
        ];
        let page: Vec<&Item> = items.iter().collect();
        assert_eq!(format!("{:?}", items[1].geojson), "Written(not yet)");
        let links = vec![Link::new(
            "http://h/x?a=%C3%A9".into(),
            "self",
            GEOJSON,
            "Cette page",
        )];
        for (crs, properties) in [
            (Crs::Crs84, None),
            (Crs::Crs84, None), // the second time from the written bytes
            (Crs::Lambert93, None),
            (Crs::Crs84, Some(vec!["nom".to_string()])),
        ] {
            let q = query(crs, properties);
            let features: Vec<_> = page
                .iter()
                .map(|it| geojson::feature(it, crs, q.properties.as_deref()).expect("feature"))
                .collect();
            let whole = json!({
                "type": "FeatureCollection",
                "numberMatched": 1584,
                "numberReturned": page.len(),
                "links": links,
                "features": features,
            });
            let assembled = feature_collection(&page, 1584, &links, &q).expect("page");
            assert_eq!(
                String::from_utf8(assembled).expect("utf-8"),
                serde_json::to_string(&whole).expect("json")
            );
        }
        assert_eq!(format!("{:?}", items[1].geojson), "Written(107 bytes)");
    }
}
