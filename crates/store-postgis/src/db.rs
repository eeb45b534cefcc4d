//! Database errors as store errors, and the address of a database without its password.

use std::str::FromStr;

use postgres::config::Host;
use store::StoreError;

/// A database error, named by the database it concerns (its message reaches the SIG team).
pub(crate) fn error(location: &str, e: &postgres::Error) -> StoreError {
    let message = match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_string(),
        },
        None => e.to_string(),
    };
    other(location, message)
}

/// Any failure to talk to the database.
pub(crate) fn other(location: &str, message: impl Into<String>) -> StoreError {
    StoreError::Database {
        location: location.to_string(),
        message: message.into(),
    }
}

/// `postgresql://user@host:port/db`: the URL without its password, for messages and logs.
pub(crate) fn display_url(url: &str) -> String {
    let Ok(config) = postgres::Config::from_str(url) else {
        return "postgresql://(adresse illisible)".into();
    };
    let user = config
        .get_user()
        .map(|u| format!("{u}@"))
        .unwrap_or_default();
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .map(|p| format!(":{p}"))
        .unwrap_or_default();
    let db = config.get_dbname().unwrap_or_default();
    format!("postgresql://{user}{host}{port}/{db}")
}

/// A number of the store as PostgreSQL's bigint.
pub(crate) fn big(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A bigint read back as a number of the store.
pub(crate) fn unsigned(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_never_shown() {
        let shown = display_url("postgresql://quartiers:secret@127.0.0.1:5433/sig");
        assert_eq!(shown, "postgresql://quartiers@127.0.0.1:5433/sig");
    }
}
