//! One application's plan: the pack's steps evaluated on the file, with the findings of
//! its check report, and the earliest go-live worked out from the steps' bounds.

use super::model::{holds, Plan, StepState};
use super::{AppPlan, Decider, Finding, NextAction, Readiness, StepPlan};
use crate::diagnostic::{Diagnostic, Severity};
use crate::file_check::FileReport;
use crate::node::{Node, NodeKind};
use crate::pack::condition::DateRef;
use crate::pack::{Context, FileAccess};
use jiff::civil::Date;

/// The plan of the application `report` is about, whose tree (as the check loaded it)
/// is `root`. `plan` is `None` when the file could not be planned against a policy (it
/// does not load, or names no known version): then the plan is its findings to fix.
pub fn plan_application(
    plan: Option<&Plan>,
    report: &FileReport,
    root: Option<&Node>,
    files: &FileAccess,
    today: Date,
) -> AppPlan {
    let text = report.source.text();
    let errors = report.count(Severity::Error);
    let mut app = AppPlan {
        file: report.display_path(),
        name: None,
        developer_type: None,
        markets: Vec::new(),
        state: Readiness::Blocked,
        policy: report.policy.clone(),
        steps: Vec::new(),
        next_actions: Vec::new(),
        earliest_go_live: None,
        not_before: today,
        decided_by: Vec::new(),
        planned_launch: None,
        launch_feasible: None,
        errors,
    };
    let (Some(plan), Some(root)) = (plan, root) else {
        // Nothing to plan on: the file's errors come first.
        app.next_actions = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| NextAction {
                step: "file".into(),
                text: fix_text(d),
                contact: None,
            })
            .collect();
        app.decided_by.push(Decider {
            step: None,
            date: None,
            text: "the file could not be planned: fix its errors first".into(),
        });
        return app;
    };
    describe(&mut app, root, text);
    let cx = Context::new(root, root, text, today, files, None, &plan.fields);
    let mut bounds: Vec<Decider> = Vec::new();
    for step in &plan.steps {
        let entry = step.states.iter().find(|s| holds(s.when.as_ref(), &cx));
        let mut state = entry.map_or(StepState::Todo, |e| e.state);
        // The step's bounds, while it is not done.
        let mut step_bound: Option<Date> = None;
        let mut step_from: Option<Date> = None;
        let mut step_possible = false;
        let mut step_bounds = Vec::new();
        if state != StepState::Done {
            for b in &step.go_live {
                // A step not needed keeps only its possible bounds, as advice.
                if !(state.open() || b.possible) || !holds(b.when.as_ref(), &cx) {
                    continue;
                }
                let mut start = None;
                let date = match &b.from {
                    Some((from, days)) => match date_of(&cx, from) {
                        Some(d) => {
                            start = Some(d);
                            d.checked_add(jiff::Span::new().days(*days)).ok()
                        }
                        // A start date that is missing or not a date: the rules report
                        // it; the bound cannot be dated.
                        None => None,
                    },
                    None => None,
                };
                if step_bound.is_none() {
                    step_bound = date;
                    step_from = start;
                    step_possible = b.possible;
                }
                if !b.possible {
                    step_bounds.push((date, b));
                }
            }
        }
        let date_shown = step_bound.map(|d| d.to_string());
        let findings: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| step.blocked_by.contains(&d.rule))
            .collect();
        let blocking: Vec<&&Diagnostic> = findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let blockable = entry.is_none_or(|e| e.blockable) && state != StepState::NotNeeded;
        if blockable && !blocking.is_empty() {
            state = StepState::Blocked;
        }
        let contact = step
            .contact
            .iter()
            .find(|(when, _)| holds(when.as_ref(), &cx))
            .map(|(_, t)| t.render(&cx, date_shown.as_deref()));
        let reason =
            entry.map_or_else(String::new, |e| e.reason.render(&cx, date_shown.as_deref()));
        if state == StepState::Blocked {
            for d in &blocking {
                app.next_actions.push(NextAction {
                    step: step.id.clone(),
                    text: fix_text(d),
                    contact: contact.clone(),
                });
            }
        }
        if state.open() {
            if let Some(next) = entry.and_then(|e| e.next.as_ref()) {
                app.next_actions.push(NextAction {
                    step: step.id.clone(),
                    text: next.render(&cx, date_shown.as_deref()),
                    contact: contact.clone(),
                });
            }
            for (date, b) in step_bounds {
                let shown = date.map(|d| d.to_string());
                bounds.push(Decider {
                    step: Some(step.id.clone()),
                    date,
                    text: b.text.render(&cx, shown.as_deref()),
                });
            }
        }
        let mut blocked_by: Vec<String> = Vec::new();
        if state == StepState::Blocked {
            for d in &blocking {
                if !blocked_by.contains(&d.rule) {
                    blocked_by.push(d.rule.clone());
                }
            }
        }
        app.steps.push(StepPlan {
            id: step.id.clone(),
            title: step.title.clone(),
            state,
            reason,
            blocked_by,
            findings: findings
                .iter()
                .map(|d| Finding {
                    rule: d.rule.clone(),
                    severity: d.severity.as_str().to_string(),
                    message: d.message.clone(),
                    line: d
                        .primary
                        .as_ref()
                        .map(|l| report.source.position(l.span.start).line),
                })
                .collect(),
            advice: entry
                .and_then(|e| e.advice.as_ref())
                .map(|a| a.render(&cx, date_shown.as_deref())),
            contact,
            go_live_bound: step_bound,
            go_live_from: step_from,
            go_live_bound_possible: step_possible,
        });
    }
    decide(&mut app, bounds, today);
    app.planned_launch = root
        .get("launch")
        .and_then(|l| l.get("planned_date"))
        .and_then(|n| n.scalar_text(text))
        .and_then(|t| t.parse().ok());
    app.launch_feasible = match (app.planned_launch, app.earliest_go_live) {
        (Some(planned), Some(earliest)) => Some(planned >= earliest),
        // Not datable: a planned date before what is known is already too early.
        (Some(planned), None) if planned < app.not_before => Some(false),
        _ => None,
    };
    app.state = if app.steps.iter().any(|s| s.state == StepState::Blocked) {
        Readiness::Blocked
    } else if app.earliest_go_live == Some(today) {
        Readiness::Ready
    } else {
        Readiness::Waiting
    };
    app
}

