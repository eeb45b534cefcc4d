//! The checked list as an Excel workbook (rust_xlsxwriter), as France Chaleur Urbaine's bulk
//! test returns it: sheet « Résultats » has the same rows and columns as the CSV, with typed
//! cells (coordinates, scores, distances and counts as numbers), sheet « Légende » explains
//! every added column and every status and verdict.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{Batch, ADDED};
use crate::Geocoder;
use geodata::impacts::columns::{LOCATED_LEGEND, VERDICT_LEGEND};
use geodata::impacts::Answerer;

/// Added columns written as numbers.
const NUMERIC_ADDED: [&str; 6] = [
    "latitude",
    "longitude",
    "result_score",
    "distance_bord_m",
    "nb_operations",
    "nb_actions",
];

/// What each geocoding column holds, in the order of [`ADDED`]; the located columns' meanings
/// are geodata's (`LOCATED_LEGEND`), then `erreur`'s.
const GEOCODED_MEANINGS: [&str; 13] = [
    "Latitude WGS84 (degrés) de l'adresse trouvée, ou de la ligne quand elle donne ses coordonnées",
    "Longitude WGS84 (degrés)",
    "Adresse trouvée, telle que la Base Adresse Nationale l'écrit",
    "Score de la correspondance, de 0 à 1 (en dessous de 0,6 : à vérifier)",
    "Nature de la correspondance : housenumber (numéro), street (rue), locality (lieu-dit), municipality (commune), poi (lieu des données), coordinates (coordonnées de la ligne)",
    "Identifiant BAN de l'adresse ou identifiant du lieu",
    "Numéro trouvé (avec son indice : bis, ter…)",
    "Numéro et voie, ou nom du lieu",
    "Voie",
    "Code postal",
    "Commune",
    "Code INSEE de la commune",
    "Statut de la ligne (voir ci-dessous)",
];
const ERROR_MEANING: &str =
    "Pourquoi la ligne n'a pas de situation QPV (voir ci-dessous) ; vide sinon";

fn meanings() -> impl Iterator<Item = &'static str> {
    GEOCODED_MEANINGS
        .into_iter()
        .chain(LOCATED_LEGEND.iter().map(|(_, meaning)| *meaning))
        .chain(std::iter::once(ERROR_MEANING))
}

const STATUSES: [(&str, &str); 4] = [
    ("ok", "Adresse trouvée au numéro avec un score d'au moins 0,6, ou coordonnées lues : la situation QPV est donnée"),
    ("incertain", "Correspondance à vérifier (score faible, ou seulement une rue, un lieu-dit ou une commune) : aucune situation QPV n'en est tirée"),
    ("not-found", "Non trouvée : aucune adresse ne correspond, ou les coordonnées sont illisibles"),
    ("skipped", "Ligne sans adresse : rien à chercher"),
];

/// Why a row has no verdict (column `erreur`).
const ERRORS: [(&str, &str); 3] = [
    ("adresse incertaine", "Statut incertain : pas de situation QPV"),
    ("adresse non trouvée", "Statut not-found ou skipped : pas de situation QPV"),
    ("coordonnées illisibles (…)", "La longitude ou la latitude de la ligne n'est pas un nombre décimal en degrés WGS84 ; la raison suit"),
];

/// Rows of one Excel sheet, header included (Excel's « Specifications and limits »).
pub const EXCEL_ROWS: usize = 1_048_576;
/// Columns of one Excel sheet.
pub const EXCEL_COLUMNS: usize = 16_384;
/// Characters in one Excel cell.
pub const EXCEL_CELL_CHARS: usize = 32_767;

/// Why `batch` cannot be a workbook Excel opens, in French, before any row is geocoded: too
/// many rows or columns, or a cell too long (the CSV answer has no such bound).
pub fn excel_problem(batch: &Batch) -> Option<String> {
    let table = &batch.table;
    let rows = table.rows.len() + 1;
    let columns = table.headers.len() + ADDED.len();
    let hint = "demandez le résultat en CSV (format=csv), qui n'a pas cette limite";
    if rows > EXCEL_ROWS {
        return Some(format!(
            "{rows} lignes avec l'en-tête : une feuille Excel en contient au plus {EXCEL_ROWS} ; {hint}"
        ));
    }
    if columns > EXCEL_COLUMNS {
        return Some(format!(
            "{columns} colonnes avec les {} ajoutées : une feuille Excel en contient au plus {EXCEL_COLUMNS} ; {hint}",
            ADDED.len()
        ));
    }
    let too_long =
        |field: &str| field.len() > EXCEL_CELL_CHARS && field.chars().count() > EXCEL_CELL_CHARS;
    if let Some(c) = table.headers.iter().position(too_long) {
        return Some(format!(
            "l'en-tête de la colonne n°{} dépasse {EXCEL_CELL_CHARS} caractères, le plus qu'une cellule Excel contient ; {hint}",
            c + 1
        ));
    }
    for row in &table.rows {
        if let Some(c) = row.record.iter().position(too_long) {
            return Some(format!(
                "ligne {}, colonne n°{} : plus de {EXCEL_CELL_CHARS} caractères, le plus qu'une cellule Excel contient ; {hint}",
                row.line,
                c + 1
            ));
        }
    }
    None
}

