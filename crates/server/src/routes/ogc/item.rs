//! `/collections/{collection}/items/{feature}`: one feature, in GeoJSON (in the asked CRS,
//! with only the asked properties) or as an HTML page with its history.

use axum::extract::Path;
use axum::response::Response;

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
            let links = [
                Link::new(self_url.clone(), "self", GEOJSON, "Cet objet"),
                Link::new(
                    format!("{self_url}?f=html"),
                    "alternate",
                    HTML,
                    "Cet objet en HTML",
                ),
                Link::new(
                    format!("{base}/collections/{}", c.id),
                    "collection",
                    JSON,
                    c.title,
                ),
            ];
            let f = geojson::feature_bytes(it, target, properties.as_deref())?;
            Ok(geojson_answer(with_links(&f, &links)?, target))
        },
        || html::ogc::item(&snapshot, c, it, properties.as_deref()),
    )
}

/// The feature's GeoJSON object with `links` as its last member: the same bytes as adding
/// the member to the feature's JSON value and serialising it.
fn with_links(feature: &[u8], links: &[Link]) -> Result<Vec<u8>, Problem> {
    let Some(open) = feature.strip_suffix(b"}") else {
        return Err(Problem::internal("objet GeoJSON sans accolade fermante"));
    };
    let mut out = Vec::with_capacity(feature.len() + 512);
    out.extend_from_slice(open);
    out.extend_from_slice(br#","links":"#);
    serde_json::to_writer(&mut out, links).map_err(Problem::internal)?;
    out.push(b'}');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `links` appended to a feature's bytes is the feature's value with the member added,
    /// serialised.
    #[test]
    fn links_are_the_last_member_of_the_feature() {
        let mut feature = json!({"type": "Feature", "id": "QN07415M", "geometry": null, "properties": {"nom": "é"}});
        let links = [Link::new("http://h/a".into(), "self", GEOJSON, "Cet objet")];
        let bytes =
            with_links(&serde_json::to_vec(&feature).expect("json"), &links).expect("links");
        feature["links"] = json!(links);
        assert_eq!(bytes, serde_json::to_vec(&feature).expect("json"));
        assert!(with_links(b"[]", &links).is_err());
    }
}
