//! How old a status is: the date at which its source knew it, where that date comes from, and
//! whether it is too old to be said as today's.
//!
//! A status is a fact about a moment (« en travaux » in 2019), not about today. Every status
//! carries that moment and its document's date, and a status older than the territory's
//! freshness threshold is said as « état connu en 2019, à vérifier ».

use serde::{Deserialize, Serialize};

use super::FuzzyDate;

/// Where a status date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum DateOrigin {
    /// The source dates the status itself (« ouverture prévue fin 2019 », « réalisé en janvier
    /// 2017 »).
    #[serde(rename = "source")]
    Source,
    /// The source gives no date for the status: the document's own date is taken.
    #[serde(rename = "document")]
    Document,
    /// The document is undated: the date is the latest one it mentions, so the status was
    /// known then or later.
    #[serde(rename = "au plus tôt")]
    NotBefore,
    /// Files written before statuses were dated.
    #[default]
    #[serde(rename = "non renseignée")]
    Unknown,
}

impl DateOrigin {
    pub fn is_unknown(&self) -> bool {
        *self == Self::Unknown
    }

    /// Plain French, after « date » (« date donnée par la source »).
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Source => "donnée par la source",
            Self::Document => "date du document source",
            Self::NotBefore => "document non daté : date la plus récente qu'il cite",
            Self::Unknown => "origine non renseignée",
        }
    }
}

/// The date of a status and of its source document.
///
/// Serialized flat beside the status: `statut_date`, `statut_date_origine`, `source_date`.
/// Every field defaults, so files written before statuses were dated still load (and are
/// warned about by validation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct StatusDate {
    /// When the status was known: the date the source gives for it, or the document's date.
    #[serde(rename = "statut_date", default)]
    pub date: Option<FuzzyDate>,
    #[serde(
        rename = "statut_date_origine",
        default,
        skip_serializing_if = "DateOrigin::is_unknown"
    )]
    pub origin: DateOrigin,
    /// The date of the source document (its publication, or the latest date it mentions when
    /// it is undated, see [`DateOrigin::NotBefore`]).
    #[serde(
        rename = "source_date",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub source_date: Option<FuzzyDate>,
}

/// Whether a status can be said as current.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Freshness {
    /// Known within the threshold: said as is, with its date.
    Current,
    /// Possibly older than the threshold: « état connu en 2019, à vérifier ».
    Stale,
    /// No date at all: « état non daté, à vérifier ».
    Undated,
}

impl Freshness {
    /// Current information first, then stale, then undated.
    pub fn rank(self) -> u8 {
        match self {
            Self::Current => 0,
            Self::Stale => 1,
            Self::Undated => 2,
        }
    }

    /// The code used in answers and exports.
    pub fn code(self) -> &'static str {
        match self {
            Self::Current => "a_jour",
            Self::Stale => "ancien",
            Self::Undated => "non_date",
        }
    }
}

impl StatusDate {
    /// A status dated by its own source.
    pub fn stated(date: FuzzyDate, source_date: Option<FuzzyDate>) -> Self {
        Self {
            date: Some(date),
            origin: DateOrigin::Source,
            source_date,
        }
    }

    /// Whether the status is stale on `today` with a freshness threshold of `threshold_years`:
    /// true unless the status is provably younger than the threshold. The age is measured from
    /// the start of the date's period (a status « known in 2019 » may have been known in
    /// January), which also holds for a [`DateOrigin::NotBefore`] date, a lower bound. An
    /// undated status is stale: its age is unknown.
    ///
    /// `today` is a parameter so that answers are reproducible in tests; the server and the CLI
    /// pass the real date.
    pub fn is_stale(&self, today: FuzzyDate, threshold_years: u16) -> bool {
        self.freshness(today, threshold_years) != Freshness::Current
    }

    /// [`Self::is_stale`], telling a stale status from an undated one.
    pub fn freshness(&self, today: FuzzyDate, threshold_years: u16) -> Freshness {
        let Some(date) = self.date else {
            return Freshness::Undated;
        };
        let (y, m, d) = date.bounds().0;
        let limit = (y.saturating_add(threshold_years), m, d);
        if today.bounds().0 > limit {
            Freshness::Stale
        } else {
            Freshness::Current
        }
    }

    /// « état connu en 2019 », « état connu au 1er trimestre 2021 », « état connu en 2019 ou
    /// après », « état non daté ».
    pub fn known_fr(&self) -> String {
        let Some(date) = self.date else {
            return "état non daté".to_string();
        };
        let when = in_period_fr(&date);
        match self.origin {
            DateOrigin::NotBefore => format!("état connu {when} ou après"),
            _ => format!("état connu {when}"),
        }
    }

