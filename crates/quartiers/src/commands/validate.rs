//! `quartiers validate DIR`: the validation report of a territory directory (or of a data
//! directory holding `territories/`); exits non-zero on errors.

use std::path::PathBuf;
use std::process::ExitCode;

use geodata::catalog::territory_dirs;
use geodata::report::Report;
use geodata::territory::Territory;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A territory directory (with territory.toml) or a data directory (with territories/).
    dir: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let dirs = if args.dir.join("territory.toml").is_file() {
        vec![args.dir.clone()]
    } else {
        territory_dirs(&args.dir, &[])?
    };
    if dirs.is_empty() {
        return Err(format!(
            "{} : ni territory.toml ni territories/*/territory.toml",
            args.dir.display()
        )
        .into());
    }
    let mut report = Report::default();
    for dir in &dirs {
        report.extend(Territory::validate(dir)?);
    }
    let errors = report.errors().count();
    let warnings = report.issues.len() - errors;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
        println!(
            "{} territoire(s) vérifié(s) : {errors} erreur(s), {warnings} avertissement(s).",
            dirs.len()
        );
    }
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
