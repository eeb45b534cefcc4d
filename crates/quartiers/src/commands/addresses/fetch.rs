//! One département file into the download cache, with conditional requests: the cached file's
//! `ETag` and `Last-Modified` are sent back (`If-None-Match`, `If-Modified-Since`), so a second
//! run downloads nothing when the BAN has not published anew. A new body is written beside the
//! cached file (`.part`) and only replaces it once checked (see [`Fetched::keep`]).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// What a previous download left beside its file (`adresses-74.csv.gz.json`).
#[derive(Debug, Clone, PartialEq)]
struct Validators {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
}

/// The file to read for one département.
#[derive(Debug)]
pub struct Fetched {
    /// The new body (`.part`), or the cached file when the server answered 304.
    pub path: PathBuf,
    /// Bytes received (0 when unchanged).
    pub bytes: u64,
    pub seconds: f64,
    /// The server answered 304: the cached file is current.
    pub unchanged: bool,
    cached: PathBuf,
    validators: Validators,
}

impl Fetched {
    /// The new body becomes the cached file, with its validators for the next run.
    pub fn keep(&self) -> std::io::Result<()> {
        if self.unchanged {
            return Ok(());
        }
        std::fs::rename(&self.path, &self.cached)?;
        let v = &self.validators;
        let meta = serde_json::json!({
            "url": v.url,
            "etag": v.etag,
            "last_modified": v.last_modified,
        });
        std::fs::write(meta_path(&self.cached), meta.to_string())
    }

    /// A body that failed its checks is dropped; the cached file stays as it was.
    pub fn discard(&self) {
        if !self.unchanged {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn meta_path(cached: &Path) -> PathBuf {
    let mut name = cached.as_os_str().to_owned();
    name.push(".json");
    PathBuf::from(name)
}

/// The validators of `cached`, when it exists and came from `url` (a mirror's ETag means
/// nothing to the BAN).
fn validators(cached: &Path, url: &str) -> Option<Validators> {
    if !cached.is_file() {
        return None;
    }
    let text = std::fs::read_to_string(meta_path(cached)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let field = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    (field("url").as_deref() == Some(url)).then(|| Validators {
        url: url.to_string(),
        etag: field("etag"),
        last_modified: field("last_modified"),
    })
}

/// `GET url` into `cached` (or its `.part`), with a progress bar on a terminal (stdout: stderr
/// carries only the error). Errors are French sentences without the
/// département and URL, which the caller adds.
pub fn fetch(url: &str, cached: &Path, label: &str) -> Result<Fetched, String> {
    let started = Instant::now();
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(10))
        .timeout_read(Duration::from_secs(60))
        .user_agent(concat!("quartiers/", env!("CARGO_PKG_VERSION")))
        .build();
    let previous = validators(cached, url);
    let mut request = agent.get(url);
    if let Some(v) = &previous {
        if let Some(etag) = &v.etag {
            request = request.set("If-None-Match", etag);
        }
        if let Some(date) = &v.last_modified {
            request = request.set("If-Modified-Since", date);
        }
    }
    let response = match request.call() {
        Ok(r) => r,
        Err(ureq::Error::Status(code, r)) => {
            return Err(format!("le serveur a répondu {code} {}", r.status_text()))
        }
        Err(ureq::Error::Transport(t)) => {
            // ureq names the URL first; the caller already does.
            let why = t.to_string();
            let why = why.strip_prefix(&format!("{url}: ")).unwrap_or(&why);
            return Err(format!(
                "téléchargement impossible (pas de réseau, ou serveur injoignable) : {why}"
            ));
        }
    };
    if response.status() == 304 {
        let Some(validators) = previous else {
            return Err("le serveur a répondu 304 sans fichier en cache".into());
        };
        return Ok(Fetched {
            path: cached.to_path_buf(),
            bytes: 0,
            seconds: started.elapsed().as_secs_f64(),
            unchanged: true,
            cached: cached.to_path_buf(),
            validators,
        });
    }
    if response.status() != 200 {
        return Err(format!(
            "le serveur a répondu {} {} au lieu du fichier",
            response.status(),
            response.status_text()
        ));
    }
    let content_type = response.content_type().to_ascii_lowercase();
    if content_type.contains("html") {
        return Err(format!(
            "page web reçue (Content-Type {content_type}) au lieu du fichier CSV gzippé de la BAN"
        ));
    }
    let expected: Option<u64> = response
        .header("Content-Length")
        .and_then(|v| v.trim().parse().ok());
    let validators = Validators {
        url: url.to_string(),
        etag: response.header("ETag").map(str::to_string),
        last_modified: response.header("Last-Modified").map(str::to_string),
    };
    let part = {
        let mut name = cached.as_os_str().to_owned();
        name.push(".part");
        PathBuf::from(name)
    };
    let bar = ProgressBar::with_draw_target(expected, ProgressDrawTarget::stdout());
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} ({eta} restantes)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(label.to_string());
    let written = copy(response.into_reader(), &part, &bar);
    bar.finish_and_clear();
    let bytes = match written {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            return Err(e);
        }
    };
    if let Some(len) = expected.filter(|&len| len != bytes) {
        let _ = std::fs::remove_file(&part);
        return Err(format!(
            "téléchargement tronqué : {bytes} octets reçus sur {len} annoncés"
        ));
    }
    Ok(Fetched {
        path: part,
        bytes,
        seconds: started.elapsed().as_secs_f64(),
        unchanged: false,
        cached: cached.to_path_buf(),
        validators,
    })
}

/// The body into `part`, synced: a full disk fails here, not later.
fn copy(mut body: impl Read, part: &Path, bar: &ProgressBar) -> Result<u64, String> {
    let write_error =
        |e: std::io::Error| format!("écriture impossible dans {} : {e}", part.display());
    let mut file = std::fs::File::create(part).map_err(write_error)?;
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(format!(
                    "téléchargement interrompu après {total} octets : {e}"
                ))
            }
        };
        file.write_all(&buf[..n]).map_err(write_error)?;
        total += n as u64;
        bar.set_position(total);
    }
    file.sync_all().map_err(write_error)?;
    Ok(total)
}
