//! `quartiers versions`: every published version (and rollback), oldest first; the current
//! version of each layer is marked.

use std::collections::HashSet;
use std::process::ExitCode;

use store::LayerId;

use super::store_args::StoreArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this territory's versions.
    #[arg(long)]
    territory: Option<String>,
    /// Only this layer's versions.
    #[arg(long)]
    layer: Option<LayerId>,
    /// Print the versions as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    store: StoreArgs,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let store = args.store.open()?;
    let versions: Vec<_> = store
        .versions()?
        .into_iter()
        .filter(|v| args.territory.as_ref().is_none_or(|t| &v.territory == t))
        .filter(|v| args.layer.is_none_or(|l| v.layer == l.as_str()))
        .collect();
    // The latest version of each layer is its current one.
    let mut seen = HashSet::new();
    let current: HashSet<u64> = versions
        .iter()
        .rev()
        .filter(|v| seen.insert((v.territory.clone(), v.layer.clone())))
        .map(|v| v.number)
        .collect();
    if args.json {
        let rows: Vec<_> = versions
            .iter()
            .map(|v| {
                let mut value = serde_json::to_value(v).unwrap_or_default();
                if let Some(map) = value.as_object_mut() {
                    map.insert("courante".into(), current.contains(&v.number).into());
                }
                value
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        for v in &versions {
            let mark = if current.contains(&v.number) {
                "*"
            } else {
                " "
            };
            println!("{mark} {}", v.line());
        }
        println!("{} version(s) ; * = version courante.", versions.len());
    }
    Ok(ExitCode::SUCCESS)
}
