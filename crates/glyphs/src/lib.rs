//! MapLibre glyphs from the font files a Debian package installs: what a style's
//! `"glyphs": "…/fonts/{fontstack}/{range}.pbf"` asks for, so the map can draw text offline.
//!
//! A [`FontCatalog`] scans a directory once for TrueType/OpenType faces and names each
//! `{family} {style}` (`DejaVu Sans Book`, `DejaVu Sans Bold`), as Martin and the glyph
//! servers do. A range of 256 code points of a font stack (`DejaVu Sans Bold,DejaVu Sans
//! Book`: the first font that has a glyph gives it) is rendered on first request as signed
//! distance fields (sdf_glyph_renderer, FreeType) and encoded as the glyphs protobuf
//! (pbf_font_tools), then kept in memory. Its ETag is a hash of the fonts' bytes and the
//! range, so it survives restarts.
//!
//! The client chooses the stack, so what one stack costs is bounded: a range is rendered once
//! per distinct font (a font named twice, or a stack repeated, renders nothing more), a stack
//! of more than [`MAX_STACK_FONTS`] distinct names is refused, and both the fonts' ranges and
//! the stacks' answers live in caches bounded in bytes (least recently used dropped).
//!
//! No HTTP here: the server adds the route, ETag/304 and Cache-Control.
//!
//! Layering: depends on no crate of the workspace (fonts in, protobuf out); never on geodata,
//! the tiles, a store, the server or an HTTP crate.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pbf_font_tools::freetype::{self, Library};
use pbf_font_tools::prost::Message;
use pbf_font_tools::{combine_glyphs, glyph_range_for_face, Fontstack, Glyphs};
use quick_cache::sync::Cache;
use quick_cache::Weighter;
use sha2::{Digest, Sha256};

/// Code points per range: MapLibre asks for `0-255`, `256-511`… up to `65280-65535`.
pub const RANGE_SIZE: u32 = 256;
/// Font size of the SDF rendering, in pixels: MapLibre expects 24.
const SIZE: usize = 24;
/// SDF radius and cutoff expected by MapLibre (node-fontnik's values, Martin's too).
const RADIUS: usize = 8;
const CUTOFF: f64 = 0.25;
/// Most distinct font names in one stack: MapLibre styles name one to three.
pub const MAX_STACK_FONTS: usize = 8;
/// Memory given to each of the two caches (one font's ranges, one stack's answers), in bytes.
pub const CACHE_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GlyphError {
    #[error("plage de glyphes « {start}-{end} » invalide : elle commence à un multiple de 256 et en couvre 256 (0-255, 256-511… jusqu'à 65280-65535)")]
    BadRange { start: u32, end: u32 },
    #[error("police inconnue : « {0} » (polices disponibles : /fonts)")]
    UnknownFont(String),
    #[error("pile de polices de {count} noms distincts : {MAX_STACK_FONTS} au plus, séparés par des virgules (polices disponibles : /fonts)")]
    TooManyFonts { count: usize },
    #[error("dossier de polices {path} illisible : {source}")]
    Directory {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("police {path} : {message}")]
    Font { path: PathBuf, message: String },
}

/// One face of a font file.
#[derive(Debug, Clone)]
struct Face {
    path: PathBuf,
    index: isize,
    /// Hash of the file's bytes and the face index: the ETag's ingredient.
    digest: [u8; 32],
    family: String,
    style: String,
    glyphs: usize,
}

/// A rendered range, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlyphRange {
    /// The glyphs protobuf (uncompressed), shared by every response that sends it.
    pub pbf: bytes::Bytes,
    /// A strong ETag, quoted.
    pub etag: String,
}

/// Bytes a cached value holds, plus bookkeeping, so that empty ranges count too.
#[derive(Debug, Clone)]
struct ByBytes;

impl Weighter<(String, u32), Arc<Fontstack>> for ByBytes {
    fn weight(&self, key: &(String, u32), stack: &Arc<Fontstack>) -> u64 {
        (stack.encoded_len() + key.0.len() + 64) as u64
    }
}

