//! Finding a pack's files: in the binary, or in a folder.

use super::{compile, PackSet};
use crate::diagnostic::Diagnostic;
use include_dir::{include_dir, Dir};
use std::path::Path;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// One file of a pack, with the name diagnostics show for it.
#[derive(Debug, Clone)]
pub struct PackFile {
    pub name: String,
    /// The path inside the pack: `pack.yaml`, `rules/markets.yaml`.
    pub relative: String,
    pub text: String,
}

/// Why packs could not be loaded: diagnostics in their files, or a file system problem.
#[derive(Debug)]
pub enum PackError {
    Files(Vec<(PackFile, Vec<Diagnostic>)>),
    Io(String),
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackError::Io(message) => f.write_str(message),
            PackError::Files(files) => {
                let count: usize = files.iter().map(|(_, d)| d.len()).sum();
                write!(f, "the rule pack has {count} problem(s)")
            }
        }
    }
}

pub(super) fn builtin() -> Result<PackSet, PackError> {
    let mut packs = Vec::new();
    for dir in BUILTIN.dirs() {
        let mut files = Vec::new();
        collect_embedded(dir, dir, &mut files);
        let version = dir.path().display().to_string();
        packs.push(compile::pack(files, "built-in", &version)?);
    }
    Ok(PackSet::new(packs))
}

fn collect_embedded(root: &Dir, dir: &Dir, out: &mut Vec<PackFile>) {
    for file in dir.files() {
        if is_yaml(file.path()) {
            let relative = file.path().strip_prefix(root.path()).unwrap_or(file.path());
            out.push(PackFile {
                name: format!("rules/{}", file.path().display()),
                relative: relative.display().to_string().replace('\\', "/"),
                text: String::from_utf8_lossy(file.contents()).into_owned(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(root, sub, out);
    }
}

pub(super) fn from_dir(dir: &Path) -> Result<PackSet, PackError> {
    if !dir.is_dir() {
        return Err(PackError::Io(format!(
            "rule pack folder `{}` does not exist",
            dir.display()
        )));
    }
    if dir.join("pack.yaml").is_file() {
        return Ok(PackSet::new(vec![pack_in(dir)?]));
    }
    let mut subdirs: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| PackError::Io(format!("cannot read `{}`: {e}", dir.display())))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("pack.yaml").is_file())
        .collect();
    subdirs.sort();
    if subdirs.is_empty() {
        return Err(PackError::Io(format!(
            "`{}` holds no rule pack: a pack is a folder with a `pack.yaml`",
            dir.display()
        )));
    }
    Ok(PackSet::new(
        subdirs
            .iter()
            .map(|d| pack_in(d))
            .collect::<Result<_, _>>()?,
    ))
}

/// Reads one pack folder.
pub(super) fn pack_in(dir: &Path) -> Result<super::RulePack, PackError> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(here) = stack.pop() {
        let entries = std::fs::read_dir(&here)
            .map_err(|e| PackError::Io(format!("cannot read `{}`: {e}", here.display())))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if is_yaml(&path) {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| PackError::Io(format!("cannot read `{}`: {e}", path.display())))?;
                let relative = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .display()
                    .to_string()
                    .replace('\\', "/");
                files.push(PackFile {
                    name: path.display().to_string(),
                    relative,
                    text,
                });
            }
        }
    }
    compile::pack(
        files,
        &dir.display().to_string(),
        &dir.display().to_string(),
    )
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}
