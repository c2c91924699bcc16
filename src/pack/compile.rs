//! Compiles a pack's YAML files into a [`RulePack`]. Every mistake is a diagnostic that
//! points into the file that holds it: first the files' schemas, then what a schema
//! cannot see (unknown data tables, bad paths and patterns, duplicate ids).

use super::condition::{Condition, DateRef, Operand, YamlType};
use super::load::{PackError, PackFile};
use super::path::Path;
use super::stage::Stage;
use super::template::Template;
use super::{
    BaseInfo, Check, Definition, Manifest, Rule, RulePack, RuleSource, SourceDocument, Suggest,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::node::{Node, NodeKind};
use crate::schema::Schema;
use crate::source::Span;
use crate::yaml::{self, Limits};
use jiff::civil::Date;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// The rule id of diagnostics about rule packs.
pub const RULE_PACK: &str = "rule-pack";

pub const MANIFEST_SCHEMA: &str = include_str!("../../schemas/rule-pack.schema.json");
pub const DATA_SCHEMA: &str = include_str!("../../schemas/rule-data.schema.json");
pub const RULE_FILE_SCHEMA: &str = include_str!("../../schemas/rule-file.schema.json");

fn schema(which: &'static OnceLock<Schema>, text: &str, subject: &'static str) -> &'static Schema {
    which.get_or_init(|| match Schema::compile(text, RULE_PACK, subject) {
        Ok(s) => s.with_root_help(
            "Write the file as a mapping of fields, as docs/writing-rules.md shows.",
        ),
        Err(e) => unreachable!("a shipped rule-pack schema does not compile: {e}"),
    })
}

fn manifest_schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    schema(&S, MANIFEST_SCHEMA, "the pack manifest")
}
fn data_schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    schema(&S, DATA_SCHEMA, "the data file")
}
fn rule_file_schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    schema(&S, RULE_FILE_SCHEMA, "the rule file")
}

/// A pack's files, loaded and checked against their schemas but not compiled. An
/// extending pack merges these trees with its bases' before anything is compiled, so the
/// bases' rules compile against the merged data.
#[derive(Debug, Clone)]
pub(super) struct Parsed {
    /// `built-in`, or the folder it was read from.
    pub origin: String,
    pub dir: Option<PathBuf>,
    pub manifest_file: PackFile,
    pub manifest: Node,
    pub data: Option<(PackFile, Node)>,
    pub rule_files: Vec<(PackFile, Arc<Node>)>,
    /// `tests/**` files, kept for packs that have no folder on disk.
    pub tests: Vec<PackFile>,
    /// `plan.yaml`, the onboarding plan: compiled by `crate::plan` when a plan is asked
    /// for, so checking never pays for it.
    pub plan: Option<PackFile>,
}

/// The manifest's `extends`, with the node diagnostics about it point at.
pub(super) enum BaseRef<'a> {
    Version(String, &'a Node),
    Path(String, &'a Node),
}

impl Parsed {
    pub fn version(&self) -> String {
        self.manifest
            .get("version")
            .and_then(text)
            .unwrap_or_default()
    }

    /// `2026.11 (built-in)`.
    pub fn label(&self) -> String {
        format!("{} ({})", self.version(), self.origin)
    }

    pub fn extends(&self) -> Option<BaseRef<'_>> {
        let node = self.manifest.get("extends")?;
        match &node.kind {
            NodeKind::Map(_) => {
                let path = node.get("path")?;
                Some(BaseRef::Path(text(path)?, path))
            }
            _ => Some(BaseRef::Version(text(node)?, node)),
        }
    }
}

/// Loads a pack's files and checks each against its schema.
pub(super) fn parse(
    files: Vec<PackFile>,
    origin: &str,
    name: &str,
    dir: Option<PathBuf>,
) -> Result<Parsed, PackError> {
    parse_with(files, origin, name, dir, true)
}

/// Loads the built-in packs' files without checking them against their schemas: the
/// tests do that (`builtin_packs_satisfy_their_schemas`), and skipping it halves the
/// cost of starting up (compiling three JSON Schemas and validating every rule file).
pub(super) fn parse_trusted(
    files: Vec<PackFile>,
    origin: &str,
    name: &str,
) -> Result<Parsed, PackError> {
    parse_with(files, origin, name, None, false)
}

