//! `quartiers extract-actions`: reads the Annexe 2 action table of a Contrat de Ville text and
//! writes the territory's `actions.json`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use geodata::model::Action;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Contrat de Ville text (e.g. data/sources/documents/001_e16c5f7f8a2953c5.txt).
    pub path: PathBuf,
    /// Territory directory holding territory.toml (communes and programmes).
    #[arg(long)]
    pub territory: PathBuf,
    /// Output file; standard output when absent.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let text = read(&args.path)?;
    let manifest_path = args.territory.join("territory.toml");
    let manifest = extract::parse_manifest(&read(&manifest_path)?)
        .map_err(|e| format!("{} : {e}", manifest_path.display()))?;
    let actions = extract::extract_annexe2(&text, &manifest)
        .map_err(|e| format!("{} : {e}", args.path.display()))?;
    check_source(&args.path, &actions)?;

    let json = extract::to_json(&actions);
    match &args.output {
        Some(path) => fs::write(path, &json)
            .map_err(|e| format!("écriture impossible de {} : {e}", path.display()))?,
        None => std::io::stdout().lock().write_all(json.as_bytes())?,
    }
    eprintln!("{}", summary_fr(&actions));
    Ok(ExitCode::SUCCESS)
}

fn read(path: &Path) -> super::Result<String> {
    fs::read_to_string(path)
        .map_err(|e| format!("lecture impossible de {} : {e}", path.display()).into())
}

/// The actions name the manifest's source document: refuse to attribute them to it when
/// another file was read.
fn check_source(path: &Path, actions: &[Action]) -> super::Result<()> {
    let read_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match actions.first() {
        Some(action) if action.source.document != read_name => Err(format!(
            "{} n'est pas le document source déclaré par territory.toml pour le contrat de ville ({})",
            path.display(),
            action.source.document
        )
        .into()),
        _ => Ok(()),
    }
}

/// « 135 actions extraites — Populations fragilisées, … : 40 ; … ; total : 135 », pillars
/// in document order.
fn summary_fr(actions: &[Action]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for action in actions {
        match counts
            .iter_mut()
            .find(|(pillar, _)| *pillar == action.pillar)
        {
            Some((_, n)) => *n += 1,
            None => counts.push((&action.pillar, 1)),
        }
    }
    let per_pillar: Vec<String> = counts.iter().map(|(p, n)| format!("{p} : {n}")).collect();
    format!(
        "actions extraites par pilier — {} ; total : {}",
        per_pillar.join(" ; "),
        actions.len()
    )
}
