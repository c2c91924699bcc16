//! Rule packs: the onboarding policy of one version, as data. A pack goes through a
//! one-way pipeline, a module each: [`source`] finds its files (embedded in the binary,
//! or from `--rules DIR`), [`parse`] loads them and checks them against their schemas,
//! [`resolve`] finds the packs it extends, [`compile`] compiles its rules over theirs,
//! and [`eval`] evaluates them against each application file. The condition vocabulary
//! is [`condition`]; what rules may see of the file system is `crate::file_access`.

mod compile;
pub mod condition;
mod context;
mod eval;
pub mod fix;
mod original;
mod parse;
pub mod path;
mod resolve;
mod root_cause;
mod source;
pub mod stage;
pub mod template;

pub use crate::file_access::{FileAccess, FsCache};

/// The JSON Schemas of a pack's files, as shipped.
pub mod schemas {
    pub use super::parse::{
        DATA_SCHEMA as DATA, MANIFEST_SCHEMA as MANIFEST, RULE_FILE_SCHEMA as RULE_FILE,
    };
}
pub use compile::Expressions;
pub use context::Context;
pub(crate) use source::builtin_test_files;
pub use source::{PackError, PackFile};
pub use stage::{Phase, Stage};

use crate::diagnostic::Severity;
use crate::node::{Node, NodeKind};
use condition::Condition;
use jiff::civil::Date;
use path::Path;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;
use template::Template;

/// A pack's manifest: `pack.yaml`.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub version: String,
    pub effective: Date,
    pub summary: String,
    pub supersedes: Option<String>,
    pub sources: BTreeMap<String, SourceDocument>,
}

#[derive(Debug, Clone)]
pub struct SourceDocument {
    pub title: String,
    pub file: String,
}

/// Where a rule comes from in the published policy.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub document: String,
    pub section: String,
    pub quote: String,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    pub title: String,
    pub source: RuleSource,
    pub description: String,
    pub when: Option<Condition>,
    pub checks: Vec<Check>,
    pub example_fail: String,
    pub example_pass: String,
    /// The rule file it was defined in, relative to the pack that defines it.
    pub file: String,
    /// The pack that defines it: this pack's version, or a base's (`2026.11 (built-in)`).
    pub defined_in: String,
    /// Whether the pack it was defined in is this one (not a base it extends).
    pub own: bool,
    /// `warn_from` / `error_from`.
    pub stage: Stage,
    /// The rule as written: what `rules diff` compares.
    pub definition: Definition,
}

/// A rule as written in its file. It holds the file's tree and becomes JSON only when
/// asked, which checking never does: converting every rule at start-up cost a tenth of
/// a one-file check.
#[derive(Debug, Clone, Default)]
pub struct Definition {
    file: Arc<Node>,
    index: usize,
}

impl Definition {
    pub(crate) fn new(file: Arc<Node>, index: usize) -> Self {
        Definition { file, index }
    }

    /// The rule's node: item `index` of its file's `rules`.
    pub fn node(&self) -> Option<&Node> {
        match &self.file.get("rules")?.kind {
            NodeKind::Seq(items) => items.get(self.index),
            _ => None,
        }
    }

    /// One field of the rule, as JSON.
    pub fn field(&self, key: &str) -> Option<Value> {
        self.node()?.get(key).map(Node::to_json)
    }
}

#[derive(Debug, Clone)]
pub struct Check {
    pub for_each: Vec<Path>,
    pub when: Option<Condition>,
    /// What must hold: a finding where it is known not to.
    pub require: Option<Condition>,
    /// What must not hold: a finding where it is known to ("report when").
    pub forbid: Option<Condition>,
    pub at: Option<Path>,
    pub also: Vec<(Path, Template)>,
    pub label: Option<Template>,
    pub severity: Option<Severity>,
    pub message: Template,
    pub help: Template,
    pub suggest: Option<Suggest>,
    pub help_without_suggestion: Option<Template>,
    /// What fixes its finding (`fix:`).
    pub fix: Option<fix::FixSpec>,
    /// `warn_from` / `error_from` of this check, within its rule's.
    pub stage: Stage,
}

#[derive(Debug, Clone)]
pub struct Suggest {
    pub among: Vec<String>,
    pub aliases: Vec<(String, String)>,
}

/// One version of the policy, compiled.
#[derive(Debug, Clone)]
pub struct RulePack {
    pub manifest: Manifest,
    pub data: serde_json::Map<String, Value>,
    pub rules: Vec<Rule>,
    /// Where it was loaded from: `built-in` or a folder.
    pub origin: String,
    /// The pack it extends, when it does.
    pub extends: Option<BaseInfo>,
    /// The rules of its bases it disables.
    pub disabled: Vec<String>,
    /// Its named field lists (`fields:` in data.yaml): conditions name them as
    /// `$NAME`, and each is looked up once per document.
    pub fields: Vec<(String, Vec<path::Path>)>,
    /// Here only as the base of another pack: not selected by date, and found by version
    /// only when no other pack has that version.
    pub base_only: bool,
    /// The folder it was read from (`None` for a built-in pack).
    pub dir: Option<std::path::PathBuf>,
    /// Its `tests/` fixtures, when it is built in (a folder's are read from disk).
    pub embedded_tests: Vec<PackFile>,
    /// Its onboarding plan, `plan.yaml` (or its base's), uncompiled: see `crate::plan`.
    pub plan: Option<PackFile>,
    /// Its `root_causes` and `assume_aliases` tables, read from `data` once.
    pub(crate) reasoning: root_cause::Reasoning,
}

