//! Reading the input CSV whole (so a malformed file is refused before anything is written) and
//! writing it back, in the same dialect, with the added columns.

use std::path::Path;

use csv::{StringRecord, Terminator};

pub use geocoder::batch::{column, Column};

use super::error::LocateError;

/// How the input is written, so the output reads the same way in the same spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// `,` or `;`, whichever the header line uses more.
    pub delimiter: u8,
    pub crlf: bool,
    /// The input starts with a UTF-8 byte order mark (spreadsheets need it to read UTF-8).
    pub bom: bool,
}

/// A record of the input and the line it starts on.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub record: StringRecord,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub dialect: Dialect,
    pub headers: StringRecord,
    pub rows: Vec<Row>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses the input. Rows shorter than the header are fine (missing trailing fields are
/// empty); longer ones mean a quoting or separator problem and refuse the file.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Table, LocateError> {
    let (bom, body) = match bytes.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let text = std::str::from_utf8(body).map_err(|e| LocateError::NotUtf8 {
        path: path.to_path_buf(),
        line: line_at(body, e.valid_up_to()),
    })?;
    let header_line =
        text.lines()
            .find(|l| !l.trim().is_empty())
            .ok_or_else(|| LocateError::Empty {
                path: path.to_path_buf(),
            })?;
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    // csv's own line numbers run one behind after CRLF endings: count from the byte offset.
    let line_of = |p: Option<&csv::Position>| {
        p.map_or(1, |p| {
            line_at(
                text.as_bytes(),
                usize::try_from(p.byte()).unwrap_or(usize::MAX),
            )
        })
    };
    let csv_error = |e: csv::Error| LocateError::Csv {
        path: path.to_path_buf(),
        line: line_of(e.position()),
        message: e.to_string(),
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let mut rows = Vec::new();
    for result in reader.records() {
        let record = result.map_err(csv_error)?;
        let line = line_of(record.position());
        if record.len() > headers.len() {
            return Err(LocateError::TooManyFields {
                path: path.to_path_buf(),
                line,
                fields: record.len(),
                expected: headers.len(),
                delimiter: char::from(delimiter),
            });
        }
        rows.push(Row { line, record });
    }
    Ok(Table {
        dialect: Dialect {
            delimiter,
            crlf,
            bom,
        },
        headers,
        rows,
    })
}

/// The table with `added` headers and, for each row, its added fields.
pub fn write<I, A>(table: &Table, added: &[&str], fields: I) -> Result<Vec<u8>, csv::Error>
where
    I: IntoIterator<Item = A>,
    A: IntoIterator<Item = String>,
{
    let mut out = Vec::new();
    if table.dialect.bom {
        out.extend_from_slice(BOM);
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(table.dialect.delimiter)
        .terminator(if table.dialect.crlf {
            Terminator::CRLF
        } else {
            Terminator::Any(b'\n')
        })
        .from_writer(out);
    let width = table.headers.len();
    writer.write_record(table.headers.iter().chain(added.iter().copied()))?;
    for (row, extra) in table.rows.iter().zip(fields) {
        let padding = width.saturating_sub(row.record.len());
        let mut record: Vec<String> = row.record.iter().map(str::to_string).collect();
        record.extend(std::iter::repeat_n(String::new(), padding));
        record.extend(extra);
        writer.write_record(&record)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}

/// The 1-based line of a record starting at byte `offset`. After a CRLF, csv places the start
/// on the `\n`, hence counting it too.
fn line_at(bytes: &[u8], offset: usize) -> u64 {
    let newlines = bytes[..offset.saturating_add(1).min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    u64::try_from(newlines)
        .unwrap_or(u64::MAX)
        .saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> Result<Table, LocateError> {
        read(Path::new("points.csv"), text)
    }

    #[test]
    fn detects_semicolons_crlf_and_bom_and_writes_them_back() {
        let input = b"\xEF\xBB\xBFid;lon;lat\r\n1;6,2438;46,1856\r\n2;\"a;b\";x\r\n";
        let table = parse(input).expect("valid CSV");
        assert_eq!(
            table.dialect,
            Dialect {
                delimiter: b';',
                crlf: true,
                bom: true
            }
        );
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1].line, 3);
        assert_eq!(&table.rows[1].record[1], "a;b");
        let out =
            write(&table, &["n"], [vec!["x".to_string()], vec!["y".into()]]).expect("in memory");
        assert_eq!(
            out,
            b"\xEF\xBB\xBFid;lon;lat;n\r\n1;6,2438;46,1856;x\r\n2;\"a;b\";x;y\r\n"
        );
    }

    #[test]
    fn pads_short_rows_and_refuses_long_ones() {
        let table = parse(b"lon,lat,nom\n6.1,46.2\n").expect("short row");
        let out = write(&table, &["n"], [vec!["1".to_string()]]).expect("in memory");
        assert_eq!(out, b"lon,lat,nom,n\n6.1,46.2,,1\n");
        let err = parse(b"lon,lat\n6,24,46,18\n").expect_err("decimal commas unquoted");
        assert_eq!(
            err.to_string(),
            "points.csv, ligne 2 : 4 champs alors que l'en-tête en a 2 (séparateur « , ») ; \
             une valeur contenant le séparateur doit être entre guillemets"
        );
    }

    #[test]
    fn refuses_non_utf8_and_empty_files_naming_the_line() {
        let err = parse(b"lon,lat,nom\n6.1,46.2,Chamb\xe9ry\n").expect_err("Latin-1");
        assert_eq!(
            err.to_string(),
            "points.csv, ligne 2 : texte non UTF-8 ; enregistrez le fichier en UTF-8"
        );
        assert!(matches!(parse(b"\n  \n"), Err(LocateError::Empty { .. })));
    }

    #[test]
    fn finds_columns_trimmed_and_case_insensitive() {
        let headers = StringRecord::from(vec!["Id", " LON ", "lat", "LAT2"]);
        assert_eq!(column(&headers, "lon"), Column::At(1));
        assert_eq!(column(&headers, "x"), Column::Missing);
        let twice = StringRecord::from(vec!["lat", "Lat"]);
        assert_eq!(column(&twice, "lat"), Column::Repeated);
    }
}