fn parse_with(
    files: Vec<PackFile>,
    origin: &str,
    name: &str,
    dir: Option<PathBuf>,
    validate: bool,
) -> Result<Parsed, PackError> {
    let mut problems: Vec<(PackFile, Vec<Diagnostic>)> = Vec::new();
    let mut manifest = None;
    let mut data = None;
    let mut rule_files = Vec::new();
    let mut tests = Vec::new();
    let mut plan = None;
    let mut files = files;
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    for file in files {
        let which: fn() -> &'static Schema = match file.relative.as_str() {
            "pack.yaml" => manifest_schema,
            "data.yaml" => data_schema,
            r if r.starts_with("rules/") => rule_file_schema,
            r if r.starts_with("tests/") => {
                tests.push(file);
                continue;
            }
            "plan.yaml" => {
                plan = Some(file);
                continue;
            }
            _ => continue,
        };
        // A built-in file replays its recorded parser events (see `yaml::recorded`).
        let recording = if validate {
            None
        } else {
            super::load::recording(&file.name)
        };
        let loaded = match recording {
            Some(events) => yaml::load_recorded(&file.text, events, &Limits::default()),
            None => yaml::load(&file.text, &Limits::default()),
        };
        let mut diagnostics = loaded.diagnostics;
        if let (Some(root), true) = (&loaded.root, validate) {
            diagnostics.extend(which().validate(root, &file.text));
        }
        if !diagnostics.is_empty() {
            for d in &mut diagnostics {
                if d.rule == crate::engine_rules::SCHEMA {
                    d.rule = RULE_PACK.to_string();
                }
            }
            problems.push((file.clone(), diagnostics));
        }
        if let Some(root) = loaded.root {
            match file.relative.as_str() {
                "pack.yaml" => manifest = Some((file, root)),
                "data.yaml" => data = Some((file, root)),
                _ => rule_files.push((file, Arc::new(root))),
            }
        }
    }
    if !problems.is_empty() {
        return Err(PackError::Files(problems));
    }
    let Some((manifest_file, manifest)) = manifest else {
        return Err(PackError::Io(format!(
            "the rule pack `{name}` has no `pack.yaml` manifest"
        )));
    };
    Ok(Parsed {
        origin: origin.to_string(),
        dir,
        manifest_file,
        manifest,
        data,
        rule_files,
        tests,
        plan,
    })
}

/// A rule of the merged pack, before it is compiled.
struct Pending<'a> {
    file: &'a PackFile,
    node: &'a Node,
    /// The rule as written: the rule file's tree and the rule's index in its `rules`.
    definition: Definition,
    id: String,
    /// The index in the chain of the pack that defines it.
    layer: usize,
    /// A `severity:` override of a pack that extends it.
    severity: Option<Severity>,
}

