//! The table's structure: which line is a pillar, an orientation, an objective, an action or
//! the continuation of one, and how continuation lines join their action.
//!
//! Layout (⇥ is a tab), one line per table row (columns CODE, Projet d'actions, Périmètres
//! de réalisation, Etat d'avancement, Détail, Perspectives):
//!
//! ```text
//! THEMATIQUE : <pillar>
//! CODE ⇥ Projet d'actions ⇥ …                      column header, once per pillar
//! OS N°1 : <orientation> ⇥ …                       may start with an empty cell
//! 0.0 <objective> ⇥ …   or   0.0 ⇥ <objective> ⇥ …
//! 1.1 ⇥ <title> ⇥ Annemasse ⇥ <status> ⇥ <detail> ⇥ <perspectives>
//! ⇥ ⇥ Gaillard ⇥ <status> ⇥ <detail> ⇥ <perspectives>   another perimeter (merged code cell)
//! ⇥ ⇥ ⇥ ⇥ <more detail> ⇥                            a cell continued, even after blank lines
//! ```
//!
//! The table starts at the line `Annexe 2` and ends at the first line without a tab that is no
//! heading (the text following the table).

use crate::cells;
use crate::error::{excerpt, ExtractError};

/// Number of columns of the table.
pub const COLUMNS: usize = 6;

/// The printed code of an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// `1.1`, `12.10`.
    Numbered(String),
    /// `N.A.` (also printed `N.A`): an action added since the contract was signed.
    NotApplicable,
}

impl Code {
    fn parse(cell: &str) -> Option<Self> {
        let cell = cell.trim();
        if matches!(cell, "N.A." | "N.A" | "n.a." | "n.a" | "NA") {
            return Some(Self::NotApplicable);
        }
        let (major, minor) = cell.split_once('.')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        (digits(major) && digits(minor)).then(|| Self::Numbered(cell.to_string()))
    }

    /// The code as written in the output. Both printings of « not applicable » become `N.A.`,
    /// so one value selects them all.
    pub fn printed(&self) -> &str {
        match self {
            Self::Numbered(code) => code,
            Self::NotApplicable => "N.A.",
        }
    }
}

/// A structural element of the table, in document order. Line numbers count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// `THEMATIQUE : …`, with the pillar as printed.
    Pillar {
        line: usize,
        printed: String,
    },
    /// `OS N°k : …`.
    Orientation {
        line: usize,
        number: u16,
        printed: String,
    },
    /// `0.0 …`: an operational objective heading.
    Objective {
        line: usize,
        text: String,
    },
    Action(RawAction),
}

/// An action row and its continuation lines, cells cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAction {
    pub line: usize,
    pub code: Code,
    pub title: String,
    /// One per printed perimeter line; the first comes from the code line itself.
    pub rows: Vec<RawRow>,
}

/// The last four cells of an action line or of a perimeter continuation line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub line: usize,
    pub perimeter: String,
    pub status: String,
    pub detail: String,
    pub perspectives: String,
}

/// What one line of the document is.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    Blank,
    /// A line without tabs that is no heading: prose around the table.
    Text,
    /// `CODE ⇥ Projet d'actions ⇥ …`
    Header,
    /// `----- ⇥ -- ⇥ …`
    Separator,
    Pillar(String),
    Orientation(u16, String),
    Objective(String),
    Action(Code, [String; COLUMNS]),
    /// Empty code cell: continues the action above.
    Continuation([String; COLUMNS]),
}

