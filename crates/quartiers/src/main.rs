//! `quartiers`: the command line. Parses arguments, dispatches each subcommand to one
//! function, prints errors in French with the file, feature and field they concern.

mod commands;

use std::process::ExitCode;

use clap::Parser;

/// jemalloc instead of glibc's malloc: under load, each publish builds a new snapshot (some
/// 30 MB of index, answers and tiles) on whichever thread reloads while the old one is freed on
/// the threads that last used it, and glibc keeps the freed pages in its per-thread arenas:
/// RSS grew by 110 % after two publishes and a rollback under 64 connections, against 13 %
/// with jemalloc, which returns unused pages to the system after a few seconds
/// (benches/RESULTS.md, soak).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