/// Compiles a pack over its bases: `chain` holds the root base first and the pack last.
/// Each pack's data tables replace its bases' tables of the same name, and its `disable`
/// and `severity` apply to the rules of the packs before it; then every rule compiles
/// against the merged data.
pub(super) fn compile(chain: &[&Parsed]) -> Result<RulePack, PackError> {
    let Some(me) = chain.last() else {
        return Err(PackError::Io("no rule pack to compile".into()));
    };
    let last = chain.len() - 1;
    let mut cx = Compiler::default();

    let mut data = serde_json::Map::new();
    let mut sources = BTreeMap::new();
    for (i, layer) in chain.iter().enumerate() {
        if let Some((file, node)) = &layer.data {
            if let Some(Value::Object(tables)) = node.get("data").map(Node::to_json) {
                for (name, table) in tables {
                    if i > 0 && data.contains_key(&name) {
                        cx.replaced.insert(name.clone(), file.name.clone());
                    }
                    data.insert(name, table);
                }
            }
        }
        sources.extend(manifest_sources(&layer.manifest));
    }
    let manifest = cx
        .in_file(&me.manifest_file, |cx| cx.manifest(&me.manifest))
        .map(|m| Manifest {
            sources: sources.clone(),
            ..m
        });

    let mut pending: Vec<Pending> = Vec::new();
    let mut disabled = Vec::new();
    for (i, layer) in chain.iter().enumerate() {
        let base = i.checked_sub(1).map(|b| chain[b].label());
        cx.current = Some(layer.manifest_file.clone());
        let off = cx.overrides(&layer.manifest, base.as_deref(), i, &mut pending);
        if i == last {
            disabled = off;
        }
        cx.current = None;
        let mut here: HashMap<String, (String, Span)> = HashMap::new();
        for (file, node) in &layer.rule_files {
            let Some(NodeKind::Seq(items)) = node.get("rules").map(|n| &n.kind) else {
                continue;
            };
            cx.current = Some(file.clone());
            for (index, item) in items.iter().enumerate() {
                let Some(id_node) = item.get("id") else {
                    continue;
                };
                let Some(id) = text(id_node) else { continue };
                if let Some((first_file, first)) = here.get(&id) {
                    let message = format!("the rule id `{id}` is defined twice");
                    let mut d = Diagnostic::new(RULE_PACK, Severity::Error, message)
                        .at(id_node.span.clone(), Some("second definition".into()))
                        .with_help(
                            "Rule ids are unique in a pack: rename one, or remove the copy.",
                        );
                    if *first_file == file.name {
                        d = d.also(first.clone(), "first definition");
                    }
                    cx.push(d);
                    continue;
                }
                if let Some(p) = pending.iter().find(|p| p.id == id) {
                    cx.error(
                        id_node,
                        format!("`{id}` is already a rule of the base pack {}", chain[p.layer].label()),
                        format!(
                            "A pack cannot define a rule its base has. To replace it, list it under `disable:` in pack.yaml and keep this definition; to change only its severity, write `severity: {{{id}: warning}}` in pack.yaml; otherwise choose another id."
                        ),
                    );
                    continue;
                }
                here.insert(id.clone(), (file.name.clone(), id_node.span.clone()));
                pending.push(Pending {
                    file,
                    node: item,
                    definition: Definition::new(Arc::clone(node), index),
                    id,
                    layer: i,
                    severity: None,
                });
            }
            cx.current = None;
        }
    }

    let mut rules = Vec::new();
    for p in &pending {
        cx.current = Some(p.file.clone());
        if let Some(mut rule) = cx.rule(p.node, &data, Some(&sources), &p.file.relative) {
            rule.defined_in = chain[p.layer].label();
            rule.own = p.layer == last;
            rule.definition = p.definition.clone();
            if let Some(severity) = p.severity {
                rule.severity = severity;
                for check in &mut rule.checks {
                    check.severity = None;
                }
            }
            rules.push(rule);
        }
        cx.current = None;
    }
    if !cx.problems.is_empty() {
        return Err(PackError::Files(cx.problems));
    }
    let Some(manifest) = manifest else {
        return Err(PackError::Io(format!(
            "the rule pack {} has no usable manifest",
            me.label()
        )));
    };
    let extends = (last > 0).then(|| BaseInfo {
        version: chain[last - 1].version(),
        origin: chain[last - 1].origin.clone(),
    });
    Ok(RulePack {
        manifest,
        data,
        rules,
        origin: me.origin.clone(),
        extends,
        disabled,
        base_only: false,
        path_slots: cx.slots.len(),
        condition_slots: cx.shared.len(),
        dir: me.dir.clone(),
        embedded_tests: if me.dir.is_none() {
            me.tests.clone()
        } else {
            Vec::new()
        },
        // A pack without a plan of its own follows its base's.
        plan: chain.iter().rev().find_map(|layer| layer.plan.clone()),
    })
}

/// The manifest's `sources`.
fn manifest_sources(node: &Node) -> BTreeMap<String, SourceDocument> {
    let mut sources = BTreeMap::new();
    if let Some(NodeKind::Map(entries)) = node.get("sources").map(|n| &n.kind) {
        for e in entries {
            sources.insert(
                e.key.key_text(),
                SourceDocument {
                    title: e.value.get("title").and_then(text).unwrap_or_default(),
                    file: e.value.get("file").and_then(text).unwrap_or_default(),
                },
            );
        }
    }
    sources
}

#[derive(Default)]
struct Compiler {
    current: Option<PackFile>,
    problems: Vec<(PackFile, Vec<Diagnostic>)>,
    /// Data tables an extending pack replaced, and the file that replaced them.
    replaced: HashMap<String, String>,
    /// The memo slot of each distinct leading part of a path that names at most one node
    /// of the document (`Path::memo`), by its text.
    slots: HashMap<String, usize>,
    /// The memo slot of each distinct shared condition (`Condition::Shared`), by its text.
    shared: HashMap<String, usize>,
}

impl Compiler {
    fn in_file<T>(&mut self, file: &PackFile, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        self.current = Some(file.clone());
        let out = f(self);
        self.current = None;
        out
    }

