//! `quartiers territory init --all` (or `--departement 59`): every EPCI hosting a QPV, those
//! already there (same SIREN, in the directory or the store) skipped unless `--force`, each
//! failure recorded without stopping the others, and one summary.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::process::ExitCode;
use std::time::Instant;

use geodata::manifest::Manifest;
use geodata::reference::Epci;
use serde::Serialize;

use super::{create, Context};

/// A territory the run created.
#[derive(Debug, Serialize)]
struct Created {
    siren: String,
    slug: String,
    nom: String,
    nb_communes: usize,
    nb_communes_sans_contour: usize,
    nb_qpv: usize,
}

/// An EPCI skipped or failed.
#[derive(Debug, Serialize)]
struct Other {
    siren: String,
    nom: String,
    /// Its existing territory, or why it failed.
    detail: String,
}

pub(super) fn run(ctx: &Context<'_>, targets: &[&Epci]) -> super::super::Result<ExitCode> {
    let started = Instant::now();
    let args = ctx.args;
    let existing = existing(ctx)?;
    let taken: HashSet<&str> = existing.values().map(String::as_str).collect();
    // Two EPCIs whose names make the same slug (« CA du Sud », « CC du Sud ») both get their
    // SIREN appended, whichever is created first.
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    for e in targets {
        *by_slug.entry(e.default_slug()).or_default() += 1;
    }
    let (mut created, mut skipped, mut failed) = (Vec::new(), Vec::new(), Vec::new());
    for epci in targets {
        let other = |detail: String| Other {
            siren: epci.siren.clone(),
            nom: epci.name.clone(),
            detail,
        };
        let slug = match existing.get(&epci.siren) {
            Some(slug) if !args.force => {
                skipped.push(other(slug.clone()));
                continue;
            }
            Some(slug) => slug.clone(),
            None => {
                let slug = epci.default_slug();
                if by_slug[&slug] > 1 || taken.contains(slug.as_str()) {
                    format!("{slug}-{}", epci.siren)
                } else {
                    slug
                }
            }
        };
        match create(ctx, epci, slug) {
            Ok((draft, _)) => {
                let s = draft.summary;
                if !args.json {
                    println!(
                        "  créé : {} ({}, {} communes dont {} sans contour, {} QPV)",
                        s.slug,
                        s.epci_name,
                        s.commune_count,
                        s.communes_missing.len(),
                        s.qpv.len()
                    );
                }
                created.push(Created {
                    siren: s.epci_siren,
                    slug: s.slug,
                    nom: s.epci_name,
                    nb_communes: s.commune_count,
                    nb_communes_sans_contour: s.communes_missing.len(),
                    nb_qpv: s.qpv.len(),
                });
            }
            Err(e) => {
                if !args.json {
                    println!("  échec : {} ({}) : {e}", epci.name, epci.siren);
                }
                failed.push(other(e.to_string()));
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let scope = match &args.departement {
        Some(d) => format!("--departement {d}"),
        None => "--all".to_string(),
    };
    let written = match &args.store {
        Some(_) => "le magasin".to_string(),
        None => args.data.join("territories").display().to_string(),
    };
    if args.json {
        let value = serde_json::json!({
            "selection": scope,
            "nb_epci": targets.len(),
            "ecrit_dans": written,
            "crees": created,
            "deja_presents": skipped,
            "echecs": failed,
            "contours": ctx.contours.json(),
            "duree_s": (seconds * 10.0).round() / 10.0,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        println!(
            "{scope} : {} EPCI accueillant au moins un QPV ; {} territoire(s) créé(s) dans {written}, {} déjà présent(s) (ignoré(s), --force pour les recréer), {} échec(s), en {seconds:.1} s.",
            targets.len(),
            created.len(),
            skipped.len(),
            failed.len()
        );
        println!("Contours communaux : {}.", ctx.contours.source_name);
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The territories already there, by EPCI SIREN: their slug.
fn existing(ctx: &Context<'_>) -> super::super::Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut add = |text: &str| {
        if let Ok(m) = Manifest::parse(text) {
            out.insert(m.epci_siren, m.slug);
        }
    };
    match &ctx.store {
        Some(store) => {
            for slug in store.territories()? {
                add(&store.manifest(&slug)?);
            }
        }
        None => {
            let root = ctx.args.data.join("territories");
            let Ok(dirs) = std::fs::read_dir(&root) else {
                return Ok(out);
            };
            for dir in dirs.flatten() {
                if dir.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                if let Ok(text) = std::fs::read_to_string(dir.path().join("territory.toml")) {
                    add(&text);
                }
            }
        }
    }
    Ok(out)
}
