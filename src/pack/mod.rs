//! Rule packs: the onboarding policy of one version, as data. A pack is loaded from YAML
//! files (embedded in the binary, or from `--rules DIR`), checked against its own
//! schemas, compiled once, and evaluated against each application file.

mod compile;
pub mod condition;
pub mod diff;
mod files;
mod load;
pub mod path;
pub mod stage;
pub mod template;
pub mod testing;

pub use compile::{Expressions, RULE_PACK};
pub use files::FileAccess;

/// The JSON Schemas of a pack's files, as shipped.
pub mod schemas {
    pub use super::compile::{
        DATA_SCHEMA as DATA, MANIFEST_SCHEMA as MANIFEST, RULE_FILE_SCHEMA as RULE_FILE,
    };
}
pub use load::{PackError, PackFile};
pub use stage::{Phase, Stage};

use crate::diagnostic::{Diagnostic, Severity};
use crate::node::{Located, Node, NodeKind, PointerIndex};
use crate::source::Span;
use condition::{Condition, DateRef};
use jiff::civil::Date;
use path::Path;
use serde_json::Value;
use std::borrow::Cow;
use std::cell::Cell;
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
    pub require: Condition,
    pub at: Option<Path>,
    pub also: Vec<(Path, Template)>,
    pub label: Option<Template>,
    pub severity: Option<Severity>,
    pub message: Template,
    pub help: Template,
    pub suggest: Option<Suggest>,
    pub help_without_suggestion: Option<Template>,
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
    /// Here only as the base of another pack: not selected by date, and found by version
    /// only when no other pack has that version.
    pub base_only: bool,
    /// How many distinct leading parts of paths naming one node its rules use
    /// (`Path::memo`).
    pub path_slots: usize,
    /// How many distinct shared conditions its rules use (`Condition::Shared`).
    pub condition_slots: usize,
    /// The folder it was read from (`None` for a built-in pack).
    pub dir: Option<std::path::PathBuf>,
    /// Its `tests/` fixtures, when it is built in (a folder's are read from disk).
    pub embedded_tests: Vec<PackFile>,
    /// Its onboarding plan, `plan.yaml` (or its base's), uncompiled: see `crate::plan`.
    pub plan: Option<PackFile>,
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

/// What an evaluation sees: the document, the bound item, today, the file system.
pub struct Context<'a> {
    pub root: Located<'a>,
    pub text: &'a str,
    pub today: Date,
    pub item: Option<Located<'a>>,
    pub files: &'a FileAccess,
    /// The node each leading part of a path named in this document, once looked up
    /// (`Path::memo`).
    lookups: Vec<Cell<Option<Option<&'a Node>>>>,
    /// Each shared condition's outcome on this document, once evaluated.
    outcomes: Vec<Cell<Option<Option<bool>>>>,
    /// The list items that repeat an earlier item of their list (by address), found in
    /// one walk of the document the first time a rule asks.
    repeated: std::cell::OnceCell<std::collections::HashSet<usize>>,
}

/// The value in `slot` of a per-document memo, worked out by `work_out` the first time
/// (it may ask the memo itself). A memo hit is the most frequent step of a check: a
/// `Cell` costs one load, where a `RefCell` kept a borrow count.
fn remembered<T: Copy>(memo: &[Cell<Option<T>>], slot: usize, work_out: impl FnOnce() -> T) -> T {
    let Some(cell) = memo.get(slot) else {
        return work_out();
    };
    if let Some(value) = cell.get() {
        return value;
    }
    let value = work_out();
    cell.set(Some(value));
    value
}

