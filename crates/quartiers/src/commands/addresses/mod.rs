//! `quartiers addresses download`: the Base Adresse Nationale's département files fetched,
//! checked and indexed in one command, so that a fresh install finds addresses.
//!
//! HTTP lives here (the CLI) and in the server, never in the geocoder crate: [`fetch`] gets one
//! file into the cache (conditional requests), [`download`] checks what it got and builds the
//! index, which replaces the current one only when complete.

mod download;
mod fetch;

use std::process::ExitCode;

/// The BAN's published département files; `{dep}` is the département code (`74`, `2A`, `971`).
pub const BAN_URL: &str =
    "https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/adresses-{dep}.csv.gz";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Download the BAN files of the loaded territories' départements (or of --departement),
    /// check them and replace the address index with them.
    Download(download::Args),
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    match args.command {
        Command::Download(args) => download::run(args),
    }
}