    fn push(&mut self, d: Diagnostic) {
        let Some(file) = &self.current else { return };
        match self.problems.iter_mut().find(|(f, _)| f.name == file.name) {
            Some((_, list)) => list.push(d),
            None => self.problems.push((file.clone(), vec![d])),
        }
    }

    fn error(&mut self, node: &Node, message: impl Into<String>, help: impl Into<String>) {
        self.push(
            Diagnostic::new(RULE_PACK, Severity::Error, message)
                .at(node.span.clone(), None)
                .with_help(help),
        );
    }

    /// An error about the data table `node` names, noting when an extending pack replaced
    /// the table, which is the likely cause in a base's rule.
    fn table_error(&mut self, node: &Node, message: &str, help: &str) {
        let table = text(node).unwrap_or_default();
        let root = table.split('.').next().unwrap_or_default();
        let note = match self.replaced.get(root) {
            Some(file) => format!(" The table `{root}` is replaced by `{file}`: give it the shape the base's rules expect."),
            None => String::new(),
        };
        self.error(node, message.to_string(), format!("{help}{note}"));
    }

    /// Applies a pack's `disable` and `severity` to the rules of its bases; returns the ids
    /// it disabled. `base` is the label of the pack it extends (`None`: it extends none).
    fn overrides(
        &mut self,
        manifest: &Node,
        base: Option<&str>,
        layer: usize,
        pending: &mut Vec<Pending>,
    ) -> Vec<String> {
        let disable = manifest.entry("disable");
        let severity = manifest.entry("severity");
        let Some(base) = base else {
            for entry in [disable, severity].into_iter().flatten() {
                let key = entry.key.key_text();
                self.error(
                    &entry.key,
                    format!("`{key}` changes the rules of a base pack, but this pack extends none"),
                    format!("Add `extends: VERSION` (or `extends: {{path: ../base}}`) to pack.yaml, or remove `{key}`."),
                );
            }
            return Vec::new();
        };
        let base_rules = |pending: &Vec<Pending>| -> Vec<String> {
            pending
                .iter()
                .filter(|p| p.layer < layer)
                .map(|p| p.id.clone())
                .collect()
        };
        let mut disabled = Vec::new();
        if let Some(NodeKind::Seq(items)) = disable.map(|e| &e.value.kind) {
            for item in items {
                let Some(id) = text(item) else { continue };
                match pending.iter().position(|p| p.id == id && p.layer < layer) {
                    Some(at) => {
                        pending.remove(at);
                        disabled.push(id);
                    }
                    None => {
                        let known = base_rules(pending);
                        self.unknown_rule(item, &id, base, &known, "disable");
                    }
                }
            }
        }
        if let Some(NodeKind::Map(entries)) = severity.map(|e| &e.value.kind) {
            for entry in entries {
                let id = entry.key.key_text();
                let level = text(&entry.value).and_then(|s| Severity::parse(&s));
                match pending.iter_mut().find(|p| p.id == id && p.layer < layer) {
                    Some(p) => p.severity = level,
                    None if disabled.contains(&id) => self.error(
                        &entry.key,
                        format!("`{id}` is disabled by this pack, so it has no severity to change"),
                        format!("Remove `{id}` from `severity:` or from `disable:`."),
                    ),
                    None => {
                        let known = base_rules(pending);
                        self.unknown_rule(&entry.key, &id, base, &known, "severity");
                    }
                }
            }
        }
        disabled
    }

    fn unknown_rule(&mut self, node: &Node, id: &str, base: &str, known: &[String], key: &str) {
        let hint = match crate::schema::closest(id, known) {
            Some(c) => format!("Did you mean `{c}`? "),
            None => String::new(),
        };
        self.error(
            node,
            format!("`{id}` is not a rule of the base pack {base}"),
            format!("{hint}`{key}` names rules of the pack this one extends; `partnerlint rules --policy VERSION` lists them."),
        );
    }

