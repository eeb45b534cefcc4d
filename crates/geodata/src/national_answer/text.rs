//! The French sentences of the national part of an answer: counts, dates, the commune's summary.

use super::items::{BpeCount, PostCount};

/// `n` and the noun, singular or plural (« 1 collège », « 3 collèges »).
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    if n <= 1 {
        format!("{n} {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// The singular of a BPE bucket's label (the files give the plural).
fn bpe_singular(key: &str) -> Option<&'static str> {
    Some(match key {
        "poste" => "bureau de poste ou agence postale",
        "grande_surface" => "hypermarché ou supermarché",
        "superette" => "supérette",
        "boulangerie" => "boulangerie-pâtisserie",
        "ecole_primaire" => "école maternelle ou élémentaire",
        "college" => "collège",
        "lycee" => "lycée",
        "structure_sante" => "urgences, centre ou maison de santé",
        "medecin_generaliste" => "médecin généraliste",
        "infirmier" => "infirmier",
        "pharmacie" => "pharmacie",
        "creche" => "accueil du jeune enfant ou relais petite enfance",
        "gare" => "gare",
        "sport_salle" => "salle multisport ou gymnase",
        "sport_piscine" => "bassin de natation",
        "sport_terrain" => "terrain de tennis",
        _ => return None,
    })
}

/// « 3 collèges, 12 médecins généralistes, 1 pharmacie » in the buckets' order.
pub fn bpe_text(counts: &[BpeCount]) -> String {
    counts
        .iter()
        .map(|c| {
            let singular = bpe_singular(&c.rubrique).unwrap_or(&c.libelle);
            count(c.nombre as usize, singular, &c.libelle)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// « 2025 : 14 adultes-relais, 6 postes FONJEP ; 2024 : 12 adultes-relais » (latest year first).
pub fn posts_text(counts: &[PostCount]) -> String {
    let mut years: Vec<u16> = counts.iter().map(|c| c.annee).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
        .iter()
        .map(|year| {
            let kinds = counts
                .iter()
                .filter(|c| c.annee == *year)
                .map(|c| match c.dispositif {
                    "adulte_relais" => count(c.postes, "adulte-relais", "adultes-relais"),
                    _ => count(c.postes, "poste FONJEP", "postes FONJEP"),
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("{year} : {kinds}")
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// A signature date in plain French: `2019-12-20` → « signé le 20/12/2019 ».
pub fn signature_words(date: Option<&str>) -> String {
    match date {
        Some(d) => match (d.get(0..4), d.get(5..7), d.get(8..10)) {
            (Some(y), Some(m), Some(day)) if d.len() == 10 => format!("signé le {day}/{m}/{y}"),
            _ => format!("signé en {d}"),
        },
        None => "date de signature non publiée par la source".to_string(),
    }
}

/// A share of an area in words: « moins de 1 % » under 1 %, else rounded.
pub fn share_words(share: f64) -> String {
    let pct = share * 100.0;
    if pct <= 0.0 {
        "0 %".to_string()
    } else if pct < 1.0 {
        "moins de 1 %".to_string()
    } else if pct > 99.0 && pct < 100.0 {
        "plus de 99 %".to_string()
    } else {
        format!("{} %", pct.round())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bpe_text_says_singular_and_plural() {
        let c = |k: &str, l: &str, n| BpeCount {
            rubrique: k.into(),
            libelle: l.into(),
            nombre: n,
        };
        assert_eq!(
            bpe_text(&[c("college", "collèges", 3), c("pharmacie", "pharmacies", 1)]),
            "3 collèges, 1 pharmacie"
        );
    }

    #[test]
    fn posts_text_latest_year_first() {
        let c = |annee, dispositif, postes| PostCount {
            annee,
            dispositif,
            libelle: "",
            postes,
            lignes_publiees: postes,
            employeurs: 1,
        };
        assert_eq!(
            posts_text(&[
                c(2024, "adulte_relais", 12),
                c(2025, "adulte_relais", 14),
                c(2025, "fonjep", 1)
            ]),
            "2025 : 14 adultes-relais, 1 poste FONJEP ; 2024 : 12 adultes-relais"
        );
    }

    #[test]
    fn shares_under_one_percent_are_said_so() {
        assert_eq!(share_words(0.004), "moins de 1 %");
        assert_eq!(share_words(0.0), "0 %");
        assert_eq!(share_words(0.236), "24 %");
        assert_eq!(share_words(0.9995), "plus de 99 %");
        assert_eq!(share_words(1.0), "100 %");
    }

    #[test]
    fn signature_dates_in_french() {
        assert_eq!(signature_words(Some("2019-12-20")), "signé le 20/12/2019");
        assert_eq!(
            signature_words(None),
            "date de signature non publiée par la source"
        );
    }
}
