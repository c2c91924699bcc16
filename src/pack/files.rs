//! What rules may see of the file system: paths an application names, resolved from its
//! folder and confined to the repository being checked. A path that is absolute or
//! climbs out is never opened.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct FileAccess {
    /// The folder of the application file; `None` for text with no file behind it.
    base_dir: Option<PathBuf>,
    /// The repository (or working folder) nothing may be read outside of.
    root: Option<PathBuf>,
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
        FileAccess {
            base_dir: Some(base),
            root: Some(root),
        }
    }

    /// Access for text checked as if it were in `base_dir`, confined to `root`.
    pub fn within(base_dir: &Path, root: &Path) -> FileAccess {
        FileAccess {
            base_dir: std::fs::canonicalize(base_dir).ok(),
            root: std::fs::canonicalize(root).ok(),
        }
    }

    /// The path `relative` names, when it is relative and stays inside the root.
    pub fn inside(&self, relative: &str) -> Option<PathBuf> {
        let rel = Path::new(relative);
        if relative.is_empty() || rel.has_root() || rel.is_absolute() || looks_like_drive(relative)
        {
            return None;
        }
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

    /// Whether `relative` is a regular, readable file inside the root. Symbolic links are
    /// followed only while they stay inside it.
    pub fn readable_file(&self, relative: &str) -> bool {
        let (Some(path), Some(root)) = (self.inside(relative), &self.root) else {
            return false;
        };
        let Some((real, meta)) = real_path(&path) else {
            return false;
        };
        // Only a regular file is opened: opening a FIFO would block.
        real.starts_with(root) && meta.is_file() && std::fs::File::open(&real).is_ok()
    }
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
            DIRS.with(|dirs| {
                let mut dirs = dirs.borrow_mut();
                // Bounded: a run over many folders keeps the recent ones.
                if dirs.len() >= 4096 {
                    dirs.clear();
                }
                dirs.insert(dir.to_path_buf(), real.clone());
            });
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
}