    /// `warn_from` and `error_from` of a rule or check.
    fn stage(&mut self, node: &Node) -> Option<Stage> {
        let mut date = |key: &str| -> Result<Option<Date>, ()> {
            let Some(n) = node.get(key) else {
                return Ok(None);
            };
            match text(n).and_then(|t| t.parse::<Date>().ok()) {
                Some(d) => Ok(Some(d)),
                None => {
                    self.error(
                        n,
                        format!("`{key}` is not a date"),
                        "Write the date as YYYY-MM-DD.",
                    );
                    Err(())
                }
            }
        };
        let stage = Stage {
            warn_from: date("warn_from").ok()?,
            error_from: date("error_from").ok()?,
        };
        if let (Some(w), Some(e)) = (stage.warn_from, stage.error_from) {
            if w >= e {
                let at = node.get("error_from").unwrap_or(node);
                self.error(
                    at,
                    format!("`error_from` ({e}) is not after `warn_from` ({w})"),
                    "A staged rule warns from `warn_from` and becomes an error on `error_from`: the second date comes later.",
                );
                return None;
            }
        }
        Some(stage)
    }

    fn manifest(&mut self, node: &Node) -> Option<Manifest> {
        let version = text(node.get("version")?)?;
        let effective_node = node.get("effective")?;
        let effective = match text(effective_node).and_then(|t| t.parse().ok()) {
            Some(d) => d,
            None => {
                self.error(
                    effective_node,
                    "`effective` is not a date",
                    "Write the date the version takes effect as YYYY-MM-DD.",
                );
                return None;
            }
        };
        Some(Manifest {
            version,
            effective,
            summary: node.get("summary").and_then(text).unwrap_or_default(),
            supersedes: node.get("supersedes").and_then(text),
            sources: manifest_sources(node),
        })
    }

    fn rule(
        &mut self,
        node: &Node,
        data: &serde_json::Map<String, Value>,
        sources: Option<&BTreeMap<String, SourceDocument>>,
        file: &str,
    ) -> Option<Rule> {
        let id_node = node.get("id")?;
        let id = text(id_node)?;
        if crate::engine_rules::find(&id).is_some() || id == RULE_PACK {
            self.error(
                id_node,
                format!("`{id}` is one of the engine's own rule ids"),
                "Choose another id for this rule.",
            );
            return None;
        }
        let source_node = node.get("source")?;
        let document_node = source_node.get("document")?;
        let document = text(document_node)?;
        if let Some(sources) = sources {
            if !sources.contains_key(&document) {
                let known: Vec<String> = sources.keys().cloned().collect();
                self.error(
                    document_node,
                    format!("the source document `{document}` is not listed in the manifest's `sources`"),
                    format!("Use one of: {}.", known.join(", ")),
                );
            }
        }
        let source = RuleSource {
            document,
            section: source_node
                .get("section")
                .and_then(text)
                .unwrap_or_default(),
            quote: source_node.get("quote").and_then(text).unwrap_or_default(),
        };
        let when = match node.get("when") {
            Some(w) => Some(self.condition(w, data)?),
            None => None,
        };
        let mut checks = Vec::new();
        if let Some(NodeKind::Seq(items)) = node.get("checks").map(|n| &n.kind) {
            for item in items {
                if let Some(check) = self.check(item, data) {
                    checks.push(check);
                }
            }
        }
        let examples = node.get("examples");
        let stage = self.stage(node)?;
        Some(Rule {
            id,
            severity: node
                .get("severity")
                .and_then(text)
                .and_then(|s| Severity::parse(&s))?,
            title: node.get("title").and_then(text).unwrap_or_default(),
            source,
            description: node.get("description").and_then(text).unwrap_or_default(),
            when,
            checks,
            example_fail: examples
                .and_then(|e| e.get("fail"))
                .and_then(text)
                .unwrap_or_default(),
            example_pass: examples
                .and_then(|e| e.get("pass"))
                .and_then(text)
                .unwrap_or_default(),
            file: file.to_string(),
            defined_in: String::new(),
            own: true,
            stage,
            definition: Definition::default(),
        })
    }

