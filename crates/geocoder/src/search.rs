//! Ranking documents for a typed query.
//!
//! 1. The query is cut into tokens ([`crate::text::tokens`]); a leading number (with its
//!    `bis`/`ter`/letter) is read as a house number, but is also tried as the start of a
//!    street name (`8 Mai 1945`).
//! 2. Each token is looked up in the dictionary (exact, prefix for the last one, fuzzy when
//!    not found). Candidates are the documents of the rarer tokens, weighted by their inverse
//!    document frequency; very common words (`rue`, `de`) only count in the scoring.
//! 3. Each candidate is scored on how much of the query it explains and how much of its name
//!    the query covers; the house number, when asked and absent, falls back to the plain
//!    number and then to the street with a lower score; a location bias mixes in proximity.
//! 4. A candidate that lacks one of the query's significant words ([`crate::asked`]: not the
//!    house number, the street type or « de », « la »), in its name or its commune, is no
//!    answer and is dropped: « Gare » in the Essonne does not answer « 12 rue de la gare
//!    annemasse ». Typos still match (fuzzy look-up), as does the word being typed (prefix);
//!    an address in the commune the query names may miss one word (see [`answers`]).

use std::collections::HashMap;

use crate::asked::is_significant;
use crate::index::{Doc, Index, Kind};
use crate::terms::{lookup, TermMatches};
use crate::text::{is_suffix, number, same_suffix, tokens, HouseNumber};

/// What an API Adresse result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResultType {
    Housenumber,
    Street,
    Locality,
    Municipality,
    Poi,
}

impl ResultType {
    pub fn code(self) -> &'static str {
        match self {
            Self::Housenumber => "housenumber",
            Self::Street => "street",
            Self::Locality => "locality",
            Self::Municipality => "municipality",
            Self::Poi => "poi",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::Housenumber,
            Self::Street,
            Self::Locality,
            Self::Municipality,
            Self::Poi,
        ]
        .into_iter()
        .find(|t| t.code() == code)
    }

    fn of(kind: Kind) -> Self {
        match kind {
            Kind::Street => Self::Street,
            Kind::Locality => Self::Locality,
            Kind::Municipality => Self::Municipality,
            Kind::Poi => Self::Poi,
        }
    }
}

/// The API Adresse search parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    pub limit: usize,
    /// Complete the last word as a prefix (as-you-type suggestions).
    pub autocomplete: bool,
    /// Prefer results near this point (longitude, latitude).
    pub bias: Option<(f64, f64)>,
    pub kind: Option<ResultType>,
    pub postcode: Option<String>,
    pub citycode: Option<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self {
            limit: 5,
            autocomplete: true,
            bias: None,
            kind: None,
            postcode: None,
            citycode: None,
        }
    }
}

/// A ranked result: a document and, for a house number, which one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub doc: u32,
    /// Index in the index's house numbers.
    pub number: Option<u32>,
    pub kind: ResultType,
    /// 0 to 1, higher is better.
    pub score: f64,
}

/// Words people add that no address contains.
const IGNORED: [&str; 3] = ["france", "cedex", "bp"];
/// Weight of a token found nowhere in the dictionary.
const UNKNOWN_WEIGHT: f32 = 3.0;
/// Candidates scored in full.
const CANDIDATES: usize = 120;
/// Score factors of house number fallbacks.
const PLAIN_NUMBER_FOR_SUFFIX: f32 = 0.95;
/// `b` asked, `bis` found (or the reverse): probably the same door.
const LIKE_SUFFIX: f32 = 0.96;
const SUFFIXED_FOR_PLAIN: f32 = 0.9;
const STREET_FOR_NUMBER: f32 = 0.75;
const OTHER_FOR_NUMBER: f32 = 0.7;
/// Weight of the commune named in the query, as a tie-breaker.
const CITY_TIE_BREAK: f32 = 0.05;
/// Share of the score given to proximity when a location bias is set.
const BIAS_SHARE: f64 = 0.2;

