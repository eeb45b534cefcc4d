//! The download proper: which départements, each file fetched and read (the read is the check:
//! gzip integrity, the BAN's header, every row), its rows compared with the index it would
//! replace, then one index of them all written beside the current one and renamed over it. Any
//! failure names the département and the URL and leaves the current index serving.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use geocoder::{Index, IndexBuilder};
use geodata::catalog::territory_dirs;
use geodata::manifest::Manifest;

use super::fetch::fetch;
use super::BAN_URL;
use crate::commands::data_args::DataArgs;
use crate::commands::import_addresses::AddressArgs;

/// What an answer credits for the downloaded addresses: the BAN, Licence Ouverte 2.0.
const ATTRIBUTION: &str = "BAN";
const LICENCE: &str = "ETALAB-2.0";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Département to download (`74`, `2A`, `971`); repeat for several. Default: the
    /// départements of the loaded territories' member communes.
    #[arg(long = "departement", value_name = "DEP")]
    departements: Vec<String>,
    /// Where the files are: a URL in which `{dep}` stands for the département (a mirror).
    #[arg(long, env = "QUARTIERS_BAN_URL", default_value = BAN_URL, value_name = "MODELE")]
    url: String,
    /// Replace the index even when a département has fewer than half the rows it had.
    #[arg(long)]
    force: bool,
    /// Do nothing when a readable index exists (scripts/serve.sh's first run; an index of an
    /// older format is downloaded anew).
    #[arg(long)]
    if_missing: bool,
    /// Downloaded files, kept to ask the server next time whether they changed (default:
    /// `telechargements/` in the address index's directory).
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    #[command(flatten)]
    addresses: AddressArgs,
    #[command(flatten)]
    data: DataArgs,
}

pub fn run(args: Args) -> crate::commands::Result<ExitCode> {
    let started = Instant::now();
    if !args.url.contains("{dep}") {
        return Err(format!(
            "--url / QUARTIERS_BAN_URL : « {} » ne contient pas {{dep}}, la place du code du département (modèle par défaut : {BAN_URL})",
            args.url
        )
        .into());
    }
    let departements = match args.departements.is_empty() {
        true => territory_departements(&args.data)?,
        false => args
            .departements
            .iter()
            .map(|d| checked_departement(d))
            .collect::<Result<BTreeSet<_>, _>>()?,
    };
    if departements.is_empty() {
        return Err(format!(
            "aucun territoire dans {} : indiquez les départements avec --departement 74",
            args.data.data.join("territories").display()
        )
        .into());
    }
    let dir = &args.addresses.dir;
    let cache = args
        .cache
        .clone()
        .unwrap_or_else(|| dir.join("telechargements"));
    std::fs::create_dir_all(&cache)
        .map_err(|e| format!("{} : création impossible : {e}", cache.display()))?;
    // The index a download replaces: its rows per département are the yardstick of a file.
    let current = Index::load(dir).ok().flatten();
    if let (true, Some(index)) = (args.if_missing, &current) {
        println!(
            "{} adresses déjà chargées dans {} : rien à télécharger",
            index.address_count(),
            dir.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let before = current
        .map(|index| index.rows_by_departement())
        .unwrap_or_default();

    let mut builder = IndexBuilder::new();
    let mut sources = Vec::new();
    for dep in &departements {
        let url = args.url.replace("{dep}", dep);
        let fail = |why: String| format!("département {dep} ({url}) : {why}");
        let name = format!("adresses-{dep}.csv.gz");
        let got = fetch(&url, &cache.join(&name), &format!("département {dep}")).map_err(fail)?;
        let rows = match read(&got.path, &mut builder) {
            Ok(rows) => rows,
            Err(why) => {
                got.discard();
                return Err(fail(why).into());
            }
        };
        if let Some(&had) = before.get(dep.as_str()) {
            if rows.saturating_mul(2) < had && !args.force {
                got.discard();
                return Err(fail(format!(
                    "{rows} lignes seulement, contre {had} dans l'index actuel (moins de la moitié) : fichier incomplet ? L'index actuel reste en place ; --force pour le remplacer quand même"
                ))
                .into());
            }
        }
        got.keep().map_err(|e| {
            fail(format!(
                "mise en cache impossible dans {} : {e}",
                cache.display()
            ))
        })?;
        if got.unchanged {
            println!("département {dep} : inchangé depuis le dernier téléchargement ({url}), {rows} lignes");
        } else {
            println!(
                "département {dep} : {} téléchargés en {:.1} s ({url}), {rows} lignes",
                size(got.bytes),
                got.seconds
            );
        }
        sources.push(name);
    }
    let list = departements.iter().cloned().collect::<Vec<_>>().join(", ");
    let index = builder.finish(sources).with_source(ATTRIBUTION, LICENCE);
    let path = index.save(dir).map_err(|e| {
        format!("index des départements {list} non écrit : {e} ; l'index précédent reste en place")
    })?;
    let written = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "{} adresses dans {} voies et lieux-dits (départements {list} ; Base Adresse Nationale, Licence Ouverte 2.0) : index {} ({}) écrit en {:.1} s",
        index.address_count(),
        index.docs().len(),
        path.display(),
        size(written),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// `12.3 Mo`, `45 ko`: a size as a French reader reads it.
fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} Mo", bytes as f64 / 1e6)
    } else {
        format!("{} ko", bytes.div_ceil(1000))
    }
}

