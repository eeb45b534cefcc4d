//! `quartiers extract-actions`: placeholder, owned by the extraction work.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> super::Result<ExitCode> {
    Err("pas encore disponible".into())
}
