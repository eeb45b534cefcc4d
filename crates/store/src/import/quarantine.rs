//! Before GDAL sees a source: its bytes are copied into a private temporary directory under a
//! plain name of ours, a zip archive is extracted there by us (member count and inflated size
//! bounded, members escaping the archive or symbolic links refused), and the one file GDAL
//! will open is chosen with the driver that must read it. So GDAL only ever opens the bytes
//! it was given: never a name read as a virtual path (`/vsicurl/…`, `/vsizip/…`) or a
//! connection string (`PG:…`), never a file outside the directory, never a driver that
//! follows references (VRT, WFS).

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use tempfile::TempDir;

use super::limits::{Exceeded, ImportLimits};
use crate::error::{Result, StoreError};

/// Formats accepted, by extension, with the only GDAL driver allowed to read each.
const FORMATS: [(&str, &str); 8] = [
    ("shp", "ESRI Shapefile"),
    ("gpkg", "GPKG"),
    ("geojson", "GeoJSON"),
    ("json", "GeoJSON"),
    ("fgb", "FlatGeobuf"),
    ("kml", "KML"),
    ("csv", "CSV"),
    ("zip", ""),
];

/// Files a Shapefile is made of, besides the `.shp`.
pub const SHAPEFILE_SIDECARS: [&str; 4] = ["dbf", "shx", "prj", "cpg"];

/// What the refusals list as readable.
pub const FORMATS_READ: &str = "Shapefile (.shp avec ses fichiers, ou .zip), GeoPackage (.gpkg), GeoJSON (.geojson, .json), FlatGeobuf (.fgb), KML (.kml), CSV avec une colonne WKT (.csv)";

/// A source copied where GDAL may open it. The directory is removed when this is dropped.
#[derive(Debug)]
pub struct Quarantined {
    dir: TempDir,
    /// What GDAL opens: a file in the directory, or the folder of several Shapefiles.
    pub path: PathBuf,
    /// The file's extension (lowercase), telling the format.
    pub extension: String,
    /// The only driver allowed to open it.
    pub driver: &'static str,
}

impl Quarantined {
    /// `text` (a GDAL message) without the private directory's path, which means nothing to
    /// the sender.
    pub fn hide(&self, text: &str) -> String {
        let dir = format!("{}/", self.dir.path().display());
        text.replace(&dir, "")
    }
}

pub(crate) fn refuse(path: &Path, message: impl Into<String>) -> StoreError {
    StoreError::Source {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// The extension of `path`, lowercase.
pub(crate) fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn driver_of(ext: &str) -> Option<&'static str> {
    FORMATS
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, driver)| *driver)
}

/// A file name reduced to letters, digits, `.`, `-` and `_`: nothing GDAL or a shell reads
/// as a prefix, a separator or an option.
pub fn plain_name(name: &str) -> String {
    let plain: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let plain = plain.trim_start_matches(['.', '-']);
    if plain.is_empty() {
        "source".into()
    } else {
        plain.to_string()
    }
}

/// Copies (or, for a zip archive, extracts) `source` into a new private directory.
pub fn quarantine(source: &Path, limits: &ImportLimits) -> Result<Quarantined> {
    let meta = std::fs::metadata(source).map_err(|e| StoreError::io(source, e))?;
    if meta.is_dir() {
        return Err(refuse(
            source,
            format!("un dossier n'est pas une source : donnez le fichier lui-même, ou une archive zip ; formats lus : {FORMATS_READ}"),
        ));
    }
    let ext = extension(source);
    let Some(driver) = driver_of(&ext) else {
        let shown = if ext.is_empty() {
            "sans extension".to_string()
        } else {
            format!("« .{ext} »")
        };
        return Err(refuse(
            source,
            format!("format {shown} non accepté ; formats lus : {FORMATS_READ}"),
        ));
    };
    let dir = tempfile::Builder::new()
        .prefix("quartiers-import-")
        .tempdir()
        .map_err(|e| StoreError::io(std::env::temp_dir(), e))?;
    if ext == "zip" {
        let chosen = extract(source, dir.path(), limits)?;
        return Ok(Quarantined {
            dir,
            path: chosen.path,
            extension: chosen.extension,
            driver: chosen.driver,
        });
    }
    let stem = source
        .file_stem()
        .map(|s| plain_name(&s.to_string_lossy()))
        .unwrap_or_else(|| "source".into());
    let path = dir.path().join(format!("{stem}.{ext}"));
    copy(source, &path)?;
    for (beside, target) in sidecars(source, &path, &ext) {
        if beside.is_file() {
            copy(&beside, &target)?;
        }
    }
    Ok(Quarantined {
        dir,
        path,
        extension: ext,
        driver,
    })
}

