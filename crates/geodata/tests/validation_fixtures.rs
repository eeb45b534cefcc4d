//! Broken territory directories give precise messages naming the file, the feature and the
//! field, and refuse the load.

use std::fs;
use std::path::Path;

use geodata::report::{Report, Severity};
use geodata::territory::{LoadError, Territory};

const MANIFEST: &str = r#"
slug = "test"
name = "Territoire de test"
epci_siren = "000000000"
epci_name = "CA de test"
bbox = [6.0, 46.0, 6.1, 46.1]
attribution = "test"
communes = [{ insee = "74012", name = "Annemasse" }]

[[programmes]]
id = "p"
nom = "Programme"
"#;

const COMMUNE: &str = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"insee_com":"74012","nom":"Annemasse","precision_geometrie":"approximate","motif_precision":"test"},"geometry":{"type":"Polygon","coordinates":[[[6.0,46.0],[6.1,46.0],[6.1,46.1],[6.0,46.1],[6.0,46.0]]]}}]}"#;

/// An operation feature with the given geometry and extra properties.
fn operation(id: &str, geometry: &str, extra: &str) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{"id":"{id}","programme":"p","type":"démolition","titre":"Opération {id}","precision_geometrie":"exact","motif_precision":"test"{extra}}},"geometry":{geometry}}}"#
    )
}

const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[6.01,46.01],[6.02,46.01],[6.02,46.02],[6.01,46.02],[6.01,46.01]]]}"#;

fn territory_with_operations(features: &[String]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("territory.toml"), MANIFEST).unwrap();
    fs::write(dir.path().join("communes.geojson"), COMMUNE).unwrap();
    let fc = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    fs::write(dir.path().join("operations.geojson"), fc).unwrap();
    dir
}

fn errors(dir: &Path) -> Report {
    let report = Territory::validate(dir).unwrap();
    assert!(
        matches!(Territory::load(dir), Err(LoadError::Invalid { .. })),
        "a territory with errors must be refused"
    );
    report
}

fn only_error(report: &Report) -> &geodata::report::Issue {
    let errors: Vec<_> = report.errors().collect();
    assert_eq!(errors.len(), 1, "{report}");
    errors[0]
}

#[test]
fn a_valid_fixture_loads() {
    let dir = territory_with_operations(&[operation("a", SQUARE, "")]);
    let (t, report) = Territory::load(dir.path()).unwrap();
    assert!(report.issues.is_empty(), "{report}");
    assert_eq!(t.operations.len(), 1);
}

#[test]
fn open_ring() {
    let open = r#"{"type":"Polygon","coordinates":[[[6.01,46.01],[6.02,46.01],[6.02,46.02],[6.01,46.02]]]}"#;
    let dir =
        territory_with_operations(&[operation("a", SQUARE, ""), operation("ouvert", open, "")]);
    let report = errors(dir.path());
    let e = only_error(&report);
    assert!(e.file.ends_with("operations.geojson"));
    assert_eq!(e.feature.as_deref(), Some("n°2 (id ouvert)"));
    assert_eq!(e.field.as_deref(), Some("geometry"));
    assert_eq!(
        e.message,
        "anneau extérieur non fermé : le dernier point doit répéter le premier"
    );
    let text = e.to_string();
    assert!(
        text.starts_with("erreur : ")
            && text.contains("operations.geojson, entité n°2 (id ouvert), champ « geometry »"),
        "{text}"
    );
}

#[test]
fn self_intersection() {
    let bowtie = r#"{"type":"Polygon","coordinates":[[[6.01,46.01],[6.02,46.02],[6.02,46.01],[6.01,46.02],[6.01,46.01]]]}"#;
    let dir = territory_with_operations(&[operation("noeud", bowtie, "")]);
    let report = errors(dir.path());
    let e = only_error(&report);
    assert_eq!(e.feature.as_deref(), Some("n°1 (id noeud)"));
    assert_eq!(e.field.as_deref(), Some("geometry"));
    assert!(
        e.message.starts_with("géométrie invalide (OGC)")
            && e.message.contains("self-intersection"),
        "{}",
        e.message
    );
}

