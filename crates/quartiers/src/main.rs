//! `quartiers`: the command line. Parses arguments, dispatches each subcommand to one
//! function, prints errors in French with the file, feature and field they concern.

mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("erreur : {err:#}");
            ExitCode::from(2)
        }
    }
}
