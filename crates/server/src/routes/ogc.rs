//! OGC API – Features, Parts 1 and 2: landing page, conformance, collections, items, single
//! features and queryables, in JSON (GeoJSON for features) or HTML.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::crs::Crs;
use crate::error::Problem;
use crate::negotiate::Format;
use crate::ogc::collection::Collection;
use crate::ogc::datetime::day_text;
use crate::ogc::links::{base_url, segment, url, Link, GEOJSON, HTML, JSON, OPENAPI, SCHEMA};
use crate::ogc::query::{accepted_params, parse_crs, ItemsQuery};
use crate::ogc::{geojson, html};
use crate::params::Params;
use crate::respond;
use crate::state::{AppState, Snapshot};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/conformance", get(conformance))
        .route("/collections", get(collections))
        .route("/collections/{collection}", get(collection))
        .route("/collections/{collection}/items", get(items))
        .route("/collections/{collection}/items/{feature}", get(item))
        .route("/collections/{collection}/queryables", get(queryables))
}

/// The conformance classes implemented.
pub const CONFORMANCE: [&str; 8] = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/landing-page",
];

/// The landing page document (JSON) and its HTML form.
pub fn landing(state: &AppState, headers: &HeaderMap, format: Format) -> Result<Response, Problem> {
    let base = base_url(state.config(), headers);
    let links = vec![
        Link::new(url(&base, "/", &[]), "self", JSON, "Cette page"),
        Link::new(
            format!("{base}/?f=html"),
            "alternate",
            HTML,
            "Cette page en HTML",
        ),
        Link::new(
            format!("{base}/api"),
            "service-desc",
            OPENAPI,
            "Description OpenAPI 3.0 de l'API",
        ),
        Link::new(
            format!("{base}/api?f=html"),
            "service-doc",
            HTML,
            "Documentation de l'API",
        ),
        Link::new(
            format!("{base}/conformance"),
            "conformance",
            JSON,
            "Classes de conformité",
        ),
        Link::new(format!("{base}/collections"), "data", JSON, "Collections"),
        Link::new(
            format!("{base}/tiles.json"),
            "tiles",
            JSON,
            "Tuiles vectorielles (TileJSON)",
        ),
        Link::new(
            format!("{base}/style.json"),
            "stylesheet",
            JSON,
            "Style MapLibre",
        ),
    ];
    let title = "Quartiers – géographie de la politique de la ville";
    let description = "Quartiers prioritaires (QPV 2024), périmètres, opérations, équipements, centralités et actions des contrats de ville, en OGC API – Features, tuiles vectorielles et requête d'impacts.";
    match format {
        Format::Json => respond::json(
            &json!({"title": title, "description": description, "links": links}),
            JSON,
        ),
        Format::Html => {
            let feeds = crate::changes::html::territory_feeds(&state.snapshot());
            Ok(respond::html(html::page_with_feeds(
                title,
                &format!(
                    "{}{}<p>Requête d'impacts : {}</p>{}",
                    html::paragraph(description),
                    html::links(&links),
                    html::link("/impacts?lon=6.2365&lat=46.1934", "/impacts?lon=…&lat=…"),
                    crate::changes::html::feed_list(&feeds)
                ),
                &feeds,
            )))
        }
    }
}

async fn conformance(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut params: Params,
) -> Result<Response, Problem> {
    let format = Format::negotiate(&mut params, &headers)?;
    params.finish(&["f"])?;
    let _ = state;
    match format {
        Format::Json => respond::json(&json!({ "conformsTo": CONFORMANCE }), JSON),
        Format::Html => {
            let items: String = CONFORMANCE
                .iter()
                .map(|c| format!("<li>{}</li>", html::link(c, c)))
                .collect();
            Ok(respond::html(html::page(
                "Classes de conformité",
                &format!("<ul>{items}</ul>"),
            )))
        }
    }
}

fn find<'s>(snapshot: &'s Snapshot, id: &str) -> Result<&'s Collection, Problem> {
    snapshot.collection(id).ok_or_else(|| {
        let known: Vec<&str> = snapshot.collections.iter().map(|c| c.id).collect();
        Problem::not_found(format!(
            "collection « {id} » inconnue ; collections : {}",
            known.join(", ")
        ))
    })
}

/// The CRS a collection can be asked in.
fn crs_list(c: &Collection) -> Vec<&'static str> {
    if c.spatial {
        Crs::ALL.map(Crs::uri).to_vec()
    } else {
        vec![Crs::Crs84.uri()]
    }
}

