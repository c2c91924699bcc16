//! The configuration file, `.partnerlint.yaml`: found from a checked file's folder upward
//! to the repository root (the folder holding `.git`), or named with `--config`. It is
//! loaded like a rule pack, with the project's own YAML loader and a JSON Schema
//! (`schemas/config.schema.json`), so every mistake is a diagnostic pointing into it.
//! Command-line flags beat it.

use crate::applied::{Applied, AppliedOverride, AppliedPacks};
use crate::check::Levels;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine_rules::{CONFIG, ENGINE_RULES, FILE_OUTSIDE_REPOSITORY, SCHEMA};
use crate::node::{Node, NodeKind};
use crate::pack::{PackError, PackSet};
use crate::schema::Schema;
use crate::source::{SourceText, Span};
use crate::yaml::{self, Limits};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::HashMap;
use crate::paths::{absolute, shown, working_dir};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The name partnerlint looks for.
pub const FILE_NAME: &str = ".partnerlint.yaml";

/// The configuration file's JSON Schema, as shipped.
pub const CONFIG_SCHEMA: &str = include_str!("../schemas/config.schema.json");

/// A rule's level: a severity, or `None` for `off`.
pub type Level = Option<Severity>;

/// A value and the 1-based line of the configuration file that set it.
#[derive(Debug, Clone)]
pub struct Set<T> {
    pub value: T,
    pub line: usize,
    pub span: Span,
}

/// A rule id with the level the configuration gives it.
pub type RuleLevel = Set<(String, Level)>;

/// An `overrides` entry: levels for the files its globs match.
#[derive(Debug, Clone)]
pub struct Override {
    pub files: Vec<Set<String>>,
    matcher: GlobSet,
    pub severity: Vec<RuleLevel>,
    pub line: usize,
}

/// A loaded configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    /// The path to show: as found, relative to the current folder where it is below it.
    pub path: PathBuf,
    /// The absolute folder holding it: globs and rule folders are relative to it.
    pub dir: PathBuf,
    pub policy: Option<Set<String>>,
    pub rules: Vec<Set<String>>,
    pub fail_on: Option<Set<Severity>>,
    pub exclude: Vec<Set<String>>,
    excluder: GlobSet,
    pub severity: Vec<RuleLevel>,
    pub overrides: Vec<Override>,
    /// `shadow_builtin: true`: a pack in `rules:` may replace a pack of the same version.
    pub shadow_builtin: bool,
    /// Whether `--config` named it.
    pub named: bool,
    text: String,
}

/// Why a configuration could not be used.
#[derive(Debug)]
pub enum ConfigError {
    /// Diagnostics pointing into the file: its name, its text, and them.
    File(String, String, Vec<Diagnostic>),
    /// A rule pack that `rules:` names is broken.
    Pack(PackError),
    /// It could not be read.
    Io(String),
}

fn schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    S.get_or_init(
        || match Schema::compile(CONFIG_SCHEMA, CONFIG, "the configuration file") {
            Ok(s) => s,
            Err(e) => unreachable!("the shipped configuration schema does not compile: {e}"),
        },
    )
}

/// The configuration file for things in `dir` (absolute): the nearest `.partnerlint.yaml`
/// from `dir` upward, stopping at the folder that holds `.git`, or else at the current
/// folder (a folder outside it is searched alone): never above what the run checks.
/// Whatever has the name is taken, so that a FIFO or a link is refused when read, not
/// passed over in silence.
pub fn find(dir: &Path) -> Option<PathBuf> {
    let cwd = working_dir();
    let stop = dir
        .ancestors()
        .find(|a| *a == cwd || a.join(".git").exists())
        .unwrap_or(dir);
    for here in dir.ancestors() {
        let candidate = here.join(FILE_NAME);
        if candidate.symlink_metadata().is_ok() {
            return Some(candidate);
        }
        if here == stop {
            return None;
        }
    }
    None
}

