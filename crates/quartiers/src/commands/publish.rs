//! `quartiers publish N`: publishes a validated import as a new version, in one transaction.
//! A running server switches to it without a restart.

use std::process::ExitCode;

use store::Credential;

use super::store_args::{print_version, StoreArgs};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The import number given by `quartiers import`.
    import: u64,
    /// Why this version (shown by `quartiers versions`).
    #[arg(long, default_value = "")]
    comment: String,
    /// Print the new version as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    store: StoreArgs,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let version = args
        .store
        .open()?
        .publish(args.import, &args.comment, Credential::LOCAL)?;
    print_version(&version, args.json, "Publiée")
}
