//! `quartiers territory init`: a new territory from an EPCI's SIREN and the commune contours
//! a GIS team already has. The member communes come from the national reference bundled in
//! `data/france/`, the contours from the given files (any format and CRS GDAL reads), the QPVs
//! from the national layer; the territory is written as a directory (`--data`) or created in a
//! store (`--store`), where a running server and its replicas pick it up at their next reload.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use geodata::france::{France, CONTOURS_FILE};
use geodata::layer::{Feature, Layer};
use geodata::model::{GeometryPrecision, Perimeter};
use geodata::national::National;
use geodata::new_territory::{
    bundled_contours, draft, hosting_qpv, Contour, Draft, DraftOptions, BUNDLED_NOTE,
    BUNDLED_PRECISION, BUNDLED_REASON,
};
use geodata::reference::{Epci, Reference, REFERENCE_FILE};
use store::territory_init::{layers, read_contours, write_dir, ContourFile, ContourOptions};
use store::{LayerId, NewTerritory, Store};

use super::store_args::author;

mod batch;

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
#[command(group(clap::ArgGroup::new("which").required(true).args(["epci", "all", "departement"])))]
struct InitArgs {
    /// SIREN of the EPCI (9 digits, e.g. 200043396 for CA Maubeuge Val de Sambre).
    #[arg(long, value_name = "SIREN")]
    epci: Option<String>,
    /// Every EPCI hosting at least one QPV of the national layer (344), skipping those
    /// already there (same SIREN or slug) unless --force; one summary at the end.
    #[arg(long)]
    all: bool,
    /// The EPCIs hosting a QPV in a commune of this département (59, 2A, 974), as --all.
    #[arg(long, value_name = "CODE")]
    departement: Option<String>,
    /// A file of commune contours (Shapefile, zipped or not, GeoPackage, GeoJSON...); repeat
    /// for several départements. Communes are matched on their INSEE code. Without it, the
    /// contours bundled in data/france/ are used (IGN 2018, simplified: approximate).
    #[arg(long = "communes", value_name = "FICHIER")]
    communes: Vec<PathBuf>,
    /// Data directory: read `france/` (reference, national QPV), write `territories/<slug>/`.
    #[arg(long, env = "QUARTIERS_DATA", default_value = "data")]
    data: PathBuf,
    /// Directory name of the territory; default: from the EPCI's name.
    #[arg(long, conflicts_with_all = ["all", "departement"])]
    slug: Option<String>,
    /// Create the territory in this store (GeoPackage path or postgresql:// URL) instead of
    /// writing a directory: a running server serves it without a restart.
    #[arg(long)]
    store: Option<String>,
    /// Replace a territory of the same slug (with --all: recreate the existing ones).
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
    /// Precision of the --communes contours: exact (official full resolution) or approximate
    /// (generalised). The bundled contours are approximate.
    #[arg(long, default_value = "exact", value_parser = ["exact", "approximate"])]
    precision: String,
    /// Why the --communes contours have that precision (French), written into every commune.
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

/// What every territory of a run shares: the national layers, the contours, where to write.
struct Context<'a> {
    args: &'a InitArgs,
    national: Layer<Perimeter>,
    contours: ContourSet,
    store: Option<Box<dyn Store>>,
}

/// The commune contours of a run and where they come from.
struct ContourSet {
    shapes: Shapes,
    files: Vec<ContourFile>,
    /// The code fields read, for the error naming them.
    code_fields: String,
    /// What the store versions name as their source, and its fingerprint.
    source_name: String,
    sha256: String,
    precision: GeometryPrecision,
    reason: Option<String>,
    /// Where they come from, their precision and vintage, for `territory.toml` and the report.
    note: Option<String>,
}

/// The contours themselves.
enum Shapes {
    /// Those of the --communes files, by INSEE code.
    Given(HashMap<String, Vec<Contour>>),
    /// Those bundled in `data/france/` (2018, simplified): the user gave no file.
    Bundled(Box<France>),
}

impl ContourSet {
    /// The contours given with --communes, or the bundled ones without it.
    fn new(args: &InitArgs, france_dir: &Path) -> super::Result<Self> {
        if args.communes.is_empty() {
            Self::bundled(france_dir)
        } else {
            Self::given(args)
        }
    }

