//! Why the geocoder could not do what was asked.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GeocodeError {
    #[error("{}: lecture ou écriture impossible : {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: index d'adresses illisible ({message}) ; relancez `quartiers addresses download` ou `quartiers import-addresses`", path.display())]
    Corrupt { path: PathBuf, message: String },
    #[error(
        "{}: index d'adresses d'une version antérieure ({found}, version attendue {expected}) ; relancez `quartiers addresses download` ou `quartiers import-addresses`",
        path.display()
    )]
    OldFormat {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("encodage de l'index impossible : {0}")]
    Encode(String),
    #[error("{}, ligne {line} : {message}", path.display())]
    Row {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
}

pub type Result<T> = std::result::Result<T, GeocodeError>;
