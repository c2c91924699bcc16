//! What rules may see of the file system: paths an application names, resolved from its
//! folder and confined to the repository being checked. A path that is absolute or
//! climbs out is never opened.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct FileAccess {
    /// The folder of the application file; `None` for text with no file behind it.
    base_dir: Option<PathBuf>,
    /// The repository (or working folder) nothing may be read outside of.
    root: Option<PathBuf>,
    /// How many folders `base_dir` lies below `root` (below itself when there is no
    /// root), when it lies inside it: how far a path may climb with `..`.
    depth: Option<usize>,
}

impl FileAccess {
    /// Access for the application file at `file`: confined to the nearest folder above it
    /// that holds `.git`, or else to the current folder when the file is under it, or else
    /// to the file's own folder.
    pub fn for_file(file: &Path) -> FileAccess {
        // Worked out once per folder: it costs a dozen system calls, and files come
        // folder by folder. One entry per thread; relative folders are taken from the
        // folder the run started in (`config::working_dir`).
        thread_local! {
            static LAST: RefCell<Option<(PathBuf, FileAccess)>> = const { RefCell::new(None) };
        }
        let dir = file.parent().unwrap_or(Path::new(""));
        let hit = LAST.with(|last| {
            last.borrow()
                .as_ref()
                .filter(|(d, _)| d == dir)
                .map(|(_, access)| access.clone())
        });
        if let Some(access) = hit {
            return access;
        }
        let access = Self::work_out(dir);
        LAST.with(|last| *last.borrow_mut() = Some((dir.to_path_buf(), access.clone())));
        access
    }

    fn work_out(dir: &Path) -> FileAccess {
        let cwd = crate::config::working_dir();
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
        let base = base_dir.as_deref().unwrap_or(Path::new(""));
        let depth = match &root {
            Some(root) => base
                .strip_prefix(root)
                .ok()
                .map(|below| below.components().count()),
            None => Some(0),
        };
        FileAccess {
            base_dir,
            root,
            depth,
        }
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
        self.inside_fast(relative)
            .or_else(|| self.inside_by_parts(rel))
    }

    /// `inside`, part by part.
    fn inside_by_parts(&self, rel: &Path) -> Option<PathBuf> {
        let base = self.base_dir.clone().unwrap_or_default();
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
        match &self.root {
            Some(root) => out.starts_with(root).then_some(out),
            // No file behind the text: only forbid climbing above where it stands.
            None => out.starts_with(&base).then_some(out),
        }
    }

    /// `inside` for the usual shape, `..`s then names (`../certs/licence.pdf`), without
    /// building the path part by part: the folder `..`s lead to is inside the root when
    /// they climb no higher than the base folder lies below it. `None` for any other
    /// shape, or a climb past the root (a later name may come back in), which `inside`
    /// then works out part by part.
    fn inside_fast(&self, relative: &str) -> Option<PathBuf> {
        let mut rest = relative;
        let mut up = 0;
        loop {
            if let Some(r) = rest.strip_prefix("../") {
                rest = r;
                up += 1;
            } else if let Some(r) = rest.strip_prefix("./") {
                rest = r;
            } else {
                break;
            }
        }
        let plain = !rest.is_empty()
            && Path::new(rest)
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !plain || up > self.depth? {
            return None;
        }
        let mut dir = self.base_dir.as_deref().unwrap_or(Path::new(""));
        for _ in 0..up {
            dir = dir.parent()?;
        }
        Some(dir.join(rest))
    }

