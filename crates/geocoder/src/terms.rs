//! Looking a query token up in the term dictionary: exactly, as a prefix (the word being
//! typed) or with a typo or two (a Levenshtein automaton walked over the fst).

use std::sync::OnceLock;

use fst::{IntoStreamer, Streamer};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};

use crate::index::Index;

/// How well a dictionary term matches what was typed: 1 for the same word.
pub type Quality = f32;

/// Quality of a term the typed word is a prefix of, at least (grows with the share typed).
const PREFIX_BASE: Quality = 0.6;
/// Quality of a term one edit away, and two edits away.
const FUZZY_1: Quality = 0.8;
const FUZZY_2: Quality = 0.65;
/// At most this many dictionary terms per typed word, so a short prefix stays cheap.
const MAX_EXPANSIONS: usize = 48;

/// The dictionary terms a typed token may stand for.
#[derive(Debug, Clone, Default)]
pub struct TermMatches {
    pub terms: Vec<(u32, Quality)>,
    /// Total length of the terms' postings: how common the token is.
    pub postings: usize,
}

impl TermMatches {
    /// The quality of `term`, if the typed token may stand for it (terms are sorted by id).
    pub fn quality(&self, term: u32) -> Option<Quality> {
        self.terms
            .binary_search_by_key(&term, |(t, _)| *t)
            .ok()
            .map(|i| self.terms[i].1)
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// Looks `token` up. `prefix` allows completions (the last word of an as-you-type query).
pub fn lookup(index: &Index, token: &str, prefix: bool) -> TermMatches {
    let mut out = TermMatches::default();
    let exact = index.terms.get(token.as_bytes()).map(|t| t as u32);
    if let Some(t) = exact {
        out.terms.push((t, 1.0));
    }
    if prefix && !token.is_empty() && !token.bytes().all(|b| b.is_ascii_digit()) {
        let mut upper = token.as_bytes().to_vec();
        upper.push(0xff);
        let mut stream = index
            .terms
            .range()
            .ge(token.as_bytes())
            .lt(&upper)
            .into_stream();
        while let Some((key, t)) = stream.next() {
            if out.terms.len() >= MAX_EXPANSIONS {
                break;
            }
            let t = t as u32;
            if Some(t) != exact {
                let share = token.len() as f32 / key.len() as f32;
                out.terms
                    .push((t, PREFIX_BASE + (1.0 - PREFIX_BASE) * share * 0.9));
            }
        }
    }
    let chars = token.chars().count();
    if exact.is_none() && chars >= 4 && !token.bytes().any(|b| b.is_ascii_digit()) {
        let distance = if chars >= 8 { 2 } else { 1 };
        let dfa = automaton(distance).build_dfa(token);
        let mut stream = index.terms.search_with_state(Lev(&dfa)).into_stream();
        let mut found = 0;
        while let Some((_, t, state)) = stream.next() {
            if found >= MAX_EXPANSIONS {
                break;
            }
            let t = t as u32;
            let quality = match dfa.distance(state) {
                Distance::Exact(0) => 1.0,
                Distance::Exact(1) => FUZZY_1,
                _ => FUZZY_2,
            };
            match out.terms.iter_mut().find(|(x, _)| *x == t) {
                Some(entry) => entry.1 = entry.1.max(quality),
                None => out.terms.push((t, quality)),
            }
            found += 1;
        }
    }
    out.terms.sort_unstable_by_key(|(t, _)| *t);
    out.postings = out
        .terms
        .iter()
        .map(|(t, _)| index.postings(*t).len())
        .sum();
    out
}

/// Building a Levenshtein automaton's tables is slow; they are built once per distance.
fn automaton(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let cell = if distance <= 1 { &ONE } else { &TWO };
    cell.get_or_init(|| LevenshteinAutomatonBuilder::new(distance.min(2), true))
}

/// A Levenshtein DFA walked over the fst's bytes.
struct Lev<'a>(&'a DFA);

impl fst::Automaton for Lev<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}
