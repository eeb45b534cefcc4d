//! `quartiers diff`: what a file would change against the published version (features added,
//! removed, modified; îlots, operations, equipment and actions entering or leaving a perimeter),
//! with its validation report. Changes nothing; exits 1 when the file would be refused.

use std::process::ExitCode;

use super::import::{render, SourceArgs};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    source: SourceArgs,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let store = args.source.store.open()?;
    let outcome = args.source.prepare(store.as_ref(), false, "")?;
    if args.source.json {
        println!("{}", serde_json::to_string_pretty(&outcome)?);
    } else {
        print!("{}", render(&outcome));
    }
    Ok(if outcome.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
