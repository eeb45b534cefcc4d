//! The one reader of a user's CSV, for `quartiers locate`, `quartiers batch` and `POST /batch`
//! (the web map's preview, `web/src/csvRead.js`, follows the same rules; both read the files
//! of `tests/data/csv/` identically).
//!
//! The rules, chosen for what a French GIS officer's spreadsheet writes:
//! - **Encoding**: UTF-16 when the file starts with its byte order mark (Excel's « Texte
//!   Unicode (*.txt) », tab-separated), else UTF-8 (a leading byte order mark is dropped), else
//!   Windows-1252, which is what Excel's « CSV (séparateur : point-virgule) » saves in France
//!   (Latin-1 plus `€`, `œ`, `’`): refusing it would refuse most files, and no UTF-8 file is
//!   misread by this rule.
//! - **Separator**: whichever of `;`, tab and `,` the header line (the first non-blank line)
//!   holds most of, outside quotes. On a tie (a one-column file holds none) `;` wins, then tab,
//!   then `,`: French spreadsheets write `;` because `,` is the decimal separator, and a comma
//!   is the likeliest to sit unquoted inside a value (« 8, rue Landon », « 6,24 »), so a
//!   one-column list of addresses must not be cut at its commas.
//! - **Rows**: RFC 4180 quotes; the header is the first non-blank record; records whose fields
//!   are all blank (a spreadsheet's `;;;` lines) are skipped; a row shorter than the header is
//!   padded with empty fields, a longer one refuses the file (a quoting or separator mistake
//!   would shift columns).
//! - **Line numbers** are 1-based lines of the file where the record starts, counting `\r\n`,
//!   `\n` and a lone `\r` as one line end each.
//! - A quote opened and never closed refuses the file (else the rest of the file would be read
//!   as one field, silently).

use csv::StringRecord;

/// Why a file cannot be read as a table. Each message names the file and, where there is one,
/// the line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TableError {
    #[error("{name}: fichier vide ; une ligne d'en-tête nommant les colonnes est attendue")]
    Empty { name: String },
    #[error("{name}, ligne {line} : CSV illisible : {message}")]
    Csv {
        name: String,
        line: u64,
        message: String,
    },
    #[error(
        "{name}, ligne {line} : guillemet ouvert et jamais refermé ; \
         doublez les guillemets à l'intérieur d'une valeur (\"\")"
    )]
    UnclosedQuote { name: String, line: u64 },
    #[error(
        "{name}, ligne {line} : {fields} champs alors que l'en-tête en a {expected} (séparateur « {} ») ; \
         une valeur contenant le séparateur doit être entre guillemets",
        separator_name(*delimiter)
    )]
    TooManyFields {
        name: String,
        line: u64,
        fields: usize,
        expected: usize,
        delimiter: char,
    },
    #[error("{name}: {rows} lignes ; au plus {max} lignes par fichier, découpez-le")]
    TooManyRows {
        name: String,
        rows: usize,
        max: usize,
    },
}

impl TableError {
    /// The line the error is about, if any.
    pub fn line(&self) -> Option<u64> {
        match self {
            TableError::Csv { line, .. }
            | TableError::UnclosedQuote { line, .. }
            | TableError::TooManyFields { line, .. } => Some(*line),
            TableError::Empty { .. } | TableError::TooManyRows { .. } => None,
        }
    }
}

fn separator_name(delimiter: char) -> String {
    if delimiter == '\t' {
        "tabulation".to_string()
    } else {
        delimiter.to_string()
    }
}

/// How the input is written, so the output reads the same way in the same spreadsheet: the
/// input's separator and line ends, UTF-8 with a byte order mark when the input had one or was
/// not UTF-8 (so spreadsheets read the accents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    pub crlf: bool,
    /// The output starts with a UTF-8 byte order mark.
    pub bom: bool,
    /// The input's encoding.
    pub encoding: Encoding,
}

/// The encodings the reader recognises (see the module's rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Latin-1 as French spreadsheets write it.
    Windows1252,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// The WHATWG label (`utf-8`, `windows-1252`, `utf-16le`, `utf-16be`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Windows1252 => "windows-1252",
            Self::Utf16Le => "utf-16le",
            Self::Utf16Be => "utf-16be",
        }
    }
}

