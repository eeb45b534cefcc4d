//! Server configuration: defaults, overridden by a TOML file, then by the command line and
//! environment (the `quartiers serve` flags).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::ServerError;

/// Where Debian's fonts-dejavu-core installs DejaVu Sans.
pub const DEFAULT_FONTS: &str = "/usr/share/fonts/truetype/dejavu";

/// Everything `quartiers serve` can be told. Unknown keys in the TOML file are refused.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Listening address.
    pub addr: SocketAddr,
    /// Data directory holding `france/` and `territories/<slug>/`.
    pub data: PathBuf,
    /// Territories to load; empty: every territory found.
    pub territories: Vec<String>,
    /// Built web map served at `/` (`web/dist`); when absent, `/` answers a small page.
    pub web: PathBuf,
    /// Public base URL used in links (`https://quartiers.example.org`), when the server sits
    /// behind a proxy; default: `http://` + the request's Host header.
    pub public_url: Option<String>,
    pub limits: Limits,
    pub cors: Cors,
    pub log: Log,
    /// Serve the current versions of this store (GeoPackage) instead of `data`.
    pub store: Option<PathBuf>,
    pub admin: AdminConfig,
    /// Bounds of one import (`POST /admin/import`): inflated zip size, zip members, features,
    /// vertices per feature and in all.
    pub import: store::import::ImportLimits,
    /// A PMTiles archive (`quartiers export-pmtiles`) served at `/tiles.pmtiles` with HTTP
    /// range requests, for web maps reading tiles from an archive.
    pub pmtiles: Option<PathBuf>,
    /// Address search: the BAN index directory, or an upstream service.
    pub geocoder: GeocoderConfig,
    /// Font files (`.ttf`, `.otf`, `.ttc`, searched recursively) the map's labels are drawn
    /// with, served as glyphs at `/fonts`; default: Debian's fonts-dejavu-core. When none is
    /// found the style has no labels.
    pub fonts: PathBuf,
    /// Deadlines of slow clients and the work one request may cause.
    pub budgets: crate::budgets::Budgets,
}

/// Resource limits.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Time allowed to answer one request, in seconds.
    pub request_timeout_s: u64,
    /// Largest accepted request body (POST /impacts), in bytes.
    pub body_limit_bytes: usize,
    /// Memory given to the vector tile cache, in mebibytes (0 turns the cache off).
    pub tile_cache_mb: u64,
    /// Memory given to compressed answers remembered by content (an item, a page, a
    /// quartier's answer asked again is not compressed again), in mebibytes (0: none).
    pub compressed_cache_mb: u64,
    /// Largest `limit` of an items request.
    pub max_items: usize,
}

/// Cross-origin requests.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Cors {
    /// Origins allowed to call the API from a browser; `["*"]` allows any, `[]` none.
    pub allow_origins: Vec<String>,
}

/// Logging.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Log {
    /// `text` or `json` (one JSON object per line).
    pub format: LogFormat,
    /// Filter in `RUST_LOG` syntax (`info`, `warn,server=debug`); `RUST_LOG` overrides it.
    pub level: String,
}

/// The `[admin]` section: the SIG team's admin API and the reloads of the store served.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminConfig {
    /// Argon2 hash (PHC string, `$argon2id$...`) of the instance-wide bearer token (recorded
    /// as `admin` in the versions it makes); the admin API answers 404 when neither it nor
    /// any of `tokens` is set. `quartiers hash-token` makes one.
    pub token_hash: Option<String>,
    /// Named credentials, each for its territories (`[[admin.tokens]]`): one per SIG team.
    pub tokens: Vec<AdminToken>,
    /// Largest upload accepted by `POST /admin/import`, in MiB.
    pub max_upload_mb: u64,
    /// Admin requests allowed per minute to each client (peer IP address), before 429.
    pub requests_per_minute: u32,
    /// How often the server checks the store for a version published elsewhere, in seconds.
    pub reload_check_s: u64,
    /// Imports read at once, over all clients (each holds a source and its features in
    /// memory); one more is answered 429 with `Retry-After`.
    pub max_concurrent_imports: usize,
}

/// One named admin credential (`[[admin.tokens]]`). Its bearer token begins with its name and
/// a dot (`sig-mel.…`), so the server checks it against its own hash only.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminToken {
    /// Recorded with every version it publishes (`jeton`); letters, digits, `-` and `_`.
    pub name: String,
    /// Argon2 hash of the whole token (`sig-mel.…`), from `quartiers hash-token --name`.
    pub token_hash: String,
    /// The territories (slugs) it may import to, publish and roll back; `["*"]`: every one.
    pub territories: Vec<String>,
}

