//! What configured a run, for its reports: each configuration file that applied and what
//! it changed. A configuration added by a pull request can switch checking off (exclude
//! every file, turn rules off, replace a built-in pack); the report says so, so a
//! reviewer sees it instead of a bare "0 errors".

use serde::Serialize;
use std::collections::BTreeMap;

/// One configuration file that applied, and what it changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// The file, as shown elsewhere in the report.
    pub file: String,
    /// Whether `--config` named it (else it was found from a checked file's folder).
    pub named: bool,
    pub policy: Option<String>,
    pub fail_on: Option<String>,
    /// The `exclude` globs.
    pub exclude: Vec<String>,
    /// How many of the files found it left out.
    pub excluded_files: usize,
    /// Paths named on the command line that it left out.
    pub excluded_named: Vec<String>,
    /// Rules `severity` turns off.
    pub rules_off: Vec<String>,
    /// Rules `severity` gives another level: rule id, level.
    pub severity: BTreeMap<String, String>,
    /// `overrides` entries: their globs and levels (`off` included).
    pub overrides: Vec<AppliedOverride>,
    /// Rule packs loaded from folders (`rules:`).
    pub packs: Vec<AppliedPacks>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AppliedOverride {
    pub files: Vec<String>,
    pub severity: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AppliedPacks {
    pub folder: String,
    /// The versions loaded from it.
    pub versions: Vec<String>,
    /// Those that replace a pack of the same version (built in, or `--rules`), which
    /// `shadow_builtin: true` allowed.
    pub replaces: Vec<String>,
}

impl Applied {
    /// What it changed, in a few words, for the line-based reports.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.exclude.is_empty() {
            let files = match self.excluded_files {
                1 => "1 file".to_string(),
                n => format!("{n} files"),
            };
            parts.push(format!(
                "excluded {files} (exclude: {})",
                self.exclude.join(", ")
            ));
        }
        if !self.excluded_named.is_empty() {
            parts.push(format!(
                "excluded paths named on the command line: {}",
                self.excluded_named.join(", ")
            ));
        }
        if !self.rules_off.is_empty() {
            parts.push(format!("rules off: {}", self.rules_off.join(", ")));
        }
        if !self.severity.is_empty() {
            parts.push(format!("severity: {}", levels(&self.severity)));
        }
        for o in &self.overrides {
            parts.push(format!(
                "for {}: {}",
                o.files.join(", "),
                levels(&o.severity)
            ));
        }
        for p in &self.packs {
            let replaces = if p.replaces.is_empty() {
                String::new()
            } else {
                format!(", replacing the built-in {}", p.replaces.join(", "))
            };
            parts.push(format!(
                "packs from {} ({}{replaces})",
                p.folder,
                p.versions.join(", ")
            ));
        }
        if let Some(policy) = &self.policy {
            parts.push(format!("policy {policy}"));
        }
        if let Some(fail_on) = &self.fail_on {
            parts.push(format!("fail_on {fail_on}"));
        }
        if parts.is_empty() {
            parts.push("no changes".into());
        }
        visible(&format!(
            "configuration {}: {}",
            self.file,
            parts.join("; ")
        ))
    }
}

fn levels(levels: &BTreeMap<String, String>) -> String {
    levels
        .iter()
        .map(|(rule, level)| format!("{rule} {level}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text` with its control characters escaped: file names and globs come from the pull
/// request, and a line-based report must show them on one line.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_what_changed_on_one_line() {
        let a = Applied {
            file: "sub/.partnerlint.yaml\n::error::x".into(),
            exclude: vec!["**".into()],
            excluded_files: 3,
            rules_off: vec!["market-known".into()],
            ..Applied::default()
        };
        let line = a.describe();
        assert!(!line.contains('\n'), "{line}");
        assert!(line.contains("excluded 3 files (exclude: **)"), "{line}");
        assert!(line.contains("rules off: market-known"), "{line}");
    }
}
