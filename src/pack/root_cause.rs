//! One mistake, one true finding. Two data tables of a pack let its rules reason about the
//! file as it will be once the partner has fixed what the pack's rules report, so that a
//! mistake is reported once, at its cause, and no rule advises on something another rule
//! rejects (`docs/writing-rules.md`, "Root causes"):
//!
//! - `assume_aliases`: while a value is a known alias (`GB`) or a code in the wrong case
//!   (`uk`), every rule but the ones that check the codes (`except`) reads the code it
//!   stands for, and its findings say so ("assuming `GB` is UK");
//! - `root_causes`: the rules whose findings reject what they point at (a market not open
//!   to the partner, a section of the other developer type). Each of them runs in the
//!   order listed, and what it reports is left out of the file for the rules after it and
//!   for all other rules.
//!
//! The policy stays in the pack: which fields, which aliases and which rules are data.
//! Without either table a pack's rules all read the file as written.

use super::path::Path;
use super::{Rule, RulePack};
use crate::diagnostic::Diagnostic;
use crate::file_access::{FileAccess, FsCache};
use crate::node::{escape_pointer, Entry, Node, NodeKind};
use jiff::civil::Date;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The data table of the rules whose findings are root causes.
pub const ROOT_CAUSES: &str = "root_causes";
/// The data table of the aliases other rules assume as codes.
pub const ASSUME_ALIASES: &str = "assume_aliases";

/// A pack's two tables, read from its data once, when the pack is compiled: every file
/// is reasoned about with the same ones.
#[derive(Debug, Clone, Default)]
pub struct Reasoning {
    /// `root_causes`: the rules whose findings are left out of the file for the others.
    gates: Vec<String>,
    assume: Option<Assume>,
}

impl Reasoning {
    pub(super) fn read(data: &serde_json::Map<String, Value>) -> Reasoning {
        Reasoning {
            gates: list(data.get(ROOT_CAUSES).and_then(|t| t.get("rules"))),
            assume: Assume::read(data),
        }
    }
}

/// `assume_aliases`, read from the pack's data.
#[derive(Debug, Clone)]
struct Assume {
    /// Alias (lowercase) and the code it stands for.
    aliases: Vec<(String, String)>,
    /// The codes, for a code written in the wrong case.
    codes: Vec<String>,
    fields: Vec<Path>,
    /// The rules that read the values as written: the ones that check the codes.
    except: Vec<String>,
}

fn list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().map(super::template::data_text).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// A table named by another table's entry (`aliases: market_aliases`).
fn table<'d>(data: &'d serde_json::Map<String, Value>, entry: Option<&Value>) -> Option<&'d Value> {
    super::data_lookup(data, entry?.as_str()?)
}

impl Assume {
    fn read(data: &serde_json::Map<String, Value>) -> Option<Assume> {
        let spec = data.get(ASSUME_ALIASES)?;
        let aliases = match table(data, spec.get("aliases")) {
            Some(Value::Object(map)) => map
                .iter()
                .map(|(k, v)| (k.trim().to_lowercase(), super::template::data_text(v)))
                .collect(),
            _ => Vec::new(),
        };
        Some(Assume {
            aliases,
            codes: list(table(data, spec.get("among"))),
            fields: list(spec.get("fields"))
                .iter()
                .filter_map(|f| Path::parse(f).ok())
                .collect(),
            except: list(spec.get("except")),
        })
    }

    /// The code `value` stands for, when it is not written as that code.
    fn code_for(&self, value: &str) -> Option<String> {
        let trimmed = value.trim();
        if self.codes.iter().any(|c| c == trimmed) {
            return None;
        }
        let lower = trimmed.to_lowercase();
        self.codes
            .iter()
            .find(|c| c.to_lowercase() == lower)
            .cloned()
            .or_else(|| {
                self.aliases
                    .iter()
                    .find(|(from, _)| *from == lower)
                    .map(|(_, to)| to.clone())
            })
    }
}

/// One value read as the code it stands for: where, as written, and the code.
struct Assumption {
    field: String,
    written: String,
    code: String,
}

/// A tree rebuilt with values replaced or left out, and where each of its nodes was in
/// the file (its JSON Pointer there), so that findings point where the partner wrote.
struct Rebuilt<'a> {
    /// Borrowed while nothing is replaced or left out: most files are reasoned about as
    /// written, and copying their tree cost as much as the rules' own work.
    root: Cow<'a, Node>,
    original: HashMap<String, String>,
}

impl<'a> Rebuilt<'a> {
    fn as_written(root: &'a Node) -> Rebuilt<'a> {
        Rebuilt {
            root: Cow::Borrowed(root),
            original: HashMap::new(),
        }
    }

    fn original_pointer(&self, pointer: &str) -> String {
        self.original
            .get(pointer)
            .cloned()
            .unwrap_or_else(|| pointer.to_string())
    }

    /// This tree, with the nodes at `drop` (pointers into it) left out and the nodes at
    /// `replace` (by address) given new text.
    fn without(&self, drop: &HashSet<String>, replace: &HashMap<usize, String>) -> Rebuilt<'a> {
        let mut original = HashMap::new();
        let root = self.copy(&self.root, "", "", drop, replace, &mut original);
        Rebuilt {
            root: Cow::Owned(root),
            original,
        }
    }

