//! `partnerlint config [PATH]`: the configuration that applies to a path, and where each
//! value comes from: the default, a line of the configuration file, or the command line.

use super::*;
use crate::config::Resolver;
use crate::paths::absolute;

/// One value and where it comes from.
struct Row {
    key: &'static str,
    value: String,
    origin: String,
}

pub(super) fn run(cli: &Cli, args: &ConfigArgs, packs: &PackSet) -> Result<u8, Failure> {
    let path = &args.path;
    if !path.exists() {
        return Err(Failure(format!("`{}` does not exist", path.display())));
    }
    let flags = check::flags(cli, args.fail_on);
    let mut resolver =
        Resolver::new(&flags, packs).map_err(|e| report_config_error(e, cli.color))?;
    let index = if path.is_dir() {
        resolver.profile_for_dir(&absolute(path))
    } else {
        resolver.profile_for(path)
    }
    .map_err(|e| report_config_error(e, cli.color))?;
    let profile = &resolver.profiles[index];
    let config = profile.config.as_ref();
    let at = |line: usize| config.map_or(String::new(), |c| format!("{}:{line}", c.path.display()));
    let row = |key, value: String, origin: String| Row { key, value, origin };
    let mut rows = Vec::new();

    rows.push(match (&cli.config, config) {
        (Some(_), Some(c)) => row(
            "config",
            c.path.display().to_string(),
            "command line (--config)".into(),
        ),
        (None, Some(c)) => row(
            "config",
            c.path.display().to_string(),
            "found from the path's folder upward".into(),
        ),
        _ => row(
            "config",
            "none".into(),
            format!(
                "no {} from the path's folder up to the repository root",
                crate::config::FILE_NAME
            ),
        ),
    });

    rows.push(
        match (&cli.policy, config.and_then(|c| c.policy.as_ref())) {
            (Some(v), _) => row("policy", v.clone(), "command line (--policy)".into()),
            (None, Some(p)) => row("policy", p.value.clone(), at(p.line)),
            (None, None) => {
                let today = today(cli);
                let current = profile
                    .packs
                    .in_effect(today)
                    .map_or("none".to_string(), |p| p.manifest.version.clone());
                row(
                    "policy",
                    format!(
                        "each file's `policy:`, else the newest in force ({current} on {today})"
                    ),
                    "default".into(),
                )
            }
        },
    );

    rows.push(
        match (args.fail_on, config.and_then(|c| c.fail_on.as_ref())) {
            (Some(f), _) => row(
                "fail_on",
                f.severity().to_string(),
                "command line (--fail-on)".into(),
            ),
            (None, Some(f)) => row("fail_on", f.value.to_string(), at(f.line)),
            (None, None) => row("fail_on", "error".into(), "default".into()),
        },
    );

    rows.push(match &cli.rules {
        Some(dir) => row(
            "rules",
            dir.display().to_string(),
            "command line (--rules)".into(),
        ),
        None => row("rules", "built-in".into(), "default".into()),
    });
    for folder in config.map_or(&[][..], |c| &c.rules) {
        rows.push(row("rules", folder.value.clone(), at(folder.line)));
    }
    let labels: Vec<String> = profile.packs.packs().iter().map(|p| p.label()).collect();
    rows.push(row(
        "versions",
        labels.join(", "),
        "the rule packs above".into(),
    ));

    for glob in config.map_or(&[][..], |c| &c.exclude) {
        rows.push(row("exclude", glob.value.clone(), at(glob.line)));
    }
    if path.is_file() {
        let excluded = if profile.excludes(path) { "yes" } else { "no" };
        rows.push(row(
            "excluded",
            excluded.into(),
            "by `exclude` above".into(),
        ));
    }

    // Severities: `severity`, then each override that applies, the last one winning.
    let mut levels: Vec<(String, String, String)> = Vec::new();
    let mut set = |id: &str, level: Option<Severity>, origin: String| {
        let value = level.map_or("off".to_string(), |s| s.to_string());
        match levels.iter_mut().find(|l| l.0 == id) {
            Some(l) => {
                l.1 = value;
                l.2 = origin;
            }
            None => levels.push((id.to_string(), value, origin)),
        }
    };
    if let Some(c) = config {
        for s in &c.severity {
            set(&s.value.0, s.value.1, at(s.line));
        }
        if !path.is_dir() {
            for (i, o) in c.overrides_for(path) {
                for s in &o.severity {
                    set(
                        &s.value.0,
                        s.value.1,
                        format!("{} (overrides[{i}])", at(s.line)),
                    );
                }
            }
        }
    }
    for (id, level, origin) in levels {
        let default = default_severity(profile, &id);
        rows.push(row(
            "severity",
            format!("{id}: {level} (default {default})"),
            origin,
        ));
    }
    if let Some(c) = config {
        for (i, o) in c.overrides.iter().enumerate() {
            let globs: Vec<&str> = o.files.iter().map(|f| f.value.as_str()).collect();
            let applies = if path.is_dir() {
                "per file"
            } else if c.overrides_for(path).any(|(j, _)| j == i) {
                "applies"
            } else {
                "does not apply"
            };
            rows.push(row(
                "override",
                format!("[{i}] {}: {applies}", globs.join(", ")),
                at(o.line),
            ));
        }
    }

    let shown = path.display().to_string();
    match args.format {
        ListFormat::Json => {
            let values: Vec<_> = rows
                .iter()
                .map(|r| serde_json::json!({"key": r.key, "value": r.value, "source": r.origin}))
                .collect();
            let value = serde_json::json!({"path": shown, "values": values});
            print(&serde_json::to_string_pretty(&value).unwrap_or_default())?;
        }
        ListFormat::Human => {
            let width = rows
                .iter()
                .map(|r| r.value.chars().count())
                .max()
                .unwrap_or(0);
            let mut text = format!("Configuration for {shown}\n\n");
            let mut last = "";
            for r in &rows {
                let key = if r.key == last { "" } else { r.key };
                last = r.key;
                text.push_str(&format!("{key:9} {:width$}  {}\n", r.value, r.origin));
            }
            print(text.trim_end())?;
        }
    }
    Ok(EXIT_OK)
}

fn default_severity(profile: &crate::config::Profile, id: &str) -> String {
    if let Some(code) = crate::diagnostic::Code::parse(id) {
        return code.severity().to_string();
    }
    profile
        .packs
        .packs()
        .iter()
        .rev()
        .find_map(|p| p.rule(id))
        .map_or("?".to_string(), |r| r.severity.to_string())
}