    fn check(&mut self, node: &Node, data: &serde_json::Map<String, Value>) -> Option<Check> {
        let for_each = match node.get("for_each") {
            Some(n) => self.paths(n)?,
            None => Vec::new(),
        };
        let when = match node.get("when") {
            Some(w) => Some(self.condition(w, data)?),
            None => None,
        };
        let require = self.condition(node.get("require")?, data)?;
        let at = match node.get("at") {
            Some(n) => Some(self.path(n)?),
            None => None,
        };
        let mut also = Vec::new();
        if let Some(NodeKind::Seq(items)) = node.get("also").map(|n| &n.kind) {
            for item in items {
                let path = self.path(item.get("at")?)?;
                let label = self.template(item.get("label")?, data)?;
                also.push((path, label));
            }
        }
        let label = match node.get("label") {
            Some(n) => Some(self.template(n, data)?),
            None => None,
        };
        let suggest = match node.get("suggest") {
            Some(s) => Some(Suggest {
                among: self.data_list(s.get("among")?, data)?,
                aliases: match s.get("aliases") {
                    Some(a) => self.data_aliases(a, data)?,
                    None => Vec::new(),
                },
            }),
            None => None,
        };
        let help_without_suggestion = match node.get("help_without_suggestion") {
            Some(n) => Some(self.template(n, data)?),
            None => None,
        };
        let stage = self.stage(node)?;
        let help_node = node.get("help")?;
        let help = self.template(help_node, data)?;
        let message = self.template(node.get("message")?, data)?;
        if help.uses_suggestion() && (suggest.is_none() || help_without_suggestion.is_none()) {
            self.error(
                help_node,
                "`{$suggestion}` needs `suggest` and `help_without_suggestion` in the same check",
                "Add `suggest: {among: TABLE}` and a `help_without_suggestion` for values with no close match.",
            );
            return None;
        }
        Some(Check {
            for_each,
            when,
            require,
            at,
            also,
            label,
            severity: node
                .get("severity")
                .and_then(text)
                .and_then(|s| Severity::parse(&s)),
            message,
            help,
            suggest,
            help_without_suggestion,
            stage,
        })
    }

    fn path(&mut self, node: &Node) -> Option<Path> {
        let t = text(node)?;
        match Path::parse(&t) {
            Ok(mut p) => {
                if !p.from_item {
                    for len in 1..=p.single_segments() {
                        let next = self.slots.len();
                        p.memo
                            .push(*self.slots.entry(p.text_of(len)).or_insert(next));
                    }
                }
                Some(p)
            }
            Err(e) => {
                self.error(node, format!("bad path: {e}"), "A path is dotted field names with `[N]` or `[*]` for list items, e.g. `apps[*].type`, or starts with `$item`.");
                None
            }
        }
    }

    fn paths(&mut self, node: &Node) -> Option<Vec<Path>> {
        match &node.kind {
            NodeKind::Seq(items) => items.iter().map(|n| self.path(n)).collect(),
            _ => Some(vec![self.path(node)?]),
        }
    }

    fn template(&mut self, node: &Node, data: &serde_json::Map<String, Value>) -> Option<Template> {
        let t = text(node)?;
        match Template::parse(&t, data) {
            Ok(t) => Some(t),
            Err(e) => {
                self.error(node, format!("bad template: {e}"), "Placeholders are `{path}`, `{$item}`, `{$today}`, `{data.NAME}`, `{$suggestion}`, optionally with `|plus_days:N`.");
                None
            }
        }
    }

