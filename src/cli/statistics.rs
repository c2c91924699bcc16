//! `check --statistics`: how many findings each rule has, most frequent first.

use crate::diagnostic::Severity;
use crate::file_check::FileReport;
use crate::report::Catalog;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Findings counted by rule and severity (a configuration may give one rule two
/// severities in different files).
#[derive(Default)]
pub(super) struct Statistics {
    counts: BTreeMap<(String, Severity), usize>,
}

impl Statistics {
    pub(super) fn add(&mut self, report: &FileReport) {
        for d in &report.diagnostics {
            *self.counts.entry((d.rule.clone(), d.severity)).or_default() += 1;
        }
    }

    /// The rows, most findings first, then by rule id.
    fn rows(&self) -> Vec<(&str, Severity, usize)> {
        let mut rows: Vec<_> = self
            .counts
            .iter()
            .map(|((rule, severity), n)| (rule.as_str(), *severity, *n))
            .collect();
        rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
        rows
    }

    /// A table (count, rule, severity, title), or with `json` an array of objects.
    pub(super) fn render(
        &self,
        out: &mut dyn Write,
        catalog: &Catalog,
        json: bool,
    ) -> io::Result<()> {
        let title = |rule: &str| catalog.title_of(rule).unwrap_or_default().to_string();
        if json {
            let rows: Vec<serde_json::Value> = self
                .rows()
                .into_iter()
                .map(|(rule, severity, count)| {
                    serde_json::json!({
                        "rule": rule,
                        "severity": severity.to_string(),
                        "count": count,
                        "title": title(rule),
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&rows).map_err(io::Error::other)?;
            return writeln!(out, "{text}");
        }
        let rows = self.rows();
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        let count_width = rows
            .iter()
            .map(|r| r.2.to_string().len())
            .max()
            .unwrap_or(1);
        for (rule, severity, count) in rows {
            writeln!(
                out,
                "{count:>count_width$}  {rule:<width$}  {:<7}  {}",
                severity.to_string(),
                title(rule)
            )?;
        }
        Ok(())
    }
}