impl Dialect {
    /// One CSV line, quoted where needed.
    pub fn line(&self, fields: &[&str]) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .terminator(if self.crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(Vec::new());
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(fields);
        writer.into_inner().unwrap_or_default()
    }
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

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads the whole input (`name` names it in errors), refusing it past `max_rows` data rows.
pub fn read(name: &str, bytes: &[u8], max_rows: usize) -> Result<Table, TableError> {
    let (text, encoding, bom) = decode(bytes);
    let text = text.as_ref();
    let header_line =
        lines(text)
            .find(|l| !l.trim().is_empty())
            .ok_or_else(|| TableError::Empty {
                name: name.to_string(),
            })?;
    let delimiter = sniff_delimiter(header_line);
    if let Some(line) = unclosed_quote(text, delimiter) {
        return Err(TableError::UnclosedQuote {
            name: name.to_string(),
            line,
        });
    }
    let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // csv's own line numbers run one behind after CRLF endings: count from the byte offset.
    let lines = std::cell::RefCell::new(LineCounter::new(text));
    let line_of = |p: Option<&csv::Position>| {
        p.map_or(1, |p| {
            lines
                .borrow_mut()
                .line_at(usize::try_from(p.byte()).unwrap_or(usize::MAX))
        })
    };
    let csv_error = |e: csv::Error| TableError::Csv {
        name: name.to_string(),
        line: line_of(e.position()),
        message: e.to_string(),
    };
    let mut records = reader.records().filter(|r| {
        r.as_ref()
            .map_or(true, |r| !r.iter().all(|f| f.trim().is_empty()))
    });
    let headers = match records.next() {
        Some(header) => header.map_err(csv_error)?,
        None => {
            return Err(TableError::Empty {
                name: name.to_string(),
            })
        }
    };
    let mut rows = Vec::new();
    while let Some(result) = records.next() {
        let record = result.map_err(csv_error)?;
        let line = line_of(record.position());
        if record.len() > headers.len() {
            return Err(TableError::TooManyFields {
                name: name.to_string(),
                line,
                fields: record.len(),
                expected: headers.len(),
                delimiter: char::from(delimiter),
            });
        }
        rows.push(Row { line, record });
        if rows.len() > max_rows {
            return Err(TableError::TooManyRows {
                name: name.to_string(),
                rows: rows.len() + records.count(),
                max: max_rows,
            });
        }
    }
    Ok(Table {
        dialect: Dialect {
            delimiter,
            crlf,
            bom: bom || encoding != Encoding::Utf8,
            encoding,
        },
        headers,
        rows,
    })
}

/// The text of the input, its encoding, and whether it started with a UTF-8 byte order mark.
fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Encoding, bool) {
    use std::borrow::Cow;
    // An odd last byte or a lone surrogate of UTF-16 becomes U+FFFD, as in a text editor.
    if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        let text = encoding_rs::UTF_16LE.decode_without_bom_handling(body).0;
        return (text, Encoding::Utf16Le, false);
    }
    if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
        let text = encoding_rs::UTF_16BE.decode_without_bom_handling(body).0;
        return (text, Encoding::Utf16Be, false);
    }
    let (bom, body) = match bytes.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    match std::str::from_utf8(body) {
        Ok(t) => (Cow::Borrowed(t), Encoding::Utf8, bom),
        Err(_) => (
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(body)
                .0,
            Encoding::Windows1252,
            bom,
        ),
    }
}

/// The lines of `text`, ended by `\r\n`, `\n` or a lone `\r` (as csv reads them).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
}

/// The separator the header line holds most of outside quotes; `;`, then tab, then `,` on a
/// tie (see the module's doc for why).
fn sniff_delimiter(header_line: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b';', b'\t', b','];
    let most = counts.iter().copied().max().unwrap_or(0);
    // The first of the most frequent, in the order of preference.
    candidates[counts.iter().position(|&n| n == most).unwrap_or(0)]
}

