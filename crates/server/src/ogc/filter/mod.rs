//! OGC API – Features Part 3 filters: a CQL2 expression (text or JSON, parsed by the `cql2`
//! crate, the standard's reference implementation) checked against a collection's queryables
//! and compiled into a small typed tree, then evaluated over the in-memory items.
//!
//! Semantics are the standard's: a comparison with a null or missing property is unknown, and
//! unknown is not true (`NOT` of unknown stays unknown); array properties are compared with the
//! array functions only; `geometry` names the feature's geometry, every other name a property
//! (so `type` is the property, never the GeoJSON member). Literal geometries are read in
//! `filter-crs` and compared in CRS84. A malformed filter, an unknown property or a type
//! mismatch is a [`FilterError`] whose French message names the position or the property.

pub mod cache;
mod compile;
mod eval;
#[cfg(test)]
mod tests;
mod tree;

use geo::Rect;

pub use cache::FilterCache;

use super::bbox::BboxError;
use super::collection::{Collection, Item, Queryable};
use crate::crs::Crs;

/// The name of the spatial queryable: the feature's geometry.
pub const GEOMETRY: &str = "geometry";

/// Most vertices of all literal geometries of one filter, as for a `POST /impacts` polygon.
pub const MAX_VERTICES: usize = 20_000;
/// Longest filter accepted, in bytes.
pub const MAX_LENGTH: usize = 64 * 1024;
/// Deepest nesting of parentheses (text) or objects (JSON): the parser recurses on it.
pub const MAX_DEPTH: usize = 40;
/// Most operators and operands in one filter.
pub const MAX_NODES: usize = 2_000;
/// Most rule calls the CQL2 text parser (pest) may make for one filter. cql2's grammar
/// backtracks exponentially on some invalid texts — a dozen unclosed parentheses kept a
/// worker busy for minutes — while a valid filter needs a few hundred calls per clause or
/// vertex (a 100-clause `AND`: 28,000; a polygon of [`MAX_VERTICES`]: ~4.5 million). Failing
/// at this budget takes about 0.2 s.
pub const MAX_PARSE_CALLS: usize = 10_000_000;

/// The encoding of the `filter` parameter (`filter-lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Text,
    Json,
}

impl Lang {
    pub fn parse(v: &str) -> Option<Lang> {
        match v.trim() {
            "cql2-text" => Some(Lang::Text),
            "cql2-json" => Some(Lang::Json),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::Text => "cql2-text",
            Lang::Json => "cql2-json",
        }
    }
}

/// Why a filter was refused (every message in French, for the 400 answer).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FilterError {
    #[error("filtre {lang} illisible {at} : {why}")]
    Syntax {
        lang: &'static str,
        at: String,
        why: String,
    },
    #[error("filtre : propriété « {name} » inconnue{at} ; propriétés filtrables : {known}")]
    UnknownProperty {
        name: String,
        at: String,
        known: String,
    },
    #[error("filtre : {0}")]
    Type(String),
    #[error("filtre : {0} non pris en charge par ce serveur")]
    Unsupported(String),
    #[error("filtre trop coûteux : {0}")]
    TooCostly(String),
    /// A `BBOX(…)` refused, its numbers as the filter gave them.
    #[error("filtre : BBOX : paramètre « bbox » « {} » : {why}", comma_separated(.numbers))]
    Bbox { numbers: Vec<f64>, why: BboxError },
}

