//! An Atom 1.0 feed (RFC 4287) of changes, written by the `atom_syndication` crate: one entry
//! per change, newest first, with a stable id (the version and the item), `updated` = the
//! version's publication date, a French title and summary, and links to the item on the map,
//! in the API and to its history.

use atom_syndication::{Generator, Link, Person, Text};
use chrono::{DateTime, FixedOffset};

use super::{text, Entry, Links};

/// What a feed says about itself.
#[derive(Debug)]
pub struct FeedInfo {
    /// The feed's own URL: its id and its `self` link.
    pub self_url: String,
    pub title: String,
    pub subtitle: String,
    /// The place on the map.
    pub map_url: String,
    /// Every change, as JSON (`/changements?...`): more than the feed's bounded entries.
    pub changes_url: String,
}

/// `updated` when nothing was ever published: the Unix epoch.
fn epoch() -> DateTime<FixedOffset> {
    DateTime::UNIX_EPOCH.fixed_offset()
}

/// A version date as Atom wants it; the epoch if unreadable (the store writes RFC 3339).
pub fn parse_date(rfc3339: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap_or_else(|_| epoch())
}

fn link(href: &str, rel: &str, media: &str, title: &str) -> Link {
    Link {
        href: href.to_string(),
        rel: rel.to_string(),
        hreflang: None,
        mime_type: Some(media.to_string()),
        title: Some(title.to_string()),
        length: None,
    }
}

/// The feed of `entries` (already newest first and bounded); `latest` dates the feed when it
/// has no entry. Returns the XML and the feed's `updated`.
pub fn feed(
    info: &FeedInfo,
    entries: &[(Entry<'_>, Links)],
    latest: Option<&str>,
) -> Result<(Vec<u8>, DateTime<FixedOffset>), atom_syndication::Error> {
    let updated = entries
        .first()
        .map(|(e, _)| parse_date(e.date()))
        .or_else(|| latest.map(parse_date))
        .unwrap_or_else(epoch);
    let feed = atom_syndication::Feed {
        title: Text::plain(info.title.clone()),
        id: info.self_url.clone(),
        updated,
        authors: vec![Person {
            name: "Quartiers".into(),
            ..Default::default()
        }],
        generator: Some(Generator {
            value: "Quartiers".into(),
            uri: None,
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        links: vec![
            link(&info.self_url, "self", "application/atom+xml", "Ce flux"),
            link(&info.map_url, "alternate", "text/html", "Sur la carte"),
            link(
                &info.changes_url,
                "related",
                "application/json",
                "Tous les changements (JSON)",
            ),
        ],
        subtitle: Some(Text::plain(info.subtitle.clone())),
        entries: entries.iter().map(|(e, l)| entry(e, l)).collect(),
        lang: Some("fr".into()),
        ..Default::default()
    };
    let xml = feed.write_to(Vec::new())?;
    // Titles and summaries come from imported data: a control character in one would make
    // the feed ill-formed XML. They never stand in the markup itself.
    let xml = match String::from_utf8(xml) {
        Ok(text) => match geodata::text::xml_safe(&text) {
            std::borrow::Cow::Borrowed(_) => text.into_bytes(),
            std::borrow::Cow::Owned(safe) => safe.into_bytes(),
        },
        Err(e) => e.into_bytes(),
    };
    Ok((xml, updated))
}

fn entry(e: &Entry<'_>, links: &Links) -> atom_syndication::Entry {
    let v = &e.version.version;
    let date = parse_date(&v.date);
    let mut list = vec![link(&links.carte, "alternate", "text/html", "Sur la carte")];
    if let Some(objet) = &links.objet {
        list.push(link(
            objet,
            "related",
            "application/geo+json",
            "L'objet dans l'API",
        ));
    }
    list.push(link(
        &links.historique,
        "via",
        "application/json",
        "Historique de l'objet",
    ));
    atom_syndication::Entry {
        title: Text::plain(text::title(e)),
        // The version and the item make a change unique; the history URL names both.
        id: format!("{}#version-{}", links.historique, v.number),
        updated: date,
        published: Some(date),
        authors: vec![Person {
            name: v.author.clone(),
            ..Default::default()
        }],
        links: list,
        summary: Some(Text::plain(text::summary(e))),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character XML 1.0 forbids, in a title and a subtitle taken from data: the feed
    /// stays well-formed and reads back.
    #[test]
    fn a_feed_stays_well_formed_whatever_its_titles_hold() {
        let forbidden: String = (0u32..0x20)
            .filter(|c| ![0x9, 0xA, 0xD].contains(c))
            .chain([0xFFFE, 0xFFFF])
            .filter_map(char::from_u32)
            .collect();
        let info = FeedInfo {
            self_url: "http://x/flux".into(),
            title: format!("Quartier{forbidden}Nord"),
            subtitle: forbidden.clone(),
            map_url: "http://x/".into(),
            changes_url: "http://x/changements".into(),
        };
        let (xml, _) = feed(&info, &[], None).expect("written");
        let text = String::from_utf8(xml).expect("UTF-8");
        assert!(!text.chars().any(geodata::text::xml_forbidden), "{text}");
        let read = atom_syndication::Feed::read_from(text.as_bytes()).expect("well-formed");
        assert!(
            read.title.value.starts_with("Quartier\u{FFFD}"),
            "{}",
            read.title.value
        );
    }
}
