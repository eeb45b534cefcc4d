//! A row of the versions table.

use serde::Serialize;

/// One published version of one layer of one territory. A rollback is a version too: it
/// points to the data of the version it restores, so the history only grows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// Unique across the store, increasing with time.
    #[serde(rename = "numero")]
    pub number: u64,
    #[serde(rename = "territoire")]
    pub territory: String,
    #[serde(rename = "couche")]
    pub layer: String,
    #[serde(rename = "auteur")]
    pub author: String,
    /// RFC 3339, UTC.
    pub date: String,
    /// File name of the imported source (no directory).
    #[serde(rename = "fichier_source")]
    pub source_name: String,
    pub sha256: String,
    #[serde(rename = "nb_entites")]
    pub feature_count: u64,
    #[serde(rename = "commentaire")]
    pub comment: String,
    /// The table holding the features (shared by a rollback with the version it restores).
    #[serde(rename = "table_donnees")]
    pub table: String,
    /// For a rollback, the version it restored.
    #[serde(rename = "retour_a")]
    pub rollback_of: Option<u64>,
    /// The name of the admin credential that made it (`[[admin.tokens]]`, or `admin` for the
    /// instance-wide `token_hash`); `None` for the command line and the versions made before
    /// credentials were recorded.
    #[serde(rename = "jeton")]
    pub credential: Option<String>,
}

impl Version {
    /// One line for a listing.
    pub fn line(&self) -> String {
        let what = match self.rollback_of {
            Some(n) => format!("retour à la version {n}"),
            None => format!("{} ({} entités)", self.source_name, self.feature_count),
        };
        let comment = if self.comment.is_empty() {
            String::new()
        } else {
            format!(" — {}", self.comment)
        };
        let credential = match &self.credential {
            Some(name) => format!(" [jeton {name}]"),
            None => String::new(),
        };
        format!(
            "{:>4}  {}  {}/{}  {}{credential}  {what}{comment}",
            self.number, self.date, self.territory, self.layer, self.author
        )
    }
}
