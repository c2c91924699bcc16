//! What changed between two policy versions: rules added, removed and changed, data
//! tables changed; and, checked against application files, which of them the change
//! makes fail or pass.

use crate::diagnostic::Severity;
use crate::file_check::{check_file, CheckOptions};
use crate::pack::template::data_text;
use crate::pack::{PackSet, Rule, RulePack, Stage};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize)]
pub struct PackDiff {
    pub old: String,
    pub new: String,
    /// Manifest fields that changed: `effective`, `supersedes`, `extends`, `summary`.
    pub manifest: Vec<FieldChange>,
    pub added: Vec<RuleSummary>,
    pub removed: Vec<RuleSummary>,
    pub changed: Vec<RuleChange>,
    pub data: Vec<TableChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleSummary {
    pub id: String,
    pub severity: Severity,
    pub title: String,
    /// When it is staged: `warns from 2027-01-01, in force from 2027-03-01`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staging: Option<String>,
}

/// How one rule present in both versions changed.
#[derive(Debug, Clone, Serialize)]
pub struct RuleChange {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<FieldChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<FieldChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staging: Option<FieldChange>,
    /// `when`, `for_each`, `require`, `at` or `suggest` of the rule or a check.
    pub condition: bool,
    /// `message`, `help` or labels.
    pub wording: bool,
    /// `description`, `source` or `examples`.
    pub documentation: bool,
}

/// A data table that was added, removed or changed.
#[derive(Debug, Clone, Serialize)]
pub struct TableChange {
    pub name: String,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// `list`, `mapping` or `value` (the new shape; the old one for a removed table).
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
    /// The rules of the new version (or the old, for a removed table) that use it.
    pub used_by: Vec<String>,
}

impl PackDiff {
    pub fn is_empty(&self) -> bool {
        self.manifest.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.data.is_empty()
    }
}

fn change(field: &str, old: impl ToString, new: impl ToString) -> Option<FieldChange> {
    let (old, new) = (old.to_string(), new.to_string());
    (old != new).then(|| FieldChange {
        field: field.to_string(),
        old,
        new,
    })
}

/// The rules of `pack` that `other` lacks.
fn only_in(pack: &RulePack, other: &RulePack) -> Vec<RuleSummary> {
    pack.rules
        .iter()
        .filter(|r| other.rule(&r.id).is_none())
        .map(summary)
        .collect()
}

fn summary(rule: &Rule) -> RuleSummary {
    let staging = staging(rule);
    RuleSummary {
        id: rule.id.clone(),
        severity: rule.severity,
        title: rule.title.clone(),
        staging: (staging != IN_FORCE).then_some(staging),
    }
}

/// Compares two compiled packs.
pub fn diff(old: &RulePack, new: &RulePack) -> PackDiff {
    let manifest = [
        change("version", &old.manifest.version, &new.manifest.version),
        change("effective", old.manifest.effective, new.manifest.effective),
        change(
            "supersedes",
            old.manifest.supersedes.as_deref().unwrap_or("none"),
            new.manifest.supersedes.as_deref().unwrap_or("none"),
        ),
        change(
            "extends",
            old.extends
                .as_ref()
                .map_or("none".into(), |b| b.to_string()),
            new.extends
                .as_ref()
                .map_or("none".into(), |b| b.to_string()),
        ),
        change(
            "summary",
            old.manifest.summary.trim(),
            new.manifest.summary.trim(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let added = only_in(new, old);
    let removed = only_in(old, new);
    let changed = new
        .rules
        .iter()
        .filter_map(|n| old.rule(&n.id).map(|o| (o, n)))
        .map(|(o, n)| RuleChange {
            id: n.id.clone(),
            severity: change("severity", severities(o), severities(n)),
            title: change("title", &o.title, &n.title),
            staging: change("staging", staging(o), staging(n)),
            condition: form(o, CONDITION) != form(n, CONDITION),
            wording: form(o, WORDING) != form(n, WORDING),
            documentation: ["description", "source", "examples"]
                .iter()
                .any(|k| o.definition.field(k) != n.definition.field(k)),
        })
        .filter(|c| {
            c.severity.is_some()
                || c.title.is_some()
                || c.staging.is_some()
                || c.condition
                || c.wording
                || c.documentation
        })
        .collect();
    PackDiff {
        old: old.label(),
        new: new.label(),
        manifest,
        added,
        removed,
        changed,
        data: tables(old, new),
    }
}

/// A rule's severity, with the checks that set their own: `error (check 2: warning)`.
fn severities(rule: &Rule) -> String {
    let checks: Vec<String> = rule
        .checks
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.severity.map(|s| format!("check {}: {s}", i + 1)))
        .collect();
    if checks.is_empty() {
        rule.severity.to_string()
    } else {
        format!("{} ({})", rule.severity, checks.join(", "))
    }
}

fn stage_text(stage: &Stage) -> Option<String> {
    match (stage.warn_from, stage.error_from) {
        (None, None) => None,
        (Some(w), Some(e)) => Some(format!("warns from {w}, in force from {e}")),
        (Some(w), None) => Some(format!("warns from {w}")),
        (None, Some(e)) => Some(format!("warns until {e}, in force from {e}")),
    }
}

/// When a rule applies: `in force`, or its staging dates (and its checks').
fn staging(rule: &Rule) -> String {
    let mut parts: Vec<String> = stage_text(&rule.stage).into_iter().collect();
    parts.extend(
        rule.checks
            .iter()
            .enumerate()
            .filter_map(|(i, c)| stage_text(&c.stage).map(|t| format!("check {}: {t}", i + 1))),
    );
    if parts.is_empty() {
        IN_FORCE.into()
    } else {
        parts.join("; ")
    }
}

const IN_FORCE: &str = "in force";
const CONDITION: &[&str] = &["for_each", "when", "require", "at", "suggest"];
const WORDING: &[&str] = &[
    "message",
    "help",
    "label",
    "help_without_suggestion",
    "also",
];

/// The canonical form of part of a rule as written: its `when` and, of each check, the
/// fields named, as JSON (YAML's layout, quoting and comments fall away).
fn form(rule: &Rule, fields: &[&str]) -> Value {
    let pick = |v: &Value| -> Value {
        Value::Object(
            fields
                .iter()
                .filter_map(|f| v.get(*f).map(|x| (f.to_string(), x.clone())))
                .collect(),
        )
    };
    let checks: Vec<Value> = match rule.definition.field("checks") {
        Some(Value::Array(items)) => items.iter().map(pick).collect(),
        _ => Vec::new(),
    };
    let when = if fields.contains(&"when") {
        rule.definition.field("when")
    } else {
        None
    };
    serde_json::json!({ "when": when, "checks": checks })
}

/// The data tables a rule refers to: `data:`, `among:`, `aliases:` and `{data.NAME}`.
fn tables_used(rule: &Rule) -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                for (k, x) in map {
                    match (k.as_str(), x) {
                        ("data" | "among" | "aliases", Value::String(name)) => {
                            out.insert(name.split('.').next().unwrap_or(name).to_string());
                        }
                        _ => walk(x, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            Value::String(s) => {
                let mut rest = s.as_str();
                while let Some(i) = rest.find("{data.") {
                    rest = &rest[i + 6..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    out.insert(name);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for key in ["when", "checks"] {
        if let Some(v) = rule.definition.field(key) {
            walk(&v, &mut out);
        }
    }
    out
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "list",
        Value::Object(_) => "mapping",
        _ => "value",
    }
}

fn items(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().map(data_text).collect(),
        other => vec![data_text(other)],
    }
}

fn tables(old: &RulePack, new: &RulePack) -> Vec<TableChange> {
    let users = |pack: &RulePack, name: &str| -> Vec<String> {
        pack.rules
            .iter()
            .filter(|r| tables_used(r).contains(name))
            .map(|r| r.id.clone())
            .collect()
    };
    let names: BTreeSet<&String> = old.data.keys().chain(new.data.keys()).collect();
    let mut out = Vec::new();
    for name in names {
        let table = |change, v: &Value, pack| TableChange {
            name: name.clone(),
            change,
            kind: kind(v),
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
            used_by: users(pack, name),
        };
        match (old.data.get(name), new.data.get(name)) {
            (None, Some(n)) => {
                let mut t = table("added", n, new);
                t.added = entries(n);
                out.push(t);
            }
            (Some(o), None) => out.push(table("removed", o, old)),
            (Some(o), Some(n)) if o != n => {
                let mut t = table("changed", n, new);
                match (o, n) {
                    (Value::Object(a), Value::Object(b)) => {
                        for (k, v) in b {
                            match a.get(k) {
                                None => t.added.push(format!("{k}: {}", data_text(v))),
                                Some(w) if w != v => t.changed.push(format!(
                                    "{k}: {} → {}",
                                    data_text(w),
                                    data_text(v)
                                )),
                                _ => {}
                            }
                        }
                        for (k, v) in a {
                            if !b.contains_key(k) {
                                t.removed.push(format!("{k}: {}", data_text(v)));
                            }
                        }
                    }
                    (Value::Array(_), Value::Array(_)) => {
                        let (a, b) = (items(o), items(n));
                        t.added = b.iter().filter(|x| !a.contains(x)).cloned().collect();
                        t.removed = a.iter().filter(|x| !b.contains(x)).cloned().collect();
                        if t.added.is_empty() && t.removed.is_empty() {
                            t.changed.push("the order".into());
                        }
                    }
                    _ => t
                        .changed
                        .push(format!("{} → {}", data_text(o), data_text(n))),
                }
                out.push(t);
            }
            _ => {}
        }
    }
    out
}

fn entries(v: &Value) -> Vec<String> {
    match v {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}: {}", data_text(v)))
            .collect(),
        other => items(other),
    }
}

/// What the new version does to one application file.
#[derive(Debug, Clone, Serialize)]
pub struct FileChange {
    pub path: String,
    /// `newly_fails`, `newly_passes` or `fails_differently`.
    pub status: &'static str,
    /// The rules it fails under the old version, and under the new.
    pub old: Vec<String>,
    pub new: Vec<String>,
}

/// Application files checked under both versions.
#[derive(Debug, Clone, Serialize)]
pub struct Against {
    pub today: String,
    pub fail_on: Severity,
    pub files: usize,
    pub changed: Vec<FileChange>,
    /// Files whose failing rules are the same under both versions: failing, and passing.
    pub unchanged_failing: usize,
    pub unchanged_passing: usize,
}

/// Checks `files` under `old` and under `new` (on `options.today`) and lists the files
/// whose failing rules (those at `fail_on` or above) differ.
pub fn against(
    old: &RulePack,
    new: &RulePack,
    files: &[PathBuf],
    options: &CheckOptions,
    fail_on: Severity,
) -> Against {
    let failing = |pack: &RulePack, set: &PackSet, path: &PathBuf| -> Vec<String> {
        let mut o = options.clone();
        o.policy = Some(pack.manifest.version.clone());
        let report = check_file(path, set, &o);
        let ids: BTreeSet<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity >= fail_on)
            .map(|d| d.rule.clone())
            .collect();
        ids.into_iter().collect()
    };
    let (old_set, new_set) = (PackSet::single(old.clone()), PackSet::single(new.clone()));
    let mut out = Against {
        today: options.today.to_string(),
        fail_on,
        files: files.len(),
        changed: Vec::new(),
        unchanged_failing: 0,
        unchanged_passing: 0,
    };
    for path in files {
        let (a, b) = (failing(old, &old_set, path), failing(new, &new_set, path));
        let status = match (a.is_empty(), b.is_empty()) {
            _ if a == b => {
                if a.is_empty() {
                    out.unchanged_passing += 1;
                } else {
                    out.unchanged_failing += 1;
                }
                continue;
            }
            (true, false) => "newly_fails",
            (false, true) => "newly_passes",
            _ => "fails_differently",
        };
        let display = path.display().to_string();
        out.changed.push(FileChange {
            path: display.strip_prefix("./").unwrap_or(&display).to_string(),
            status,
            old: a,
            new: b,
        });
    }
    out
}

/// The plain-text report of a diff (and of its `--against` check).
pub fn render_human(d: &PackDiff, against: Option<&Against>) -> String {
    let mut out = format!("Policy {} → {}\n", d.old, d.new);
    if d.is_empty() {
        out.push_str("\nNo differences in rules or data.\n");
    }
    if !d.manifest.is_empty() {
        out.push_str("\nManifest:\n");
        for c in &d.manifest {
            if c.field == "summary" {
                out.push_str("  summary: changed\n");
            } else {
                out.push_str(&format!("  {}: {} → {}\n", c.field, c.old, c.new));
            }
        }
    }
    let section = |out: &mut String, title: &str, rules: &[RuleSummary], mark: char| {
        if rules.is_empty() {
            return;
        }
        out.push_str(&format!("\n{title} ({}):\n", rules.len()));
        for r in rules {
            let staging = r
                .staging
                .as_ref()
                .map_or(String::new(), |s| format!("; {s}"));
            out.push_str(&format!(
                "  {mark} {} ({}{staging}): {}\n",
                r.id, r.severity, r.title
            ));
        }
    };
    section(&mut out, "Rules added", &d.added, '+');
    section(&mut out, "Rules removed", &d.removed, '-');
    if !d.changed.is_empty() {
        out.push_str(&format!("\nRules changed ({}):\n", d.changed.len()));
        for c in &d.changed {
            let mut what: Vec<String> = [&c.severity, &c.title, &c.staging]
                .into_iter()
                .flatten()
                .map(|f| {
                    format!(
                        "{}: {} → {}",
                        f.field,
                        quote_title(f, &f.old),
                        quote_title(f, &f.new)
                    )
                })
                .collect();
            if c.condition {
                what.push("condition changed".into());
            }
            if c.wording {
                what.push("messages changed".into());
            }
            if c.documentation {
                what.push("documentation changed".into());
            }
            out.push_str(&format!("  ~ {}: {}\n", c.id, what.join("; ")));
        }
    }
    if !d.data.is_empty() {
        out.push_str(&format!("\nData tables changed ({}):\n", d.data.len()));
        for t in &d.data {
            let mut what = Vec::new();
            if t.change == "added" {
                out.push_str(&format!(
                    "  new {} `{}`: {}{}\n",
                    t.kind,
                    t.name,
                    t.added.join(", "),
                    used_by(&t.used_by)
                ));
                continue;
            }
            if !t.added.is_empty() {
                what.push(format!("added {}", t.added.join(", ")));
            }
            if !t.removed.is_empty() {
                what.push(format!("removed {}", t.removed.join(", ")));
            }
            if !t.changed.is_empty() {
                what.push(format!("changed {}", t.changed.join(", ")));
            }
            let head = match t.change {
                "removed" => format!("{} `{}` removed", t.kind, t.name),
                _ => format!("{} `{}`", t.kind, t.name),
            };
            let sep = if what.is_empty() { "" } else { ": " };
            out.push_str(&format!(
                "  {head}{sep}{}{}\n",
                what.join("; "),
                used_by(&t.used_by)
            ));
        }
    }
    if let Some(a) = against {
        out.push_str(&render_against(a));
    }
    out.trim_end().to_string()
}

fn used_by(rules: &[String]) -> String {
    if rules.is_empty() {
        String::new()
    } else {
        format!(" (used by {})", rules.join(", "))
    }
}

fn quote_title(f: &FieldChange, text: &str) -> String {
    if f.field == "title" {
        format!("\"{text}\"")
    } else {
        text.to_string()
    }
}

fn render_against(a: &Against) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut out = format!(
        "\nAgainst {} file{} (checked on {}, failing at {} and above):\n",
        a.files,
        plural(a.files),
        a.today,
        a.fail_on
    );
    for (status, title) in [
        ("newly_fails", "Newly fail"),
        ("newly_passes", "Newly pass"),
        ("fails_differently", "Fail differently"),
    ] {
        let files: Vec<&FileChange> = a.changed.iter().filter(|f| f.status == status).collect();
        if files.is_empty() {
            continue;
        }
        out.push_str(&format!("  {title} ({}):\n", files.len()));
        for f in files {
            let detail = match status {
                "newly_fails" => f.new.join(", "),
                "newly_passes" => format!("no longer {}", f.old.join(", ")),
                _ => {
                    let gained: Vec<String> = f
                        .new
                        .iter()
                        .filter(|r| !f.old.contains(r))
                        .map(|r| format!("+{r}"))
                        .collect();
                    let lost: Vec<String> = f
                        .old
                        .iter()
                        .filter(|r| !f.new.contains(r))
                        .map(|r| format!("-{r}"))
                        .collect();
                    gained
                        .into_iter()
                        .chain(lost)
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            out.push_str(&format!("    {}: {detail}\n", f.path));
        }
    }
    out.push_str(&format!(
        "  Unchanged: {} ({} failing under both, {} passing under both)\n",
        a.unchanged_failing + a.unchanged_passing,
        a.unchanged_failing,
        a.unchanged_passing
    ));
    out
}
