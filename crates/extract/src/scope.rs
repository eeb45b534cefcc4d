//! The « Périmètres de réalisation » cell: `Agglo`, a commune, several communes
//! (`Annemasse et Gaillard`, `Gaillard Annemasse`), or something else.

use geodata::manifest::Manifest;
use geodata::model::RealisationScope;
use geodata::text::fold_name;

/// What a perimeter cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Perimeter {
    /// Nothing printed.
    Empty,
    /// One scope per place named, in printed order, without repeats.
    Scopes(Vec<RealisationScope>),
    /// Text that names no known place (« Soutien ski scolaire Savoir nager CHB »).
    Unrecognised,
}

/// Words that join place names.
const CONNECTORS: [&str; 2] = ["et", "&"];

/// Reads a perimeter cell. Place names are matched against the manifest's communes without
/// case, accents or punctuation, longest first, so `Ville la Grand` and `Ville-la-Grand` are
/// one commune and `Gaillard Annemasse` is two.
pub fn parse(cell: &str, manifest: &Manifest) -> Perimeter {
    let words: Vec<&str> = cell
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | ';' | '+'))
        .filter(|w| !w.is_empty() && !CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(w)))
        .collect();
    if words.is_empty() {
        return Perimeter::Empty;
    }
    let mut scopes: Vec<RealisationScope> = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let matched = (start + 1..=words.len())
            .rev()
            .find_map(|end| place(&words[start..end].join(" "), manifest).map(|p| (end, p)));
        let Some((end, place)) = matched else {
            return Perimeter::Unrecognised;
        };
        if let Some(scope) = place {
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        start = end;
    }
    if scopes.is_empty() {
        return Perimeter::Unrecognised;
    }
    Perimeter::Scopes(scopes)
}

/// `Some(Some(scope))` for a place, `Some(None)` for the generic word `communes` (« Agglo et
/// communes »: the territory already covers every commune), `None` for anything else.
fn place(name: &str, manifest: &Manifest) -> Option<Option<RealisationScope>> {
    let folded = fold_name(name);
    if folded == "agglo" || folded == "agglomeration" {
        return Some(Some(RealisationScope::Territoire));
    }
    if folded == "communes" {
        return Some(None);
    }
    let insee = manifest.commune_insee(name)?;
    // The manifest's spelling, not the document's: one commune, one name.
    let commune = manifest.communes.iter().find(|c| c.insee == insee)?;
    Some(Some(RealisationScope::Commune {
        insee_com: commune.insee.clone(),
        name: commune.name.clone(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::manifest;

    fn commune(insee: &str, name: &str) -> RealisationScope {
        RealisationScope::Commune {
            insee_com: insee.into(),
            name: name.into(),
        }
    }

    #[test]
    fn single_places() {
        let m = manifest();
        assert_eq!(
            parse("Agglo", &m),
            Perimeter::Scopes(vec![RealisationScope::Territoire])
        );
        assert_eq!(
            parse("Ville-la-Grand", &m),
            Perimeter::Scopes(vec![commune("74305", "Ville-la-Grand")])
        );
        assert_eq!(
            parse("ville la grand", &m),
            Perimeter::Scopes(vec![commune("74305", "Ville-la-Grand")])
        );
        assert_eq!(parse("", &m), Perimeter::Empty);
    }

    #[test]
    fn several_communes_with_or_without_connector() {
        let m = manifest();
        let both = Perimeter::Scopes(vec![
            commune("74012", "Annemasse"),
            commune("74133", "Gaillard"),
        ]);
        assert_eq!(parse("Annemasse et Gaillard", &m), both);
        assert_eq!(parse("Annemasse Gaillard", &m), both);
        assert_eq!(parse("Annemasse, Gaillard, Annemasse", &m), both);
        assert_eq!(
            parse("Gaillard Annemasse", &m),
            Perimeter::Scopes(vec![
                commune("74133", "Gaillard"),
                commune("74012", "Annemasse")
            ])
        );
    }

    #[test]
    fn generic_communes_add_nothing_to_the_territory() {
        let m = manifest();
        assert_eq!(
            parse("Agglo et communes", &m),
            Perimeter::Scopes(vec![RealisationScope::Territoire])
        );
        assert_eq!(parse("communes", &m), Perimeter::Unrecognised);
    }

    #[test]
    fn other_text_is_unrecognised() {
        let m = manifest();
        assert_eq!(
            parse("Soutien ski scolaire Savoir nager CHB", &m),
            Perimeter::Unrecognised
        );
        assert_eq!(parse("Annemasse et Genève", &m), Perimeter::Unrecognised);
    }
}
