//! Text folding for comparisons that forgive case, accents and punctuation; text made fit
//! for XML whatever the data holds.
//!
//! [`fold_accents`] is the one accent rule of the project: territory names ([`fold`],
//! [`fold_name`]), address search (`geocoder::text::tokens`) and CQL2's `ACCENTI` (the
//! server's filters) all call it, so « Cœur » is « Coeur » on every path.

use std::borrow::Cow;

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// `text` without diacritics, its case kept: « Saint-Étienne » → « Saint-Etienne »,
/// « ÉCOLE » → « ECOLE ». A Latin letter that no accent decomposes is spelt out as its
/// plain letters (« Cœur » → « Coeur », « Lætitia » → « Laetitia », « ß » → « ss »,
/// « ø » → « o »). Other scripts lose their combining marks and are otherwise kept (a Greek
/// « ή » is « η »): folding is not transliteration. Borrowed when `text` is ASCII.
pub fn fold_accents(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    // Canonical decomposition splits « é » into « e » and a combining acute, dropped here;
    // recomposing afterwards leaves any other script as it came.
    let mut plain = String::with_capacity(text.len());
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        match deunicode::deunicode_char(c) {
            Some(letters) if is_latin_letter(c) => plain.push_str(letters),
            _ => plain.push(c),
        }
    }
    Cow::Owned(plain.nfc().collect())
}

/// A non-ASCII letter of the Latin blocks (Latin-1 Supplement, Extended-A/B/C/D/Additional,
/// the « ﬁ »-style ligatures), whose plain spelling deunicode knows; « × » and « ÷ », in the
/// same block, are not letters.
fn is_latin_letter(c: char) -> bool {
    matches!(c,
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' | '\u{2C60}'..='\u{2C7F}'
        | '\u{A720}'..='\u{A7FF}' | '\u{FB00}'..='\u{FB06}')
        && c.is_alphabetic()
}

/// Lower-cases and strips diacritics ("Déploiement" → "deploiement", « Cœur » → « coeur »),
/// keeping punctuation: labels are compared by prefix, where a space still counts.
pub fn fold(text: &str) -> String {
    fold_accents(text).to_lowercase()
}

/// [`fold`], keeping only letters and digits, so "Ville-la-Grand" equals "ville la grand".
pub fn fold_name(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
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

    #[test]
    fn one_accent_rule_spells_ligatures_out_names_also_drop_case_and_punctuation() {
        // (text, fold_accents, fold, fold_name)
        let cases = [
            ("Cœur", "Coeur", "coeur", "coeur"),
            ("Lætitia", "Laetitia", "laetitia", "laetitia"),
            (
                "Saint-Étienne",
                "Saint-Etienne",
                "saint-etienne",
                "saintetienne",
            ),
            ("ÉCOLE", "ECOLE", "ecole", "ecole"),
            (
                "ŒUVRE Æ ß ø × ÷",
                "OEUVRE AE ss o × ÷",
                "oeuvre ae ss o × ÷",
                "oeuvreaesso",
            ),
            // A combining acute typed apart folds as the composed letter.
            ("E\u{301}cole", "Ecole", "ecole", "ecole"),
            // Other scripts lose their accents, not their letters.
            ("Αθήνα « » ’", "Αθηνα « » ’", "αθηνα « » ’", "αθηνα"),
        ];
        for (text, accents, folded, name) in cases {
            assert_eq!(fold_accents(text), accents, "{text}");
            assert_eq!(fold(text), folded, "{text}");
            assert_eq!(fold_name(text), name, "{text}");
        }
        assert!(matches!(fold_accents("plain"), Cow::Borrowed(_)));
    }
}