/// What a pack extends: the base's version and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseInfo {
    pub version: String,
    pub origin: String,
}

impl std::fmt::Display for BaseInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.version, self.origin)
    }
}

/// `contacts.us` in a pack's data tables.
pub fn data_lookup<'a>(data: &'a serde_json::Map<String, Value>, name: &str) -> Option<&'a Value> {
    let mut parts = name.split('.');
    let mut here = data.get(parts.next()?)?;
    for part in parts {
        here = here.get(part)?;
    }
    Some(here)
}

impl RulePack {
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Where `rule` comes from, as people read it: the document's title and file, and
    /// the quote on one line.
    pub fn source_of(&self, rule: &Rule) -> (String, String) {
        let document = self
            .manifest
            .sources
            .get(&rule.source.document)
            .map_or(rule.source.document.clone(), |d| {
                format!("\"{}\" ({})", d.title, d.file)
            });
        let quote = rule
            .source
            .quote
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        (document, quote)
    }

    /// `2026.11 (built-in)`, `2026.11 (./policy)`.
    pub fn label(&self) -> String {
        format!("{} ({})", self.manifest.version, self.origin)
    }
}

/// Every pack this run can use, ordered by version.
#[derive(Debug, Clone, Default)]
pub struct PackSet {
    /// Shared: every configuration's profile starts from the same compiled packs.
    packs: Vec<Arc<RulePack>>,
}

impl PackSet {
    pub fn new(packs: Vec<RulePack>) -> PackSet {
        PackSet::from_shared(packs.into_iter().map(Arc::new).collect())
    }

    /// A set of packs already compiled for another set.
    pub fn from_shared(mut packs: Vec<Arc<RulePack>>) -> PackSet {
        packs.sort_by(|a, b| a.manifest.version.cmp(&b.manifest.version));
        PackSet { packs }
    }

    /// The packs compiled into the binary.
    pub fn builtin() -> Result<PackSet, PackError> {
        resolve::builtin()
    }

    /// One pack compiled from files held in memory (`relative` names them inside the
    /// pack: `pack.yaml`, `data.yaml`, `rules/….yaml`), as from a folder; a pack it
    /// extends must be built in. For tools and fuzzing: nothing touches the file system.
    pub fn from_files(files: Vec<PackFile>, origin: &str) -> Result<PackSet, PackError> {
        resolve::from_files(files, origin)
    }

    /// A set of one pack, to check files against exactly that pack.
    pub fn single(pack: RulePack) -> PackSet {
        PackSet {
            packs: vec![Arc::new(pack)],
        }
    }

    /// The packs in a folder: a pack itself (it has `pack.yaml`), or a folder of packs;
    /// with the packs they extend (built-in, or by path) as bases.
    pub fn from_dir(dir: &std::path::Path) -> Result<PackSet, PackError> {
        resolve::from_dir(dir, None)
    }

    /// `from_dir`, with every file read (links resolved) inside `confine` when given:
    /// for packs that a pull request's configuration names.
    pub fn from_dir_within(
        dir: &std::path::Path,
        confine: Option<&std::path::Path>,
    ) -> Result<PackSet, PackError> {
        resolve::from_dir(dir, confine)
    }

    pub fn packs(&self) -> &[Arc<RulePack>] {
        &self.packs
    }

    /// The versions available, each once.
    pub fn versions(&self) -> Vec<&str> {
        let mut versions: Vec<&str> = self
            .packs
            .iter()
            .map(|p| p.manifest.version.as_str())
            .collect();
        versions.dedup();
        versions
    }

    /// The pack of `version`: a loaded one before a pack that is only a base, so an
    /// organisation's pack that takes its base's version stands in for it.
    pub fn get(&self, version: &str) -> Option<&RulePack> {
        let mut found = self
            .packs
            .iter()
            .map(Arc::as_ref)
            .filter(|p| p.manifest.version == version);
        let first = found.next()?;
        if !first.base_only {
            return Some(first);
        }
        found.find(|p| !p.base_only).or(Some(first))
    }

    /// The newest pack in force on `today`, among the packs loaded (not mere bases).
    pub fn in_effect(&self, today: Date) -> Option<&RulePack> {
        self.packs
            .iter()
            .map(Arc::as_ref)
            .rev()
            .find(|p| !p.base_only && p.manifest.effective <= today)
    }

    /// The packs that were asked for, without the bases they pulled in.
    pub fn selected(&self) -> impl Iterator<Item = &RulePack> {
        self.packs.iter().map(Arc::as_ref).filter(|p| !p.base_only)
    }

    /// The packs that extend `pack` (by origin and version).
    pub fn extended_by(&self, pack: &RulePack) -> Vec<&RulePack> {
        self.packs
            .iter()
            .map(Arc::as_ref)
            .filter(|p| {
                p.extends
                    .as_ref()
                    .is_some_and(|b| b.version == pack.manifest.version && b.origin == pack.origin)
            })
            .collect()
    }
}