    /// The contours given with --communes.
    fn given(args: &InitArgs) -> super::Result<Self> {
        let read = read_contours(
            &args.communes,
            &ContourOptions {
                code_field: args.code_field.clone(),
                source_layer: args.source_layer.clone(),
                s_srs: args.s_srs.clone(),
                cite_under: Some(args.data.join("sources").join("raw")),
            },
        )?;
        let code_fields: Vec<&str> = read.files.iter().map(|f| f.champ_code.as_str()).collect();
        let code_fields = code_fields.join(", ");
        let mut by_code: HashMap<String, Vec<Contour>> = HashMap::new();
        for c in read.contours {
            by_code.entry(c.insee.clone()).or_default().push(c);
        }
        Ok(Self {
            shapes: Shapes::Given(by_code),
            files: read.files,
            code_fields,
            source_name: file_names(&args.communes),
            sha256: fingerprints(&args.communes)?,
            precision: GeometryPrecision::from_code(&args.precision)
                .unwrap_or(GeometryPrecision::Exact),
            reason: args.motif.clone(),
            note: None,
        })
    }

    /// The contours bundled in `france_dir` (`data/france/communes_contours.tsv.gz`).
    fn bundled(france_dir: &Path) -> super::Result<Self> {
        let path = france_dir.join(CONTOURS_FILE);
        if !path.is_file() {
            return Err(format!(
                "pas de --communes et pas de contours communaux fournis ({} absent) : donnez les contours des communes avec --communes FICHIER",
                path.display()
            )
            .into());
        }
        let (france, report) = France::load(france_dir);
        if report.has_errors() || france.contour_report().has_errors() {
            return Err(format!(
                "références nationales de {} refusées :\n{report}{}",
                france_dir.display(),
                france.contour_report()
            )
            .into());
        }
        Ok(Self {
            shapes: Shapes::Bundled(Box::new(france)),
            files: Vec::new(),
            code_fields: format!("insee_com de {CONTOURS_FILE}"),
            source_name: format!(
                "{CONTOURS_FILE} (contours 2018 simplifiés fournis avec Quartiers)"
            ),
            sha256: store::import::open::fingerprint(&path)?,
            precision: BUNDLED_PRECISION,
            reason: Some(BUNDLED_REASON.to_string()),
            note: Some(BUNDLED_NOTE.to_string()),
        })
    }

    /// What the JSON report says of them: source, precision, vintage.
    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "source": self.source_name,
            "precision_geometrie": self.precision.code(),
            "fournis": matches!(self.shapes, Shapes::Bundled(_)),
            "note": self.note.as_deref().map(|n| n.replace('\n', " ")),
        })
    }

    /// The contours of `epci`'s members and of their former communes.
    fn of(&self, epci: &Epci) -> Vec<Contour> {
        match &self.shapes {
            Shapes::Given(by_code) => epci
                .communes
                .iter()
                .flat_map(|c| std::iter::once(&c.insee).chain(&c.former_codes))
                .filter_map(|code| by_code.get(code))
                .flatten()
                .cloned()
                .collect(),
            Shapes::Bundled(france) => bundled_contours(france, epci),
        }
    }
}

fn init(args: InitArgs) -> super::Result<ExitCode> {
    let france = args.data.join("france");
    let reference = Reference::load(&france)?;
    let single = match &args.epci {
        Some(siren) => Some(find_epci(&reference, siren, &france)?),
        None => None,
    };
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
    let contours = ContourSet::new(&args, &france)?;
    let ctx = Context {
        args: &args,
        national,
        contours,
        store,
    };
    match single {
        Some(epci) => {
            let slug = args.slug.clone().unwrap_or_else(|| epci.default_slug());
            let (draft, written) = create(&ctx, epci, slug)?;
            if args.json {
                let value = serde_json::json!({
                    "ecrit_dans": written,
                    "fichiers": ctx.contours.files,
                    "contours": ctx.contours.json(),
                    "territoire": draft.summary,
                });
                println!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                print!("{}", report_text(&draft, &ctx.contours, &written));
            }
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let targets = hosting_qpv(&reference, &ctx.national, args.departement.as_deref());
            if targets.is_empty() {
                return Err(format!(
                    "aucun EPCI du référentiel ({}) n'accueille un QPV de la couche nationale{} : vérifiez le code du département (59, 2A, 974)",
                    france.join(REFERENCE_FILE).display(),
                    args.departement
                        .as_deref()
                        .map(|d| format!(" dans le département « {d} »"))
                        .unwrap_or_default()
                )
                .into());
            }
            batch::run(&ctx, &targets)
        }
    }
}

