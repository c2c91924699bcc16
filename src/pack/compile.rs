//! Compiles a pack's YAML files into a [`RulePack`]. Every mistake is a diagnostic that
//! points into the file that holds it: first the files' schemas, then what a schema
//! cannot see (unknown data tables, bad paths and patterns, duplicate ids).

use super::condition::{Condition, DateRef, Operand, YamlType};
use super::load::{PackError, PackFile};
use super::path::Path;
use super::template::Template;
use super::{Check, Manifest, Rule, RulePack, RuleSource, SourceDocument, Suggest};
use crate::diagnostic::{Diagnostic, Severity};
use crate::node::{Node, NodeKind};
use crate::schema::Schema;
use crate::yaml::{self, Limits};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

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

/// Loads, checks and compiles a pack's files.
pub(super) fn pack(files: Vec<PackFile>, origin: &str, name: &str) -> Result<RulePack, PackError> {
    let mut problems: Vec<(PackFile, Vec<Diagnostic>)> = Vec::new();
    let mut trees: Vec<(PackFile, Node)> = Vec::new();
    let mut files = files;
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    let manifest_at = files.iter().position(|f| f.relative == "pack.yaml");
    let Some(manifest_at) = manifest_at else {
        return Err(PackError::Io(format!(
            "the rule pack `{name}` has no `pack.yaml` manifest"
        )));
    };
    for file in files {
        let which = match file.relative.as_str() {
            "pack.yaml" => manifest_schema(),
            "data.yaml" => data_schema(),
            r if r.starts_with("rules/") => rule_file_schema(),
            _ => continue,
        };
        let loaded = yaml::load(&file.text, &Limits::default());
        let mut diagnostics = loaded.diagnostics;
        if let Some(root) = loaded.root {
            diagnostics.extend(which.validate(&root, &file.text));
            trees.push((file.clone(), root));
        }
        if !diagnostics.is_empty() {
            for d in &mut diagnostics {
                if d.rule == crate::engine_rules::SCHEMA {
                    d.rule = RULE_PACK.to_string();
                }
            }
            problems.push((file, diagnostics));
        }
    }
    let _ = manifest_at;
    if !problems.is_empty() {
        return Err(PackError::Files(problems));
    }

    let manifest_tree = trees.iter().find(|(f, _)| f.relative == "pack.yaml");
    let data_tree = trees.iter().find(|(f, _)| f.relative == "data.yaml");
    let mut cx = Compiler::default();

    let data = match data_tree {
        Some((_, node)) => match node.get("data").map(Node::to_json) {
            Some(Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        },
        None => serde_json::Map::new(),
    };
    let manifest = match manifest_tree {
        Some((file, node)) => cx.in_file(file, |cx| cx.manifest(node)),
        None => None,
    };

    let mut rules = Vec::new();
    let mut first_seen: HashMap<String, (usize, std::ops::Range<usize>)> = HashMap::new();
    for (i, (file, node)) in trees.iter().enumerate() {
        if !file.relative.starts_with("rules/") {
            continue;
        }
        let Some(list) = node.get("rules") else {
            continue;
        };
        let NodeKind::Seq(items) = &list.kind else {
            continue;
        };
        cx.current = Some(file.clone());
        for item in items {
            let sources = manifest.as_ref().map(|m| &m.sources);
            if let Some(rule) = cx.rule(item, &data, sources, &file.relative) {
                let id_span = item.get("id").map_or(item.span.clone(), |n| n.span.clone());
                if let Some((other, first)) = first_seen.get(&rule.id) {
                    let message = format!("the rule id `{}` is defined twice", rule.id);
                    let mut d = Diagnostic::new(RULE_PACK, Severity::Error, message)
                        .at(id_span, Some("second definition".into()))
                        .with_help(
                            "Rule ids are unique in a pack: rename one, or remove the copy.",
                        );
                    if *other == i {
                        d = d.also(first.clone(), "first definition");
                    }
                    cx.push(d);
                } else {
                    first_seen.insert(rule.id.clone(), (i, id_span));
                    rules.push(rule);
                }
            }
        }
        cx.current = None;
    }
    if !cx.problems.is_empty() {
        return Err(PackError::Files(cx.problems.into_iter().collect()));
    }
    let Some(manifest) = manifest else {
        return Err(PackError::Io(format!(
            "the rule pack `{name}` has no usable manifest"
        )));
    };
    Ok(RulePack {
        manifest,
        data,
        rules,
        origin: origin.to_string(),
    })
}

#[derive(Default)]
struct Compiler {
    current: Option<PackFile>,
    problems: Vec<(PackFile, Vec<Diagnostic>)>,
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
        Some(Manifest {
            version,
            effective,
            summary: node.get("summary").and_then(text).unwrap_or_default(),
            supersedes: node.get("supersedes").and_then(text),
            sources,
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
        })
    }

    fn path(&mut self, node: &Node) -> Option<Path> {
        let t = text(node)?;
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
                self.error(
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
                self.error(
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

    fn condition(
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
                            self.error(d, "`equals` compares with one value, but this data table is not a single value", "Name a table (or `table.key`) that holds one value.");
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
                            self.error(
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
