//! The human format: miette's graphical reports, then a summary line.

use super::Summary;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::file_check::FileReport;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use std::fmt;
use std::io::{self, Write};

/// How the report looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// Whether the report ends with the summary line (`check --quiet` leaves it out).
    pub summary: bool,
}

/// One diagnostic with its file's text, in the shape miette renders.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<&'a super::window::WindowedSource<'a>>,
    /// Where the file's offsets land in the snippet's text.
    offsets: &'a super::visible::OffsetMap,
    path: &'a str,
    /// `path:line:column`, shown instead of a snippet when the lines are too long to show.
    position: Option<String>,
}

/// Lines longer than this (bytes) are not shown as a snippet: a minified or generated
/// file would print megabytes. The diagnostic names the position instead.
const MAX_SNIPPET_LINE: usize = 2_000;

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(position) = &self.position {
            write!(f, "{position}: ")?;
        } else if self.diagnostic.primary.is_none() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        // A fixable finding is marked as ruff marks it: `[*]` for a safe fix.
        Some(match &self.diagnostic.fix {
            Some(fix) if fix.applicability == Applicability::Safe => {
                Box::new(format!("{} [*]", self.diagnostic.rule))
            }
            Some(_) => Box::new(format!("{} [unsafe fix]", self.diagnostic.rule)),
            None => Box::new(&self.diagnostic.rule),
        })
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let fix = self.diagnostic.fix.as_ref().map(|f| {
            let how = match f.applicability {
                Applicability::Safe => "--fix",
                Applicability::Unsafe => "--fix --unsafe-fixes",
            };
            format!("fix ({how}): {}", f.message)
        });
        match (&self.diagnostic.help, fix) {
            (Some(help), Some(fix)) => Some(Box::new(format!("{help}\n{fix}"))),
            (None, Some(fix)) => Some(Box::new(fix)),
            (Some(help), None) => Some(Box::new(help)),
            (None, None) => None,
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.diagnostic.primary.as_ref()?;
        if self.position.is_some() {
            return None;
        }
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = self.diagnostic.primary.as_ref()?;
        let shown = |span: &crate::source::Span| {
            let start = self.offsets.map(span.start);
            (start, self.offsets.map(span.end) - start)
        };
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            primary.text.clone(),
            shown(&primary.span),
        )];
        labels.extend(
            self.diagnostic
                .secondary
                .iter()
                .map(|l| LabeledSpan::new_with_span(l.text.clone(), shown(&l.span))),
        );
        Some(Box::new(labels.into_iter()))
    }
}

/// Renders one file's diagnostics.
pub fn render_file(out: &mut dyn Write, report: &FileReport, style: Style) -> io::Result<()> {
    if report.diagnostics.is_empty() {
        return Ok(());
    }
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        // Dates and paths stay whole: `2026-12-07` is not split at its hyphens.
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let path = super::visible::path(report);
    // Snippets show the file's text made visible; labels are moved to match. Only the
    // lines around each span are read (the window), whatever the file's length.
    let (shown, offsets) = super::visible::source(report.source.text());
    let escaped;
    let shown_source: &crate::source::SourceText = match shown {
        std::borrow::Cow::Borrowed(_) => &report.source,
        std::borrow::Cow::Owned(text) => {
            escaped = crate::source::SourceText::new(text);
            &escaped
        }
    };
    let source = super::window::WindowedSource::new(path.clone(), shown_source);
    for diagnostic in &report.diagnostics {
        let mut text = String::new();
        let too_long = diagnostic
            .primary
            .iter()
            .chain(&diagnostic.secondary)
            .any(|l| {
                let line = report.source.line_span(l.span.start);
                line.end - line.start > MAX_SNIPPET_LINE
            });
        let position = diagnostic.primary.as_ref().filter(|_| too_long).map(|l| {
            let at = report.source.position(l.span.start);
            format!("{path}:{}:{}", at.line, at.column)
        });
        let rendered = Rendered {
            diagnostic,
            offsets: &offsets,
            source: Some(&source),
            path: &path,
            position,
        };
        if handler.render_report(&mut text, &rendered).is_err() {
            text = format!(
                "{}: {}[{}] {}\n",
                path, diagnostic.severity, diagnostic.rule, diagnostic.message
            );
        }
        writeln!(out, "{text}")?;
    }
    Ok(())
}

/// The human report as an [`Emitter`](super::Emitter).
pub struct HumanEmitter<W: Write> {
    out: W,
    style: Style,
}

impl<W: Write> HumanEmitter<W> {
    pub fn new(out: W, style: Style) -> Self {
        HumanEmitter { out, style }
    }
}

impl<W: Write> super::Emitter for HumanEmitter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        render_file(&mut self.out, report, self.style)
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        if self.style.summary {
            render_summary(&mut self.out, summary)?;
        }
        self.out.flush()
    }
}

/// The closing line: files, findings, and the policy versions used; before it, a line
/// for each configuration file that applied, saying what it changed.
pub fn render_summary(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    for config in &summary.configs {
        writeln!(out, "{}", config.describe())?;
    }
    let policies = &summary.policies[..];
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let policy = match policies {
        [] => String::new(),
        [one] => format!(" against policy {one}"),
        many => format!(" against policies {}", many.join(", ")),
    };
    let suppressed = match summary.suppressed {
        0 => String::new(),
        n => format!(" ({n} suppressed)"),
    };
    writeln!(
        out,
        "{} checked{policy}: {}, {}, {}{suppressed}",
        plural(summary.files, "file"),
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info"),
    )?;
    match fixes_line(summary) {
        Some(line) => writeln!(out, "{line}"),
        None => Ok(()),
    }
}

/// The line on fixes under the summary: what `--fix` did, what `--diff` would do, or
/// what `--fix` could do (none when there is nothing to fix).
pub fn fixes_line(summary: &Summary) -> Option<String> {
    use super::FixMode;
    let t = &summary.fixes;
    let more = match t.unsafe_fixable {
        0 => String::new(),
        k => format!(" ({k} more with --unsafe-fixes)"),
    };
    let remaining = summary.errors + summary.warnings + summary.infos;
    match t.mode {
        FixMode::Fix => Some(format!("{} fixed, {remaining} remaining{more}", t.fixed)),
        FixMode::Diff => Some(format!(
            "{} would be fixed, {remaining} would remain{more}",
            t.fixed
        )),
        FixMode::Check if t.fixable + t.unsafe_fixable == 0 => None,
        FixMode::Check => {
            let flags = if t.unsafe_fixes {
                "--fix --unsafe-fixes"
            } else {
                "--fix"
            };
            Some(format!("{} fixable with {flags}{more}", t.fixable))
        }
    }
}
