//! Many addresses at once: a CSV in (read by [`crate::csv_table`]: UTF-8 or Latin-1, `;`,
//! tab or `,`), each row geocoded from the columns named like the API Adresse's
//! `/search/csv/` (`columns`, `postcode`, `citycode`), and written back with the match and where it stands with regard to the QPV.
//!
//! The input is read and checked whole first (so a malformed file is refused before any row
//! is written), then rows are produced one at a time, for a server to stream them.
//!
//! # Uncertain matches
//! A row is `ok` only when a house number was found with a score of at least
//! [`SCORE_MIN`]. Below it, or when only a street, a lieu-dit or a commune was found, the row
//! is `incertain`: the match is shown (label, score, position) so a person can check it, but
//! no QPV verdict is drawn from it (`verdict` empty, `erreur` = `adresse incertaine`).

mod coordinates;
mod error;
pub mod xlsx;

pub use crate::csv_table::{column, Column, Dialect};
pub use coordinates::parse_point;
pub use error::{BatchError, TableError};

use geodata::impacts::columns::{located, LOCATED};
use geodata::impacts::{Answerer, Place};

use crate::csv_table::{self, Table};
use crate::search::{ResultType, SearchOptions};
use crate::Geocoder;

/// Rows accepted in one file.
pub const MAX_ROWS: usize = 50_000;
/// Below this score a match is reported as uncertain and not used for the QPV verdict. On our
/// own query set, right answers score 0.75 and above and wrong ones below 0.6 (see
/// benches/RESULTS.md, geocoder).
pub const SCORE_MIN: f64 = 0.6;

/// The geocoding columns added to each row, as the API Adresse's `/search/csv/` names them.
const GEOCODED: [&str; 13] = [
    "latitude",
    "longitude",
    "result_label",
    "result_score",
    "result_type",
    "result_id",
    "result_housenumber",
    "result_name",
    "result_street",
    "result_postcode",
    "result_city",
    "result_citycode",
    "result_status",
];
/// Where the located columns (`geodata::impacts::columns::LOCATED`) begin.
const LOCATED_AT: usize = GEOCODED.len();
/// Where `erreur` is: why a row has no verdict.
const ERROR: usize = LOCATED_AT + LOCATED.len();

/// Columns added to each row, in order: the geocoding columns, the located columns (the same
/// as `quartiers locate`'s), then `erreur`.
pub const ADDED: [&str; ERROR + 1] = {
    let mut names = [""; ERROR + 1];
    let mut i = 0;
    while i < GEOCODED.len() {
        names[i] = GEOCODED[i];
        i += 1;
    }
    while i < ERROR {
        names[i] = LOCATED[i - LOCATED_AT];
        i += 1;
    }
    names[ERROR] = "erreur";
    names
};

/// Which columns make the address, as the API Adresse's `/search/csv/` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchParams {
    /// Columns joined with spaces to make the query; every column when empty.
    pub columns: Vec<String>,
    /// Column holding a postcode, used as a filter.
    pub postcode: Option<String>,
    /// Column holding an INSEE code, used as a filter.
    pub citycode: Option<String>,
    /// Columns holding a longitude and a latitude (WGS84, `6.24` or `6,24`): the rows are
    /// then located by these coordinates instead of geocoded.
    pub lon: Option<String>,
    pub lat: Option<String>,
}

/// A checked input file, ready to be geocoded row by row.
#[derive(Debug)]
pub struct Batch {
    table: Table,
    query_columns: Vec<usize>,
    postcode: Option<usize>,
    citycode: Option<usize>,
    /// Longitude and latitude columns, when the rows carry coordinates.
    coordinates: Option<(usize, usize)>,
}

