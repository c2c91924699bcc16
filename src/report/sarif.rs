//! The SARIF 2.1.0 format, for code scanning (GitHub, Azure DevOps, IDE viewers): one run
//! whose `tool.driver.rules` lists the engine's rules and those of each policy version
//! used, and whose `results` are the findings, with `suppressions` on the ones a comment
//! silenced. Columns count Unicode code points (`columnKind`), as every partnerlint
//! format does. Results are written as files are checked; the rule list, known only at
//! the end, follows them.

use super::catalog::{Catalog, RuleInfo};
use super::{Emitter, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::file_check::FileReport;
use crate::source::Span;
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

/// The document up to the first result.
const HEAD: &str = "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [";

pub struct SarifEmitter<'a, W: Write> {
    out: W,
    catalog: &'a Catalog,
    /// The rules listed so far, in `ruleIndex` order.
    rules: Vec<RuleInfo>,
    index: HashMap<String, usize>,
    /// The policy versions whose rules are listed.
    packs: BTreeSet<String>,
    written: usize,
}

impl<'a, W: Write> SarifEmitter<'a, W> {
    pub fn new(out: W, catalog: &'a Catalog) -> Self {
        let mut emitter = SarifEmitter {
            out,
            catalog,
            rules: Vec::new(),
            index: HashMap::new(),
            packs: BTreeSet::new(),
            written: 0,
        };
        for rule in catalog.engine() {
            emitter.add_rule(rule.clone());
        }
        emitter
    }

    fn add_rule(&mut self, rule: RuleInfo) -> usize {
        if let Some(&i) = self.index.get(&rule.id) {
            return i;
        }
        self.index.insert(rule.id.clone(), self.rules.len());
        self.rules.push(rule);
        self.rules.len() - 1
    }

    /// The index of a rule, listing it (and its policy's rules) on first use.
    fn rule_index(&mut self, id: &str, policy: Option<&str>) -> usize {
        if let Some(version) = policy {
            if self.packs.insert(version.to_string()) {
                for rule in self.catalog.pack(version) {
                    self.add_rule(rule.clone());
                }
            }
        }
        match self.index.get(id) {
            Some(&i) => i,
            // A rule no catalog describes still gets an entry, so the index is valid.
            None => self.add_rule(RuleInfo {
                id: id.to_string(),
                severity: Severity::Error,
                title: id.to_string(),
                description: id.to_string(),
                source: None,
                policy: policy.map(str::to_string),
            }),
        }
    }

    fn write_result(&mut self, result: &Value) -> io::Result<()> {
        let sep = if self.written == 0 {
            "\n        "
        } else {
            ",\n        "
        };
        if self.written == 0 {
            self.out.write_all(HEAD.as_bytes())?;
        }
        write!(self.out, "{sep}{}", serde_json::to_string(result)?)?;
        self.written += 1;
        Ok(())
    }
}

/// SARIF's name for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path: forward slashes, and percent-encoding for
/// everything but unreserved characters and `/`.
pub fn uri(path: &std::path::Path) -> String {
    let text = super::portable_path(path);
    let mut out = String::with_capacity(text.len());
    if text.starts_with('/') {
        out.push_str("file://");
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn physical(report: &FileReport, uri: &str, span: Option<&Span>) -> Value {
    let mut location = Map::new();
    location.insert("artifactLocation".into(), json!({ "uri": uri }));
    if let Some(span) = span {
        let start = report.source.position(span.start);
        let end = report.source.end_position(span).max(start);
        location.insert(
            "region".into(),
            json!({
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            }),
        );
    }
    Value::Object(location)
}

fn result(
    report: &FileReport,
    d: &Diagnostic,
    rule_index: usize,
    uri: &str,
    suppression: Option<Option<&str>>,
) -> Value {
    let text = match &d.help {
        Some(help) => format!("{}\n\n{help}", d.message),
        None => d.message.clone(),
    };
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(d.rule));
    r.insert("ruleIndex".into(), json!(rule_index));
    r.insert("level".into(), json!(level(d.severity)));
    r.insert("message".into(), json!({ "text": text }));
    let primary = d.primary.as_ref().map(|l| &l.span);
    r.insert(
        "locations".into(),
        json!([{ "physicalLocation": physical(report, uri, primary) }]),
    );
    if !d.secondary.is_empty() {
        let related: Vec<Value> = d
            .secondary
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let mut l = Map::new();
                l.insert("id".into(), json!(i + 1));
                l.insert(
                    "physicalLocation".into(),
                    physical(report, uri, Some(&label.span)),
                );
                if let Some(text) = &label.text {
                    l.insert("message".into(), json!({ "text": text }));
                }
                Value::Object(l)
            })
            .collect();
        r.insert("relatedLocations".into(), Value::Array(related));
    }
    if let Some(reason) = suppression {
        let mut s = Map::new();
        s.insert("kind".into(), json!("inSource"));
        if let Some(reason) = reason {
            s.insert("justification".into(), json!(reason));
        }
        r.insert("suppressions".into(), json!([Value::Object(s)]));
    }
    if let Some(fix) = &d.fix {
        r.insert("fixes".into(), json!([fix_value(report, uri, fix)]));
    }
    if !d.pointer.is_empty() {
        r.insert("properties".into(), json!({ "pointer": d.pointer }));
    }
    Value::Object(r)
}

