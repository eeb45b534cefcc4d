//! The dataset's places as `/geocode` gives them: their French kind and their OGC feature,
//! on the bundled territory.

use geocoder::{Geocoder, SearchOptions};
use geodata::catalog::Catalog;

fn geocoder() -> Geocoder {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let (catalog, _) =
        Catalog::load(&data, &["annemasse-agglo".to_string()]).expect("bundled data");
    Geocoder::new(None, geocoder::places::index(&catalog))
}

#[test]
fn places_say_what_they_are_and_which_feature_they_are() {
    let g = geocoder();
    let opts = SearchOptions {
        limit: 30,
        ..SearchOptions::default()
    };
    let found = g.search("perrier", &opts);
    let of = |name: &str, nature: &str| {
        found
            .iter()
            .find(|f| f.properties.name == name && f.properties.nature == nature)
            .unwrap_or_else(|| {
                let all: Vec<String> = found
                    .iter()
                    .map(|f| format!("{} ({})", f.properties.name, f.properties.nature))
                    .collect();
                panic!("no {name} ({nature}) among {all:?}")
            })
    };
    let qpv = of(
        "Le Perrier - Château Rouge - Livron",
        "Quartier prioritaire",
    );
    assert_eq!(qpv.properties.collection.as_deref(), Some("perimetres"));
    assert_eq!(
        qpv.properties.identifiant.as_deref(),
        Some("annemasse-agglo:QN07401M")
    );
    let brasserie = of("Brasserie du Perrier", "Équipement");
    assert_eq!(
        brasserie.properties.identifiant.as_deref(),
        Some("annemasse-agglo:eq-brasserie-perrier")
    );
    of(
        "Maison de santé pluridisciplinaire du Perrier",
        "Équipement",
    );
    of("Maison de santé pluridisciplinaire du Perrier", "Opération");
    // The national twin of the territory's QPV is not listed again; another QPV is.
    assert_eq!(
        found
            .iter()
            .filter(|f| f.properties.name == "Le Perrier - Château Rouge - Livron")
            .count(),
        1
    );
    for f in &found {
        assert_ne!(f.properties.nature, "Adresse", "{}", f.properties.name);
    }
    let annemasse = g.search("annemasse", &opts);
    let commune = annemasse
        .iter()
        .find(|f| f.properties.nature == "Commune")
        .expect("the commune");
    assert_eq!(
        (
            commune.properties.collection.as_deref(),
            commune.properties.identifiant.as_deref()
        ),
        (Some("communes"), Some("annemasse-agglo:74012"))
    );
    assert!(annemasse
        .iter()
        .any(|f| f.properties.nature == "Centralité" && f.properties.name == "Annemasse"));
}