    /// What a resident reads beside a status: the date, and « à vérifier » when it is stale
    /// (« état connu en 2019, à vérifier »).
    pub fn note_fr(&self, today: FuzzyDate, threshold_years: u16) -> String {
        match self.freshness(today, threshold_years) {
            Freshness::Current => self.known_fr(),
            Freshness::Stale | Freshness::Undated => format!("{}, à vérifier", self.known_fr()),
        }
    }

    /// The short form of a map badge: « en 2019 », « 1er trimestre 2021 », « date inconnue ».
    pub fn badge_fr(&self) -> String {
        match self.date {
            Some(date) => in_period_fr(&date),
            None => "date inconnue".to_string(),
        }
    }
}

/// « en 2019 », « en juin 2019 », « le 29 juin 2019 », « au 1er trimestre 2021 », « au 2e
/// semestre 2020 ».
fn in_period_fr(date: &FuzzyDate) -> String {
    use super::DatePrecision::*;
    let label = date.label_fr();
    match date.precision {
        Day => format!("le {label}"),
        Month | Year => format!("en {label}"),
        Quarter | Semester => format!("au {label}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> FuzzyDate {
        s.parse().unwrap()
    }

    fn dated(s: &str, origin: DateOrigin) -> StatusDate {
        StatusDate {
            date: Some(date(s)),
            origin,
            source_date: Some(date("2019")),
        }
    }

    #[test]
    fn a_2019_status_is_stale_in_2026_and_current_in_2020() {
        let status = dated("2019", DateOrigin::Document);
        assert!(status.is_stale(date("2026-12-07"), 2));
        assert!(!status.is_stale(date("2020-06-01"), 2));
        // Two years from the start of the period: 1 January 2021 is the last current day.
        assert!(!status.is_stale(date("2021-01-01"), 2));
        assert!(status.is_stale(date("2021-01-02"), 2));
        // A longer threshold keeps it current.
        assert!(!status.is_stale(date("2026-12-07"), 10));
    }

    #[test]
    fn the_period_start_counts() {
        let q1 = dated("2021-T1", DateOrigin::Source);
        assert!(!q1.is_stale(date("2023-01-01"), 2));
        assert!(q1.is_stale(date("2023-01-02"), 2));
        let day = dated("2019-06-29", DateOrigin::Source);
        assert!(!day.is_stale(date("2021-06-29"), 2));
        assert!(day.is_stale(date("2021-06-30"), 2));
    }

    #[test]
    fn an_undated_status_is_never_current() {
        let undated = StatusDate::default();
        assert_eq!(undated.freshness(date("2019-01-01"), 2), Freshness::Undated);
        assert!(undated.is_stale(date("2019-01-01"), 100));
        assert_eq!(
            undated.note_fr(date("2026"), 2),
            "état non daté, à vérifier"
        );
    }

    #[test]
    fn notes_say_when_and_whether_to_check() {
        let today = date("2026-12-07");
        assert_eq!(
            dated("2019", DateOrigin::Document).note_fr(today, 2),
            "état connu en 2019, à vérifier"
        );
        assert_eq!(
            dated("2021-T1", DateOrigin::Source).known_fr(),
            "état connu au 1er trimestre 2021"
        );
        assert_eq!(
            dated("2019", DateOrigin::NotBefore).note_fr(today, 2),
            "état connu en 2019 ou après, à vérifier"
        );
        assert_eq!(
            dated("2026-11", DateOrigin::Source).note_fr(today, 2),
            "état connu en novembre 2026"
        );
        assert_eq!(dated("2019", DateOrigin::Source).badge_fr(), "en 2019");
    }

    #[test]
    fn serde_keeps_older_files_loading() {
        #[derive(Deserialize, Serialize)]
        struct Item {
            statut: String,
            #[serde(flatten)]
            date: StatusDate,
        }
        let old: Item =
            serde_json::from_str(r#"{"statut":"programmé","statut_date":"2019"}"#).unwrap();
        assert_eq!(old.date.date, Some(date("2019")));
        assert_eq!(old.date.origin, DateOrigin::Unknown);
        let older: Item = serde_json::from_str(r#"{"statut":"programmé"}"#).unwrap();
        assert_eq!(older.date, StatusDate::default());
        let new: Item = serde_json::from_str(
            r#"{"statut":"en travaux","statut_date":"2019-06","statut_date_origine":"document","source_date":"2019"}"#,
        )
        .unwrap();
        assert_eq!(new.date.origin, DateOrigin::Document);
        assert_eq!(
            serde_json::to_string(&new).unwrap(),
            r#"{"statut":"en travaux","statut_date":"2019-06","statut_date_origine":"document","source_date":"2019"}"#
        );
        assert!(
            serde_json::from_str::<Item>(r#"{"statut":"x","statut_date_origine":"hier"}"#).is_err()
        );
    }
}
