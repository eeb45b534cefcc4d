//! Import errors, the on-disk index, and the batch CSV.

mod common;

use geocoder::batch::{Batch, BatchError, BatchParams, TableError, ADDED};
use geocoder::{Geocoder, Index, IndexBuilder};
use geodata::catalog::Catalog;
use geodata::impacts::{AnswerParts, Answerer};

#[test]
fn a_bad_row_refuses_the_file_naming_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ban.csv");
    let bad = common::BAN.replace("6.2070;46.1850", "6.2070;abc");
    std::fs::write(&path, bad).expect("write");
    let err = geocoder::ban::read_file(&path, &mut IndexBuilder::new(), &mut |_| {})
        .expect_err("bad latitude");
    let text = err.to_string();
    assert!(
        text.contains("ligne 10") && text.contains("« lat »"),
        "{text}"
    );

    std::fs::write(&path, "a,b\n1,2\n").expect("write");
    let err = geocoder::ban::read_file(&path, &mut IndexBuilder::new(), &mut |_| {})
        .expect_err("not a BAN file");
    assert!(err.to_string().contains("colonne « id » absente"), "{err}");
}

#[test]
fn reads_gzipped_files_by_content() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("adresses.csv");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(common::BAN.as_bytes()).expect("gzip");
    std::fs::write(&path, gz.finish().expect("gzip")).expect("write");
    let rows = geocoder::ban::read_file(&path, &mut IndexBuilder::new(), &mut |_| {})
        .expect("gzipped BAN");
    assert_eq!(rows, 9);
}

#[test]
fn the_index_survives_a_round_trip_and_a_damaged_file_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(Index::load(dir.path()).expect("no index is fine").is_none());
    let index = common::index();
    let path = index.save(dir.path()).expect("save");
    let loaded = Index::load(dir.path()).expect("load").expect("present");
    assert_eq!(loaded.docs(), index.docs());
    assert_eq!(loaded.address_count(), 9);

    let mut bytes = std::fs::read(&path).expect("read");
    let half = bytes.len() / 2;
    bytes.truncate(half);
    std::fs::write(&path, &bytes).expect("write");
    let err = Index::load(dir.path()).expect_err("truncated");
    assert!(err.to_string().contains("import-addresses"), "{err}");
}

fn geocoder() -> Geocoder {
    Geocoder::new(
        Some(std::sync::Arc::new(common::index())),
        IndexBuilder::new().finish(vec![]),
    )
}

#[test]
fn batch_reads_latin1_semicolons_and_adds_the_columns() {
    let input = b"nom;adresse;cp\nA;4 rue \xc9mile Combes;38400\nB;;\nC;zzzz qqqq;\n";
    let params = BatchParams {
        columns: vec!["adresse".into()],
        postcode: Some("cp".into()),
        ..BatchParams::default()
    };
    let batch = Batch::prepare("liste.csv", input, &params).expect("valid");
    assert!(
        batch.dialect().encoding == geocoder::csv_table::Encoding::Windows1252
            && batch.dialect().bom
    );
    assert_eq!(batch.len(), 3);
    let header = String::from_utf8(batch.header()).expect("utf-8");
    assert!(header.starts_with("\u{feff}nom;adresse;cp;latitude;longitude;result_label"));
    assert_eq!(header.trim_end().split(';').count(), 3 + ADDED.len());

    let catalog = Catalog::default();
    let parts = AnswerParts::default();
    let answerer = Answerer::new(&catalog, &parts);
    let g = geocoder();
    let (row, status) = batch.row(0, &g, answerer);
    let row = String::from_utf8(row).expect("utf-8");
    assert_eq!(status, "ok", "{row}");
    assert!(
        row.contains("4 Rue Émile Combes 38400 Saint-Martin-d'Hères"),
        "{row}"
    );
    assert!(row.contains(";dehors;"), "{row}");
    assert_eq!(batch.row(1, &g, answerer).1, "skipped");
    let (row, status) = batch.row(2, &g, answerer);
    assert_ne!(status, "ok");
    assert!(
        String::from_utf8(row)
            .expect("utf-8")
            .ends_with(";adresse non trouvée\n")
            || status == "incertain",
        "erreur column"
    );
}

