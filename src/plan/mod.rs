//! `partnerlint plan`: from a verdict to a path. For each application, the onboarding
//! steps of the policy's `plan.yaml` with their states and reasons, the findings of
//! `check` that block them, the next actions with who to contact, and the earliest
//! go-live date with what decides it.
//!
//! The stages run one way: `model` compiles a pack's plan, `evaluate` applies it to an
//! application and its check report, and one emitter per format renders a
//! [`Portfolio`]. The plan reads the pack (conditions, templates, data) and the check's
//! report; neither reads the plan.

pub mod evaluate;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
pub mod model;
pub mod testing;

pub use evaluate::plan_application;
pub use model::{Plan, StepState};

use jiff::civil::Date;
use serde::Serialize;

/// How ready an application is to go live, most ready first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Readiness {
    /// Nothing blocks it and nothing it waits for is after today.
    Ready,
    /// Nothing blocks it, but it waits: for a review's lead time, or an approval.
    Waiting,
    /// A step is blocked by a finding of `check`.
    Blocked,
}

impl Readiness {
    pub fn as_str(self) -> &'static str {
        match self {
            Readiness::Ready => "ready",
            Readiness::Waiting => "waiting",
            Readiness::Blocked => "blocked",
        }
    }
}

/// A finding of `check` attached to a step.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: String,
    pub message: String,
    /// The line it points at (1-based), when it points at one.
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepPlan {
    pub id: String,
    pub title: String,
    pub state: StepState,
    pub reason: String,
    /// The rules whose error findings block the step.
    pub blocked_by: Vec<String>,
    /// Those findings, and the step's warnings, with their messages.
    pub findings: Vec<Finding>,
    /// A possible delay or a hint that is not an action (a review only possible).
    pub advice: Option<String>,
    /// Who to contact or where to go.
    pub contact: Option<String>,
    /// The date this step lets the application go live at the earliest, when it bounds it.
    #[serde(serialize_with = "json::opt_date")]
    pub go_live_bound: Option<Date>,
    /// Whether `go_live_bound` applies only if the step turns out to be needed (a review
    /// decided case by case): then it does not count in the earliest go-live.
    pub go_live_bound_possible: bool,
    /// When the wait that gives `go_live_bound` started (a request date, or today).
    #[serde(skip)]
    pub go_live_from: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextAction {
    pub step: String,
    pub text: String,
    pub contact: Option<String>,
}

/// One thing that decides the earliest go-live date.
#[derive(Debug, Clone, Serialize)]
pub struct Decider {
    /// The step, or `None` for the check's date itself.
    pub step: Option<String>,
    /// The date it allows, or `None` for a wait that cannot be dated.
    #[serde(serialize_with = "json::opt_date")]
    pub date: Option<Date>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppPlan {
    pub file: String,
    pub name: Option<String>,
    pub developer_type: Option<String>,
    pub markets: Vec<String>,
    pub state: Readiness,
    /// The policy version the plan follows.
    pub policy: Option<String>,
    pub steps: Vec<StepPlan>,
    pub next_actions: Vec<NextAction>,
    #[serde(serialize_with = "json::opt_date")]
    pub earliest_go_live: Option<Date>,
    /// The latest dated bound (or today): the go-live is not before it, even when
    /// `earliest_go_live` cannot be dated.
    #[serde(serialize_with = "json::date")]
    pub not_before: Date,
    pub decided_by: Vec<Decider>,
    #[serde(serialize_with = "json::opt_date")]
    pub planned_launch: Option<Date>,
    pub launch_feasible: Option<bool>,
    /// The file's error findings (all of them, not only those that block a step).
    pub errors: usize,
}

impl AppPlan {
    /// Every text of the plan that may hold what the file says, for redaction and
    /// escaping.
    pub fn texts_mut(&mut self) -> Vec<&mut String> {
        let mut out: Vec<&mut String> = vec![&mut self.file];
        out.extend(self.name.iter_mut());
        out.extend(self.developer_type.iter_mut());
        out.extend(self.markets.iter_mut());
        for step in &mut self.steps {
            out.push(&mut step.reason);
            out.extend(step.advice.iter_mut());
            for f in &mut step.findings {
                out.push(&mut f.message);
            }
        }
        for a in &mut self.next_actions {
            out.push(&mut a.text);
        }
        for d in &mut self.decided_by {
            out.push(&mut d.text);
        }
        out
    }

    /// The next action, if any.
    pub fn next_action(&self) -> Option<&NextAction> {
        self.next_actions.first()
    }
}

/// Every application's plan, for one run.
#[derive(Debug, Clone, Serialize)]
pub struct Portfolio {
    /// partnerlint's version.
    pub version: String,
    /// The policy version of the run: `--policy`, else the one in force today.
    pub policy: Option<String>,
    #[serde(serialize_with = "json::date")]
    pub today: Date,
    pub applications: Vec<AppPlan>,
}

impl Portfolio {
    /// The applications in overview order: most ready first, then the earliest go-live
    /// (undated last), then by file.
    pub fn overview(&self) -> Vec<&AppPlan> {
        let mut apps: Vec<&AppPlan> = self.applications.iter().collect();
        apps.sort_by(|a, b| {
            (
                a.state,
                a.earliest_go_live.is_none(),
                a.earliest_go_live,
                &a.file,
            )
                .cmp(&(
                    b.state,
                    b.earliest_go_live.is_none(),
                    b.earliest_go_live,
                    &b.file,
                ))
        });
        apps
    }

    /// How many applications are in `state`.
    pub fn count(&self, state: Readiness) -> usize {
        self.applications
            .iter()
            .filter(|a| a.state == state)
            .count()
    }
}

/// `4 applications on 2026-11-22 (policy 2026.11): 1 ready, 2 waiting, 1 blocked`.
pub fn summary(portfolio: &Portfolio) -> String {
    let n = portfolio.applications.len();
    format!(
        "{n} application{} on {} (policy {}): {} ready, {} waiting, {} blocked",
        if n == 1 { "" } else { "s" },
        portfolio.today,
        portfolio.policy.as_deref().unwrap_or("none"),
        portfolio.count(Readiness::Ready),
        portfolio.count(Readiness::Waiting),
        portfolio.count(Readiness::Blocked),
    )
}

/// The name an application is shown by: its name, or its file.
pub fn display_name(app: &AppPlan) -> &str {
    app.name.as_deref().unwrap_or(&app.file)
}

/// The earliest go-live as people read it: the date, or why there is none and the date
/// it is not before.
pub fn go_live_text(app: &AppPlan) -> String {
    match app.earliest_go_live {
        Some(d) => d.to_string(),
        None => format!("{} (not before {})", date_text(None), app.not_before),
    }
}

/// The planned launch and whether it is feasible, in words.
pub fn launch_text(app: &AppPlan) -> Option<String> {
    let planned = app.planned_launch?;
    let verdict = match app.launch_feasible {
        Some(true) => "feasible",
        Some(false) => "not feasible",
        None => "feasibility unknown",
    };
    Some(format!("{planned}, {verdict}"))
}

/// An application's row of the overview, its texts unescaped: developer type, markets,
/// next action, earliest go-live (the name and the state are each format's own).
pub fn overview_cells(app: &AppPlan) -> [String; 4] {
    [
        app.developer_type.clone().unwrap_or_else(|| "?".into()),
        app.markets.join(", "),
        app.next_action()
            .map_or_else(|| "none".into(), |a| a.text.clone()),
        date_text(app.earliest_go_live),
    ]
}

/// `2026-12-07`, or what stands for a date that cannot be given.
pub fn date_text(date: Option<Date>) -> String {
    date.map_or_else(|| "not datable yet".to_string(), |d| d.to_string())
}
