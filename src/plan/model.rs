//! The onboarding plan of a pack (`plan.yaml`), compiled: each step's states, blocking
//! rules, contacts and go-live bounds, with conditions and templates in the rules'
//! vocabulary (`crate::pack::Expressions`).

use crate::diagnostic::Diagnostic;
use crate::node::{Node, NodeKind};
use crate::pack::condition::{Condition, DateRef};
use crate::pack::template::Template;
use crate::pack::{Context, Expressions, PackError, PackFile, RulePack};
use crate::schema::Schema;
use crate::yaml::{self, Limits};
use serde::Serialize;
use std::sync::OnceLock;

/// The JSON Schema of `plan.yaml`, as shipped.
pub const PLAN_SCHEMA: &str = include_str!("../../schemas/plan.schema.json");

/// The placeholder for a step's go-live bound in its texts.
const DATE_PLACEHOLDER: &str = "{$date}";

fn plan_schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    S.get_or_init(|| {
        match Schema::compile(PLAN_SCHEMA, crate::diagnostic::Code::RulePack, "the plan") {
            Ok(s) => s.with_root_help(
                "Write the plan as `plan:` with its `steps:`, as docs/writing-rules.md shows.",
            ),
            Err(e) => unreachable!("the shipped plan schema does not compile: {e}"),
        }
    })
}

/// The state of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Done,
    InProgress,
    Todo,
    Blocked,
    NotNeeded,
}

impl StepState {
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Done => "done",
            StepState::InProgress => "in_progress",
            StepState::Todo => "todo",
            StepState::Blocked => "blocked",
            StepState::NotNeeded => "not_needed",
        }
    }

    /// Words for people (colour is never the only signal).
    pub fn label(self) -> &'static str {
        match self {
            StepState::Done => "done",
            StepState::InProgress => "in progress",
            StepState::Todo => "to do",
            StepState::Blocked => "blocked",
            StepState::NotNeeded => "not needed",
        }
    }

    /// Whether the step still has something to do.
    pub fn open(self) -> bool {
        !matches!(self, StepState::Done | StepState::NotNeeded)
    }
}

/// A text with `{$date}` in it: templates around each `{$date}`.
#[derive(Debug, Clone)]
pub struct Text(Vec<Template>);

impl Text {
    pub fn render(&self, cx: &Context, date: Option<&str>) -> String {
        let parts: Vec<String> = self.0.iter().map(|t| t.render(cx, None)).collect();
        parts.join(date.unwrap_or("(no date)"))
    }
}

#[derive(Debug, Clone)]
pub struct StateEntry {
    pub state: StepState,
    pub when: Option<Condition>,
    pub reason: Text,
    pub next: Option<Text>,
    pub advice: Option<Text>,
    pub blockable: bool,
}

#[derive(Debug, Clone)]
pub struct Bound {
    pub when: Option<Condition>,
    /// `None`: a wait that cannot be dated.
    pub from: Option<(DateRef, i64)>,
    pub text: Text,
    /// Only if the step turns out to be needed (a review decided case by case): shown,
    /// never counted in the earliest go-live.
    pub possible: bool,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub blocked_by: Vec<String>,
    pub contact: Vec<(Option<Condition>, Text)>,
    pub states: Vec<StateEntry>,
    pub go_live: Vec<Bound>,
}

/// A pack's plan, compiled.
#[derive(Debug, Clone)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// The pack's named field lists, which the steps' conditions may name.
    pub fields: Vec<(String, Vec<crate::pack::path::Path>)>,
}

/// Whether `cond` holds in `cx` (no condition: it holds).
pub fn holds(cond: Option<&Condition>, cx: &Context) -> bool {
    cond.is_none_or(|c| c.eval(cx) == Some(true))
}

impl Plan {
    /// The plan of `pack`: its `plan.yaml` (or its base's), checked against the plan
    /// schema and compiled against its data. A pack without one has no plan.
    pub fn of(pack: &RulePack) -> Result<Plan, PackError> {
        let Some(file) = &pack.plan else {
            return Err(PackError::Io(format!(
                "the policy {} has no onboarding plan (`plan.yaml`)",
                pack.label()
            )));
        };
        compile(file, pack)
    }
}

