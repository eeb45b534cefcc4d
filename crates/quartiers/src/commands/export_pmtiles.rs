//! `quartiers export-pmtiles`: the tiles the server serves, written once into a PMTiles
//! archive that a static host or a CDN can serve (HTTP range requests, no tile server).

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

use geo::BoundingRect;
use indicatif::{ProgressBar, ProgressStyle};
use server::Snapshot;
use tiles::{write_pmtiles, ArchiveOptions};

use super::data_args::DataArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataArgs,
    /// The archive to write (replaced if it exists).
    #[arg(short, long, value_name = "FILE.pmtiles")]
    output: PathBuf,
    /// Lowest zoom level.
    #[arg(long, default_value_t = 0)]
    min_zoom: u8,
    /// Highest zoom level (at most 18); maps over-zoom beyond it.
    #[arg(long, default_value_t = 14)]
    max_zoom: u8,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let catalog = args.data.load()?;
    // With --territory, the archive covers those territories; otherwise every feature,
    // the national QPV layer included.
    let area = if args.data.territories.is_empty() {
        None
    } else {
        let outlines: geo::MultiPolygon<f64> = catalog
            .territories
            .iter()
            .filter_map(|t| t.boundary.extent())
            .map(|r| r.to_polygon())
            .collect();
        outlines
            .bounding_rect()
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
    };
    // The server's own snapshot: same tiles, and the data version its ETags carry.
    let snapshot = Snapshot::new(catalog);
    let options = ArchiveOptions {
        min_zoom: args.min_zoom,
        max_zoom: args.max_zoom,
        area,
        metadata: serde_json::Map::from_iter([(
            "quartiers_version".to_string(),
            snapshot.version.clone().into(),
        )]),
    };
    let file = File::create(&args.output)
        .map_err(|e| format!("{} : création impossible : {e}", args.output.display()))?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("zoom {msg} [{bar:30}] {pos}/{len} tuiles")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let summary = write_pmtiles(
        &snapshot.tiles,
        &options,
        BufWriter::new(file),
        |z, done, total| {
            if done == 1 {
                bar.set_message(z.to_string());
                bar.set_length(total as u64);
            }
            bar.set_position(done as u64);
        },
    )
    .map_err(|e| format!("{} : {e}", args.output.display()))?;
    bar.finish_and_clear();
    println!(
        "{} : {} tuiles (zooms {} à {}), version des données {}",
        args.output.display(),
        summary.tiles,
        args.min_zoom,
        args.max_zoom,
        snapshot.version
    );
    Ok(ExitCode::SUCCESS)
}
