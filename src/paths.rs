//! Paths as the run sees them: relative paths are taken from the folder the run started
//! in, and shown relative to it. Nothing here reads a file.

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// The current folder, read once: relative paths are taken from the folder the run
/// started in, and asking the system again for every file cost a system call each.
pub fn working_dir() -> &'static Path {
    static CWD: OnceLock<PathBuf> = OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().unwrap_or_default())
}

/// `path` made absolute (from [`working_dir`]) and without `.` or `..`, by its text
/// alone (no file system).
pub fn absolute(path: &Path) -> PathBuf {
    let joined;
    let full = if path.is_absolute() {
        path
    } else {
        joined = working_dir().join(path);
        &joined
    };
    let mut out = PathBuf::new();
    for part in full.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The path to show for `path`: relative to the current folder where it is below it.
pub fn shown(path: &Path) -> PathBuf {
    path.strip_prefix(absolute(working_dir()))
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}
