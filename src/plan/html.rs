//! `plan --format html`: one self-contained page to send to a business or compliance
//! team. It makes no network request (the style and the timelines are inline, no font,
//! image or script is fetched), works without JavaScript, uses real headings and table
//! semantics, never shows a state by colour alone, prints cleanly, and reflows on a
//! phone. Every text from a file is escaped.

use super::{
    display_name, go_live_text, launch_text, overview_cells, AppPlan, Portfolio, Readiness,
    StepState,
};
/// Text as HTML text or attribute value: XML's escapes are HTML's.
pub use crate::report::junit_xml::escape;
use jiff::civil::Date;
use std::io::{self, Write};

const STYLE: &str = r#"
:root{--ink:#1b1f24;--muted:#4a5360;--line:#c9ced6;--bg:#fff;--soft:#f4f6f8;--ok:#0b6b31;--okbg:#e2f4e8;--wait:#7a4a00;--waitbg:#fff1d1;--bad:#a3140f;--badbg:#fde7e6;--info:#1d4f91}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin:2rem 0 .5rem;padding-top:.5rem;border-top:2px solid var(--line)}h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
a{color:var(--info)}
li,dd,p,td{overflow-wrap:anywhere}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.3rem 0}
caption{text-align:left;color:var(--muted);font-size:.9rem;padding:.2rem 0}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
.b,.overview td:last-child{white-space:nowrap}.b{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-weight:600;white-space:nowrap;border:1px solid}
.ready::before,.done::before{content:"✓ "}.waiting::before,.in_progress::before{content:"… "}.blocked::before{content:"✕ "}.todo::before{content:"○ "}.not_needed::before{content:"– "}
.ready,.done{color:var(--ok);background:var(--okbg)}.waiting,.in_progress{color:var(--wait);background:var(--waitbg)}.blocked{color:var(--bad);background:var(--badbg)}.todo,.not_needed{color:var(--ink);background:var(--soft)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.4rem 0}dt{font-weight:600}dd{margin:0}
.f{color:var(--bad)}.note{color:var(--muted)}
svg{width:100%;height:auto;max-width:60rem;display:block}
svg text{font:12px system-ui,sans-serif;fill:var(--ink)}
svg .grid{stroke:var(--line)}svg .today{stroke:var(--info);stroke-width:2;stroke-dasharray:4 3}svg .golive{stroke:var(--ok);stroke-width:2}svg .plan{stroke:var(--bad);stroke-width:2;stroke-dasharray:1 3}
svg .bar{fill:var(--waitbg);stroke:var(--wait)}svg .bar.done{fill:var(--okbg);stroke:var(--ok)}svg .bar.maybe{fill:none;stroke-dasharray:3 2}
@media (max-width:40rem){main{padding:.5rem}body{font-size:15px}dl{grid-template-columns:1fr}dt{margin-top:.3rem}th,td{padding:.25rem .3rem}.overview thead{display:none}.overview tr{display:block;border:1px solid var(--line);margin:.5rem 0}.overview td,.overview th{display:block;border:0}.overview td::before{font-weight:600}.overview td:nth-of-type(1)::before{content:"Developer type: "}.overview td:nth-of-type(2)::before{content:"Markets: "}.overview td:nth-of-type(3)::before{content:"State: "}.overview td:nth-of-type(4)::before{content:"Next action: "}.overview td:nth-of-type(5)::before{content:"Earliest go-live: "}}
@media print{body{font-size:10.5pt}main{max-width:none;padding:0}a{color:inherit;text-decoration:none}.scroll{overflow:visible}section{break-before:page}section:first-of-type{break-before:auto}h2{border:0}.b{border:1px solid #000}}
"#;

/// A state as a word with a sign before it (the sign comes from the style, so a page
/// of a thousand applications does not repeat it).
fn readiness_badge(state: Readiness) -> String {
    let word = state.as_str();
    format!("<span class=\"b {word}\">{word}</span>")
}

fn step_badge(state: StepState) -> String {
    format!("<td class=\"{}\">{}</td>", state.as_str(), state.label())
}

/// A contact as a link: a web address or an email address; anything else as text.
fn contact(c: &str) -> String {
    let e = escape(c);
    if let Some(page) = c.strip_prefix("https://") {
        // The link says where it goes, without the scheme and path every one has.
        let host = escape(page.split('/').next().unwrap_or(page));
        format!("<a href=\"{e}\">{host}</a>")
    } else if c.contains('@') && !c.contains(char::is_whitespace) && !c.contains(':') {
        format!("<a href=\"mailto:{e}\">{e}</a>")
    } else {
        e
    }
}

pub fn render(out: &mut dyn Write, portfolio: &Portfolio) -> io::Result<()> {
    write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Onboarding plan, {}</title><style>{STYLE}</style></head>\n<body><main>\n<h1>Onboarding plan</h1>\n",
        portfolio.today
    )?;
    writeln!(
        out,
        "<p>{}. Made by partnerlint {}.</p>",
        escape(&super::summary(portfolio)),
        escape(&portfolio.version),
    )?;
    let overview = portfolio.overview();
    writeln!(out, "<h2 id=\"overview\">Overview</h2>\n<div class=\"scroll\" role=\"region\" aria-labelledby=\"overview\" tabindex=\"0\"><table class=\"overview\"><caption>Applications, most ready first</caption><thead><tr><th scope=\"col\">Application</th><th scope=\"col\">Developer type</th><th scope=\"col\">Markets</th><th scope=\"col\">State</th><th scope=\"col\">Next action</th><th scope=\"col\">Earliest go-live</th></tr></thead><tbody>")?;
    for (i, app) in overview.iter().enumerate() {
        let [kind, markets, next, go_live] = overview_cells(app);
        writeln!(
            out,
            "<tr><th scope=\"row\"><a href=\"#a{i}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(display_name(app)),
            escape(&kind),
            escape(&markets),
            readiness_badge(app.state),
            escape(&next),
            go_live,
        )?;
    }
    writeln!(out, "</tbody></table></div>")?;
    for (i, app) in overview.iter().enumerate() {
        render_app(out, app, i, portfolio.today)?;
    }
    writeln!(out, "</main></body></html>")
}

fn render_app(out: &mut dyn Write, app: &AppPlan, i: usize, today: Date) -> io::Result<()> {
    writeln!(
        out,
        "<section><h2 id=\"a{i}\">{}</h2>",
        escape(display_name(app))
    )?;
    let go_live = go_live_text(app);
    write!(
        out,
        "<dl><dt>File</dt><dd>{}</dd><dt>State</dt><dd>{}</dd><dt>Earliest go-live</dt><dd>{go_live}</dd>",
        escape(&app.file),
        readiness_badge(app.state),
    )?;
    if let Some(launch) = launch_text(app) {
        write!(out, "<dt>Planned launch</dt><dd>{launch}</dd>")?;
    }
    // Each place to go or team to write to, once: the next actions name their steps.
    let mut contacts: Vec<&str> = Vec::new();
    for c in app.next_actions.iter().filter_map(|a| a.contact.as_deref()) {
        if !contacts.contains(&c) {
            contacts.push(c);
        }
    }
    if !contacts.is_empty() {
        let links: Vec<String> = contacts.iter().map(|c| contact(c)).collect();
        write!(out, "<dt>Contacts</dt><dd>{}</dd>", links.join(", "))?;
    }
    for d in &app.decided_by {
        write!(out, "<dt>Decided by</dt><dd>{}</dd>", escape(&d.text))?;
    }
    writeln!(out, "</dl>")?;
    if !app.steps.is_empty() {
        writeln!(out, "<h3>Timeline</h3>")?;
        timeline(out, app, today)?;
        write!(out, "<h3>Steps</h3><table><thead><tr><th>Step</th><th>State</th><th>Why</th></tr></thead><tbody>")?;
        for step in &app.steps {
            write!(
                out,
                "<tr><th>{}</th>{}<td>{}",
                escape(&step.title),
                step_badge(step.state),
                escape(&step.reason)
            )?;
            for f in &step.findings {
                write!(
                    out,
                    "<br><span class=\"f\">{} {}: {}</span>",
                    escape(&f.severity),
                    escape(&f.rule),
                    escape(&f.message)
                )?;
            }
            if let Some(advice) = &step.advice {
                write!(
                    out,
                    "<br><span class=\"note\">Note: {}</span>",
                    escape(advice)
                )?;
            }
            write!(out, "</td></tr>")?;
        }
        writeln!(out, "</tbody></table>")?;
    }
    if !app.next_actions.is_empty() {
        write!(out, "<h3>Next actions</h3><ol>")?;
        for a in &app.next_actions {
            write!(out, "<li>{}</li>", escape(&a.text))?;
        }
        writeln!(out, "</ol>")?;
    }
    writeln!(out, "</section>")
}

/// The steps against dates: a bar for each wait from its start to the date it allows,
/// today, the earliest go-live and the planned launch as lines. The steps table says
/// the same in words; the picture is labelled with a summary.
fn timeline(out: &mut dyn Write, app: &AppPlan, today: Date) -> io::Result<()> {
    let mut dates = vec![today, app.not_before];
    dates.extend(app.planned_launch);
    for s in &app.steps {
        dates.extend(s.go_live_from);
        dates.extend(s.go_live_bound);
    }
    let first = dates.iter().min().copied().unwrap_or(today);
    let last = dates.iter().max().copied().unwrap_or(today);
    let span = first.until(last).map_or(0, |s| s.get_days()).max(14) as f64;
    let (left, right) = (270.0, 640.0);
    let x = |d: Date| {
        left + (right - left) * f64::from(first.until(d).map_or(0, |s| s.get_days())) / span
    };
    // The waits with dates: the steps table says the rest.
    let dated: Vec<&super::StepPlan> = app
        .steps
        .iter()
        .filter(|s| s.go_live_from.is_some() && s.go_live_bound.is_some())
        .collect();
    let rows = dated.len();
    let height = 62 + rows * 24;
    let mut summary = format!("Timeline: today {today}");
    if let Some(d) = app.earliest_go_live {
        summary.push_str(&format!(", earliest go-live {d}"));
    }
    if let Some(d) = app.planned_launch {
        summary.push_str(&format!(", planned launch {d}"));
    }
    for s in &app.steps {
        if let (Some(from), Some(to)) = (s.go_live_from, s.go_live_bound) {
            summary.push_str(&format!(", {} from {from} to {to}", s.title));
        }
    }
    write!(
        out,
        "<svg viewBox=\"0 0 760 {height}\" role=\"img\" aria-label=\"{}\">",
        escape(&summary)
    )?;
    for (r, s) in dated.iter().enumerate() {
        let y = 56 + r * 24;
        write!(
            out,
            "<text x=\"4\" y=\"{}\">{}</text>",
            y + 4,
            escape(&s.title),
        )?;
        if let (Some(from), Some(to)) = (s.go_live_from, s.go_live_bound) {
            let (x1, x2) = (x(from), x(to));
            let class = match (s.state, s.go_live_bound_possible) {
                (StepState::Done, _) => "bar done",
                (_, true) => "bar maybe",
                _ => "bar",
            };
            write!(
                out,
                "<rect class=\"{class}\" x=\"{x1:.0}\" y=\"{}\" width=\"{:.0}\" height=\"14\"/><text x=\"{:.0}\" y=\"{}\">{to}</text>",
                y - 7,
                (x2 - x1).max(2.0),
                (x2 + 4.0).min(680.0),
                y + 4
            )?;
        }
    }
    let bottom = 56 + rows * 24;
    let mut line = |class: &str, d: Date, label: &str, row: usize| -> io::Result<()> {
        let xd = x(d);
        write!(
            out,
            "<line class=\"{class}\" x1=\"{xd:.0}\" x2=\"{xd:.0}\" y1=\"{}\" y2=\"{bottom}\"/><text x=\"{:.0}\" y=\"{}\">{label} {d}</text>",
            4 + row * 13,
            (xd - 40.0).clamp(left - 60.0, 640.0),
            12 + row * 13
        )
    };
    line("today", today, "today", 0)?;
    if let Some(d) = app.earliest_go_live {
        line("golive", d, "go-live", 1)?;
    }
    if let Some(d) = app.planned_launch {
        line("plan", d, "planned", 2)?;
    }
    writeln!(out, "</svg>")
}
