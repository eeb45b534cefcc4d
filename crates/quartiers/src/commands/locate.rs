//! `quartiers locate IN.csv`: a CSV of coordinates written back with, for every row, its QPV,
//! the verdict (dedans / dehors / en_limite), the distance to the edge, and how many operations
//! and actions concern the point. The coordinate twin of the address batch.
//!
//! The whole input is read and checked before the data are loaded or anything is written: a
//! malformed file is refused with its line, and changes nothing. A row whose coordinates cannot
//! be read gets a message in its `erreur` column instead.

mod columns;
mod error;
mod table;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use geodata::catalog::Catalog;
use geodata::impacts::{AnswerParts, Answerer, Place};

use super::data_args::DataArgs;
pub use error::LocateError;
use table::{Column, Table};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// CSV file with a header row, separated by `;`, tab or `,`, in UTF-8, Latin-1 or UTF-16.
    input: PathBuf,
    /// Output CSV (default: standard output), in the input's separator and line endings.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Column holding the longitude (WGS84 degrees; `6.24` or `6,24`).
    #[arg(long, default_value = "lon")]
    lon_col: String,
    /// Column holding the latitude (WGS84 degrees).
    #[arg(long, default_value = "lat")]
    lat_col: String,
    #[command(flatten)]
    data: DataArgs,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let bytes = std::fs::read(&args.input).map_err(|source| LocateError::Read {
        path: args.input.clone(),
        source,
    })?;
    let table = table::read(&args.input, &bytes)?;
    let (lon, lat) = coordinate_columns(&args.input, &table, &args.lon_col, &args.lat_col)?;
    let catalog = args.data.load()?;
    let located = locate(&catalog, &table, lon, lat);
    let output_name = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("<sortie standard>"));
    let write_error = |source| LocateError::Write {
        path: output_name.clone(),
        source,
    };
    let bytes = table::write(&table, &columns::ADDED, located.iter().cloned());
    match &args.output {
        Some(path) => std::fs::write(path, &bytes).map_err(write_error)?,
        None => match std::io::stdout().lock().write_all(&bytes) {
            // A reader that stops early (`| head`) is not an error of ours.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.map_err(write_error)?,
        },
    }
    eprint!("{}", summary(&args.input, &table, &located));
    Ok(ExitCode::SUCCESS)
}

/// The indices of the longitude and latitude columns; refuses inputs that already hold an
/// added column, so a processed file is not processed again by mistake.
fn coordinate_columns(
    path: &Path,
    table: &Table,
    lon_col: &str,
    lat_col: &str,
) -> Result<(usize, usize), LocateError> {
    for added in columns::ADDED {
        if table::column(&table.headers, added) != Column::Missing {
            return Err(LocateError::ExistingColumn {
                path: path.to_path_buf(),
                column: added.to_string(),
            });
        }
    }
    let find = |name: &str, flag: &'static str| match table::column(&table.headers, name) {
        Column::At(i) => Ok(i),
        Column::Missing => Err(LocateError::MissingColumn {
            path: path.to_path_buf(),
            column: name.to_string(),
            flag,
            available: table.headers.iter().collect::<Vec<_>>().join(", "),
        }),
        Column::Repeated => Err(LocateError::DuplicateColumn {
            path: path.to_path_buf(),
            column: name.to_string(),
        }),
    };
    Ok((find(lon_col, "--lon-col")?, find(lat_col, "--lat-col")?))
}

/// The added fields of every row, in order.
fn locate(
    catalog: &Catalog,
    table: &Table,
    lon: usize,
    lat: usize,
) -> Vec<[String; columns::COUNT]> {
    let parts = AnswerParts::new(catalog);
    let answerer = Answerer::new(catalog, &parts);
    let header = |i: usize| table.headers.get(i).unwrap_or_default().trim();
    table
        .rows
        .iter()
        .map(|row| {
            let field = |i: usize| row.record.get(i).unwrap_or_default();
            match geocoder::batch::parse_point(header(lon), field(lon), header(lat), field(lat)) {
                Ok(point) => columns::located(&answerer.impacts(&Place::Point(point))),
                Err(message) => columns::failed(&message),
            }
        })
        .collect()
}

