//! Where the data live and which territories to load: shared by the subcommands that load data.

use std::path::PathBuf;

use geodata::catalog::Catalog;

#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// Data directory holding `france/` and `territories/<slug>/`.
    #[arg(long, env = "QUARTIERS_DATA", default_value = "data")]
    pub data: PathBuf,
    /// Load only this territory (repeat for several); default: every territory found.
    #[arg(long = "territory", value_name = "SLUG")]
    pub territories: Vec<String>,
}

impl DataArgs {
    /// Loads the catalog, printing warnings to stderr.
    pub fn load(&self) -> super::Result<Catalog> {
        let (catalog, report) = Catalog::load(&self.data, &self.territories)?;
        for issue in &report.issues {
            eprintln!("{issue}");
        }
        Ok(catalog)
    }
}
