//! `quartiers territory init`: a new territory from an EPCI's SIREN and the commune contours
//! a GIS team already has. The member communes come from the national reference bundled in
//! `data/france/`, the contours from the given files (any format and CRS GDAL reads), the QPVs
//! from the national layer; the territory is written as a directory (`--data`) or created in a
//! store (`--store`), where a running server and its replicas pick it up at their next reload.

use std::path::PathBuf;
use std::process::ExitCode;

use geodata::layer::{Feature, Layer};
use geodata::model::{GeometryPrecision, Perimeter};
use geodata::national::National;
use geodata::new_territory::{draft, Draft, DraftOptions};
use geodata::reference::{Reference, REFERENCE_FILE};
use store::territory_init::{layers, read_contours, write_dir, ContourFile, ContourOptions};
use store::{LayerId, NewTerritory, Store};

use super::store_args::author;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Subcommand,
}

#[derive(Debug, clap::Subcommand)]
enum Subcommand {
    /// Create a territory from its EPCI's SIREN and the commune contours (IGN ADMIN EXPRESS or
    /// any file GDAL reads): manifest, communes, boundary, QPVs, empty layers to import into.
    Init(InitArgs),
}

#[derive(Debug, clap::Args)]
struct InitArgs {
    /// SIREN of the EPCI (9 digits, e.g. 200043396 for CA Maubeuge Val de Sambre).
    #[arg(long, value_name = "SIREN")]
    epci: String,
    /// A file of commune contours (Shapefile, zipped or not, GeoPackage, GeoJSON...); repeat
    /// for several départements. Communes are matched on their INSEE code.
    #[arg(long = "communes", value_name = "FICHIER", required = true)]
    communes: Vec<PathBuf>,
    /// Data directory: read `france/` (reference, national QPV), write `territories/<slug>/`.
    #[arg(long, env = "QUARTIERS_DATA", default_value = "data")]
    data: PathBuf,
    /// Directory name of the territory; default: from the EPCI's name.
    #[arg(long)]
    slug: Option<String>,
    /// Create the territory in this store (GeoPackage path or postgresql:// URL) instead of
    /// writing a directory: a running server serves it without a restart.
    #[arg(long)]
    store: Option<String>,
    /// Replace a territory of the same slug.
    #[arg(long)]
    force: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Field of the INSEE code (default: INSEE_COM, code_insee, codgeo, insee, code_com, code
    /// or com, case forgiven).
    #[arg(long)]
    code_field: Option<String>,
    /// Layer of a multi-layer file (default: the only one, or `commune`).
    #[arg(long)]
    source_layer: Option<String>,
    /// CRS of files that have none (`EPSG:2154`).
    #[arg(long = "s-srs", value_name = "SCR")]
    s_srs: Option<String>,
    /// Precision of the contours: exact (official full resolution) or approximate
    /// (generalised).
    #[arg(long, default_value = "exact", value_parser = ["exact", "approximate"])]
    precision: String,
    /// Why the contours have that precision (French), written into every commune.
    #[arg(long)]
    motif: Option<String>,
    /// Attribution line of the map; default: the producers of the reference, QPV and files.
    #[arg(long)]
    attribution: Option<String>,
    /// Author of the store versions (default: $USER).
    #[arg(long)]
    author: Option<String>,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    match args.command {
        Subcommand::Init(args) => init(args),
    }
}

fn init(args: InitArgs) -> super::Result<ExitCode> {
    let siren = args.epci.trim();
    if siren.len() != 9 || !siren.chars().all(|c| c.is_ascii_digit()) {
        return Err(
            format!("--epci « {siren} » : un SIREN a 9 chiffres (par exemple 200043396)").into(),
        );
    }
    let france = args.data.join("france");
    let reference = Reference::load(&france)?;
    let epci = reference.epci(siren).ok_or_else(|| {
        format!(
            "SIREN {siren} absent du référentiel des EPCI ({}, {} EPCI à fiscalité propre, COG @etalab/decoupage-administratif) : vérifiez le SIREN de l'EPCI (pas celui d'une commune)",
            france.join(REFERENCE_FILE).display(),
            reference.epcis.len()
        )
    })?;
    let store = match &args.store {
        Some(location) => Some(store_postgis::open_or_create(location, &args.data)?.0),
        None => None,
    };
    let national = match &store {
        Some(store) => national_from_store(store.as_ref())?,
        None => {
            let (national, report) = National::load(&france);
            if report.has_errors() {
                return Err(format!("couche nationale des QPV refusée :\n{report}").into());
            }
            national.qpv
        }
    };
    let contours = read_contours(
        &args.communes,
        &ContourOptions {
            code_field: args.code_field.clone(),
            source_layer: args.source_layer.clone(),
            s_srs: args.s_srs.clone(),
            cite_under: Some(args.data.join("sources").join("raw")),
        },
    )?;
    let slug = args.slug.clone().unwrap_or_else(|| epci.default_slug());
    let code_fields: Vec<&str> = contours
        .files
        .iter()
        .map(|f| f.champ_code.as_str())
        .collect();
    let draft = draft(
        epci,
        &contours.contours,
        &national,
        &DraftOptions {
            slug,
            precision: GeometryPrecision::from_code(&args.precision)
                .unwrap_or(GeometryPrecision::Exact),
            reason: args.motif.clone(),
            attribution: args.attribution.clone(),
        },
        &code_fields.join(", "),
    )?;
    let layers = layers(&draft)?;
    let written = match &store {
        Some(store) => {
            let versions = store.create_territory(&NewTerritory {
                slug: draft.manifest.slug.clone(),
                name: draft.manifest.name.clone(),
                manifest: draft.manifest_text.clone(),
                layers,
                author: author(args.author.clone()),
                source_name: file_names(&args.communes),
                sha256: fingerprints(&args.communes)?,
                comment: format!("territoire créé par quartiers territory init (EPCI {siren})"),
                replace: args.force,
            })?;
            let numbers: Vec<String> = versions.iter().map(|v| v.number.to_string()).collect();
            format!(
                "magasin {} (versions {})",
                store_postgis::StoreLocation::parse(args.store.as_deref().unwrap_or_default())
                    .display(),
                numbers.join(", ")
            )
        }
        None => write_dir(
            &args.data,
            &draft.manifest,
            &draft.manifest_text,
            &layers,
            args.force,
        )?
        .display()
        .to_string(),
    };
    if args.json {
        let value = serde_json::json!({
            "ecrit_dans": written,
            "fichiers": contours.files,
            "territoire": draft.summary,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        print!("{}", report_text(&draft, &contours.files, &written));
    }
    Ok(ExitCode::SUCCESS)
}

/// The national QPV layer as the store serves it.
fn national_from_store(store: &dyn Store) -> super::Result<Layer<Perimeter>> {
    let Some((_, data)) = store.current(store::layer_id::NATIONAL, LayerId::Qpv)? else {
        return Ok(Layer::new(Vec::new()));
    };
    let mut features = Vec::with_capacity(data.features.len());
    for f in data.features {
        let props: Perimeter = serde_json::from_value(serde_json::Value::Object(f.props))?;
        if let Some(geometry) = f.geometry {
            features.push(Feature { props, geometry });
        }
    }
    Ok(Layer::new(features))
}

fn file_names(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn fingerprints(paths: &[PathBuf]) -> super::Result<String> {
    let all: Vec<String> = paths
        .iter()
        .map(|p| store::import::open::fingerprint(p))
        .collect::<Result<_, _>>()?;
    Ok(all.join(","))
}

fn report_text(draft: &Draft, files: &[ContourFile], written: &str) -> String {
    let s = &draft.summary;
    let mut out = format!(
        "Territoire « {} » ({}, SIREN {}) écrit dans {written}\n",
        s.slug, s.epci_nom, s.epci_siren
    );
    for f in files {
        out.push_str(&format!(
            "  {} : couche « {} », {}, champ « {} », {} contour(s) lu(s)\n",
            f.fichier, f.couche, f.scr, f.champ_code, f.entites
        ));
    }
    out.push_str(&format!(
        "{} communes membres : {} avec contour, {} sans contour\n",
        s.nb_communes,
        s.communes_trouvees.len(),
        s.communes_sans_contour.len()
    ));
    for c in &s.communes_trouvees {
        let mut notes = Vec::new();
        if c.codes_fichier.len() > 1 {
            notes.push(format!(
                "contour reconstitué à partir des communes {} du fichier (fusionnées depuis)",
                c.codes_fichier.join(", ")
            ));
        }
        if let Some(name) = &c.nom_fichier {
            notes.push(format!("nommée « {name} » dans le fichier"));
        }
        if c.repare {
            notes.push("contour invalide réparé".into());
        }
        if !notes.is_empty() {
            out.push_str(&format!(
                "  {} {} : {}\n",
                c.insee_com,
                c.nom,
                notes.join(" ; ")
            ));
        }
    }
    for c in &s.communes_sans_contour {
        out.push_str(&format!(
            "  sans contour : {} {} (écrite sans géométrie, précision « commune » ; quartiers validate le signale)\n",
            c.insee_com, c.nom
        ));
    }
    out.push_str(&format!("{} QPV de la couche nationale :\n", s.qpv.len()));
    for q in &s.qpv {
        out.push_str(&format!(
            "  {} {} ({})\n",
            q.code,
            q.nom,
            q.insee_com.join(", ")
        ));
    }
    out.push_str(&format!(
        "Couches vides à remplir avec quartiers import : operations, equipements, centralites, corridors, ilots, actions.\nEmprise : {:?}\n",
        s.bbox
    ));
    out
}
