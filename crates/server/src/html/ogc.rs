//! The HTML pages of the OGC API documents (landing page, conformance, collections, items,
//! a feature, queryables), the API description's summary and the page shown when the web map
//! is not built.

use html_escape::encode_text as text;
use serde_json::Value;

use super::changes::{feed_list, Alternate};
use super::{link, links, page, page_with_feeds, paragraph, properties, table, value};
use crate::ogc::collection::{Collection, Item};
use crate::ogc::geojson;
use crate::ogc::links::{segment, Link};
use crate::snapshot::Snapshot;

/// The landing page: its description, its links, the impact query's example and the feeds.
pub fn landing(title: &str, description: &str, list: &[Link], feeds: &[Alternate]) -> String {
    page_with_feeds(
        title,
        &format!(
            "{}{}<p>Requête d'impacts : {}</p>{}",
            paragraph(description),
            links(list),
            link("/impacts?lon=6.2365&lat=46.1934", "/impacts?lon=…&lat=…"),
            feed_list(feeds)
        ),
        feeds,
    )
}

/// The conformance classes, each a link.
pub fn conformance(classes: &[&str]) -> String {
    let items: String = classes
        .iter()
        .map(|c| format!("<li>{}</li>", link(c, c)))
        .collect();
    page("Classes de conformité", &format!("<ul>{items}</ul>"))
}

/// Every collection with its size and a link to its items.
pub fn collections(list: &[Collection]) -> String {
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            vec![
                link(&format!("/collections/{}?f=html", c.id), c.id),
                text(c.title).into_owned(),
                c.items.len().to_string(),
                link(&format!("/collections/{}/items?f=html", c.id), "objets"),
            ]
        })
        .collect();
    page("Collections", &table(&["id", "titre", "objets", ""], &rows))
}

/// One collection: its description, extent, size and the CRS it can be asked in.
pub fn collection(c: &Collection, crs: &[&str]) -> String {
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
        paragraph(c.description),
        paragraph(&extent),
        c.items.len(),
        link(
            &format!("/collections/{}/items?f=html", c.id),
            "Voir les objets"
        ),
        text(&crs.join(", ")),
    );
    page(c.title, &body)
}

/// One page of items: how many matched, the page's rows and the links to the next and
/// previous pages (`paging`, absolute on `base`, made site-relative here).
pub fn items(
    c: &Collection,
    shown: &[&Item],
    matched: usize,
    offset: usize,
    paging: &[Link],
    base: &str,
) -> String {
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|it| {
            let title = ["nom", "titre"]
                .iter()
                .find_map(|k| it.properties.get(*k).and_then(Value::as_str))
                .unwrap_or("");
            vec![
                link(
                    &format!("/collections/{}/items/{}?f=html", c.id, segment(&it.id)),
                    &it.id,
                ),
                text(title).into_owned(),
            ]
        })
        .collect();
    let nav: String = paging
        .iter()
        .filter(|l| l.rel == "next" || l.rel == "prev")
        .map(|l| {
            let href = l.href.replace(base, "");
            let sep = if href.contains('?') { '&' } else { '?' };
            link(&format!("{href}{sep}f=html"), &l.title)
        })
        .collect::<Vec<_>>()
        .join(" ");
    let body = format!(
        "<p>{} objet(s) correspondent, {} affiché(s) à partir du n° {}.</p>{}<p>{nav}</p>",
        matched,
        shown.len(),
        offset + 1,
        table(&["id", "nom"], &rows)
    );
    page(c.title, &body)
}

/// One feature: its (selected) properties, its history and the feeds that follow it.
pub fn item(snapshot: &Snapshot, c: &Collection, it: &Item, selected: Option<&[String]>) -> String {
    let feeds = super::changes::item_feeds(snapshot, c.id, &it.id);
    page_with_feeds(
        &it.id,
        &format!(
            "<p>Collection {}</p>{}{}{}",
            link(&format!("/collections/{}?f=html", c.id), c.title),
            properties(&geojson::select(&it.properties, selected)),
            super::changes::section(snapshot, c.id, &it.id),
            feed_list(&feeds)
        ),
        &feeds,
    )
}

/// The queryables of a collection and their types.
pub fn queryables(c: &Collection) -> String {
    let rows: Vec<Vec<String>> = c
        .queryables
        .iter()
        .map(|q| vec![text(&q.name).into_owned(), value(&q.schema)])
        .collect();
    page(
        &format!("Propriétés filtrables – {}", c.title),
        &table(&["propriété", "type"], &rows),
    )
}

/// The OpenAPI document summarised: one row per operation.
pub fn api(doc: &Value) -> String {
    let mut rows = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, ops) in paths {
            for (method, op) in ops.as_object().into_iter().flatten() {
                rows.push(vec![
                    method.to_uppercase(),
                    text(path).into_owned(),
                    value(op.get("summary").unwrap_or(&Value::Null)),
                ]);
            }
        }
    }
    page(
        "Description de l'API",
        &format!(
            "<p>Document OpenAPI 3.0 : {}</p>{}",
            link("/api?f=json", "/api?f=json"),
            table(&["méthode", "chemin", "résumé"], &rows)
        ),
    )
}

/// What a browser gets at `/` when the web map is not built: where the API answers.
pub fn no_map() -> String {
    page(
        "Quartiers",
        &format!(
            "<p>La carte web n'est pas construite sur ce serveur (lancez <code>web/build.sh</code>). L'API répond :</p><ul><li>{}</li><li>{}</li><li>{}</li><li>{}</li></ul>",
            link("/?f=html", "page d'accueil de l'API OGC"),
            link("/collections?f=html", "collections (OGC API – Features)"),
            link("/api?f=html", "description OpenAPI"),
            link("/impacts?lon=6.2365&lat=46.1934", "requête d'impacts (exemple)"),
        ),
    )
}
