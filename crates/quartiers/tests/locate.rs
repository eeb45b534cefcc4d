//! `quartiers locate` as a user runs it: files in, a file out, errors on stderr.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

fn locate(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quartiers"))
        .arg("locate")
        .args(args)
        .arg("--data")
        .arg(data_dir())
        .output()
        .expect("the binary runs")
}

#[test]
fn writes_the_located_csv_and_a_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("points.csv");
    let output = dir.path().join("sortie.csv");
    std::fs::write(&input, "id;lon;lat\nA;6,2438;46,1856\nB;oops;46\n").expect("write input");
    let run = locate(&[&input, Path::new("-o"), &output]);
    assert!(run.status.success(), "{run:?}");
    let text = std::fs::read_to_string(&output).expect("output written");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "id;lon;lat;qpv_code;qpv_nom;verdict;distance_bord_m;dans_contour;insee_com;commune_nom;contrat_ville;contrat_ville_nom;nb_operations;nb_actions;erreur"
    );
    assert!(
        lines[1]
            .starts_with("A;6,2438;46,1856;QN07401M;Le Perrier - Château Rouge - Livron;dedans;"),
        "{}",
        lines[1]
    );
    // Its commune and contrat de ville, from the national references.
    assert!(
        lines[1].contains(";oui;74012;Annemasse;CN07401I;"),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[2],
        "B;oops;46;;;;;;;;;;;;colonne « lon » : « oops » n'est pas un nombre décimal"
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("2 ligne(s) : 1 dedans, 0 en limite, 0 dehors, 1 en erreur"),
        "{stderr}"
    );
    assert!(
        stderr.contains("points.csv, ligne 3, colonne « lon »"),
        "{stderr}"
    );
}

#[test]
fn a_malformed_file_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("points.csv");
    let output = dir.path().join("sortie.csv");
    std::fs::write(&input, "x,y\n6.2,46.1\n").expect("write input");
    let run = locate(&[&input, Path::new("-o"), &output]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("points.csv: colonne « lon » absente de l'en-tête (x, y)"),
        "{stderr}"
    );
    assert!(!output.exists());
}
