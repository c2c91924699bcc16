//! Checking one application file: read, load, format and policy version, schema, rules.

use crate::diagnostic::Code;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::file_access::{FileAccess, FsCache};
use crate::node::{Node, NodeKind};
use crate::pack::{PackSet, RulePack};
use crate::schema::Schema;
use crate::source::SourceText;
use crate::suppress::{self, Suppressed};
use crate::yaml::{self, Limits};
use jiff::civil::Date;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rule levels set by the configuration: a new severity, or `None` for a rule turned off.
pub type Levels = BTreeMap<String, Option<Severity>>;

/// The file format versions this engine reads.
pub const FORMAT_VERSIONS: &[i64] = &[1];

#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The date date rules measure from.
    pub today: Date,
    /// `--policy`: the version to use whatever the files pin.
    pub policy: Option<String>,
    pub limits: Limits,
    /// Files larger than this many bytes are refused unread.
    pub max_file_size: u64,
    /// Severity overrides from the configuration, applied after suppressions.
    pub levels: Arc<Levels>,
}

impl CheckOptions {
    pub fn new(today: Date) -> Self {
        CheckOptions {
            today,
            policy: None,
            limits: Limits::default(),
            max_file_size: crate::read::DEFAULT_MAX_FILE_SIZE,
            levels: Arc::default(),
        }
    }
}

/// The findings for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user named it (or as the walk found it).
    pub path: PathBuf,
    pub source: SourceText,
    pub diagnostics: Vec<Diagnostic>,
    /// The policy version the file was checked against, when one was.
    pub policy: Option<String>,
    /// Findings silenced by suppression comments: not findings, but never dropped.
    pub suppressed: Vec<Suppressed>,
    /// Rules the configuration turned off for this file: not checked on it.
    pub off: Vec<String>,
}

