//! The GitLab format: a Code Quality report, a JSON array with one issue per finding,
//! which GitLab shows in the merge request. Severities map `info` → `info`,
//! `warning` → `minor`, `error` → `major`. The fingerprint, by which GitLab matches an
//! issue across pipelines, is a stable hash (FNV-1a, 128 bits) of the file, the rule,
//! the JSON Pointer and the message: the same finding keeps its fingerprint when lines
//! move, and two findings of a file never share one.

use super::{Emitter, Summary};
use crate::diagnostic::Severity;
use crate::file_check::FileReport;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};

pub struct GitlabEmitter<W: Write> {
    out: W,
    written: usize,
}

impl<W: Write> GitlabEmitter<W> {
    pub fn new(out: W) -> Self {
        GitlabEmitter { out, written: 0 }
    }
}

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// GitLab's name for a severity.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Warning => "minor",
        Severity::Error => "major",
    }
}

/// FNV-1a, 128 bits: stable across runs, platforms and releases, unlike std's hasher.
pub fn fnv1a_128(parts: &[&str]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut hash = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        // A separator that cannot occur in text keeps ("ab", "c") apart from ("a", "bc").
        let separator: &[u8] = if i == 0 { b"" } else { b"\xff" };
        for &byte in separator.iter().chain(part.as_bytes()) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

impl<W: Write> Emitter for GitlabEmitter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let path = super::visible::portable_path(report);
        // How often each (rule, pointer, message) came before in this file: a repeat
        // gets its ordinal into the hash, so fingerprints stay unique.
        let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for d in &report.diagnostics {
            let n = seen.entry((&d.rule, &d.pointer, &d.message)).or_insert(0);
            let ordinal = n.to_string();
            *n += 1;
            let mut parts = vec![path.as_str(), &d.rule, &d.pointer, &d.message];
            if ordinal != "0" {
                parts.push(&ordinal);
            }
            let (start, _) = super::region_or_start(report, d);
            let issue = Issue {
                description: &d.message,
                check_name: &d.rule,
                fingerprint: format!("{:032x}", fnv1a_128(&parts)),
                severity: severity(d.severity),
                location: Location {
                    path: path.clone(),
                    lines: Lines { begin: start.line },
                },
            };
            let sep = if self.written == 0 { "[\n  " } else { ",\n  " };
            write!(self.out, "{sep}{}", serde_json::to_string(&issue)?)?;
            self.written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        // What configured the run: an `info` issue at each configuration file, so the merge
        // request widget shows a configuration that switched checking off.
        for config in &summary.configs {
            let description = config.describe();
            let issue = Issue {
                description: &description,
                check_name: "configuration",
                fingerprint: format!("{:032x}", fnv1a_128(&["configuration", &description])),
                severity: severity(Severity::Info),
                location: Location {
                    path: config.file.clone(),
                    lines: Lines { begin: 1 },
                },
            };
            let sep = if self.written == 0 { "[\n  " } else { ",\n  " };
            write!(self.out, "{sep}{}", serde_json::to_string(&issue)?)?;
            self.written += 1;
        }
        if self.written == 0 {
            writeln!(self.out, "[]")?;
        } else {
            writeln!(self.out, "\n]")?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fixed_and_separates_parts() {
        // FNV-1a 128 of the empty input is its offset basis.
        assert_eq!(fnv1a_128(&[""]), 0x6c62272e07bb014262b821756295c58d);
        assert_eq!(fnv1a_128(&["a"]), 0xd228cb696f1a8caf78912b704e4a8964);
        assert_ne!(fnv1a_128(&["ab", "c"]), fnv1a_128(&["a", "bc"]));
    }

    #[test]
    fn identical_findings_get_distinct_fingerprints() {
        let d = crate::diagnostic::Diagnostic::new("r", Severity::Warning, "same").at(0..1, None);
        let report = FileReport {
            path: "a.partner.yaml".into(),
            source: crate::source::SourceText::new("a: 1\n".into()),
            diagnostics: vec![d.clone(), d.clone(), d],
            policy: None,
            suppressed: Vec::new(),
            off: Vec::new(),
        };
        let mut out = Vec::new();
        let mut e = GitlabEmitter::new(&mut out);
        e.file(&report).unwrap();
        e.finish(&Summary::default()).unwrap();
        let issues: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let prints: std::collections::HashSet<&str> = issues
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        assert_eq!(prints.len(), 3);
    }
}
