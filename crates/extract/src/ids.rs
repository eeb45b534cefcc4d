//! Stable action ids.
//!
//! - A numbered code printed once in the table is its own id (`1.1`, `13.2`).
//! - A numbered code printed several times (`12.10` twice) gets a letter per occurrence, in
//!   document order: `12.10-a`, `12.10-b`. Every occurrence gets one, so no id silently
//!   changes meaning when a duplicate is found.
//! - `N.A.` rows get `na-os<k>-<n>`: the strategic orientation they are printed under and
//!   their rank among that orientation's `N.A.` rows (`na-os4-1` … `na-os4-4`). Counting per
//!   orientation rather than per pillar keeps ids of other orientations stable if a row is
//!   added, and the orientation number is printed in the document.
//!
//! Generated ids cannot collide with printed ones: printed codes are digits and one dot.

use std::collections::HashMap;

use crate::table::Code;

/// The ids of actions given as (code, orientation number) in document order.
pub fn assign(actions: &[(&Code, u16)]) -> Vec<String> {
    let mut printed_count: HashMap<&str, usize> = HashMap::new();
    for (code, _) in actions {
        if let Code::Numbered(c) = code {
            *printed_count.entry(c).or_default() += 1;
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut na_seen: HashMap<u16, usize> = HashMap::new();
    actions
        .iter()
        .map(|(code, orientation)| match code {
            Code::Numbered(c) if printed_count[c.as_str()] == 1 => c.clone(),
            Code::Numbered(c) => {
                let rank = seen.entry(c).or_default();
                *rank += 1;
                format!("{c}-{}", letters(*rank))
            }
            Code::NotApplicable => {
                let rank = na_seen.entry(*orientation).or_default();
                *rank += 1;
                format!("na-os{orientation}-{rank}")
            }
        })
        .collect()
}

/// 1 → `a`, 26 → `z`, 27 → `aa`: never runs out.
fn letters(mut rank: usize) -> String {
    let mut out = Vec::new();
    while rank > 0 {
        rank -= 1;
        out.push(b'a' + (rank % 26) as u8);
        rank /= 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(code: &str) -> Code {
        Code::Numbered(code.into())
    }

    #[test]
    fn unique_codes_are_their_own_id_repeated_ones_get_letters() {
        let (a, b, c, d) = (n("12.9"), n("12.10"), n("12.10"), n("12.11"));
        let ids = assign(&[(&a, 12), (&b, 12), (&c, 12), (&d, 12)]);
        assert_eq!(ids, ["12.9", "12.10-a", "12.10-b", "12.11"]);
    }

    #[test]
    fn repeats_are_counted_over_the_whole_table() {
        // The two `2.4` sit under different objectives; both get a letter.
        let (a, b, c) = (n("2.4"), n("2.5"), n("2.4"));
        assert_eq!(
            assign(&[(&a, 2), (&b, 2), (&c, 2)]),
            ["2.4-a", "2.5", "2.4-b"]
        );
    }

    #[test]
    fn not_applicable_rows_rank_within_their_orientation() {
        let na = Code::NotApplicable;
        let x = n("4.2");
        let ids = assign(&[(&na, 1), (&x, 4), (&na, 4), (&na, 4), (&na, 13)]);
        assert_eq!(
            ids,
            ["na-os1-1", "4.2", "na-os4-1", "na-os4-2", "na-os13-1"]
        );
    }

    #[test]
    fn letters_never_run_out() {
        assert_eq!(letters(1), "a");
        assert_eq!(letters(26), "z");
        assert_eq!(letters(27), "aa");
        assert_eq!(letters(28), "ab");
    }
}
