//! Writing a command's output file so that a reader never sees half of it.

use std::path::{Path, PathBuf};

/// The temporary file beside `path` that is written and then renamed onto it.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// Writes `bytes` beside `path`, then renames the file onto it: a failure leaves the former
/// file (or none), never half a new one.
pub fn atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = partial_path(path);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