#[test]
fn unknown_status() {
    let dir = territory_with_operations(&[operation("a", SQUARE, r#","statut":"fini""#)]);
    let report = errors(dir.path());
    let e = only_error(&report);
    assert_eq!(e.feature.as_deref(), Some("n°1 (id a)"));
    assert_eq!(e.field.as_deref(), Some("statut"));
    assert!(
        e.message.starts_with("valeur inconnue `fini`"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("programmé"),
        "the message lists the admitted values: {}",
        e.message
    );
}

#[test]
fn unknown_date_format() {
    let dir = territory_with_operations(&[operation("a", SQUARE, r#","date_debut":"fin 2019""#)]);
    let e = only_error(&errors(dir.path())).clone();
    assert_eq!(e.field.as_deref(), Some("date_debut"));
    assert!(
        e.message.contains("date « fin 2019 » invalide"),
        "{}",
        e.message
    );
}

#[test]
fn missing_required_field() {
    let no_title = SQUARE.to_string();
    let feature = format!(
        r#"{{"type":"Feature","properties":{{"id":"sans-titre","programme":"p","type":"démolition","precision_geometrie":"exact"}},"geometry":{no_title}}}"#
    );
    let dir = territory_with_operations(&[feature]);
    let e = only_error(&errors(dir.path())).clone();
    assert_eq!(e.feature.as_deref(), Some("n°1 (id sans-titre)"));
    assert_eq!(e.message, "champ obligatoire absent : `titre`");
}

#[test]
fn duplicate_id() {
    let dir = territory_with_operations(&[operation("x", SQUARE, ""), operation("x", SQUARE, "")]);
    let e = only_error(&errors(dir.path())).clone();
    assert_eq!(e.feature.as_deref(), Some("n°2 (id x)"));
    assert_eq!(e.field.as_deref(), Some("id"));
    assert_eq!(e.message, "identifiant « x » en double");
}

#[test]
fn point_outside_the_territory() {
    let far = r#"{"type":"Point","coordinates":[7.5,46.2]}"#;
    let dir = territory_with_operations(&[operation("loin", far, "")]);
    let e = only_error(&errors(dir.path())).clone();
    assert_eq!(e.feature.as_deref(), Some("n°1 (id loin)"));
    assert!(
        e.message
            .starts_with("géométrie hors de l'emprise du territoire"),
        "{}",
        e.message
    );
}

#[test]
fn lambert_93_coordinates_are_recognised() {
    let l93 = r#"{"type":"Point","coordinates":[948000.0,6570000.0]}"#;
    let dir = territory_with_operations(&[operation("l93", l93, "")]);
    let e = only_error(&errors(dir.path())).clone();
    assert!(e.message.contains("EPSG:4326"), "{}", e.message);
}

#[test]
fn unknown_commune_perimeter_and_programme() {
    let dir = territory_with_operations(&[
        operation("c", SQUARE, r#","insee_com":["99999"]"#),
        r#"{"type":"Feature","properties":{"id":"q","programme":"inconnu","type":"étude","titre":"t","precision_geometrie":"perimeter","motif_precision":"m","perimetre":"QN0"},"geometry":null}"#.to_string(),
    ]);
    let report = errors(dir.path());
    let messages: Vec<String> = report.errors().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), 3, "{report}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("commune « 99999 » inconnue")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("périmètre « QN0 » inconnu")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("programme « inconnu » inconnu")),
        "{messages:?}"
    );
}

#[test]
fn clockwise_rings_are_a_warning_and_get_reoriented() {
    let cw = r#"{"type":"Polygon","coordinates":[[[6.01,46.01],[6.01,46.02],[6.02,46.02],[6.02,46.01],[6.01,46.01]]]}"#;
    let dir = territory_with_operations(&[operation("cw", cw, "")]);
    let (t, report) = Territory::load(dir.path()).unwrap();
    assert_eq!(report.issues.len(), 1);
    assert_eq!(report.issues[0].severity, Severity::Warning);
    assert!(report.issues[0].message.contains("réorientés"));
    assert_eq!(t.operations.len(), 1);
}

#[test]
fn the_bundled_territories_are_valid() {
    let data = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/territories"
    ));
    let mut n = 0;
    for entry in fs::read_dir(data).unwrap() {
        let dir = entry.unwrap().path();
        if dir.join("territory.toml").exists() {
            let report = Territory::validate(&dir).unwrap();
            assert!(report.issues.is_empty(), "{}: {report}", dir.display());
            n += 1;
        }
    }
    assert!(n >= 1);
}

/// A file written before statuses were dated still loads; its undated status is warned about
/// (the answer says « état non daté, à vérifier »), a dated one without its origin too, and a
/// status « non renseigné » needs no date.
#[test]
fn an_undated_status_loads_with_a_warning() {
    let dir = territory_with_operations(&[
        operation("sans-date", SQUARE, r#","statut":"en travaux""#),
        operation(
            "date-ancienne",
            SQUARE,
            r#","statut":"programmé","statut_date":"2019""#,
        ),
        operation("inconnu", SQUARE, r#","statut":"non renseigné""#),
        operation(
            "datee",
            SQUARE,
            r#","statut":"réalisé","statut_date":"2019","statut_date_origine":"document","source_date":"2019","emplacement":"déduit","deduit_de":"test""#,
        ),
    ]);
    let (territory, report) = Territory::load(dir.path()).expect("loads despite the warnings");
    assert_eq!(territory.operations.len(), 4);
    let warnings: Vec<(String, String)> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Warning)
        .map(|i| (i.feature.clone().unwrap(), i.field.clone().unwrap()))
        .collect();
    assert_eq!(
        warnings,
        [
            ("n°1 (id sans-date)".to_string(), "statut_date".to_string()),
            (
                "n°2 (id date-ancienne)".to_string(),
                "statut_date_origine".to_string()
            ),
        ],
        "{report}"
    );
    let datee = &territory.operations.features()[3].props;
    assert!(datee.placement.is_inferred());
    assert_eq!(territory.manifest.freshness.stale_after_years, 2);
}

/// A wrong date origin or placement basis is refused with its field named.
#[test]
fn an_unknown_date_origin_is_refused() {
    let dir = territory_with_operations(&[operation(
        "x",
        SQUARE,
        r#","statut":"réalisé","statut_date":"2019","statut_date_origine":"hier""#,
    )]);
    let report = errors(dir.path());
    let issue = only_error(&report);
    assert!(issue.message.contains("hier"), "{issue}");
}
