//! `/collections` and `/collections/{collection}`: the collection documents of OGC API –
//! Features, with Part 2's `crs` and `storageCrs` and their spatial and temporal extents.

use axum::extract::Path;
use axum::response::Response;
use serde_json::{json, Value};

use super::{find, has_tiles};
use crate::crs::Crs;
use crate::error::Problem;
use crate::html;
use crate::negotiate::Format;
use crate::ogc::collection::Collection;
use crate::ogc::datetime::day_text;
use crate::ogc::links::{base_url, Link, GEOJSON, HTML, JSON, SCHEMA};
use crate::ogc::tiles as ogc_tiles;
use crate::respond;
use crate::routes::Req;

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

pub(super) async fn collections(Req(state, headers, params): Req) -> Result<Response, Problem> {
    let format = Format::only(params, &headers)?;
    let snapshot = state.snapshot();
    let base = base_url(state.config(), &headers);
    format.answer(
        || {
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
        },
        || html::ogc::collections(&snapshot.collections),
    )
}

pub(super) async fn collection(
    Path(id): Path<String>,
    Req(state, headers, params): Req,
) -> Result<Response, Problem> {
    let format = Format::only(params, &headers)?;
    let snapshot = state.snapshot();
    let c = find(&snapshot, &id)?;
    let base = base_url(state.config(), &headers);
    let doc = collection_doc(c, &base);
    format.answer(
        || respond::json(&doc, JSON),
        || html::ogc::collection(c, &crs_list(c)),
    )
}
