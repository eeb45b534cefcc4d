//! Every fact of the bundled territories says how old it is, how it was placed and what was
//! interpreted (issue 27): the audit's cases, on the real data.

mod common;

use geodata::model::{DateOrigin, Freshness, FuzzyDate, PlacementBasis, ProjectStatus, StatusDate};
use geodata::report::Severity;
use geodata::territory::Territory;

fn annemasse() -> &'static Territory {
    common::catalog()
        .territory("annemasse-agglo")
        .expect("annemasse-agglo")
}

/// The day the audit's answers are checked against; the rule takes « today » as a parameter.
fn today() -> FuzzyDate {
    "2026-12-07".parse().unwrap()
}

fn threshold() -> u16 {
    annemasse().manifest.freshness.stale_after_years
}

fn operation(id: &str) -> &'static geodata::model::Operation {
    &annemasse()
        .operations
        .features()
        .iter()
        .find(|f| f.props.id == id)
        .unwrap_or_else(|| panic!("operation {id}"))
        .props
}

fn equipment(id: &str) -> &'static geodata::model::Equipment {
    &annemasse()
        .equipment
        .features()
        .iter()
        .find(|f| f.props.id == id)
        .unwrap_or_else(|| panic!("equipment {id}"))
        .props
}

fn year(y: &str) -> Option<FuzzyDate> {
    Some(y.parse().unwrap())
}

#[test]
fn the_tram_is_en_travaux_as_known_in_2019_and_said_stale() {
    let tram = operation("mob-tram-annemasse-geneve");
    assert_eq!(tram.status, ProjectStatus::Works);
    assert_eq!(
        tram.status_date,
        StatusDate {
            date: year("2019"),
            origin: DateOrigin::Document,
            source_date: year("2019"),
        }
    );
    assert_eq!(threshold(), 2);
    assert!(tram.status_date.is_stale(today(), threshold()));
    assert_eq!(
        tram.status_date.note_fr(today(), threshold()),
        "état connu en 2019, à vérifier"
    );
    // In 2020 the same status was current.
    assert!(!tram
        .status_date
        .is_stale("2020-09-01".parse().unwrap(), threshold()));
    // Its place is not given by any source: attached to the territory by default, said so.
    assert_eq!(tram.placement.basis, PlacementBasis::Inferred);
    assert!(tram.placement.inferred_from.contains("tracé"));
}

#[test]
fn la_bulle_and_the_perrier_health_centre_are_dated_2019() {
    for (id, status) in [
        ("eq-tiers-lieu-la-bulle", ProjectStatus::Planned),
        ("eq-msp-perrier", ProjectStatus::Studies),
    ] {
        let e = equipment(id);
        assert_eq!(e.status, status, "{id}");
        assert_eq!(e.status_date.date, year("2019"), "{id}");
        assert_eq!(
            e.status_date.freshness(today(), threshold()),
            Freshness::Stale,
            "{id}"
        );
    }
    for id in ["npnru-tiers-lieu-la-bulle", "npnru-maison-sante-perrier"] {
        assert!(
            operation(id).status_date.is_stale(today(), threshold()),
            "{id}"
        );
    }
}

#[test]
fn inferred_placements_are_marked_and_stated_ones_too() {
    for id in [
        "eq-tiers-lieu-la-bulle",
        "eq-pole-entrepreneuriat",
        "eq-brasserie-perrier",
    ] {
        let e = equipment(id);
        assert!(e.placement.is_inferred(), "{id}");
        assert!(!e.placement.inferred_from.is_empty(), "{id}");
    }
    assert!(operation("npnru-projet-memoire").placement.is_inferred());
    // The source puts the health centre « quartier du Perrier » (l. 667): stated.
    assert_eq!(
        equipment("eq-msp-perrier").placement.basis,
        PlacementBasis::Stated
    );
    // Every curated feature of Annemasse says how it was placed.
    let t = annemasse();
    let unmarked: Vec<&str> = t
        .operations
        .features()
        .iter()
        .map(|f| (&f.props.id, &f.props.placement))
        .chain(
            t.equipment
                .features()
                .iter()
                .map(|f| (&f.props.id, &f.props.placement)),
        )
        .filter(|(_, p)| p.basis == PlacementBasis::Unknown)
        .map(|(id, _)| id.as_str())
        .collect();
    assert!(unmarked.is_empty(), "{unmarked:?}");
}

#[test]
fn interpreted_fields_keep_the_source_words() {
    let gym = operation("npnru-gymnase-hutins");
    assert_eq!(gym.owner, "Ville d'Annemasse");
    let reading = gym
        .interpretations
        .iter()
        .find(|i| i.field == "maitre_ouvrage")
        .expect("MO VA marked");
    assert!(reading.source_text.contains("MO VA"));
    assert_eq!(reading.line, Some(1276));

    let cci = common::catalog()
        .territory("maubeuge-val-de-sambre")
        .unwrap()
        .operations
        .features()
        .iter()
        .find(|f| f.props.id == "cci-diagnostic-commercial-2017")
        .unwrap();
    assert_eq!(cci.props.owner, "CCI");
    assert!(cci.props.interpretations[0]
        .source_text
        .contains("réalisé par la CCI"));
    // Its status is dated by the source itself.
    assert_eq!(cci.props.status_date.origin, DateOrigin::Source);
    assert_eq!(cci.props.status_date.date, year("2017-01"));

    let angers = common::catalog()
        .territory("angers-loire-metropole")
        .unwrap();
    let platform = angers
        .actions
        .iter()
        .find(|a| a.id == "alm-plateforme-services-communes")
        .unwrap();
    assert_eq!(platform.interpretations[0].field, "realisations.detail");
    assert!(platform.interpretations[0].source_text.contains("Légende"));
}

#[test]
fn annemasse_actions_carry_the_mid_term_evaluation_date() {
    let actions = &annemasse().actions;
    assert!(actions.len() > 100);
    for a in actions {
        assert_eq!(a.status_date.date, year("2019-06"), "{}", a.id);
        assert_eq!(a.status_date.source_date, year("2019"), "{}", a.id);
        assert!(a.status_date.is_stale(today(), threshold()));
    }
}

#[test]
fn openstreetmap_stops_are_current() {
    let stop = annemasse()
        .equipment
        .features()
        .iter()
        .find(|f| f.props.kind == "arrêt de tram")
        .expect("a tram stop");
    assert_eq!(stop.props.status, ProjectStatus::Existing);
    assert_eq!(
        stop.props.status_date.freshness(today(), threshold()),
        Freshness::Current
    );
}

/// No bundled status goes without its date: validation would warn, and none does.
#[test]
fn every_bundled_status_is_dated() {
    for slug in [
        "annemasse-agglo",
        "maubeuge-val-de-sambre",
        "ales-agglomeration",
        "angers-loire-metropole",
    ] {
        let (_, report) =
            Territory::load(&common::data_dir().join("territories").join(slug)).unwrap();
        let undated: Vec<String> = report
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
            .filter(|i| {
                i.field
                    .as_deref()
                    .is_some_and(|f| f.starts_with("statut_date"))
            })
            .map(|i| i.to_string())
            .collect();
        assert!(
            undated.is_empty(),
            "{slug}: {} statuts sans date, dont {:?}",
            undated.len(),
            &undated[..undated.len().min(3)]
        );
    }
}
