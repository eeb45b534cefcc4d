//! `quartiers import`: reads a layer from any vector format GDAL reads, validates it against
//! the published territory, shows the differences, and keeps it for `quartiers publish` (or
//! publishes it at once with `--publish`). Exits 1 when the file is refused.

use std::path::PathBuf;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use store::addresses::{AddressChanges, AddressSource};
use store::import::{FieldMapping, ImportLimits, ImportOptions};
use store::workflow::{prepare, ImportRequest, Outcome};
use store::{Credential, LayerId, Store};

use super::import_addresses::AddressArgs;
use super::store_args::{author, StoreArgs};

/// Sources with more features than this get a progress bar.
const PROGRESS_FROM: u64 = 5_000;

/// Addresses listed per perimeter and direction in the text report (`--json` lists all).
const ADDRESSES_SHOWN: usize = 10;

/// What to read and how: shared with `quartiers diff`.
#[derive(Debug, clap::Args)]
pub struct SourceArgs {
    /// Territory slug (`annemasse-agglo`), or `france` for the national QPV layer.
    #[arg(long)]
    pub territory: String,
    /// Layer: qpv, perimetres, operations, equipements, centralites, corridors, ilots,
    /// communes, territoires, actions.
    #[arg(long)]
    pub layer: LayerId,
    /// The source: Shapefile (.shp or zipped), GeoPackage, GeoJSON, FlatGeobuf, KML, CSV
    /// with a WKT column; actions as a JSON array.
    pub path: PathBuf,
    /// The layer to read in a multi-layer source (GeoPackage).
    #[arg(long)]
    pub source_layer: Option<String>,
    /// Source CRS when the file has none or a wrong one (`EPSG:2154`).
    #[arg(long = "s-srs", value_name = "SCR")]
    pub s_srs: Option<String>,
    /// DBF encoding of a Shapefile without .cpg (`ISO-8859-1`, `UTF-8`).
    #[arg(long)]
    pub encoding: Option<String>,
    /// Source field to layer field (`--map code_qp=code`); repeat as needed.
    #[arg(long = "map", value_name = "SOURCE=CHAMP")]
    pub map: Vec<String>,
    /// Value of a field the source lacks (`--set type=qpv`); repeat as needed.
    #[arg(long = "set", value_name = "CHAMP=VALEUR")]
    pub set: Vec<String>,
    /// A TOML mapping file ([fields] source = "champ", [values] champ = valeur).
    #[arg(long, value_name = "FICHIER.toml")]
    pub mapping: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// The BAN index: when present, a redrawn perimeter lists the addresses entering and
    /// leaving it.
    #[command(flatten)]
    pub addresses: AddressArgs,
}

/// The bounds of one import: those of the server's configuration file when given (its
/// `[import]` section, as `POST /admin/import` applies them), each overridden by its flag.
#[derive(Debug, clap::Args)]
pub struct LimitArgs {
    /// The server's TOML configuration: its `[import]` bounds apply here too.
    #[arg(long, env = "QUARTIERS_CONFIG", value_name = "FICHIER.toml")]
    pub config: Option<PathBuf>,
    /// `[import] max_uncompressed_mb`: a zip's members once inflated, in MiB.
    #[arg(long, value_name = "MIO")]
    pub max_uncompressed_mb: Option<u64>,
    /// `[import] max_members`: files in a zip.
    #[arg(long, value_name = "N")]
    pub max_members: Option<usize>,
    /// `[import] max_features`: features of the source.
    #[arg(long, value_name = "N")]
    pub max_features: Option<u64>,
    /// `[import] max_vertices_per_feature`: vertices of one feature.
    #[arg(long, value_name = "N")]
    pub max_vertices_per_feature: Option<u64>,
    /// `[import] max_vertices`: vertices of all the features together.
    #[arg(long, value_name = "N")]
    pub max_vertices: Option<u64>,
}

impl LimitArgs {
    pub fn resolve(&self) -> super::Result<ImportLimits> {
        let mut limits = match &self.config {
            Some(path) => {
                server::Config::from_file(path)
                    .map_err(|e| e.to_string())?
                    .import
            }
            None => ImportLimits::default(),
        };
        let set = |bound: &mut u64, flag: Option<u64>| *bound = flag.unwrap_or(*bound);
        set(&mut limits.max_uncompressed_mb, self.max_uncompressed_mb);
        set(&mut limits.max_features, self.max_features);
        set(
            &mut limits.max_vertices_per_feature,
            self.max_vertices_per_feature,
        );
        set(&mut limits.max_vertices, self.max_vertices);
        limits.max_members = self.max_members.unwrap_or(limits.max_members);
        Ok(limits)
    }
}

