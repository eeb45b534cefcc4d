//! Why an input file is refused by the batch: it cannot be read as a table
//! ([`crate::csv_table`]), or its columns do not fit the parameters.

pub use crate::csv_table::TableError;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(
        "{name}: colonne « {column} » (paramètre {param}) {} dans l'en-tête ({available})",
        if *repeated { "présente plusieurs fois" } else { "absente" }
    )]
    Column {
        name: String,
        column: String,
        param: &'static str,
        repeated: bool,
        available: String,
    },
    #[error("{name}: la colonne « {column} » existe déjà (fichier déjà traité ?) ; retirez-la ou renommez-la")]
    Existing { name: String, column: String },
    #[error("{name}: les paramètres lon et lat vont ensemble : nommez la colonne de longitude et celle de latitude")]
    Coordinates { name: String },
}