fn problems(file: &PackFile, diagnostics: Vec<Diagnostic>) -> PackError {
    PackError::Files(vec![(file.clone(), diagnostics)])
}

fn text(node: &Node) -> Option<String> {
    match &node.kind {
        NodeKind::Str(s) => Some(s.clone()),
        NodeKind::Null | NodeKind::Seq(_) | NodeKind::Map(_) => None,
        _ => Some(node.key_text()),
    }
}

fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.kind) {
        Some(NodeKind::Seq(items)) => items,
        _ => &[],
    }
}

fn compile(file: &PackFile, pack: &RulePack) -> Result<Plan, PackError> {
    let loaded = yaml::load(&file.text, &Limits::default());
    let mut diagnostics = loaded.diagnostics;
    let Some(root) = loaded.root else {
        return Err(problems(file, diagnostics));
    };
    diagnostics.extend(plan_schema().validate(&root, &file.text));
    for d in &mut diagnostics {
        d.rule = crate::diagnostic::Code::RulePack.id().to_string();
    }
    if !diagnostics.is_empty() {
        return Err(problems(file, diagnostics));
    }
    let mut ex = Expressions::new(file, &pack.data);
    let known: Vec<String> = crate::diagnostic::Code::ALL
        .iter()
        .map(|c| c.id().to_string())
        .chain(pack.rules.iter().map(|r| r.id.clone()))
        // A rule an extending pack disables is still a known id: it blocks nothing there.
        .chain(pack.disabled.iter().cloned())
        .collect();
    let mut steps: Vec<Step> = Vec::new();
    let steps_node = root.get("plan").and_then(|p| p.get("steps"));
    for node in items(steps_node) {
        let id = node.get("id").and_then(text).unwrap_or_default();
        if steps.iter().any(|s| s.id == id) {
            if let Some(at) = node.get("id") {
                ex.error(
                    at,
                    format!("the step id `{id}` is used twice"),
                    "Step ids are unique in a plan.",
                );
            }
        }
        let mut blocked_by = Vec::new();
        for rule in items(node.get("blocked_by")) {
            let rule_id = text(rule).unwrap_or_default();
            if !known.contains(&rule_id) {
                let hint = crate::diagnostic::closest(&rule_id, &known)
                    .map_or(String::new(), |c| format!(" Did you mean `{c}`?"));
                ex.error(
                    rule,
                    format!("no rule has the id `{rule_id}`"),
                    format!("`blocked_by` names rules of the pack or of the engine.{hint}"),
                );
            }
            blocked_by.push(rule_id);
        }
        let contact = items(node.get("contact"))
            .iter()
            .filter_map(|c| {
                let when = c.get("when").map(|w| ex.condition(w));
                let text = compile_text(&mut ex, c.get("text")?)?;
                Some((when.flatten(), text))
            })
            .collect();
        let mut states = Vec::new();
        for s in items(node.get("states")) {
            let state = match s.get("state").and_then(text).as_deref() {
                Some("done") => StepState::Done,
                Some("in_progress") => StepState::InProgress,
                Some("not_needed") => StepState::NotNeeded,
                _ => StepState::Todo,
            };
            let when = s.get("when").and_then(|w| ex.condition(w));
            let Some(reason) = s.get("reason").and_then(|r| compile_text(&mut ex, r)) else {
                continue;
            };
            states.push(StateEntry {
                state,
                when,
                reason,
                next: s.get("next").and_then(|n| compile_text(&mut ex, n)),
                advice: s.get("advice").and_then(|n| compile_text(&mut ex, n)),
                blockable: !matches!(
                    s.get("blockable").map(|b| &b.kind),
                    Some(NodeKind::Bool(false))
                ),
            });
        }
        let mut go_live = Vec::new();
        for b in items(node.get("go_live")) {
            let when = b.get("when").and_then(|w| ex.condition(w));
            let from = match (b.get("from"), b.get("days")) {
                (Some(from), Some(days)) => {
                    let from = ex.date_ref(from);
                    let days = compile_days(&mut ex, days, pack);
                    from.zip(days)
                }
                _ => None,
            };
            let Some(text) = b.get("text").and_then(|t| compile_text(&mut ex, t)) else {
                continue;
            };
            let possible = matches!(
                b.get("possible").map(|p| &p.kind),
                Some(NodeKind::Bool(true))
            );
            go_live.push(Bound {
                when,
                from,
                text,
                possible,
            });
        }
        steps.push(Step {
            id,
            title: node.get("title").and_then(text).unwrap_or_default(),
            blocked_by,
            contact,
            states,
            go_live,
        });
    }
    ex.finish()?;
    Ok(Plan {
        steps,
        fields: pack.fields.clone(),
    })
}

