//! Text folding for comparisons that forgive case, accents and punctuation.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("En cours de Déploiement"), "en cours de deploiement");
        assert_eq!(fold_name("Ville-la-Grand"), fold_name("VILLE LA GRAND"));
        assert_eq!(fold_name("Étrembières"), "etrembieres");
    }
}