/// Counts per verdict, and the first row errors with their line.
fn summary(path: &Path, table: &Table, located: &[[String; columns::COUNT]]) -> String {
    let count = |verdict: &str| {
        located
            .iter()
            .filter(|f| f[columns::VERDICT] == verdict)
            .count()
    };
    let errors: Vec<(u64, &str)> = table
        .rows
        .iter()
        .zip(located)
        .filter(|(_, f)| !f[columns::ERROR].is_empty())
        .map(|(row, f)| (row.line, f[columns::ERROR].as_str()))
        .collect();
    let mut text = format!(
        "{} : {} ligne(s) : {} dedans, {} en limite, {} dehors, {} en erreur\n",
        path.display(),
        located.len(),
        count("dedans"),
        count("en_limite"),
        count("dehors"),
        errors.len()
    );
    const SHOWN: usize = 5;
    for (line, message) in errors.iter().take(SHOWN) {
        text.push_str(&format!("{}, ligne {line}, {message}\n", path.display()));
    }
    if errors.len() > SHOWN {
        text.push_str(&format!(
            "… et {} autre(s) : voir la colonne « erreur »\n",
            errors.len() - SHOWN
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    /// The bundled data (national QPV and Annemasse Agglo), loaded once.
    fn catalog() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
            Catalog::load(&data, &[]).expect("bundled data").0
        })
    }

    fn run_on(text: &str) -> Result<Vec<Vec<String>>, LocateError> {
        let path = Path::new("points.csv");
        let table = table::read(path, text.as_bytes())?;
        let (lon, lat) = coordinate_columns(path, &table, "lon", "lat")?;
        let located = locate(catalog(), &table, lon, lat);
        let bytes = table::write(&table, &columns::ADDED, located.iter().cloned());
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(table.dialect.delimiter)
            .from_reader(bytes.as_slice());
        Ok(reader
            .records()
            .map(|r| r.expect("own output").iter().map(str::to_string).collect())
            .collect())
    }

    #[test]
    fn locates_real_places_and_keeps_every_input_column() {
        let rows = run_on(
            "nom;lon;lat\n\
             Le Perrier;6,2438;46,1856\n\
             Chambéry centre;5.9178;45.5646\n\
             Marseille, 3e arrondissement;5.38346;43.3114\n\
             Saint-Denis (La Réunion), Le Chaudron;55.49056;-20.89325\n",
        )
        .expect("valid input");
        // Le Perrier (Annemasse): inside QN07401M, with its NPNRU operations and actions.
        let perrier = &rows[0];
        assert_eq!(&perrier[..3], ["Le Perrier", "6,2438", "46,1856"]);
        assert_eq!(perrier[3], "QN07401M");
        assert_eq!(perrier[5], "dedans");
        assert!(perrier[6].parse::<f64>().expect("distance") > 15.0);
        assert_eq!(perrier[7], "oui");
        // Its commune and contrat de ville, from the national references.
        assert_eq!(
            perrier[8..12],
            [
                "74012",
                "Annemasse",
                "CN07401I",
                "74 - CA Annemasse-Les Voirons-Agglomération"
            ]
        );
        assert!(perrier[12].parse::<usize>().expect("operations") > 5);
        assert!(perrier[13].parse::<usize>().expect("actions") > 50);
        assert_eq!(perrier[14], "");
        // Chambéry's old town: no QPV, no territory loaded; its commune, and its EPCI's
        // contract.
        let chambery = &rows[1];
        assert_eq!(&chambery[3..6], ["", "", "dehors"]);
        assert_eq!(&chambery[7..10], ["non", "73065", "Chambéry"]);
        assert!(chambery[10].starts_with("CN073"), "{chambery:?}");
        assert_eq!(&chambery[12..], ["0", "0", ""]);
        // QPV outside every loaded territory, in Marseille and in La Réunion.
        assert_eq!(
            rows[2][3..6],
            ["QN01332M", "Centre Ville 3e Arrondissement", "dedans"]
        );
        assert_eq!(rows[2][12..14], ["0", "0"]);
        assert_eq!(rows[3][3..6], ["QN97458M", "Le Chaudron", "dedans"]);
    }

    #[test]
    fn points_near_an_edge_are_en_limite_on_both_sides() {
        // The territory's own outline answers inside Annemasse Agglo.
        let qpv = catalog()
            .territories
            .iter()
            .flat_map(|t| t.perimeters.features())
            .find(|f| f.props.code == "QN07401M")
            .expect("Le Perrier");
        let polygon = match &qpv.geometry {
            geo::Geometry::Polygon(p) => p,
            geo::Geometry::MultiPolygon(mp) => &mp.0[0],
            other => panic!("a QPV is polygonal, not {other:?}"),
        };
        // Points 5 m inside and 5 m outside the middle of the longest exterior edge.
        let (a, b) = polygon
            .exterior()
            .lines()
            .map(|l| (l.start, l.end))
            .max_by(|x, y| {
                let len = |(a, b): &(geo::Coord, geo::Coord)| (b.x - a.x).hypot(b.y - a.y);
                len(x).total_cmp(&len(y))
            })
            .expect("a ring has edges");
        let mid = geo::Coord {
            x: (a.x + b.x) / 2.0,
            y: (a.y + b.y) / 2.0,
        };
        let frame = geodata::local_frame::LocalFrame::at(mid.into());
        let d = frame.project(b) - frame.project(a);
        let len = d.x.hypot(d.y);
        // Exterior rings run counter-clockwise: the interior is on the left of a→b.
        let left = geo::Coord {
            x: -d.y / len,
            y: d.x / len,
        };
        let at = |metres: f64| frame.unproject(left * metres);
        let inside = at(5.0);
        let outside = at(-5.0);
        let rows = run_on(&format!(
            "lon,lat\n{},{}\n{},{}\n",
            inside.x, inside.y, outside.x, outside.y
        ))
        .expect("valid input");
        assert_eq!(rows[0][2..4], ["QN07401M", qpv.props.name.as_str()]);
        assert_eq!(rows[0][4], "en_limite");
        assert_eq!(rows[0][6], "oui");
        assert_eq!(rows[1][2], "QN07401M");
        assert_eq!(rows[1][4], "en_limite");
        assert_eq!(rows[1][6], "non");
        for row in &rows {
            let edge: f64 = row[5].parse().expect("edge distance");
            assert!((edge - 5.0).abs() < 1.0, "{row:?}");
        }
    }

    #[test]
    fn bad_rows_get_an_error_and_the_others_are_located() {
        let rows =
            run_on("id,lon,lat\n1,abc,46.18\n2,6.2438\n3,6.2438,46.1856\n4,949000,6570000\n")
                .expect("valid file");
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[0][14],
            "colonne « lon » : « abc » n'est pas un nombre décimal"
        );
        assert!(rows[0][3..14].iter().all(String::is_empty), "{:?}", rows[0]);
        assert_eq!(rows[1][14], "colonne « lat » : latitude absente");
        assert_eq!(rows[2][5], "dedans");
        assert!(rows[3][14].contains("Lambert 93"), "{:?}", rows[3]);
    }

    #[test]
    fn file_level_problems_are_refused_with_file_and_column() {
        let err = run_on("x,y\n6.2,46.1\n").expect_err("no lon column");
        assert_eq!(
            err.to_string(),
            "points.csv: colonne « lon » absente de l'en-tête (x, y) ; indiquez la bonne avec --lon-col"
        );
        let err = run_on("lon,lat,verdict\n6.2,46.1,x\n").expect_err("already processed");
        assert!(
            matches!(err, LocateError::ExistingColumn { ref column, .. } if column == "verdict")
        );
        let err = run_on("lon,lat,LAT\n6.2,46.1,1\n").expect_err("ambiguous");
        assert!(matches!(err, LocateError::DuplicateColumn { .. }));
    }

    #[test]
    fn summary_counts_verdicts_and_names_error_lines() {
        let path = Path::new("points.csv");
        let table = table::read(path, b"lon,lat\n6.2438,46.1856\nx,1\n").expect("valid");
        let located = locate(catalog(), &table, 0, 1);
        assert_eq!(
            summary(path, &table, &located),
            "points.csv : 2 ligne(s) : 1 dedans, 0 en limite, 0 dehors, 1 en erreur\n\
             points.csv, ligne 3, colonne « lon » : « x » n'est pas un nombre décimal\n"
        );
    }
}