/// The files read with a source of the same name, and where their copies go: a Shapefile's
/// `.dbf`, `.shx`, `.prj`, `.cpg`; a GeoPackage's write-ahead log (edits QGIS has not yet
/// checkpointed).
fn sidecars(source: &Path, copy: &Path, ext: &str) -> Vec<(PathBuf, PathBuf)> {
    let suffixed = |p: &Path, s: &str| PathBuf::from(format!("{}{s}", p.display()));
    match ext {
        "shp" => SHAPEFILE_SIDECARS
            .iter()
            .map(|e| (source.with_extension(e), copy.with_extension(e)))
            .collect(),
        "gpkg" => vec![(suffixed(source, "-wal"), suffixed(copy, "-wal"))],
        _ => Vec::new(),
    }
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| StoreError::io(from, e))
}

/// The file (or Shapefile folder) chosen in an extracted archive.
struct Chosen {
    path: PathBuf,
    extension: String,
    driver: &'static str,
}

/// A member's path inside the archive, refused when it could land outside `dir`.
fn member_path(source: &Path, name: &str) -> Result<PathBuf> {
    let escapes = || {
        refuse(
            source,
            format!("archive zip refusée : le membre « {name} » sortirait du dossier de l'archive (chemin absolu ou « .. »)"),
        )
    };
    if name.starts_with('/') || name.starts_with('\\') || name.contains(':') {
        return Err(escapes());
    }
    let path = PathBuf::from(name.replace('\\', "/"));
    if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(escapes());
    }
    Ok(path)
}

/// Skipped members: macOS's resource forks, which are not data.
fn is_noise(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str() == "__MACOSX")
        || path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("._"))
}

fn extract(source: &Path, dir: &Path, limits: &ImportLimits) -> Result<Chosen> {
    let file = File::open(source).map_err(|e| StoreError::io(source, e))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| {
        refuse(
            source,
            format!("archive zip illisible ({e}) : elle est peut-être tronquée"),
        )
    })?;
    if archive.len() > limits.max_members {
        return Err(refuse(
            source,
            Exceeded::Members {
                found: archive.len(),
                limit: limits.max_members,
            }
            .to_string(),
        ));
    }
    let budget = limits.max_uncompressed_bytes();
    let too_big = || {
        refuse(
            source,
            Exceeded::Uncompressed {
                limit_mb: limits.max_uncompressed_mb,
            }
            .to_string(),
        )
    };
    // The sizes the archive declares: a cheap first refusal. They may lie; the bytes actually
    // inflated are counted below.
    let mut declared = 0u64;
    for i in 0..archive.len() {
        let member = archive
            .by_index_raw(i)
            .map_err(|e| refuse(source, format!("archive zip illisible ({e})")))?;
        declared = declared.saturating_add(member.size());
    }
    if declared > budget {
        return Err(too_big());
    }
    let mut remaining = budget;
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut member = archive
            .by_index(i)
            .map_err(|e| refuse(source, format!("archive zip illisible ({e})")))?;
        let name = member.name().to_string();
        let relative = member_path(source, &name)?;
        if member.is_symlink() {
            return Err(refuse(
                source,
                format!("archive zip refusée : le membre « {name} » est un lien symbolique"),
            ));
        }
        if member.encrypted() {
            return Err(refuse(
                source,
                format!("archive zip refusée : le membre « {name} » est chiffré"),
            ));
        }
        if is_noise(&relative) {
            continue;
        }
        let target = dir.join(&relative);
        let io = |e: std::io::Error| refuse(source, format!("membre « {name} » : {e}"));
        if member.is_dir() {
            std::fs::create_dir_all(&target).map_err(io)?;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        // A second member of the same name is refused rather than written over the first.
        let mut out = File::create_new(&target).map_err(io)?;
        let copied = std::io::copy(
            &mut (&mut member).take(remaining.saturating_add(1)),
            &mut out,
        )
        .map_err(io)?;
        if copied > remaining {
            return Err(too_big());
        }
        remaining -= copied;
        out.flush().map_err(io)?;
        files.push(relative);
    }
    choose(source, dir, &files)
}

