//! What rules may see of the file system: paths an application names, resolved from its
//! folder and confined to the repository being checked. A path that is absolute or
//! climbs out is never opened.

use crate::read::Run;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Shared by the checks of every file in one folder: cloning it per file is one count.
#[derive(Debug, Clone, Default)]
pub struct FileAccess(Arc<Folder>);

#[derive(Debug, Default)]
struct Folder {
    /// Tells folders apart in what a thread remembers of them (`0`: no folder).
    id: u64,
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
        // Worked out once per folder in a run: it costs a dozen system calls, and files
        // come folder by folder. Relative folders are taken from the folder the run
        // started in (`config::working_dir`).
        thread_local! {
            static FOLDERS: RefCell<Recent<PathBuf, FileAccess>> = const { RefCell::new(Recent::new()) };
        }
        let dir = file.parent().unwrap_or(Path::new(""));
        let Some(run) = Run::current() else {
            return Self::work_out(dir);
        };
        let same = |d: &PathBuf| d.as_os_str() == dir.as_os_str();
        if let Some(access) = FOLDERS.with(|f| f.borrow_mut().find(run, same)) {
            return access;
        }
        let access = Self::work_out(dir);
        FOLDERS.with(|f| f.borrow_mut().keep(dir.to_path_buf(), access.clone()));
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
        static FOLDER_IDS: AtomicU64 = AtomicU64::new(1);
        let base = base_dir.as_deref().unwrap_or(Path::new(""));
        let depth = match &root {
            Some(root) => base
                .strip_prefix(root)
                .ok()
                .map(|below| below.components().count()),
            None => Some(0),
        };
        FileAccess(Arc::new(Folder {
            id: FOLDER_IDS.fetch_add(1, Ordering::Relaxed),
            base_dir,
            root,
            depth,
        }))
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
        self.0.inside(relative)
    }

    /// Whether `relative` is relative and stays inside the root (`inside`, without
    /// building the path in the usual case).
    pub fn contains(&self, relative: &str) -> bool {
        !looks_like_drive(relative)
            && (self.0.usual_shape(relative).is_some() || self.0.inside(relative).is_some())
    }

    /// Whether `relative` is a folder inside the root (links followed while they stay
    /// inside it). Asked only once `readable_file` said no, so it is not remembered.
    pub fn folder(&self, relative: &str) -> bool {
        let (Some(path), Some(root)) = (self.0.inside(relative), &self.0.root) else {
            return false;
        };
        real_path(&path).is_some_and(|(real, meta)| real.starts_with(root) && meta.is_dir())
    }

    /// Whether `relative` is a regular, readable file inside the root. Symbolic links are
    /// followed only while they stay inside it.
    ///
    /// In a run each answer is kept by the thread that asked: the applications of one
    /// partner name the same certificate, and asking the file system costs two system
    /// calls and a dozen allocations.
    pub fn readable_file(&self, relative: &str) -> bool {
        thread_local! {
            static KNOWN: RefCell<Recent<(u64, Box<str>), bool>> = const { RefCell::new(Recent::new()) };
        }
        let Some(run) = Run::current() else {
            return self.0.readable_file(relative);
        };
        let id = self.0.id;
        let same = |(folder, path): &(u64, Box<str>)| *folder == id && **path == *relative;
        if let Some(answer) = KNOWN.with(|k| k.borrow_mut().find(run, same)) {
            return answer;
        }
        let answer = self.0.readable_file(relative);
        KNOWN.with(|k| k.borrow_mut().keep((id, relative.into()), answer));
        answer
    }
}

