//! What applies to each document: the command line's options, the client's settings,
//! the `.partnerlint.yaml` found from the document's folder upward, and its workspace
//! folder as the boundary of what its rules may read. Checking goes through the same
//! entry point as `check -` / `--stdin-filename`: [`crate::file_check::check_source`].

use crate::config::{ConfigError, Flags, Resolver};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::file_check::{CheckOptions, FileReport};
use crate::pack::{FileAccess, PackError, PackSet, RulePack};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The command line's part: `partnerlint [--today D] [--policy V] [--config F]
/// [--isolated] [--rules DIR] server`.
pub struct Options {
    pub today: Option<Date>,
    pub flags: Flags,
    /// The built-in packs, or `--rules`'s (a broken one is reported on every document).
    pub packs: Result<PackSet, PackError>,
    /// `--rules DIR`, read again when a file in it changes.
    pub rules: Option<PathBuf>,
    pub max_file_size: u64,
}

/// The client's settings: `initializationOptions`, or `workspace/didChangeConfiguration`'s
/// `settings` (either as they are or under a `partnerlint` key). A null or empty value
/// means the defaults.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Publish the schema's findings (`schema`); `false` leaves them to
    /// yaml-language-server, which reports them from the same JSON Schema.
    pub schema_findings: bool,
    /// As `--policy`, when the command line gave none.
    pub policy: Option<String>,
    /// As `--today`, when the command line gave none.
    #[serde(deserialize_with = "date")]
    pub today: Option<Date>,
}

/// A `YYYY-MM-DD` date, or null.
fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| {
            serde::de::Error::custom(format!("`{s}` is not a date: write YYYY-MM-DD"))
        }),
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            schema_findings: true,
            policy: None,
            today: None,
        }
    }
}

impl Settings {
    /// Reads the client's settings; what is not an object of known keys is the defaults,
    /// with a note saying what was not understood.
    pub fn from_client(value: Option<&serde_json::Value>) -> (Settings, Option<String>) {
        let value = match value {
            Some(serde_json::Value::Object(o)) => match o.get("partnerlint") {
                Some(inner) => inner.clone(),
                None => serde_json::Value::Object(o.clone()),
            },
            _ => return (Settings::default(), None),
        };
        if value.is_null() {
            return (Settings::default(), None);
        }
        match Settings::deserialize(&value) {
            Ok(s) => (s, None),
            Err(e) => (
                Settings::default(),
                Some(format!(
                    "partnerlint: settings not understood ({e}); using the defaults"
                )),
            ),
        }
    }
}

/// A file other than a document that has problems: a broken configuration or rule pack.
pub struct Problem {
    pub path: PathBuf,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// One document's check.
pub struct Checked {
    pub report: FileReport,
    /// The packs the document was checked with (its configuration's).
    pub packs: Option<PackSet>,
    pub today: Date,
    /// Configuration or pack files whose problems stopped the check.
    pub problems: Vec<Problem>,
}

impl Checked {
    /// The pack the document was checked against, or the one it would be.
    pub fn pack(&self) -> Option<&RulePack> {
        let packs = self.packs.as_ref()?;
        match &self.report.policy {
            Some(v) => packs.get(v),
            None => packs.in_effect(self.today),
        }
    }
}

/// The configurations and folders of a session.
pub struct Workspace<'a> {
    options: &'a Options,
    pub settings: Settings,
    /// Workspace folders (absolute): each document's is the nearest one above it.
    pub folders: Vec<PathBuf>,
    /// `--rules` read again since the start (`None`: [`Options::packs`]).
    reloaded: Option<Result<PackSet, PackError>>,
    resolver: Option<Resolver<'a>>,
    access: HashMap<PathBuf, FileAccess>,
    /// Each folder's repository ([`Workspace::root_for`]), found once.
    roots: HashMap<PathBuf, PathBuf>,
}

