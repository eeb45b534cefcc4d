//! Reading the input CSV: encoding (UTF-8, else Windows-1252/Latin-1 as spreadsheets save
//! it), separator, and the rows, checked whole.

use csv::StringRecord;

use super::MAX_ROWS;

/// Why an input file is refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    #[error("{name}: fichier vide ; une ligne d'en-tête nommant les colonnes est attendue")]
    Empty { name: String },
    #[error("{name}, ligne {line} : CSV illisible : {message}")]
    Csv {
        name: String,
        line: u64,
        message: String,
    },
    #[error(
        "{name}, ligne {line} : {fields} champs alors que l'en-tête en a {expected} (séparateur « {delimiter} ») ; \
         une valeur contenant le séparateur doit être entre guillemets"
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
    #[error(
        "{name}: colonne « {column} » (paramètre {param}) {} dans l'en-tête ({available})",
        if *repeated { "présente plusieurs fois" } else { "absente" }
    )]
    Column {
        name: String,
        column: String,
        param: &'static str,
        repeated: bool,
        available: String,
    },
    #[error("{name}: la colonne « {column} » existe déjà (fichier déjà traité ?) ; retirez-la ou renommez-la")]
    Existing { name: String, column: String },
    #[error("{name}: les paramètres lon et lat vont ensemble : nommez la colonne de longitude et celle de latitude")]
    Coordinates { name: String },
}

/// How the output is written: the input's separator and line ends, UTF-8 with a byte order
/// mark when the input had one or was not UTF-8 (so spreadsheets read the accents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    pub crlf: bool,
    pub bom: bool,
    /// The input was decoded from Windows-1252 (Latin-1).
    pub latin1: bool,
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

#[derive(Debug)]
pub struct Table {
    pub dialect: Dialect,
    pub headers: StringRecord,
    pub rows: Vec<StringRecord>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn read(name: &str, bytes: &[u8]) -> Result<Table, BatchError> {
    let (bom, body) = match bytes.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let (text, latin1) = match std::str::from_utf8(body) {
        Ok(t) => (std::borrow::Cow::Borrowed(t), false),
        Err(_) => (
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(body)
                .0,
            true,
        ),
    };
    let header_line =
        text.lines()
            .find(|l| !l.trim().is_empty())
            .ok_or_else(|| BatchError::Empty {
                name: name.to_string(),
            })?;
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| header_line.matches(char::from(*d)).count())
        .unwrap_or(b',');
    let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| BatchError::Csv {
        name: name.to_string(),
        line: e.position().map_or(1, |p| p.line()),
        message: e.to_string(),
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let mut rows = Vec::new();
    for result in reader.records() {
        let record = result.map_err(csv_error)?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() > headers.len() {
            return Err(BatchError::TooManyFields {
                name: name.to_string(),
                line: record.position().map_or(0, |p| p.line()),
                fields: record.len(),
                expected: headers.len(),
                delimiter: char::from(delimiter),
            });
        }
        rows.push(record);
        if rows.len() > MAX_ROWS {
            let total = rows.len() + reader.records().count();
            return Err(BatchError::TooManyRows {
                name: name.to_string(),
                rows: total,
                max: MAX_ROWS,
            });
        }
    }
    Ok(Table {
        dialect: Dialect {
            delimiter,
            crlf,
            bom: bom || latin1,
            latin1,
        },
        headers,
        rows,
    })
}

/// How a column name matches the header (trimmed, case-insensitive); shared with
/// `quartiers locate`.
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
