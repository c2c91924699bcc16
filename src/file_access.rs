//! What rules may see of the file system: paths an application names, resolved from its
//! folder and confined to the repository being checked. A path that is absolute or
//! climbs out is never opened.
//!
//! A run asks the same questions for thousands of files (where is this folder's
//! repository, is this certificate readable), so the runner gives each worker thread an
//! [`FsCache`] that keeps the answers for the length of the run. A caller without one
//! (an editor, a test) asks the file system every time and so sees every change.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Shared by the checks of every file in one folder: cloning it per file is one count.
#[derive(Debug, Clone, Default)]
pub struct FileAccess(Arc<Folder>);

#[derive(Debug, Default)]
struct Folder {
    /// The folder of the application file; `None` for text with no file behind it.
    base_dir: Option<PathBuf>,
    /// The repository (or working folder) nothing may be read outside of.
    root: Option<PathBuf>,
}

/// What one worker thread found out about the file system during one run. It is created
/// by the runner for each worker and dropped at the end of the run, so nothing it keeps
/// outlives the run. Each table forgets everything once it holds `FsCache::KEPT` (4 096)
/// answers: files come folder by folder, so recent answers are the useful ones, and
/// memory stays flat however many files there are.
#[derive(Debug, Default)]
pub struct FsCache {
    /// The access of each folder holding application files.
    folders: RefCell<HashMap<PathBuf, FileAccess>>,
    /// Each folder with its links resolved (`None`: it does not resolve).
    real_dirs: RefCell<HashMap<PathBuf, Option<PathBuf>>>,
    /// What each path a rule named is, inside its root.
    found: RefCell<HashMap<(PathBuf, PathBuf), Found>>,
}

/// What a path a rule named leads to, links followed while they stay inside the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    ReadableFile,
    Folder,
    /// Nothing, something outside the root, a file this process may not read, or
    /// something that is neither file nor folder.
    Other,
}

impl FsCache {
    const KEPT: usize = 4096;

    /// `key`'s answer in `table`, worked out by `work_out` when it is not there.
    fn remember<K, V>(table: &RefCell<HashMap<K, V>>, key: &K, work_out: impl FnOnce() -> V) -> V
    where
        K: std::hash::Hash + Eq + Clone,
        V: Clone,
    {
        if let Some(value) = table.borrow().get(key) {
            return value.clone();
        }
        let value = work_out();
        let mut table = table.borrow_mut();
        if table.len() >= Self::KEPT {
            table.clear();
        }
        table.insert(key.clone(), value.clone());
        value
    }
}

/// `dir` with every link resolved, as `canonicalize` gives it; kept in `cache` when there
/// is one (resolving costs a system call for every component of the path).
pub fn real_dir(dir: &Path, cache: Option<&FsCache>) -> Option<PathBuf> {
    match cache {
        Some(cache) => FsCache::remember(&cache.real_dirs, &dir.to_path_buf(), || {
            std::fs::canonicalize(dir).ok()
        }),
        None => std::fs::canonicalize(dir).ok(),
    }
}

impl FileAccess {
    /// Access for the application file at `file`: confined to the nearest folder above it
    /// that holds `.git`, or else to the current folder when the file is under it, or else
    /// to the file's own folder. Working it out costs a dozen system calls: `cache` keeps
    /// it per folder.
    pub fn for_file(file: &Path, cache: Option<&FsCache>) -> FileAccess {
        let dir = file.parent().unwrap_or(Path::new(""));
        match cache {
            Some(cache) => {
                FsCache::remember(&cache.folders, &dir.to_path_buf(), || Self::work_out(dir))
            }
            None => Self::work_out(dir),
        }
    }

    /// Relative folders are taken from the folder the run started in
    /// (`paths::working_dir`).
    fn work_out(dir: &Path) -> FileAccess {
        let cwd = crate::paths::working_dir();
        let Ok(base) = std::fs::canonicalize(cwd.join(dir)) else {
            return FileAccess::default();
        };
        let git_root = base
            .ancestors()
            .find(|a| a.join(".git").exists())
            .map(Path::to_path_buf);
        let cwd = std::fs::canonicalize(cwd).ok();
        let root = git_root
            .or_else(|| cwd.filter(|c| base.starts_with(c)))
            .unwrap_or_else(|| base.clone());
        FileAccess::new(Some(base), Some(root))
    }

    fn new(base_dir: Option<PathBuf>, root: Option<PathBuf>) -> FileAccess {
        FileAccess(Arc::new(Folder { base_dir, root }))
    }

    /// Access for text checked as if it were in `base_dir`, confined to `root`.
    pub fn within(base_dir: &Path, root: &Path) -> FileAccess {
        FileAccess::new(
            std::fs::canonicalize(base_dir).ok(),
            std::fs::canonicalize(root).ok(),
        )
    }

    /// The path `relative` names, when it is relative and stays inside the root.
    pub fn inside(&self, relative: &str) -> Option<PathBuf> {
        let rel = Path::new(relative);
        if relative.is_empty() || rel.has_root() || rel.is_absolute() || looks_like_drive(relative)
        {
            return None;
        }
        let base = self.0.base_dir.clone().unwrap_or_default();
        let mut out = base.clone();
        for part in rel.components() {
            match part {
                Component::Normal(p) => out.push(p),
                Component::CurDir => {}
                Component::ParentDir => {
                    if !out.pop() {
                        return None;
                    }
                }
                Component::RootDir | Component::Prefix(_) => return None,
            }
        }
        match &self.0.root {
            Some(root) => out.starts_with(root).then_some(out),
            // No file behind the text: only forbid climbing above where it stands.
            None => out.starts_with(&base).then_some(out),
        }
    }