    fn copy(
        &self,
        node: &Node,
        here: &str,
        new_here: &str,
        drop: &HashSet<String>,
        replace: &HashMap<usize, String>,
        original: &mut HashMap<String, String>,
    ) -> Node {
        original.insert(new_here.to_string(), self.original_pointer(here));
        let kind = match &node.kind {
            NodeKind::Seq(items) => {
                let mut kept = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let at = format!("{here}/{i}");
                    if !drop.contains(&at) {
                        let new_at = format!("{new_here}/{}", kept.len());
                        kept.push(self.copy(item, &at, &new_at, drop, replace, original));
                    }
                }
                NodeKind::Seq(kept)
            }
            NodeKind::Map(entries) => NodeKind::Map(
                entries
                    .iter()
                    .filter_map(|e| {
                        let name = e.key.key_name();
                        let at = format!("{here}/{}", escape_pointer(&name));
                        if drop.contains(&at) {
                            return None;
                        }
                        let new_at = format!("{new_here}/{}", escape_pointer(&name));
                        Some(Entry {
                            key: e.key.clone(),
                            value: self.copy(&e.value, &at, &new_at, drop, replace, original),
                        })
                    })
                    .collect(),
            ),
            other => match replace.get(&(std::ptr::from_ref(node) as usize)) {
                Some(code) => NodeKind::Str(code.clone()),
                None => other.clone(),
            },
        };
        Node {
            kind,
            span: node.span.clone(),
        }
    }
}

impl RulePack {
    /// `evaluate`, with a worker's file-system answers: every diagnostic the pack's rules
    /// raise on `root`, each rule reading the file as the pack's `assume_aliases` and
    /// `root_causes` tables say (see the module's documentation); in the order of the
    /// pack's rules.
    pub fn evaluate_with(
        &self,
        root: &Node,
        text: &str,
        today: Date,
        files: &FileAccess,
        cache: Option<&FsCache>,
    ) -> Vec<Diagnostic> {
        let Reasoning { gates, assume } = &self.reasoning;
        if gates.is_empty() && assume.is_none() {
            return self
                .evaluate_rules(root, root, text, today, files, cache, &|_| true)
                .into_iter()
                .map(|(_, d)| d)
                .collect();
        }
        let except = assume.as_ref().map_or(&[][..], |a| &a.except[..]);
        let mut found = self.evaluate_rules(root, root, text, today, files, cache, &|r| {
            except.contains(&r.id)
        });

        // The file with every known alias read as its code.
        let mut assumed = Vec::new();
        let mut seen = HashSet::new();
        let mut replace = HashMap::new();
        if let Some(assume) = assume {
            let mut nodes = Vec::new();
            for field in &assume.fields {
                nodes.clear();
                field.nodes(root, None, &mut nodes);
                for (node, _) in &nodes {
                    let Some(written) = node.as_str() else {
                        continue;
                    };
                    if let Some(code) = assume.code_for(written) {
                        replace.insert(std::ptr::from_ref(*node) as usize, code.clone());
                        // Each alias once: a list of a hundred thousand `GB`s makes one
                        // note, and the notes are compared per finding.
                        let a = Assumption {
                            field: field.text.replace("[*]", ""),
                            written: written.to_string(),
                            code,
                        };
                        if seen.insert((a.field.clone(), a.written.to_lowercase())) {
                            assumed.push(a);
                        }
                    }
                }
            }
        }
        let as_written = Rebuilt::as_written(root);
        let reason = |tree| self.reason(root, tree, (gates, except), text, today, files, cache);
        if replace.is_empty() {
            found.extend(reason(as_written));
        } else {
            // Copied from `root` itself: `replace` names its nodes by address.
            let mut original = HashMap::new();
            let copied = as_written.copy(root, "", "", &HashSet::new(), &replace, &mut original);
            let assuming = Rebuilt {
                root: Cow::Owned(copied),
                original,
            };
            // A finding that the file as written gets too does not rest on an assumption.
            let without: HashSet<(usize, String, String)> = reason(as_written)
                .into_iter()
                .map(|(i, d)| (i, d.pointer, d.message))
                .collect();
            // The note of each rule, worked out once: a rule reports many findings.
            let mut notes: HashMap<usize, Option<String>> = HashMap::new();
            for (index, mut d) in reason(assuming) {
                if !without.contains(&(index, d.pointer.clone(), d.message.clone())) {
                    let note = notes.entry(index).or_insert_with(|| {
                        assumption_note(&self.rules[index], &assumed, &self.fields)
                    });
                    if let Some(note) = note {
                        d.message = format!("{} (assuming {note})", d.message);
                    }
                }
                found.push((index, d));
            }
        }
        found.sort_by_key(|(index, _)| *index);
        found.into_iter().map(|(_, d)| d).collect()
    }
}

