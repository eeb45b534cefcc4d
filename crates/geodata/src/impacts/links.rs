//! Links of the answer, relative to `/impacts`: each item in the OGC API, and the queries that
//! list a scope of the answer in full. Relative, so that they hold behind a proxy's prefix and
//! can be built once per data version.

use super::group::ItemRef;
use super::types::{Detail, Scope};
pub(crate) use crate::answer_form::encode;
pub use crate::answer_form::named_query;

/// `collections/{collection}/items/{feature id}`, the id percent-encoded as a path segment.
pub fn item_link(item: &ItemRef) -> String {
    format!(
        "collections/{}/items/{}",
        item.collection,
        encode(&item.feature_id)
    )
}

/// `impacts?lon=…&lat=…`.
pub fn point_query(lon: f64, lat: f64) -> String {
    format!("impacts?lon={lon}&lat={lat}")
}

/// The complete list of one scope (and group) of the answer to `query`.
pub fn scope_link(query: &str, scope: Scope, group: Option<&str>) -> String {
    let mut link = with_detail(query, Detail::Complet);
    link.push_str("&portee=");
    link.push_str(scope.code());
    if let Some(group) = group {
        link.push_str("&groupe=");
        link.push_str(group);
    }
    link
}

/// The query with `detail=` set (the compact form is the default: no parameter).
pub fn with_detail(query: &str, detail: Detail) -> String {
    match detail {
        Detail::Resume => query.to_string(),
        Detail::Complet => format!("{query}&detail=complet"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::impacts::group::Group;

    #[test]
    fn ids_are_encoded_as_path_segments() {
        assert_eq!(
            item_link(&Group::Operations.item_ref(Some("annemasse-agglo"), "npnru-la bulle/1")),
            "collections/operations/items/annemasse-agglo%3Anpnru-la%20bulle%2F1"
        );
        assert_eq!(
            item_link(&Group::Perimetres.item_ref(None, "QN07401M")),
            "collections/qpv/items/QN07401M"
        );
        assert_eq!(
            named_query("quartier", "VA-74305-PRÈS"),
            "impacts?quartier=VA-74305-PR%C3%88S"
        );
    }

    #[test]
    fn scope_links_ask_for_the_complete_form() {
        let q = named_query("commune", "74012");
        assert_eq!(
            scope_link(&q, Scope::Commune, Some("actions")),
            "impacts?commune=74012&detail=complet&portee=commune&groupe=actions"
        );
        assert_eq!(
            scope_link(&point_query(6.25, 46.18), Scope::Ici, None),
            "impacts?lon=6.25&lat=46.18&detail=complet&portee=ici"
        );
    }
}
