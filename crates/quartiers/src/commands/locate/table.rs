//! Reading the input CSV whole with the one reader of `locate`, `batch` and `POST /batch`
//! ([`geocoder::csv_table`]: a malformed file is refused before anything is written) and writing
//! it back, in the same dialect, with the added columns.

use std::path::Path;

pub use geocoder::csv_table::{column, Column, Table};

use super::error::LocateError;

/// Parses the input; no row limit (the file is local).
pub fn read(path: &Path, bytes: &[u8]) -> Result<Table, LocateError> {
    Ok(geocoder::csv_table::read(
        &path.display().to_string(),
        bytes,
        usize::MAX,
    )?)
}

/// The table with `added` headers and, for each row, its added fields: in the input's separator
/// and line ends, UTF-8 with a byte order mark when the input had one or was Latin-1 or UTF-16.
pub fn write<I, A>(table: &Table, added: &[&str], fields: I) -> Vec<u8>
where
    I: IntoIterator<Item = A>,
    A: IntoIterator<Item = String>,
{
    let dialect = table.dialect;
    let mut out = Vec::new();
    if dialect.bom {
        out.extend_from_slice(geocoder::csv_table::BOM);
    }
    let header: Vec<&str> = table.headers.iter().chain(added.iter().copied()).collect();
    out.extend(dialect.line(&header));
    let width = table.headers.len();
    for (row, extra) in table.rows.iter().zip(fields) {
        let mut record: Vec<String> = row.record.iter().map(str::to_string).collect();
        record.resize(width.max(record.len()), String::new());
        record.extend(extra);
        let record: Vec<&str> = record.iter().map(String::as_str).collect();
        out.extend(dialect.line(&record));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> Result<Table, LocateError> {
        read(Path::new("points.csv"), text)
    }

    #[test]
    fn writes_back_semicolons_crlf_and_bom() {
        let input = b"\xEF\xBB\xBFid;lon;lat\r\n1;6,2438;46,1856\r\n2;\"a;b\";x\r\n";
        let table = parse(input).expect("valid CSV");
        assert_eq!(table.rows[1].line, 3);
        let out = write(&table, &["n"], [vec!["x".to_string()], vec!["y".into()]]);
        assert_eq!(
            out,
            b"\xEF\xBB\xBFid;lon;lat;n\r\n1;6,2438;46,1856;x\r\n2;\"a;b\";x;y\r\n"
        );
    }

    #[test]
    fn pads_short_rows_and_refuses_long_ones() {
        let table = parse(b"lon,lat,nom\n6.1,46.2\n").expect("short row");
        let out = write(&table, &["n"], [vec!["1".to_string()]]);
        assert_eq!(out, b"lon,lat,nom,n\n6.1,46.2,,1\n");
        let err = parse(b"lon,lat\n6,24,46,18\n").expect_err("decimal commas unquoted");
        assert_eq!(
            err.to_string(),
            "points.csv, ligne 2 : 4 champs alors que l'en-tête en a 2 (séparateur « , ») ; \
             une valeur contenant le séparateur doit être entre guillemets"
        );
    }

    /// Rule decided with the one reader (issue 12): Latin-1 is decoded, as `batch` always did,
    /// instead of refused; the output is UTF-8 with a byte order mark so spreadsheets read it.
    #[test]
    fn decodes_latin1_and_writes_utf8_with_a_bom() {
        let table = parse(b"lon,lat,nom\n6.1,46.2,Chamb\xe9ry\n").expect("Latin-1");
        assert_eq!(&table.rows[0].record[2], "Chambéry");
        let out = write(&table, &["n"], [vec!["1".to_string()]]);
        assert_eq!(
            out,
            "\u{feff}lon,lat,nom,n\n6.1,46.2,Chambéry,1\n".as_bytes()
        );
        assert!(matches!(
            parse(b"\n  \n"),
            Err(LocateError::Table(
                geocoder::csv_table::TableError::Empty { .. }
            ))
        ));
    }
}
