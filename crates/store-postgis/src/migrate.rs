//! Schema migrations: the SQL files of `migrations/`, embedded at build time and applied in
//! order by refinery, which records them in `refinery_schema_history`.

use postgres::NoTls;
use store::Result;

use crate::db::display_url;

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// Applies the migrations not applied yet; returns their names (`V1__schema`).
pub fn migrate(url: &str) -> Result<Vec<String>> {
    let location = display_url(url);
    let mut client =
        postgres::Client::connect(url, NoTls).map_err(|e| crate::db::error(&location, &e))?;
    let report = embedded::migrations::runner()
        .run(&mut client)
        .map_err(|e| crate::db::other(&location, format!("migration refusée : {e}")))?;
    Ok(report
        .applied_migrations()
        .iter()
        .map(|m| format!("V{}__{}", m.version(), m.name()))
        .collect())
}

/// The version of the latest migration this binary embeds.
pub(crate) fn latest() -> i64 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0)
}