struct Query {
    tokens: Vec<String>,
    matches: Vec<TermMatches>,
    /// Intrinsic weight of each token, used when a candidate does not match it.
    weights: Vec<f32>,
    number: Option<HouseNumber>,
    /// Tokens `[from, to)` that make the house number.
    number_at: (usize, usize),
}

/// The best documents of `index` for `text`.
pub fn search(index: &Index, text: &str, opts: &SearchOptions) -> Vec<Hit> {
    let Some(query) = parse(index, text, opts.autocomplete) else {
        return vec![];
    };
    let (from, to) = query.number_at;
    let significant: Vec<usize> = (0..query.tokens.len())
        .filter(|i| !(from..to).contains(i) && is_significant(&query.tokens[*i]))
        .collect();
    let mut hits: Vec<Hit> = candidates(index, &query, opts)
        .into_iter()
        .filter(|&d| answers(index, &query, index.doc(d), &significant))
        .filter_map(|d| best_reading(index, &query, d, opts))
        .filter(|h| opts.kind.is_none_or(|k| k == h.kind))
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    hits.truncate(opts.limit);
    hits
}

/// Whether `doc` answers the query: its name or commune holds each of the query's
/// `significant` tokens. An address may miss one word when it holds another of its street's
/// and the query names its commune or postcode: the street as its file spells it may lack a
/// first name (« Rue Berthelot » for « rue marcelin berthelot joigny »). A place of the data
/// must hold them all.
fn answers(index: &Index, query: &Query, doc: &Doc, significant: &[usize]) -> bool {
    let held =
        |i: usize, terms: &[u32]| terms.iter().any(|&t| query.matches[i].quality(t).is_some());
    let (name, city) = (index.name_terms(doc), index.city_terms(doc));
    let (mut missing, mut in_name, mut in_city) = (0, false, false);
    for &i in significant {
        let (n, c) = (held(i, name), held(i, city));
        in_name |= n;
        in_city |= c;
        missing += usize::from(!n && !c);
    }
    missing == 0 || (doc.extra.is_none() && missing == 1 && in_name && in_city)
}

fn parse(index: &Index, text: &str, autocomplete: bool) -> Option<Query> {
    let mut toks = tokens(text);
    if toks.len() > 1 {
        toks.retain(|t| !IGNORED.contains(&t.as_str()));
    }
    toks.truncate(16);
    if toks.is_empty() {
        return None;
    }
    // "12 rue", "12 bis rue", "12b rue", "6e rue" (an ordinal to the tokeniser, a suffix
    // letter before a street): the first number followed by more words, wherever it stands
    // (« Barembach 25 rue du Presbytère »); a 5-digit number there is a postcode.
    let mut number_at = (0, 0);
    let mut house = None;
    for (i, t) in toks.iter().enumerate().take(toks.len() - 1) {
        let (n, suffix, width) = match (number(t), glued_letter(t)) {
            (Some(n), _) if t.len() < 5 || i == 0 => {
                if i + 2 < toks.len() && is_suffix(&toks[i + 1]) {
                    (n, toks[i + 1].clone(), 2)
                } else {
                    (n, String::new(), 1)
                }
            }
            (None, Some((n, letter))) => (n, letter, 1),
            _ => continue,
        };
        house = Some(HouseNumber { number: n, suffix });
        number_at = (i, i + width);
        break;
    }
    let last = toks.len() - 1;
    let matches: Vec<TermMatches> = toks
        .iter()
        .enumerate()
        .map(|(i, t)| lookup(index, t, autocomplete && i == last))
        .collect();
    let weights = matches
        .iter()
        .map(|m| {
            m.terms
                .iter()
                .filter(|(_, q)| *q >= 1.0)
                .map(|(t, _)| index.idf(*t))
                .next()
                .or_else(|| m.terms.iter().map(|(t, _)| index.idf(*t)).reduce(f32::max))
                .unwrap_or(UNKNOWN_WEIGHT)
        })
        .collect();
    Some(Query {
        tokens: toks,
        matches,
        weights,
        number: house,
        number_at,
    })
}