impl RulePack {
    /// The findings of every rule but `except` on `tree`: the `gates` first, each leaving
    /// out what it reports for the rules after it, then the others.
    #[allow(clippy::too_many_arguments)]
    fn reason(
        &self,
        original: &Node,
        mut tree: Rebuilt<'_>,
        (gates, except): (&[String], &[String]),
        text: &str,
        today: Date,
        files: &FileAccess,
        cache: Option<&FsCache>,
    ) -> Vec<(usize, Diagnostic)> {
        let mut found = Vec::new();
        for gate in gates {
            let reported =
                self.evaluate_rules(&tree.root, original, text, today, files, cache, &|r| {
                    r.id == *gate && !except.contains(&r.id)
                });
            let drop: HashSet<String> = reported.iter().map(|(_, d)| d.pointer.clone()).collect();
            found.extend(reported.into_iter().map(|(i, mut d)| {
                d.pointer = tree.original_pointer(&d.pointer);
                (i, d)
            }));
            if !drop.is_empty() {
                tree = tree.without(&drop, &HashMap::new());
            }
        }
        let rest = self.evaluate_rules(&tree.root, original, text, today, files, cache, &|r| {
            !except.contains(&r.id) && !gates.contains(&r.id)
        });
        found.extend(rest.into_iter().map(|(i, mut d)| {
            d.pointer = tree.original_pointer(&d.pointer);
            (i, d)
        }));
        found
    }
}

/// The assumptions a finding of `rule` rests on, as its message ends them: those about
/// the fields the rule reads (`` `GB` is UK ``), by name or through a field list of the
/// pack (`$markets_involved`) that holds them. Asked only for findings the file as
/// written does not get.
fn assumption_note(
    rule: &Rule,
    assumed: &[Assumption],
    lists: &[(String, Vec<Path>)],
) -> Option<String> {
    let node = rule.definition.node()?;
    let mut read: HashMap<&str, bool> = HashMap::new();
    let mut said: Vec<String> = Vec::new();
    for a in assumed {
        if *read.entry(a.field.as_str()).or_insert_with(|| {
            mentions(node, &a.field)
                || lists
                    .iter()
                    .filter(|(_, paths)| paths.iter().any(|p| p.text.contains(&a.field)))
                    .any(|(name, _)| mentions(node, &format!("${name}")))
        }) {
            let note = format!("`{}` is {}", a.written, a.code);
            if !said.contains(&note) {
                said.push(note);
            }
        }
    }
    (!said.is_empty()).then(|| said.join(", "))
}

/// Whether a string of the rule's definition names `field`.
fn mentions(node: &Node, field: &str) -> bool {
    match &node.kind {
        NodeKind::Str(s) => s.contains(field),
        NodeKind::Seq(items) => items.iter().any(|i| mentions(i, field)),
        NodeKind::Map(entries) => entries.iter().any(|e| mentions(&e.value, field)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::PackSet;

    /// The built-in pack's tables name rules it has and paths that parse: a misspelt id
    /// would leave a root cause silently unused.
    #[test]
    fn builtin_tables_name_real_rules_and_paths() {
        let packs = PackSet::builtin().unwrap();
        for pack in packs.packs() {
            let ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
            let gates = list(pack.data.get(ROOT_CAUSES).and_then(|t| t.get("rules")));
            let spec = pack.data.get(ASSUME_ALIASES).unwrap();
            let except = list(spec.get("except"));
            for id in gates.iter().chain(&except) {
                assert!(
                    ids.contains(&id.as_str()),
                    "{id} is not a rule of {}",
                    pack.label()
                );
            }
            let fields = list(spec.get("fields"));
            assert!(!fields.is_empty());
            for f in &fields {
                assert!(Path::parse(f).is_ok(), "{f}");
            }
            let assume = Assume::read(&pack.data).unwrap();
            assert_eq!(assume.fields.len(), fields.len());
            assert_eq!(assume.code_for("gb").as_deref(), Some("UK"));
            assert_eq!(assume.code_for("uk").as_deref(), Some("UK"));
            assert_eq!(assume.code_for("UK"), None, "a code is not an assumption");
            assert_eq!(assume.code_for("Narnia"), None);
        }
    }

    /// Leaving out a list item keeps every other node's pointer into the file as written.
    #[test]
    fn pointers_lead_back_to_the_file_as_written() {
        let text = "a: [x, y, z]\nb: {c: 1}\n";
        let root = crate::yaml::load(text, &crate::yaml::Limits::default())
            .root
            .unwrap();
        let tree = Rebuilt::as_written(&root);
        let drop: HashSet<String> = ["/a/0".to_string(), "/b".to_string()].into();
        let less = tree.without(&drop, &HashMap::new());
        assert_eq!(
            less.root.get("a").unwrap().item(0).unwrap().as_str(),
            Some("y")
        );
        assert!(less.root.get("b").is_none());
        assert_eq!(less.original_pointer("/a/0"), "/a/1");
        assert_eq!(less.original_pointer("/a/1"), "/a/2");
        let lesser = less.without(&["/a/0".to_string()].into(), &HashMap::new());
        assert_eq!(lesser.original_pointer("/a/0"), "/a/2");
    }
}
