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
    #[error("{}, ligne {line} : texte non UTF-8 ; enregistrez le fichier en UTF-8", path.display())]
    NotUtf8 { path: PathBuf, line: u64 },
    #[error("{}: fichier vide ; une ligne d'en-tête nommant les colonnes est attendue", path.display())]
    Empty { path: PathBuf },
    #[error("{}, ligne {line} : CSV illisible : {message}", path.display())]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error(
        "{}, ligne {line} : {fields} champs alors que l'en-tête en a {expected} (séparateur « {delimiter} ») ; \
         une valeur contenant le séparateur doit être entre guillemets",
        path.display()
    )]
    TooManyFields {
        path: PathBuf,
        line: u64,
        fields: usize,
        expected: usize,
        delimiter: char,
    },
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
