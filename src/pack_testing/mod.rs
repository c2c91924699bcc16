//! A pack's own tests: annotated fixtures (`# expect: RULE-ID` on the line above each
//! expected diagnostic, see [`annotations`]) and each rule's examples. One function
//! runs them for `partnerlint rules test` and for the shipped packs' test suite alike.

pub mod annotations;

use crate::diagnostic::Diagnostic;
use crate::file_access::FileAccess;
use crate::file_check::{check_source, CheckOptions};
use crate::pack::{PackSet, RulePack};
use crate::report::junit_xml as junit;
use crate::source::SourceText;
use annotations::Expected;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// What a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseKind {
    /// An annotated application file.
    Fixture,
    /// A rule's `examples.fail`: must trigger the rule.
    ExampleFail,
    /// A rule's `examples.pass`: must not trigger it.
    ExamplePass,
}

/// One case and how it went: it passed when `failures` is empty.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub name: String,
    pub kind: CaseKind,
    pub failures: Vec<String>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// The cases of one pack.
#[derive(Debug, Clone)]
pub struct PackReport {
    /// `2026.11 (built-in)`.
    pub pack: String,
    pub cases: Vec<CaseResult>,
}

impl PackReport {
    pub fn passed(&self) -> usize {
        self.cases.iter().filter(|c| c.passed()).count()
    }

    pub fn failed(&self) -> usize {
        self.cases.len() - self.passed()
    }
}

/// How cases run.
#[derive(Debug, Clone)]
pub struct TestOptions {
    /// The date of a case that does not say `# today:`.
    pub today: Date,
}

impl Default for TestOptions {
    fn default() -> Self {
        TestOptions {
            today: annotations::DEFAULT_TODAY
                .parse()
                .unwrap_or(jiff::civil::date(2026, 11, 22)),
        }
    }
}

