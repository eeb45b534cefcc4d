//! Today's date, read in one place: whether a status is said « à vérifier » depends on it
//! ([`crate::model::StatusDate::is_stale`]). Answers take the date as a parameter
//! ([`crate::impacts::AnswerParts::new_on`]), so tests pass a fixed day and only the server and
//! the commands read the clock, here.

use crate::model::{DatePrecision, FuzzyDate};

/// Today's date (UTC), to the day.
pub fn today() -> FuzzyDate {
    use chrono::Datelike;
    let d = chrono::Utc::now().date_naive();
    FuzzyDate {
        // Years beyond u16 are not a concern of a running server.
        year: u16::try_from(d.year()).unwrap_or(u16::MAX),
        part: u8::try_from(d.month()).ok(),
        day: u8::try_from(d.day()).ok(),
        precision: DatePrecision::Day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_day_that_reads_back() {
        let t = today();
        assert_eq!(t.precision, DatePrecision::Day);
        assert!(t.year >= 2026);
        assert_eq!(t.to_string().parse::<FuzzyDate>().unwrap(), t);
    }
}