fn find_epci<'r>(reference: &'r Reference, siren: &str, france: &Path) -> super::Result<&'r Epci> {
    let siren = siren.trim();
    if siren.len() != 9 || !siren.chars().all(|c| c.is_ascii_digit()) {
        return Err(
            format!("--epci « {siren} » : un SIREN a 9 chiffres (par exemple 200043396)").into(),
        );
    }
    reference.epci(siren).ok_or_else(|| {
        format!(
            "SIREN {siren} absent du référentiel des EPCI ({}, {} EPCI à fiscalité propre, COG @etalab/decoupage-administratif) : vérifiez le SIREN de l'EPCI (pas celui d'une commune)",
            france.join(REFERENCE_FILE).display(),
            reference.epcis.len()
        )
        .into()
    })
}

/// Drafts the territory of `epci` under `slug` and writes it (a directory or the store);
/// returns the draft and where it went.
fn create(ctx: &Context<'_>, epci: &Epci, slug: String) -> super::Result<(Draft, String)> {
    let args = ctx.args;
    let c = &ctx.contours;
    let draft = draft(
        epci,
        &c.of(epci),
        &ctx.national,
        &DraftOptions {
            slug,
            precision: c.precision,
            reason: c.reason.clone(),
            attribution: args.attribution.clone(),
            contours_note: c.note.clone(),
        },
        &c.code_fields,
    )?;
    let layers = layers(&draft)?;
    let written = match &ctx.store {
        Some(store) => {
            let versions = store.create_territory(&NewTerritory {
                slug: draft.manifest.slug.clone(),
                name: draft.manifest.name.clone(),
                manifest: draft.manifest_text.clone(),
                layers,
                author: author(args.author.clone()),
                source_name: c.source_name.clone(),
                sha256: c.sha256.clone(),
                comment: format!(
                    "territoire créé par quartiers territory init (EPCI {})",
                    epci.siren
                ),
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
    Ok((draft, written))
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

fn report_text(draft: &Draft, contours: &ContourSet, written: &str) -> String {
    let s = &draft.summary;
    let mut out = format!(
        "Territoire « {} » ({}, SIREN {}) écrit dans {written}\n",
        s.slug, s.epci_name, s.epci_siren
    );
    if let Some(note) = &contours.note {
        out.push_str(&format!("{}\n", note.replace('\n', " ")));
    }
    for f in &contours.files {
        out.push_str(&format!(
            "  {} : couche « {} », {}, champ « {} », {} contour(s) lu(s)\n",
            f.fichier, f.couche, f.scr, f.champ_code, f.entites
        ));
    }
    out.push_str(&format!(
        "{} communes membres : {} avec contour, {} sans contour\n",
        s.commune_count,
        s.communes_found.len(),
        s.communes_missing.len()
    ));
    for c in &s.communes_found {
        let mut notes = Vec::new();
        if c.file_codes.len() > 1 {
            notes.push(format!(
                "contour reconstitué à partir des communes {} du fichier (fusionnées depuis)",
                c.file_codes.join(", ")
            ));
        }
        if let Some(name) = &c.file_name {
            notes.push(format!("nommée « {name} » dans le fichier"));
        }
        if c.repaired {
            notes.push("contour invalide réparé".into());
        }
        if !notes.is_empty() {
            out.push_str(&format!(
                "  {} {} : {}\n",
                c.insee_com,
                c.name,
                notes.join(" ; ")
            ));
        }
    }
    for c in &s.communes_missing {
        out.push_str(&format!(
            "  sans contour : {} {} (écrite sans géométrie, précision « commune » ; quartiers validate le signale)\n",
            c.insee_com, c.name
        ));
    }
    out.push_str(&format!("{} QPV de la couche nationale :\n", s.qpv.len()));
    for q in &s.qpv {
        out.push_str(&format!(
            "  {} {} ({})\n",
            q.code,
            q.name,
            q.insee_com.join(", ")
        ));
    }
    out.push_str(&format!(
        "Couches vides à remplir avec quartiers import : operations, equipements, centralites, corridors, ilots, actions.\nEmprise : {:?}\n",
        s.bbox
    ));
    out
}