impl FileReport {
    pub fn display_path(&self) -> String {
        let s = self.path.display().to_string();
        s.strip_prefix("./").map(str::to_string).unwrap_or(s)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The most findings reported for one file. Past it, the rest (in file order) are
/// counted in one `too-many-findings` finding: a file that breaks a rule a hundred
/// thousand times says nothing more with the hundred thousandth, and every report format
/// then stays small and quick whatever the file holds.
pub const MAX_FINDINGS: usize = 1_000;

/// Cuts `diagnostics` (sorted) to [`MAX_FINDINGS`], then says how many were cut, with
/// the worst severity among them, so the exit code is what the whole list would give.
fn cap(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.len() <= MAX_FINDINGS {
        return;
    }
    let cut = diagnostics.split_off(MAX_FINDINGS);
    let count = |severity| cut.iter().filter(|d| d.severity == severity).count();
    let tally: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|s| (count(s), s))
        .filter(|(n, _)| *n > 0)
        .map(|(n, s)| format!("{n} {s}{}", if n == 1 { "" } else { "s" }))
        .collect();
    let worst = cut
        .iter()
        .map(|d| d.severity)
        .max()
        .unwrap_or(Severity::Info);
    let mut d = Diagnostic::new(
        Code::TooManyFindings,
        worst,
        format!(
            "{} more findings in this file are not reported ({}): only the first {MAX_FINDINGS} are",
            cut.len(),
            tally.join(", ")
        ),
    )
    .with_help("Fix the findings reported and check again; a file with this many problems is most likely generated or damaged.");
    if let Some(first) = cut.iter().find_map(|d| d.primary.as_ref()) {
        d = d.at(
            first.span.clone(),
            Some("the first finding not reported".into()),
        );
    }
    diagnostics.push(d);
}

/// Reads and checks the file at `path`, asking the file system afresh.
pub fn check_file(path: &Path, packs: &PackSet, options: &CheckOptions) -> FileReport {
    check_file_with(path, packs, options, None)
}

/// `check_file`, with a worker's file-system answers (`batch::check_each` gives them).
pub fn check_file_with(
    path: &Path,
    packs: &PackSet,
    options: &CheckOptions,
    cache: Option<&FsCache>,
) -> FileReport {
    check_file_keeping_tree(path, packs, options, cache).0
}

/// [`check_file_with`], with the file's tree when it loaded: for `plan`, which reads the
/// same tree the rules did rather than loading the file twice.
pub fn check_file_keeping_tree(
    path: &Path,
    packs: &PackSet,
    options: &CheckOptions,
    cache: Option<&FsCache>,
) -> (FileReport, Option<Node>) {
    match read(path, options, cache) {
        Ok(bytes) => check_text(
            path,
            bytes.into(),
            &FileAccess::for_file(path, cache),
            packs,
            options,
            cache,
        ),
        Err(report) => (*report, None),
    }
}

/// The bytes of the application file at `path`, read as [`check_file`] reads them, or
/// the report of a file that may not or cannot be read: for `check --fix`, which checks
/// the text again after each pass and compares the bytes before it writes.
pub fn read(
    path: &Path,
    options: &CheckOptions,
    cache: Option<&FsCache>,
) -> Result<Vec<u8>, Box<FileReport>> {
    if crate::boundary::root().escapes(path, cache) {
        let (message, help) = crate::boundary::refusal("the application file");
        return Err(Box::new(refused(
            path,
            Code::FileOutsideRepository,
            message,
            help,
            options,
        )));
    }
    crate::read::read_file(path, options.max_file_size).map_err(|message| {
        Box::new(refused(
            path,
            Code::FileUnreadable,
            message.0,
            message.1,
            options,
        ))
    })
}

/// The report of a file that was not read: one finding of `rule`, with no text.
pub fn refused(
    path: &Path,
    rule: Code,
    message: String,
    help: String,
    options: &CheckOptions,
) -> FileReport {
    finish(
        path,
        SourceText::new(String::new()),
        vec![Diagnostic::new(rule, Severity::Error, message).with_help(help)],
        Vec::new(),
        None,
        options,
    )
}

/// Applies the configured levels and puts the report together.
fn finish(
    path: &Path,
    source: SourceText,
    mut diagnostics: Vec<Diagnostic>,
    mut suppressed: Vec<Suppressed>,
    policy: Option<String>,
    options: &CheckOptions,
) -> FileReport {
    let levels = &options.levels;
    if !levels.is_empty() {
        let relevel = |d: &mut Diagnostic| match levels.get(&d.rule) {
            Some(Some(severity)) => {
                d.severity = *severity;
                true
            }
            Some(None) => false,
            None => true,
        };
        diagnostics.retain_mut(relevel);
        suppressed.retain_mut(|s| relevel(&mut s.diagnostic));
    }
    diagnostic::sort(&mut diagnostics);
    cap(&mut diagnostics);
    // Every report format turns spans into lines: the lines are found here, on the
    // thread that checked the file, not on the one that writes the reports in order.
    if !diagnostics.is_empty() || !suppressed.is_empty() {
        source.line_starts();
    }
    suppressed.sort_by(|a, b| {
        let (a, b) = (&a.diagnostic, &b.diagnostic);
        (a.offset(), &a.rule, &a.message).cmp(&(b.offset(), &b.rule, &b.message))
    });
    FileReport {
        path: path.to_path_buf(),
        source,
        diagnostics,
        policy,
        suppressed,
        off: levels
            .iter()
            .filter(|(_, level)| level.is_none())
            .map(|(id, _)| id.clone())
            .collect(),
    }
}

/// Checks `bytes` as the application file `path`; `files` is what its rules may read.
pub fn check_source(
    path: &Path,
    bytes: &[u8],
    files: &FileAccess,
    packs: &PackSet,
    options: &CheckOptions,
) -> FileReport {
    check_source_with(path, bytes, files, packs, options, None)
}

/// [`check_source`], with a worker's file-system answers.
pub fn check_source_with(
    path: &Path,
    bytes: &[u8],
    files: &FileAccess,
    packs: &PackSet,
    options: &CheckOptions,
    cache: Option<&FsCache>,
) -> FileReport {
    check_text(path, bytes.into(), files, packs, options, cache).0
}

fn check_text(
    path: &Path,
    bytes: Cow<'_, [u8]>,
    files: &FileAccess,
    packs: &PackSet,
    options: &CheckOptions,
    cache: Option<&FsCache>,
) -> (FileReport, Option<Node>) {
    let (text, mut diagnostics) = decode(bytes);
    let source = SourceText::new(text);
    let mut policy = None;
    let mut text_spans = Vec::new();
    let mut known: Option<Vec<String>> = None;
    let directives = suppress::may_have_directives(source.text());
    let mut tree = None;
    if diagnostics.is_empty() {
        let loaded = yaml::load(source.text(), &options.limits);
        diagnostics = loaded.diagnostics;
        if let Some(root) = loaded.root {
            let (more, used) = check_tree(&root, source.text(), files, packs, options, cache);
            diagnostics.extend(more);
            if directives {
                text_spans = suppress::multi_line_scalars(&root, source.text());
                // Unused suppressions are judged only where every rule ran.
                known = used.as_deref().and_then(|v| packs.get(v)).map(|pack| {
                    Code::ALL
                        .iter()
                        .map(|c| c.id().to_string())
                        .chain(pack.rules.iter().map(|r| r.id.clone()))
                        .collect()
                });
            }
            policy = used;
            tree = Some(root);
        }
    }
    let mut suppressed = Vec::new();
    if directives {
        let (directives, problems) = suppress::parse(&source, &text_spans);
        let outcome = suppress::apply(
            &directives,
            diagnostics,
            &source,
            options.today,
            known.as_deref(),
        );
        diagnostics = outcome.diagnostics;
        diagnostics.extend(problems);
        suppressed = outcome.suppressed;
    }
    (
        finish(path, source, diagnostics, suppressed, policy, options),
        tree,
    )
}

/// The text of the file, or the reason it is not text.
fn decode(bytes: Cow<'_, [u8]>) -> (String, Vec<Diagnostic>) {
    // A file just read is taken as it is, without a copy.
    match String::from_utf8(bytes.into_owned()) {
        Ok(text) => match memchr::memchr(0, text.as_bytes()) {
            Some(at) => (
                text,
                vec![Diagnostic::new(
                    Code::YamlSyntax,
                    Severity::Error,
                    "the file holds a NUL byte: it is binary, not YAML text",
                )
                .at(at..at + 1, Some("NUL byte".into()))
                .with_help("Check that this is the application file you meant: YAML is text.")],
            ),
            None => (text, Vec::new()),
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text is the same up to the first bad byte, so the span is right.
            let width = text[at..].chars().next().map_or(0, char::len_utf8);
            (
                text,
                vec![Diagnostic::new(Code::YamlSyntax, Severity::Error, format!("the file is not UTF-8 text: byte {at} starts an invalid sequence"))
                    .at(at..at + width, Some("not UTF-8".into()))
                    .with_help("Save the file as UTF-8 (most editors offer it under \"encoding\"). Files from spreadsheets are often Latin-1 or UTF-16.")],
            )
        }
    }
}

/// Format version, policy selection, schema and rules, on a loaded tree.
pub fn check_tree(
    root: &Node,
    text: &str,
    files: &FileAccess,
    packs: &PackSet,
    options: &CheckOptions,
    cache: Option<&FsCache>,
) -> (Vec<Diagnostic>, Option<String>) {
    let mut out = Vec::new();
    if let Some(format) = root.get("format") {
        if let NodeKind::Int(n) = format.kind {
            if !FORMAT_VERSIONS.contains(&n) {
                out.push(
                    Diagnostic::new(Code::FormatVersion, Severity::Error, format!("format {n} is not a format this partnerlint reads"))
                        .at(format.span.clone(), Some("unknown format".into()))
                        .with_pointer("/format")
                        .with_help("This partnerlint reads `format: 1`. A file written for another format needs the partnerlint release that reads it."),
                );
                return (out, None);
            }
        }
    }

    let pinned = root.get("policy");
    let pack = match (
        &options.policy,
        pinned.and_then(|p| p.as_str().map(|s| (p, s))),
    ) {
        (Some(version), _) => packs.get(version),
        (None, Some((at, version))) => match packs.get(version) {
            Some(pack) => {
                if let Some(d) = not_in_force(pack, at, options.today) {
                    out.push(d);
                }
                Some(pack)
            }
            None => {
                let known = packs
                    .versions()
                    .iter()
                    .map(|v| format!("\"{v}\""))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.push(
                    Diagnostic::new(Code::PolicyVersion, Severity::Error, format!("policy version `{version}` is not one this partnerlint has"))
                        .at(at.span.clone(), Some("unknown policy version".into()))
                        .with_pointer("/policy")
                        .with_help(format!("Pin one of the known versions ({known}), or remove `policy:` to use the one in force today. The policy rules were not checked.")),
                );
                None
            }
        },
        (None, None) => {
            let pack = packs.in_effect(options.today);
            if pack.is_none() {
                let first = packs.packs().first().map_or("none".to_string(), |p| {
                    format!("{} from {}", p.manifest.version, p.manifest.effective)
                });
                out.push(
                    Diagnostic::new(Code::PolicyVersion, Severity::Error, format!("no policy version is in force on {}", options.today))
                        .at(0..text.len().min(1), None)
                        .with_help(format!("The earliest known version is {first}. Pin a version with `policy:` or `--policy`, or check the date given to `--today`.")),
                );
            }
            pack
        }
    };

    let schema_diagnostics = Schema::application().validate(root, text);
    let mut rule_diagnostics = pack
        .map(|p| p.evaluate_with(root, text, options.today, files, cache))
        .unwrap_or_default();
    // Where a policy rule explains a value, its words beat the schema's generic ones.
    // (A set, not a search per finding: a hostile file has a hundred thousand of each.)
    let explained: std::collections::HashSet<&str> = rule_diagnostics
        .iter()
        .map(|r| r.pointer.as_str())
        .collect();
    let (hidden, shown): (Vec<Diagnostic>, Vec<Diagnostic>) = schema_diagnostics
        .into_iter()
        .partition(|s| explained.contains(s.pointer.as_str()));
    out.extend(shown);
    if let Some(pack) = pack {
        let check = Recheck {
            pack,
            options,
            files,
            cache,
        };
        carry_fixes(hidden, &mut rule_diagnostics, text, &check);
    }
    out.extend(rule_diagnostics);
    crate::placeholder::apply(root, &mut out);
    (out, pack.map(|p| p.manifest.version.clone()))
}

/// What it takes to evaluate a pack's rules again on a fixed text.
struct Recheck<'a> {
    pack: &'a RulePack,
    options: &'a CheckOptions,
    files: &'a FileAccess,
    cache: Option<&'a FsCache>,
}

