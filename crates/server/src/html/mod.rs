//! Every HTML page the server answers (conformance class `html` of the OGC APIs): plain
//! French pages, every value escaped. This module holds the page shell and its elements;
//! [`ogc`] the pages of the API documents, [`changes`] an item's history and the feeds a
//! page announces.

pub mod changes;
pub mod ogc;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use serde_json::Value;

use crate::ogc::links::Link;

/// A complete page.
pub fn page(title: &str, body: &str) -> String {
    page_with_feeds(title, body, &[])
}

/// A complete page announcing Atom feeds (href, title) to feed readers and browsers.
pub fn page_with_feeds(title: &str, body: &str, feeds: &[(String, String)]) -> String {
    let alternates: String = feeds
        .iter()
        .map(|(href, title)| {
            format!(
                "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{}\" title=\"{}\">",
                attr(href),
                attr(title)
            )
        })
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{t} – Quartiers</title>{alternates}\
<style>body{{font-family:system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem;color:#222}}\
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2rem .4rem;text-align:left;vertical-align:top}}\
nav a{{margin-right:1rem}}code{{background:#f3f3f3}}</style></head>\
<body><nav><a href=\"/?f=html\">Accueil de l'API</a><a href=\"/collections?f=html\">Collections</a>\
<a href=\"/api?f=html\">OpenAPI</a><a href=\"/\">Carte</a></nav><h1>{t}</h1>{body}</body></html>\n",
        t = text(title),
    )
}

pub fn paragraph(s: &str) -> String {
    format!("<p>{}</p>", text(s))
}

pub fn link(href: &str, label: &str) -> String {
    format!("<a href=\"{}\">{}</a>", attr(href), text(label))
}

/// The links of a document as a list.
pub fn links(list: &[Link]) -> String {
    let items: String = list
        .iter()
        .map(|l| {
            format!(
                "<li>{} <small>({}, {})</small></li>",
                link(&l.href, &l.title),
                text(l.rel),
                text(l.media)
            )
        })
        .collect();
    format!("<ul>{items}</ul>")
}

/// A JSON value as readable text.
pub fn value(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => text(s).into_owned(),
        Value::Array(a) if a.iter().all(|x| !x.is_object() && !x.is_array()) => {
            a.iter().map(value).collect::<Vec<_>>().join(", ")
        }
        other => format!("<code>{}</code>", text(&other.to_string())),
    }
}

/// A two-column table of properties.
pub fn properties(props: &serde_json::Map<String, Value>) -> String {
    let rows: String = props
        .iter()
        .map(|(k, v)| format!("<tr><th>{}</th><td>{}</td></tr>", text(k), value(v)))
        .collect();
    format!("<table>{rows}</table>")
}

/// A table with a header row.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let head: String = headers
        .iter()
        .map(|h| format!("<th>{}</th>", text(h)))
        .collect();
    let body: String = rows
        .iter()
        .map(|r| {
            format!(
                "<tr>{}</tr>",
                r.iter()
                    .map(|c| format!("<td>{c}</td>"))
                    .collect::<String>()
            )
        })
        .collect();
    format!("<table><tr>{head}</tr>{body}</table>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped() {
        let p = page("<x>", &paragraph("a & <b>"));
        assert!(p.contains("&lt;x&gt;") && p.contains("a &amp; &lt;b&gt;"));
        assert_eq!(
            link("/a?b=\"c\"", "<d>"),
            "<a href=\"/a?b=&quot;c&quot;\">&lt;d&gt;</a>"
        );
    }
}