/// The line of the record whose quoted field runs to the end of the file, if one does (RFC 4180
/// quoting as csv reads it: a quote opens a field only at its start, `""` inside is a quote).
fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let delimiter = char::from(delimiter);
    let mut state = State::FieldStart;
    let mut line = 1u64;
    let mut record_line = 1u64;
    let mut previous = '\0';
    for c in text.chars() {
        let line_end = c == '\n' || c == '\r';
        // `\r\n` is one line end.
        if line_end && !(c == '\n' && previous == '\r') {
            line += 1;
        }
        previous = c;
        state = match state {
            State::Quoted if c == '"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if c == '"' => State::Quoted,
            State::FieldStart if c == '"' => State::Quoted,
            _ if c == delimiter => State::FieldStart,
            _ if line_end => {
                record_line = line;
                State::FieldStart
            }
            _ => State::Unquoted,
        };
    }
    (state == State::Quoted).then_some(record_line)
}

/// The 1-based lines of the records csv reads, in order: counted on from the previous record
/// (counting from the start each time would be quadratic in the file's size).
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Byte offset up to which line ends are counted, and the line there.
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the record csv places at byte `offset`. csv's start is just past the
    /// previous record's terminator, before any blank lines it skipped (and inside a `\r\n`):
    /// the record really starts at the first byte that is not a line end.
    fn line_at(&mut self, offset: usize) -> u64 {
        let bytes = self.bytes;
        let start = offset.min(bytes.len());
        let start = start
            + bytes[start..]
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
        if start < self.at {
            // Not in order (an error's position): count from the start.
            self.at = 0;
            self.line = 1;
        }
        let breaks = (self.at..start)
            .filter(|&i| {
                bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            })
            .count();
        self.line = self
            .line
            .saturating_add(u64::try_from(breaks).unwrap_or(u64::MAX));
        self.at = start;
        self.line
    }
}

/// How a column name matches the header (trimmed, case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    At(usize),
    Missing,
    Repeated,
}

