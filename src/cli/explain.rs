//! `partnerlint explain`.

use super::*;

pub(super) fn run(pack: &RulePack, id: &str) -> Result<u8, Failure> {
    if let Some(rule) = crate::engine_rules::find(id) {
        print(&format!(
            "{} ({}, engine check)\n\n{}\n\n{}",
            rule.id, rule.severity, rule.title, rule.description
        ))?;
        return Ok(EXIT_OK);
    }
    let Some(rule) = pack.rule(id) else {
        let ids: Vec<String> = ENGINE_RULES
            .iter()
            .map(|r| r.id.to_string())
            .chain(pack.rules.iter().map(|r| r.id.clone()))
            .collect();
        let hint = crate::schema::closest(id, &ids)
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
    print(&format!(
        "{id} ({severity}, policy {version})\n\n{title}\n\nSource: {doc_title}, section \"{section}\":\n    > {quote}\n\n{description}\n\nFails:\n{fail}\n\nPasses:\n{pass}",
        id = rule.id,
        severity = rule.severity,
        version = pack.manifest.version,
        title = rule.title,
        section = rule.source.section,
        description = rule.description.trim(),
        fail = indent(rule.example_fail.trim_end()),
        pass = indent(rule.example_pass.trim_end()),
    ))?;
    Ok(EXIT_OK)
}
