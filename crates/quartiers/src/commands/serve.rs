//! `quartiers serve`: loads the data and serves the OGC API, tiles, style, impacts and the web
//! map. Settings come from defaults, then `--config FILE.toml`, then environment and flags.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use geodata::catalog::Catalog;
use server::Config;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// TOML configuration file (keys: addr, data, territories, web, public_url, [limits],
    /// [cors], [log]); flags and environment variables override it.
    #[arg(long, env = "QUARTIERS_CONFIG")]
    config: Option<PathBuf>,
    /// Listening address (default 127.0.0.1:8080).
    #[arg(long, env = "QUARTIERS_ADDR")]
    addr: Option<SocketAddr>,
    /// Data directory holding `france/` and `territories/<slug>/` (default `data`).
    #[arg(long, env = "QUARTIERS_DATA")]
    data: Option<PathBuf>,
    /// Serve only this territory (repeat for several); default: every territory found.
    #[arg(long = "territory", value_name = "SLUG")]
    territories: Vec<String>,
    /// Built web map served at / (default `web/dist`).
    #[arg(long, env = "QUARTIERS_WEB")]
    web: Option<PathBuf>,
    /// Public base URL used in links, when behind a proxy.
    #[arg(long, env = "QUARTIERS_PUBLIC_URL")]
    public_url: Option<String>,
    /// Serve the current versions of this store and reload them when a version is published;
    /// enables the admin API. A GeoPackage path (created from --data on first start), or a
    /// PostGIS URL `postgresql://user@host/base` shared by several replicas (migrated by
    /// `quartiers migrate`, filled from --data when empty).
    #[arg(long, env = "QUARTIERS_STORE")]
    store: Option<PathBuf>,
    /// A PMTiles archive (`quartiers export-pmtiles`) to serve at /tiles.pmtiles.
    #[arg(long, env = "QUARTIERS_PMTILES", value_name = "FILE.pmtiles")]
    pmtiles: Option<PathBuf>,
    /// Fonts of the map's labels, served as glyphs at /fonts (default: Debian's
    /// fonts-dejavu-core, /usr/share/fonts/truetype/dejavu).
    #[arg(long, env = "QUARTIERS_FONTS", value_name = "DIR")]
    fonts: Option<PathBuf>,
    /// Address index written by `quartiers addresses download` or `import-addresses` (default
    /// `data/addresses`); a new one is served without a restart.
    #[arg(long, env = "QUARTIERS_ADDRESSES")]
    addresses: Option<PathBuf>,
    /// Forward /geocode and /reverse to this API Adresse-compatible service instead.
    #[arg(long, env = "QUARTIERS_GEOCODER_UPSTREAM")]
    geocoder_upstream: Option<String>,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let mut config = match &args.config {
        Some(path) => Config::from_file(path)?,
        None => Config::default(),
    };
    if let Some(addr) = args.addr {
        config.addr = addr;
    }
    if let Some(data) = args.data {
        config.data = data;
    }
    if !args.territories.is_empty() {
        config.territories = args.territories;
    }
    if let Some(web) = args.web {
        config.web = web;
    }
    if let Some(url) = args.public_url {
        config.public_url = Some(url);
    }
    if let Some(store) = args.store {
        config.store = Some(store);
    }
    if let Some(archive) = args.pmtiles {
        config.pmtiles = Some(archive);
    }
    if let Some(dir) = args.fonts {
        config.fonts = dir;
    }
    if let Some(dir) = args.addresses {
        config.geocoder.addresses = dir;
    }
    if let Some(url) = args.geocoder_upstream {
        config.geocoder.upstream = Some(url);
    }
    server::init_tracing(&config.log);
    // With a store, the server loads the store's versions itself (server::reload::state_for).
    let (catalog, report) = match config.store {
        Some(_) => Default::default(),
        None => Catalog::load(&config.data, &config.territories)?,
    };
    for issue in &report.issues {
        tracing::warn!("{issue}");
    }
    server::serve(config, catalog)?;
    Ok(ExitCode::SUCCESS)
}