impl<'a> Workspace<'a> {
    pub fn new(options: &'a Options, settings: Settings, folders: Vec<PathBuf>) -> Workspace<'a> {
        Workspace {
            options,
            settings,
            folders,
            reloaded: None,
            resolver: None,
            access: HashMap::new(),
            roots: HashMap::new(),
        }
    }

    /// Forgets every configuration and pack read (one changed on disk) and the folders'
    /// access.
    pub fn reload(&mut self) {
        self.resolver = None;
        self.access.clear();
        self.roots.clear();
        self.reloaded = self.options.rules.as_deref().map(PackSet::from_dir);
    }

    fn base(&self) -> &Result<PackSet, PackError> {
        self.reloaded.as_ref().unwrap_or(&self.options.packs)
    }

    /// The repository of the folder `dir` (absolute), the boundary of what its
    /// documents' configuration search and rules read: its workspace folder (the
    /// innermost), else the nearest folder above it holding `.git`, else `dir` itself.
    pub fn root_for(&mut self, dir: &Path) -> PathBuf {
        if let Some(root) = self.roots.get(dir) {
            return root.clone();
        }
        let root = self
            .folders
            .iter()
            .filter(|f| dir.starts_with(f))
            .max_by_key(|f| f.as_os_str().len())
            .cloned()
            .or_else(|| {
                dir.ancestors()
                    .find(|a| a.join(".git").exists())
                    .map(Path::to_path_buf)
            })
            .unwrap_or_else(|| dir.to_path_buf());
        self.roots.insert(dir.to_path_buf(), root.clone());
        root
    }

    /// The rule pack folders the documents checked so far use: `--rules`, and the
    /// packs the configurations found name (and the packs those extend), absolute.
    pub fn pack_folders(&self) -> BTreeSet<PathBuf> {
        let mut folders: BTreeSet<PathBuf> = self
            .options
            .rules
            .iter()
            .map(|r| crate::paths::absolute(r))
            .collect();
        for profile in self.resolver.iter().flat_map(|r| &r.profiles) {
            if let Some(config) = &profile.config {
                folders.extend(
                    config
                        .rules
                        .iter()
                        .map(|f| crate::paths::absolute(&config.dir.join(&f.value))),
                );
            }
            for pack in profile.packs.packs() {
                let origins =
                    std::iter::once(&pack.origin).chain(pack.extends.as_ref().map(|b| &b.origin));
                folders.extend(
                    origins
                        // What `src/pack/resolve.rs` names the packs in the binary.
                        .filter(|o| o.as_str() != "built-in")
                        .map(|o| crate::paths::absolute(Path::new(o))),
                );
            }
        }
        folders
    }

    fn today(&self) -> Date {
        self.options
            .today
            .or(self.settings.today)
            .unwrap_or_else(|| {
                jiff::Timestamp::now()
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .date()
            })
    }

    /// The folder the rules reading files for `path` are confined to: its workspace
    /// folder, or its own folder outside every workspace folder.
    fn access_for(&mut self, path: &Path) -> FileAccess {
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        if let Some(a) = self.access.get(&dir) {
            return a.clone();
        }
        let root = self.root_for(&dir);
        let access = FileAccess::within(&dir, &root);
        self.access.insert(dir, access.clone());
        access
    }

    /// Checks `text` as the document at `path` (absolute).
    pub fn check(&mut self, path: &Path, text: &str) -> Checked {
        let today = self.today();
        let mut options = CheckOptions::new(today);
        options.max_file_size = self.options.max_file_size;
        if self.resolver.is_none() {
            let base = match self.base() {
                Ok(p) => p.clone(),
                Err(e) => {
                    let (d, problems) = pack_problem(e);
                    return stopped(path, today, &options, d, problems);
                }
            };
            match Resolver::owning(&self.options.flags, base) {
                Ok(r) => self.resolver = Some(r),
                Err(e) => {
                    let (d, problems) = config_problem(e);
                    return stopped(path, today, &options, d, problems);
                }
            }
        }
        let dir = path.parent().unwrap_or(Path::new("/"));
        let root = self.root_for(dir);
        let resolver = self.resolver.as_mut().expect("made above");
        let profile = match resolver.profile_within(dir, &root) {
            Ok(i) => &resolver.profiles[i],
            Err(e) => {
                let (d, problems) = config_problem(e);
                return stopped(path, today, &options, d, problems);
            }
        };
        options.policy = profile
            .policy
            .clone()
            .or_else(|| self.settings.policy.clone());
        options.levels = profile.levels_for(path);
        let packs = profile.packs.clone();
        if text.len() as u64 > options.max_file_size {
            let d = Diagnostic::new(
                Code::FileUnreadable,
                Severity::Error,
                format!("the document holds {} bytes, more than {}, the size limit", text.len(), options.max_file_size),
            )
            .with_help("Raise the limit with `partnerlint server --max-file-size BYTES` if this file is meant to be this large.");
            return Checked {
                packs: Some(packs),
                ..stopped(path, today, &options, d, Vec::new())
            };
        }
        let access = self.access_for(path);
        let report =
            crate::file_check::check_source(path, text.as_bytes(), &access, &packs, &options);
        Checked {
            report,
            packs: Some(packs),
            today,
            problems: Vec::new(),
        }
    }
}

/// The check of a document that stopped before its rules: one finding saying why.
fn stopped(
    path: &Path,
    today: Date,
    options: &CheckOptions,
    diagnostic: Diagnostic,
    problems: Vec<Problem>,
) -> Checked {
    Checked {
        report: crate::file_check::refused(
            path,
            Code::parse(&diagnostic.rule).unwrap_or(Code::Config),
            diagnostic.message,
            diagnostic.help.unwrap_or_default(),
            options,
        ),
        packs: None,
        today,
        problems,
    }
}

/// A broken configuration: a finding on the document, and the file's own problems.
fn config_problem(error: ConfigError) -> (Diagnostic, Vec<Problem>) {
    match error {
        ConfigError::Io(message) => (stop_finding(message), Vec::new()),
        ConfigError::Pack(e) => pack_problem(&e),
        ConfigError::File(name, text, diagnostics) => {
            let message = format!(
                "the configuration file `{name}` has {} problem{}: nothing was checked",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" }
            );
            let path = crate::paths::absolute(Path::new(&name));
            (
                stop_finding(message),
                vec![Problem {
                    path,
                    text,
                    diagnostics,
                }],
            )
        }
    }
}

fn pack_problem(error: &PackError) -> (Diagnostic, Vec<Problem>) {
    match error {
        PackError::Io(message) => (stop_finding(message.clone()), Vec::new()),
        PackError::Files(files) => {
            let count: usize = files.iter().map(|(_, d)| d.len()).sum();
            let names: Vec<String> = files.iter().map(|(f, _)| format!("`{}`", f.name)).collect();
            let message = format!(
                "the rule pack has {count} problem{} (in {}): nothing was checked",
                if count == 1 { "" } else { "s" },
                names.join(", ")
            );
            let problems = files
                .iter()
                .map(|(f, diagnostics)| Problem {
                    path: crate::paths::absolute(Path::new(&f.name)),
                    text: f.text.to_string(),
                    diagnostics: diagnostics.clone(),
                })
                .collect();
            (stop_finding(message), problems)
        }
    }
}

fn stop_finding(message: String) -> Diagnostic {
    Diagnostic::new(Code::Config, Severity::Error, message)
        .with_help("Fix the file named (its problems are shown in it); the document is checked again as soon as it is saved.")
}