/// The fixtures below `dir`: every `*.partner.yaml` and `*.partner.yml`, sorted.
pub fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(here) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&here) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if crate::discover::is_application_file(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every case of `pack`: the examples of the rules it defines itself (a base's rules are
/// tested by the base), its `tests/` fixtures, and `extra` fixtures. A built-in pack and a
/// pack folder are tested alike: the built-in one's `tests/` are in the binary.
pub fn test_pack(pack: &RulePack, extra: &[PathBuf], options: &TestOptions) -> PackReport {
    match TestsOnDisk::of(pack) {
        Ok(tests) => test_pack_in(pack, tests.as_ref(), extra, options),
        Err(failure) => PackReport {
            pack: pack.label(),
            cases: vec![failure],
        },
    }
}

/// [`test_pack`], with the pack's `tests/` already on disk (`rules test` lays them out once
/// for the rule fixtures and the plan fixtures alike).
pub fn test_pack_in(
    pack: &RulePack,
    tests: Option<&TestsOnDisk>,
    extra: &[PathBuf],
    options: &TestOptions,
) -> PackReport {
    let set = PackSet::single(pack.clone());
    let mut cases = examples(pack, &set, options);
    if let Some(tests) = tests {
        for path in tests.fixtures() {
            let files = tests.files_for(&path);
            let name = tests.name(&path);
            cases.push(case_from_file(
                Some(pack),
                &set,
                &path,
                name,
                &files,
                options,
            ));
        }
    }
    cases.extend(
        extra
            .iter()
            .map(|f| fixture_case(Some(pack), &set, f, options)),
    );
    PackReport {
        pack: pack.label(),
        cases,
    }
}

/// A pack's `tests/` as files on disk: a pack folder's own, or a built-in pack's written
/// to a temporary folder (removed when this is dropped). The built-in tests and the files
/// they name (certificate scans) are in the binary; laid out as a pack's folder holds
/// them, a fixture's paths are answered as they are for a pack folder's, confined to it.
pub struct TestsOnDisk {
    /// The pack's folder, which holds `tests/`.
    root: PathBuf,
    /// The temporary folder of a built-in pack's tests, and the pack's version.
    builtin: Option<(tempfile::TempDir, String)>,
}

impl TestsOnDisk {
    /// `pack`'s tests on disk; `None` for a built-in pack without tests. A failure to
    /// write the built-in tests is given as the failing case to report.
    pub fn of(pack: &RulePack) -> Result<Option<TestsOnDisk>, CaseResult> {
        if let Some(dir) = &pack.dir {
            return Ok(Some(TestsOnDisk {
                root: dir.clone(),
                builtin: None,
            }));
        }
        if pack.embedded_tests.is_empty() {
            return Ok(None);
        }
        match materialise(pack) {
            Ok(folder) => Ok(Some(TestsOnDisk {
                root: folder.path().to_path_buf(),
                builtin: Some((folder, pack.manifest.version.clone())),
            })),
            Err(e) => Err(CaseResult {
                name: format!("{} tests", pack.label()),
                kind: CaseKind::Fixture,
                failures: vec![format!(
                    "cannot write the built-in tests to a temporary folder: {e}"
                )],
            }),
        }
    }

    /// The fixtures below `tests/`, sorted.
    pub fn fixtures(&self) -> Vec<PathBuf> {
        fixture_files(&self.root.join("tests"))
    }

    /// What the rules may read for the fixture at `path`: a built-in fixture's answers are
    /// confined to its temporary pack folder.
    pub fn files_for(&self, path: &Path) -> FileAccess {
        match &self.builtin {
            Some(_) if path.starts_with(&self.root) => {
                FileAccess::within(path.parent().unwrap_or(&self.root), &self.root)
            }
            _ => FileAccess::for_file(path, None),
        }
    }

    /// The name a case shows for the fixture at `path`: a built-in fixture keeps the name
    /// of its file in the repository (`rules/2026.11/tests/...`).
    pub fn name(&self, path: &Path) -> String {
        match (&self.builtin, path.strip_prefix(&self.root)) {
            (Some((_, version)), Ok(relative)) => Path::new("rules")
                .join(version)
                .join(relative)
                .display()
                .to_string(),
            _ => path.display().to_string(),
        }
    }
}

/// Writes built-in `pack`'s `tests/` (its fixtures and the other files they name) to a
/// new temporary folder.
fn materialise(pack: &RulePack) -> std::io::Result<tempfile::TempDir> {
    let folder = tempfile::Builder::new()
        .prefix("partnerlint-tests-")
        .tempdir()?;
    let write = |relative: &str, bytes: &[u8]| {
        let path = folder.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    };
    for file in &pack.embedded_tests {
        write(&file.relative, file.text.as_bytes())?;
    }
    for (relative, bytes) in crate::pack::builtin_test_files(&pack.manifest.version) {
        write(relative, bytes)?;
    }
    Ok(folder)
}

/// A test case shown as a sample of a rule: its name and text.
#[derive(Debug, Clone)]
pub struct Sample {
    pub name: String,
    pub text: String,
    /// The file it was read from, for a pack in a folder.
    pub path: Option<PathBuf>,
}

/// A rule's first failing and first passing fixture, by name, from the pack's
/// `tests/<rule-id>/` (`fail*` and `pass*`); a rule with none there shows its `examples:`
/// (organisation packs written before `tests/` keep them).
pub fn samples(pack: &RulePack, rule: &crate::pack::Rule) -> (Option<Sample>, Option<Sample>) {
    let mut found: Vec<Sample> = match &pack.dir {
        Some(dir) => fixture_files(&dir.join("tests").join(&rule.id))
            .into_iter()
            .filter_map(|path| {
                Some(Sample {
                    name: path.display().to_string(),
                    text: std::fs::read_to_string(&path).ok()?,
                    path: Some(path),
                })
            })
            .collect(),
        None => {
            let folder = format!("tests/{}/", rule.id);
            pack.embedded_tests
                .iter()
                .filter(|f| {
                    f.relative.starts_with(&folder)
                        && crate::discover::is_application_file(Path::new(&f.relative))
                })
                .map(|f| Sample {
                    name: f.name.clone(),
                    text: f.text.to_string(),
                    path: None,
                })
                .collect()
        }
    };
    found.sort_by(|a, b| a.name.cmp(&b.name));
    let first = |prefix: &str, example: &str, label: &str| {
        found
            .iter()
            .find(|s| {
                Path::new(&s.name)
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
            })
            .cloned()
            .or_else(|| {
                (!example.trim().is_empty()).then(|| Sample {
                    name: format!("{}: examples.{label}", rule.id),
                    text: example.to_string(),
                    path: None,
                })
            })
    };
    (
        first("fail", &rule.example_fail, "fail"),
        first("pass", &rule.example_pass, "pass"),
    )
}

/// Only the fixtures `files`, against `pack`.
pub fn run_fixtures(pack: &RulePack, files: &[PathBuf], options: &TestOptions) -> PackReport {
    let set = PackSet::single(pack.clone());
    PackReport {
        pack: pack.label(),
        cases: files
            .iter()
            .map(|f| fixture_case(Some(pack), &set, f, options))
            .collect(),
    }
}

/// The fixtures `files`, each checked as `partnerlint check` would: against the version
/// it pins, or the pack of `packs` in force on its date. For fixtures of the engine's
/// own checks, which pin (or mis-pin) their version on purpose.
pub fn run_unpinned_fixtures(
    packs: &PackSet,
    files: &[PathBuf],
    options: &TestOptions,
) -> PackReport {
    PackReport {
        pack: "(as each fixture pins)".into(),
        cases: files
            .iter()
            .map(|f| fixture_case(None, packs, f, options))
            .collect(),
    }
}

fn fixture_case(
    pack: Option<&RulePack>,
    set: &PackSet,
    path: &Path,
    options: &TestOptions,
) -> CaseResult {
    let name = path.display().to_string();
    case_from_file(
        pack,
        set,
        path,
        name,
        &FileAccess::for_file(path, None),
        options,
    )
}

/// Reads the fixture at `path` and checks it as [`check_case`], shown as `name`.
fn case_from_file(
    pack: Option<&RulePack>,
    set: &PackSet,
    path: &Path,
    name: String,
    files: &FileAccess,
    options: &TestOptions,
) -> CaseResult {
    match std::fs::read(path) {
        Ok(bytes) => check_case(pack, set, name, path, &bytes, files, options),
        Err(e) => CaseResult {
            name,
            kind: CaseKind::Fixture,
            failures: vec![format!("cannot read the fixture: {e}")],
        },
    }
}

/// Checks a fixture against `pack` (or, without one, as it pins) and compares what it
/// reports with its annotations.
fn check_case(
    pack: Option<&RulePack>,
    set: &PackSet,
    name: String,
    path: &Path,
    bytes: &[u8],
    files: &FileAccess,
    options: &TestOptions,
) -> CaseResult {
    let text = String::from_utf8_lossy(bytes);
    let expect = annotations::expectations(&text);
    let options = check_options(pack, expect.today.unwrap_or(options.today));
    let report = check_source(path, bytes, files, set, &options);
    let mismatch = annotations::compare(&expect.expected, &report.diagnostics, &report.source);
    let mut failures: Vec<String> = expect
        .problems
        .iter()
        .map(|(line, problem)| format!("annotation on line {line}: {problem}"))
        .collect();
    failures.extend(
        mismatch
            .missing
            .iter()
            .map(|e| format!("expected, not reported: {e}")),
    );
    failures.extend(mismatch.unexpected.iter().map(|e| {
        let message = find(&report.diagnostics, e, &report.source)
            .map_or(String::new(), |d| format!(": {}", d.message));
        format!("reported, not expected: {e}{message}")
    }));
    failures.extend(compare_fixed(path, &text, |t| {
        check_source(path, t.as_bytes(), files, set, &options).diagnostics
    }));
    CaseResult {
        name,
        kind: CaseKind::Fixture,
        failures,
    }
}

/// Where a fixture's expected `--fix` result is kept: beside it, `NAME.partner.yaml.fixed`.
pub fn fixed_path(fixture: &Path) -> std::path::PathBuf {
    let mut name = fixture.as_os_str().to_owned();
    name.push(".fixed");
    name.into()
}

/// When the fixture has a `.fixed` file, what `check --fix` makes of the fixture must be
/// exactly that file.
fn compare_fixed(
    path: &Path,
    text: &str,
    check: impl Fn(&str) -> Vec<Diagnostic>,
) -> Option<String> {
    let expected_path = fixed_path(path);
    let expected = std::fs::read(&expected_path).ok()?;
    let fixed = crate::fixing::fix_text(text, false, check).text;
    (fixed.as_bytes() != expected).then(|| {
        format!(
            "`--fix` does not produce {}:\n{}",
            expected_path.display(),
            similar_lines(&String::from_utf8_lossy(&expected), &fixed)
        )
    })
}

/// How `got` differs from `want`, as a unified diff (`-` the expected lines, `+` the
/// lines `--fix` made), indented under the case.
fn similar_lines(want: &str, got: &str) -> String {
    similar::TextDiff::from_lines(want, got)
        .unified_diff()
        .context_radius(1)
        .header("expected", "--fix")
        .to_string()
        .lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn find<'a>(
    diagnostics: &'a [Diagnostic],
    e: &Expected,
    source: &SourceText,
) -> Option<&'a Diagnostic> {
    diagnostics.iter().find(|d| {
        d.rule == e.rule
            && Some(d.severity) == e.severity
            && d.primary
                .as_ref()
                .map_or(0, |l| source.line_of(l.span.start))
                == e.line
    })
}

fn check_options(pack: Option<&RulePack>, today: Date) -> CheckOptions {
    let mut options = CheckOptions::new(today);
    options.policy = pack.map(|p| p.manifest.version.clone());
    options
}

/// A rule's `examples.fail` must trigger it and `examples.pass` must not. Examples are text
/// with no file behind them: the paths they name are read from the pack's folder.
fn examples(pack: &RulePack, set: &PackSet, options: &TestOptions) -> Vec<CaseResult> {
    let files = pack
        .dir
        .as_ref()
        .map_or_else(FileAccess::default, |d| FileAccess::within(d, d));
    let mut out = Vec::new();
    // Only the rules that keep `examples:` (organisation packs may; the built-in pack's
    // cases are all in its `tests/`).
    let with_examples = |r: &&crate::pack::Rule| {
        r.own && !(r.example_fail.trim().is_empty() && r.example_pass.trim().is_empty())
    };
    for rule in pack.rules.iter().filter(with_examples) {
        for (kind, text) in [
            (CaseKind::ExampleFail, &rule.example_fail),
            (CaseKind::ExamplePass, &rule.example_pass),
        ] {
            let fail = kind == CaseKind::ExampleFail;
            let name = format!(
                "{}: examples.{}",
                rule.id,
                if fail { "fail" } else { "pass" }
            );
            let today = annotations::expectations(text)
                .today
                .unwrap_or(options.today);
            let report = check_source(
                Path::new(&name),
                text.as_bytes(),
                &files,
                set,
                &check_options(Some(pack), today),
            );
            let fired: Vec<&Diagnostic> = report
                .diagnostics
                .iter()
                .filter(|d| d.rule == rule.id)
                .collect();
            let mut failures = Vec::new();
            if fail && fired.is_empty() {
                let others: Vec<&str> =
                    report.diagnostics.iter().map(|d| d.rule.as_str()).collect();
                failures.push(format!(
                    "`{}` did not fire on its fail example (on {today}; reported: {})",
                    rule.id,
                    if others.is_empty() {
                        "nothing".to_string()
                    } else {
                        others.join(", ")
                    }
                ));
            }
            if !fail {
                failures.extend(fired.iter().map(|d| {
                    let line = d
                        .primary
                        .as_ref()
                        .map_or(0, |l| report.source.line_of(l.span.start));
                    format!(
                        "`{}` fired on its pass example (on {today}), line {line}: {}",
                        rule.id, d.message
                    )
                }));
            }
            out.push(CaseResult {
                name,
                kind,
                failures,
            });
        }
    }
    out
}

/// The plain-text report: a line per case, the failures under it, and a summary.
pub fn render_human(reports: &[PackReport]) -> String {
    let mut out = String::new();
    for report in reports {
        out.push_str(&format!(
            "policy {}: {} case{}\n",
            report.pack,
            report.cases.len(),
            if report.cases.len() == 1 { "" } else { "s" }
        ));
        for case in &report.cases {
            out.push_str(&format!(
                "  {}  {}\n",
                if case.passed() { "ok  " } else { "FAIL" },
                case.name
            ));
            for failure in &case.failures {
                out.push_str(&format!("          {failure}\n"));
            }
        }
        out.push('\n');
    }
    let passed: usize = reports.iter().map(PackReport::passed).sum();
    let failed: usize = reports.iter().map(PackReport::failed).sum();
    out.push_str(&format!(
        "test result: {}. {passed} passed, {failed} failed ({} pack{})",
        if failed == 0 { "ok" } else { "FAILED" },
        reports.len(),
        if reports.len() == 1 { "" } else { "s" }
    ));
    out
}

/// The JUnit XML report: a test suite per pack, a test case per case.
pub fn render_junit(reports: &[PackReport]) -> String {
    let suites: Vec<junit::TestSuite> = reports
        .iter()
        .map(|report| junit::TestSuite {
            name: format!("policy {}", report.pack),
            cases: report
                .cases
                .iter()
                .map(|case| junit::TestCase {
                    name: case.name.clone(),
                    classname: match case.kind {
                        CaseKind::Fixture => "fixture",
                        CaseKind::ExampleFail | CaseKind::ExamplePass => "example",
                    }
                    .to_string(),
                    failures: case
                        .failures
                        .first()
                        .map(|first| junit::Failure {
                            message: first.clone(),
                            kind: "mismatch".into(),
                            body: case.failures.join("\n"),
                        })
                        .into_iter()
                        .collect(),
                    skipped: None,
                })
                .collect(),
        })
        .collect();
    junit::render("partnerlint rules test", &suites)
}
