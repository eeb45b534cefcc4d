//! `quartiers hash-token`: the argon2 hash of an admin token, for `[admin] token_hash` in the
//! server configuration. The token is read from standard input, so it stays out of the shell
//! history and the process list.

use std::io::BufRead;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> super::Result<ExitCode> {
    let mut token = String::new();
    std::io::stdin().lock().read_line(&mut token)?;
    let token = token.trim_end_matches(['\n', '\r']);
    if token.len() < 16 {
        return Err(
            "jeton trop court : 16 caractères au moins (par exemple : openssl rand -hex 32)".into(),
        );
    }
    println!("{}", server::services::token::hash_token(token)?);
    Ok(ExitCode::SUCCESS)
}