/// `6e` → (6, `e`): a number and one letter.
fn glued_letter(token: &str) -> Option<(u32, String)> {
    let (digits, letter) = token.split_at(token.len().checked_sub(1)?);
    let letter_ok = letter.bytes().all(|b| b.is_ascii_lowercase());
    Some((number(digits)?, letter.to_string())).filter(|_| letter_ok)
}

/// Documents holding the query's rarer tokens, best first, at most [`CANDIDATES`].
fn candidates(index: &Index, query: &Query, opts: &SearchOptions) -> Vec<u32> {
    let mut order: Vec<usize> = (0..query.tokens.len())
        .filter(|&i| !query.matches[i].is_empty())
        .collect();
    order.sort_by_key(|&i| query.matches[i].postings);
    let cap = (index.docs.len() / 10).max(3000);
    let mut acc: HashMap<u32, f32> = HashMap::new();
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && query.matches[i].postings > cap {
            break;
        }
        for &(term, quality) in &query.matches[i].terms {
            let w = index.idf(term) * quality;
            for &d in index.postings(term) {
                *acc.entry(d).or_insert(0.0) += w;
            }
        }
    }
    let mut ranked: Vec<(u32, f32)> = acc
        .into_iter()
        .filter(|(d, _)| filters_pass(index.doc(*d), opts))
        .map(|(d, w)| {
            let near = opts
                .bias
                .map_or(0.0, |b| 2.0 * proximity(approx_km(b, index.doc(d))) as f32);
            (d, w + near)
        })
        .collect();
    let by_weight = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if ranked.len() > CANDIDATES {
        ranked.select_nth_unstable_by(CANDIDATES, by_weight);
        ranked.truncate(CANDIDATES);
    }
    ranked.into_iter().map(|(d, _)| d).collect()
}

fn filters_pass(doc: &Doc, opts: &SearchOptions) -> bool {
    opts.postcode.as_ref().is_none_or(|p| &doc.postcode == p)
        && opts.citycode.as_ref().is_none_or(|c| &doc.citycode == c)
}

/// The better of reading the leading number as a house number or as part of the name.
fn best_reading(index: &Index, query: &Query, d: u32, opts: &SearchOptions) -> Option<Hit> {
    let doc = index.doc(d);
    let all: Vec<usize> = (0..query.tokens.len()).collect();
    let mut best: Option<Hit> = None;
    let mut consider = |hit: Hit| {
        if best.is_none_or(|b| hit.score > b.score) {
            best = Some(hit);
        }
    };
    match &query.number {
        Some(hn) => {
            let (from, to) = query.number_at;
            let text: Vec<usize> = (0..query.tokens.len())
                .filter(|i| !(from..to).contains(i))
                .collect();
            let base = text_score(index, query, doc, &text);
            let (factor, number, kind) = number_match(index, doc, hn);
            consider(Hit {
                doc: d,
                number,
                kind,
                score: f64::from(base * factor),
            });
            // The number read as part of the name, only when the name has it (« 8 Mai 1945 »).
            let in_name = index
                .name_terms(doc)
                .iter()
                .any(|&t| query.matches[from].quality(t).is_some());
            if in_name {
                consider(Hit {
                    doc: d,
                    number: None,
                    kind: ResultType::of(doc.kind),
                    score: f64::from(text_score(index, query, doc, &all)),
                });
            }
        }
        None => consider(Hit {
            doc: d,
            number: None,
            kind: ResultType::of(doc.kind),
            score: f64::from(text_score(index, query, doc, &all)),
        }),
    }
    let mut hit = best?;
    if hit.score <= 0.0 {
        return None;
    }
    // A tiny preference for longer streets breaks exact ties in a stable, sensible way.
    let size = (doc.numbers.1 - doc.numbers.0).min(200) as f64;
    hit.score = hit.score * 0.995 + 0.005 * size / 200.0;
    if let Some(bias) = opts.bias {
        let (lon, lat) = match hit.number {
            Some(n) => {
                let n = &index.numbers[n as usize];
                (n.lon, n.lat)
            }
            None => (doc.lon, doc.lat),
        };
        let km = geo_km(bias, (lon, lat));
        hit.score = (1.0 - BIAS_SHARE) * hit.score + BIAS_SHARE * proximity(km);
    }
    hit.score = hit.score.clamp(0.0, 1.0);
    Some(hit)
}

