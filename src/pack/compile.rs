//! Compiles a pack over its bases into a [`RulePack`]: the fourth stage of the pipeline.
//! What a schema cannot see is checked here (unknown data tables, bad paths and patterns,
//! duplicate ids), each mistake a diagnostic pointing into its file.

use super::condition::{self};
use super::fix::{DeclaredApplicability, FixAction, FixSpec};
use super::parse::{text, Parsed};
use super::path::Path;
use super::source::{PackError, PackFile};
use super::stage::Stage;
use super::template::Template;
use super::{
    BaseInfo, Check, Definition, Manifest, Rule, RulePack, RuleSource, SourceDocument, Suggest,
};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::node::{Node, NodeKind};
use crate::source::Span;
use jiff::civil::Date;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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
    let fields = cx.field_lists(chain);
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
                    let mut d = Diagnostic::new(Code::RulePack, Severity::Error, message)
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
        reasoning: super::root_cause::Reasoning::read(&data),
        data,
        rules,
        origin: me.origin.clone(),
        extends,
        disabled,
        fields,
        base_only: false,
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
    /// The pack's named field lists (`fields:` in data.yaml), by name: their index.
    fields: HashMap<String, usize>,
    /// Each pattern compiled once: the built-in pack's email checks name the same few
    /// data tables in 22 places, and compiling them was a fifth of a one-file run's
    /// instructions. A clone shares the compiled program.
    regexes: HashMap<String, regex::Regex>,
}

