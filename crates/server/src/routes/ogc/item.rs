//! `/collections/{collection}/items/{feature}`: one feature, in GeoJSON (in the asked CRS,
//! with only the asked properties) or as an HTML page with its history.

use axum::extract::Path;
use axum::response::Response;
use serde_json::json;

use super::{find, geojson_answer};
use crate::crs::Crs;
use crate::error::Problem;
use crate::html;
use crate::negotiate::Format;
use crate::ogc::geojson;
use crate::ogc::links::{base_url, segment, Link, GEOJSON, HTML, JSON};
use crate::ogc::query::{parse_crs, parse_properties};
use crate::routes::Req;

pub(super) async fn item(
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
    format.answer(
        || {
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
            geojson_answer(&f, target)
        },
        || html::ogc::item(&snapshot, c, it, properties.as_deref()),
    )
}
