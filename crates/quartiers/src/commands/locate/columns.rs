//! The columns `quartiers locate` adds to each row: the located columns of the impact answer
//! (`geodata::impacts::columns`, shared with `batch` and `POST /batch`), then `erreur`.

use geodata::impacts::columns::{self, LOCATED};
use geodata::impacts::ImpactReport;

/// How many columns are added.
pub const COUNT: usize = LOCATED.len() + 1;

/// Names of the added columns, in output order.
pub const ADDED: [&str; COUNT] = {
    let mut names = [""; COUNT];
    let mut i = 0;
    while i < LOCATED.len() {
        names[i] = LOCATED[i];
        i += 1;
    }
    names[LOCATED.len()] = "erreur";
    names
};

/// Where `verdict` is among the added columns.
pub const VERDICT: usize = 2;
/// Where `erreur` is.
pub const ERROR: usize = LOCATED.len();

/// The added fields of a row whose point was located.
pub fn located(report: &ImpactReport) -> [String; COUNT] {
    let mut fields: [String; COUNT] = Default::default();
    for (field, value) in fields.iter_mut().zip(columns::located(report)) {
        *field = value;
    }
    fields
}

/// The added fields of a row whose coordinates could not be read.
pub fn failed(message: &str) -> [String; COUNT] {
    let mut fields: [String; COUNT] = Default::default();
    fields[ERROR] = message.to_string();
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_and_the_error_are_where_they_are_said() {
        assert_eq!(ADDED[VERDICT], "verdict");
        assert_eq!(ADDED[ERROR], "erreur");
        assert_eq!(ADDED.len(), 12);
    }
}