    /// Whether `relative` is relative and stays inside the root.
    pub fn contains(&self, relative: &str) -> bool {
        self.inside(relative).is_some()
    }

    /// Whether `relative` is a folder inside the root (links followed while they stay
    /// inside it): a certificate path that names one is told so, not "no such file".
    pub fn folder(&self, relative: &str, cache: Option<&FsCache>) -> bool {
        self.found(relative, cache) == Found::Folder
    }

    /// Whether `relative` is a regular, readable file inside the root. Symbolic links are
    /// followed only while they stay inside it.
    pub fn readable_file(&self, relative: &str, cache: Option<&FsCache>) -> bool {
        self.found(relative, cache) == Found::ReadableFile
    }

    /// What `relative` leads to. The applications of one partner name the same
    /// certificate, and several rules ask about it: `cache` keeps the answer.
    fn found(&self, relative: &str, cache: Option<&FsCache>) -> Found {
        let (Some(path), Some(root)) = (self.inside(relative), &self.0.root) else {
            return Found::Other;
        };
        let work_out = || match real_path(&path, cache) {
            Some((real, meta)) if real.starts_with(root) => {
                if meta.is_dir() {
                    Found::Folder
                } else if meta.is_file() && readable(&real) {
                    Found::ReadableFile
                } else {
                    Found::Other
                }
            }
            _ => Found::Other,
        };
        match cache {
            Some(c) => FsCache::remember(&c.found, &(path.clone(), root.clone()), work_out),
            None => work_out(),
        }
    }
}

/// Whether this process may read the regular file at `path`. On Unix the kernel is asked
/// (`access(2)` with the effective ids, as `open` would check) without opening it: the
/// answer is the same, and no file descriptor is spent.
#[cfg(unix)]
fn readable(path: &Path) -> bool {
    use rustix::fs::{accessat, Access, AtFlags, CWD};
    accessat(CWD, path, Access::READ_OK, AtFlags::EACCESS).is_ok()
}

#[cfg(not(unix))]
fn readable(path: &Path) -> bool {
    std::fs::File::open(path).is_ok()
}

/// `path` with every symbolic link resolved, as `canonicalize` gives it, and what it
/// names.
fn real_path(path: &Path, cache: Option<&FsCache>) -> Option<(PathBuf, std::fs::Metadata)> {
    let (dir, name) = (path.parent()?, path.file_name()?);
    let candidate = real_dir(dir, cache)?.join(name);
    let meta = std::fs::symlink_metadata(&candidate).ok()?;
    if !meta.file_type().is_symlink() {
        return Some((candidate, meta));
    }
    let real = std::fs::canonicalize(&candidate).ok()?;
    let meta = std::fs::metadata(&real).ok()?;
    Some((real, meta))
}

fn looks_like_drive(path: &str) -> bool {
    let b = path.as_bytes();
    (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':') || path.starts_with('\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confines_paths_to_the_root() {
        let dir = std::env::current_dir().unwrap();
        let access = FileAccess::within(&dir.join("src"), &dir);
        assert!(access.inside("../Cargo.toml").is_some());
        assert!(access.inside("../../etc/passwd").is_none());
        assert!(access.inside("/etc/passwd").is_none());
        assert!(access.inside("C:\\x").is_none());
        assert!(access.readable_file("../Cargo.toml", None));
        assert!(!access.readable_file(".", None));
        assert!(!access.readable_file("../../etc/passwd", None));
        assert!(access.contains("./a/../b.pdf"));
        assert!(!access.contains("../../x"));
    }

    /// A cache keeps answers for as long as it lives; without one every question is
    /// asked afresh: a certificate removed is unreadable to the next question.
    #[test]
    fn answers_are_kept_only_by_a_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("cert.pdf");
        let access = FileAccess::within(dir.path(), dir.path());
        assert!(!access.readable_file("cert.pdf", None));
        std::fs::write(&cert, "%PDF").unwrap();
        assert!(access.readable_file("cert.pdf", None), "asked afresh");
        let cache = FsCache::default();
        assert!(access.readable_file("cert.pdf", Some(&cache)));
        std::fs::remove_file(&cert).unwrap();
        assert!(
            access.readable_file("cert.pdf", Some(&cache)),
            "the cache's answer"
        );
        assert!(!access.readable_file("cert.pdf", None), "asked afresh");
        assert!(!access.readable_file("cert.pdf", Some(&FsCache::default())));
        // A folder named where a certificate should be, the same.
        std::fs::create_dir(dir.path().join("certs")).unwrap();
        let cache = FsCache::default();
        assert!(access.folder("certs", Some(&cache)));
        assert!(!access.readable_file("certs", Some(&cache)));
        std::fs::remove_dir(dir.path().join("certs")).unwrap();
        assert!(access.folder("certs", Some(&cache)), "the cache's answer");
        assert!(!access.folder("certs", None), "asked afresh");
    }
}
