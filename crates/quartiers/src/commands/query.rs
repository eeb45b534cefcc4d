//! `quartiers query`: what concerns a point, an îlot or a polygon, in French or as JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use geodata::cost::AreaBudget;
use geodata::impacts::{AnswerParts, AnswerView, Answerer, Detail, Place, Selection};
use geodata::model::{DatePrecision, FuzzyDate};
use geodata::place::{read_area, DrawnArea};

use super::data_args::DataArgs;
use super::render_text::render;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("place").required(true).args(["lon", "polygon", "ilot", "quartier", "commune", "contrat"])))]
pub struct Args {
    /// Longitude (WGS84, degrees).
    #[arg(long, requires = "lat", allow_negative_numbers = true)]
    lon: Option<f64>,
    /// Latitude (WGS84, degrees).
    #[arg(long, requires = "lon", allow_negative_numbers = true)]
    lat: Option<f64>,
    /// A GeoJSON file holding a Polygon or MultiPolygon (geometry, Feature or a
    /// FeatureCollection of one), in WGS84: checked and repaired as `POST /impacts` does.
    #[arg(long)]
    polygon: Option<PathBuf>,
    /// The id of an îlot of a loaded territory.
    #[arg(long)]
    ilot: Option<String>,
    /// The code of a quartier: a QPV or veille perimeter of a territory, or any QPV of the
    /// national layer (`QN07401M`).
    #[arg(long)]
    quartier: Option<String>,
    /// The INSEE code of a commune of France (or arrondissement municipal).
    #[arg(long)]
    commune: Option<String>,
    /// The code of a contrat de ville (`CN07401I`).
    #[arg(long)]
    contrat: Option<String>,
    /// Print the answer as JSON.
    #[arg(long)]
    json: bool,
    /// `resume` (default): what is here in full, the commune's and the territory's items
    /// counted; `complet`: every item, every field.
    #[arg(long, default_value = "resume", value_parser = parse_detail)]
    detail: Detail,
    /// Judge statuses stale or current on this day (`2026-12-07`) instead of today: a status
    /// older than the territory's freshness threshold is said « à vérifier ».
    #[arg(long, value_parser = parse_day)]
    date_reference: Option<FuzzyDate>,
    #[command(flatten)]
    data: DataArgs,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let catalog = args.data.load()?;
    let parts = match args.date_reference {
        Some(day) => AnswerParts::new_on(&catalog, day),
        None => AnswerParts::new(&catalog),
    };
    let answerer = Answerer::new(&catalog, &parts);
    let report = if let (Some(lon), Some(lat)) = (args.lon, args.lat) {
        answerer.impacts(&Place::point(lon, lat)?)
    } else if let Some(path) = &args.polygon {
        let DrawnArea { area, warnings } = read_polygon(path)?;
        let mut report = answerer.impacts(&Place::Area(area));
        // A repaired polygon says so in the answer, as POST /impacts does.
        report.warnings.extend(warnings);
        report
    } else if let Some(id) = &args.ilot {
        answerer.impacts_for_ilot(id).ok_or_else(|| {
            let known: Vec<String> = catalog
                .territories
                .iter()
                .flat_map(|t| t.ilots.features().iter().map(|f| f.props.id.clone()))
                .collect();
            format!(
                "îlot « {id} » inconnu ; îlots chargés : {}",
                known.join(", ")
            )
        })?
    } else if let Some(code) = &args.quartier {
        answerer.impacts_for_quartier(code).ok_or_else(|| {
            format!("quartier « {code} » inconnu : ni périmètre d'un territoire chargé, ni QPV de la couche nationale")
        })?
    } else if let Some(insee) = &args.commune {
        answerer
            .impacts_for_commune(insee)
            .ok_or_else(|| format!("commune « {insee} » inconnue : ni dans un territoire chargé, ni dans le code officiel géographique 2026 (data/france/communes.tsv.gz)"))?
    } else if let Some(code) = &args.contrat {
        answerer.impacts_for_contract(code).ok_or_else(|| {
            format!(
                "contrat de ville « {code} » inconnu (data/france/contrats_ville.tsv.gz les liste)"
            )
        })?
    } else {
        unreachable!("clap requires a place")
    };
    let text = if args.json {
        AnswerView::new(&report, args.detail, &Selection::default()).to_json_pretty() + "\n"
    } else {
        render(&report, args.detail)
    };
    // A closed pipe (`| head`) is the reader's choice, not an error.
    match std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_day(s: &str) -> Result<FuzzyDate, String> {
    match s.parse::<FuzzyDate>() {
        Ok(day) if day.precision == DatePrecision::Day => Ok(day),
        _ => Err(format!("« {s} » : un jour, AAAA-MM-JJ")),
    }
}

fn parse_detail(s: &str) -> Result<Detail, String> {
    Detail::from_code(s).ok_or_else(|| format!("« {s} » : resume ou complet"))
}

/// The drawn area of `path`, read by the same rules as `POST /impacts` (`geodata::place`):
/// and within the server's default `[budgets.geometry]`: refused with the file's name, or
/// repaired with the warning the answer carries.
fn read_polygon(path: &Path) -> super::Result<DrawnArea> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("{}: lecture impossible : {e}", path.display()))?;
    read_area(&bytes, &AreaBudget::default(), &|| false)
        .map_err(|e| format!("{}: polygone refusé : {e}", path.display()).into())
}