impl<'a> Context<'a> {
    /// A context for expressions compiled apart from the rules ([`Expressions`]), with
    /// the memo slots they need.
    pub fn new(
        root: &'a Node,
        text: &'a str,
        today: Date,
        files: &'a FileAccess,
        (path_slots, condition_slots): (usize, usize),
    ) -> Context<'a> {
        Context {
            root: Located::root(root),
            text,
            today,
            item: None,
            files,
            lookups: vec![Cell::new(None); path_slots],
            outcomes: vec![Cell::new(None); condition_slots],
            repeated: std::cell::OnceCell::new(),
        }
    }

    /// The addresses of the list items that repeat an earlier item of their list.
    pub fn repeated_items(&self) -> &std::collections::HashSet<usize> {
        self.repeated
            .get_or_init(|| condition::repeated_items(self.root.node, self.text))
    }

    /// Whether `f` holds for a node `path` names.
    pub fn any_node(&self, path: &Path, mut f: impl FnMut(&'a Node) -> bool) -> bool {
        match path.memo.len() {
            0 => path.any(self.root.node, self.item.as_ref(), &mut f),
            known => self.part(path, known - 1).is_some_and(|node| {
                if known == path.segments.len() {
                    f(node)
                } else {
                    path.any_below(known, node, &mut f)
                }
            }),
        }
    }

    /// Every node `path` names, with the span of the key that holds it.
    pub fn nodes(&self, path: &Path, out: &mut Vec<(&'a Node, Option<Span>)>) {
        match path.memo.len() {
            // A path naming one node keeps the span of its key: found afresh.
            known if known == 0 || known == path.segments.len() => {
                path.nodes(self.root.node, self.item.as_ref(), out);
            }
            known => {
                if let Some(node) = self.part(path, known - 1) {
                    path.nodes_below(known, node, out);
                }
            }
        }
    }

    /// The outcome of shared condition `slot`, evaluated once per document by `eval`.
    pub(crate) fn outcome(&self, slot: usize, eval: impl FnOnce() -> Option<bool>) -> Option<bool> {
        remembered(&self.outcomes, slot, eval)
    }

    /// The node the first `k + 1` segments of `path` lead to (they name at most one),
    /// looked up once per document, from its parent.
    fn part(&self, path: &Path, k: usize) -> Option<&'a Node> {
        remembered(&self.lookups, path.memo[k], || {
            let parent = match k {
                0 => self.root.node,
                _ => self.part(path, k - 1)?,
            };
            match &path.segments[k] {
                path::Segment::Field(name) => parent.get(name),
                path::Segment::Index(i) => parent.item(*i),
                path::Segment::Each => None,
            }
        })
    }

    /// Whether `f` holds for the text of a scalar `path` names.
    pub fn any_text(&self, path: &Path, mut f: impl FnMut(&str) -> bool) -> bool {
        let text = self.text;
        self.any_node(path, |n| n.scalar_text(text).is_some_and(|t| f(&t)))
    }

    /// The text of the first scalar `path` names.
    pub fn first_text(&self, path: &Path) -> Option<Cow<'a, str>> {
        let text = self.text;
        let mut found = None;
        self.any_node(path, |n| {
            found = n.scalar_text(text);
            found.is_some()
        });
        found
    }

    /// A date: `Some(None)` when the field is missing, `None` when it is there but is
    /// not a date.
    pub fn date(&self, date: &DateRef) -> Option<Option<Date>> {
        match date {
            DateRef::Today => Some(Some(self.today)),
            DateRef::Field(p) => match self.first_text(p) {
                None => Some(None),
                Some(t) => t.parse().ok().map(Some),
            },
        }
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

    /// Every diagnostic the pack's rules raise on `root`.
    pub fn evaluate(
        &self,
        root: &Node,
        text: &str,
        today: Date,
        files: &FileAccess,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut items = Vec::new();
        let pointers = std::cell::OnceCell::new();
        let mut cx = Context::new(
            root,
            text,
            today,
            files,
            (self.path_slots, self.condition_slots),
        );
        for rule in &self.rules {
            let rule_phase = rule.stage.phase(today);
            if rule_phase == Phase::Off
                || rule
                    .when
                    .as_ref()
                    .is_some_and(|w| w.eval(&cx) != Some(true))
            {
                continue;
            }
            for check in &rule.checks {
                let phase = rule_phase.and(check.stage.phase(today));
                if phase == Phase::Off {
                    continue;
                }
                if check.for_each.is_empty() {
                    if check.fails(&cx) {
                        out.push(diagnostic(rule, check, &cx, phase));
                    }
                    continue;
                }
                items.clear();
                for path in &check.for_each {
                    cx.nodes(path, &mut items);
                }
                for (node, key_span) in items.drain(..) {
                    cx.item = Some(Located {
                        node,
                        key_span,
                        pointer: String::new(),
                    });
                    if check.fails(&cx) {
                        if let Some(item) = &mut cx.item {
                            item.pointer = pointers
                                .get_or_init(|| PointerIndex::of(root))
                                .pointer(root, node)
                                .unwrap_or_default();
                        }
                        out.push(diagnostic(rule, check, &cx, phase));
                    }
                }
                cx.item = None;
            }
        }
        out
    }
}

