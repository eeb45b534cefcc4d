//! The history section of an item's HTML page, and the feeds an HTML page announces
//! (`<link rel="alternate" type="application/atom+xml">`, for feed readers and browsers).

use geo::InteriorPoint;
use html_escape::encode_text as text;

use crate::changes::{feature_of, text as wording, NO_STORE};
use crate::ogc::links::segment;
use crate::snapshot::Snapshot;

/// A feed a page announces: its URL (site-relative) and its title.
pub type Alternate = (String, String);

/// « Historique »: every version of the item, newest first, with what it changed.
pub fn section(snapshot: &Snapshot, collection: &str, item: &str) -> String {
    let entries = feature_of(collection, item)
        .map(|(territory, layer, id)| snapshot.changes.of_item(&territory, layer, &id))
        .unwrap_or_default();
    let json = format!(
        "/collections/{collection}/items/{}/historique",
        segment(item)
    );
    let mut out = String::from("<section id=\"historique\"><h2>Historique</h2>");
    if snapshot.changes.history.last_version() == 0 {
        out.push_str(&format!("<p>{}.</p></section>", text(NO_STORE)));
        return out;
    }
    if entries.is_empty() {
        out.push_str("<p>Aucune version publiée ne concerne cet objet.</p>");
    } else {
        out.push_str("<ol reversed>");
        for e in &entries {
            let v = &e.version.version;
            let lines: String = wording::summary(e)
                .lines()
                .map(|l| format!("<li>{}</li>", text(l)))
                .collect();
            let initial = if e.version.initial {
                " <small>(données initiales)</small>"
            } else {
                ""
            };
            out.push_str(&format!(
                "<li><p><strong>{}</strong>{initial} — {}</p><ul>{lines}</ul></li>",
                text(&wording::date_fr(&v.date)),
                text(&wording::title(e)),
            ));
        }
        out.push_str("</ol>");
    }
    out.push_str(&format!(
        "<p><a href=\"{}\">Cet historique en JSON</a></p></section>",
        html_escape::encode_double_quoted_attribute(&json)
    ));
    out
}

/// The feeds an item's page announces: its quartier's, commune's or territory's for those,
/// the feed of the place it stands on for the others, and its territory's.
pub fn item_feeds(snapshot: &Snapshot, collection: &str, item: &str) -> Vec<Alternate> {
    let mut out = Vec::new();
    let slug = item.split_once(':').map(|(s, _)| s);
    let local = item.split_once(':').map_or(item, |(_, id)| id);
    match collection {
        "qpv" | "perimetres" => out.push((
            format!("/flux/quartiers/{}", segment(local)),
            "Suivre ce quartier (Atom)".to_string(),
        )),
        "communes" => out.push((
            format!("/flux/communes/{}", segment(local)),
            "Suivre cette commune (Atom)".to_string(),
        )),
        "territoires" => {}
        _ => {
            let point = snapshot
                .collection(collection)
                .and_then(|c| c.item(item))
                .and_then(|it| it.geometry.as_ref())
                .and_then(|g| g.interior_point());
            if let Some(p) = point {
                out.push((
                    format!("/flux?lon={:.6}&lat={:.6}", p.x(), p.y()),
                    "Suivre ce lieu (Atom)".to_string(),
                ));
            }
        }
    }
    if let Some(slug) = slug {
        out.extend(territory_feed(snapshot, slug));
    }
    out
}

/// Every loaded territory's feed, for the landing page.
pub fn territory_feeds(snapshot: &Snapshot) -> Vec<Alternate> {
    snapshot
        .catalog
        .territories
        .iter()
        .flat_map(|t| territory_feed(snapshot, t.slug()))
        .collect()
}

fn territory_feed(snapshot: &Snapshot, slug: &str) -> Option<Alternate> {
    let t = snapshot
        .catalog
        .territories
        .iter()
        .find(|t| t.slug() == slug)?;
    Some((
        format!("/flux/territoires/{}", segment(slug)),
        format!("Suivre {} (Atom)", t.manifest.name),
    ))
}

/// The feeds as a list of links in the page's body, for people.
pub fn feed_list(feeds: &[Alternate]) -> String {
    if feeds.is_empty() {
        return String::new();
    }
    let items: String = feeds
        .iter()
        .map(|(href, title)| super::link(href, title))
        .map(|a| format!("<li>{a}</li>"))
        .collect();
    format!(
        "<section id=\"flux\"><h2>Suivre les changements</h2><p>Copiez l'adresse d'un flux dans un lecteur de flux (Thunderbird, Feeder, NetNewsWire…) : il vous signalera chaque changement publié.</p><ul>{items}</ul></section>"
    )
}
