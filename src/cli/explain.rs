//! `partnerlint explain`.

use super::*;

/// What the rule says about its own failing example, as the partner would see it.
fn example_findings(pack: &RulePack, rule: &crate::pack::Rule, today: Date) -> String {
    let text = &rule.example_fail;
    let Some(root) = crate::yaml::load(text, &crate::yaml::Limits::default()).root else {
        return String::new();
    };
    let source = SourceText::new(text.clone());
    // An example may say the date it is meant for (a staged rule's, say).
    let today = crate::pack_testing::annotations::expectations(text)
        .today
        .unwrap_or(today);
    pack.evaluate(&root, text, today, &crate::pack::FileAccess::default())
        .into_iter()
        .filter(|d| d.rule == rule.id)
        .map(|d| {
            let line = d
                .primary
                .as_ref()
                .map_or(1, |l| source.line_of(l.span.start));
            format!("    line {line}: {}: {}", d.severity, d.message)
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
    print(&format!(
        "{id} ({severity}, policy {version})\n\n{title}{notes}\n\nSource: {doc_title}, section \"{section}\":\n    > {quote}\n\n{description}\n\nFails:\n{fail}\n\n  which reports:\n{findings}\n\nPasses:\n{pass}",
        id = rule.id,
        severity = rule.severity,
        version = pack.manifest.version,
        title = rule.title,
        section = rule.source.section,
        description = rule.description.trim(),
        fail = indent(rule.example_fail.trim_end()),
        findings = example_findings(pack, rule, today),
        pass = indent(rule.example_pass.trim_end()),
    ))?;
    Ok(EXIT_OK)
}
