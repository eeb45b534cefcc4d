//! `quartiers query`: what concerns a point, an îlot or a polygon, in French or as JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use geo::{MultiPolygon, Point};
use geodata::impacts::{
    impacts, impacts_for_commune, impacts_for_ilot, impacts_for_quartier, AnswerView, Detail,
    Place, Selection,
};

use super::data_args::DataArgs;
use super::render_text::render;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("place").required(true).args(["lon", "polygon", "ilot", "quartier", "commune"])))]
pub struct Args {
    /// Longitude (WGS84, degrees).
    #[arg(long, requires = "lat", allow_negative_numbers = true)]
    lon: Option<f64>,
    /// Latitude (WGS84, degrees).
    #[arg(long, requires = "lon", allow_negative_numbers = true)]
    lat: Option<f64>,
    /// A GeoJSON file holding a Polygon or MultiPolygon (geometry, Feature or the first
    /// feature of a FeatureCollection), in WGS84.
    #[arg(long)]
    polygon: Option<PathBuf>,
    /// The id of an îlot of a loaded territory.
    #[arg(long)]
    ilot: Option<String>,
    /// The code of a quartier: a QPV or veille perimeter of a territory, or any QPV of the
    /// national layer (`QN07401M`).
    #[arg(long)]
    quartier: Option<String>,
    /// The INSEE code of a member commune of a loaded territory.
    #[arg(long)]
    commune: Option<String>,
    /// Print the answer as JSON.
    #[arg(long)]
    json: bool,
    /// `resume` (default): what is here in full, the commune's and the territory's items
    /// counted; `complet`: every item, every field.
    #[arg(long, default_value = "resume", value_parser = parse_detail)]
    detail: Detail,
    #[command(flatten)]
    data: DataArgs,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let catalog = args.data.load()?;
    let report = if let (Some(lon), Some(lat)) = (args.lon, args.lat) {
        impacts(&catalog, &Place::Point(checked_point(lon, lat)?))
    } else if let Some(path) = &args.polygon {
        impacts(&catalog, &Place::Area(read_polygon(path)?))
    } else if let Some(id) = &args.ilot {
        impacts_for_ilot(&catalog, id).ok_or_else(|| {
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
        impacts_for_quartier(&catalog, code).ok_or_else(|| {
            format!("quartier « {code} » inconnu : ni périmètre d'un territoire chargé, ni QPV de la couche nationale")
        })?
    } else if let Some(insee) = &args.commune {
        impacts_for_commune(&catalog, insee)
            .ok_or_else(|| format!("commune « {insee} » inconnue des territoires chargés"))?
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

fn parse_detail(s: &str) -> Result<Detail, String> {
    Detail::from_code(s).ok_or_else(|| format!("« {s} » : resume ou complet"))
}

fn checked_point(lon: f64, lat: f64) -> super::Result<Point<f64>> {
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!("coordonnées hors bornes : longitude {lon} (−180 à 180), latitude {lat} (−90 à 90), en degrés WGS84").into());
    }
    Ok(Point::new(lon, lat))
}

fn read_polygon(path: &PathBuf) -> super::Result<MultiPolygon<f64>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: lecture impossible : {e}", path.display()))?;
    let geojson: geojson::GeoJson = text
        .parse()
        .map_err(|e| format!("{}: GeoJSON illisible : {e}", path.display()))?;
    let geometry = match geojson {
        geojson::GeoJson::Geometry(g) => Some(g),
        geojson::GeoJson::Feature(f) => f.geometry,
        geojson::GeoJson::FeatureCollection(fc) => {
            fc.features.into_iter().next().and_then(|f| f.geometry)
        }
    }
    .ok_or_else(|| format!("{}: aucune géométrie", path.display()))?;
    let problems = geodata::validate::geometry::raw_coordinates(&geometry.value);
    if !problems.is_empty() {
        return Err(format!("{}: {}", path.display(), problems.join(" ; ")).into());
    }
    match geo::Geometry::<f64>::try_from(geometry.value)
        .map_err(|e| format!("{}: {e}", path.display()))?
    {
        geo::Geometry::Polygon(p) => Ok(MultiPolygon(vec![p])),
        geo::Geometry::MultiPolygon(mp) => Ok(mp),
        other => Err(format!(
            "{}: un Polygon ou MultiPolygon est attendu, pas {}",
            path.display(),
            geometry_name(&other)
        )
        .into()),
    }
}

fn geometry_name(g: &geo::Geometry<f64>) -> &'static str {
    match g {
        geo::Geometry::Point(_) => "un Point",
        geo::Geometry::LineString(_) => "une LineString",
        _ => "ce type de géométrie",
    }
}
