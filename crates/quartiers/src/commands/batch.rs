//! `quartiers batch`: geocodes a CSV of addresses offline and adds the match and the QPV
//! columns (same as `POST /batch`).

use geodata::impacts::{AnswerParts, Answerer};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use geocoder::batch::{Batch, BatchParams, SCORE_MIN};
use geocoder::Geocoder;

use super::data_args::DataArgs;
use super::import_addresses::AddressArgs;
use super::write_file;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The CSV of addresses (UTF-8, Latin-1 or UTF-16, `;`, tab or `,`, at most 50,000 rows).
    input: PathBuf,
    /// Where to write the result (the same columns, then the added ones): a CSV, or an Excel
    /// workbook when the name ends in `.xlsx` (typed cells and a « Légende » sheet).
    #[arg(short, long)]
    output: PathBuf,
    /// A column making up the address (repeat, in order); default: every column.
    #[arg(long = "columns", value_name = "COLUMN")]
    columns: Vec<String>,
    /// A column holding the postcode, used as a filter.
    #[arg(long)]
    postcode: Option<String>,
    /// A column holding the INSEE code, used as a filter.
    #[arg(long)]
    citycode: Option<String>,
    /// A column holding the longitude (WGS84; with --lat): rows are then located by their
    /// coordinates, not geocoded.
    #[arg(long, requires = "lat", value_name = "COLUMN")]
    lon: Option<String>,
    /// A column holding the latitude (with --lon).
    #[arg(long, requires = "lon", value_name = "COLUMN")]
    lat: Option<String>,
    #[command(flatten)]
    addresses: AddressArgs,
    #[command(flatten)]
    data: DataArgs,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let bytes = std::fs::read(&args.input)
        .map_err(|e| format!("{}: lecture impossible : {e}", args.input.display()))?;
    let params = BatchParams {
        columns: args.columns.clone(),
        postcode: args.postcode.clone(),
        citycode: args.citycode.clone(),
        lon: args.lon.clone(),
        lat: args.lat.clone(),
    };
    let batch = Batch::prepare(&args.input.display().to_string(), &bytes, &params)?;
    let catalog = args.data.load()?;
    let geocoder = Geocoder::open(&args.addresses.dir, &catalog)?;
    let parts = AnswerParts::new(&catalog);
    let answerer = Answerer::new(&catalog, &parts);
    if batch.needs_geocoder() && geocoder.addresses().is_none() {
        return Err(format!(
            "{}: aucune adresse importée ; lancez d'abord `quartiers addresses download` (ou `quartiers import-addresses adresses-<dép>.csv.gz`)",
            args.addresses.dir.display()
        )
        .into());
    }
    let write_error =
        |e: std::io::Error| format!("{}: écriture impossible : {e}", args.output.display());
    let xlsx = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        let bytes = geocoder::batch::xlsx::workbook(&batch, &geocoder, answerer).map_err(|e| {
            format!(
                "{}: classeur impossible à écrire : {e}",
                args.output.display()
            )
        })?;
        write_file::atomically(&args.output, &bytes).map_err(write_error)?;
        eprintln!(
            "{} lignes écrites dans {}",
            batch.len(),
            args.output.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    // Written beside the target and renamed, so a failure never leaves half a file.
    let tmp = write_file::partial_path(&args.output);
    let file = std::fs::File::create(&tmp).map_err(write_error)?;
    let mut out = std::io::BufWriter::new(file);
    out.write_all(&batch.header()).map_err(write_error)?;
    let mut uncertain = 0usize;
    for i in 0..batch.len() {
        let (line, status) = batch.row(i, &geocoder, answerer);
        if status != "ok" {
            uncertain += 1;
        }
        out.write_all(&line).map_err(write_error)?;
    }
    out.flush().map_err(write_error)?;
    drop(out);
    std::fs::rename(&tmp, &args.output).map_err(write_error)?;
    eprintln!(
        "{} lignes écrites dans {} ; {uncertain} à vérifier (score < {SCORE_MIN}, adresse incertaine ou non trouvée)",
        batch.len(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
