//! Readable pillar labels. The table prints two of its four pillars in capitals without
//! accents, one of them misspelt (« EMPLOI ET DEVELOPEMENT ECONOMIQUE », « CADRE DE VIE ET
//! TRANQUILITE PUBLIQUE »); lower-casing alone would not give French back.

use geodata::text::fold_name;

/// Printed capitals → label, spelt as the document itself spells these words in its list of
/// thematic groups (« Développement économique et emploi », « Cadre de vie et tranquillité
/// publique »), in the table's word order.
const RESTORED: [(&str, &str); 2] = [
    (
        "EMPLOI ET DEVELOPEMENT ECONOMIQUE",
        "Emploi et développement économique",
    ),
    (
        "CADRE DE VIE ET TRANQUILITE PUBLIQUE",
        "Cadre de vie et tranquillité publique",
    ),
];

/// The pillar in sentence case: « Jeunesse, Petite enfance et parentalité » → « Jeunesse,
/// petite enfance et parentalité ».
pub fn readable(printed: &str) -> String {
    let folded = fold_name(printed);
    if let Some((_, label)) = RESTORED.iter().find(|(caps, _)| fold_name(caps) == folded) {
        return (*label).to_string();
    }
    let lower = printed.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pillars_of_the_annemasse_table() {
        assert_eq!(
            readable("Populations fragilisées, accès aux droits et à la santé"),
            "Populations fragilisées, accès aux droits et à la santé"
        );
        assert_eq!(
            readable("Jeunesse, Petite enfance et parentalité"),
            "Jeunesse, petite enfance et parentalité"
        );
        assert_eq!(
            readable("EMPLOI ET DEVELOPEMENT ECONOMIQUE"),
            "Emploi et développement économique"
        );
        assert_eq!(
            readable("CADRE DE VIE ET TRANQUILITE PUBLIQUE"),
            "Cadre de vie et tranquillité publique"
        );
    }

    #[test]
    fn other_pillars_are_sentence_cased() {
        assert_eq!(
            readable("ÉDUCATION ET CITOYENNETÉ"),
            "Éducation et citoyenneté"
        );
        assert_eq!(readable(""), "");
    }
}
