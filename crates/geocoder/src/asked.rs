//! What a typed query asks, beyond its words: which words must be found in a result for it to
//! answer (not the house number, the street type or « de », « la »…), whether it asks for an
//! address, and which département it names. A search never pretends: a result lacking one of
//! the query's significant words is not listed, and an address asked and not found is said.

use crate::index::{Index, Kind};
use crate::text::{is_postcode, number, tokens};

/// Words that say what kind of way or place a street is: alone they narrow nothing down.
/// (Not « cité », which names quartiers: « Cité 12-14 ».)
pub const STREET_TYPES: [&str; 29] = [
    "rue",
    "avenue",
    "boulevard",
    "chemin",
    "place",
    "impasse",
    "route",
    "allee",
    "cours",
    "square",
    "quai",
    "passage",
    "sentier",
    "chaussee",
    "promenade",
    "faubourg",
    "montee",
    "hameau",
    "lotissement",
    "residence",
    "voie",
    "clos",
    "rond",
    "point",
    "esplanade",
    "parvis",
    "ruelle",
    "venelle",
    "traverse",
];

/// Articles and prepositions of French place names.
const LINK_WORDS: [&str; 16] = [
    "de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "et", "en", "sur", "sous",
    "lez",
];

/// What people add to an address that no street name holds: building, flat, floor, staircase,
/// post-office box (`bat B`, `appt 12`, `BP 45`, `CS 20001`, `cedex`).
const COMPLEMENTS: [&str; 17] = [
    "batiment",
    "bat",
    "bt",
    "appartement",
    "appt",
    "apt",
    "app",
    "etage",
    "escalier",
    "esc",
    "porte",
    "bp",
    "cs",
    "cedex",
    "tsa",
    "logement",
    "log",
];

/// Whether a query token must be found in a result: not a house number or its suffix letter,
/// not a street type, an article or an address complement. A postcode is significant.
pub fn is_significant(token: &str) -> bool {
    if is_postcode(token) {
        return true;
    }
    number(token).is_none()
        && token.len() > 1
        && !STREET_TYPES.contains(&token)
        && !LINK_WORDS.contains(&token)
        && !COMPLEMENTS.contains(&token)
        && !crate::text::SUFFIXES.contains(&token)
}

/// Whether `text` (a result's label and commune) holds every significant word of `query`
/// whole: « Perrier » in « Le Perrier - Château Rouge - Livron », not in « Perrières ».
pub fn holds_every_word(query: &str, text: &str) -> bool {
    let held = tokens(text);
    let mut asked = tokens(query)
        .into_iter()
        .filter(|t| is_significant(t))
        .peekable();
    asked.peek().is_some() && asked.all(|t| held.contains(&t))
}

/// An address is asked: a house number and a street word (« 12 rue de la gare »), or a postcode.
pub fn looks_like_address(query: &str) -> bool {
    let toks = tokens(query);
    let postcode = toks.iter().any(|t| is_postcode(t));
    let house = toks.iter().any(|t| !is_postcode(t) && number(t).is_some());
    let street = toks.iter().any(|t| STREET_TYPES.contains(&t.as_str()));
    postcode || (house && street)
}

/// The département a query names: by its postcode (`74100` → `74`), else by a commune of
/// `places` whose whole name it holds (the longest such name). A commune named only by street
/// words or articles (Rue, in the Somme) names nothing: « 12 rue de la gare annemasse » is
/// Annemasse's.
pub fn named_departement(query: &str, places: &Index) -> Option<String> {
    let toks = tokens(query);
    if let Some(code) = toks.iter().find(|t| is_postcode(t)) {
        return match &code[..2] {
            // Corsica's postcodes (20xxx) do not tell 2A from 2B.
            "20" => None,
            "97" | "98" => Some(code[..3].to_string()),
            dep => Some(dep.to_string()),
        };
    }
    places
        .docs()
        .iter()
        .filter(|d| d.kind == Kind::Municipality && !d.citycode.is_empty())
        .filter_map(|d| {
            let name = tokens(&d.name);
            let held =
                name.iter().any(|w| is_significant(w)) && name.iter().all(|w| toks.contains(w));
            held.then(|| (name.len(), crate::index::departement(&d.citycode)))
        })
        .max_by_key(|(words, _)| *words)
        .map(|(_, dep)| dep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_words_leave_numbers_street_types_and_articles_aside() {
        let kept = |q: &str| -> Vec<String> {
            tokens(q)
                .into_iter()
                .filter(|t| is_significant(t))
                .collect()
        };
        assert_eq!(
            kept("12 bis rue de la Gare, 74100 Annemasse"),
            ["gare", "74100", "annemasse"]
        );
        assert_eq!(kept("Bât. B appt 12, 4 av. Foch"), ["foch"]);
    }

    #[test]
    fn a_word_is_held_whole_or_not_at_all() {
        assert!(holds_every_word(
            "Perrier",
            "Le Perrier - Château Rouge - Livron Annemasse"
        ));
        assert!(!holds_every_word("Perrier", "Perrières"));
        assert!(!holds_every_word("la rue", "La Rue"));
    }

    #[test]
    fn an_address_is_a_number_and_a_street_word_or_a_postcode() {
        assert!(looks_like_address("12 rue de la gare annemasse"));
        assert!(looks_like_address("gare 74100"));
        assert!(looks_like_address("4 av. Gal de Gaulle"));
        assert!(!looks_like_address("Cité 12-14"));
        assert!(!looks_like_address("le perrier"));
        assert!(!looks_like_address("rue de la gare"));
    }
}
