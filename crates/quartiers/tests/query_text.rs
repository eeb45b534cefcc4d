//! `quartiers query` in French, as a user reads it: every status beside its date (issue 27).

use std::path::{Path, PathBuf};
use std::process::Command;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

/// The text answer at Le Perrier, every item listed, statuses judged on `day`.
fn perrier(day: &str) -> String {
    let run = Command::new(env!("CARGO_BIN_EXE_quartiers"))
        .args(["query", "--lon", "6.2438", "--lat", "46.1856"])
        .args(["--detail", "complet", "--date-reference", day, "--data"])
        .arg(data_dir())
        .output()
        .expect("the binary runs");
    assert!(run.status.success(), "{run:?}");
    String::from_utf8(run.stdout).expect("UTF-8")
}

fn line_of<'t>(text: &'t str, needle: &str) -> &'t str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle} in:\n{text}"))
}

#[test]
fn every_status_is_printed_with_its_date() {
    let text = perrier("2026-12-07");
    assert!(
        line_of(&text, "Tramway Annemasse - Genève")
            .contains("[en travaux · état connu en 2019, à vérifier]"),
        "{text}"
    );
    assert!(line_of(&text, "• Tiers-lieu « La Bulle »")
        .contains("[programmé · état connu en 2019, à vérifier]"));
    // Its reason says the place was inferred.
    assert!(text.contains("Programmé(e) (état connu en 2019, à vérifier). Rattaché au quartier « Le Perrier - Château Rouge - Livron », où se trouve ce lieu (déduit : la source ne précise pas l'emplacement"));
    // Every status in brackets carries its date, actions too.
    for line in text.lines().filter(|l| l.trim_start().starts_with('•')) {
        if let Some((_, badge)) = line.rsplit_once('[') {
            assert!(
                badge.contains("état connu") || badge.contains("non renseigné"),
                "{line}"
            );
        }
    }
    assert!(text.contains("[En cours de déploiement · état connu en juin 2019, à vérifier]"));
    // The counts say how many are to be checked, and on which day.
    assert!(line_of(&text, "Statuts à vérifier :").contains("au 7 décembre 2026"));
    assert!(line_of(&text, "  Opérations de renouvellement urbain (").contains(" à vérifier"));
    // An interpreted owner shows the source's words.
    assert!(text.contains("Lecture de la source — maitre_ouvrage : la source dit « "));
}

#[test]
fn the_day_of_reference_decides_what_is_to_be_checked() {
    let text = perrier("2020-06-01");
    assert!(
        line_of(&text, "Tramway Annemasse - Genève").contains("[en travaux · état connu en 2019]")
    );
    let refused = Command::new(env!("CARGO_BIN_EXE_quartiers"))
        .args([
            "query",
            "--lon",
            "6.2438",
            "--lat",
            "46.1856",
            "--date-reference",
            "2020",
        ])
        .arg("--data")
        .arg(data_dir())
        .output()
        .expect("the binary runs");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("AAAA-MM-JJ"));
}
