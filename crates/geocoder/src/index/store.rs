//! The index on disk: one file, `index.bin`, in the addresses directory, written to a
//! temporary file and renamed so a reader never sees half an index.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::build::reverse_tree;
use super::{Doc, Index, Meta, Number};
use crate::error::GeocodeError;

/// File name of the index in the addresses directory.
pub const INDEX_FILE: &str = "index.bin";
/// Bumped whenever the stored layout or the tokenisation changes: an older index is refused
/// with a message asking to import again.
pub const FORMAT_VERSION: u32 = 2;
const MAGIC: &[u8; 8] = b"QADDRIDX";

#[derive(Serialize, Deserialize)]
struct Stored {
    meta: Meta,
    docs: Vec<Doc>,
    numbers: Vec<Number>,
    doc_terms: Vec<u32>,
    postings_offsets: Vec<u32>,
    postings: Vec<u32>,
    idf: Vec<f32>,
    terms: Vec<u8>,
}

impl Index {
    /// Writes the index to `dir/index.bin`, creating `dir`.
    pub fn save(&self, dir: &Path) -> Result<PathBuf, GeocodeError> {
        let io = |source| GeocodeError::Io {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let stored = Stored {
            meta: self.meta.clone(),
            docs: self.docs.clone(),
            numbers: self.numbers.clone(),
            doc_terms: self.doc_terms.clone(),
            postings_offsets: self.postings_offsets.clone(),
            postings: self.postings.clone(),
            idf: self.idf.clone(),
            terms: self.terms.as_fst().as_bytes().to_vec(),
        };
        let body = postcard::to_stdvec(&stored).map_err(|e| GeocodeError::Encode(e.to_string()))?;
        let path = dir.join(INDEX_FILE);
        let tmp = dir.join(format!("{INDEX_FILE}.tmp"));
        let write = |p: &Path| -> std::io::Result<()> {
            let mut f = std::io::BufWriter::new(std::fs::File::create(p)?);
            f.write_all(MAGIC)?;
            f.write_all(&FORMAT_VERSION.to_le_bytes())?;
            f.write_all(&body)?;
            f.into_inner().map_err(|e| e.into_error())?.sync_all()
        };
        // A failed write (a full disk) leaves the current index alone and no half file beside.
        write(&tmp).map_err(|source| {
            let _ = std::fs::remove_file(&tmp);
            GeocodeError::Io {
                path: tmp.clone(),
                source,
            }
        })?;
        std::fs::rename(&tmp, &path).map_err(|source| GeocodeError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }

    /// Reads `dir/index.bin`; `Ok(None)` when no addresses were imported there.
    pub fn load(dir: &Path) -> Result<Option<Index>, GeocodeError> {
        let path = dir.join(INDEX_FILE);
        let mut file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(GeocodeError::Io { path, source }),
        };
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|source| GeocodeError::Io {
                path: path.clone(),
                source,
            })?;
        let corrupt = |message: String| GeocodeError::Corrupt {
            path: path.clone(),
            message,
        };
        let body = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| corrupt("ce n'est pas un index d'adresses Quartiers".into()))?;
        let (version, body) = body
            .split_first_chunk::<4>()
            .ok_or_else(|| corrupt("fichier tronqué".into()))?;
        let version = u32::from_le_bytes(*version);
        if version != FORMAT_VERSION {
            return Err(GeocodeError::OldFormat {
                path: path.clone(),
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        let stored: Stored = postcard::from_bytes(body).map_err(|e| corrupt(e.to_string()))?;
        let terms = fst::Map::new(stored.terms).map_err(|e| corrupt(e.to_string()))?;
        check_consistent(
            &stored.docs,
            &stored.numbers,
            &stored.doc_terms,
            &stored.postings_offsets,
            &stored.postings,
            stored.idf.len(),
            terms.len(),
        )
        .map_err(|m| corrupt(m.to_string()))?;
        let tree = reverse_tree(&stored.docs, &stored.numbers);
        Ok(Some(Index {
            docs: stored.docs,
            numbers: stored.numbers,
            doc_terms: stored.doc_terms,
            postings_offsets: stored.postings_offsets,
            postings: stored.postings,
            idf: stored.idf,
            terms,
            tree,
            meta: stored.meta,
        }))
    }
}

/// Every range and id points inside its array, so searching a damaged file cannot panic.
fn check_consistent(
    docs: &[Doc],
    numbers: &[Number],
    doc_terms: &[u32],
    offsets: &[u32],
    postings: &[u32],
    idf_len: usize,
    term_count: usize,
) -> Result<(), &'static str> {
    let range_ok = |(a, b): (u32, u32), len: usize| a <= b && (b as usize) <= len;
    if idf_len != term_count || offsets.len() != term_count + 1 {
        return Err("dictionnaire et pondérations de tailles différentes");
    }
    if offsets.windows(2).any(|w| w[0] > w[1])
        || offsets
            .last()
            .is_some_and(|&l| l as usize != postings.len())
    {
        return Err("listes de documents incohérentes");
    }
    if postings.iter().any(|&d| d as usize >= docs.len())
        || doc_terms.iter().any(|&t| t as usize >= term_count)
    {
        return Err("identifiant hors bornes");
    }
    for d in docs {
        if !range_ok(d.numbers, numbers.len())
            || !range_ok(d.name_terms, doc_terms.len())
            || !range_ok(d.city_terms, doc_terms.len())
        {
            return Err("plage hors bornes");
        }
    }
    Ok(())
}
