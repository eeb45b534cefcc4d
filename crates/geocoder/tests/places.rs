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

/// With the national references, every commune of France (homonyms apart, each with its
/// département and extent), every contrat de ville (by name or code) and every QPV are found.
#[test]
fn communes_contracts_and_quartiers_of_all_france() {
    let g = geocoder();
    let opts = SearchOptions {
        limit: 30,
        ..SearchOptions::default()
    };
    let found = g.search("saint-denis", &opts);
    let commune = |insee: &str| {
        found
            .iter()
            .find(|f| {
                f.properties.nature == "Commune"
                    && f.properties.identifiant.as_deref() == Some(insee)
            })
            .unwrap_or_else(|| panic!("no commune {insee}"))
    };
    for (insee, dep) in [("93066", "93"), ("97411", "974"), ("30247", "30")] {
        let c = commune(insee);
        assert_eq!(c.properties.name, "Saint-Denis");
        assert_eq!(c.properties.context, dep);
        assert_eq!(c.properties.collection.as_deref(), Some(""));
        let [w, s, e, n] = c.bbox.expect("an extent");
        let [lon, lat] = c.geometry.coordinates;
        assert!(
            w < lon && lon < e && s < lat && lat < n,
            "{insee}: point in its extent"
        );
    }
    // Saint-Denis (974) lies in La Réunion.
    assert!(commune("97411").geometry.coordinates[1] < -20.0);

    let by_code = g.search("CN04903M", &opts);
    let contract = by_code
        .iter()
        .find(|f| f.properties.nature == "Contrat de ville")
        .expect("the contract by its code");
    assert_eq!(contract.properties.identifiant.as_deref(), Some("CN04903M"));
    assert_eq!(contract.properties.name, "49 - CU Angers Loire Métropole");
    let [w, s, e, n] = contract.bbox.expect("its communes' extent");
    assert!(
        w < -0.55 && e > -0.55 && s < 47.47 && n > 47.47,
        "Angers inside"
    );
    assert!(g.search("angers loire metropole", &opts).iter().any(|f| f
        .properties
        .identifiant
        .as_deref()
        == Some("CN04903M")));

    let monplaisir = g.search("monplaisir angers", &opts);
    let qpv = monplaisir
        .iter()
        .find(|f| f.properties.identifiant.as_deref() == Some("QN04905M"))
        .expect("Monplaisir of Angers");
    assert_eq!(qpv.properties.city, "Angers");
    assert_eq!(qpv.properties.collection.as_deref(), Some("qpv"));

    // An arrondissement says its extent is its commune's.
    let lyon3 = g.search("lyon 3e arrondissement", &opts);
    let a = lyon3
        .iter()
        .find(|f| f.properties.identifiant.as_deref() == Some("69383"))
        .expect("Lyon 3e");
    assert!(a
        .properties
        .categorie
        .as_deref()
        .unwrap()
        .contains("sa commune"));
    // A commune of a loaded territory is listed once, with its OGC feature.
    let annemasse: Vec<_> = g
        .search("annemasse", &opts)
        .into_iter()
        .filter(|f| f.properties.nature == "Commune")
        .collect();
    assert_eq!(annemasse.len(), 1);
}

/// A commune elsewhere in France comes after the best place of the loaded data that holds
/// every word of the query whole, and still comes among the first.
#[test]
fn the_loaded_data_s_own_place_comes_before_a_commune_elsewhere() {
    let g = geocoder();
    let found = g.search("Perrier", &SearchOptions::default());
    let own = |f: &geocoder::Feature| {
        f.properties
            .collection
            .as_deref()
            .is_some_and(|c| !c.is_empty())
    };
    assert!(own(&found[0]), "{found:#?}");
    let commune = found
        .iter()
        .position(|f| f.properties.identifiant.as_deref() == Some("63275"))
        .expect("Perrier (63) among the first");
    assert_eq!(commune, 1, "right after it: {found:#?}");
}
