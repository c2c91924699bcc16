//! Finding the application files to check: walks folders for `*.partner.yaml` and
//! `*.partner.yml` (respecting `.gitignore` and `.ignore` files), expands globs, takes named
//! files as they are. What the walk cannot look at (a folder it may not read, an
//! application file whose name is not UTF-8) is kept, to be reported: a skipped file must
//! not look like a checked one.

use globset::{GlobBuilder, GlobMatcher};
use ignore::WalkBuilder;
use std::path::{Path, PathBuf};

/// Why the paths could not be turned into files.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DiscoverError {
    #[error("`{0}` does not exist")]
    Missing(String),
    #[error("`{0}` is not a valid glob: {1}")]
    BadGlob(String, String),
}

/// What the walk found: the files, the globs that matched nothing, and what it skipped.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    pub unmatched_globs: Vec<String>,
    /// Folders named on the command line that hold no application file.
    pub empty_folders: Vec<String>,
    pub skipped: Vec<Skipped>,
}

/// A path the walk could not look at, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// What a folder's walk looks for, as warnings name it.
pub const APPLICATION_PATTERNS: &str = "*.partner.yaml or *.partner.yml";

pub fn is_application_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".partner.yaml") || n.ends_with(".partner.yml"))
}

/// The files named by `paths` (the current folder when empty), sorted and without repeats.
pub fn discover(paths: &[String]) -> Result<Discovered, DiscoverError> {
    let mut out = Discovered::default();
    let default = [".".to_string()];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    for arg in paths {
        let path = Path::new(arg);
        if path.is_file() || (path.exists() && !path.is_dir()) {
            // Named explicitly: checked whatever its name, as pre-commit passes them.
            out.files.push(path.to_path_buf());
        } else if path.is_dir() {
            let before = out.files.len() + out.skipped.len();
            walk(path, None, &mut out);
            if out.files.len() + out.skipped.len() == before {
                out.empty_folders.push(arg.clone());
            }
        } else if is_glob(arg) {
            // `*` stays within a folder, as in gitignore and `.partnerlint.yaml`; `**` crosses.
            let matcher = GlobBuilder::new(arg)
                .literal_separator(true)
                .build()
                .map_err(|e| DiscoverError::BadGlob(arg.clone(), e.kind().to_string()))?
                .compile_matcher();
            let before = out.files.len();
            walk(&glob_base(arg), Some(&matcher), &mut out);
            if out.files.len() == before {
                out.unmatched_globs.push(arg.clone());
            }
        } else if path.symlink_metadata().is_ok() {
            // A broken symbolic link: let the check report it as unreadable.
            out.files.push(path.to_path_buf());
        } else {
            return Err(DiscoverError::Missing(arg.clone()));
        }
    }
    out.files.sort();
    out.files.dedup();
    Ok(out)
}

fn walk(dir: &Path, glob: Option<&GlobMatcher>, out: &mut Discovered) {
    let walker = WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                out.skipped.push(skipped_by(&e, dir));
                continue;
            }
        };
        if !entry
            .file_type()
            .is_some_and(|t| t.is_file() || t.is_symlink())
        {
            continue;
        }
        let path = entry.path();
        let wanted = match glob {
            Some(m) => m.is_match(path) || m.is_match(path.strip_prefix("./").unwrap_or(path)),
            None => is_application_file(path),
        };
        if wanted {
            out.files.push(path.to_path_buf());
        } else if glob.is_none()
            && path.file_name().is_some_and(|n| n.to_str().is_none())
            && has_application_suffix(path)
        {
            out.skipped.push(Skipped {
                path: path.to_path_buf(),
                reason: "the file's name is not UTF-8, so it was not checked".into(),
            });
        }
    }
}

/// Whether the name of `path`, UTF-8 or not, ends as an application file's does.
fn has_application_suffix(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.ends_with(".partner.yaml") || name.ends_with(".partner.yml")
}

/// The path and reason of a walk error (most often a folder that may not be read).
fn skipped_by(error: &ignore::Error, walked: &Path) -> Skipped {
    let mut at = error;
    let mut path = None;
    loop {
        match at {
            ignore::Error::WithPath { path: p, err } => {
                path = path.or(Some(p.clone()));
                at = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                at = err
            }
            _ => break,
        }
    }
    let reason = match at {
        ignore::Error::Io(e) => {
            format!("cannot read the folder: {e}; the files in it were not checked")
        }
        other => format!("the walk stopped here: {other}; the files below were not checked"),
    };
    Skipped {
        path: path.unwrap_or_else(|| walked.to_path_buf()),
        reason,
    }
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// The folder a glob's walk starts from: its longest leading part without metacharacters.
fn glob_base(pattern: &str) -> PathBuf {
    let mut base = PathBuf::new();
    for part in Path::new(pattern).components() {
        let s = part.as_os_str().to_string_lossy();
        if is_glob(&s) {
            break;
        }
        base.push(part);
    }
    if base.as_os_str().is_empty() || !base.is_dir() {
        PathBuf::from(".")
    } else {
        base
    }
}
