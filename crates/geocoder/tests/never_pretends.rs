//! Search never pretends (issue 30): a result holds every significant word of the query, an
//! address asked lists the addresses first, and when none answers the answer says so and why.

use std::sync::Arc;

use geocoder::search::ResultType;
use geocoder::{FeatureCollection, Geocoder, Index, IndexBuilder, SearchOptions};
use geodata::catalog::Catalog;

const HEADER: &str = "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;cad_parcelles";

/// An index of BAN rows (`id;numero;nom_voie;code_postal;code_insee;nom_commune;lon;lat`).
fn addresses(rows: &[&str]) -> Index {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("adresses.csv");
    let body: Vec<String> = rows
        .iter()
        .map(|r| {
            let f: Vec<&str> = r.split(';').collect();
            format!(
                "{};;{};;{};{};{};{};;;;;{};{};entrée;;;;;;;;",
                f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]
            )
        })
        .collect();
    std::fs::write(&path, format!("{HEADER}\n{}\n", body.join("\n"))).expect("write");
    let mut builder = IndexBuilder::new();
    geocoder::ban::read_file(&path, &mut builder, &mut |_| {}).expect("valid BAN");
    builder
        .finish(vec!["adresses.csv".into()])
        .with_source("BAN", "ETALAB-2.0")
}

fn geocoder(addresses: Option<Index>) -> Geocoder {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let (catalog, _) =
        Catalog::load(&data, &["annemasse-agglo".to_string()]).expect("bundled data");
    Geocoder::new(addresses.map(Arc::new), geocoder::places::index(&catalog))
}

fn ask(g: &Geocoder, q: &str) -> FeatureCollection {
    let opts = SearchOptions {
        limit: 8,
        ..SearchOptions::default()
    };
    g.search_collection(q, &opts)
}

fn folded(text: &str) -> String {
    geocoder::text::tokens(text).join(" ")
}

/// Every result of `answer` holds each of `words` in its label or commune.
fn all_hold(answer: &FeatureCollection, words: &[&str]) {
    for f in &answer.features {
        let text = folded(&format!("{} {}", f.properties.label, f.properties.city));
        for w in words {
            assert!(text.contains(w), "« {} » lacks « {w} »", f.properties.label);
        }
    }
}

const GRENOBLE_GARE: &str = "38185_0700_00012;12;Rue de la Gare;38000;38185;Grenoble;5.72;45.19";

#[test]
fn an_address_of_a_departement_not_loaded_is_said_not_found_and_why() {
    let g = geocoder(Some(addresses(&[GRENOBLE_GARE])));
    let answer = ask(&g, "12 rue de la gare annemasse");
    all_hold(&answer, &["gare", "annemasse"]);
    assert!(
        !answer
            .features
            .iter()
            .any(|f| f.properties.city == "Grenoble"),
        "{:?}",
        answer.features
    );
    let note = answer.no_address.expect("aucune_adresse");
    assert_eq!(note.message, "Aucune adresse trouvée");
    assert_eq!(note.departement.as_deref(), Some("74"));
    assert_eq!(
        note.raison.as_deref(),
        Some("les adresses de ce département (74) ne sont pas chargées")
    );
    assert_eq!(
        (answer.attribution.as_str(), answer.licence.as_str()),
        ("BAN", "ETALAB-2.0")
    );
    // By its postcode too; and with no address at all, the answer credits no BAN.
    let none = geocoder(None);
    let by_postcode = ask(&none, "12 rue de la gare 74100");
    assert_eq!(
        by_postcode
            .no_address
            .and_then(|n| n.departement)
            .as_deref(),
        Some("74")
    );
    assert_ne!(by_postcode.attribution, "BAN");
}

#[test]
fn places_lacking_a_word_of_the_query_are_no_answer() {
    let g = geocoder(None);
    // « Perrier » alone finds the quartier; with a commune it is not in, nothing pretends.
    let perrier = ask(&g, "perrier");
    assert!(!perrier.features.is_empty());
    assert!(perrier.no_address.is_none(), "not an address: no note");
    all_hold(&ask(&g, "perrier grenoble"), &["perrier", "grenoble"]);
    assert!(ask(&g, "perrier grenoble").features.is_empty());
    // A typo is still found.
    assert!(!ask(&g, "perier").features.is_empty());
}

#[test]
fn with_addresses_loaded_the_address_comes_first_then_the_places_that_match() {
    let g = geocoder(Some(addresses(&[
        GRENOBLE_GARE,
        "74012_0800_00012;12;Rue de la Gare;74100;74012;Annemasse;6.236;46.193",
        "74012_0800_00014;14;Rue de la Gare;74100;74012;Annemasse;6.237;46.193",
    ])));
    let answer = ask(&g, "12 rue de la gare annemasse");
    assert!(answer.no_address.is_none());
    let first = &answer.features[0].properties;
    assert_eq!(
        (first.id.as_str(), first.kind),
        ("74012_0800_00012", ResultType::Housenumber)
    );
    all_hold(&answer, &["gare", "annemasse"]);
    let kinds: Vec<bool> = answer
        .features
        .iter()
        .map(|f| f.properties.collection.is_none())
        .collect();
    assert!(
        kinds.windows(2).all(|w| w[0] >= w[1]),
        "addresses before places: {kinds:?}"
    );
}
