//! `partnerlint explain`.

use super::*;
use crate::pack_testing::Sample;

/// What the rule reports on `sample`, a failing case, as the partner would see it.
fn findings(pack: &RulePack, rule: &crate::pack::Rule, sample: &Sample, today: Date) -> String {
    let text = &sample.text;
    let Some(root) = crate::yaml::load(text, &crate::yaml::Limits::default()).root else {
        return String::new();
    };
    let source = SourceText::new(text.clone());
    // A case may say the date it is meant for (a staged rule's, say).
    let today = crate::pack_testing::annotations::expectations(text)
        .today
        .unwrap_or(today);
    // A fixture in a folder names its files from there (a certificate beside it).
    let files = sample
        .path
        .as_deref()
        .map_or_else(crate::pack::FileAccess::default, |p| {
            crate::pack::FileAccess::for_file(p, None)
        });
    pack.evaluate(&root, text, today, &files)
        .into_iter()
        .filter(|d| d.rule == rule.id)
        .map(|d| {
            let line = d
                .primary
                .as_ref()
                .map_or(1, |l| source.line_of(l.span.start));
            let fix = d.fix.as_ref().map_or(String::new(), |f| {
                format!("\n      fix ({}): {}", f.applicability.as_str(), f.message)
            });
            format!("    line {line}: {}: {}{fix}", d.severity, d.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn run(pack: &RulePack, id: &str, today: Date) -> Result<u8, Failure> {
    if let Some(code) = Code::parse(id) {
        print(&format!(
            "{} ({}, engine check)\n\n{}\n\n{}",
            code.id(),
            code.severity(),
            code.title(),
            code.description()
        ))?;
        return Ok(EXIT_OK);
    }
    let Some(rule) = pack.rule(id) else {
        let ids: Vec<String> = Code::ALL
            .iter()
            .map(|c| c.id().to_string())
            .chain(pack.rules.iter().map(|r| r.id.clone()))
            .collect();
        let hint = crate::diagnostic::closest(id, &ids)
            .map_or(String::new(), |c| format!("; did you mean `{c}`?"));
        return Err(Failure(format!(
            "no rule `{id}` in policy {}{hint}",
            pack.manifest.version
        )));
    };
    let (doc_title, quote) = pack.source_of(rule);
    let indent = |s: &str| {
        s.lines()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut notes = String::new();
    if !rule.own {
        notes.push_str(&format!("\n\nFrom the base pack {}.", rule.defined_in));
    }
    if rule.stage.is_staged() {
        let staged = match (rule.stage.warn_from, rule.stage.error_from) {
            (Some(w), Some(e)) => format!("a warning from {w}, at its severity from {e}"),
            (Some(w), None) => format!("applies from {w}, as a warning"),
            (None, Some(e)) => format!("a warning until {e}, at its severity from then"),
            (None, None) => String::new(),
        };
        notes.push_str(&format!("\n\nStaged: {staged} (today is {today})."));
    }
    let mut fixes: Vec<String> = rule
        .checks
        .iter()
        .filter_map(|c| c.fix.as_ref())
        .map(|f| {
            format!(
                "    - {} ({}): \"{}\"",
                f.action.describe(),
                f.applicability.describe(),
                f.message.source
            )
        })
        .collect();
    fixes.dedup();
    let fixes = if fixes.is_empty() {
        String::new()
    } else {
        format!("\n\nFixes (`check --fix`):\n{}", fixes.join("\n"))
    };
    // The rule's first failing and first passing test case, from the pack's tests.
    let (fail, pass) = crate::pack_testing::samples(pack, rule);
    let mut cases = String::new();
    if let Some(fail) = &fail {
        cases.push_str(&format!(
            "\n\nFails ({}):\n{}\n\n  which reports:\n{}",
            fail.name,
            indent(fail.text.trim_end()),
            findings(pack, rule, fail, today)
        ));
    }
    if let Some(pass) = &pass {
        cases.push_str(&format!(
            "\n\nPasses ({}):\n{}",
            pass.name,
            indent(pass.text.trim_end())
        ));
    }
    print(&format!(
        "{id} ({severity}, policy {version})\n\n{title}{notes}\n\nSource: {doc_title}, section \"{section}\":\n    > {quote}\n\n{description}{fixes}{cases}",
        id = rule.id,
        severity = rule.severity,
        version = pack.manifest.version,
        title = rule.title,
        section = rule.source.section,
        description = rule.description.trim(),
    ))?;
    Ok(EXIT_OK)
}
