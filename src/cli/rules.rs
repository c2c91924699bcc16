//! `partnerlint rules`: the rules of a version, or the versions.

use super::*;

pub(super) fn list_rules(pack: &RulePack, format: ListFormat) -> Result<u8, Failure> {
    let engine = ENGINE_RULES
        .iter()
        .map(|r| (r.id, r.severity, r.title, "engine"));
    let policy = pack
        .rules
        .iter()
        .map(|r| (r.id.as_str(), r.severity, r.title.as_str(), "policy"));
    let rows: Vec<_> = engine.chain(policy).collect();
    match format {
        ListFormat::Json => {
            let value = serde_json::json!({
                "policy": pack.manifest.version,
                "rules": rows.iter().map(|(id, severity, title, kind)| serde_json::json!({"id": id, "severity": severity, "title": title, "kind": kind})).collect::<Vec<_>>(),
            });
            print(&serde_json::to_string_pretty(&value).unwrap_or_default())?;
        }
        ListFormat::Human => {
            let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
            let mut text = format!(
                "Policy {} (in force from {}, {})\n\n",
                pack.manifest.version, pack.manifest.effective, pack.origin
            );
            for (id, severity, title, _) in &rows {
                text.push_str(&format!("{id:width$}  {:7}  {title}\n", severity.as_str()));
            }
            text.push_str("\n`partnerlint explain ID` says what a rule checks and why.");
            print(&text)?;
        }
    }
    Ok(EXIT_OK)
}

pub(super) fn list_versions(
    packs: &PackSet,
    today: Date,
    format: ListFormat,
) -> Result<u8, Failure> {
    let current = packs.in_effect(today).map(|p| p.manifest.version.clone());
    match format {
        ListFormat::Json => {
            let value: Vec<_> = packs
                .packs()
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "version": p.manifest.version,
                        "effective": p.manifest.effective.to_string(),
                        "supersedes": p.manifest.supersedes,
                        "summary": p.manifest.summary,
                        "rules": p.rules.len(),
                        "in_effect": current.as_deref() == Some(p.manifest.version.as_str()),
                        "origin": p.origin,
                    })
                })
                .collect();
            print(&serde_json::to_string_pretty(&value).unwrap_or_default())?;
        }
        ListFormat::Human => {
            let mut text = String::new();
            for p in packs.packs() {
                let mark = if current.as_deref() == Some(p.manifest.version.as_str()) {
                    "  (in effect today)"
                } else {
                    ""
                };
                text.push_str(&format!(
                    "{}  from {}  {} rules{mark}\n    {}\n",
                    p.manifest.version,
                    p.manifest.effective,
                    p.rules.len(),
                    p.manifest.summary.trim()
                ));
            }
            print(text.trim_end())?;
        }
    }
    Ok(EXIT_OK)
}
