//! OGC API – Features, Parts 1 to 3: landing page, conformance, collections, items (with CQL2
//! filters, sorting and property selection), single features and queryables, in JSON (GeoJSON
//! for features) or HTML.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::crs::Crs;
use crate::error::Problem;
use crate::negotiate::Format;
use crate::ogc::collection::Collection;
use crate::ogc::datetime::day_text;
use crate::ogc::filter::GEOMETRY;
use crate::ogc::links::{base_url, segment, url, Link, GEOJSON, HTML, JSON, OPENAPI, SCHEMA};
use crate::ogc::query::{accepted_params, parse_crs, parse_properties, ItemsQuery};
use crate::ogc::tiles as ogc_tiles;
use crate::ogc::{geojson, html};
use crate::params::Params;
use crate::respond;
use crate::routes::tiles as mvt;
use crate::routes::Req;
use crate::state::{AppState, Snapshot};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/conformance", get(conformance))
        .route("/collections", get(collections))
        .route("/collections/{collection}", get(collection))
        .route("/collections/{collection}/items", get(items))
        .route("/collections/{collection}/items/{feature}", get(item))
        .route("/collections/{collection}/queryables", get(queryables))
        .route("/collections/{collection}/sortables", get(sortables))
        .route("/tileMatrixSets", get(tile_matrix_sets))
        .route("/tileMatrixSets/{tms}", get(tile_matrix_set))
        .route(
            "/tiles",
            get(|req: Req| tileset_doc(req, None, TilesetDoc::List)),
        )
        .route(
            "/tiles/WebMercatorQuad",
            get(|req: Req| tileset_doc(req, None, TilesetDoc::Document)),
        )
        .route(
            "/collections/{collection}/tiles",
            get(|Path(id): Path<String>, req: Req| tileset_doc(req, Some(id), TilesetDoc::List)),
        )
        .route(
            "/collections/{collection}/tiles/WebMercatorQuad",
            get(|Path(id): Path<String>, req: Req| {
                tileset_doc(req, Some(id), TilesetDoc::Document)
            }),
        )
        .route(
            "/collections/{collection}/tiles/WebMercatorQuad/{z}/{y}/{x}",
            get(collection_tile),
        )
}

/// The conformance classes implemented.
pub const CONFORMANCE: [&str; 30] = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
    "http://www.opengis.net/spec/cql2/1.0/conf/accent-insensitive-comparison",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/array-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/property-property",
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/sorting",
    "http://www.opengis.net/spec/ogcapi-features-8/1.0/conf/sorting",
    "http://www.opengis.net/spec/ogcapi-features-6/1.0/conf/property-selection",
    "http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/landing-page",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
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
        Link::new(
            format!("{base}/tiles"),
            ogc_tiles::REL_TILESETS_VECTOR,
            JSON,
            "Tuiles vectorielles (OGC API – Tiles)",
        ),
        Link::new(
            format!("{base}/tileMatrixSets"),
            ogc_tiles::REL_TILING_SCHEMES,
            JSON,
            "Grilles de tuilage",
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

async fn conformance(Req(_, headers, mut params): Req) -> Result<Response, Problem> {
    let format = Format::negotiate(&mut params, &headers)?;
    params.finish(&["f"])?;
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
    let mut links = vec![
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
    links.push(Link::new(
        format!("{base}{path}/sortables"),
        "http://www.opengis.net/def/rel/ogc/1.0/sortables",
        SCHEMA,
        "Propriétés triables (sortby)",
    ));
    if has_tiles(c) {
        links.push(Link::new(
            format!("{base}{path}/tiles"),
            ogc_tiles::REL_TILESETS_VECTOR,
            JSON,
            format!("Tuiles vectorielles de « {} »", c.title),
        ));
    }
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

async fn collections(Req(state, headers, mut params): Req) -> Result<Response, Problem> {
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
    Path(id): Path<String>,
    Req(state, headers, mut params): Req,
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

async fn items(
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
                .map(|it| geojson::feature(it, query.crs, query.properties.as_deref()))
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
    Path((id, feature)): Path<(String, String)>,
    Req(state, headers, mut params): Req,
) -> Result<Response, Problem> {
    let snapshot = state.snapshot();
    let c = find(&snapshot, &id)?;
    let format = Format::negotiate(&mut params, &headers)?;
    let target = match params.take("crs") {
        None => Crs::Crs84,
        Some(v) => parse_crs("crs", &v)?,
    };
    let properties = match params.take("properties") {
        None => None,
        Some(v) => Some(parse_properties(&v, c)?),
    };
    params.finish(&["f", "crs", "properties"])?;
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
            let mut f = geojson::feature(it, target, properties.as_deref())?;
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
                    html::properties(&geojson::select(&it.properties, properties.as_deref())),
                    crate::changes::html::section(&snapshot, c.id, &it.id),
                    crate::changes::html::feed_list(&feeds)
                ),
                &feeds,
            )))
        }
    }
}