impl Compiler {
    /// The named field lists of the packs in `chain` (`fields:` in data.yaml); a pack's
    /// list replaces its base's of the same name. Each is a list of paths from the
    /// document (not `$item`, not another list).
    fn field_lists(&mut self, chain: &[&Parsed]) -> Vec<(String, Vec<Path>)> {
        let mut written: Vec<(String, PackFile, &Node)> = Vec::new();
        for layer in chain {
            let Some((file, node)) = &layer.data else {
                continue;
            };
            let Some(NodeKind::Map(entries)) = node.get("fields").map(|n| &n.kind) else {
                continue;
            };
            for e in entries {
                let name = e.key.key_text();
                written.retain(|(n, _, _)| *n != name);
                written.push((name, file.clone(), &e.value));
            }
        }
        let mut lists = Vec::new();
        for (name, file, node) in written {
            self.current = Some(file);
            if let Some(paths) = self.paths(node) {
                match paths.iter().find(|p| p.from_item || p.named.is_some()) {
                    Some(_) => self.error(
                        node,
                        format!("the field list `{name}` names `$item` or another list"),
                        "A field list names paths from the document, such as `registration.target_markets[*]`.",
                    ),
                    None => {
                        self.fields.insert(name.clone(), lists.len());
                        lists.push((name, paths));
                    }
                }
            }
            self.current = None;
        }
        lists
    }

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
            Diagnostic::new(Code::RulePack, Severity::Error, message)
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
        let hint = match crate::diagnostic::closest(id, known) {
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
        if Code::parse(&id).is_some() {
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
            Some(w) => Some(condition::parse::condition(self, w, data)?),
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
            Some(w) => Some(condition::parse::condition(self, w, data)?),
            None => None,
        };
        let require = match node.get("require") {
            Some(r) => Some(condition::parse::condition(self, r, data)?),
            None => None,
        };
        let forbid = match node.get("forbid") {
            Some(f) => Some(condition::parse::condition(self, f, data)?),
            None => None,
        };
        if require.is_none() && forbid.is_none() {
            self.error(
                node,
                "a check needs `require` (what must hold) or `forbid` (what must not)",
                "Add `require: CONDITION`, or `forbid: CONDITION` to report where it holds.",
            );
            return None;
        }
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
        let fix = match node.get("fix") {
            Some(n) => Some(self.fix(n, data)?),
            None => None,
        };
        if fix.as_ref().is_some_and(|f| {
            f.uses_suggestion() || f.applicability == DeclaredApplicability::Suggestion
        }) && suggest.is_none()
        {
            self.error(
                node.get("fix")?,
                "this fix reads `$suggestion`, but the check has no `suggest`",
                "Add `suggest: {among: TABLE}` to the check, or write the fix without `{$suggestion}` and `applicability: suggestion`.",
            );
            return None;
        }
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
            forbid,
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
            fix,
            stage,
        })
    }

    /// A check's `fix:`: one action (`replace`, `quote`, `remove`, `insert`, `rename`),
    /// its `applicability` and its `message` (the schema has checked the shape).
    fn fix(&mut self, node: &Node, data: &serde_json::Map<String, Value>) -> Option<FixSpec> {
        let flag = |key: &str| matches!(node.get(key).map(|n| &n.kind), Some(NodeKind::Bool(true)));
        let action = if let Some(value) = node.get("replace") {
            FixAction::Replace(self.template(value, data)?)
        } else if let Some(name) = node.get("rename") {
            FixAction::Rename(self.template(name, data)?)
        } else if let Some(insert) = node.get("insert") {
            FixAction::Insert {
                key: insert.get("key").and_then(text)?,
                value: self.template(insert.get("value")?, data)?,
            }
        } else if flag("quote") {
            FixAction::Quote
        } else if flag("remove") {
            FixAction::Remove
        } else {
            self.error(
                node,
                "a fix needs one action: `replace`, `quote: true`, `remove: true`, `insert` or `rename`",
                "See \"Fixes\" in docs/writing-rules.md.",
            );
            return None;
        };
        let applicability = match node.get("applicability").and_then(text).as_deref() {
            Some("unsafe") => DeclaredApplicability::Unsafe,
            Some("suggestion") => DeclaredApplicability::Suggestion,
            _ => DeclaredApplicability::Safe,
        };
        Some(FixSpec {
            action,
            applicability,
            message: self.template(node.get("message")?, data)?,
        })
    }

    fn path(&mut self, node: &Node) -> Option<Path> {
        let t = text(node)?;
        if let Some(name) = t
            .strip_prefix('$')
            .filter(|n| *n != "item" && !n.starts_with("item.") && !n.starts_with("item["))
        {
            if let Some(&index) = self.fields.get(name) {
                return Some(Path {
                    from_item: false,
                    segments: Vec::new(),
                    text: t.clone(),
                    named: Some(index),
                });
            }
            let known: Vec<String> = self.fields.keys().cloned().collect();
            let hint = crate::diagnostic::closest(name, &known)
                .map_or(String::new(), |c| format!(" Did you mean `${c}`?"));
            self.error(
                node,
                format!("the pack has no field list `{t}`"),
                format!("Name it under `fields:` in data.yaml, or write a path.{hint}"),
            );
            return None;
        }
        match Path::parse(&t) {
            Ok(p) => Some(p),
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
            let hint = crate::diagnostic::closest(&name, &known)
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
}

/// What reading a condition needs from the compiler: its diagnostics, paths and tables.
impl condition::parse::Reader for Compiler {
    fn error(&mut self, node: &Node, message: impl Into<String>, help: impl Into<String>) {
        Compiler::error(self, node, message, help);
    }

    fn table_error(&mut self, node: &Node, message: &str, help: &str) {
        Compiler::table_error(self, node, message, help);
    }

    fn path(&mut self, node: &Node) -> Option<Path> {
        Compiler::path(self, node)
    }

    fn paths(&mut self, node: &Node) -> Option<Vec<Path>> {
        Compiler::paths(self, node)
    }

    fn values(
        &mut self,
        node: &Node,
        data: &serde_json::Map<String, Value>,
    ) -> Option<Vec<String>> {
        Compiler::values(self, node, data)
    }

    fn data_value<'d>(
        &mut self,
        node: &Node,
        data: &'d serde_json::Map<String, Value>,
    ) -> Option<&'d Value> {
        Compiler::data_value(self, node, data)
    }

    fn regex(&mut self, pattern: &str) -> Result<regex::Regex, regex::Error> {
        if let Some(regex) = self.regexes.get(pattern) {
            return Ok(regex.clone());
        }
        let regex = regex::Regex::new(pattern)?;
        self.regexes.insert(pattern.to_string(), regex.clone());
        Ok(regex)
    }
}

/// Conditions and templates written outside the rule files (the onboarding plan,
/// `plan.yaml`), compiled with the rules' vocabulary against a pack's data, and evaluated
/// in a [`super::Context`] of the pack's document like the rules.
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

    pub fn condition(&mut self, node: &Node) -> Option<condition::Condition> {
        condition::parse::condition(&mut self.cx, node, self.data)
    }

    pub fn template(&mut self, node: &Node) -> Option<Template> {
        self.cx.template(node, self.data)
    }

    pub fn date_ref(&mut self, node: &Node) -> Option<condition::DateRef> {
        condition::parse::date_ref(&mut self.cx, node)
    }

    /// Reports a mistake the caller found at `node`.
    pub fn error(&mut self, node: &Node, message: impl Into<String>, help: impl Into<String>) {
        self.cx.error(node, message, help);
    }

    /// Every mistake found, if any.
    pub fn finish(self) -> Result<(), PackError> {
        if self.cx.problems.is_empty() {
            Ok(())
        } else {
            Err(PackError::Files(self.cx.problems))
        }
    }
}