impl SourceArgs {
    pub fn options(&self) -> super::Result<ImportOptions> {
        let mut mapping = match &self.mapping {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: lecture impossible : {e}", path.display()))?;
                FieldMapping::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))?
            }
            None => FieldMapping::default(),
        };
        for pair in &self.map {
            mapping.add_field(pair)?;
        }
        for pair in &self.set {
            mapping.add_value(pair)?;
        }
        Ok(ImportOptions {
            source_layer: self.source_layer.clone(),
            s_srs: self.s_srs.clone(),
            encoding: self.encoding.clone(),
            mapping,
            limits: self.limits.resolve()?,
        })
    }

    /// Runs the workflow, with a progress bar on large sources.
    pub fn prepare(&self, store: &dyn Store, stage: bool, author: &str) -> super::Result<Outcome> {
        let options = self.options()?;
        // Only perimeters have addresses entering or leaving them: don't load the index else.
        let addresses = if self.layer == LayerId::Perimetres {
            geocoder::Index::load(&self.addresses.dir)
                .map_err(|e| format!("{}: {e}", self.addresses.dir.display()))?
        } else {
            None
        };
        let request = ImportRequest {
            territory: &self.territory,
            layer: self.layer,
            path: &self.path,
            source_name: None,
            options: &options,
            author,
            addresses: addresses.as_ref().map(|a| a as &dyn AddressSource),
        };
        let mut bar: Option<ProgressBar> = None;
        let mut progress = |done: u64, total: u64| {
            if total < PROGRESS_FROM {
                return;
            }
            let bar = bar.get_or_insert_with(|| {
                let b = ProgressBar::new(total);
                if let Ok(style) =
                    ProgressStyle::with_template("{bar:40} {pos}/{len} entités ({eta})")
                {
                    b.set_style(style);
                }
                b
            });
            bar.set_position(done);
        };
        let outcome = prepare(store, &request, stage, &mut progress)?;
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        Ok(outcome)
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    source: SourceArgs,
    /// Publish at once when the file is valid.
    #[arg(long)]
    publish: bool,
    /// Comment of the version (with --publish).
    #[arg(long, default_value = "")]
    comment: String,
    /// Author of the import (default: QUARTIERS_AUTHOR, else the login name).
    #[arg(long, env = "QUARTIERS_AUTHOR")]
    author: Option<String>,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let store = args.source.store.open()?;
    let author = author(args.author);
    let outcome = args.source.prepare(store.as_ref(), true, &author)?;
    let published = match (args.publish, outcome.import) {
        (true, Some(id)) => Some(store.publish(id, &args.comment, Credential::LOCAL)?),
        _ => None,
    };
    if args.source.json {
        let mut value = serde_json::to_value(&outcome)?;
        if let (Some(v), Some(map)) = (&published, value.as_object_mut()) {
            map.insert("version".into(), serde_json::to_value(v)?);
        }
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        print!("{}", render(&outcome));
        match (&published, outcome.import) {
            (Some(v), _) => println!("Publiée : version {} ({}/{}).", v.number, v.territory, v.layer),
            (None, Some(id)) => println!(
                "Import n°{id} validé, non publié : publiez-le avec « quartiers publish {id} --comment \"…\" »."
            ),
            (None, None) => println!("Fichier refusé : rien n'a changé dans le magasin."),
        }
    }
    Ok(if outcome.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The report and the diff in French, for a terminal.
pub fn render(o: &Outcome) -> String {
    let mut out = String::new();
    let crs = o
        .crs
        .as_deref()
        .map(|c| format!(" ({c} → WGS84)"))
        .unwrap_or_default();
    out.push_str(&format!(
        "{}{crs} → {}/{} : {} entité(s)\n",
        o.source_name, o.territory, o.layer, o.feature_count
    ));
    for issue in &o.report.issues {
        out.push_str(&format!("{issue}\n"));
    }
    out.push_str(&format!(
        "Rapport : {} erreur(s), {} avertissement(s).\n",
        o.errors, o.warnings
    ));
    let Some(d) = &o.diff else {
        return out;
    };
    match o.base_version {
        Some(n) => out.push_str(&format!("Différences avec la version publiée {n} :\n")),
        None => out.push_str("Aucune version publiée : tout est nouveau.\n"),
    }
    let area = |a: Option<f64>| a.map_or("—".to_string(), |a| format!("{a:.0} m²"));
    for (what, features) in [("+ ajoutée", &d.added), ("− supprimée", &d.removed)] {
        for f in features {
            out.push_str(&format!(
                "  {what} : {} {} ({}, {} sommets)\n",
                f.id,
                f.nom,
                area(f.surface_m2),
                f.sommets
            ));
        }
    }
    for m in &d.modified {
        let mut line = format!(
            "  ~ modifiée : {} {} : champs {}",
            m.id,
            m.nom,
            m.champs.join(", ")
        );
        if let Some(g) = &m.geometrie {
            let change = match (g.surface_avant_m2, g.surface_apres_m2) {
                (Some(a), Some(b)) if a > 0.0 => format!(" ({:+.1} %)", (b - a) / a * 100.0),
                _ => String::new(),
            };
            line.push_str(&format!(
                " ; surface {} → {}{change}, sommets {} → {}",
                area(g.surface_avant_m2),
                area(g.surface_apres_m2),
                g.sommets_avant,
                g.sommets_apres
            ));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&format!("  = {} inchangée(s)\n", d.unchanged));
    if !d.consequences.is_empty() {
        out.push_str("Conséquences :\n");
        for c in &d.consequences {
            let mut parts = Vec::new();
            if !c.entre_dans.is_empty() {
                parts.push(format!("entre dans {}", c.entre_dans.join(", ")));
            }
            if !c.sort_de.is_empty() {
                parts.push(format!("sort de {}", c.sort_de.join(", ")));
            }
            out.push_str(&format!(
                "  {} {} ({}) : {}\n",
                c.couche,
                c.id,
                c.nom,
                parts.join(" ; ")
            ));
        }
    }
    if let Some(a) = &d.addresses {
        out.push_str(&render_addresses(a));
    }
    for note in &d.notes {
        out.push_str(&format!("Remarque : {note}\n"));
    }
    out
}

/// The addresses entering and leaving each perimeter: counts, then the first few.
fn render_addresses(a: &AddressChanges) -> String {
    let mut out = format!(
        "Adresses : {} examinée(s) autour des périmètres modifiés (sur {} chargées)",
        a.examined, a.loaded
    );
    if a.perimeters.is_empty() {
        out.push_str(" ; aucune n'entre ni ne sort d'un périmètre.\n");
        return out;
    }
    out.push_str(" :\n");
    for p in &a.perimeters {
        out.push_str(&format!(
            "  {} : {} entrée(s), {} sortie(s)\n",
            p.perimeter, p.nb_entrees, p.nb_sorties
        ));
        for (sign, list) in [("+ entre", &p.entrees), ("− sort", &p.sorties)] {
            for address in list.iter().take(ADDRESSES_SHOWN) {
                out.push_str(&format!(
                    "    {sign} : {} ({})\n",
                    address.label, address.id
                ));
            }
            if list.len() > ADDRESSES_SHOWN {
                out.push_str(&format!(
                    "    … et {} autre(s) (liste complète avec --json)\n",
                    list.len() - ADDRESSES_SHOWN
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use store::diff::{Diff, FeatureSummary};

    #[test]
    fn the_diff_lists_added_and_removed_features() {
        let feature = |id: &str, area| FeatureSummary {
            id: id.into(),
            nom: format!("Quartier {id}"),
            surface_m2: area,
            sommets: 12,
        };
        let outcome = Outcome {
            territory: "annemasse-agglo".into(),
            layer: "perimetres".into(),
            source_name: "perimetres.gpkg".into(),
            sha256: String::new(),
            crs: None,
            feature_count: 2,
            errors: 0,
            warnings: 0,
            report: Default::default(),
            base_version: Some(3),
            diff: Some(Diff {
                added: vec![feature("QN07499M", Some(1234.4))],
                removed: vec![feature("QN07401M", None)],
                modified: Vec::new(),
                unchanged: 0,
                consequences: Vec::new(),
                addresses: None,
                notes: Vec::new(),
            }),
            import: Some(4),
        };
        let text = render(&outcome);
        assert!(
            text.contains("Différences avec la version publiée 3 :\n"),
            "{text}"
        );
        assert!(
            text.contains("  + ajoutée : QN07499M Quartier QN07499M (1234 m², 12 sommets)\n"),
            "{text}"
        );
        assert!(
            text.contains("  − supprimée : QN07401M Quartier QN07401M (—, 12 sommets)\n"),
            "{text}"
        );
    }
}
