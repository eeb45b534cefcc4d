//! `quartiers build-national`: builds `data/france/qpv2024.geojson.gz` from the gazetteer
//! artifact, repairing invalid outlines (see `geodata::repair`).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use flate2::write::GzEncoder;
use flate2::Compression;
use geodata::national::{build_qpv_layer, QPV_FILE};
use geodata::read::read_text;
use geodata::report::Report;

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
    let tmp = path.with_extension("gz.tmp");
    {
        let mut out = GzEncoder::new(BufWriter::new(File::create(&tmp)?), Compression::best());
        out.write_all(json.as_bytes())?;
        out.write_all(b"\n")?;
        out.finish()?.flush()?;
    }
    std::fs::rename(&tmp, &path)?;
    for n in &notes {
        eprintln!(
            "réparé : {} ({}), surface {:+.3} %",
            n.code,
            n.problem,
            n.area_change * 100.0
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