pub fn column(headers: &StringRecord, name: &str) -> Column {
    let wanted = name.trim();
    let mut found = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| h.trim().eq_ignore_ascii_case(wanted))
        .map(|(i, _)| i);
    match (found.next(), found.next()) {
        (Some(i), None) => Column::At(i),
        (None, _) => Column::Missing,
        (Some(_), Some(_)) => Column::Repeated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(bytes: &[u8]) -> Result<Table, TableError> {
        read("points.csv", bytes, usize::MAX)
    }

    fn lines_of(table: &Table) -> Vec<u64> {
        table.rows.iter().map(|r| r.line).collect()
    }

    #[test]
    fn detects_semicolons_crlf_and_bom() {
        let table = parse(b"\xEF\xBB\xBFid;lon;lat\r\n1;6,2438;46,1856\r\n2;\"a;b\";x\r\n")
            .expect("valid CSV");
        assert_eq!(
            table.dialect,
            Dialect {
                delimiter: b';',
                crlf: true,
                bom: true,
                encoding: Encoding::Utf8,
            }
        );
        assert_eq!(&table.headers[0], "id");
        assert_eq!(lines_of(&table), [2, 3]);
        assert_eq!(&table.rows[1].record[1], "a;b");
    }

    #[test]
    fn line_numbers_count_every_kind_of_line_end_and_multiline_fields() {
        for text in [
            &b"a,b\n\n1,2\n\"x\ny\",3\n4,5\n"[..],
            b"a,b\r\n\r\n1,2\r\n\"x\r\ny\",3\r\n4,5\r\n",
            b"a,b\r\r1,2\r\"x\ry\",3\r4,5\r",
        ] {
            let table = parse(text).expect("valid CSV");
            assert_eq!(lines_of(&table), [3, 4, 6], "{text:?}");
        }
    }

    #[test]
    fn latin1_is_decoded_and_written_back_as_utf8_with_a_bom() {
        let table = parse(b"nom;commune\nA;Chamb\xe9ry\n").expect("Latin-1");
        assert!(table.dialect.encoding == Encoding::Windows1252 && table.dialect.bom);
        assert_eq!(&table.rows[0].record[1], "Chambéry");
    }

    #[test]
    fn the_separator_is_the_headers_most_frequent_and_semicolon_on_a_tie() {
        let sep = |text: &[u8]| char::from(parse(text).expect("valid").dialect.delimiter);
        assert_eq!(sep(b"a\tb\tc\n1\t2\t3\n"), '\t');
        assert_eq!(sep(b"a,b;c\n1,2;3\n"), ';');
        assert_eq!(sep(b"a\tb,c\n"), '\t');
        assert_eq!(sep(b"\"nom; complet\",adresse,cp\n"), ',');
        // A one-column list of addresses keeps its commas.
        let table = parse(b"adresse\n8, rue Landon\n").expect("one column");
        assert_eq!(char::from(table.dialect.delimiter), ';');
        assert_eq!(&table.rows[0].record[0], "8, rue Landon");
    }

    #[test]
    fn blank_records_are_skipped_short_rows_kept_long_ones_refused() {
        let table = parse(b"\n;;\nlon;lat;nom\n;;\n6.1;46.2\n  ;\n").expect("valid");
        assert_eq!(&table.headers[0], "lon");
        assert_eq!(lines_of(&table), [5]);
        let err = parse(b"lon,lat\n6,24,46,18\n").expect_err("decimal commas unquoted");
        assert_eq!(
            err.to_string(),
            "points.csv, ligne 2 : 4 champs alors que l'en-tête en a 2 (séparateur « , ») ; \
             une valeur contenant le séparateur doit être entre guillemets"
        );
        assert_eq!(err.line(), Some(2));
        let err = parse(b"a\tb\n1\t2\t3\n").expect_err("tabs");
        assert!(
            err.to_string().contains("séparateur « tabulation »"),
            "{err}"
        );
    }

    #[test]
    fn an_unclosed_quote_is_refused_at_its_record() {
        let err = parse(b"a;b\r\n1;2\r\n3;\"x\r\n4;5\r\n").expect_err("unclosed");
        assert!(
            matches!(err, TableError::UnclosedQuote { line: 3, .. }),
            "{err}"
        );
        // Quotes inside an unquoted field, and doubled ones, are fine.
        let table = parse(b"a;b\n12\";\"dit \"\"z\"\"\"\n").expect("valid");
        assert_eq!(&table.rows[0].record[0], "12\"");
        assert_eq!(&table.rows[0].record[1], "dit \"z\"");
    }

    #[test]
    fn empty_files_and_the_row_limit_are_refused() {
        assert!(matches!(parse(b""), Err(TableError::Empty { .. })));
        assert!(matches!(parse(b"\n  \n;\n"), Err(TableError::Empty { .. })));
        let err = read("l.csv", b"a\n1\n2\n3\n", 2).expect_err("too many");
        assert!(
            matches!(
                err,
                TableError::TooManyRows {
                    rows: 3,
                    max: 2,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn finds_columns_trimmed_and_case_insensitive() {
        let headers = StringRecord::from(vec!["Id", " LON ", "lat", "LAT2"]);
        assert_eq!(column(&headers, "lon"), Column::At(1));
        assert_eq!(column(&headers, "x"), Column::Missing);
        let twice = StringRecord::from(vec!["lat", "Lat"]);
        assert_eq!(column(&twice, "lat"), Column::Repeated);
    }

    /// Every line an answer names is a line of the file, and rows come in file order.
    fn lines_within(bytes: &[u8]) -> Result<(), TestCaseError> {
        let text = String::from_utf8(bytes.to_vec()).unwrap_or_else(|_| {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        });
        let last = u64::try_from(lines(&text).count())
            .unwrap_or(u64::MAX)
            .max(1);
        match parse(bytes) {
            Ok(table) => {
                let found = lines_of(&table);
                prop_assert!(found.windows(2).all(|w| w[0] < w[1]), "{found:?}");
                prop_assert!(
                    found.iter().all(|&l| (2..=last).contains(&l)),
                    "{found:?} > {last}"
                );
                for row in &table.rows {
                    prop_assert!(row.record.len() <= table.headers.len());
                }
            }
            Err(e) => {
                if let Some(line) = e.line() {
                    prop_assert!((1..=last).contains(&line), "{e} > {last}");
                }
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            lines_within(&bytes)?;
        }

        #[test]
        fn never_panics_on_csv_like_text(text in "[a-zé; ,\t\"\r\n]{0,200}") {
            lines_within(text.as_bytes())?;
        }
    }
}
