//! Why a file could not be located at all. Row-level problems (a bad coordinate) are not
//! errors: they go in the row's `erreur` column.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LocateError {
    #[error("{}: lecture impossible : {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file cannot be read as a table (see `geocoder::csv_table` for the rules).
    #[error(transparent)]
    Table(#[from] geocoder::csv_table::TableError),
    #[error(
        "{}: colonne « {column} » absente de l'en-tête ({available}) ; indiquez la bonne avec {flag}",
        path.display()
    )]
    MissingColumn {
        path: PathBuf,
        column: String,
        flag: &'static str,
        available: String,
    },
    #[error("{}: colonne « {column} » présente plusieurs fois dans l'en-tête", path.display())]
    DuplicateColumn { path: PathBuf, column: String },
    #[error(
        "{}: la colonne « {column} » existe déjà (fichier déjà traité ?) ; retirez-la ou renommez-la",
        path.display()
    )]
    ExistingColumn { path: PathBuf, column: String },
    #[error("{}: écriture impossible : {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}