/// The collection document of OGC API – Features (with Part 2's `crs` and `storageCrs`).
fn collection_doc(c: &Collection, base: &str) -> Value {
    let path = format!("/collections/{}", c.id);
    let links = vec![
        Link::new(format!("{base}{path}"), "self", JSON, c.title),
        Link::new(
            format!("{base}{path}?f=html"),
            "alternate",
            HTML,
            format!("{} (HTML)", c.title),
        ),
        Link::new(
            format!("{base}{path}/items"),
            "items",
            GEOJSON,
            format!("Objets de « {} »", c.title),
        ),
        Link::new(
            format!("{base}{path}/items?f=html"),
            "items",
            HTML,
            format!("Objets de « {} » (HTML)", c.title),
        ),
        Link::new(
            format!("{base}{path}/queryables"),
            "http://www.opengis.net/def/rel/ogc/1.0/queryables",
            SCHEMA,
            "Propriétés filtrables",
        ),
    ];
    let mut extent = serde_json::Map::new();
    if let Some(e) = c.extent {
        extent.insert(
            "spatial".into(),
            json!({"bbox": [[e.min().x, e.min().y, e.max().x, e.max().y]], "crs": Crs::Crs84.uri()}),
        );
    }
    if c.temporal {
        let (start, end) = c.interval();
        extent.insert(
            "temporal".into(),
            json!({
                "interval": [[start.map(day_text), end.map(day_text)]],
                "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
            }),
        );
    }
    let mut doc = json!({
        "id": c.id,
        "title": c.title,
        "description": c.description,
        "itemType": "feature",
        "crs": crs_list(c),
        "storageCrs": Crs::Crs84.uri(),
        "links": links,
    });
    if !extent.is_empty() {
        doc["extent"] = Value::Object(extent);
    }
    doc
}

async fn collections(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut params: Params,
) -> Result<Response, Problem> {
    let format = Format::negotiate(&mut params, &headers)?;
    params.finish(&["f"])?;
    let snapshot = state.snapshot();
    let base = base_url(state.config(), &headers);
    match format {
        Format::Json => {
            let docs: Vec<Value> = snapshot
                .collections
                .iter()
                .map(|c| collection_doc(c, &base))
                .collect();
            let links = vec![
                Link::new(format!("{base}/collections"), "self", JSON, "Collections"),
                Link::new(
                    format!("{base}/collections?f=html"),
                    "alternate",
                    HTML,
                    "Collections (HTML)",
                ),
            ];
            respond::json(
                &json!({"links": links, "collections": docs, "crs": Crs::ALL.map(Crs::uri)}),
                JSON,
            )
        }
        Format::Html => {
            let rows: Vec<Vec<String>> = snapshot
                .collections
                .iter()
                .map(|c| {
                    vec![
                        html::link(&format!("/collections/{}?f=html", c.id), c.id),
                        html_escape::encode_text(c.title).into_owned(),
                        c.items.len().to_string(),
                        html::link(&format!("/collections/{}/items?f=html", c.id), "objets"),
                    ]
                })
                .collect();
            Ok(respond::html(html::page(
                "Collections",
                &html::table(&["id", "titre", "objets", ""], &rows),
            )))
        }
    }
}

async fn collection(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut params: Params,
) -> Result<Response, Problem> {
    let format = Format::negotiate(&mut params, &headers)?;
    params.finish(&["f"])?;
    let snapshot = state.snapshot();
    let c = find(&snapshot, &id)?;
    let base = base_url(state.config(), &headers);
    let doc = collection_doc(c, &base);
    match format {
        Format::Json => respond::json(&doc, JSON),
        Format::Html => {
            let extent = c
                .extent
                .map(|e| {
                    format!(
                        "Emprise (CRS84) : {:.5}, {:.5} – {:.5}, {:.5}",
                        e.min().x,
                        e.min().y,
                        e.max().x,
                        e.max().y
                    )
                })
                .unwrap_or_else(|| "Sans géométrie.".into());
            let body = format!(
                "{}{}<p>{} objets. {}</p><p>Systèmes de coordonnées : {}</p>",
                html::paragraph(c.description),
                html::paragraph(&extent),
                c.items.len(),
                html::link(
                    &format!("/collections/{}/items?f=html", c.id),
                    "Voir les objets"
                ),
                html_escape::encode_text(&crs_list(c).join(", ")),
            );
            Ok(respond::html(html::page(c.title, &body)))
        }
    }
}

