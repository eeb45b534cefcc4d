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
    common::today()
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

/// The answers of the audit's places, on [`today`] (see `common::answerer`).
mod answers {
    use super::*;
    use geodata::impacts::{AnswerParts, AnswerView, Answerer, Detail, Place, Scope, Selection};
    use serde_json::Value;

    /// Le Perrier, inside the QPV: its NPNRU operations and equipment, Annemasse's and the
    /// agglomeration's.
    const PERRIER: (f64, f64) = (6.2438, 46.1856);
    /// Between the tram stop « Moillesulaz » (OpenStreetMap, current) and the QPV of Gaillard,
    /// whose equipment is known from 2019: both *ici*.
    const MOILLESULAZ: (f64, f64) = (6.2058, 46.1904);

    fn json(answerer: &Answerer<'_>, at: (f64, f64), detail: Detail, scopes: &[Scope]) -> Value {
        let r = answerer.impacts(&Place::Point(geo::Point::new(at.0, at.1)));
        let selection = Selection {
            scopes: scopes.to_vec(),
            groups: vec![],
        };
        serde_json::from_str(&AnswerView::new(&r, detail, &selection).to_json()).unwrap()
    }

    fn find<'v>(v: &'v Value, group: &str, id: &str) -> &'v Value {
        v[group]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{group} {id} in {}", v[group]))
    }

    fn raison(item: &Value) -> &str {
        item["raison"].as_str().unwrap()
    }

    #[test]
    fn the_tram_is_answered_as_known_in_2019_to_check_in_both_forms() {
        let answerer = common::answerer();
        for detail in [Detail::Resume, Detail::Complet] {
            let v = json(&answerer, PERRIER, detail, &[Scope::Territoire]);
            let tram = find(&v, "operations", "mob-tram-annemasse-geneve");
            assert_eq!(tram["statut"], "en travaux", "{detail:?}");
            assert_eq!(tram["statut_date"], "2019", "{detail:?}");
            assert_eq!(tram["statut_date_origine"], "document", "{detail:?}");
            assert_eq!(tram["perime"], true, "{detail:?}");
            if detail == Detail::Complet {
                assert_eq!(tram["statut_etat"], "état connu en 2019, à vérifier");
            }
            assert!(
                raison(tram).starts_with("En travaux (état connu en 2019, à vérifier). "),
                "{}",
                raison(tram)
            );
            // Placed on the whole territory because no source draws it: said so.
            assert_eq!(tram["emplacement"], "déduit");
            assert!(raison(tram).contains(
                "Rattaché à l'ensemble du territoire (Annemasse Agglo) (déduit : la source ne précise pas l'emplacement ; le tracé du tram"
            ));
        }
        // The complete form also gives the source's date.
        let v = json(&answerer, PERRIER, Detail::Complet, &[]);
        assert_eq!(
            find(&v, "operations", "mob-tram-annemasse-geneve")["source_date"],
            "2019"
        );
    }

    #[test]
    fn the_same_status_was_current_in_2020() {
        let parts = AnswerParts::new_on(common::catalog(), "2020-06-01".parse().unwrap());
        let answerer = Answerer::new(common::catalog(), &parts);
        let v = json(&answerer, PERRIER, Detail::Complet, &[]);
        let tram = find(&v, "operations", "mob-tram-annemasse-geneve");
        assert_eq!(tram["perime"], false);
        assert_eq!(tram["statut_etat"], "état connu en 2019");
        assert!(raison(tram).starts_with("En travaux (état connu en 2019). "));
        assert_eq!(v["a_verifier"]["date_reference"], "2020-06-01");
    }

    #[test]
    fn la_bulle_and_the_perrier_health_centre_are_dated_and_placed_as_the_source_says() {
        let v = json(&common::answerer(), PERRIER, Detail::Resume, &[]);
        let bulle = find(&v, "equipements", "eq-tiers-lieu-la-bulle");
        assert_eq!(bulle["statut"], "programmé");
        assert_eq!(bulle["statut_date"], "2019");
        assert_eq!(bulle["perime"], true);
        assert_eq!(
            raison(bulle),
            "Programmé(e) (état connu en 2019, à vérifier). Rattaché au quartier « Le Perrier - Château Rouge - Livron », où se trouve ce lieu (déduit : la source ne précise pas l'emplacement ; équipement de la convention NPNRU du quartier (l. 615) ; la source ne dit pas qu'il est dans le périmètre du QPV)."
        );
        let msp = find(&v, "equipements", "eq-msp-perrier");
        assert_eq!(msp["statut"], "en études");
        assert_eq!(msp["perime"], true);
        assert_eq!(msp["emplacement"], "indiqué par la source");
        assert!(
            raison(msp).starts_with(
                "En études (état connu en 2019, à vérifier). Dans le quartier « Le Perrier"
            ),
            "{}",
            raison(msp)
        );
        let op = find(&v, "operations", "npnru-maison-sante-perrier");
        assert_eq!(op["statut_date"], "2019");
        assert_eq!(op["perime"], true);
    }

    #[test]
    fn a_reason_s_verb_follows_the_status_and_every_status_is_dated() {
        let v = json(&common::answerer(), PERRIER, Detail::Complet, &[]);
        let mut seen = Vec::new();
        for group in ["operations", "equipements"] {
            for item in v[group].as_array().unwrap() {
                let (status, why) = (item["statut"].as_str().unwrap(), raison(item));
                assert!(!why.contains("Prévu"), "{why}");
                let verb = match status {
                    "existant" => "Existant(e) (",
                    "réalisé" => "Réalisé(e) (",
                    "en travaux" => "En travaux (",
                    "en études" => "En études (",
                    "programmé" => "Programmé(e) (",
                    "abandonné" => "Abandonné(e) (",
                    _ => "Statut non renseigné.",
                };
                assert!(why.starts_with(verb), "{status}: {why}");
                if status != "non renseigné" {
                    assert!(item["statut_date"].is_string(), "{}", item["id"]);
                    assert!(item["statut_date_origine"].is_string(), "{}", item["id"]);
                    assert!(item["perime"].is_boolean(), "{}", item["id"]);
                }
                seen.push(status.to_string());
            }
        }
        for status in ["existant", "réalisé", "en travaux", "programmé"] {
            assert!(seen.iter().any(|s| s == status), "{status}");
        }
        for action in v["actions"].as_array().unwrap() {
            if action["statut"].is_null() {
                assert!(action.get("statut_date").is_none());
                continue;
            }
            assert_eq!(action["statut_date"], "2019-06");
            assert!(raison(action).ends_with("(état connu en juin 2019, à vérifier)."));
        }
    }

    #[test]
    fn stale_statuses_rank_after_current_ones_and_are_counted() {
        let v = json(&common::answerer(), MOILLESULAZ, Detail::Complet, &[]);
        let equipment = v["equipements"].as_array().unwrap();
        // Whether each item *ici* is not current: stale, or without a status.
        let ici: Vec<bool> = equipment
            .iter()
            .filter(|e| e["portee"] == "ici")
            .map(|e| e["perime"] != false)
            .collect();
        // The OpenStreetMap stops (current) before the equipment known in 2019.
        assert!(ici.contains(&false) && ici.contains(&true), "{ici:?}");
        assert!(ici.windows(2).all(|w| !w[0] || w[1]), "{ici:?}");
        // The summary counts what is to be checked, per group and per scope.
        let stale = |group: &str| {
            v[group]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["perime"] == true)
                .count() as u64
        };
        let counts = &v["a_verifier"];
        assert_eq!(counts["date_reference"], "2026-12-07");
        for group in ["operations", "equipements", "actions"] {
            assert_eq!(counts[group], stale(group), "{group}");
            let per_scope: u64 = v["portees"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["groupes"][group]["a_verifier"].as_u64().unwrap())
                .sum();
            assert_eq!(per_scope, stale(group), "{group}");
        }
        assert!(counts["total"].as_u64().unwrap() > 100);
    }

    #[test]
    fn interpretations_keep_the_source_words_in_the_answer() {
        let v = json(
            &common::answerer(),
            PERRIER,
            Detail::Resume,
            &[Scope::Commune],
        );
        let gym = find(&v, "operations", "npnru-gymnase-hutins");
        assert_eq!(gym["maitre_ouvrage"], Value::Null, "compact: no owner");
        let reading = &gym["interpretations"][0];
        assert_eq!(reading["champ"], "maitre_ouvrage");
        assert!(reading["texte_source"].as_str().unwrap().contains("MO VA"));
        let full = json(&common::answerer(), PERRIER, Detail::Complet, &[]);
        let gym = find(&full, "operations", "npnru-gymnase-hutins");
        assert_eq!(gym["maitre_ouvrage"], "Ville d'Annemasse");
        assert_eq!(gym["interpretations"][0]["ligne"], 1276);
    }
}