/// The dataset of an extracted archive: its only data file, or the folder of its Shapefiles.
fn choose(source: &Path, dir: &Path, files: &[PathBuf]) -> Result<Chosen> {
    let data: Vec<&PathBuf> = files
        .iter()
        .filter(|f| driver_of(&extension(f)).is_some_and(|d| !d.is_empty()))
        .collect();
    let shapefiles: Vec<&&PathBuf> = data.iter().filter(|f| extension(f) == "shp").collect();
    let listed = || {
        data.iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (data.as_slice(), shapefiles.as_slice()) {
        ([], _) => {
            let nested = files.iter().any(|f| extension(f) == "zip");
            let why = if nested {
                "une archive dans l'archive n'est pas lue : zippez directement les fichiers"
            } else {
                "aucun fichier de données dans l'archive"
            };
            Err(refuse(source, format!("{why} ; formats lus : {FORMATS_READ}")))
        }
        ([one], _) => {
            let ext = extension(one);
            Ok(Chosen {
                path: dir.join(one),
                driver: driver_of(&ext).unwrap_or_default(),
                extension: ext,
            })
        }
        (all, shps)
            if shps.len() == all.len() && shps.iter().all(|s| s.parent() == shps[0].parent()) =>
        {
            Ok(Chosen {
                path: dir.join(shps[0].parent().unwrap_or(Path::new(""))),
                driver: "ESRI Shapefile",
                extension: "shp".into(),
            })
        }
        _ => Err(refuse(
            source,
            format!(
                "l'archive contient plusieurs jeux de données ({}) : envoyez-en un seul par archive",
                listed()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zip::write::SimpleFileOptions;

    fn archive(members: &[(&str, &[u8])]) -> (TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("envoi.zip");
        let mut w = zip::ZipWriter::new(File::create(&path).expect("create"));
        for (name, bytes) in members {
            w.start_file(*name, SimpleFileOptions::default())
                .expect("start");
            w.write_all(bytes).expect("write");
        }
        w.finish().expect("finish");
        (dir, path)
    }

    fn message(e: StoreError) -> String {
        e.to_string()
    }

    #[test]
    fn a_shapefile_zip_opens_its_shp_with_the_shapefile_driver() {
        let (_d, zip) = archive(&[("dossier/a.shp", b"x"), ("dossier/a.dbf", b"y")]);
        let q = quarantine(&zip, &ImportLimits::default()).expect("accepted");
        assert_eq!(q.driver, "ESRI Shapefile");
        assert!(q.path.ends_with("dossier/a.shp"), "{:?}", q.path);
        assert!(q.path.with_extension("dbf").is_file());
    }

    #[test]
    fn several_shapefiles_open_as_their_folder() {
        let (_d, zip) = archive(&[("a.shp", b"x"), ("b.shp", b"y")]);
        let q = quarantine(&zip, &ImportLimits::default()).expect("accepted");
        assert!(q.path.is_dir());
    }

    #[test]
    fn two_formats_in_one_archive_are_refused() {
        let (_d, zip) = archive(&[("a.shp", b"x"), ("b.gpkg", b"y")]);
        let e = message(quarantine(&zip, &ImportLimits::default()).expect_err("refused"));
        assert!(e.contains("plusieurs jeux de données"), "{e}");
    }

    #[test]
    fn members_escaping_the_archive_are_refused() {
        for name in [
            "../../etc/x.shp",
            "/etc/x.shp",
            "a/../../x.shp",
            "C:/x.shp",
            "..\\x.shp",
        ] {
            let (_d, zip) = archive(&[(name, b"x")]);
            let e = message(quarantine(&zip, &ImportLimits::default()).expect_err(name));
            assert!(e.contains("sortirait du dossier"), "{name}: {e}");
        }
    }

    #[test]
    fn a_symbolic_link_member_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("lien.zip");
        let mut w = zip::ZipWriter::new(File::create(&path).expect("create"));
        w.add_symlink("a.shp", "/etc/passwd", SimpleFileOptions::default())
            .expect("symlink");
        w.finish().expect("finish");
        let e = message(quarantine(&path, &ImportLimits::default()).expect_err("refused"));
        assert!(e.contains("lien symbolique"), "{e}");
    }

    #[test]
    fn too_many_members_are_refused_before_extraction() {
        let names: Vec<String> = (0..30).map(|i| format!("f{i}.txt")).collect();
        let members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        let (_d, zip) = archive(&members);
        let limits = ImportLimits {
            max_members: 20,
            ..ImportLimits::default()
        };
        let e = message(quarantine(&zip, &limits).expect_err("refused"));
        assert!(e.contains("30 fichiers"), "{e}");
    }

    #[test]
    fn inflated_bytes_over_the_budget_are_refused() {
        let zeros = vec![0u8; 3 * 1024 * 1024];
        let (_d, zip) = archive(&[("a.geojson", &zeros)]);
        let limits = ImportLimits {
            max_uncompressed_mb: 2,
            ..ImportLimits::default()
        };
        let e = message(quarantine(&zip, &limits).expect_err("refused"));
        assert!(e.contains("2 Mio"), "{e}");
    }

    #[test]
    fn a_virtual_path_or_connection_string_name_becomes_a_plain_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let odd = dir.path().join("PG:dbname=x vsicurl.geojson");
        std::fs::write(&odd, b"{}").expect("write");
        let q = quarantine(&odd, &ImportLimits::default()).expect("copied");
        let name = q
            .path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert_eq!(name, "PG_dbname_x_vsicurl.geojson");
        assert_eq!(q.driver, "GeoJSON");
    }

    #[test]
    fn unknown_formats_and_folders_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let vrt = dir.path().join("a.vrt");
        std::fs::write(&vrt, b"<OGRVRTDataSource/>").expect("write");
        let e = message(quarantine(&vrt, &ImportLimits::default()).expect_err("vrt"));
        assert!(e.contains("« .vrt » non accepté"), "{e}");
        let e = message(quarantine(dir.path(), &ImportLimits::default()).expect_err("dir"));
        assert!(e.contains("dossier"), "{e}");
    }
}
