//! The configuration file itself: finding it, reading it, checking it against its
//! schema, and what it says.

use crate::applied::{Applied, AppliedOverride};
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::node::{Node, NodeKind};
use crate::pack::{PackError, PackSet};
use crate::paths::{absolute, shown, working_dir};
use crate::schema::Schema;
use crate::source::{SourceText, Span};
use crate::yaml::{self, Limits};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The name partnerlint looks for.
pub const FILE_NAME: &str = ".partnerlint.yaml";

/// The configuration file's JSON Schema, as shipped.
pub const CONFIG_SCHEMA: &str = include_str!("../../schemas/config.schema.json");

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
        || match Schema::compile(CONFIG_SCHEMA, Code::Config, "the configuration file") {
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
    find_within(dir, stop)
}

/// The nearest `.partnerlint.yaml` from `dir` upward to `stop` (both absolute), never
/// above it; a `dir` outside `stop` is searched alone. The language server's boundary
/// is a document's workspace folder, not the folder it was started in.
pub fn find_within(dir: &Path, stop: &Path) -> Option<PathBuf> {
    let stop = if dir.starts_with(stop) { stop } else { dir };
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
            Diagnostic::new(Code::Config, Severity::Error, message)
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
            let d = Diagnostic::new(Code::FileOutsideRepository, Severity::Error, message)
                .with_help(help);
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
            let problems = schema().validate(root, r.text);
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
    pub(super) fn applied(&self) -> Applied {
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
    pub(super) fn shadowing(&self, folder: &Set<String>, versions: &[String]) -> ConfigError {
        let d = Diagnostic::new(
            Code::Config,
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
                        Code::Config,
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
            let (message, help) = match crate::diagnostic::closest(id, &known) {
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
                Diagnostic::new(Code::Config, Severity::Error, message)
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
    let mut ids: Vec<String> = Code::ALL.iter().map(|c| c.id().to_string()).collect();
    for pack in packs.packs() {
        for rule in &pack.rules {
            if !ids.contains(&rule.id) {
                ids.push(rule.id.clone());
            }
        }
    }
    ids
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