/// `1.5,2,3` — the numbers of a refused `BBOX(…)`, for its message.
fn comma_separated(numbers: &[f64]) -> String {
    numbers
        .iter()
        .map(f64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// A checked filter, ready to evaluate.
#[derive(Debug, Clone)]
pub struct Filter {
    root: tree::Node,
}

/// What a filter is checked against: the collection's queryables and whether it has
/// geometries.
#[derive(Debug, Clone, Copy)]
pub struct Schema<'a> {
    pub queryables: &'a [Queryable],
    pub spatial: bool,
}

impl Filter {
    /// Parses `text` in `lang`, literal geometries in `crs`, and checks it against `schema`.
    pub fn parse(
        text: &str,
        lang: Lang,
        crs: Crs,
        schema: Schema<'_>,
    ) -> Result<Filter, FilterError> {
        if text.len() > MAX_LENGTH {
            return Err(FilterError::TooCostly(format!(
                "{} octets, au plus {MAX_LENGTH}",
                text.len()
            )));
        }
        if nesting(text) > MAX_DEPTH {
            return Err(FilterError::TooCostly(format!(
                "plus de {MAX_DEPTH} niveaux d'imbrication"
            )));
        }
        let expr = parse_expr(text, lang)?;
        let root = compile::Compiler::new(text, crs, schema).compile(&expr)?;
        Ok(Filter { root })
    }

    /// About how many operators and operands one evaluation walks.
    pub fn size(&self) -> usize {
        self.root.size()
    }

    /// Whether it compares geometries (work the pool of costly requests runs).
    pub fn is_spatial(&self) -> bool {
        self.root.is_spatial()
    }

    /// About how many bytes it holds, text excluded: for the cache's bound.
    pub fn weight(&self) -> usize {
        let mut literals = Vec::new();
        self.root.spatial_literals(&mut literals);
        let vertices: usize = literals
            .iter()
            .map(|l| geo::CoordsIter::coords_count(&l.geometry))
            .sum();
        self.size() * 96 + vertices * 16
    }

    /// Whether the item satisfies the filter (unknown is not true).
    pub fn matches(&self, item: &Item) -> bool {
        self.root.eval(item) == Some(true)
    }

    /// CRS84 boxes that every matching item's bounding box intersects, when the filter implies
    /// them (a spatial predicate other than `S_DISJOINT` on a literal, at the top or in every
    /// branch): the collection's R-tree then hands over only the candidates.
    pub fn envelopes(&self) -> Option<Vec<Rect<f64>>> {
        self.root.envelopes()
    }

    /// The work of this filter's spatial predicates over `collection`, estimated before any
    /// runs: for each literal geometry, its vertices times those of every item whose box
    /// meets its box ([`geodata::cost::overlay_work`]: DE-9IM relations grow with that
    /// product). Counted up to `cap`, then `cap + 1`.
    pub fn spatial_work(&self, collection: &Collection, cap: u64) -> u64 {
        let mut literals = Vec::new();
        self.root.spatial_literals(&mut literals);
        let mut work = 0u64;
        for lit in literals {
            let candidates = match lit.bbox {
                Some(b) => collection.candidates(&[b]),
                None => continue,
            };
            let items = candidates.into_iter().map(|i| {
                collection.items[i]
                    .geometry
                    .as_ref()
                    .map_or(0, geo::CoordsIter::coords_count)
            });
            let left = cap.saturating_sub(work);
            work = work.saturating_add(geodata::cost::overlay_work(
                geo::CoordsIter::coords_count(&lit.geometry),
                items,
                left,
            ));
            if work > cap {
                return cap.saturating_add(1);
            }
        }
        work
    }
}

fn parse_expr(text: &str, lang: Lang) -> Result<cql2::Expr, FilterError> {
    // pest's budget is process-wide and read when a parse starts: set once, before the first.
    static CALL_LIMIT: std::sync::Once = std::sync::Once::new();
    CALL_LIMIT.call_once(|| pest::set_call_limit(std::num::NonZeroUsize::new(MAX_PARSE_CALLS)));
    let syntax = |at: String, why: String| FilterError::Syntax {
        lang: lang.name(),
        at,
        why,
    };
    // The parser is a dependency fed with hostile input: a panic in it is a refused filter.
    let parsed = std::panic::catch_unwind(|| match lang {
        Lang::Text => cql2::parse_text(text).map_err(|e| match e {
            cql2::Error::Pest(p) if is_call_limit(&p) => FilterError::TooCostly(
                "expression trop complexe pour l'analyseur (parenthèses non refermées ?)".into(),
            ),
            cql2::Error::Pest(p) => {
                let (line, col) = match p.line_col {
                    pest::error::LineColLocation::Pos(lc) => lc,
                    pest::error::LineColLocation::Span(lc, _) => lc,
                };
                let at = if text.contains('\n') {
                    format!("ligne {line}, colonne {col}")
                } else {
                    format!("à la colonne {col}")
                };
                syntax(at, format!("« {} » inattendu", excerpt(text, line, col)))
            }
            other => syntax(String::new(), other.to_string()),
        }),
        Lang::Json => cql2::parse_json(text).map_err(|e| {
            syntax(
                format!("ligne {}, colonne {}", e.line(), e.column()),
                format!("expression CQL2 JSON invalide ({e})"),
            )
        }),
    });
    match parsed {
        Ok(r) => r,
        Err(_) => Err(syntax(
            String::new(),
            "expression refusée par l'analyseur".into(),
        )),
    }
}

/// Whether pest gave up at [`MAX_PARSE_CALLS`] rather than at a syntax error.
fn is_call_limit<R>(e: &pest::error::Error<R>) -> bool {
    matches!(&e.variant, pest::error::ErrorVariant::CustomError { message } if message == "call limit reached")
}

/// Up to 20 characters of `text` from (line, col), 1-based, or « fin du texte ».
fn excerpt(text: &str, line: usize, col: usize) -> String {
    let rest: String = text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .chars()
        .skip(col.saturating_sub(1))
        .take(20)
        .collect();
    if rest.is_empty() {
        "fin du texte".into()
    } else {
        rest
    }
}

/// The deepest nesting outside quoted strings: brackets, and runs of prefix operators
/// (`NOT NOT …`, `- - …`), on which the parser recurses too.
fn nesting(text: &str) -> usize {
    let (mut depth, mut max, mut quote) = (0usize, 0usize, None::<char>);
    let mut unquoted = String::with_capacity(text.len());
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => continue,
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[' | '{') => {
                depth += 1;
                max = max.max(depth);
            }
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        unquoted.push(if matches!(c, '(' | ')') { ' ' } else { c });
    }
    let mut run = 0usize;
    for token in unquoted.split_whitespace() {
        if token.eq_ignore_ascii_case("not") || token.bytes().all(|b| b == b'-') {
            run += if token.eq_ignore_ascii_case("not") {
                1
            } else {
                token.len()
            };
            max = max.max(run);
        } else {
            run = 0;
        }
    }
    max
}