/// The earliest go-live: the latest dated bound, or today; not datable while a bound
/// cannot be dated. What decides it: the bounds that give it.
fn decide(app: &mut AppPlan, bounds: Vec<Decider>, today: Date) {
    let latest = bounds.iter().filter_map(|b| b.date).max();
    app.not_before = latest.map_or(today, |d| d.max(today));
    let undated = bounds.iter().any(|b| b.date.is_none());
    app.earliest_go_live = (!undated).then_some(app.not_before);
    for b in bounds {
        let decides = match b.date {
            None => true,
            Some(d) => d == app.not_before && d > today,
        };
        if decides {
            app.decided_by.push(b);
        }
    }
    if app.decided_by.is_empty() {
        app.decided_by.push(Decider {
            step: None,
            date: Some(app.not_before),
            text: format!("nothing the plan knows of waits past the check's date, {today}"),
        });
    }
}

fn date_of(cx: &Context, from: &DateRef) -> Option<Date> {
    from.resolve(cx).flatten()
}

/// What to do about a finding: its help, else its message.
fn fix_text(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{} ({}): {help}", d.message, d.rule),
        None => format!("{} ({})", d.message, d.rule),
    }
}

/// The application's name, developer type and markets.
fn describe(app: &mut AppPlan, root: &Node, text: &str) {
    let scalar = |path: &[&str]| {
        let mut node = root;
        for key in path {
            node = node.get(key)?;
        }
        node.scalar_text(text).map(|t| t.into_owned())
    };
    app.developer_type = scalar(&["developer_type"]);
    let seller = app.developer_type.as_deref() == Some("seller_developer");
    app.name = match seller {
        true => scalar(&["seller", "shop_name"]),
        false => scalar(&["company", "name"]),
    };
    app.markets = match seller {
        true => scalar(&["seller", "shop_market"]).into_iter().collect(),
        false => match root
            .get("registration")
            .and_then(|r| r.get("target_markets"))
            .map(|m| &m.kind)
        {
            Some(NodeKind::Seq(items)) => items
                .iter()
                .filter_map(|i| i.scalar_text(text).map(|t| t.into_owned()))
                .collect(),
            _ => Vec::new(),
        },
    };
}
