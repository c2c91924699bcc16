//! Annotated application files that say what they should produce: `# expect: RULE-ID` on
//! the line above each expected diagnostic, `# today: YYYY-MM-DD` for the date. The same
//! convention drives the shipped fixtures' tests and `partnerlint rules test`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceText;
use jiff::civil::Date;

/// The date fixtures are checked on unless they say `# today:`.
pub const DEFAULT_TODAY: &str = "2026-11-22";

/// One expected diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    pub line: usize,
    pub rule: String,
    pub severity: Option<Severity>,
}

/// What a fixture says of itself.
#[derive(Debug, Clone)]
pub struct Expectations {
    pub expected: Vec<Expected>,
    pub today: Option<Date>,
    /// Annotations that could not be read: (line, problem).
    pub problems: Vec<(usize, String)>,
}

/// Reads the annotations of a fixture's text.
pub fn expectations(text: &str) -> Expectations {
    let mut out = Expectations {
        expected: Vec::new(),
        today: None,
        problems: Vec::new(),
    };
    let mut pending: Vec<(usize, String, Option<Severity>)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let trimmed = line.trim_start();
        let comment = trimmed.strip_prefix('#').map(str::trim);
        if let Some(rest) = comment.and_then(|c| c.strip_prefix("expect:")) {
            for item in rest.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                match parse_item(item) {
                    Ok((rule, severity)) => pending.push((number, rule, severity)),
                    Err(e) => out.problems.push((number, e)),
                }
            }
            continue;
        }
        if let Some(date) = comment.and_then(|c| c.strip_prefix("today:")) {
            match date.trim().parse() {
                Ok(d) => out.today = Some(d),
                Err(_) => out
                    .problems
                    .push((number, format!("`{}` is not a date", date.trim()))),
            }
            continue;
        }
        for (_, rule, severity) in pending.drain(..) {
            out.expected.push(Expected {
                line: number,
                rule,
                severity,
            });
        }
    }
    // Expectations after the last line apply to the end of the file, where a
    // diagnostic about what is missing at the end points.
    let end = text.matches('\n').count() + 1;
    for (_, rule, severity) in pending {
        out.expected.push(Expected {
            line: end,
            rule,
            severity,
        });
    }
    out.expected.sort();
    out
}

fn parse_item(item: &str) -> Result<(String, Option<Severity>), String> {
    match item.split_once('(') {
        None => Ok((item.to_string(), None)),
        Some((rule, rest)) => {
            let sev = rest.trim_end_matches(')').trim();
            let severity = Severity::parse(sev)
                .ok_or_else(|| format!("`{sev}` is not a severity (error, warning, info)"))?;
            Ok((rule.trim().to_string(), Some(severity)))
        }
    }
}

/// How the diagnostics of a check differ from the expectations: what was expected and
/// not reported, and what was reported and not expected.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub missing: Vec<Expected>,
    pub unexpected: Vec<Expected>,
}

impl Mismatch {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty()
    }
}

/// Compares reported diagnostics with the expectations, as a multiset of
/// (line, rule, severity where the expectation names one).
pub fn compare(expected: &[Expected], diagnostics: &[Diagnostic], source: &SourceText) -> Mismatch {
    let mut actual: Vec<Expected> = diagnostics
        .iter()
        .map(|d| Expected {
            line: d
                .primary
                .as_ref()
                .map_or(0, |l| source.line_of(l.span.start)),
            rule: d.rule.clone(),
            severity: Some(d.severity),
        })
        .collect();
    let mut missing = Vec::new();
    for e in expected {
        let found = actual.iter().position(|a| {
            a.line == e.line
                && a.rule == e.rule
                && (e.severity.is_none() || e.severity == a.severity)
        });
        match found {
            Some(i) => {
                actual.remove(i);
            }
            None => missing.push(e.clone()),
        }
    }
    Mismatch {
        missing,
        unexpected: actual,
    }
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.severity {
            Some(s) => write!(f, "line {}: {} ({s})", self.line, self.rule),
            None => write!(f, "line {}: {}", self.line, self.rule),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_annotations() {
        let text = "# today: 2026-01-02\na: 1\n# expect: x, y (warning)\n# expect: z\nb: 2\n";
        let e = expectations(text);
        assert_eq!(e.today, Some("2026-01-02".parse().unwrap()));
        assert_eq!(e.expected.len(), 3);
        assert!(e.expected.iter().all(|x| x.line == 5));
        assert!(e.problems.is_empty());
        assert_eq!(
            expectations("# expect: a (fatal)\nb: 1\n").problems.len(),
            1
        );
        assert_eq!(expectations("a: 1\n# expect: a\n").expected[0].line, 3);
    }
}