struct Reader<'a> {
    text: &'a str,
    source: SourceText,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn set<T>(&self, node: &Node, value: T) -> Set<T> {
        Set {
            value,
            line: self.source.line_of(node.span.start),
            span: node.span.clone(),
        }
    }

    fn error(&mut self, span: Span, message: String, help: impl Into<String>) {
        self.problems.push(
            Diagnostic::new(CONFIG, Severity::Error, message)
                .at(span, None)
                .with_help(help),
        );
    }

    fn strings(&self, node: Option<&Node>) -> Vec<Set<String>> {
        match node.map(|n| &n.kind) {
            Some(NodeKind::Seq(items)) => items
                .iter()
                .filter_map(|n| n.as_str().map(|s| self.set(n, s.to_string())))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn levels(&self, node: Option<&Node>) -> Vec<RuleLevel> {
        let Some(NodeKind::Map(entries)) = node.map(|n| &n.kind) else {
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|e| {
                let level = match e.value.as_str()? {
                    "off" => None,
                    s => Some(Severity::parse(s)?),
                };
                let mut set = self.set(&e.key, (e.key.key_text(), level));
                set.span = e.key.span.clone();
                Some(set)
            })
            .collect()
    }

    /// The globs of `sets` as one matcher; a glob that does not parse is a diagnostic.
    fn globs(&mut self, sets: &[Set<String>]) -> GlobSet {
        let mut builder = GlobSetBuilder::new();
        for set in sets {
            match glob(&set.value) {
                Ok(g) => {
                    builder.add(g);
                }
                Err(e) => self.error(
                    set.span.clone(),
                    format!("`{}` is not a valid glob: {}", set.value, e.kind()),
                    "Globs are relative to the configuration file's folder: `drafts/**`, `**/*.draft.partner.yaml`, `legacy/{a,b}/*.partner.yaml`.",
                ),
            }
        }
        builder.build().unwrap_or_else(|_| GlobSet::empty())
    }
}

fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    GlobBuilder::new(pattern.trim_end_matches('/'))
        .literal_separator(true)
        .build()
}

/// Whether `set` matches `relative` or one of the folders it is in.
fn matches(set: &GlobSet, relative: &Path) -> bool {
    !set.is_empty()
        && relative
            .ancestors()
            .any(|p| !p.as_os_str().is_empty() && set.is_match(p))
}

