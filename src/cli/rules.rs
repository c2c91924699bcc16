//! `partnerlint rules`: the rules of a version, or the versions.

use super::*;

/// The severities a rule reports at: its own first, then any other that one of its checks
/// has (`account-phone-valid` warns, but reports an unquoted number as an error).
fn severities(rule: &crate::pack::Rule) -> Vec<Severity> {
    let mut all = vec![rule.severity];
    for check in &rule.checks {
        if let Some(s) = check.severity {
            if !all.contains(&s) {
                all.push(s);
            }
        }
    }
    all
}

pub(super) fn list_rules(pack: &RulePack, format: ListFormat) -> Result<u8, Failure> {
    let engine = Code::ALL
        .iter()
        .map(|c| (c.id(), vec![c.severity()], c.title(), "engine"));
    let policy = pack.rules.iter().map(|r| {
        (
            r.id.as_str(),
            severities(r),
            r.title.as_str(),
            if r.own {
                "policy"
            } else {
                r.defined_in.as_str()
            },
        )
    });
    let rows: Vec<_> = engine.chain(policy).collect();
    match format {
        ListFormat::Json => {
            let value = serde_json::json!({
                "policy": pack.manifest.version,
                "extends": pack.extends.as_ref().map(ToString::to_string),
                "disabled": pack.disabled,
                "rules": rows.iter().map(|(id, severities, title, kind)| {
                    let (kind, from) = match *kind {
                        "engine" | "policy" => (*kind, None),
                        base => ("policy", Some(base)),
                    };
                    serde_json::json!({"id": id, "severity": severities[0], "severities": severities, "title": title, "kind": kind, "from": from})
                }).collect::<Vec<_>>(),
            });
            print(&serde_json::to_string_pretty(&value).unwrap_or_default())?;
        }
        ListFormat::Human => {
            let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
            let shown: Vec<String> = rows
                .iter()
                .map(|r| r.1.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("/"))
                .collect();
            let severity_width = shown.iter().map(String::len).max().unwrap_or(0).max(7);
            let mut text = format!(
                "Policy {} (in force from {}, {})\n",
                pack.manifest.version, pack.manifest.effective, pack.origin
            );
            if let Some(base) = &pack.extends {
                text.push_str(&format!("Extends {base}"));
                if !pack.disabled.is_empty() {
                    text.push_str(&format!("; disables {}", pack.disabled.join(", ")));
                }
                text.push('\n');
            }
            text.push('\n');
            for ((id, _, title, kind), severity) in rows.iter().zip(&shown) {
                let from = match *kind {
                    "engine" | "policy" => String::new(),
                    base => format!("  (from {base})"),
                };
                text.push_str(&format!(
                    "{id:width$}  {severity:severity_width$}  {title}{from}\n"
                ));
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
    let current = packs.in_effect(today).map(RulePack::label);
    let is_current = |p: &RulePack| !p.base_only && current.as_deref() == Some(p.label().as_str());
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
                        "in_effect": is_current(p),
                        "origin": p.origin,
                        "extends": p.extends.as_ref().map(ToString::to_string),
                        "base_only": p.base_only,
                        "base_of": packs.extended_by(p).iter().map(|e| e.label()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            print(&serde_json::to_string_pretty(&value).unwrap_or_default())?;
        }
        ListFormat::Human => {
            let mut text = String::new();
            for p in packs.packs() {
                let mark = if is_current(p) {
                    "  (in effect today)"
                } else {
                    ""
                };
                let mut origin = p.origin.clone();
                if let Some(base) = &p.extends {
                    origin.push_str(&format!(", extends {base}"));
                }
                if p.base_only {
                    let of: Vec<String> = packs.extended_by(p).iter().map(|e| e.label()).collect();
                    origin.push_str(&format!(
                        "; only as the base of {}, not selected by date",
                        of.join(", ")
                    ));
                }
                text.push_str(&format!(
                    "{}  from {}  {} rules  [{origin}]{mark}\n    {}\n",
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