/// Splits the Annexe 2 table of `text` into its items.
pub fn parse(text: &str) -> Result<Vec<Item>, ExtractError> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == "Annexe 2")
        .ok_or(ExtractError::MissingAnnexe)?;

    let mut items = Vec::new();
    let mut end = lines.len();
    for (index, raw) in lines.iter().enumerate().skip(start + 1) {
        let line = index + 1;
        let kind = classify(raw, line)?;
        if items.is_empty() {
            // Before the first pillar only the annex's title may appear.
            match kind {
                Line::Pillar(printed) => items.push(Item::Pillar { line, printed }),
                Line::Blank | Line::Text => {}
                _ => {
                    return Err(unexpected(
                        line,
                        raw,
                        "ligne de tableau avant la première « THEMATIQUE »",
                    ))
                }
            }
            continue;
        }
        match kind {
            Line::Blank | Line::Header | Line::Separator => {}
            Line::Text => {
                end = index;
                break;
            }
            Line::Pillar(printed) => items.push(Item::Pillar { line, printed }),
            Line::Orientation(number, printed) => items.push(Item::Orientation {
                line,
                number,
                printed,
            }),
            Line::Objective(text) => items.push(Item::Objective { line, text }),
            Line::Action(code, cells) => {
                let [_, title, perimeter, status, detail, perspectives] = cells;
                let row = RawRow {
                    line,
                    perimeter,
                    status,
                    detail,
                    perspectives,
                };
                items.push(Item::Action(RawAction {
                    line,
                    code,
                    title,
                    rows: vec![row],
                }));
            }
            Line::Continuation(cells) => match items.last_mut() {
                Some(Item::Action(action)) => continue_action(action, line, cells),
                _ => return Err(ExtractError::ContinuationWithoutAction { line }),
            },
        }
    }
    if items.is_empty() {
        return Err(ExtractError::MissingTable { line: start + 1 });
    }
    // A stray prose line inside the table would end it early and silently drop the rows
    // below: refuse any action row after the end.
    for (index, raw) in lines.iter().enumerate().skip(end) {
        if let Ok(Line::Action(..)) = classify(raw, index + 1) {
            return Err(unexpected(
                index + 1,
                raw,
                "ligne d'action après la fin présumée du tableau",
            ));
        }
    }
    Ok(items)
}

/// Joins a continuation line to its action. A line naming a perimeter or a status is another
/// realisation of the action (the code and title cells were merged in the source); a line with
/// only detail or perspectives carries the rest of cells broken over several lines.
fn continue_action(action: &mut RawAction, line: usize, cells: [String; COLUMNS]) {
    let [_, title, perimeter, status, detail, perspectives] = cells;
    append(&mut action.title, &title);
    if !perimeter.is_empty() || !status.is_empty() {
        action.rows.push(RawRow {
            line,
            perimeter,
            status,
            detail,
            perspectives,
        });
    } else {
        let last = action
            .rows
            .last_mut()
            .expect("an action starts with its own row");
        append(&mut last.detail, &detail);
        append(&mut last.perspectives, &perspectives);
    }
}

fn append(cell: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push(' ');
    }
    cell.push_str(more);
}

fn classify(raw: &str, line: usize) -> Result<Line, ExtractError> {
    let raw_cells: Vec<&str> = raw.split('\t').collect();
    let cleaned: Vec<String> = raw_cells.iter().map(|c| cells::clean(c)).collect();
    let filled: Vec<&str> = cleaned
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .collect();
    let first = cleaned[0].as_str();
    let Some(&first_filled) = filled.first() else {
        return Ok(Line::Blank);
    };

    if let Some(rest) = strip_prefix_ci(first, "THEMATIQUE") {
        let printed = rest.trim_start().trim_start_matches(':').trim();
        return Ok(Line::Pillar(printed.to_string()));
    }
    if first == "CODE" && cleaned.len() > 1 {
        return Ok(Line::Header);
    }
    if filled.iter().all(|c| c.chars().all(|ch| ch == '-')) {
        return Ok(Line::Separator);
    }
    if filled.len() == 1 && strip_prefix_ci(first_filled, "OS N").is_some() {
        return orientation(first_filled, line).map(|(n, text)| Line::Orientation(n, text));
    }
    if first == "0.0" || first.starts_with("0.0 ") {
        // Printed either « 0.0 text » in one cell or « 0.0 », « text » in two.
        let text = match first.strip_prefix("0.0 ") {
            Some(text) if filled.len() == 1 => text.trim(),
            None if filled.len() == 2 && cleaned[1] == filled[1] => filled[1],
            _ => {
                return Err(unexpected(
                    line,
                    raw,
                    "objectif opérationnel suivi d'autres cellules",
                ))
            }
        };
        return Ok(Line::Objective(text.to_string()));
    }
    if raw_cells.len() == 1 {
        return Ok(Line::Text);
    }
    if cleaned[COLUMNS.min(cleaned.len())..]
        .iter()
        .any(|c| !c.is_empty())
    {
        return Err(unexpected(line, raw, "plus de six colonnes remplies"));
    }
    let code = if first.is_empty() {
        None
    } else {
        Some(Code::parse(first).ok_or_else(|| unexpected(line, raw, "code d'action illisible"))?)
    };
    let mut columns: [String; COLUMNS] = Default::default();
    for (slot, cell) in columns.iter_mut().zip(cleaned) {
        *slot = cell;
    }
    Ok(match code {
        Some(code) => Line::Action(code, columns),
        None => Line::Continuation(columns),
    })
}