/// A text, split at each `{$date}` into templates.
fn compile_text(ex: &mut Expressions, node: &Node) -> Option<Text> {
    let whole = text(node)?;
    let mut parts = Vec::new();
    for piece in whole.split(DATE_PLACEHOLDER) {
        let piece_node = Node {
            kind: NodeKind::Str(piece.to_string()),
            span: node.span.clone(),
        };
        parts.push(ex.template(&piece_node)?);
    }
    Some(Text(parts))
}

/// `days: 21` or `days: {data: review_lead_days}`.
fn compile_days(ex: &mut Expressions, node: &Node, pack: &RulePack) -> Option<i64> {
    if let NodeKind::Int(n) = node.kind {
        return Some(n);
    }
    let table = node.get("data")?;
    let name = text(table)?;
    match crate::pack::data_lookup(&pack.data, &name).and_then(serde_json::Value::as_i64) {
        Some(n) if n >= 0 => Some(n),
        _ => {
            ex.error(
                table,
                format!("the data table `{name}` is not a number of days"),
                "Name a table of data.yaml that holds a whole number, such as `review_lead_days: 21`.",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::PackSet;

    #[test]
    fn the_builtin_plans_compile() {
        let packs = PackSet::builtin().expect("the built-in packs load");
        for pack in packs.selected() {
            let plan = Plan::of(pack).unwrap_or_else(|e| panic!("{}: {e}", pack.label()));
            let ids: Vec<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
            assert_eq!(
                ids,
                [
                    "account",
                    "registration",
                    "certificate",
                    "compliance_review",
                    "apps",
                    "first_api_call"
                ]
            );
            for step in &plan.steps {
                assert!(!step.states.is_empty(), "{}", step.id);
                assert!(
                    step.states.last().is_some_and(|s| s.when.is_none()),
                    "{}: the last state applies when no other does",
                    step.id
                );
                assert!(!step.contact.is_empty(), "{}", step.id);
            }
        }
    }

    /// The plan schema's copies of the rule-file schema's definitions are the same.
    #[test]
    fn the_plan_schema_shares_the_rule_file_vocabulary() {
        let plan: serde_json::Value = serde_json::from_str(PLAN_SCHEMA).expect("JSON");
        let rules: serde_json::Value =
            serde_json::from_str(crate::pack::schemas::RULE_FILE).expect("JSON");
        for def in ["condition", "path", "paths", "date", "template"] {
            assert_eq!(
                plan["$defs"][def], rules["$defs"][def],
                "`$defs/{def}` differs"
            );
        }
    }

    #[test]
    fn a_plan_naming_an_unknown_rule_or_table_is_refused() {
        let packs = PackSet::builtin().expect("the built-in packs load");
        let mut pack = packs.selected().next().expect("a pack").clone();
        let file = pack.plan.clone().expect("a plan");
        let broken = file
            .text
            .replace(
                "blocked_by: [app-type-allowed",
                "blocked_by: [app-type-alowed",
            )
            .replace(
                "days: {data: review_lead_days}",
                "days: {data: review_lead_day}",
            );
        pack.plan = Some(PackFile {
            text: broken.into(),
            ..file
        });
        let Err(PackError::Files(files)) = Plan::of(&pack) else {
            panic!("a broken plan compiled");
        };
        let messages: Vec<&str> = files[0].1.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"no rule has the id `app-type-alowed`"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"the data table `review_lead_day` is not a number of days"),
            "{messages:?}"
        );
    }
}
