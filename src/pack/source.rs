//! Where a pack's files come from: the binary (the built-in packs, listed by `build.rs`)
//! or a folder. The first stage of the pipeline: source → parse → resolve → compile →
//! eval.

use crate::diagnostic::{Code, Diagnostic, Severity};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every built-in file, by its path under `rules/`, with its text (`build.rs` lists them).
static BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The other files of the built-in packs' `tests/` (the certificate scans their fixtures
/// name), by path under `rules/`, with their bytes.
static BUILTIN_TEST_FILES: &[(&str, &[u8])] =
    include!(concat!(env!("OUT_DIR"), "/builtin_test_files.rs"));

/// The files of built-in pack `version`'s `tests/` that are not YAML, by path inside the
/// pack (`tests/certs/scan.pdf`): `rules test` writes them beside the fixtures.
pub fn builtin_test_files(
    version: &str,
) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
    BUILTIN_TEST_FILES.iter().filter_map(move |(path, bytes)| {
        let (v, relative) = path.split_once('/')?;
        (v == version).then_some((relative, *bytes))
    })
}

/// One file of a pack, with the name diagnostics show for it.
#[derive(Debug, Clone)]
pub struct PackFile {
    pub name: String,
    /// The path inside the pack: `pack.yaml`, `rules/markets.yaml`.
    pub relative: String,
    /// Borrowed for a built-in file, which the binary holds.
    pub text: Cow<'static, str>,
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

impl PackError {
    /// Every diagnostic, with the name of the file it is in: for tests and messages.
    pub fn diagnostics(&self) -> Vec<(String, &Diagnostic)> {
        match self {
            PackError::Io(_) => Vec::new(),
            PackError::Files(files) => files
                .iter()
                .flat_map(|(f, ds)| ds.iter().map(move |d| (f.name.clone(), d)))
                .collect(),
        }
    }
}

/// The built-in files, by pack: each folder under `rules/` is a pack version.
pub(super) fn builtin_files() -> BTreeMap<&'static str, Vec<PackFile>> {
    let mut packs: BTreeMap<&str, Vec<PackFile>> = BTreeMap::new();
    for (path, text) in BUILTIN {
        let Some((version, relative)) = path.split_once('/') else {
            continue;
        };
        packs.entry(version).or_default().push(PackFile {
            name: format!("rules/{path}"),
            relative: relative.to_string(),
            text: Cow::Borrowed(text),
        });
    }
    packs
}

/// Whether `path` leads outside `confine` (links resolved); it is then reported in
/// `refused`, by the name of the link, and not read.
fn outside(
    path: &Path,
    confine: Option<&Path>,
    refused: &mut Vec<(PackFile, Vec<Diagnostic>)>,
) -> bool {
    let Some(root) = confine else {
        return false;
    };
    if std::fs::canonicalize(path).is_ok_and(|real| real.starts_with(root)) {
        return false;
    }
    let (message, help) = crate::boundary::refusal("this rule-pack file or folder");
    let file = PackFile {
        name: path.display().to_string(),
        relative: String::new(),
        text: Cow::Borrowed(""),
    };
    let d = Diagnostic::new(Code::FileOutsideRepository, Severity::Error, message).with_help(help);
    refused.push((file, vec![d]));
    true
}

/// Reads one pack folder's files (its `tests/` are read when they run, not here): regular
/// files of a bounded size only, and with `confine` only inside it.
pub(super) fn read_dir(dir: &Path, confine: Option<&Path>) -> Result<Vec<PackFile>, PackError> {
    let mut refused = Vec::new();
    if outside(dir, confine, &mut refused) {
        return Err(PackError::Files(refused));
    }
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    // Each folder is read once, however links lead to it: a link to a folder above
    // would otherwise be walked until paths grow too long.
    let mut seen: std::collections::HashSet<PathBuf> =
        std::fs::canonicalize(dir).into_iter().collect();
    while let Some(here) = stack.pop() {
        let entries = std::fs::read_dir(&here)
            .map_err(|e| PackError::Io(format!("cannot read `{}`: {e}", here.display())))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if (path.is_dir() || is_yaml(&path)) && outside(&path, confine, &mut refused) {
                continue;
            }
            if path.is_dir() {
                let fresh = std::fs::canonicalize(&path).is_ok_and(|real| seen.insert(real));
                if fresh && (here != dir || entry.file_name() != "tests") {
                    stack.push(path);
                }
            } else if is_yaml(&path) {
                let bytes = crate::read::read_file(&path, crate::read::DEFAULT_MAX_FILE_SIZE)
                    .map_err(|e| {
                        PackError::Io(format!("cannot read `{}`: {}", path.display(), e.0))
                    })?;
                let text = String::from_utf8(bytes).map_err(|_| {
                    PackError::Io(format!(
                        "cannot read `{}`: it is not UTF-8 text",
                        path.display()
                    ))
                })?;
                let relative = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .display()
                    .to_string()
                    .replace('\\', "/");
                files.push(PackFile {
                    name: path.display().to_string(),
                    relative,
                    text: Cow::Owned(text),
                });
            }
        }
    }
    if !refused.is_empty() {
        return Err(PackError::Files(refused));
    }
    Ok(files)
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Adds a pack's diagnostics to `problems`; a file system error ends the load.
pub(super) fn merge(
    problems: &mut Vec<(PackFile, Vec<Diagnostic>)>,
    error: PackError,
) -> Result<(), PackError> {
    match error {
        PackError::Io(_) => Err(error),
        PackError::Files(files) => {
            for (file, diagnostics) in files {
                match problems.iter_mut().find(|(f, _)| f.name == file.name) {
                    Some((_, list)) => {
                        for d in diagnostics {
                            if !list.contains(&d) {
                                list.push(d);
                            }
                        }
                    }
                    None => problems.push((file, diagnostics)),
                }
            }
            Ok(())
        }
    }
}