impl Check {
    /// Whether the check applies (`when`) and its requirement is known not to hold.
    fn fails(&self, cx: &Context) -> bool {
        self.when.as_ref().is_none_or(|w| w.eval(cx) == Some(true))
            && self.require.eval(cx) == Some(false)
    }
}

fn diagnostic(rule: &Rule, check: &Check, cx: &Context, phase: Phase) -> Diagnostic {
    let (at, pointer) = match (&check.at, &cx.item) {
        (Some(path), _) => path.resolve_nearest(&cx.root, cx.item.as_ref()),
        (None, Some(item)) => (item.clone(), item.pointer.clone()),
        (None, None) => (cx.root.clone(), String::new()),
    };
    let suggestion = check.suggest.as_ref().and_then(|s| {
        let value = at.node.scalar_text(cx.text)?;
        suggest(&value, s)
    });
    let help = match (&suggestion, &check.help_without_suggestion) {
        (None, Some(fallback)) => fallback.render(cx, None),
        _ => check.help.render(cx, suggestion.as_deref()),
    };
    let (severity, staged) = phase.apply(check.severity.unwrap_or(rule.severity));
    let mut message = check.message.render(cx, suggestion.as_deref());
    message.push_str(staged.as_deref().unwrap_or_default());
    let mut d = Diagnostic::new(&rule.id, severity, message)
        .with_help(help)
        .with_pointer(pointer)
        .at(
            at.label_span(cx.text),
            check
                .label
                .as_ref()
                .map(|l| l.render(cx, suggestion.as_deref())),
        );
    let mut found = Vec::new();
    for (path, label) in &check.also {
        found.clear();
        path.nodes(cx.root.node, cx.item.as_ref(), &mut found);
        if let Some((other, key_span)) = found.first() {
            d = d.also(
                crate::node::label_span(other, key_span.as_ref(), cx.text),
                label.render(cx, suggestion.as_deref()),
            );
        }
    }
    d
}

/// The value meant by `value`: an alias (`GB` → `UK`), a case slip (`uk`), or the
/// closest known value.
fn suggest(value: &str, s: &Suggest) -> Option<String> {
    let lower = value.trim().to_lowercase();
    if let Some((_, to)) = s
        .aliases
        .iter()
        .find(|(from, _)| from.to_lowercase() == lower)
    {
        return Some(to.clone());
    }
    crate::schema::closest(value.trim(), &s.among)
        .map(str::to_string)
        .or_else(|| {
            s.among
                .iter()
                .map(|c| (strsim::levenshtein(&lower, &c.to_lowercase()), c))
                .filter(|(d, c)| *d <= 1 && c.len() > 1)
                .min_by_key(|(d, _)| *d)
                .map(|(_, c)| c.clone())
        })
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
        load::builtin()
    }

    /// One pack compiled from files held in memory (`relative` names them inside the
    /// pack: `pack.yaml`, `data.yaml`, `rules/….yaml`), as from a folder; a pack it
    /// extends must be built in. For tools and fuzzing: nothing touches the file system.
    pub fn from_files(files: Vec<PackFile>, origin: &str) -> Result<PackSet, PackError> {
        load::from_files(files, origin)
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
        load::from_dir(dir, None)
    }

    /// `from_dir`, with every file read (links resolved) inside `confine` when given:
    /// for packs that a pull request's configuration names.
    pub fn from_dir_within(
        dir: &std::path::Path,
        confine: Option<&std::path::Path>,
    ) -> Result<PackSet, PackError> {
        load::from_dir(dir, confine)
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