    fn data_value<'d>(
        &mut self,
        node: &Node,
        data: &'d serde_json::Map<String, Value>,
    ) -> Option<&'d Value> {
        let name = text(node)?;
        let found = super::data_lookup(data, &name);
        if found.is_none() {
            let known: Vec<String> = data.keys().cloned().collect();
            let hint = crate::schema::closest(&name, &known)
                .map_or(String::new(), |c| format!(" Did you mean `{c}`?"));
            self.error(
                node,
                format!("the pack has no data table `{name}`"),
                format!(
                    "Define it in `data.yaml`, or use one of: {}.{hint}",
                    known.join(", ")
                ),
            );
        }
        found
    }

    fn data_list(
        &mut self,
        node: &Node,
        data: &serde_json::Map<String, Value>,
    ) -> Option<Vec<String>> {
        match self.data_value(node, data)? {
            Value::Array(items) => Some(items.iter().map(super::template::data_text).collect()),
            Value::String(s) => Some(vec![s.clone()]),
            _ => {
                self.table_error(
                    node,
                    "this data table is not a list",
                    "Name a table that is a list of values.",
                );
                None
            }
        }
    }

    fn data_aliases(
        &mut self,
        node: &Node,
        data: &serde_json::Map<String, Value>,
    ) -> Option<Vec<(String, String)>> {
        match self.data_value(node, data)? {
            Value::Object(map) => Some(
                map.iter()
                    .map(|(k, v)| (k.clone(), super::template::data_text(v)))
                    .collect(),
            ),
            _ => {
                self.table_error(
                    node,
                    "this data table is not a mapping of aliases",
                    "Name a table that maps each alias to its value, e.g. `GB: UK`.",
                );
                None
            }
        }
    }

    fn values(
        &mut self,
        node: &Node,
        data: &serde_json::Map<String, Value>,
    ) -> Option<Vec<String>> {
        if let Some(v) = node.get("values") {
            return match &v.kind {
                NodeKind::Seq(items) => Some(
                    items
                        .iter()
                        .filter_map(|i| i.scalar_text("").map(|s| s.into_owned()))
                        .collect(),
                ),
                _ => Some(vec![v.scalar_text("")?.into_owned()]),
            };
        }
        match node.get("data") {
            Some(d) => self.data_list(d, data),
            None => {
                self.error(
                    node,
                    "give the values: `values: [...]` or `data: TABLE`",
                    "List the values, or name a data table that lists them.",
                );
                None
            }
        }
    }

    fn date_ref(&mut self, node: &Node) -> Option<DateRef> {
        if text(node).as_deref() == Some("$today") {
            return Some(DateRef::Today);
        }
        Some(DateRef::Field(self.path(node)?))
    }

    /// A condition, shared with every other place in the pack that writes the same one
    /// (`Condition::Shared`) when it depends on the document alone (not on `$item`) and
    /// costs more than a path lookup: the compliance rules ask which markets are
    /// involved a dozen times per file.
    fn condition(
        &mut self,
        node: &Node,
        data: &serde_json::Map<String, Value>,
    ) -> Option<Condition> {
        let condition = self.condition_here(node, data)?;
        if matches!(
            condition,
            Condition::Exists(_)
                | Condition::Empty(_)
                | Condition::IsType { .. }
                | Condition::Equals { .. }
        ) {
            return Some(condition);
        }
        // Keyed by the condition as written: the same text is the same condition (a
        // condition written differently is only not shared).
        let written = match &self.current {
            Some(file) => file.text.get(node.span.clone()).map(str::to_string),
            None => None,
        }
        .unwrap_or_else(|| node.to_json().to_string());
        if written.contains("$item") {
            return Some(condition);
        }
        let next = self.shared.len();
        let slot = *self.shared.entry(written).or_insert(next);
        Some(Condition::Shared(slot, Box::new(condition)))
    }

    fn condition_here(
        &mut self,
        node: &Node,
        data: &serde_json::Map<String, Value>,
    ) -> Option<Condition> {
        let NodeKind::Map(entries) = &node.kind else {
            self.error(
                node,
                "a condition is a mapping with one key",
                "For example `exists: account.email`.",
            );
            return None;
        };
        let [entry] = entries.as_slice() else {
            self.error(
                node,
                "a condition has exactly one key",
                "Combine several conditions with `all: [...]` or `any: [...]`.",
            );
            return None;
        };
        let key = entry.key.key_text();
        let v = &entry.value;
        let ignore_case = v
            .get("ignore_case")
            .is_some_and(|n| matches!(n.kind, NodeKind::Bool(true)));
        Some(match key.as_str() {
            "all" | "any" => {
                let NodeKind::Seq(items) = &v.kind else {
                    self.error(
                        v,
                        format!("`{key}` takes a list of conditions"),
                        "Write `- ` before each condition.",
                    );
                    return None;
                };
                let list: Option<Vec<Condition>> =
                    items.iter().map(|c| self.condition(c, data)).collect();
                if key == "all" {
                    Condition::All(list?)
                } else {
                    Condition::Any(list?)
                }
            }
            "not" => Condition::Not(Box::new(self.condition(v, data)?)),
            "exists" => Condition::Exists(self.path(v)?),
            "empty" => Condition::Empty(self.path(v)?),
            "repeated" => Condition::Repeated(self.path(v)?),
            "path_inside" => Condition::PathInside(self.path(v)?),
            "file_exists" => Condition::FileExists(self.path(v)?),
            "equals" => {
                let field = self.path(v.get("field")?)?;
                let to = if let Some(other) = v.get("other") {
                    Operand::Field(self.path(other)?)
                } else if let Some(value) = v.get("value") {
                    Operand::Value(value.scalar_text("")?.into_owned())
                } else if let Some(d) = v.get("data") {
                    match self.data_value(d, data)? {
                        Value::String(s) => Operand::Value(s.clone()),
                        Value::Number(n) => Operand::Value(n.to_string()),
                        _ => {
                            self.table_error(d, "`equals` compares with one value, but this data table is not a single value", "Name a table (or `table.key`) that holds one value.");
                            return None;
                        }
                    }
                } else {
                    self.error(
                        v,
                        "`equals` needs `value`, `data` or `other`",
                        "Say what the field is compared with.",
                    );
                    return None;
                };
                Condition::Equals {
                    field,
                    to,
                    ignore_case,
                }
            }
            "one_of" | "only" => {
                let fields = self.paths(v.get("field")?)?;
                let values = self.values(v, data)?;
                if key == "one_of" {
                    Condition::OneOf {
                        fields,
                        values,
                        ignore_case,
                    }
                } else {
                    Condition::Only {
                        fields,
                        values,
                        ignore_case,
                    }
                }
            }
            "matches" => {
                let field = self.path(v.get("field")?)?;
                let (pattern_node, pattern) = match (v.get("pattern"), v.get("data")) {
                    (Some(p), _) => (p, text(p)?),
                    (None, Some(d)) => match self.data_value(d, data)? {
                        Value::String(s) => (d, s.clone()),
                        _ => {
                            self.table_error(
                                d,
                                "this data table is not a pattern",
                                "Name a table that holds a regular expression.",
                            );
                            return None;
                        }
                    },
                    (None, None) => {
                        self.error(
                            v,
                            "`matches` needs `pattern` or `data`",
                            "Give the regular expression.",
                        );
                        return None;
                    }
                };
                match regex::Regex::new(&pattern) {
                    Ok(regex) => Condition::Matches { field, regex },
                    Err(e) => {
                        self.error(
                            pattern_node,
                            format!("bad regular expression: {e}"),
                            "The syntax is the Rust `regex` crate's.",
                        );
                        return None;
                    }
                }
            }
            "is_type" => {
                let field = self.path(v.get("field")?)?;
                let ty_node = v.get("type")?;
                let ty = YamlType::parse(&text(ty_node)?)?;
                Condition::IsType { field, ty }
            }
            "days_between" => Condition::DaysBetween {
                from: self.date_ref(v.get("from")?)?,
                to: self.date_ref(v.get("to")?)?,
                at_least: v.get("at_least").and_then(int),
                at_most: v.get("at_most").and_then(int),
            },
            other => {
                self.error(
                    &entry.key,
                    format!("`{other}` is not a condition"),
                    "See docs/writing-rules.md for the conditions.",
                );
                return None;
            }
        })
    }
}