impl Config {
    /// Reads and checks the configuration file at `path`: a regular file of at most
    /// [`DEFAULT_MAX_FILE_SIZE`](crate::read::DEFAULT_MAX_FILE_SIZE) bytes, and, unless
    /// `named` (by `--config`), one inside the repository.
    pub fn load(path: &Path, named: bool) -> Result<Config, ConfigError> {
        let shown_path = shown(&absolute(path)).display().to_string();
        if !named && crate::boundary::root().escapes(path, None) {
            let (message, help) = crate::boundary::refusal("the configuration file");
            let d =
                Diagnostic::new(FILE_OUTSIDE_REPOSITORY, Severity::Error, message).with_help(help);
            return Err(ConfigError::File(shown_path, String::new(), vec![d]));
        }
        let bytes =
            crate::read::read_file(path, crate::read::DEFAULT_MAX_FILE_SIZE).map_err(|e| {
                ConfigError::Io(format!(
                    "cannot read the configuration file `{shown_path}`: {}",
                    e.0
                ))
            })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            ConfigError::Io(format!(
                "cannot read the configuration file `{shown_path}`: it is not UTF-8 text"
            ))
        })?;
        let mut config = Config::parse(path, text)?;
        config.named = named;
        Ok(config)
    }

    /// Checks the configuration text `text`, read from `path`.
    pub fn parse(path: &Path, text: String) -> Result<Config, ConfigError> {
        let full = absolute(path);
        let dir = full.parent().map(Path::to_path_buf).unwrap_or_default();
        let shown = shown(&full);
        let only_comments = text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        let loaded = if only_comments {
            yaml::Loaded {
                root: Some(Node {
                    kind: NodeKind::Map(Vec::new()),
                    span: 0..0,
                }),
                diagnostics: Vec::new(),
            }
        } else {
            yaml::load(&text, &Limits::default())
        };
        let mut r = Reader {
            text: &text,
            source: SourceText::new(text.clone()),
            problems: loaded.diagnostics,
        };
        let mut config = Config {
            path: shown.clone(),
            dir,
            policy: None,
            rules: Vec::new(),
            fail_on: None,
            exclude: Vec::new(),
            excluder: GlobSet::empty(),
            severity: Vec::new(),
            overrides: Vec::new(),
            shadow_builtin: false,
            named: false,
            text: String::new(),
        };
        if let Some(root) = &loaded.root {
            let mut problems = schema().validate(root, r.text);
            for d in &mut problems {
                if d.rule == SCHEMA {
                    d.rule = CONFIG.to_string();
                }
            }
            r.problems.extend(problems);
            if r.problems.is_empty() {
                config.read(root, &mut r);
            }
        }
        let problems = r.problems;
        config.text = text;
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError::File(
                shown.display().to_string(),
                config.text,
                problems,
            ))
        }
    }

    fn read(&mut self, root: &Node, r: &mut Reader) {
        self.policy = root
            .get("policy")
            .and_then(|n| n.as_str().map(|s| r.set(n, s.to_string())));
        self.fail_on = root
            .get("fail_on")
            .and_then(|n| n.as_str().and_then(Severity::parse).map(|s| r.set(n, s)));
        self.rules = r.strings(root.get("rules"));
        for folder in &self.rules {
            if !self.dir.join(&folder.value).is_dir() {
                r.error(
                    folder.span.clone(),
                    format!("the rule-pack folder `{}` does not exist", folder.value),
                    format!(
                        "Folders in `rules:` are relative to the configuration file's folder, `{}`.",
                        self.dir.display()
                    ),
                );
            }
        }
        self.shadow_builtin = root
            .get("shadow_builtin")
            .is_some_and(|n| matches!(n.kind, NodeKind::Bool(true)));
        self.exclude = r.strings(root.get("exclude"));
        self.excluder = r.globs(&self.exclude);
        self.severity = r.levels(root.get("severity"));
        if let Some(NodeKind::Seq(items)) = root.get("overrides").map(|n| &n.kind) {
            for item in items {
                let files = r.strings(item.get("files"));
                let matcher = r.globs(&files);
                self.overrides.push(Override {
                    matcher,
                    files,
                    severity: r.levels(item.get("severity")),
                    line: r.source.line_of(item.span.start),
                });
            }
        }
    }

    /// `path` relative to the configuration's folder, when it is below it.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        absolute(path)
            .strip_prefix(&self.dir)
            .ok()
            .map(Path::to_path_buf)
    }

    /// Whether `exclude` leaves `path` out.
    pub fn excludes(&self, path: &Path) -> bool {
        self.relative(path)
            .is_some_and(|rel| matches(&self.excluder, &rel))
    }

    /// The `overrides` entries that apply to `path`, in order.
    pub fn overrides_for(&self, path: &Path) -> impl Iterator<Item = (usize, &Override)> {
        let relative = self.relative(path);
        self.overrides.iter().enumerate().filter(move |(_, o)| {
            relative
                .as_ref()
                .is_some_and(|rel| matches(&o.matcher, rel))
        })
    }

    /// What it sets, for the report; the counts are filled in as files are excluded.
    fn applied(&self) -> Applied {
        let level = |l: &Level| l.map_or("off".to_string(), |s| s.to_string());
        Applied {
            file: self.path.display().to_string(),
            named: self.named,
            policy: self.policy.as_ref().map(|p| p.value.clone()),
            fail_on: self.fail_on.as_ref().map(|f| f.value.to_string()),
            exclude: self.exclude.iter().map(|e| e.value.clone()).collect(),
            rules_off: self
                .severity
                .iter()
                .filter(|s| s.value.1.is_none())
                .map(|s| s.value.0.clone())
                .collect(),
            severity: self
                .severity
                .iter()
                .filter(|s| s.value.1.is_some())
                .map(|s| (s.value.0.clone(), level(&s.value.1)))
                .collect(),
            overrides: self
                .overrides
                .iter()
                .map(|o| AppliedOverride {
                    files: o.files.iter().map(|f| f.value.clone()).collect(),
                    severity: o
                        .severity
                        .iter()
                        .map(|s| (s.value.0.clone(), level(&s.value.1)))
                        .collect(),
                })
                .collect(),
            ..Applied::default()
        }
    }

    /// The error for a `rules:` folder whose packs replace packs of the same version
    /// without `shadow_builtin: true`: a pull request could otherwise swap the policy
    /// for one with every rule off, under the version number the reviewer trusts.
    fn shadowing(&self, folder: &Set<String>, versions: &[String]) -> ConfigError {
        let d = Diagnostic::new(
            CONFIG,
            Severity::Error,
            format!(
                "the rule packs in `{}` replace the pack of version {} that partnerlint has",
                folder.value,
                versions.join(", ")
            ),
        )
        .at(folder.span.clone(), Some("replaces a built-in version".into()))
        .with_help("Give the pack a version of its own (it may `extends:` the built-in one), or write `shadow_builtin: true` in this file to replace it on purpose; the report then says so.");
        ConfigError::File(self.path.display().to_string(), self.text.clone(), vec![d])
    }

    /// Checks what needs the rule packs: the policy version and the rule ids.
    pub fn check_against(&self, packs: &PackSet) -> Result<(), ConfigError> {
        let mut problems = Vec::new();
        if let Some(policy) = &self.policy {
            if packs.get(&policy.value).is_none() {
                problems.push(
                    Diagnostic::new(
                        CONFIG,
                        Severity::Error,
                        format!(
                            "policy version `{}` is not one partnerlint has",
                            policy.value
                        ),
                    )
                    .at(policy.span.clone(), Some("unknown policy version".into()))
                    .with_help(format!(
                        "Pin one of the known versions: {}.",
                        packs.versions().join(", ")
                    )),
                );
            }
        }
        let known = rule_ids(packs);
        let levels = self
            .severity
            .iter()
            .chain(self.overrides.iter().flat_map(|o| &o.severity));
        for set in levels {
            let id = &set.value.0;
            if known.iter().any(|k| k == id) {
                continue;
            }
            let (message, help) = match crate::schema::closest(id, &known) {
                Some(best) => (
                    format!("`{id}` is not a rule; did you mean `{best}`?"),
                    format!("Write `{best}`; `partnerlint rules` lists the rule ids."),
                ),
                None => (
                    format!("`{id}` is not a rule of partnerlint or of its policy versions"),
                    "`partnerlint rules` lists the rule ids.".to_string(),
                ),
            };
            problems.push(
                Diagnostic::new(CONFIG, Severity::Error, message)
                    .at(set.span.clone(), Some("unknown rule".into()))
                    .with_help(help),
            );
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ConfigError::File(
                self.path.display().to_string(),
                self.text.clone(),
                problems,
            ))
        }
    }
}

