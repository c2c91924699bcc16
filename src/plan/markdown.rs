//! `plan --format markdown`: for `$GITHUB_STEP_SUMMARY` and pull-request comments. The
//! overview is a table; every text from a file is escaped, so none of it becomes
//! markup, a link or an image.

use super::{
    display_name, go_live_text, launch_text, overview_cells, AppPlan, Portfolio, Readiness,
};
use std::io::{self, Write};

/// Text shown as itself in Markdown (and the HTML GitHub allows in it), on one line.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn state_mark(state: Readiness) -> &'static str {
    match state {
        Readiness::Ready => "✅ ready",
        Readiness::Waiting => "⏳ waiting",
        Readiness::Blocked => "⛔ blocked",
    }
}

pub fn render(out: &mut dyn Write, portfolio: &Portfolio) -> io::Result<()> {
    writeln!(out, "## Onboarding plan")?;
    writeln!(out)?;
    writeln!(out, "{}.", escape(&super::summary(portfolio)))?;
    writeln!(out)?;
    writeln!(
        out,
        "| Application | Developer type | Markets | State | Next action | Earliest go-live |"
    )?;
    writeln!(out, "| --- | --- | --- | --- | --- | --- |")?;
    let overview = portfolio.overview();
    for app in &overview {
        let [kind, markets, next, go_live] = overview_cells(app);
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {go_live} |",
            escape(display_name(app)),
            escape(&kind),
            escape(&markets),
            state_mark(app.state),
            escape(&next),
        )?;
    }
    for app in overview {
        writeln!(out)?;
        render_app(out, app)?;
    }
    Ok(())
}

fn render_app(out: &mut dyn Write, app: &AppPlan) -> io::Result<()> {
    writeln!(out, "### {}", escape(display_name(app)))?;
    writeln!(out)?;
    writeln!(out, "- File: {}", escape(&app.file))?;
    writeln!(out, "- State: {}", state_mark(app.state))?;
    writeln!(out, "- Earliest go-live: {}", go_live_text(app))?;
    for d in &app.decided_by {
        writeln!(
            out,
            "  - decided by {}: {}",
            escape(d.step.as_deref().unwrap_or("today")),
            escape(&d.text)
        )?;
    }
    if let Some(launch) = launch_text(app) {
        writeln!(out, "- Planned launch: {launch}")?;
    }
    writeln!(out)?;
    if !app.steps.is_empty() {
        writeln!(out, "| Step | State | Why |")?;
        writeln!(out, "| --- | --- | --- |")?;
        for step in &app.steps {
            let mut why = escape(&step.reason);
            for f in step.findings.iter().filter(|f| f.severity == "error") {
                why.push_str(&format!("<br>{}: {}", escape(&f.rule), escape(&f.message)));
            }
            if let Some(advice) = &step.advice {
                why.push_str(&format!("<br>Note: {}", escape(advice)));
            }
            writeln!(
                out,
                "| {} | {} | {why} |",
                escape(&step.title),
                step.state.label()
            )?;
        }
        writeln!(out)?;
    }
    if !app.next_actions.is_empty() {
        writeln!(out, "Next actions:")?;
        writeln!(out)?;
        for (i, a) in app.next_actions.iter().enumerate() {
            let contact = a
                .contact
                .as_deref()
                .map_or(String::new(), |c| format!(" (contact: {})", escape(c)));
            writeln!(out, "{}. {}{contact}", i + 1, escape(&a.text))?;
        }
    }
    Ok(())
}