    /// Whether `relative` is a regular, readable file inside the root. Symbolic links are
    /// followed only while they stay inside it.
    ///
    /// Each answer is kept for a second, per thread: the applications of one partner
    /// name the same certificate, and asking the file system costs two system calls. A
    /// second bounds how stale an answer can be for a long-lived caller (an editor).
    pub fn readable_file(&self, relative: &str) -> bool {
        type Known = HashMap<(OsString, OsString), (bool, Instant)>;
        thread_local! {
            static KNOWN: RefCell<Known> = RefCell::new(HashMap::new());
        }
        const FRESH: Duration = Duration::from_secs(1);
        let (Some(path), Some(root)) = (self.inside(relative), &self.root) else {
            return false;
        };
        let key = (root.as_os_str().to_owned(), path.into_os_string());
        let now = Instant::now();
        let known = KNOWN.with(|k| k.borrow().get(&key).copied());
        if let Some((answer, _)) = known.filter(|(_, at)| now.duration_since(*at) < FRESH) {
            return answer;
        }
        let path = Path::new(&key.1);
        let answer = real_path(path).is_some_and(|(real, meta)| {
            real.starts_with(root) && meta.is_file() && readable(&real)
        });
        KNOWN.with(|known| remember(&mut known.borrow_mut(), key, (answer, now)));
        answer
    }
}

/// Whether this process may read the regular file at `path`. On Unix the kernel is asked
/// (`access(2)` with the effective ids, as `open` would check) without opening it: the
/// answer is the same, for a third of the cost.
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
/// names. Its folder is resolved once per folder and thread: applications name their
/// certificates in a few folders, and resolving costs a system call for every component
/// of the path.
fn real_path(path: &Path) -> Option<(PathBuf, std::fs::Metadata)> {
    thread_local! {
        static DIRS: RefCell<HashMap<PathBuf, PathBuf>> = RefCell::new(HashMap::new());
    }
    let (dir, name) = (path.parent()?, path.file_name()?);
    let cached = DIRS.with(|dirs| dirs.borrow().get(dir).cloned());
    let real_dir = match cached {
        Some(real) => real,
        None => {
            let real = std::fs::canonicalize(dir).ok()?;
            DIRS.with(|dirs| remember(&mut dirs.borrow_mut(), dir.to_path_buf(), real.clone()));
            real
        }
    };
    let candidate = real_dir.join(name);
    let meta = std::fs::symlink_metadata(&candidate).ok()?;
    if !meta.file_type().is_symlink() {
        return Some((candidate, meta));
    }
    let real = std::fs::canonicalize(&candidate).ok()?;
    let meta = std::fs::metadata(&real).ok()?;
    Some((real, meta))
}

/// Adds to one of this module's per-thread caches, bounded: a run over many folders
/// keeps the recent entries.
fn remember<K: std::hash::Hash + Eq, V>(cache: &mut HashMap<K, V>, key: K, value: V) {
    if cache.len() >= 4096 {
        cache.clear();
    }
    cache.insert(key, value);
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
        assert!(access.readable_file("../Cargo.toml"));
        assert!(!access.readable_file("."));
        assert!(!access.readable_file("../../etc/passwd"));
    }

    /// The shortcut for `../name` paths gives what working the path out part by part
    /// gives, wherever it applies.
    #[test]
    fn the_shortcut_agrees_with_the_parts() {
        let dir = std::env::current_dir().unwrap();
        let accesses = [
            FileAccess::within(&dir.join("src/pack"), &dir),
            FileAccess::within(&dir.join("src"), &dir),
            FileAccess::within(&dir, &dir),
            FileAccess::default(),
        ];
        let paths = [
            "a.pdf",
            "./a.pdf",
            "certs/a.pdf",
            "../a.pdf",
            "../../a.pdf",
            "../../../a.pdf",
            "./../certs/./a.pdf",
            "../certs/../a.pdf",
            "..",
            "../",
            "a/",
        ];
        let mut shortcuts = 0;
        for access in &accesses {
            for path in paths {
                if let Some(fast) = access.inside_fast(path) {
                    shortcuts += 1;
                    let parts = access.inside_by_parts(Path::new(path));
                    assert_eq!(Some(&fast), parts.as_ref(), "{path}");
                }
            }
        }
        assert!(shortcuts >= 12);
    }
}
