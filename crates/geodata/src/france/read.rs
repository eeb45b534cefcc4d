//! Reading the tab-separated files of `data/france/` (built by
//! `data/scripts/build_france_national.py`): a header that must match, then rows whose cells
//! are parsed into the model. A bad header or cell is an error naming the file, the line and
//! the column; the other rows are still read, so one run reports every problem.

use std::path::Path;

use geo::{Coord, LineString, MultiPolygon, Polygon};

use crate::report::Report;

/// A data row: its 1-based line number in the file and its cells.
pub(super) struct Row<'t> {
    pub line: usize,
    pub cells: Vec<&'t str>,
}

impl<'t> Row<'t> {
    /// Cell `i`; rows are checked to have every column before they are handed out.
    pub fn cell(&self, i: usize) -> &'t str {
        self.cells[i]
    }

    /// Cell `i`, `None` when empty.
    pub fn optional(&self, i: usize) -> Option<String> {
        let c = self.cells[i];
        (!c.is_empty()).then(|| c.to_string())
    }

    /// Cell `i` split on the multi-value separator `|` (empty: no value).
    pub fn list(&self, i: usize) -> impl Iterator<Item = &'t str> {
        let c = self.cells[i];
        c.split('|').filter(|v| !v.is_empty())
    }
}

/// A cell that could not be read: the column and why.
pub(super) type CellError = (&'static str, String);

/// Reads `path` (gzipped when it ends in `.gz`), checks its header is `columns`, and hands
/// each row to `each`; a row with the wrong number of cells, or that `each` refuses, is
/// reported as an error. Returns false when the file itself could not be read (then nothing
/// was handed out).
pub(super) fn each_row(
    path: &Path,
    columns: &[&str],
    report: &mut Report,
    mut each: impl FnMut(&Row) -> Result<(), CellError>,
) -> bool {
    let Some(text) = crate::read::read_text(path, report) else {
        return false;
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    if header != columns {
        report.file(path).error(
            None,
            None,
            format!("en-tête inattendu {header:?} ; attendu {columns:?}"),
        );
        return false;
    }
    for (i, line) in lines.enumerate() {
        let row = Row {
            line: i + 2,
            cells: line.split('\t').collect(),
        };
        let outcome = if row.cells.len() == columns.len() {
            each(&row)
        } else {
            Err((
                "",
                format!("{} colonnes au lieu de {}", row.cells.len(), columns.len()),
            ))
        };
        if let Err((field, message)) = outcome {
            report.file(path).error(
                Some(format!("ligne {}", row.line)),
                (!field.is_empty()).then_some(field),
                message,
            );
        }
    }
    true
}

/// Parses a number cell.
pub(super) fn number<T: std::str::FromStr>(
    value: &str,
    field: &'static str,
) -> Result<T, CellError> {
    value
        .parse()
        .map_err(|_| (field, format!("nombre illisible « {value} »")))
}

/// Decodes a contour cell: polygons separated by `;`, rings by `|` (exterior first); a ring
/// is `x,y,dx,dy,…` in integer units of 1e-5 degree, its first vertex absolute and each next
/// one the difference from the previous, without the closing vertex.
pub(super) fn polygons(cell: &str) -> Result<MultiPolygon<f64>, String> {
    let mut out = Vec::new();
    for polygon in cell.split(';') {
        let mut rings = Vec::new();
        for ring in polygon.split('|') {
            let mut coords = Vec::with_capacity(ring.len() / 8 + 1);
            let (mut x, mut y) = (0_i64, 0_i64);
            let mut numbers = ring.split(',');
            while let Some(a) = numbers.next() {
                let b = numbers
                    .next()
                    .ok_or_else(|| format!("sommet incomplet dans « {} »", prefix(ring)))?;
                let parse = |v: &str| {
                    v.parse::<i64>()
                        .map_err(|_| format!("coordonnée illisible « {v} »"))
                };
                if coords.is_empty() {
                    (x, y) = (parse(a)?, parse(b)?);
                } else {
                    x += parse(a)?;
                    y += parse(b)?;
                }
                coords.push(Coord {
                    x: x as f64 * 1e-5,
                    y: y as f64 * 1e-5,
                });
            }
            if coords.len() < 3 {
                return Err(format!("anneau de moins de 3 sommets « {} »", prefix(ring)));
            }
            // geo closes the ring (repeats its first vertex) when the polygon is made.
            rings.push(LineString(coords));
        }
        let mut rings = rings.into_iter();
        let exterior = rings.next().expect("split yields at least one ring");
        out.push(Polygon::new(exterior, rings.collect()));
    }
    Ok(MultiPolygon(out))
}

fn prefix(s: &str) -> &str {
    &s[..s.char_indices().nth(40).map_or(s.len(), |(i, _)| i)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area;

    #[test]
    fn decodes_delta_encoded_rings() {
        // A 1e-3° square with a 2e-4° hole, then a second polygon.
        let mp = polygons("100,200,100,0,0,100,-100,0|120,220,20,0,0,20;0,0,10,0,0,10").unwrap();
        assert_eq!(mp.0.len(), 2);
        let square = &mp.0[0];
        assert_eq!(square.exterior().0.len(), 5, "closed by geo");
        assert_eq!(square.exterior().0[2], Coord { x: 0.002, y: 0.003 });
        assert_eq!(square.interiors().len(), 1);
        assert!((square.unsigned_area() - (1e-6 - 0.5 * 4e-8)).abs() < 1e-12);
    }

    #[test]
    fn refuses_broken_rings() {
        assert!(polygons("1,2,3").unwrap_err().contains("sommet incomplet"));
        assert!(polygons("1,2,x,4,5,6").unwrap_err().contains("« x »"));
        assert!(polygons("1,2,3,4").unwrap_err().contains("moins de 3"));
    }
}