/// How much of the query the document explains and how much of its name the query covers.
fn text_score(index: &Index, query: &Query, doc: &Doc, tokens: &[usize]) -> f32 {
    if tokens.is_empty() {
        return 0.0;
    }
    let name = index.name_terms(doc);
    let city = index.city_terms(doc);
    let mut explained = 0.0;
    let mut asked = 0.0;
    for &i in tokens {
        let m = &query.matches[i];
        let best = name
            .iter()
            .chain(city)
            .filter_map(|&t| m.quality(t).map(|q| (q, index.idf(t))))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            Some((q, w)) => {
                explained += q * w;
                asked += w;
            }
            None => asked += query.weights[i],
        }
    }
    let mut covered = 0.0;
    let mut total = 0.0;
    for &t in name {
        let w = index.idf(t);
        total += w;
        covered += w * tokens
            .iter()
            .filter_map(|&i| query.matches[i].quality(t))
            .fold(0.0, f32::max);
    }
    // How much of the commune (name, postcode) the query names: only a tie-breaker, for a
    // commune's name that is also a word of another commune's street (« Rue Saint-Gouesnou,
    // Gouesnou »).
    let mut city_covered = 0.0;
    let mut city_total = 0.0;
    for &t in city {
        let w = index.idf(t);
        city_total += w;
        city_covered += w * tokens
            .iter()
            .filter_map(|&i| query.matches[i].quality(t))
            .fold(0.0, f32::max);
    }
    let share = |part: f32, whole: f32| if whole > 0.0 { part / whole } else { 0.0 };
    (1.0 - CITY_TIE_BREAK) * (0.6 * share(explained, asked) + 0.4 * share(covered, total))
        + CITY_TIE_BREAK * share(city_covered, city_total)
}

/// The asked house number in a street: the exact one, else the plain number, else the street.
fn number_match(index: &Index, doc: &Doc, hn: &HouseNumber) -> (f32, Option<u32>, ResultType) {
    if doc.kind != Kind::Street {
        return (OTHER_FOR_NUMBER, None, ResultType::of(doc.kind));
    }
    let numbers = index.numbers_of(doc);
    let from = numbers.partition_point(|n| n.number < hn.number);
    let to = numbers.partition_point(|n| n.number <= hn.number);
    let same = &numbers[from..to];
    let at = |k: usize| Some(doc.numbers.0 + (from + k) as u32);
    let exact = same.iter().position(|n| n.rep == hn.suffix);
    let like = same.iter().position(|n| same_suffix(&hn.suffix, &n.rep));
    let plain = same.iter().position(|n| n.rep.is_empty());
    match (exact.or(like), plain, same.is_empty()) {
        (Some(k), _, _) if exact.is_some() => (1.0, at(k), ResultType::Housenumber),
        (Some(k), _, _) => (LIKE_SUFFIX, at(k), ResultType::Housenumber),
        (None, Some(k), _) => (PLAIN_NUMBER_FOR_SUFFIX, at(k), ResultType::Housenumber),
        (None, None, false) => (SUFFIXED_FOR_PLAIN, at(0), ResultType::Housenumber),
        (None, None, true) => (STREET_FOR_NUMBER, None, ResultType::Street),
    }
}

/// 1 on the spot, ½ at 2 km, decreasing with distance.
fn proximity(km: f64) -> f64 {
    1.0 / (1.0 + km / 2.0)
}

/// Equirectangular distance: enough to rank candidates.
fn approx_km((lon, lat): (f64, f64), doc: &Doc) -> f64 {
    let dx = (doc.lon - lon) * lat.to_radians().cos();
    let dy = doc.lat - lat;
    (dx * dx + dy * dy).sqrt() * 111.195
}

/// Great-circle distance in kilometres.
pub fn geo_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    use geo::Distance;
    geo::Haversine.distance(geo::Point::new(a.0, a.1), geo::Point::new(b.0, b.1)) / 1000.0
}
