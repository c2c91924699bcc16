//! Report formats: each renders the same findings, one module per format. Every format is
//! an [`Emitter`]: it receives each file's report as checking goes, then the summary, so
//! a run over a hundred thousand files never holds them all.

pub(crate) mod catalog;
pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub(crate) mod junit_xml;
pub mod sarif;
pub(crate) mod visible;
mod window;

pub use catalog::Catalog;

use crate::diagnostic::Severity;
use crate::file_check::FileReport;
use std::io::{self, Write};
use std::path::Path;

/// The report formats `--format` names.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Graphical reports with the source, for people
    Human,
    /// The JSON contract (`version: 1`)
    Json,
    /// One line per finding: `file:line:col: severity[rule-id] message`
    Concise,
    /// SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, IDEs)
    Sarif,
    /// JUnit XML: a test suite per file, a test case per rule
    Junit,
    /// GitHub Actions workflow commands: annotations on the pull request
    Github,
    /// GitLab Code Quality JSON, for merge request widgets
    Gitlab,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Concise => "concise",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
        }
    }

    /// Whether the format ends with the human summary line of its own.
    pub fn prints_summary(self) -> bool {
        matches!(self, Format::Human | Format::Concise | Format::Github)
    }
}

/// Makes the emitter of `format`, writing to `out`.
pub fn emitter<'a, W: Write + 'a>(
    format: Format,
    out: W,
    catalog: &'a Catalog,
    style: human::Style,
) -> Box<dyn Emitter + 'a> {
    match format {
        Format::Human => Box::new(human::HumanEmitter::new(out, style)),
        Format::Json => Box::new(json::JsonEmitter::new(out)),
        Format::Concise => Box::new(concise::emitter(out).with_summary(style.summary)),
        Format::Sarif => Box::new(sarif::SarifEmitter::new(out, catalog)),
        Format::Junit => Box::new(junit::JunitEmitter::new(out, catalog)),
        Format::Github => Box::new(github::emitter(out).with_summary(style.summary)),
        Format::Gitlab => Box::new(gitlab::GitlabEmitter::new(out)),
    }
}

/// A format of one line per finding, then the summary line (`concise`, `github`).
pub struct LineEmitter<W: Write> {
    out: W,
    line: fn(&FileReport, &crate::diagnostic::Diagnostic) -> String,
    summary: bool,
}

impl<W: Write> LineEmitter<W> {
    pub fn new(out: W, line: fn(&FileReport, &crate::diagnostic::Diagnostic) -> String) -> Self {
        LineEmitter {
            out,
            line,
            summary: true,
        }
    }

    /// Whether the report ends with the summary line.
    pub fn with_summary(mut self, summary: bool) -> Self {
        self.summary = summary;
        self
    }
}

impl<W: Write> Emitter for LineEmitter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        for d in &report.diagnostics {
            writeln!(self.out, "{}", (self.line)(report, d))?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        if self.summary {
            human::render_summary(&mut self.out, summary)?;
        }
        self.out.flush()
    }
}

/// A path as CI systems and SARIF want it: relative to the current folder where it is
/// below it, with forward slashes.
pub fn portable_path(path: &Path) -> String {
    let relative = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let text = relative.to_string_lossy().replace('\\', "/");
    let mut text = text.as_str();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    text.to_string()
}

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
    /// Findings silenced by suppression comments (not counted above).
    pub suppressed: usize,
    /// The policy versions the files were checked against, sorted.
    #[serde(skip)]
    pub policies: Vec<String>,
    /// The configuration files that applied and what each changed (reported apart).
    #[serde(skip)]
    pub configs: Vec<crate::applied::Applied>,
    /// The fixes of the run: applied, and still to apply (the closing line says).
    #[serde(skip)]
    pub fixes: FixTally,
}

/// What `check` does with fixes: nothing (it says how many there are), `--fix`, or
/// `--diff`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FixMode {
    #[default]
    Check,
    Fix,
    Diff,
}

/// The fixes of a run, for the closing line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixTally {
    pub mode: FixMode,
    /// `--unsafe-fixes`: unsafe fixes count as fixes that apply.
    pub unsafe_fixes: bool,
    /// Fixes applied (with `--diff`: that the diff applies).
    pub fixed: usize,
    /// Findings (remaining ones, after `--fix`) with a fix that applies.
    pub fixable: usize,
    /// Findings with an unsafe fix, without `--unsafe-fixes`.
    pub unsafe_fixable: usize,
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
        self.suppressed += report.suppressed.len();
        for fix in report.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
            match fix.applies(self.fixes.unsafe_fixes) {
                true => self.fixes.fixable += 1,
                false => self.fixes.unsafe_fixable += 1,
            }
        }
        if let Some(p) = &report.policy {
            if let Err(at) = self.policies.binary_search(p) {
                self.policies.insert(at, p.clone());
            }
        }
    }
}

/// Where a diagnostic is: its start and its end (just past the last character), 1-based,
/// columns in code points; `None` when it points at no text (an unreadable file).
pub fn region(
    report: &FileReport,
    d: &crate::diagnostic::Diagnostic,
) -> Option<(crate::source::Position, crate::source::Position)> {
    let label = d.primary.as_ref()?;
    let start = report.source.position(label.span.start);
    let end = report.source.end_position(&label.span);
    Some((start, end.max(start)))
}

/// `region`, with the first character of the file for a diagnostic without a place.
pub fn region_or_start(
    report: &FileReport,
    d: &crate::diagnostic::Diagnostic,
) -> (crate::source::Position, crate::source::Position) {
    let first = crate::source::Position { line: 1, column: 1 };
    region(report, d).unwrap_or((first, first))
}