impl Weighter<(String, u32), Arc<GlyphRange>> for ByBytes {
    fn weight(&self, key: &(String, u32), range: &Arc<GlyphRange>) -> u64 {
        (range.pbf.len() + range.etag.len() + key.0.len() + 64) as u64
    }
}

/// The faces found in a directory and the ranges rendered so far.
pub struct FontCatalog {
    faces: BTreeMap<String, Face>,
    /// One font's range, by (font name, start): rendered once however many stacks name it.
    /// Concurrent requests for the same range wait for one rendering.
    by_font: Cache<(String, u32), Arc<Fontstack>, ByBytes>,
    /// A stack's answer, by (its distinct installed fonts joined by `,`, start).
    by_stack: Cache<(String, u32), Arc<GlyphRange>, ByBytes>,
}

impl std::fmt::Debug for FontCatalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontCatalog")
            .field("faces", &self.faces.keys())
            .finish()
    }
}

impl Default for FontCatalog {
    fn default() -> Self {
        Self::with_faces(BTreeMap::new())
    }
}

/// What `/fonts` lists about a face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontInfo<'a> {
    pub name: &'a str,
    pub family: &'a str,
    pub style: &'a str,
    pub glyphs: usize,
}

impl FontCatalog {
    /// Every `.ttf`, `.otf` and `.ttc` face under `dir` (recursively). A file FreeType cannot
    /// read is an error naming it; an empty directory gives an empty catalog.
    pub fn scan(dir: &Path) -> Result<FontCatalog, GlyphError> {
        let library = Library::init().map_err(|e| GlyphError::Font {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let mut files = Vec::new();
        collect_font_files(dir, &mut files)?;
        files.sort();
        let mut faces = BTreeMap::new();
        for path in files {
            let bad = |message: String| GlyphError::Font {
                path: path.clone(),
                message,
            };
            let bytes = std::fs::read(&path).map_err(|e| bad(e.to_string()))?;
            let first = library.new_face(&path, 0).map_err(|e| bad(e.to_string()))?;
            for index in 0..isize::from(first.num_faces()) {
                let face = if index == 0 {
                    first.clone()
                } else {
                    library
                        .new_face(&path, index)
                        .map_err(|e| bad(e.to_string()))?
                };
                let Some(family) = face.family_name() else {
                    continue;
                };
                let style = face.style_name().unwrap_or_default();
                let name = format!("{family} {style}").trim().to_string();
                let mut h = Sha256::new();
                h.update(&bytes);
                h.update(index.to_le_bytes());
                // The first file of a name wins, as the sorted walk makes it reproducible.
                faces.entry(name).or_insert(Face {
                    path: path.clone(),
                    index,
                    digest: h.finalize().into(),
                    family,
                    style,
                    glyphs: face.num_glyphs().max(0) as usize,
                });
            }
        }
        Ok(FontCatalog::with_faces(faces))
    }

    fn with_faces(faces: BTreeMap<String, Face>) -> FontCatalog {
        // The item estimate only sizes the tables; the weight bounds the memory.
        FontCatalog {
            faces,
            by_font: Cache::with_weighter(1024, CACHE_BYTES, ByBytes),
            by_stack: Cache::with_weighter(1024, CACHE_BYTES, ByBytes),
        }
    }

    /// The faces, by name.
    pub fn fonts(&self) -> impl Iterator<Item = FontInfo<'_>> {
        self.faces.iter().map(|(name, f)| FontInfo {
            name,
            family: &f.family,
            style: &f.style,
            glyphs: f.glyphs,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.faces.is_empty()
    }

    /// The glyphs of `fontstack` (font names separated by `,`) for code points `start..=end`.
    /// Fonts of the stack that are not installed are skipped; none installed is
    /// [`GlyphError::UnknownFont`]. Blocking: renders on the first call (tens of
    /// milliseconds per font), then answers from memory.
    pub fn range(
        &self,
        fontstack: &str,
        start: u32,
        end: u32,
    ) -> Result<Arc<GlyphRange>, GlyphError> {
        if !start.is_multiple_of(RANGE_SIZE) || end != start + RANGE_SIZE - 1 || end > 0xFFFF {
            return Err(GlyphError::BadRange { start, end });
        }
        let mut names: Vec<&str> = Vec::new();
        for name in fontstack
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            if !names.contains(&name) {
                if names.len() == MAX_STACK_FONTS {
                    let count = fontstack
                        .split(',')
                        .map(str::trim)
                        .filter(|n| !n.is_empty())
                        .collect::<std::collections::HashSet<_>>()
                        .len();
                    return Err(GlyphError::TooManyFonts { count });
                }
                names.push(name);
            }
        }
        let faces: Vec<(&String, &Face)> = names
            .iter()
            .filter_map(|name| self.faces.get_key_value(*name))
            .collect();
        if faces.is_empty() {
            return Err(GlyphError::UnknownFont(fontstack.to_string()));
        }
        let key: Vec<&str> = faces.iter().map(|(name, _)| name.as_str()).collect();
        self.by_stack
            .get_or_insert_with(&(key.join(","), start), || {
                let mut parts = Vec::with_capacity(faces.len());
                for (name, face) in &faces {
                    let part = self
                        .by_font
                        .get_or_insert_with(&((*name).clone(), start), || {
                            render_face(face, start, end).map(Arc::new)
                        })
                        .map_err(|message| GlyphError::Font {
                            path: face.path.clone(),
                            message,
                        })?;
                    parts.push(part);
                }
                Ok(Arc::new(combine(&faces, &parts, start, end)))
            })
    }
}

fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), GlyphError> {
    let entries = std::fs::read_dir(dir).map_err(|source| GlyphError::Directory {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_font_files(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["ttf", "otf", "ttc"].contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Renders `start..=end` of one face.
fn render_face(face: &Face, start: u32, end: u32) -> Result<Fontstack, String> {
    // FreeType handles are not shareable across threads: one library per rendering.
    let library = Library::init().map_err(|e| e.to_string())?;
    let loaded: freetype::Face = library
        .new_face(&face.path, face.index)
        .map_err(|e| e.to_string())?;
    glyph_range_for_face(&loaded, start, end, SIZE, RADIUS, CUTOFF).map_err(|e| e.to_string())
}

/// The faces' ranges as one, keeping for each code point the first face's glyph.
fn combine(
    faces: &[(&String, &Face)],
    parts: &[Arc<Fontstack>],
    start: u32,
    end: u32,
) -> GlyphRange {
    let mut h = Sha256::new();
    for (_, f) in faces {
        h.update(f.digest);
    }
    let names: Vec<&str> = faces.iter().map(|(name, _)| name.as_str()).collect();
    let range = format!("{start}-{end}");
    let parts = parts
        .iter()
        .map(|p| Glyphs {
            stacks: vec![Fontstack::clone(p)],
        })
        .collect();
    // A range no font covers is still a valid, empty message.
    let mut glyphs = combine_glyphs(parts).unwrap_or_else(|| Glyphs {
        stacks: vec![Fontstack::default()],
    });
    for stack in &mut glyphs.stacks {
        stack.name = names.join(", ");
        stack.range = range.clone();
    }
    h.update(range.as_bytes());
    let digest = h.finalize();
    let etag: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    GlyphRange {
        pbf: glyphs.encode_to_vec().into(),
        etag: format!("\"{etag}\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Debian's fonts-dejavu-core, which scripts/apt.txt installs.
    const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu";

    fn catalog() -> FontCatalog {
        FontCatalog::scan(Path::new(DEJAVU)).expect("fonts-dejavu-core is installed")
    }

    #[test]
    fn names_faces_family_and_style() {
        let c = catalog();
        let names: Vec<&str> = c.fonts().map(|f| f.name).collect();
        assert!(names.contains(&"DejaVu Sans Book"), "{names:?}");
        assert!(names.contains(&"DejaVu Sans Bold"), "{names:?}");
    }

    #[test]
    fn renders_latin_with_french_accents_and_caches_it() {
        let c = catalog();
        let a = c.range("DejaVu Sans Book", 0, 255).unwrap();
        let decoded = Glyphs::decode(a.pbf.as_ref()).unwrap();
        assert_eq!(decoded.stacks.len(), 1);
        let stack = &decoded.stacks[0];
        assert_eq!(stack.name, "DejaVu Sans Book");
        assert_eq!(stack.range, "0-255");
        for ch in ['A', 'é', 'è', 'ç', 'Î', '«', '»', '0'] {
            let g = stack
                .glyphs
                .iter()
                .find(|g| g.id == ch as u32)
                .unwrap_or_else(|| panic!("{ch}"));
            assert!(g.advance > 0, "{ch}");
            assert!(
                g.bitmap.as_ref().is_some_and(|b| !b.is_empty()),
                "{ch} has a bitmap"
            );
        }
        // The second request is the same rendering, from memory.
        let b = c.range("DejaVu Sans Book", 0, 255).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        // Another font, another ETag.
        let bold = c.range("DejaVu Sans Bold", 0, 255).unwrap();
        assert_ne!(bold.etag, a.etag);
    }

    #[test]
    fn a_stack_falls_back_to_the_installed_fonts() {
        let c = catalog();
        let r = c
            .range("Absente Regular, DejaVu Sans Bold", 256, 511)
            .unwrap();
        let decoded = Glyphs::decode(r.pbf.as_ref()).unwrap();
        // Œ (U+0152) is in Latin Extended-A.
        assert!(decoded.stacks[0].glyphs.iter().any(|g| g.id == 0x152));
        assert!(matches!(
            c.range("Absente Regular", 0, 255),
            Err(GlyphError::UnknownFont(_))
        ));
    }

    #[test]
    fn ranges_are_whole_blocks_of_256() {
        let c = catalog();
        for (start, end) in [(0, 254), (1, 256), (0, 511), (65536, 65791)] {
            assert!(
                matches!(
                    c.range("DejaVu Sans Book", start, end),
                    Err(GlyphError::BadRange { .. })
                ),
                "{start}-{end}"
            );
        }
        // A range the font does not cover is an empty message, not an error.
        let r = c.range("DejaVu Sans Book", 0xE000, 0xE0FF).unwrap();
        let decoded = Glyphs::decode(r.pbf.as_ref()).unwrap();
        assert!(decoded.stacks[0].glyphs.is_empty());
    }

    #[test]
    fn a_repeated_font_renders_once_and_a_long_stack_is_refused() {
        let c = catalog();
        let one = c.range("DejaVu Sans Book", 0, 255).unwrap();
        let repeated = vec!["DejaVu Sans Book"; 1000].join(",");
        let t = std::time::Instant::now();
        let r = c.range(&repeated, 0, 255).unwrap();
        assert!(
            Arc::ptr_eq(&one, &r),
            "the same stack once its repeats are dropped"
        );
        assert!(t.elapsed().as_millis() < 200, "{:?}", t.elapsed());
        // An unknown name beside an installed font is the installed font's answer.
        let with_unknown = c.range("Absente Regular,DejaVu Sans Book", 0, 255).unwrap();
        assert!(Arc::ptr_eq(&one, &with_unknown));
        let many: Vec<String> = (0..=MAX_STACK_FONTS)
            .map(|i| format!("Police {i}"))
            .collect();
        assert!(matches!(
            c.range(&many.join(","), 0, 255),
            Err(GlyphError::TooManyFonts { count }) if count == MAX_STACK_FONTS + 1
        ));
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_it() {
        let e = FontCatalog::scan(Path::new("/nonexistent/fonts")).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/fonts"), "{e}");
    }
}