impl Batch {
    /// Reads and checks the whole input. `name` names it in error messages.
    pub fn prepare(name: &str, bytes: &[u8], params: &BatchParams) -> Result<Batch, BatchError> {
        let table = csv_table::read(name, bytes, MAX_ROWS)?;
        let find = |column: &str, param: &'static str| -> Result<usize, BatchError> {
            let repeated = match csv_table::column(&table.headers, column) {
                Column::At(i) => return Ok(i),
                Column::Missing => false,
                Column::Repeated => true,
            };
            Err(BatchError::Column {
                name: name.to_string(),
                column: column.to_string(),
                param,
                repeated,
                available: table.headers.iter().collect::<Vec<_>>().join(", "),
            })
        };
        let query_columns = if params.columns.is_empty() {
            (0..table.headers.len()).collect()
        } else {
            params
                .columns
                .iter()
                .map(|c| find(c, "columns"))
                .collect::<Result<_, _>>()?
        };
        let postcode = params
            .postcode
            .as_deref()
            .map(|c| find(c, "postcode"))
            .transpose()?;
        let citycode = params
            .citycode
            .as_deref()
            .map(|c| find(c, "citycode"))
            .transpose()?;
        let coordinates = match (params.lon.as_deref(), params.lat.as_deref()) {
            (Some(lon), Some(lat)) => Some((find(lon, "lon")?, find(lat, "lat")?)),
            (None, None) => None,
            _ => {
                return Err(BatchError::Coordinates {
                    name: name.to_string(),
                })
            }
        };
        for added in ADDED {
            if matches!(column(&table.headers, added), Column::At(_)) {
                return Err(BatchError::Existing {
                    name: name.to_string(),
                    column: added.to_string(),
                });
            }
        }
        Ok(Batch {
            table,
            query_columns,
            postcode,
            citycode,
            coordinates,
        })
    }

    /// Whether the rows are geocoded (false when they carry their coordinates).
    pub fn needs_geocoder(&self) -> bool {
        self.coordinates.is_none()
    }

    /// The input's columns, then [`ADDED`].
    pub fn headers(&self) -> Vec<&str> {
        self.table.headers.iter().chain(ADDED).collect()
    }

    /// The input's fields of row `i` (padded to the header's width).
    fn input_fields(&self, i: usize) -> Vec<&str> {
        let mut fields: Vec<&str> = self
            .table
            .rows
            .get(i)
            .map(|r| r.record.iter().collect())
            .unwrap_or_default();
        fields.resize(self.table.headers.len(), "");
        fields
    }

    pub fn len(&self) -> usize {
        self.table.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.rows.is_empty()
    }

    pub fn dialect(&self) -> Dialect {
        self.table.dialect
    }

    /// The header line of the output, with the byte order mark when one is due.
    pub fn header(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if self.table.dialect.bom {
            out.extend_from_slice(csv_table::BOM);
        }
        let fields: Vec<&str> = self.table.headers.iter().chain(ADDED).collect();
        out.extend(self.table.dialect.line(&fields));
        out
    }

    /// Row `i` of the output, and its `result_status` (`ok`, `incertain`, `not-found`,
    /// `skipped`).
    pub fn row(&self, i: usize, geocoder: &Geocoder, answerer: Answerer<'_>) -> (Vec<u8>, String) {
        let (fields, status) = self.fields(i, geocoder, answerer);
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        (self.table.dialect.line(&fields), status)
    }

    /// The fields of row `i` (the input's, then the added ones), and its `result_status`.
    pub fn fields(
        &self,
        i: usize,
        geocoder: &Geocoder,
        answerer: Answerer<'_>,
    ) -> (Vec<String>, String) {
        let Some(record) = self.table.rows.get(i).map(|r| &r.record) else {
            return (Vec::new(), "skipped".into());
        };
        let field = |c: usize| record.get(c).unwrap_or("").trim();
        let added = if let Some((lon, lat)) = self.coordinates {
            let header = |c: usize| self.table.headers.get(c).unwrap_or("");
            at_coordinates(
                parse_point(header(lon), field(lon), header(lat), field(lat)),
                answerer,
            )
        } else {
            self.geocoded(field, geocoder, answerer)
        };
        let status = added[12].clone();
        let mut out: Vec<String> = self
            .input_fields(i)
            .into_iter()
            .map(str::to_string)
            .collect();
        out.extend(added);
        (out, status)
    }

    fn geocoded<'a>(
        &self,
        field: impl Fn(usize) -> &'a str,
        geocoder: &Geocoder,
        answerer: Answerer<'_>,
    ) -> [String; ADDED.len()] {
        let query: Vec<&str> = self
            .query_columns
            .iter()
            .map(|&c| field(c))
            .filter(|f| !f.is_empty())
            .collect();
        let query = query.join(" ");
        let opts = SearchOptions {
            limit: 1,
            autocomplete: false,
            postcode: self
                .postcode
                .map(|c| field(c).to_string())
                .filter(|s| !s.is_empty()),
            citycode: self
                .citycode
                .map(|c| field(c).to_string())
                .filter(|s| !s.is_empty()),
            ..SearchOptions::default()
        };
        if query.trim().is_empty() {
            let mut a = empty_added();
            a[12] = "skipped".into();
            a[ERROR] = "adresse non trouvée".into();
            return a;
        }
        match geocoder.search(&query, &opts).into_iter().next() {
            None => {
                let mut a = empty_added();
                a[12] = "not-found".into();
                a[ERROR] = "adresse non trouvée".into();
                a
            }
            Some(found) => matched(&found, answerer),
        }
    }
}

/// The added fields of a row located by its own coordinates: `ok` and its QPV standing, or
/// `not-found` with the reason the coordinates could not be read.
fn at_coordinates(
    point: Result<geo::Point<f64>, String>,
    answerer: Answerer<'_>,
) -> [String; ADDED.len()] {
    let mut a = empty_added();
    match point {
        Ok(p) => {
            a[0] = format!("{:.6}", p.y());
            a[1] = format!("{:.6}", p.x());
            a[4] = "coordinates".into();
            a[12] = "ok".into();
            fill_qpv(&mut a, answerer, p.x(), p.y());
        }
        Err(reason) => {
            a[12] = "not-found".into();
            a[ERROR] = format!("coordonnées illisibles ({reason})");
        }
    }
    a
}

fn fill_qpv(a: &mut [String; ADDED.len()], answerer: Answerer<'_>, lon: f64, lat: f64) {
    let report = answerer.impacts(&Place::Point(geo::Point::new(lon, lat)));
    for (field, value) in a[LOCATED_AT..ERROR].iter_mut().zip(located(&report)) {
        *field = value;
    }
}

fn empty_added() -> [String; ADDED.len()] {
    Default::default()
}

fn matched(found: &crate::Feature, answerer: Answerer<'_>) -> [String; ADDED.len()] {
    let p = &found.properties;
    let [lon, lat] = found.geometry.coordinates;
    let certain = p.score >= SCORE_MIN && p.kind == ResultType::Housenumber;
    let mut a = empty_added();
    a[0] = format!("{lat:.6}");
    a[1] = format!("{lon:.6}");
    a[2].clone_from(&p.label);
    a[3] = format!("{:.4}", p.score);
    a[4] = p.kind.code().to_string();
    a[5].clone_from(&p.id);
    a[6] = p.housenumber.clone().unwrap_or_default();
    a[7].clone_from(&p.name);
    a[8] = p.street.clone().unwrap_or_default();
    a[9].clone_from(&p.postcode);
    a[10].clone_from(&p.city);
    a[11].clone_from(&p.citycode);
    if certain {
        a[12] = "ok".into();
        fill_qpv(&mut a, answerer, lon, lat);
    } else {
        a[12] = "incertain".into();
        a[ERROR] = "adresse incertaine".into();
    }
    a
}
