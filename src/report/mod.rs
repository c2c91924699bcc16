//! Report formats: each renders the same findings, one module per format. Every format is
//! an [`Emitter`]: it receives each file's report as checking goes, then the summary, so
//! a run over a hundred thousand files never holds them all.

pub mod human;
pub mod json;

use crate::check::FileReport;
use crate::diagnostic::Severity;
use std::io;

/// A report format, fed as the check goes.
pub trait Emitter {
    /// One file's findings, in the order files are checked.
    fn file(&mut self, report: &FileReport) -> io::Result<()>;
    /// The end of the run.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// Totals over a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// The policy versions the files were checked against, sorted.
    #[serde(skip)]
    pub policies: Vec<String>,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary::default();
        for r in reports {
            s.add(r);
        }
        s
    }

    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        self.errors += report.count(Severity::Error);
        self.warnings += report.count(Severity::Warning);
        self.infos += report.count(Severity::Info);
        if let Some(p) = &report.policy {
            if let Err(at) = self.policies.binary_search(p) {
                self.policies.insert(at, p.clone());
            }
        }
    }

    pub fn reaches(&self, level: Severity) -> bool {
        match level {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Info => self.errors + self.warnings + self.infos > 0,
        }
    }
}