/// A fix as SARIF's `fix`: its message, and its edits as replacements in the file, each
/// region in the results' convention (the end column exclusive; an empty region inserts).
fn fix_value(report: &FileReport, uri: &str, fix: &crate::diagnostic::Fix) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| {
            let (start, end) = (
                report.source.position(e.span.start),
                report.source.position(e.span.end),
            );
            json!({
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                },
                "insertedContent": { "text": e.content },
            })
        })
        .collect();
    json!({
        "description": { "text": fix.message },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri },
            "replacements": replacements,
        }],
        "properties": { "applicability": fix.applicability.as_str() },
    })
}

fn descriptor(rule: &RuleInfo) -> Value {
    let explain = format!("`partnerlint explain {}` shows it with examples.", rule.id);
    let (text, markdown) = match &rule.source {
        Some(source) => (
            format!("{}\n\nSource: {source}\n\n{explain}", rule.description),
            format!(
                "**{}**\n\n{}\n\n*Source:* {source}\n\n{explain}",
                rule.title, rule.description
            ),
        ),
        None => (
            format!("{}\n\n{explain}", rule.description),
            format!("**{}**\n\n{}\n\n{explain}", rule.title, rule.description),
        ),
    };
    let kind = if rule.policy.is_some() {
        "policy"
    } else {
        "engine"
    };
    let mut properties = Map::new();
    properties.insert("tags".into(), json!(["partnerlint", kind]));
    if let Some(policy) = &rule.policy {
        properties.insert("policy".into(), json!(policy));
    }
    json!({
        "id": rule.id,
        "shortDescription": { "text": rule.title },
        "fullDescription": { "text": rule.description },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": Value::Object(properties),
    })
}

impl<W: Write> Emitter for SarifEmitter<'_, W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let uri = uri(&report.path);
        let policy = report.policy.as_deref();
        for d in &report.diagnostics {
            let index = self.rule_index(&d.rule, policy);
            self.write_result(&result(report, d, index, &uri, None))?;
        }
        for s in &report.suppressed {
            let index = self.rule_index(&s.diagnostic.rule, policy);
            let value = result(
                report,
                &s.diagnostic,
                index,
                &uri,
                Some(s.reason.as_deref()),
            );
            self.write_result(&value)?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        if self.written == 0 {
            self.out.write_all(HEAD.as_bytes())?;
        } else {
            write!(self.out, "\n      ")?;
        }
        let tool = json!({
            "driver": {
                "name": "partnerlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": self.rules.iter().map(descriptor).collect::<Vec<_>>(),
            }
        });
        let tool = serde_json::to_string_pretty(&tool)?.replace('\n', "\n      ");
        // What configured the run: the configuration files and what each changed.
        let properties = json!({ "configs": summary.configs });
        let properties = serde_json::to_string_pretty(&properties)?.replace('\n', "\n      ");
        writeln!(
            self.out,
            "],\n      \"tool\": {tool},\n      \"properties\": {properties}\n    }}\n  ]\n}}"
        )?;
        self.out.flush()
    }
}