#[test]
fn a_street_only_match_is_uncertain_and_not_used() {
    let batch = Batch::prepare(
        "l.csv",
        b"adresse\n99 rue emile combes saint martin d'heres\n",
        &BatchParams::default(),
    )
    .expect("valid");
    let (row, status) = batch.row(
        0,
        &geocoder(),
        Answerer::new(&Catalog::default(), &AnswerParts::default()),
    );
    let row = String::from_utf8(row).expect("utf-8");
    assert_eq!(status, "incertain");
    assert!(row.contains("adresse incertaine"), "{row}");
}

#[test]
fn batch_refuses_missing_columns_and_long_rows() {
    let params = BatchParams {
        columns: vec!["rue".into()],
        ..BatchParams::default()
    };
    let err = Batch::prepare("l.csv", b"adresse,ville\nx,y\n", &params).expect_err("no rue");
    assert!(matches!(err, BatchError::Column { .. }));
    assert_eq!(
        err.to_string(),
        "l.csv: colonne « rue » (paramètre columns) absente dans l'en-tête (adresse, ville)"
    );
    let err =
        Batch::prepare("l.csv", b"a,b\n1,2,3\n", &BatchParams::default()).expect_err("3 fields");
    assert!(
        matches!(
            err,
            BatchError::Table(TableError::TooManyFields { line: 2, .. })
        ),
        "{err}"
    );
    assert!(matches!(
        Batch::prepare("l.csv", b"", &BatchParams::default()),
        Err(BatchError::Table(TableError::Empty { .. }))
    ));
}

#[test]
fn batch_refuses_more_than_the_row_limit() {
    let mut input = String::from("adresse\n");
    for i in 0..=geocoder::batch::MAX_ROWS {
        input.push_str(&format!("{i} rue x\n"));
    }
    let err =
        Batch::prepare("l.csv", input.as_bytes(), &BatchParams::default()).expect_err("too many");
    assert!(
        matches!(
            err,
            BatchError::Table(TableError::TooManyRows { rows: 50_001, .. })
        ),
        "{err}"
    );
}

#[test]
fn rows_with_coordinates_are_located_without_geocoding() {
    let params = BatchParams {
        lon: Some("lon".into()),
        lat: Some("lat".into()),
        ..BatchParams::default()
    };
    let batch = Batch::prepare(
        "points.csv",
        b"id;lon;lat\nA;6,2438;46,1856\nB;oops;46\n",
        &params,
    )
    .expect("valid");
    assert!(!batch.needs_geocoder());
    let empty = Geocoder::new(None, IndexBuilder::new().finish(vec![]));
    let catalog = Catalog::default();
    let parts = AnswerParts::default();
    let answerer = Answerer::new(&catalog, &parts);
    let (fields, status) = batch.fields(0, &empty, answerer);
    assert_eq!(status, "ok");
    assert_eq!(
        &fields[..5],
        ["A", "6,2438", "46,1856", "46.185600", "6.243800"]
    );
    let (fields, status) = batch.fields(1, &empty, answerer);
    assert_eq!(status, "not-found");
    assert!(
        fields
            .iter()
            .any(|f| f.starts_with("coordonnées illisibles")),
        "{fields:?}"
    );
    // Only one of the two is refused, naming the file.
    let half = BatchParams {
        lon: Some("lon".into()),
        ..BatchParams::default()
    };
    let err = Batch::prepare("points.csv", b"lon;lat\n6;46\n", &half).expect_err("lat missing");
    assert!(err.to_string().starts_with("points.csv"), "{err}");
}