/// Every rule id a configuration may name: the engine's and those of every pack.
pub fn rule_ids(packs: &PackSet) -> Vec<String> {
    let mut ids: Vec<String> = ENGINE_RULES.iter().map(|r| r.id.to_string()).collect();
    for pack in packs.packs() {
        for rule in &pack.rules {
            if !ids.contains(&rule.id) {
                ids.push(rule.id.clone());
            }
        }
    }
    ids
}

/// What the command line says; it beats the configuration file.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `--config FILE`: this file for every path, instead of looking for one.
    pub config: Option<PathBuf>,
    pub policy: Option<String>,
    pub fail_on: Option<Severity>,
    /// `--isolated`: no configuration file at all, the built-in settings only.
    pub isolated: bool,
    /// `--select`: only these rules are checked (empty: every rule).
    pub select: Vec<String>,
    /// `--ignore`: these rules are not checked.
    pub ignore: Vec<String>,
}

impl Flags {
    /// The rules of `packs` that `--select` and `--ignore` switch off; an id that names no
    /// rule is an error, so a typo never silently checks nothing.
    fn switched_off(&self, packs: &PackSet) -> Result<Vec<String>, ConfigError> {
        let ids = rule_ids(packs);
        for (flag, id) in self
            .select
            .iter()
            .map(|id| ("--select", id))
            .chain(self.ignore.iter().map(|id| ("--ignore", id)))
        {
            if !ids.contains(id) {
                let hint = crate::schema::closest(id, &ids)
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                return Err(ConfigError::Io(format!(
                    "`{flag} {id}`: no rule has this id{hint} (`partnerlint rules` lists them)"
                )));
            }
        }
        Ok(ids
            .into_iter()
            .filter(|id| {
                self.ignore.contains(id) || (!self.select.is_empty() && !self.select.contains(id))
            })
            .collect())
    }
}

/// The settings of the files one configuration (or none) governs.
#[derive(Debug, Clone)]
pub struct Profile {
    pub config: Option<Config>,
    /// The built-in packs (or `--rules`), and the configuration's `rules:` packs.
    pub packs: PackSet,
    /// `--policy`, else the configuration's `policy`.
    pub policy: Option<String>,
    pub fail_on: Severity,
    levels: Arc<Levels>,
    /// Rules `--select`/`--ignore` switch off: they win over the configuration.
    switched_off: Vec<String>,
    /// What the configuration changed, for the report (`None` without one).
    pub applied: Option<Applied>,
}

