//! The `datetime` parameter of OGC API – Features: an instant or an interval, open-ended
//! with `..` or an empty bound, compared by day with the features' periods.

use chrono::Datelike;
use chrono::{DateTime, NaiveDate};

use super::collection::Day;

/// Why a `datetime` was refused: the text and what is wrong with it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("datetime « {text} » invalide : {why} (attendu : une date RFC 3339 comme 2021-06-30 ou 2021-06-30T00:00:00Z, ou un intervalle début/fin avec .. pour une borne ouverte)")]
pub struct DatetimeError {
    pub text: String,
    pub why: &'static str,
}

/// A closed interval of days; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: Option<Day>,
    pub end: Option<Day>,
}

impl Interval {
    /// Parses `2020-06-01`, `2020-06-01T12:00:00Z`, `2019-01-01/2021-12-31`, `../2020-01-01`.
    pub fn parse(text: &str) -> Result<Interval, DatetimeError> {
        let bad = |why: &'static str| DatetimeError {
            text: text.to_string(),
            why,
        };
        let parts: Vec<&str> = text.split('/').collect();
        match parts.as_slice() {
            [one] => {
                let d = day(one).ok_or_else(|| bad("date illisible"))?;
                Ok(Interval {
                    start: Some(d),
                    end: Some(d),
                })
            }
            [a, b] => {
                let bound = |s: &str| -> Result<Option<Day>, DatetimeError> {
                    if s.is_empty() || s == ".." {
                        Ok(None)
                    } else {
                        day(s).map(Some).ok_or_else(|| bad("borne illisible"))
                    }
                };
                let (start, end) = (bound(a)?, bound(b)?);
                if let (Some(s), Some(e)) = (start, end) {
                    if s > e {
                        return Err(bad("le début est après la fin"));
                    }
                }
                if start.is_none() && end.is_none() {
                    return Err(bad("les deux bornes sont ouvertes"));
                }
                Ok(Interval { start, end })
            }
            _ => Err(bad("plus de deux bornes")),
        }
    }

    /// Whether a period (open ends allowed) overlaps the interval.
    pub fn overlaps(&self, period: (Option<Day>, Option<Day>)) -> bool {
        let starts_before_end = match (period.0, self.end) {
            (Some(ps), Some(qe)) => ps <= qe,
            _ => true,
        };
        let ends_after_start = match (period.1, self.start) {
            (Some(pe), Some(qs)) => pe >= qs,
            _ => true,
        };
        starts_before_end && ends_after_start
    }
}

fn day(s: &str) -> Option<Day> {
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| DateTime::parse_from_rfc3339(s).ok().map(|d| d.date_naive()))?;
    Some((
        u16::try_from(date.year()).ok()?,
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    ))
}

/// A day as `YYYY-MM-DD`.
pub fn day_text(d: Day) -> String {
    format!("{:04}-{:02}-{:02}", d.0, d.1, d.2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("2020-06-01", Some((2020, 6, 1)), Some((2020, 6, 1)))]
    #[case("2020-06-01T10:00:00Z", Some((2020, 6, 1)), Some((2020, 6, 1)))]
    #[case("2019-01-01/..", Some((2019, 1, 1)), None)]
    #[case("/2021-12-31", None, Some((2021, 12, 31)))]
    fn parses(#[case] text: &str, #[case] start: Option<Day>, #[case] end: Option<Day>) {
        assert_eq!(
            Interval::parse(text).expect("valid"),
            Interval { start, end }
        );
    }

    #[rstest]
    #[case("2021-02-30")]
    #[case("2022-01-01/2021-01-01")]
    #[case("../..")]
    #[case("hier")]
    #[case("2020/2021/2022")]
    fn refuses(#[case] text: &str) {
        assert!(Interval::parse(text).is_err());
    }

    #[test]
    fn overlap_with_open_periods() {
        let q = Interval::parse("2020-01-01/2020-12-31").expect("valid");
        assert!(q.overlaps((Some((2019, 1, 1)), None)));
        assert!(q.overlaps((Some((2020, 12, 31)), Some((2022, 1, 1)))));
        assert!(!q.overlaps((Some((2021, 1, 1)), None)));
        assert!(!q.overlaps((None, Some((2019, 12, 31)))));
    }
}