/// The `[geocoder]` section: address search.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GeocoderConfig {
    /// Directory of the address index written by `quartiers addresses download` (or
    /// `import-addresses`), watched for a new index.
    pub addresses: PathBuf,
    /// Base URL of an API Adresse-compatible service to forward `/geocode` and `/reverse` to
    /// (`https://api-adresse.data.gouv.fr`); none: search locally.
    pub upstream: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data: PathBuf::from("data"),
            territories: Vec::new(),
            web: PathBuf::from("web/dist"),
            public_url: None,
            limits: Limits::default(),
            cors: Cors::default(),
            log: Log::default(),
            store: None,
            admin: Default::default(),
            import: Default::default(),
            pmtiles: None,
            geocoder: Default::default(),
            fonts: PathBuf::from(DEFAULT_FONTS),
            budgets: Default::default(),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            request_timeout_s: 30,
            body_limit_bytes: 2 * 1024 * 1024,
            tile_cache_mb: 128,
            compressed_cache_mb: 16,
            max_items: 10_000,
        }
    }
}

impl Default for Cors {
    fn default() -> Self {
        Self {
            allow_origins: vec!["*".into()],
        }
    }
}

impl Default for Log {
    fn default() -> Self {
        Self {
            format: LogFormat::Text,
            level: "info".into(),
        }
    }
}

impl Default for AdminConfig {
    fn default() -> Self {
        Self {
            token_hash: None,
            tokens: Vec::new(),
            max_upload_mb: 50,
            requests_per_minute: 30,
            reload_check_s: 2,
            max_concurrent_imports: 2,
        }
    }
}

impl Default for GeocoderConfig {
    fn default() -> Self {
        Self {
            addresses: PathBuf::from("data/addresses"),
            upstream: None,
        }
    }
}

/// Why a configuration text was refused: not TOML, or a key that is unknown or of the
/// wrong type, named by its dotted path.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Toml(#[from] toml::de::Error),
    #[error("clé « {path} » : {message}")]
    Key { path: String, message: String },
}

impl Config {
    /// Reads a TOML configuration file; missing keys keep their defaults.
    pub fn from_file(path: &Path) -> Result<Config, ServerError> {
        let text = std::fs::read_to_string(path).map_err(|e| ServerError::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Self::from_toml(&text).map_err(|e| ServerError::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// Parses TOML text; the error names the offending key by its dotted path.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let de = toml::Deserializer::parse(text)?;
        serde_path_to_error::deserialize(de).map_err(|e| ConfigError::Key {
            path: e.path().to_string(),
            message: e.inner().message().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_file_keeps_defaults() {
        let c = Config::from_toml("addr = \"127.0.0.1:9000\"\n[limits]\nmax_items = 50\n")
            .expect("valid");
        assert_eq!(c.addr.port(), 9000);
        assert_eq!(c.limits.max_items, 50);
        assert_eq!(c.limits.request_timeout_s, 30);
        assert_eq!(c.cors.allow_origins, ["*"]);
    }

    #[test]
    fn unknown_key_is_named_by_its_dotted_path() {
        let err = Config::from_toml("[limits]\nmax_itemz = 5\n")
            .expect_err("unknown key")
            .to_string();
        assert!(err.contains("limits"), "{err}");
        assert!(err.contains("max_itemz"), "{err}");
    }

    #[test]
    fn import_limits_are_read_from_their_section() {
        let c =
            Config::from_toml("[import]\nmax_features = 10\n[admin]\nmax_concurrent_imports = 1\n")
                .expect("valid");
        assert_eq!(c.import.max_features, 10);
        assert_eq!(c.import.max_members, 200);
        assert_eq!(c.admin.max_concurrent_imports, 1);
        let err = Config::from_toml("[import]\nmax_feature = 10\n")
            .expect_err("unknown key")
            .to_string();
        assert!(err.contains("import.max_feature"), "{err}");
    }

    #[test]
    fn named_tokens_are_read_with_their_territories() {
        let c = Config::from_toml(
            "[admin]\n[[admin.tokens]]\nname = \"sig-mel\"\ntoken_hash = \"h\"\nterritories = [\"metropole-europeenne-de-lille\"]\n",
        )
        .expect("valid");
        assert_eq!(c.admin.tokens[0].name, "sig-mel");
        assert_eq!(
            c.admin.tokens[0].territories,
            ["metropole-europeenne-de-lille"]
        );
        assert_eq!(c.admin.token_hash, None);
        let err = Config::from_toml("[[admin.tokens]]\nname = \"x\"\ntoken_hash = \"h\"\n")
            .expect_err("territories missing")
            .to_string();
        assert!(err.contains("admin.tokens"), "{err}");
    }

    #[test]
    fn wrong_type_is_refused() {
        let err = Config::from_toml("addr = 8080\n")
            .expect_err("bad type")
            .to_string();
        assert!(err.contains("addr"), "{err}");
    }
}
