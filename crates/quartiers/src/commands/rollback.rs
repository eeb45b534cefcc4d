//! `quartiers rollback N`: makes version N current again, as a new version (the history only
//! grows), in one transaction. A running server switches to it without a restart.

use std::process::ExitCode;

use store::Credential;

use super::store_args::{author, print_version, StoreArgs};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The version to restore (see `quartiers versions`).
    version: u64,
    /// Why (shown by `quartiers versions`).
    #[arg(long, default_value = "")]
    comment: String,
    /// Author of the rollback (default: QUARTIERS_AUTHOR, else the login name).
    #[arg(long, env = "QUARTIERS_AUTHOR")]
    author: Option<String>,
    /// Print the new version as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    store: StoreArgs,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let author = author(args.author);
    let version =
        args.store
            .open()?
            .rollback(args.version, &author, &args.comment, Credential::LOCAL)?;
    print_version(&version, args.json, "Retour effectué")
}
