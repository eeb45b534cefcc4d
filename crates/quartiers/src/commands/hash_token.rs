//! `quartiers hash-token`: the argon2 hash of an admin token, for `[admin] token_hash` or a
//! `[[admin.tokens]]` credential in the server configuration. The token is read from standard
//! input, so it stays out of the shell history and the process list.

use std::io::BufRead;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The name of a `[[admin.tokens]]` credential: its token must begin with this name and a
    /// dot (`sig-mel.…`), so the server finds its hash without trying the others.
    #[arg(long)]
    name: Option<String>,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let mut token = String::new();
    std::io::stdin().lock().read_line(&mut token)?;
    let token = token.trim_end_matches(['\n', '\r']);
    let secret = match &args.name {
        Some(name) => token.strip_prefix(&format!("{name}.")).ok_or_else(|| {
            format!("le jeton de « {name} » doit commencer par « {name}. » (par exemple : echo \"{name}.$(openssl rand -hex 32)\")")
        })?,
        None => token,
    };
    if secret.len() < 16 {
        return Err(
            "jeton trop court : 16 caractères au moins (par exemple : openssl rand -hex 32)".into(),
        );
    }
    println!("{}", server::services::token::hash_token(token)?);
    Ok(ExitCode::SUCCESS)
}