impl Profile {
    fn new(config: Option<Config>, base: &PackSet, flags: &Flags) -> Result<Profile, ConfigError> {
        let mut packs = base.clone();
        let mut applied = config.as_ref().map(Config::applied);
        if let Some(c) = &config {
            for folder in &c.rules {
                // Named relative to the current folder where it can be, as packs show it.
                let dir = shown(&absolute(&c.dir.join(&folder.value)));
                // A pack a found configuration names is the pull request's: confined to
                // the repository. `--config` is the command line's.
                let confine = (!c.named).then(|| crate::boundary::root().real.as_path());
                let extra = PackSet::from_dir_within(&dir, confine).map_err(ConfigError::Pack)?;
                let replaces: Vec<String> = extra
                    .selected()
                    .filter(|p| {
                        base.selected()
                            .any(|b| b.manifest.version == p.manifest.version)
                    })
                    .map(|p| p.manifest.version.clone())
                    .collect();
                if !replaces.is_empty() && !c.shadow_builtin {
                    return Err(c.shadowing(folder, &replaces));
                }
                if let Some(a) = &mut applied {
                    a.packs.push(AppliedPacks {
                        folder: dir.display().to_string(),
                        versions: extra
                            .selected()
                            .map(|p| p.manifest.version.clone())
                            .collect(),
                        replaces,
                    });
                }
                let kept = packs
                    .packs()
                    .iter()
                    .filter(|p| extra.get(&p.manifest.version).is_none())
                    .cloned();
                packs = PackSet::from_shared(kept.chain(extra.packs().iter().cloned()).collect());
            }
            c.check_against(&packs)?;
        }
        let switched_off = flags.switched_off(&packs)?;
        let mut levels: Levels = config.as_ref().map_or_else(Levels::new, |c| {
            c.severity
                .iter()
                .map(|s| (s.value.0.clone(), s.value.1))
                .collect()
        });
        for id in &switched_off {
            levels.insert(id.clone(), None);
        }
        Ok(Profile {
            policy: flags
                .policy
                .clone()
                .or_else(|| config.as_ref()?.policy.as_ref().map(|p| p.value.clone())),
            fail_on: flags
                .fail_on
                .or_else(|| config.as_ref()?.fail_on.as_ref().map(|f| f.value))
                .unwrap_or(Severity::Error),
            levels: Arc::new(levels),
            switched_off,
            packs,
            config,
            applied,
        })
    }

    /// Whether the configuration's `exclude` leaves `path` out.
    pub fn excludes(&self, path: &Path) -> bool {
        self.config.as_ref().is_some_and(|c| c.excludes(path))
    }

    /// `excludes`, counting the files left out for the report.
    pub fn leaves_out(&mut self, path: &Path) -> bool {
        let out = self.excludes(path);
        if let (true, Some(a)) = (out, &mut self.applied) {
            a.excluded_files += 1;
        }
        out
    }

    /// The rule levels for `path`: `severity`, then each `overrides` entry that matches.
    pub fn levels_for(&self, path: &Path) -> Arc<Levels> {
        let Some(config) = &self.config else {
            return self.levels.clone();
        };
        let mut matching = config.overrides_for(path).peekable();
        if matching.peek().is_none() {
            return self.levels.clone();
        }
        let mut levels = (*self.levels).clone();
        for (_, o) in matching {
            for s in &o.severity {
                levels.insert(s.value.0.clone(), s.value.1);
            }
        }
        for id in &self.switched_off {
            levels.insert(id.clone(), None);
        }
        Arc::new(levels)
    }
}

/// Finds and loads the configuration of each file, once per folder and per file.
pub struct Resolver<'a> {
    flags: &'a Flags,
    base: &'a PackSet,
    /// The profile `--config` gives every file.
    fixed: Option<usize>,
    folders: HashMap<PathBuf, usize>,
    /// The folder of the last file asked about, as given, and its profile: files come
    /// folder by folder.
    last: Option<(PathBuf, usize)>,
    loaded: HashMap<Option<PathBuf>, usize>,
    /// The file `--config` names (absolute).
    named: Option<PathBuf>,
    pub profiles: Vec<Profile>,
}

