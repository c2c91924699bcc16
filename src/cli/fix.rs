//! `check --fix` and `check --diff` on one file: its fixes applied ([`crate::fixing`]),
//! then the fixed text written in place, written to standard output (`-`), or shown as a
//! unified diff. Fixing runs on the worker thread that checks the file, so it stays as
//! parallel as checking; writing ([`write`]) runs on the thread that hands the reports
//! on, one file at a time, while the workers check the next files: renames into one
//! folder from several threads wait on each other in the kernel.

use super::write_back::{write_fixed, NotWritten};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::file_check::FileReport;
use std::path::Path;

/// What is done with a fixed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// `--fix`: written over the file.
    Write,
    /// `--fix` on standard input: written to standard output.
    Stdout,
    /// `--diff`: shown, never written.
    Diff,
}

/// What fixing one file did, beside its report.
#[derive(Debug, Default)]
pub(super) struct Outcome {
    /// Fixes applied (with `--diff`: that the diff applies).
    pub fixed: usize,
    /// A line for each fix rolled back, for standard error.
    pub notes: Vec<String>,
    /// `--diff`: the unified diff, when the file would change (escaped for a terminal).
    pub diff: Option<String>,
    /// `--fix` on standard input: the file to write to standard output.
    pub stdout: Option<Vec<u8>>,
    /// `--fix`: the fixed text, still to be written over the file by [`write`].
    pub unwritten: Option<Unwritten>,
}

/// A fixed text not yet written over its file.
#[derive(Debug)]
pub(super) struct Unwritten {
    /// The file's bytes as they were read and checked.
    read: Vec<u8>,
    /// The text with its fixes applied.
    text: String,
    /// How many fixes it holds.
    fixed: usize,
    /// The report of the file as read, for when the text cannot be written.
    original: FileReport,
}

/// Fixes the file `path` whose bytes are `bytes`; `check` checks a text as that file.
/// The report is of the text as it ends up (on disk, or on standard output).
pub(super) fn fix_file(
    path: &Path,
    bytes: &[u8],
    mode: Mode,
    unsafe_fixes: bool,
    mut check: impl FnMut(&[u8]) -> FileReport,
) -> (FileReport, Outcome) {
    let mut outcome = Outcome::default();
    let Ok(text) = std::str::from_utf8(bytes) else {
        // Not text: nothing to fix (it does not load), and standard input comes back as it was.
        if mode == Mode::Stdout {
            outcome.stdout = Some(bytes.to_vec());
        }
        return (check(bytes), outcome);
    };
    let done = crate::fixing::fix(text, unsafe_fixes, |t| check(t.as_bytes()));
    let shown = crate::report::visible::owned(&display(path));
    outcome.notes = done
        .rolled_back
        .iter()
        .map(|r| {
            format!(
                "{shown}:{}: the fix for `{}` was rolled back ({}): {}",
                r.line,
                crate::report::visible::text(&r.rule),
                crate::report::visible::text(&r.message),
                r.reason
            )
        })
        .collect();
    let changed = done.changed();
    match mode {
        Mode::Stdout => {
            outcome.fixed = done.fixed;
            outcome.stdout = Some(done.text.into_bytes());
            (done.remaining, outcome)
        }
        Mode::Diff => {
            if changed {
                outcome.fixed = done.fixed;
                outcome.diff = Some(unified_diff(path, text, &done.text));
            }
            (done.remaining, outcome)
        }
        Mode::Write if !changed => (done.remaining, outcome),
        Mode::Write => {
            outcome.unwritten = Some(Unwritten {
                read: bytes.to_vec(),
                text: done.text,
                fixed: done.fixed,
                original: done.original.expect("a changed text has its original"),
            });
            (done.remaining, outcome)
        }
    }
}

/// Writes the fixed text `outcome` holds, if any, over the file at `path` whose report
/// is `report` (of the fixed text). `max_file_size` is the limit the file was read with.
/// When it cannot be written, `report` becomes the report of the file as it stays, with
/// a finding that says why.
pub(super) fn write(
    path: &Path,
    report: &mut FileReport,
    outcome: &mut Outcome,
    max_file_size: u64,
) {
    let Some(unwritten) = outcome.unwritten.take() else {
        return;
    };
    match write_fixed(path, &unwritten.read, &unwritten.text, max_file_size) {
        Ok(()) => outcome.fixed = unwritten.fixed,
        Err(why) => {
            // The file on disk is not the fixed text: its findings are the original's.
            *report = unwritten.original;
            let (message, help) = match why {
                NotWritten::Changed => (
                    "the file changed on disk while it was checked, so its fixes were not written".to_string(),
                    "Run `partnerlint check --fix` again once nothing else is writing the file.",
                ),
                NotWritten::Failed(e) => (
                    format!("the fixed file could not be written: {e}"),
                    "Make the file and its folder writable, and run `partnerlint check --fix` again.",
                ),
            };
            report.diagnostics.insert(
                0,
                Diagnostic::new(Code::FixNotWritten, Severity::Error, message).with_help(help),
            );
        }
    }
}