fn text(node: &Node) -> Option<String> {
    match &node.kind {
        NodeKind::Str(s) => Some(s.clone()),
        NodeKind::Null | NodeKind::Seq(_) | NodeKind::Map(_) => None,
        _ => Some(node.key_text()),
    }
}

fn int(node: &Node) -> Option<i64> {
    match node.kind {
        NodeKind::Int(i) => Some(i),
        _ => None,
    }
}

/// Conditions and templates written outside the rule files (the onboarding plan,
/// `plan.yaml`), compiled with the rules' vocabulary against a pack's data. Their memo
/// slots are their own: evaluate them in a [`super::Context`] made with [`Self::slots`].
pub struct Expressions<'d> {
    cx: Compiler,
    data: &'d serde_json::Map<String, Value>,
}

impl<'d> Expressions<'d> {
    /// Compiles expressions of `file` (diagnostics point into it) against `data`.
    pub fn new(file: &PackFile, data: &'d serde_json::Map<String, Value>) -> Self {
        let cx = Compiler {
            current: Some(file.clone()),
            ..Compiler::default()
        };
        Expressions { cx, data }
    }

    pub fn condition(&mut self, node: &Node) -> Option<Condition> {
        self.cx.condition(node, self.data)
    }

    pub fn template(&mut self, node: &Node) -> Option<Template> {
        self.cx.template(node, self.data)
    }

    pub fn date_ref(&mut self, node: &Node) -> Option<DateRef> {
        self.cx.date_ref(node)
    }

    /// Reports a mistake the caller found at `node`.
    pub fn error(&mut self, node: &Node, message: impl Into<String>, help: impl Into<String>) {
        self.cx.error(node, message, help);
    }

    /// The path and condition memo slots a context needs, or every mistake found.
    pub fn finish(self) -> Result<(usize, usize), PackError> {
        if self.cx.problems.is_empty() {
            Ok((self.cx.slots.len(), self.cx.shared.len()))
        } else {
            Err(PackError::Files(self.cx.problems))
        }
    }
}