impl<'a> Resolver<'a> {
    pub fn new(flags: &'a Flags, base: &'a PackSet) -> Result<Resolver<'a>, ConfigError> {
        let mut r = Resolver {
            flags,
            base,
            fixed: None,
            folders: HashMap::new(),
            last: None,
            loaded: HashMap::new(),
            named: flags.config.as_deref().map(absolute),
            profiles: Vec::new(),
        };
        if flags.isolated {
            r.fixed = Some(r.profile_of(None)?);
            return Ok(r);
        }
        if let Some(path) = &flags.config {
            if path.symlink_metadata().is_err() {
                return Err(ConfigError::Io(format!(
                    "the configuration file `{}` does not exist",
                    path.display()
                )));
            }
            r.fixed = Some(r.profile_of(Some(absolute(path)))?);
        }
        Ok(r)
    }

    fn profile_of(&mut self, config: Option<PathBuf>) -> Result<usize, ConfigError> {
        if let Some(&i) = self.loaded.get(&config) {
            return Ok(i);
        }
        let loaded = match config.as_deref() {
            Some(path) => Some(Config::load(path, Some(path) == self.named.as_deref())?),
            None => None,
        };
        self.profiles
            .push(Profile::new(loaded, self.base, self.flags)?);
        self.loaded.insert(config, self.profiles.len() - 1);
        Ok(self.profiles.len() - 1)
    }

    /// The index in [`Resolver::profiles`] of the profile for the file `path`.
    pub fn profile_for(&mut self, path: &Path) -> Result<usize, ConfigError> {
        if let Some(i) = self.fixed {
            return Ok(i);
        }
        let given = path.parent().unwrap_or(Path::new(""));
        if let Some((_, i)) = self.last.as_ref().filter(|(d, _)| d == given) {
            return Ok(*i);
        }
        let full = absolute(path);
        let dir = full.parent().map(Path::to_path_buf).unwrap_or_default();
        let i = self.profile_for_dir(&dir)?;
        self.last = Some((given.to_path_buf(), i));
        Ok(i)
    }

    /// The profile for files in the folder `dir` (absolute).
    pub fn profile_for_dir(&mut self, dir: &Path) -> Result<usize, ConfigError> {
        if let Some(i) = self.fixed {
            return Ok(i);
        }
        if let Some(&i) = self.folders.get(dir) {
            return Ok(i);
        }
        let i = self.profile_of(find(dir))?;
        self.folders.insert(dir.to_path_buf(), i);
        Ok(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("/repo/.partnerlint.yaml"), text.to_string())
    }

    fn problems(text: &str) -> Vec<String> {
        match parse(text) {
            Err(ConfigError::File(_, _, d)) => d.into_iter().map(|d| d.message).collect(),
            other => panic!("expected diagnostics, got {other:?}"),
        }
    }

    #[test]
    fn reads_every_key_with_its_line() {
        let c = parse(
            "# settings\npolicy: \"2026.11\"\nfail_on: warning\nexclude: [drafts/**]\nseverity:\n  market-duplicate: error\n  compliance-case-by-case: off\noverrides:\n  - files: [legacy/**]\n    severity: {market-known: warning}\n",
        )
        .unwrap();
        assert_eq!(
            c.policy.as_ref().map(|p| (p.value.as_str(), p.line)),
            Some(("2026.11", 2))
        );
        assert_eq!(c.fail_on.as_ref().map(|f| f.value), Some(Severity::Warning));
        assert_eq!(c.severity.len(), 2);
        assert_eq!(
            c.severity[1].value,
            ("compliance-case-by-case".to_string(), None)
        );
        assert_eq!(c.severity[1].line, 7);
        assert!(c.excludes(Path::new("/repo/drafts/a.partner.yaml")));
        assert!(c.excludes(Path::new("/repo/drafts/deep/a.partner.yaml")));
        assert!(!c.excludes(Path::new("/repo/apps/a.partner.yaml")));
        assert_eq!(
            c.overrides_for(Path::new("/repo/legacy/x.partner.yaml"))
                .count(),
            1
        );
        assert_eq!(
            c.overrides_for(Path::new("/repo/x.partner.yaml")).count(),
            0
        );
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        let c = parse("# nothing yet\n\n").unwrap();
        assert!(c.policy.is_none() && c.severity.is_empty());
    }

    #[test]
    fn mistakes_are_diagnostics() {
        let p = problems("fail_onn: warning\n");
        assert!(p[0].contains("did you mean `fail_on`"), "{p:?}");
        let p = problems("fail_on: sometimes\n");
        assert!(p[0].contains("not one of the allowed values"), "{p:?}");
        let p = problems("severity:\n  market-known: loud\n");
        assert!(p[0].contains("loud"), "{p:?}");
        let p = problems("exclude: [\"a/{b\"]\n");
        assert!(p[0].contains("not a valid glob"), "{p:?}");
    }

    #[test]
    fn stars_stay_within_a_folder() {
        let c = parse("exclude: [\"*.partner.yaml\"]\n").unwrap();
        assert!(c.excludes(Path::new("/repo/a.partner.yaml")));
        assert!(!c.excludes(Path::new("/repo/sub/a.partner.yaml")));
    }
}