async fn items(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut params: Params,
) -> Result<Response, Problem> {
    let snapshot = state.snapshot();
    let c = find(&snapshot, &id)?;
    let format = Format::negotiate(&mut params, &headers)?;
    let query = ItemsQuery::parse(&mut params, c, state.config().limits.max_items)?;
    let accepted = accepted_params(c);
    params.finish(&accepted.iter().map(String::as_str).collect::<Vec<_>>())?;

    let selected = query.select(c);
    let matched = selected.len();
    let page: Vec<_> = selected
        .into_iter()
        .skip(query.offset)
        .take(query.limit)
        .collect();
    let base = base_url(state.config(), &headers);
    let path = format!("/collections/{}/items", c.id);
    let with = |offset: usize, f: Option<&str>| {
        let mut q = query.echo.clone();
        if offset > 0 {
            q.push(("offset".into(), offset.to_string()));
        }
        if let Some(f) = f {
            q.push(("f".into(), f.into()));
        }
        url(&base, &path, &q)
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
    if query.offset + page.len() < matched {
        links.push(Link::new(
            with(query.offset + page.len(), None),
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
    match format {
        Format::Json => {
            let features = page
                .iter()
                .map(|it| geojson::feature(it, query.crs))
                .collect::<Result<Vec<_>, _>>()?;
            let body = json!({
                "type": "FeatureCollection",
                "numberMatched": matched,
                "numberReturned": page.len(),
                "links": links,
                "features": features,
            });
            let mut r = respond::json(&body, GEOJSON)?;
            content_crs(&mut r, query.crs);
            Ok(r)
        }
        Format::Html => {
            let rows: Vec<Vec<String>> = page
                .iter()
                .map(|it| {
                    let title = ["nom", "titre"]
                        .iter()
                        .find_map(|k| it.properties.get(*k).and_then(Value::as_str))
                        .unwrap_or("");
                    vec![
                        html::link(
                            &format!("/collections/{}/items/{}?f=html", c.id, segment(&it.id)),
                            &it.id,
                        ),
                        html_escape::encode_text(title).into_owned(),
                    ]
                })
                .collect();
            let nav: String = links
                .iter()
                .filter(|l| l.rel == "next" || l.rel == "prev")
                .map(|l| {
                    let href = l.href.replace(&base, "");
                    let sep = if href.contains('?') { '&' } else { '?' };
                    html::link(&format!("{href}{sep}f=html"), &l.title)
                })
                .collect::<Vec<_>>()
                .join(" ");
            let body = format!(
                "<p>{} objet(s) correspondent, {} affiché(s) à partir du n° {}.</p>{}<p>{nav}</p>",
                matched,
                page.len(),
                query.offset + 1,
                html::table(&["id", "nom"], &rows)
            );
            Ok(respond::html(html::page(c.title, &body)))
        }
    }
}

fn content_crs(r: &mut Response, crs: Crs) {
    if let Ok(v) = HeaderValue::from_str(&format!("<{}>", crs.uri())) {
        r.headers_mut().insert("content-crs", v);
    }
}

async fn item(
    State(state): State<AppState>,
    Path((id, feature)): Path<(String, String)>,
    headers: HeaderMap,
    mut params: Params,
) -> Result<Response, Problem> {
    let snapshot = state.snapshot();
    let c = find(&snapshot, &id)?;
    let format = Format::negotiate(&mut params, &headers)?;
    let target = match params.take("crs") {
        None => Crs::Crs84,
        Some(v) => parse_crs("crs", &v)?,
    };
    params.finish(&["f", "crs"])?;
    let it = c.item(&feature).ok_or_else(|| {
        Problem::not_found(format!(
            "objet « {feature} » introuvable dans la collection « {} »",
            c.id
        ))
    })?;
    let base = base_url(state.config(), &headers);
    let self_url = format!("{base}/collections/{}/items/{}", c.id, segment(&it.id));
    match format {
        Format::Json => {
            let mut f = geojson::feature(it, target)?;
            f["links"] = json!([
                Link::new(self_url.clone(), "self", GEOJSON, "Cet objet"),
                Link::new(
                    format!("{self_url}?f=html"),
                    "alternate",
                    HTML,
                    "Cet objet en HTML"
                ),
                Link::new(
                    format!("{base}/collections/{}", c.id),
                    "collection",
                    JSON,
                    c.title
                ),
            ]);
            let mut r = respond::json(&f, GEOJSON)?;
            content_crs(&mut r, target);
            Ok(r)
        }
        Format::Html => {
            let feeds = crate::changes::html::item_feeds(&snapshot, c.id, &it.id);
            Ok(respond::html(html::page_with_feeds(
                &it.id,
                &format!(
                    "<p>Collection {}</p>{}{}{}",
                    html::link(&format!("/collections/{}?f=html", c.id), c.title),
                    html::properties(&it.properties),
                    crate::changes::html::section(&snapshot, c.id, &it.id),
                    crate::changes::html::feed_list(&feeds)
                ),
                &feeds,
            )))
        }
    }
}

async fn queryables(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut params: Params,
) -> Result<Response, Problem> {
    let snapshot = state.snapshot();
    let c = find(&snapshot, &id)?;
    let format = Format::negotiate(&mut params, &headers)?;
    params.finish(&["f"])?;
    let base = base_url(state.config(), &headers);
    let mut properties = serde_json::Map::new();
    for q in &c.queryables {
        properties.insert(q.name.clone(), q.schema.clone());
    }
    match format {
        Format::Json => respond::json(
            &json!({
                "$schema": "https://json-schema.org/draft/2019-09/schema",
                "$id": format!("{base}/collections/{}/queryables", c.id),
                "type": "object",
                "title": c.title,
                "properties": properties,
                "additionalProperties": false,
            }),
            SCHEMA,
        ),
        Format::Html => {
            let rows: Vec<Vec<String>> = c
                .queryables
                .iter()
                .map(|q| {
                    vec![
                        html_escape::encode_text(&q.name).into_owned(),
                        html::value(&q.schema),
                    ]
                })
                .collect();
            Ok(respond::html(html::page(
                &format!("Propriétés filtrables – {}", c.title),
                &html::table(&["propriété", "type"], &rows),
            )))
        }
    }
}