/// The workbook of `batch`, every row geocoded (or located) as for the CSV.
pub fn workbook(
    batch: &Batch,
    geocoder: &Geocoder,
    answerer: Answerer<'_>,
) -> Result<Vec<u8>, XlsxError> {
    let rows: Vec<Vec<String>> = (0..batch.len())
        .map(|i| batch.fields(i, geocoder, answerer).0)
        .collect();
    write(&batch.headers(), &rows)
}

/// Writes `headers` and `rows` (the CSV's fields) and the legend sheet.
pub fn write(headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet().set_name("Résultats")?;
    let input_width = headers.len() - ADDED.len();
    let numeric: Vec<bool> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            if c >= input_width {
                NUMERIC_ADDED.contains(h)
            } else {
                input_is_numeric(h, rows.iter().map(|r| r.get(c).map_or("", String::as_str)))
            }
        })
        .collect();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), geodata::text::xml_safe(h), &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let line = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, value) in row.iter().enumerate() {
            write_cell(sheet, line, col(c), value, numeric.get(c) == Some(&true))?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if !headers.is_empty() {
        let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        sheet.autofilter(0, 0, last_row, col(headers.len() - 1))?;
    }
    sheet.autofit();

    let legend = book.add_worksheet().set_name("Légende")?;
    legend.write_string_with_format(0, 0, "Colonne ajoutée", &bold)?;
    legend.write_string_with_format(0, 1, "Signification", &bold)?;
    let mut line = 1u32;
    for (name, meaning) in ADDED.iter().zip(meanings()) {
        legend.write_string(line, 0, *name)?;
        legend.write_string(line, 1, meaning)?;
        line += 1;
    }
    let verdicts: Vec<(&str, &str)> = VERDICT_LEGEND
        .iter()
        .map(|(verdict, meaning)| (verdict.code(), *meaning))
        .collect();
    for (title, values) in [
        ("Statut (result_status)", &STATUSES[..]),
        ("Situation (verdict)", &verdicts[..]),
        ("Raison (erreur)", &ERRORS[..]),
    ] {
        line += 1;
        legend.write_string_with_format(line, 0, title, &bold)?;
        line += 1;
        for (value, meaning) in values {
            legend.write_string(line, 0, *value)?;
            legend.write_string(line, 1, *meaning)?;
            line += 1;
        }
    }
    legend.set_column_width(0, 28)?;
    legend.set_column_width(1, 110)?;
    book.save_to_buffer()
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    numeric: bool,
) -> Result<(), XlsxError> {
    if value.is_empty() {
        return Ok(());
    }
    match numeric.then(|| decimal(value)).flatten() {
        Some(n) => sheet.write_number(row, col, n)?,
        // U+FFFE and U+FFFF would make the sheet's XML ill-formed (controls the writer
        // escapes as Excel does).
        None => sheet.write_string(row, col, geodata::text::xml_safe(value))?,
    };
    Ok(())
}

/// A plain decimal (`6.24`, `6,24`, `-3`), as a French spreadsheet writes it.
fn decimal(text: &str) -> Option<f64> {
    let t = text.trim();
    let normalised = if !t.contains('.') && t.matches(',').count() == 1 {
        t.replace(',', ".")
    } else {
        t.to_string()
    };
    let plain = !normalised.is_empty()
        && normalised
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-'));
    plain
        .then(|| normalised.parse::<f64>().ok())
        .flatten()
        .filter(|n| n.is_finite())
}

/// An input column is written as numbers when every value is a decimal without a leading
/// zero and its name does not say it is a code (postcodes, INSEE codes, ids keep their zeros
/// and stay text).
fn input_is_numeric<'a>(header: &str, values: impl Iterator<Item = &'a str>) -> bool {
    let h = header.to_lowercase();
    if [
        "code", "cp", "insee", "postal", "siret", "siren", "id", "tel", "num",
    ]
    .iter()
    .any(|w| h.contains(w))
    {
        return false;
    }
    let mut any = false;
    for v in values {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let digits = v.trim_start_matches('-');
        let leading_zero = digits.len() > 1
            && digits.starts_with('0')
            && !digits.starts_with("0.")
            && !digits.starts_with("0,");
        if leading_zero || decimal(v).is_none() {
            return false;
        }
        any = true;
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_stay_text_and_measures_become_numbers() {
        assert!(input_is_numeric("lon", ["6,2438", "-1.5", ""].into_iter()));
        assert!(!input_is_numeric("cp", ["74100"].into_iter()));
        assert!(!input_is_numeric("valeur", ["01000"].into_iter()));
        assert!(!input_is_numeric("adresse", ["4 rue X", "12"].into_iter()));
        assert!(!input_is_numeric("vide", ["", " "].into_iter()));
        assert_eq!(decimal("6,2438"), Some(6.2438));
        assert_eq!(decimal("1e3"), None);
        assert_eq!(decimal("inf"), None);
    }

    #[test]
    fn writes_a_workbook_with_two_sheets() {
        let mut headers = vec!["nom", "adresse"];
        headers.extend(ADDED);
        let mut row = vec!["A".to_string(), "1 rue X".to_string()];
        row.extend(ADDED.iter().map(|_| String::new()));
        row[2] = "46.185600".into();
        row[2 + 12] = "ok".into();
        let bytes = write(&headers, &[row]).expect("workbook");
        // An XLSX file is a ZIP archive.
        assert_eq!(&bytes[..2], b"PK");
        assert!(bytes.len() > 2000);
    }
}