async fn queryables(
    Path(id): Path<String>,
    Req(state, headers, mut params): Req,
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
    if c.spatial {
        // Part 3: the spatial queryable, for S_INTERSECTS(geometry, …) and the like.
        properties.insert(
            GEOMETRY.into(),
            json!({"title": "Géométrie de l'objet", "format": "geometry-any", "x-ogc-role": "primary-geometry"}),
        );
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

/// Whether a collection is a layer of the vector tiles (every layer of the contract with
/// geometries; not the national references).
fn has_tiles(c: &Collection) -> bool {
    c.tiled && c.extent.is_some()
}

async fn tile_matrix_sets(Req(state, headers, mut params): Req) -> Result<Response, Problem> {
    json_only(&mut params)?;
    let base = base_url(state.config(), &headers);
    respond::json(&ogc_tiles::tile_matrix_sets(&base), JSON)
}

async fn tile_matrix_set(Path(tms): Path<String>, mut params: Params) -> Result<Response, Problem> {
    json_only(&mut params)?;
    if tms != ogc_tiles::TMS_ID {
        return Err(Problem::not_found(format!(
            "grille de tuilage « {tms} » inconnue ; grilles : {}",
            ogc_tiles::TMS_ID
        )));
    }
    respond::json(&ogc_tiles::web_mercator_quad(tiles::MAX_ZOOM), JSON)
}

/// The dataset's tileset: every layer, at the tile route of the web map.
fn dataset(snapshot: &Snapshot, base: &str) -> ogc_tiles::Tileset<'static> {
    let extent = snapshot
        .collections
        .iter()
        .filter_map(|c| c.extent)
        .reduce(crate::ogc::collection::union);
    ogc_tiles::Tileset {
        title: "Quartiers – toutes les couches".into(),
        path: format!("{base}/tiles"),
        template: format!("{base}/tiles/{{tileMatrix}}/{{tileCol}}/{{tileRow}}.mvt"),
        layers: snapshot
            .collections
            .iter()
            .filter(|c| has_tiles(c))
            .map(|c| (c.id, c.description))
            .collect(),
        extent,
        max_zoom: tiles::MAX_ZOOM,
    }
}

fn collection_tileset_of<'c>(c: &'c Collection, base: &str) -> ogc_tiles::Tileset<'c> {
    let path = format!("{base}/collections/{}/tiles", c.id);
    ogc_tiles::Tileset {
        title: format!("{} – tuiles vectorielles", c.title),
        template: format!(
            "{path}/{}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}",
            ogc_tiles::TMS_ID
        ),
        path,
        layers: vec![(c.id, c.description)],
        extent: c.extent,
        max_zoom: tiles::MAX_ZOOM,
    }
}

/// Which document of a tileset to answer.
#[derive(Clone, Copy)]
enum TilesetDoc {
    List,
    Document,
}

/// A tileset list or document: the dataset's (`collection` = None) or a collection's.
async fn tileset_doc(
    Req(state, headers, mut params): Req,
    collection: Option<String>,
    doc: TilesetDoc,
) -> Result<Response, Problem> {
    json_only(&mut params)?;
    let snapshot = state.snapshot();
    let base = base_url(state.config(), &headers);
    let set = match &collection {
        None => dataset(&snapshot, &base),
        Some(id) => collection_tileset_of(tiled(&snapshot, id)?, &base),
    };
    let body = match doc {
        TilesetDoc::List => set.list(&base),
        TilesetDoc::Document => set.document(&base),
    };
    respond::json(&body, JSON)
}

fn tiled<'s>(snapshot: &'s Snapshot, id: &str) -> Result<&'s Collection, Problem> {
    let c = find(snapshot, id)?;
    if !has_tiles(c) {
        return Err(Problem::not_found(format!(
            "la collection « {id} » n'a pas de tuiles (pas de géométrie)"
        )));
    }
    Ok(c)
}

/// One collection's layer of the dataset's tile z/x/y: the same cached tile (and ETag, the
/// data version), with the other layers left out.
async fn collection_tile(
    Path((id, z, y, x)): Path<(String, String, String, String)>,
    Req(state, headers, params): Req,
) -> Result<Response, Problem> {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    params.finish(&[])?;
    let snapshot = state.snapshot();
    let c = tiled(&snapshot, &id)?;
    let (z, x, y): (u8, u32, u32) = (
        mvt::parse("z", &z)?,
        mvt::parse("x", &x)?,
        mvt::parse("y", &y)?,
    );
    let etag = format!("W/\"{}-{}\"", snapshot.version, c.id);
    if mvt::not_modified(&headers, &etag) {
        return Ok(mvt::with_caching(
            StatusCode::NOT_MODIFIED.into_response(),
            &etag,
        ));
    }
    let full = mvt::load(&state, &snapshot, z, x, y).await?;
    let layer = if full.is_empty() {
        Vec::new()
    } else {
        crate::ogc::tiles::layer_of(&full.raw, c.id).map_err(Problem::internal)?
    };
    if layer.is_empty() {
        return Ok(mvt::with_caching(
            StatusCode::NO_CONTENT.into_response(),
            &etag,
        ));
    }
    let mut r = (StatusCode::OK, layer).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(mvt::MVT));
    Ok(mvt::with_caching(r, &etag))
}

/// The properties `sortby` accepts: the scalar queryables.
async fn sortables(
    Path(id): Path<String>,
    Req(state, headers, mut params): Req,
) -> Result<Response, Problem> {
    json_only(&mut params)?;
    let snapshot = state.snapshot();
    let c = find(&snapshot, &id)?;
    let base = base_url(state.config(), &headers);
    let properties: serde_json::Map<String, Value> = c
        .queryables
        .iter()
        .filter(|q| q.schema["type"] != "array")
        .map(|q| (q.name.clone(), q.schema.clone()))
        .collect();
    respond::json(
        &json!({
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "$id": format!("{base}/collections/{}/sortables", c.id),
            "type": "object",
            "title": format!("Propriétés triables – {}", c.title),
            "properties": properties,
            "additionalProperties": false,
        }),
        SCHEMA,
    )
}

/// The OGC API – Tiles documents are JSON only: `f=json` or nothing.
fn json_only(params: &mut Params) -> Result<(), Problem> {
    if let Some(f) = params.take("f") {
        if f != "json" {
            return Err(Problem::bad_request(format!(
                "paramètre « f » : « {f} » non proposé ici ; proposé : json"
            )));
        }
    }
    std::mem::take(params).finish(&["f"])
}