impl Folder {
    fn inside(&self, relative: &str) -> Option<PathBuf> {
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
    /// building the path part by part. `None` for any other shape, or a climb past the
    /// root, which `inside` then works out part by part.
    fn inside_fast(&self, relative: &str) -> Option<PathBuf> {
        let (up, rest) = self.usual_shape(relative)?;
        let mut dir = self.base_dir.as_deref().unwrap_or(Path::new(""));
        for _ in 0..up {
            dir = dir.parent()?;
        }
        Some(dir.join(rest))
    }

    /// How many `..`s `relative` starts with and the names after them, when it has the
    /// usual shape and so lies inside the root: the folder the `..`s lead to is inside
    /// when they climb no higher than the base folder lies below the root. (A climb past
    /// the root may come back in by a later name: that is not the usual shape.)
    fn usual_shape<'r>(&self, relative: &'r str) -> Option<(usize, &'r str)> {
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
        (plain && up <= self.depth?).then_some((up, rest))
    }

    fn readable_file(&self, relative: &str) -> bool {
        let (Some(path), Some(root)) = (self.inside(relative), &self.root) else {
            return false;
        };
        real_path(&path)
            .is_some_and(|(real, meta)| real.starts_with(root) && meta.is_file() && readable(&real))
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
        static DIRS: RefCell<Recent<PathBuf, PathBuf>> = const { RefCell::new(Recent::new()) };
    }
    let (dir, name) = (path.parent()?, path.file_name()?);
    let run = Run::current();
    let same = |d: &PathBuf| d.as_os_str() == dir.as_os_str();
    let cached = run.and_then(|run| DIRS.with(|dirs| dirs.borrow_mut().find(run, same)));
    let real_dir = match cached {
        Some(real) => real,
        None => {
            let real = std::fs::canonicalize(dir).ok()?;
            if run.is_some() {
                DIRS.with(|dirs| dirs.borrow_mut().keep(dir.to_path_buf(), real.clone()));
            }
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

/// What a thread found out during one run (`read::Run`): the most recent answers,
/// newest first. Files come folder by folder and name their certificates in a few
/// folders, so a short list finds nearly every answer at its front.
struct Recent<K, V> {
    run: u64,
    entries: VecDeque<(K, V)>,
}

impl<K, V: Clone> Recent<K, V> {
    const KEPT: usize = 64;

    const fn new() -> Self {
        Recent {
            run: 0,
            entries: VecDeque::new(),
        }
    }

    /// The answer kept for a key `same` accepts, in run `run` (what other runs kept is
    /// forgotten).
    fn find(&mut self, run: u64, same: impl Fn(&K) -> bool) -> Option<V> {
        if self.run != run {
            self.entries.clear();
            self.run = run;
        }
        self.entries
            .iter()
            .find(|(k, _)| same(k))
            .map(|(_, v)| v.clone())
    }

    fn keep(&mut self, key: K, value: V) {
        self.entries.truncate(Self::KEPT - 1);
        self.entries.push_front((key, value));
    }
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

    /// What a run keeps is never seen outside it: a certificate removed after a run is
    /// unreadable to the next question.
    #[test]
    fn answers_last_one_run() {
        let dir = std::env::temp_dir().join(format!("partnerlint-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cert = dir.join("cert.pdf");
        let access = FileAccess::within(&dir, &dir);
        assert!(!access.readable_file("cert.pdf"));
        std::fs::write(&cert, "%PDF").unwrap();
        assert!(
            access.readable_file("cert.pdf"),
            "outside a run, asked afresh"
        );
        {
            let _run = Run::begin();
            assert!(access.readable_file("cert.pdf"));
            assert!(access.readable_file("cert.pdf"));
        }
        std::fs::remove_file(&cert).unwrap();
        assert!(
            !access.readable_file("cert.pdf"),
            "the run's answer is gone"
        );
        std::fs::remove_dir_all(&dir).unwrap();
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
            "",
            "/etc/passwd",
            "C:\\x",
            "../../../../../../../../x",
        ];
        let mut shortcuts = 0;
        for access in &accesses {
            for path in paths {
                let inside = access.inside(path);
                assert_eq!(access.contains(path), inside.is_some(), "{path}");
                if let Some(fast) = access.0.inside_fast(path) {
                    shortcuts += 1;
                    let parts = access.0.inside_by_parts(Path::new(path));
                    assert_eq!(Some(&fast), parts.as_ref(), "{path}");
                }
            }
        }
        assert!(shortcuts >= 12);
    }
}
