//! The repository is the boundary of what a run reads: in CI a pull request's author
//! controls every file below the root, links included, so a link there must not lead
//! the run to a file outside it (an SSH key, `/proc/self/environ`) and print it.
//!
//! The root is the nearest folder holding `.git` from the current folder upward; without
//! one, the current folder. A path that lies below the root as written, but whose real
//! path (links resolved) does not, is refused. A path written outside the root was named
//! by whoever wrote the command line, and is taken as it is.

use crate::file_access::{real_dir, FsCache};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root, as written (from the current folder) and with links resolved.
#[derive(Debug)]
pub struct Root {
    pub written: PathBuf,
    pub real: PathBuf,
}

/// The root of this run.
pub fn root() -> &'static Root {
    static ROOT: OnceLock<Root> = OnceLock::new();
    ROOT.get_or_init(|| Root::above(crate::paths::working_dir()))
}

impl Root {
    /// The root for a run started in `cwd`.
    pub fn above(cwd: &Path) -> Root {
        let found = cwd.ancestors().find(|a| a.join(".git").exists());
        let written = found.unwrap_or(cwd).to_path_buf();
        let real = std::fs::canonicalize(&written).unwrap_or_else(|_| written.clone());
        Root { written, real }
    }

    /// Whether the absolute path `path`, as written, lies below the root.
    pub fn holds_written(&self, path: &Path) -> bool {
        path.starts_with(&self.written) || path.starts_with(&self.real)
    }

    /// Whether `path` (relative to the current folder, or absolute) lies below the root
    /// as written but leads outside it through a link: the file it names must not be read.
    /// Files come folder by folder: `cache` keeps each folder's real path.
    pub fn escapes(&self, path: &Path, cache: Option<&FsCache>) -> bool {
        let full = crate::paths::absolute(path);
        if !self.holds_written(&full) {
            return false;
        }
        let (Some(dir), Some(name)) = (full.parent(), full.file_name()) else {
            return false;
        };
        match real_dir(dir, cache) {
            Some(real) if !real.starts_with(&self.real) => return true,
            Some(_) => {}
            // A folder that does not resolve: reading the file reports why.
            None => return false,
        }
        let is_link = std::fs::symlink_metadata(&full).is_ok_and(|m| m.file_type().is_symlink());
        // A broken link resolves to nothing: reading it reports it as unreadable.
        is_link
            && std::fs::canonicalize(dir.join(name)).is_ok_and(|real| !real.starts_with(&self.real))
    }
}

/// The message and help of a refused file: the link is named, never what it leads to.
pub fn refusal(what: &str) -> (String, String) {
    (
        format!("{what} is a symbolic link that leads outside the repository; it was not read"),
        "partnerlint reads nothing outside the repository (the folder holding `.git`, or the current folder without one). Commit the file itself, or name it explicitly on the command line.".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_out_of_the_root_escapes_and_a_link_inside_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::write(dir.path().join("secret"), "key").unwrap();
        std::fs::write(repo.join("inside"), "x").unwrap();
        let root = Root::above(&repo);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), repo.join("out")).unwrap();
            std::os::unix::fs::symlink(repo.join("inside"), repo.join("in")).unwrap();
            assert!(root.escapes(&repo.join("out"), None));
            assert!(!root.escapes(&repo.join("in"), None));
        }
        assert!(!root.escapes(&repo.join("inside"), None));
        // Named outside the root: the command line's author chose it.
        assert!(!root.escapes(&dir.path().join("secret"), None));
    }
}
