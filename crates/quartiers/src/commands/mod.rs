//! One module per subcommand.

mod addresses;
mod batch;
mod build_national;
mod data_args;
mod diff;
mod export_pmtiles;
mod extract_actions;
mod geocode;
mod hash_token;
mod import;
mod import_addresses;
mod locate;
mod migrate;
mod publish;
mod query;
mod render_national;
mod render_text;
mod rollback;
mod serve;
mod store_args;
mod territory;
mod validate;
mod versions;
mod write_file;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Quartiers: the policy geography of French agglomerations (politique de la ville).
#[derive(Debug, Parser)]
#[command(name = "quartiers", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the actions table (Annexe 2) of a Contrat de Ville text into actions.json.
    ExtractActions(extract_actions::Args),
    /// What concerns a place: perimeters, operations, equipment, actions, centralities, corridors.
    Query(query::Args),
    /// Locate a CSV of coordinates: QPV, verdict, distance to the edge, operations, actions.
    Locate(locate::Args),
    /// Validate territory directories: geometry, required fields, ids, codes, references.
    Validate(validate::Args),
    /// Build the national QPV layer (data/france) from the raw gazetteer artifact.
    BuildNational(build_national::Args),
    /// Download the Base Adresse Nationale for the loaded territories and index it.
    Addresses(addresses::Args),
    /// Import Base Adresse Nationale CSV files into the address index.
    ImportAddresses(import_addresses::Args),
    /// Search addresses and the dataset's places (API Adresse GeoJSON), or reverse-geocode.
    Geocode(geocode::Args),
    /// Geocode a CSV of addresses and add the QPV verdict, offline.
    Batch(batch::Args),
    /// Serve the OGC API – Features, vector tiles, style, impacts and the web map over HTTP.
    Serve(serve::Args),
    /// Import a layer (Shapefile, GeoPackage, GeoJSON...): validation report, diff, staging.
    Import(import::Args),
    /// Compare a file with the published version of a layer: features and their consequences.
    Diff(diff::Args),
    /// Publish a validated import as a new version, in one transaction.
    Publish(publish::Args),
    /// List the published versions of every layer.
    Versions(versions::Args),
    /// Make a former version current again.
    Rollback(rollback::Args),
    /// Write the served vector tiles into a PMTiles archive, for static hosting or a CDN.
    ExportPmtiles(export_pmtiles::Args),
    /// Create or update the schema of a PostGIS store (postgresql://…).
    Migrate(migrate::Args),
    /// Hash an admin token (read from stdin) with argon2, for [admin] token_hash.
    HashToken(hash_token::Args),
    /// Create a territory (quartiers territory init --epci SIREN --communes FILE…).
    Territory(territory::Args),
}

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::ExtractActions(args) => extract_actions::run(args),
        Command::Query(args) => query::run(args),
        Command::Locate(args) => locate::run(args),
        Command::Validate(args) => validate::run(args),
        Command::BuildNational(args) => build_national::run(args),
        Command::Addresses(args) => addresses::run(args),
        Command::ImportAddresses(args) => import_addresses::run(args),
        Command::Geocode(args) => geocode::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Import(args) => import::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Publish(args) => publish::run(args),
        Command::Versions(args) => versions::run(args),
        Command::Rollback(args) => rollback::run(args),
        Command::ExportPmtiles(args) => export_pmtiles::run(args),
        Command::Migrate(args) => migrate::run(args),
        Command::HashToken(args) => hash_token::run(args),
        Command::Territory(args) => territory::run(args),
    }
}
