//! Text folding for comparisons that forgive case, accents and punctuation; text made fit
//! for XML whatever the data holds.

use std::borrow::Cow;

/// Lower-cases and strips French diacritics ("Déploiement" → "deploiement").
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(strip_accent)
        .collect()
}

/// [`fold`], keeping only letters and digits, so "Ville-la-Grand" equals "ville la grand".
pub fn fold_name(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn strip_accent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
        'ç' => 'c',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' | 'ì' => 'i',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ÿ' => 'y',
        'œ' => 'o',
        'æ' => 'a',
        other => other,
    }
}

/// A character XML 1.0 forbids in a document (§ 2.2: the C0 controls but tab, line feed and
/// carriage return, U+FFFE and U+FFFF; a Rust string holds no surrogate), which no escaping
/// can carry.
pub fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `text` with each character XML 1.0 forbids replaced by U+FFFD (�), so an imported title
/// holding a stray control character still makes a well-formed feed or page, and the reader
/// sees something was there. Borrowed when nothing needs replacing (the usual case).
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(xml_forbidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if xml_forbidden(c) { '\u{FFFD}' } else { c })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_xml_forbids_is_replaced() {
        let forbidden: Vec<char> = (0u32..0x20)
            .filter(|c| ![0x9, 0xA, 0xD].contains(c))
            .chain([0xFFFE, 0xFFFF])
            .filter_map(char::from_u32)
            .collect();
        assert_eq!(forbidden.len(), 31);
        for c in forbidden {
            let text = format!("Titre{c}fin");
            assert_eq!(xml_safe(&text), "Titre\u{FFFD}fin", "U+{:04X}", c as u32);
        }
        let kept = "tab\tlf\ncr\r é « » \u{FFFD} \u{10FFFF}";
        assert!(matches!(xml_safe(kept), Cow::Borrowed(_)));
    }

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("En cours de Déploiement"), "en cours de deploiement");
        assert_eq!(fold_name("Ville-la-Grand"), fold_name("VILLE LA GRAND"));
        assert_eq!(fold_name("Étrembières"), "etrembieres");
    }
}