/// The path as the diff's headers name it: as given, without a leading `./`.
fn display(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// A unified diff from `old` to `new`, headed `--- a/PATH` and `+++ b/PATH` as git
/// writes them, with three lines of context; escaped as every report's text from input
/// is (line breaks, CRLF included, are kept).
pub(super) fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = crate::report::portable_path(path);
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    crate::report::visible::source(&text).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Edit, Fix};
    use crate::source::SourceText;

    /// A synthetic check: each `GB` is a finding whose safe fix writes `UK`.
    fn check(path: &Path, bytes: &[u8]) -> FileReport {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let diagnostics = text
            .match_indices("GB")
            .map(|(at, _)| {
                Diagnostic::new("market-known", Severity::Error, "`GB` is not a market")
                    .at(at..at + 2, None)
                    .with_fix(Some(Fix {
                        applicability: Applicability::Safe,
                        message: "write `UK`".into(),
                        edits: vec![Edit {
                            span: at..at + 2,
                            content: "UK".into(),
                        }],
                    }))
            })
            .collect();
        FileReport {
            path: path.to_path_buf(),
            source: SourceText::new(text),
            diagnostics,
            policy: None,
            suppressed: Vec::new(),
            off: Vec::new(),
        }
    }

    /// `--fix` on the file at `path` read as `bytes`: fixed, then written.
    fn fix_and_write(path: &Path, bytes: &[u8]) -> (FileReport, Outcome) {
        let (mut report, mut outcome) =
            fix_file(path, bytes, Mode::Write, false, |b| check(path, b));
        assert!(
            outcome.unwritten.is_some(),
            "nothing is written by the worker"
        );
        write(path, &mut report, &mut outcome, 1 << 20);
        (report, outcome)
    }

    #[test]
    fn a_file_is_fixed_in_place_and_its_report_is_of_the_fixed_text() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.partner.yaml");
        let original = "\u{feff}# keep\r\nm: [GB, SG] # and this\r\n";
        std::fs::write(&file, original).unwrap();
        let (report, outcome) = fix_and_write(&file, original.as_bytes());
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "\u{feff}# keep\r\nm: [UK, SG] # and this\r\n"
        );
        assert_eq!((outcome.fixed, report.diagnostics.len()), (1, 0));
    }

    #[test]
    fn a_file_changed_on_disk_keeps_its_bytes_and_gets_a_finding() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.partner.yaml");
        // Read as `m: GB`; saved meanwhile by an editor.
        std::fs::write(&file, "m: GB # saved meanwhile\n").unwrap();
        let (report, outcome) = fix_and_write(&file, b"m: GB\n");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "m: GB # saved meanwhile\n"
        );
        assert_eq!(outcome.fixed, 0);
        let rules: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.as_str()).collect();
        assert_eq!(rules, ["fix-not-written", "market-known"]);
        assert_eq!(
            report.source.text(),
            "m: GB\n",
            "the report is of the text that was read"
        );
    }

    #[test]
    fn standard_input_comes_back_fixed_and_a_diff_writes_nothing() {
        let path = Path::new("-");
        let (_, outcome) = fix_file(path, b"m: GB\n", Mode::Stdout, false, |b| check(path, b));
        assert_eq!(outcome.stdout.as_deref(), Some(&b"m: UK\n"[..]));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.partner.yaml");
        std::fs::write(&file, "m: GB\n").unwrap();
        let (report, outcome) = fix_file(&file, b"m: GB\n", Mode::Diff, false, |b| check(&file, b));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "m: GB\n");
        assert!(outcome.diff.unwrap().contains("-m: GB\n+m: UK\n"));
        assert!(
            report.diagnostics.is_empty(),
            "the report is of what --fix would leave"
        );
    }

    #[test]
    fn a_diff_names_the_file_as_git_does_and_keeps_crlf() {
        let diff = unified_diff(
            Path::new("./apps/a.partner.yaml"),
            "a: 1\r\nb: GB\r\nc: 3\r\n",
            "a: 1\r\nb: UK\r\nc: 3\r\n",
        );
        assert_eq!(
            diff,
            "--- a/apps/a.partner.yaml\n+++ b/apps/a.partner.yaml\n@@ -1,3 +1,3 @@\n a: 1\r\n-b: GB\r\n+b: UK\r\n c: 3\r\n"
        );
    }

    #[test]
    fn a_diff_shows_control_characters_escaped() {
        let diff = unified_diff(Path::new("a.yaml"), "a: \"\u{1b}[2J\"\n", "a: x\n");
        assert!(diff.contains("-a: \"\\u{1b}[2J\"\n"), "{diff}");
    }
}
