//! `quartiers build-national`: builds `data/france/qpv2024.geojson.gz` from the gazetteer
//! artifact, repairing invalid outlines (see `geodata::repair`), and its SHA-256 beside it
//! (`qpv2024.geojson.gz.sha256`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use flate2::write::GzEncoder;
use flate2::Compression;
use geodata::national::{build_qpv_layer, checksum_line, QPV_CHECKSUM_FILE, QPV_FILE};
use geodata::read::read_text;
use geodata::report::Report;

use super::write_file;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The gazetteer artifact (`qpv.json.gz`, see data/sources/raw/SOURCES.md §1a).
    #[arg(long, default_value = "data/sources/raw/gazetteer/qpv.json.gz")]
    from: PathBuf,
    /// Output directory.
    #[arg(long, default_value = "data/france")]
    out: PathBuf,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let mut report = Report::default();
    let text = read_text(&args.from, &mut report).ok_or_else(|| report.to_string())?;
    let (features, notes) = build_qpv_layer(&args.from, &text)?;
    let json = geodata::write::to_feature_collection(&features)?;
    let path = args.out.join(QPV_FILE);
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(json.as_bytes())?;
    gz.write_all(b"\n")?;
    let bytes = gz.finish()?;
    // The checksum lets `National::load` trust the outlines validated here instead of
    // re-validating them at every start.
    write_file::atomically(&path, &bytes)?;
    write_file::atomically(
        &args.out.join(QPV_CHECKSUM_FILE),
        checksum_line(&bytes, QPV_FILE).as_bytes(),
    )?;
    for n in &notes {
        eprintln!(
            "réparé : {} ({}), surface {}",
            n.code,
            n.problem,
            geodata::repair::area_change_words(n.area_change, 3)
        );
    }
    eprintln!(
        "{} QPV écrits dans {}, dont {} réparés",
        features.len(),
        path.display(),
        notes.len()
    );
    Ok(ExitCode::SUCCESS)
}
