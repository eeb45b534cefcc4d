//! How addresses and queries are cut into comparable tokens: transliterated to ASCII, lower
//! case, split on anything that is not a letter or a digit, abbreviations expanded, and a
//! number glued to what follows (`38400saint`, `1BIS`) split apart.
//!
//! The same function runs on the BAN's names and on what people type, so both sides meet.
//!
//! Accents and ligatures fold by the project's one rule (`geodata::text::fold_accents`, which
//! names and CQL2's `ACCENTI` use too). Search alone goes further, on purpose: the index
//! holds ASCII words, so what the rule leaves — « n° », « ² », other scripts — is
//! transliterated (« n° 5 » → `ndeg 5`), as indexes built before this rule was shared
//! expect, and every non-alphanumeric character separates words.

/// The tokens of `text`, in order.
pub fn tokens(text: &str) -> Vec<String> {
    let ascii = deunicode::deunicode(&geodata::text::fold_accents(text)).to_ascii_lowercase();
    let mut out = Vec::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        match split_number(word) {
            Some((digits, rest)) => {
                out.push(digits.to_string());
                out.push(expand(rest).to_string());
            }
            None => out.push(expand(word).to_string()),
        }
    }
    out
}

/// House number suffixes of the BAN's `rep` column, long forms.
pub const SUFFIXES: [&str; 4] = ["bis", "ter", "quater", "quinquies"];

/// `38400saint` → (`38400`, `saint`), `1bis` → (`1`, `bis`), `3a` → (`3`, `a`); ordinals
/// (`1er`, `2eme`, `3e`) stay whole since street names use them.
fn split_number(word: &str) -> Option<(&str, &str)> {
    let cut = word.find(|c: char| !c.is_ascii_digit())?;
    if cut == 0 {
        return None;
    }
    let (digits, rest) = word.split_at(cut);
    if !rest.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let ordinal = matches!(rest, "e" | "er" | "ere" | "eme" | "nd" | "nde" | "d");
    let suffix = rest.len() == 1 || SUFFIXES.contains(&rest);
    (!ordinal && (suffix || digits.len() == 5 || rest.len() >= 3)).then_some((digits, rest))
}

/// The long form of a common French street-name abbreviation, or the word itself.
pub fn expand(word: &str) -> &str {
    match word {
        "r" => "rue",
        "av" | "ave" | "aven" => "avenue",
        "bd" | "bld" | "blvd" | "boul" | "bvd" => "boulevard",
        "ch" | "chem" | "che" => "chemin",
        "pl" | "plc" => "place",
        "imp" => "impasse",
        "rte" => "route",
        "st" => "saint",
        "ste" => "sainte",
        "fbg" | "fg" | "faub" => "faubourg",
        "all" => "allee",
        "crs" => "cours",
        "sq" => "square",
        "res" | "resid" => "residence",
        "pass" | "psg" => "passage",
        "prom" => "promenade",
        "qu" | "qua" => "quai",
        "sen" | "sent" => "sentier",
        "mte" => "montee",
        "chs" | "chee" => "chaussee",
        "ham" => "hameau",
        "lot" | "lotiss" => "lotissement",
        "mal" | "mar" => "marechal",
        "gal" | "gen" | "gl" => "general",
        "pdt" | "pres" => "president",
        "dr" | "doct" => "docteur",
        "pr" | "prof" => "professeur",
        "cdt" | "cmdt" => "commandant",
        "lt" | "ltn" => "lieutenant",
        "cne" | "cap" => "capitaine",
        "gd" => "grand",
        "gde" => "grande",
        "pt" => "petit",
        "pte" => "petite",
        "mgr" => "monseigneur",
        _ => word,
    }
}

/// A house number as typed: `12`, `12 bis`, `12b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseNumber {
    pub number: u32,
    /// Lower-case suffix (`bis`, `a`), empty when none.
    pub suffix: String,
}

/// A BAN `rep` and what a person may type for it: `b` for `bis`, `t` for `ter`.
pub fn same_suffix(asked: &str, stored: &str) -> bool {
    asked == stored
        || matches!(
            (asked, stored),
            ("b", "bis") | ("bis", "b") | ("t", "ter") | ("ter", "t") | ("q", "quater")
        )
}

/// Whether `token` can be a house number suffix after a number.
pub fn is_suffix(token: &str) -> bool {
    SUFFIXES.contains(&token)
        || (token.len() == 1 && token.bytes().all(|b| b.is_ascii_lowercase()) && token != "l")
}

/// A token that is a plain house number (1 to 5 digits, below 100,000).
pub fn number(token: &str) -> Option<u32> {
    if token.is_empty() || token.len() > 5 || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// Whether `token` looks like a French postcode (5 digits).
pub fn is_postcode(token: &str) -> bool {
    token.len() == 5 && token.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_ligatures() {
        assert_eq!(tokens("Rue de l'Église"), ["rue", "de", "l", "eglise"]);
        assert_eq!(tokens("BŒRSCH"), ["boersch"]);
        assert_eq!(
            tokens("Saint-Martin-d'Hères"),
            ["saint", "martin", "d", "heres"]
        );
    }

    #[test]
    fn search_folds_like_names_and_filters() {
        assert_eq!(tokens("Cœur"), ["coeur"]);
        assert_eq!(tokens("Lætitia"), ["laetitia"]);
        assert_eq!(tokens("Saint-Étienne"), ["saint", "etienne"]);
        assert_eq!(tokens("ÉCOLE"), ["ecole"]);
        for text in ["Cœur", "Lætitia", "Saint-Étienne", "ÉCOLE"] {
            assert_eq!(
                tokens(text).concat(),
                geodata::text::fold_name(text),
                "{text}"
            );
        }
        // What the accent rule leaves is still made ASCII, as the stored indexes hold it.
        assert_eq!(tokens("Chemin rural n°12"), ["chemin", "rural", "ndeg12"]);
    }

    #[test]
    fn expands_abbreviations() {
        assert_eq!(
            tokens("4 av. Gal de Gaulle"),
            ["4", "avenue", "general", "de", "gaulle"]
        );
        assert_eq!(tokens("Bd St-Michel"), ["boulevard", "saint", "michel"]);
        assert_eq!(tokens("r des fleurs"), ["rue", "des", "fleurs"]);
        assert_eq!(tokens("fbg ste anne"), ["faubourg", "sainte", "anne"]);
    }

    #[test]
    fn splits_glued_postcodes_and_suffixes_but_not_ordinals() {
        assert_eq!(tokens("38400saint martin"), ["38400", "saint", "martin"]);
        assert_eq!(tokens("1BIS"), ["1", "bis"]);
        assert_eq!(tokens("10B"), ["10", "b"]);
        assert_eq!(
            tokens("Rue du 1er Septembre"),
            ["rue", "du", "1er", "septembre"]
        );
        assert_eq!(tokens("2eme"), ["2eme"]);
        assert_eq!(tokens("12rue"), ["12", "rue"]);
    }

    #[test]
    fn recognises_numbers_suffixes_and_postcodes() {
        assert_eq!(number("0012"), Some(12));
        assert_eq!(number("12a"), None);
        assert_eq!(number("123456"), None);
        assert!(is_postcode("74100"));
        assert!(!is_postcode("7410"));
        assert!(is_suffix("bis") && is_suffix("a") && !is_suffix("l") && !is_suffix("rue"));
        assert!(same_suffix("b", "bis") && !same_suffix("a", "bis"));
    }
}
