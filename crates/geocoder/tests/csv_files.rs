//! The shared table of CSV files (`tests/data/csv/expected.json`): the one reader of locate,
//! batch and POST /batch reads each as the table says; `web/test/csvFiles.test.js` checks the
//! web map's preview on the same table, so both answer identically.

use std::path::Path;

use geocoder::csv_table::{self, Encoding, TableError};
use serde_json::{json, Value};

fn kind(error: &TableError) -> &'static str {
    match error {
        TableError::Empty { .. } => "empty",
        TableError::UnclosedQuote { .. } => "unclosed_quote",
        TableError::TooManyFields { .. } => "too_many_fields",
        TableError::TooManyRows { .. } => "too_many_rows",
        _ => "csv",
    }
}

/// What the reader answers, in the table's terms.
fn answer(name: &str, bytes: &[u8]) -> Value {
    match csv_table::read(name, bytes, usize::MAX) {
        Ok(table) => {
            let d = table.dialect;
            let encoding = match (d.encoding, d.bom) {
                (Encoding::Utf8, true) => "utf-8-bom",
                (other, _) => other.label(),
            };
            let rows: Vec<Value> = table
                .rows
                .iter()
                .map(|r| json!({ "line": r.line, "fields": r.record.iter().collect::<Vec<_>>() }))
                .collect();
            json!({
                "encoding": encoding,
                "separator": char::from(d.delimiter).to_string(),
                "header": table.headers.iter().collect::<Vec<_>>(),
                "rows": rows,
            })
        }
        Err(e) => {
            let mut error = json!({ "kind": kind(&e) });
            if let Some(line) = e.line() {
                error["line"] = json!(line);
            }
            json!({ "error": error })
        }
    }
}

#[test]
fn every_file_of_the_shared_table_reads_as_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/csv");
    let table: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("valid JSON");
    let cases = table["cases"].as_array().expect("cases");
    assert!(cases.len() >= 10, "the table lists the files");
    for case in cases {
        let file = case["file"].as_str().expect("file");
        let bytes = std::fs::read(dir.join(file)).expect(file);
        let mut expected = case.clone();
        let expected = expected.as_object_mut().expect("object");
        expected.remove("file");
        expected.remove("why");
        assert_eq!(
            answer(file, &bytes),
            Value::Object(expected.clone()),
            "{file}: {}",
            case["why"]
        );
    }
}
