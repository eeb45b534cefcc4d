//! Dates as sources give them: a day, a month, a quarter, a semester or only a year.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    Month,
    Quarter,
    Semester,
    Year,
}

/// A date known to a given precision. Written `2019-06-29`, `2019-06`, `2021-T1` (trimestre),
/// `2020-S2` (semestre) or `2019`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FuzzyDate {
    pub year: u16,
    /// Month 1-12 for day and month precision; the period's number (1-4 or 1-2) for quarter
    /// and semester precision.
    pub part: Option<u8>,
    pub day: Option<u8>,
    pub precision: DatePrecision,
}

impl FuzzyDate {
    pub fn year(year: u16) -> Self {
        Self {
            year,
            part: None,
            day: None,
            precision: DatePrecision::Year,
        }
    }

    /// First and last day of the period as `(year, month, day)`, for filtering by period.
    pub fn bounds(&self) -> ((u16, u8, u8), (u16, u8, u8)) {
        let y = self.year;
        match (self.precision, self.part, self.day) {
            (DatePrecision::Day, Some(m), Some(d)) => ((y, m, d), (y, m, d)),
            (DatePrecision::Month, Some(m), _) => ((y, m, 1), (y, m, days_in_month(y, m))),
            (DatePrecision::Quarter, Some(q), _) => {
                let last = q * 3;
                ((y, last - 2, 1), (y, last, days_in_month(y, last)))
            }
            (DatePrecision::Semester, Some(s), _) => {
                let last = s * 6;
                ((y, last - 5, 1), (y, last, days_in_month(y, last)))
            }
            _ => ((y, 1, 1), (y, 12, 31)),
        }
    }

    /// The date in plain French ("29 juin 2019", "juin 2019", "1er trimestre 2021", "2019").
    pub fn label_fr(&self) -> String {
        const MONTHS: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        let y = self.year;
        match (self.precision, self.part, self.day) {
            (DatePrecision::Day, Some(m), Some(d)) => {
                let day = if d == 1 {
                    "1er".to_string()
                } else {
                    d.to_string()
                };
                format!("{day} {} {y}", MONTHS[usize::from(m - 1)])
            }
            (DatePrecision::Month, Some(m), _) => format!("{} {y}", MONTHS[usize::from(m - 1)]),
            (DatePrecision::Quarter, Some(1), _) => format!("1er trimestre {y}"),
            (DatePrecision::Quarter, Some(q), _) => format!("{q}e trimestre {y}"),
            (DatePrecision::Semester, Some(1), _) => format!("1er semestre {y}"),
            (DatePrecision::Semester, Some(s), _) => format!("{s}e semestre {y}"),
            _ => y.to_string(),
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("date « {0} » invalide : attendu AAAA, AAAA-MM, AAAA-MM-JJ, AAAA-T1..T4 ou AAAA-S1..S2")]
pub struct DateError(pub String);

impl FromStr for FuzzyDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateError(s.to_string());
        let mut parts = s.trim().split('-');
        let year: u16 = parts
            .next()
            .and_then(|y| parse_fixed(y, 4))
            .ok_or_else(err)?;
        let Some(second) = parts.next() else {
            return Ok(Self::year(year));
        };
        let period = |prefix: char, max: u8, precision| {
            let n = second.strip_prefix(prefix)?.parse::<u8>().ok()?;
            (1..=max).contains(&n).then_some(Self {
                year,
                part: Some(n),
                day: None,
                precision,
            })
        };
        if second.starts_with('T') {
            return match parts.next() {
                None => period('T', 4, DatePrecision::Quarter).ok_or_else(err),
                Some(_) => Err(err()),
            };
        }
        if second.starts_with('S') {
            return match parts.next() {
                None => period('S', 2, DatePrecision::Semester).ok_or_else(err),
                Some(_) => Err(err()),
            };
        }
        let month: u8 = parse_fixed(second, 2)
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(err)?;
        let Some(third) = parts.next() else {
            return Ok(Self {
                year,
                part: Some(month),
                day: None,
                precision: DatePrecision::Month,
            });
        };
        let day: u8 = parse_fixed(third, 2)
            .filter(|d| (1..=days_in_month(year, month)).contains(d))
            .ok_or_else(err)?;
        if parts.next().is_some() {
            return Err(err());
        }
        Ok(Self {
            year,
            part: Some(month),
            day: Some(day),
            precision: DatePrecision::Day,
        })
    }
}

fn parse_fixed<T: FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let y = self.year;
        match (self.precision, self.part, self.day) {
            (DatePrecision::Day, Some(m), Some(d)) => write!(f, "{y:04}-{m:02}-{d:02}"),
            (DatePrecision::Month, Some(m), _) => write!(f, "{y:04}-{m:02}"),
            (DatePrecision::Quarter, Some(q), _) => write!(f, "{y:04}-T{q}"),
            (DatePrecision::Semester, Some(s), _) => write!(f, "{y:04}-S{s}"),
            _ => write!(f, "{y:04}"),
        }
    }
}

impl Serialize for FuzzyDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FuzzyDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_precision() {
        for s in ["2019-06-29", "2019-06", "2021-T1", "2020-S2", "2019"] {
            let d: FuzzyDate = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
        let d: FuzzyDate = "2019-06-29".parse().unwrap();
        assert_eq!(d.precision, DatePrecision::Day);
        assert_eq!(d.label_fr(), "29 juin 2019");
        assert_eq!(
            "2021-T1".parse::<FuzzyDate>().unwrap().label_fr(),
            "1er trimestre 2021"
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        for s in [
            "2019-13",
            "2019-02-30",
            "2021-T5",
            "2020-S3",
            "19",
            "2019-6",
            "",
            "2019-06-29-1",
        ] {
            assert!(s.parse::<FuzzyDate>().is_err(), "{s} should be refused");
        }
        assert!("2024-02-29".parse::<FuzzyDate>().is_ok());
    }

    #[test]
    fn bounds_cover_the_period() {
        let s2: FuzzyDate = "2020-S2".parse().unwrap();
        assert_eq!(s2.bounds(), ((2020, 7, 1), (2020, 12, 31)));
        let q1: FuzzyDate = "2021-T1".parse().unwrap();
        assert_eq!(q1.bounds(), ((2021, 1, 1), (2021, 3, 31)));
        let feb: FuzzyDate = "2024-02".parse().unwrap();
        assert_eq!(feb.bounds().1, (2024, 2, 29));
    }
}