/// `OS N°12 : FAVORISER …` → `(12, "FAVORISER …")`.
fn orientation(cell: &str, line: usize) -> Result<(u16, String), ExtractError> {
    let bad = || ExtractError::BadOrientation {
        line,
        text: excerpt(cell),
    };
    let rest = cell.get(2..).ok_or_else(bad)?.trim_start();
    let rest = ["N°", "n°", "Nº", "N"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .ok_or_else(bad)?
        .trim_start();
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let number: u16 = rest[..digits].parse().map_err(|_| bad())?;
    let text = rest[digits..]
        .trim_start()
        .strip_prefix(':')
        .ok_or_else(bad)?
        .trim();
    Ok((number, text.to_string()))
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn unexpected(line: usize, raw: &str, reason: &'static str) -> ExtractError {
    ExtractError::UnexpectedLine {
        line,
        reason,
        text: excerpt(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: usize, perimeter: &str, status: &str, detail: &str, persp: &str) -> RawRow {
        RawRow {
            line,
            perimeter: perimeter.into(),
            status: status.into(),
            detail: detail.into(),
            perspectives: persp.into(),
        }
    }

    #[test]
    fn codes() {
        assert_eq!(Code::parse("12.10"), Some(Code::Numbered("12.10".into())));
        assert_eq!(Code::parse("N.A"), Some(Code::NotApplicable));
        assert_eq!(Code::parse("N.A."), Some(Code::NotApplicable));
        assert_eq!(Code::NotApplicable.printed(), "N.A.");
        for bad in ["1.", ".1", "1", "1.1.1", "A.1", "CODE"] {
            assert_eq!(Code::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn orientations() {
        assert_eq!(
            orientation("OS N°11 : TRAVAIL", 1).unwrap(),
            (11, "TRAVAIL".into())
        );
        assert_eq!(orientation("OS N° 3: X", 1).unwrap(), (3, "X".into()));
        assert!(matches!(
            orientation("OS N°x : X", 7),
            Err(ExtractError::BadOrientation { line: 7, .. })
        ));
        assert!(orientation("OS N°2 sans deux-points", 1).is_err());
    }

    #[test]
    fn headings_in_both_layouts() {
        let text = "Annexe 2\nEvaluation mi-parcours\n\nTHEMATIQUE : Emploi\n\
                    CODE\tProjet\tPérimètres\tEtat\tDétail\tPerspectives\n\
                    \tOS N°11 : TRAVAIL\t\t\t\t\n0.0 Objectif un\t\t\t\t\t\n0.0\tObjectif deux\t\t\t\t\n\
                    -----\t--\t--\t---\t---\t---\n";
        let items = parse(text).unwrap();
        assert_eq!(
            items,
            vec![
                Item::Pillar {
                    line: 4,
                    printed: "Emploi".into()
                },
                Item::Orientation {
                    line: 6,
                    number: 11,
                    printed: "TRAVAIL".into()
                },
                Item::Objective {
                    line: 7,
                    text: "Objectif un".into()
                },
                Item::Objective {
                    line: 8,
                    text: "Objectif deux".into()
                },
            ]
        );
    }

    #[test]
    fn merged_code_cells_make_one_row_per_perimeter() {
        let text = "Annexe 2\nTHEMATIQUE : T\nOS N°1 : O\t\t\t\t\t\n\
                    1.1\tTitre\tAnnemasse\tAtteint\tD1\tP1\n\
                    \t\tGaillard\t\tD2\tP2\n\
                    \t\t\tNon atteint\tD3\t\n";
        let items = parse(text).unwrap();
        let Item::Action(action) = &items[2] else {
            panic!("{items:?}")
        };
        assert_eq!(action.title, "Titre");
        assert_eq!(
            action.rows,
            vec![
                row(4, "Annemasse", "Atteint", "D1", "P1"),
                row(5, "Gaillard", "", "D2", "P2"),
                row(6, "", "Non atteint", "D3", ""),
            ]
        );
    }

    #[test]
    fn a_cell_continued_after_blank_lines_joins_its_row() {
        let text = "Annexe 2\nTHEMATIQUE : T\nOS N°1 : O\t\t\t\t\t\n\
                    1.5\tTitre\tAgglo\tNon atteint\tdifficultés entre\tA relancer\n\n\n\
                    \t\t\t\tl'offre et la demande\t\n\
                    1.6\tSuivante\tAgglo\t\t\t\n";
        let items = parse(text).unwrap();
        let Item::Action(action) = &items[2] else {
            panic!("{items:?}")
        };
        assert_eq!(
            action.rows,
            vec![row(
                4,
                "Agglo",
                "Non atteint",
                "difficultés entre l'offre et la demande",
                "A relancer"
            )]
        );
        assert!(matches!(&items[3], Item::Action(a) if a.code == Code::Numbered("1.6".into())));
    }

    #[test]
    fn html_is_cleaned_before_cells_are_tested_for_emptiness() {
        let text = "Annexe 2\nTHEMATIQUE : T\nOS N°1 : O\t\t\t\t\t\n\
                    5.4\t<u>Culture</u> , initier\tAgglo\tAtteint\t<ul style=\"list-style-type: none\"> . A . B \t<p></p>\n";
        let items = parse(text).unwrap();
        let Item::Action(action) = &items[2] else {
            panic!("{items:?}")
        };
        assert_eq!(action.title, "Culture , initier");
        assert_eq!(action.rows, vec![row(4, "Agglo", "Atteint", ". A . B", "")]);
    }

    #[test]
    fn table_ends_at_prose_and_later_rows_are_refused() {
        let text = "Annexe 2\nTHEMATIQUE : T\nOS N°1 : O\t\t\t\t\t\n1.1\tA\tAgglo\t\t\t\nFin du protocole.\nSignataires\n";
        assert_eq!(parse(text).unwrap().len(), 3);
        let text =
            "Annexe 2\nTHEMATIQUE : T\nOS N°1 : O\t\t\t\t\t\nNote perdue\n1.1\tA\tAgglo\t\t\t\n";
        assert!(matches!(
            parse(text),
            Err(ExtractError::UnexpectedLine { line: 5, .. })
        ));
    }

    #[test]
    fn structural_errors_name_their_line() {
        assert_eq!(
            parse("Annexe 1\n1.1\tA\n"),
            Err(ExtractError::MissingAnnexe)
        );
        assert_eq!(
            parse("x\nAnnexe 2\nrien\n"),
            Err(ExtractError::MissingTable { line: 2 })
        );
        let orphan = "Annexe 2\nTHEMATIQUE : T\nOS N°1 : O\t\t\t\t\t\n\t\tGaillard\t\t\t\n";
        assert_eq!(
            parse(orphan),
            Err(ExtractError::ContinuationWithoutAction { line: 4 })
        );
        let bad_code = "Annexe 2\nTHEMATIQUE : T\nX1\tA\tAgglo\t\t\t\n";
        assert!(matches!(
            parse(bad_code),
            Err(ExtractError::UnexpectedLine { line: 3, .. })
        ));
        let wide = "Annexe 2\nTHEMATIQUE : T\n1.1\tA\tAgglo\t\t\t\tseptième\n";
        assert!(matches!(
            parse(wide),
            Err(ExtractError::UnexpectedLine { line: 3, .. })
        ));
        let early = "Annexe 2\n1.1\tA\tAgglo\t\t\t\nTHEMATIQUE : T\n";
        assert!(matches!(
            parse(early),
            Err(ExtractError::UnexpectedLine { line: 2, .. })
        ));
    }
}
