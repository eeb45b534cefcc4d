//! `quartiers geocode`: search addresses and the dataset's places, or the nearest address to
//! a point; prints the API Adresse GeoJSON answer.

use std::process::ExitCode;

use geocoder::search::ResultType;
use geocoder::{Geocoder, SearchOptions};

use super::data_args::DataArgs;
use super::import_addresses::AddressArgs;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["query", "lon"])))]
pub struct Args {
    /// What to look for, as a person types it (« 4 rue emile combes 38400 saint martin d'heres »).
    query: Option<String>,
    /// Number of results.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=100))]
    limit: u16,
    /// Longitude: with a query, prefer results near the point; alone, the nearest addresses.
    #[arg(long, requires = "lat", allow_negative_numbers = true)]
    lon: Option<f64>,
    #[arg(long, requires = "lon", allow_negative_numbers = true)]
    lat: Option<f64>,
    /// Only results of this type: housenumber, street, locality, municipality, poi.
    #[arg(long = "type", value_parser = parse_type)]
    kind: Option<ResultType>,
    /// Only results with this postcode.
    #[arg(long)]
    postcode: Option<String>,
    /// Only results in this commune (INSEE code).
    #[arg(long)]
    citycode: Option<String>,
    #[command(flatten)]
    addresses: AddressArgs,
    #[command(flatten)]
    data: DataArgs,
}

fn parse_type(text: &str) -> Result<ResultType, String> {
    ResultType::from_code(text).ok_or_else(|| {
        format!(
            "type « {text} » inconnu ; attendu : housenumber, street, locality, municipality, poi"
        )
    })
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let catalog = args.data.load()?;
    let geocoder = Geocoder::open(&args.addresses.dir, &catalog)?;
    if geocoder.addresses().is_none() {
        eprintln!(
            "avertissement : aucune adresse importée dans {} ; seuls les lieux des données (quartiers, opérations, équipements, communes) sont cherchés. Téléchargez la Base Adresse Nationale avec `quartiers addresses download` (ou importez un fichier avec `quartiers import-addresses`).",
            args.addresses.dir.display()
        );
    }
    let bias = match (args.lon, args.lat) {
        (Some(lon), Some(lat)) => {
            geodata::place::checked_point(lon, lat)?;
            Some((lon, lat))
        }
        _ => None,
    };
    let answer = match (&args.query, bias) {
        (Some(q), _) => geocoder.search_collection(
            q,
            &SearchOptions {
                limit: usize::from(args.limit),
                autocomplete: true,
                bias,
                kind: args.kind,
                postcode: args.postcode.clone(),
                citycode: args.citycode.clone(),
            },
        ),
        (None, Some((lon, lat))) => geocoder.reverse(lon, lat, usize::from(args.limit)),
        (None, None) => unreachable!("clap requires a query or a point"),
    };
    println!("{}", serde_json::to_string_pretty(&answer)?);
    Ok(ExitCode::SUCCESS)
}
