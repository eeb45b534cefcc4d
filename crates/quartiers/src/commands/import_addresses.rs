//! `quartiers import-addresses`: loads BAN CSV files into the address index.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use geocoder::IndexBuilder;
use indicatif::{ProgressBar, ProgressStyle};

/// Where the address index lives: shared by the subcommands that search addresses.
#[derive(Debug, Clone, clap::Args)]
pub struct AddressArgs {
    /// Directory of the address index (separate from the SIG store).
    #[arg(
        long = "addresses",
        env = "QUARTIERS_ADDRESSES",
        default_value = "data/addresses"
    )]
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// BAN CSV files (`adresses-<dep>.csv.gz`, `;`-separated, gzipped or not). Together they
    /// replace the index.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Who published the files, credited by every answer (`attribution`).
    #[arg(long, default_value = "BAN")]
    attribution: String,
    /// Their licence, stated by every answer (`licence`; `ETALAB-2.0`: Licence Ouverte 2.0).
    #[arg(long, default_value = "ETALAB-2.0")]
    licence: String,
    #[command(flatten)]
    addresses: AddressArgs,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let started = Instant::now();
    let mut sizes = Vec::new();
    for p in &args.paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| format!("{}: lecture impossible : {e}", p.display()))?;
        sizes.push(meta.len());
    }
    let bar = ProgressBar::new(sizes.iter().sum());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta} restantes)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let mut builder = IndexBuilder::new();
    let mut done = 0u64;
    let mut rows = 0u64;
    for (path, size) in args.paths.iter().zip(&sizes) {
        bar.set_message(
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        rows += geocoder::ban::read_file(path, &mut builder, &mut |read| {
            bar.set_position(done + read.min(*size));
        })?;
        done += size;
    }
    bar.set_message("indexation");
    let sources = args
        .paths
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let index = builder
        .finish(sources)
        .with_source(&args.attribution, &args.licence);
    let path = index.save(&args.addresses.dir)?;
    bar.finish_and_clear();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "{rows} lignes lues, {} adresses dans {} voies et lieux-dits ; index {} ({:.1} Mo) écrit en {:.1} s",
        index.address_count(),
        index.docs().len(),
        path.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