/// The most schema fixes tried on the rule findings that hid them, per file: each try is
/// one more load and evaluation of the file.
const MAX_CARRIED: usize = 8;

/// A schema finding hidden by a rule's at the same place takes its fix with it: the
/// rule's finding carries it instead, when it has none of its own and the fix makes it
/// go away (`review: Requested` is both the schema's `requested` in the wrong case and a
/// review the rule does not know; writing `requested` answers both). A fix that leaves
/// the rule's finding standing is dropped: it does not fix what is reported.
fn carry_fixes(hidden: Vec<Diagnostic>, rules: &mut [Diagnostic], text: &str, check: &Recheck) {
    // The rule findings without a fix, by place: one lookup per hidden finding, as a
    // hostile file has a hundred thousand of each.
    let mut unfixed: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, r) in rules.iter().enumerate().filter(|(_, r)| r.fix.is_none()) {
        unfixed.entry(r.pointer.clone()).or_insert(i);
    }
    let mut tries = 0;
    for fix_of in hidden {
        if tries == MAX_CARRIED {
            break;
        }
        let Some(fix) = fix_of.fix else {
            continue;
        };
        let Some(&target) = unfixed.get(&fix_of.pointer) else {
            continue;
        };
        tries += 1;
        let fixed = diagnostic::fix::apply(text, &fix.edits);
        let loaded = yaml::load(&fixed, &check.options.limits);
        let Some(root) = loaded.root.filter(|_| loaded.diagnostics.is_empty()) else {
            continue;
        };
        let after =
            check
                .pack
                .evaluate_with(&root, &fixed, check.options.today, check.files, check.cache);
        let rule = &rules[target];
        if !after
            .iter()
            .any(|r| r.pointer == rule.pointer && r.rule == rule.rule)
        {
            rules[target].fix = Some(fix);
            unfixed.remove(&fix_of.pointer);
        }
    }
}

/// A file pinned to a version that is not in force on the check's date: still checked
/// against it (nothing is switched off), but the partner is told, as the policy it
/// prepares for does not apply yet.
fn not_in_force(pack: &RulePack, at: &Node, today: Date) -> Option<Diagnostic> {
    let effective = pack.manifest.effective;
    (effective > today).then(|| {
        Diagnostic::new(
            Code::PolicyVersion,
            Severity::Error,
            format!(
                "policy version `{}` is not in force until {effective}: on {today} it does not apply yet",
                pack.manifest.version
            ),
        )
        .at(at.span.clone(), Some("not in force yet".into()))
        .with_pointer("/policy")
        .with_help(format!(
            "Remove `policy:` to check against the version in force today, or check with `--today {effective}` (or later) to prepare for this version; its rules were checked."
        ))
    })
}
