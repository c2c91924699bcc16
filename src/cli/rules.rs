//! `partnerlint rules`: the rules of a version, or the versions.

use super::*;

pub(super) fn list_rules(pack: &RulePack, format: ListFormat) -> Result<u8, Failure> {
    let engine = Code::ALL
        .iter()
        .map(|c| (c.id(), c.severity(), c.title(), "engine"));
    let policy = pack.rules.iter().map(|r| {
        (
            r.id.as_str(),
            r.severity,
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
                "rules": rows.iter().map(|(id, severity, title, kind)| {
                    let (kind, from) = match *kind {
                        "engine" | "policy" => (*kind, None),
                        base => ("policy", Some(base)),
                    };
                    serde_json::json!({"id": id, "severity": severity, "title": title, "kind": kind, "from": from})
                }).collect::<Vec<_>>(),
            });
            print(&serde_json::to_string_pretty(&value).unwrap_or_default())?;
        }
        ListFormat::Human => {
            let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
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
            for (id, severity, title, kind) in &rows {
                let from = match *kind {
                    "engine" | "policy" => String::new(),
                    base => format!("  (from {base})"),
                };
                text.push_str(&format!(
                    "{id:width$}  {:7}  {title}{from}\n",
                    severity.as_str()
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
