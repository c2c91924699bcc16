//! `partnerlint rules diff`: what changed between two policy versions.

use super::*;
use crate::pack_diff as diff;
use std::path::Path;

pub(super) fn run(cli: &Cli, args: &RulesDiffArgs) -> Result<u8, Failure> {
    let mut loaded = None;
    let old = resolve(cli, &args.old, &mut loaded)?;
    let new = resolve(cli, &args.new, &mut loaded)?;
    let changes = diff::diff(&old, &new);
    let against = if args.against.is_empty() {
        None
    } else {
        let found = discover::discover(&args.against).map_err(|e| Failure(e.to_string()))?;
        for glob in &found.unmatched_globs {
            let _ = writeln!(
                io::stderr(),
                "partnerlint: warning: `{glob}` matched no file"
            );
        }
        let options = CheckOptions::new(today(cli));
        Some(diff::against(
            &old,
            &new,
            &found.files,
            &options,
            args.fail_on.severity(),
        ))
    };
    let text = match args.format {
        ListFormat::Human => diff::render_human(&changes, against.as_ref()),
        ListFormat::Json => {
            let mut value = serde_json::to_value(&changes).unwrap_or_default();
            if let (Some(a), Some(map)) = (&against, value.as_object_mut()) {
                map.insert(
                    "against".into(),
                    serde_json::to_value(a).unwrap_or_default(),
                );
            }
            serde_json::to_string_pretty(&value).unwrap_or_default()
        }
    };
    print(&text)?;
    Ok(EXIT_OK)
}

/// A pack named by version (among `--rules` or the built-in packs) or by folder.
fn resolve(cli: &Cli, name: &str, loaded: &mut Option<PackSet>) -> Result<RulePack, Failure> {
    let path = Path::new(name);
    if path.is_dir() {
        let packs = PackSet::from_dir(path).map_err(|e| report_pack_error(e, cli.color))?;
        let selected: Vec<&RulePack> = packs.selected().collect();
        return match selected.as_slice() {
            [one] => Ok((*one).clone()),
            _ => Err(Failure(format!(
                "`{name}` holds {} packs ({}); name one of their folders",
                selected.len(),
                packs.versions().join(", ")
            ))),
        };
    }
    if loaded.is_none() {
        *loaded = Some(load_packs(cli)?);
    }
    let packs = loaded.as_ref().ok_or_else(|| Failure("no packs".into()))?;
    match packs.get(name) {
        Some(pack) => Ok(pack.clone()),
        None => Err(Failure(format!(
            "`{name}` is neither a pack folder nor a known policy version; known versions: {}",
            packs.versions().join(", ")
        ))),
    }
}
