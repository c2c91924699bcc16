//! `plan --format human`: the overview table, then each application's steps, what
//! decides its go-live, and its next actions. States are words, never only colours.

use super::{date_text, display_name, go_live_text, launch_text, AppPlan, Portfolio};
use std::io::{self, Write};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cuts `text` to `width` terminal columns (a CJK character takes two), with `…` when
/// cut.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `text` cut and padded to exactly `width` columns.
fn pad(text: &str, width: usize) -> String {
    let t = cut(text, width);
    let n = t.width();
    format!("{t}{}", " ".repeat(width.saturating_sub(n)))
}

pub fn render(out: &mut dyn Write, portfolio: &Portfolio, width: usize) -> io::Result<()> {
    let n = portfolio.applications.len();
    writeln!(out, "Onboarding plan: {}", super::summary(portfolio))?;
    let overview = portfolio.overview();
    if n > 1 {
        writeln!(out)?;
        let rest = width.saturating_sub(24 + 19 + 9 + 9 + 18).max(20);
        writeln!(
            out,
            "{}{}{}{}{}next action",
            pad("application", 24),
            pad("developer type", 19),
            pad("markets", 9),
            pad("state", 9),
            pad("earliest go-live", 18)
        )?;
        for app in &overview {
            writeln!(
                out,
                "{}{}{}{}{}{}",
                pad(display_name(app), 23) + " ",
                pad(app.developer_type.as_deref().unwrap_or("?"), 19),
                pad(&app.markets.join(","), 9),
                pad(app.state.as_str(), 9),
                pad(&date_text(app.earliest_go_live), 18),
                cut(app.next_action().map_or("none", |a| a.text.as_str()), rest)
            )?;
        }
    }
    for app in overview {
        writeln!(out)?;
        render_app(out, app)?;
    }
    Ok(())
}

fn render_app(out: &mut dyn Write, app: &AppPlan) -> io::Result<()> {
    let mut title = app.file.clone();
    if let Some(name) = &app.name {
        title.push_str(&format!(" — {name}"));
    }
    let mut about = Vec::new();
    if let Some(t) = &app.developer_type {
        about.push(t.clone());
    }
    if !app.markets.is_empty() {
        about.push(app.markets.join(", "));
    }
    if !about.is_empty() {
        title.push_str(&format!(" ({})", about.join("; ")));
    }
    writeln!(out, "{title}")?;
    let mut line = format!(
        "  state: {} · earliest go-live: {}",
        app.state.as_str(),
        go_live_text(app)
    );
    if let Some(launch) = launch_text(app) {
        line.push_str(&format!(" · planned launch {launch}"));
    }
    writeln!(out, "{line}")?;
    if !app.decided_by.is_empty() {
        writeln!(out, "  decided by:")?;
        for d in &app.decided_by {
            let step = d.step.as_deref().unwrap_or("today");
            writeln!(out, "    - {step}: {}", d.text)?;
        }
    }
    if !app.steps.is_empty() {
        writeln!(out, "  steps:")?;
        for (i, step) in app.steps.iter().enumerate() {
            writeln!(
                out,
                "    {}. {} [{}] {}",
                i + 1,
                step.title,
                step.state.label(),
                step.reason
            )?;
            for f in &step.findings {
                let at = f.line.map_or(String::new(), |l| format!(" (line {l})"));
                writeln!(out, "         {} {}{at}: {}", f.severity, f.rule, f.message)?;
            }
            if let Some(advice) = &step.advice {
                writeln!(out, "         note: {advice}")?;
            }
        }
    }
    if !app.next_actions.is_empty() {
        writeln!(out, "  next actions:")?;
        for (i, a) in app.next_actions.iter().enumerate() {
            let contact = a
                .contact
                .as_deref()
                .map_or(String::new(), |c| format!(" → {c}"));
            writeln!(out, "    {}. [{}] {}{contact}", i + 1, a.step, a.text)?;
        }
    }
    Ok(())
}