/// Reads a downloaded file into `builder`: refuses a web page, then lets the BAN reader check
/// the gzip stream to its end, the header and every row.
fn read(path: &Path, builder: &mut IndexBuilder) -> Result<u64, String> {
    let head = std::fs::File::open(path)
        .and_then(|f| BufReader::new(f).fill_buf().map(|b| b.to_vec()))
        .map_err(|e| format!("{} : lecture impossible : {e}", path.display()))?;
    let text = String::from_utf8_lossy(&head[..head.len().min(512)]).to_ascii_lowercase();
    if text.trim_start().starts_with('<') {
        return Err(
            "page web (HTML) reçue au lieu du fichier CSV gzippé de la BAN : l'adresse est-elle la bonne ?"
                .into(),
        );
    }
    geocoder::ban::read_file(path, builder, &mut |_| {})
        .map_err(|e| format!("fichier refusé (tronqué, corrompu ou d'un autre format) : {e}"))
}

/// A département code as the BAN names its files: `01`…`95` (not `20`), `2A`, `2B`, `971`…`976`.
fn checked_departement(text: &str) -> Result<String, String> {
    let code = text.trim().to_ascii_uppercase();
    let ok = match code.as_bytes() {
        [b'2', b'A' | b'B'] => true,
        [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
            !matches!(code.as_str(), "00" | "20") && code.as_str() <= "95"
        }
        [b'9', b'7', b'1'..=b'6'] => true,
        _ => false,
    };
    if ok {
        Ok(code)
    } else {
        Err(format!(
            "--departement « {text} » : code de département attendu (01 à 95, 2A, 2B, 971 à 976)"
        ))
    }
}

/// The départements of the member communes of the loaded territories.
fn territory_departements(data: &DataArgs) -> Result<BTreeSet<String>, String> {
    let mut out = BTreeSet::new();
    for dir in territory_dirs(&data.data, &data.territories).map_err(|e| e.to_string())? {
        let path = dir.join("territory.toml");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{} : lecture impossible : {e}", path.display()))?;
        let manifest = Manifest::parse(&text).map_err(|e| format!("{} : {e}", path.display()))?;
        out.extend(
            manifest
                .communes
                .iter()
                .map(|c| geocoder::index::departement(&c.insee)),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::checked_departement;

    #[test]
    fn departement_codes_as_the_ban_names_its_files() {
        for ok in ["74", "01", "2a", "2B", "971", "976", "95"] {
            assert!(checked_departement(ok).is_ok(), "{ok}");
        }
        for bad in ["20", "00", "96", "977", "7", "740", "../etc", "2C", ""] {
            assert!(checked_departement(bad).is_err(), "{bad}");
        }
    }
}
