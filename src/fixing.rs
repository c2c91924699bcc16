//! `check --fix`: the fixes findings carry, applied to a file's text until nothing
//! changes, each pass checked again. The check is a function given by the caller (the
//! command line checks with the file's packs and options), so this module knows nothing
//! of loading, schemas or rules, and none of those stages knows of it.
//!
//! A pass applies every fix that applies at once (safe ones, and unsafe ones with
//! `--unsafe-fixes`), leaving out a fix whose edits overlap one taken before it (its
//! finding is fixed on a later pass, if it still stands). When the result fails to load
//! (a `yaml-syntax` finding appears) or has more findings of some rule than the text
//! before the pass, more of them without a fix (see `breaks`), the pass is rolled back and its fixes are tried one at a time: those
//! that do not break are kept, the others are rolled back and reported, and not tried
//! again. A pass that changes nothing ends the loop, and so does the cap on passes.

use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The most passes over a file: each fixes what the previous one uncovered, and a fix
/// that never ends its own finding must not loop for ever.
pub const MAX_PASSES: usize = 10;

/// The most checks of one file the one-at-a-time tries may cost, after which the fixes
/// not yet tried are left unapplied (and said to be): a hostile file with a thousand
/// fixes that each break it costs a bounded number of checks.
pub const MAX_TRIES: usize = 64;

/// What a check of a text gives: its findings.
pub trait Checked {
    fn diagnostics(&self) -> &[Diagnostic];
}

impl Checked for Vec<Diagnostic> {
    fn diagnostics(&self) -> &[Diagnostic] {
        self
    }
}

impl Checked for crate::file_check::FileReport {
    fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

/// A fix that was rolled back, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolledBack {
    /// The rule of the finding it was meant to fix.
    pub rule: String,
    /// Where that finding starts (a byte offset into the text before the fix).
    pub offset: usize,
    /// The 1-based line of that offset, in the text before the fix.
    pub line: usize,
    /// The fix's message.
    pub message: String,
    /// Why it was not kept: "the file would no longer load", "it would add a finding of
    /// `rule`", or that the tries ran out.
    pub reason: String,
}

/// The outcome of fixing one text.
#[derive(Debug)]
pub struct Fixed<R> {
    /// The text with the fixes kept.
    pub text: String,
    /// How many fixes were applied (each fixes one finding).
    pub fixed: usize,
    /// The check of `text`: the findings that remain.
    pub remaining: R,
    /// The check of the text as it was given, when fixes changed it.
    pub original: Option<R>,
    /// Remaining findings whose fix is unsafe, not applied without `--unsafe-fixes`.
    pub unsafe_available: usize,
    /// The fixes rolled back, in the order they were tried.
    pub rolled_back: Vec<RolledBack>,
}

impl<R> Fixed<R> {
    /// Whether the text changed.
    pub fn changed(&self) -> bool {
        self.original.is_some()
    }
}

/// What identifies a fix across passes: its finding's rule and node, its message and the
/// text its edits write (offsets move as earlier edits change lengths, so they are left
/// out).
type FixKey = (String, String, String, Vec<String>);

fn key(d: &Diagnostic, fix: &Fix) -> FixKey {
    (
        d.rule.clone(),
        d.pointer.clone(),
        fix.message.clone(),
        fix.edits.iter().map(|e| e.content.clone()).collect(),
    )
}

/// Findings per rule: how many, and how many of them `--fix` cannot fix (no fix, or one
/// that does not apply).
fn counts(diagnostics: &[Diagnostic], unsafe_fixes: bool) -> HashMap<&str, (usize, usize)> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for d in diagnostics {
        let c = counts.entry(d.rule.as_str()).or_default();
        c.0 += 1;
        if !d.fix.as_ref().is_some_and(|f| f.applies(unsafe_fixes)) {
            c.1 += 1;
        }
    }
    counts
}

/// Why `after` is worse than `before`, if it is: the file no longer loads, or a rule has
/// more findings, more of them without a fix. A finding a fix reveals that has a fix of
/// its own is fixed on the next pass (a market written as an alias that makes a
/// duplicate, a contact judged once the markets are known); a finding that becomes
/// another of its rule is no new finding (a phone number quoted as written that is then
/// not in international form).
fn breaks(before: &[Diagnostic], after: &[Diagnostic], unsafe_fixes: bool) -> Option<String> {
    let (before, after) = (counts(before, unsafe_fixes), counts(after, unsafe_fixes));
    let syntax = Code::YamlSyntax.id();
    let was = |rule: &str| before.get(rule).copied().unwrap_or_default();
    if after.get(syntax).map_or(0, |c| c.0) > was(syntax).0 {
        return Some("the file would no longer load".into());
    }
    let mut worse: Vec<&str> = after
        .iter()
        .filter(|(rule, (all, unfixable))| {
            let (was_all, was_unfixable) = was(rule);
            *all > was_all && *unfixable > was_unfixable
        })
        .map(|(rule, _)| *rule)
        .collect();
    worse.sort_unstable();
    let first = worse.first()?;
    Some(format!("it would add a finding of `{first}`"))
}

/// The fixes of `diagnostics` that apply and were not rolled back before, each with its
/// finding, without two whose edits overlap (the earlier in the file wins).
fn choose<'d>(
    diagnostics: &'d [Diagnostic],
    unsafe_fixes: bool,
    refused: &HashSet<FixKey>,
) -> Vec<(&'d Diagnostic, &'d Fix)> {
    let mut fixes: Vec<(&Diagnostic, &Fix)> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| (d, f)))
        .filter(|(d, f)| {
            f.applies(unsafe_fixes) && !f.edits.is_empty() && !refused.contains(&key(d, f))
        })
        .collect();
    fixes.sort_by_key(|(_, f)| f.edits.iter().map(|e| e.span.start).min());
    // The edits taken so far, by start: each new one is checked against its neighbours.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let overlaps = |taken: &BTreeMap<usize, usize>, e: &Edit| {
        let (a, b) = (e.span.start, e.span.end);
        // Two edits at one start (two insertions there) have no order: they overlap.
        let before = taken
            .range(..=a)
            .next_back()
            .is_some_and(|(s, end)| *s == a || *end > a);
        let after = taken
            .range(a..)
            .next()
            .is_some_and(|(s, _)| *s == a || *s < b);
        before || after
    };
    fixes.retain(|(_, f)| {
        if f.edits.iter().any(|e| overlaps(&taken, e)) {
            return false;
        }
        for e in &f.edits {
            taken.insert(e.span.start, e.span.end);
        }
        true
    });
    fixes
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    memchr::memchr_iter(b'\n', &text.as_bytes()[..end]).count() + 1
}

/// `text` with every fix of `fixes` applied.
fn apply_all(text: &str, fixes: &[(&Diagnostic, &Fix)]) -> String {
    crate::diagnostic::fix::apply(text, fixes.iter().flat_map(|(_, f)| &f.edits))
}

/// Applies the fixes `check` finds in `text`, as the module says. `check` is called once
/// on `text`, then once per pass and per fix tried alone.
pub fn fix<R: Checked>(
    text: &str,
    unsafe_fixes: bool,
    mut check: impl FnMut(&str) -> R,
) -> Fixed<R> {
    let first = check(text);
    let mut current = text.to_string();
    let mut report: Option<R> = None;
    let mut original = Some(first);
    let mut fixed = 0;
    let mut rolled_back = Vec::new();
    let mut refused: HashSet<FixKey> = HashSet::new();
    let mut tries = 0;
    for _ in 0..MAX_PASSES {
        let now: &R = report.as_ref().or(original.as_ref()).expect("a report");
        let fixes = choose(now.diagnostics(), unsafe_fixes, &refused);
        let candidate = apply_all(&current, &fixes);
        if fixes.is_empty() || candidate == current {
            break;
        }
        let checked = check(&candidate);
        if breaks(now.diagnostics(), checked.diagnostics(), unsafe_fixes).is_none() {
            fixed += fixes.len();
            current = candidate;
            report = Some(checked);
            continue;
        }
        // One at a time, each against the text as the fixes kept so far left it. The
        // fixes' spans point into the text at the start of the pass, so a fix kept moves
        // the ones after it: they are tried from the end of the file backwards, where
        // nothing before them has changed.
        let owned: Vec<(Diagnostic, Fix)> = fixes
            .iter()
            .map(|(d, f)| ((*d).clone(), (*f).clone()))
            .collect();
        drop(checked);
        let mut kept_any = false;
        let mut base: Option<R> = None;
        for (d, f) in owned.iter().rev() {
            let before: &R = base
                .as_ref()
                .or(report.as_ref())
                .or(original.as_ref())
                .expect("a report");
            let refuse = |reason: String, rolled_back: &mut Vec<RolledBack>| {
                rolled_back.push(RolledBack {
                    rule: d.rule.clone(),
                    offset: d.offset(),
                    line: line_of(&current, d.offset()),
                    message: f.message.clone(),
                    reason,
                });
            };
            if tries >= MAX_TRIES {
                refuse(
                    format!(
                        "more than {MAX_TRIES} fixes of this file had to be tried one at a time"
                    ),
                    &mut rolled_back,
                );
                refused.insert(key(d, f));
                continue;
            }
            let alone = crate::diagnostic::fix::apply(&current, &f.edits);
            if alone == current {
                continue;
            }
            tries += 1;
            let checked = check(&alone);
            match breaks(before.diagnostics(), checked.diagnostics(), unsafe_fixes) {
                None => {
                    fixed += 1;
                    kept_any = true;
                    current = alone;
                    base = Some(checked);
                }
                Some(reason) => {
                    refuse(reason, &mut rolled_back);
                    refused.insert(key(d, f));
                }
            }
        }
        if let Some(b) = base {
            report = Some(b);
        }
        if !kept_any {
            // Nothing of this pass was kept: the next would choose the same fixes less
            // those refused, which `refused` already leaves out; go on only if any are left.
            let now: &R = report.as_ref().or(original.as_ref()).expect("a report");
            if choose(now.diagnostics(), unsafe_fixes, &refused).is_empty() {
                break;
            }
        }
    }
    let (report, original) = match report {
        Some(r) if current != text => (r, original),
        Some(r) => (r, None),
        None => (original.take().expect("a report"), None),
    };
    let unsafe_available = match unsafe_fixes {
        true => 0,
        false => report
            .diagnostics()
            .iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| !f.applies(false)))
            .count(),
    };
    Fixed {
        text: current,
        fixed,
        remaining: report,
        original,
        unsafe_available,
        rolled_back,
    }
}

/// [`fix`] for a check that gives findings only (`rules test`, the fixtures' tests).
pub fn fix_text(
    text: &str,
    unsafe_fixes: bool,
    check: impl Fn(&str) -> Vec<Diagnostic>,
) -> Fixed<Vec<Diagnostic>> {
    fix(text, unsafe_fixes, check)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Severity};

    /// A finding of `rule` at `span` whose fix writes `content` there.
    fn finding(
        rule: &str,
        span: std::ops::Range<usize>,
        content: &str,
        a: Applicability,
    ) -> Diagnostic {
        Diagnostic::new(rule, Severity::Error, format!("{rule} here"))
            .at(span.clone(), None)
            .with_fix(Some(Fix {
                applicability: a,
                message: format!("write `{content}`"),
                edits: vec![Edit {
                    span,
                    content: content.into(),
                }],
            }))
    }

    /// A synthetic check: each `GB` word is a finding fixed (safely) by `UK`, each `gb`
    /// one fixed unsafely by `UK`, a `BAD` word one whose fix writes `{` (which breaks
    /// loading: any `{` is a yaml-syntax finding), and each `UK` after the first is a
    /// duplicate.
    fn check(text: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut uk = 0;
        for (at, word) in text
            .match_indices(|c: char| c.is_alphanumeric() || c == '{')
            .fold(Vec::<(usize, String)>::new(), |mut words, (at, c)| {
                match words.last_mut() {
                    Some((start, w)) if *start + w.len() == at => w.push_str(c),
                    _ => words.push((at, c.to_string())),
                }
                words
            })
        {
            let span = at..at + word.len();
            match word.as_str() {
                "GB" => out.push(finding("market-alias", span, "UK", Applicability::Safe)),
                "gb" => out.push(finding("market-case", span, "UK", Applicability::Unsafe)),
                "BAD" => out.push(finding("bad", span, "{", Applicability::Safe)),
                "DUP" => out.push(finding("dup", span, "UK", Applicability::Safe)),
                "REV" => out.push(finding("reveal", span, "GB", Applicability::Safe)),
                "UK" => {
                    uk += 1;
                    if uk > 1 {
                        out.push(
                            Diagnostic::new("market-duplicate", Severity::Error, "again")
                                .at(span, None),
                        );
                    }
                }
                w if w.contains('{') => out.push(
                    Diagnostic::new("yaml-syntax", Severity::Error, "cannot load").at(span, None),
                ),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn safe_fixes_apply_and_the_result_is_checked_again() {
        let done = fix("a: GB\nb: x\n", false, check);
        assert_eq!(done.text, "a: UK\nb: x\n");
        assert_eq!(done.fixed, 1);
        assert!(done.remaining.is_empty());
        assert_eq!(done.original.as_ref().map(Vec::len), Some(1));
        assert!(done.rolled_back.is_empty());
    }

    #[test]
    fn unsafe_fixes_wait_for_the_flag_and_are_counted() {
        let done = fix("a: gb\n", false, check);
        assert_eq!(
            (done.text.as_str(), done.fixed, done.unsafe_available),
            ("a: gb\n", 0, 1)
        );
        assert!(!done.changed());
        let done = fix("a: gb\n", true, check);
        assert_eq!(
            (done.text.as_str(), done.fixed, done.unsafe_available),
            ("a: UK\n", 1, 0)
        );
    }

    #[test]
    fn a_fix_that_breaks_loading_is_rolled_back_and_the_others_kept() {
        let done = fix("a: GB\nb: BAD\nc: x\n", false, check);
        assert_eq!(done.text, "a: UK\nb: BAD\nc: x\n");
        assert_eq!(done.fixed, 1);
        assert_eq!(done.rolled_back.len(), 1);
        let r = &done.rolled_back[0];
        assert_eq!((r.rule.as_str(), r.offset), ("bad", 9));
        assert_eq!(r.reason, "the file would no longer load");
        // The finding it would have fixed remains, with its fix.
        assert_eq!(done.remaining.len(), 1);
        assert_eq!(done.remaining[0].rule, "bad");
    }

    #[test]
    fn a_fix_that_adds_a_finding_is_rolled_back() {
        // `DUP` → `UK` makes a second `UK`: a duplicate the file did not have.
        let done = fix("a: UK\nb: DUP\n", false, check);
        assert_eq!(done.text, "a: UK\nb: DUP\n");
        assert_eq!(done.fixed, 0);
        assert!(!done.changed());
        assert_eq!(done.rolled_back.len(), 1);
        assert_eq!(
            done.rolled_back[0].reason,
            "it would add a finding of `market-duplicate`"
        );
    }

    #[test]
    fn a_fix_that_reveals_a_fixable_finding_is_kept_and_the_next_pass_fixes_it() {
        // `REV` → `GB`, a finding of a rule the text did not have, with a fix of its own.
        let done = fix("a: REV\n", false, check);
        assert_eq!((done.text.as_str(), done.fixed), ("a: UK\n", 2));
        assert!(done.rolled_back.is_empty());
    }

    #[test]
    fn two_fixes_that_break_only_together_keep_the_first_tried() {
        // Either `GB` → `UK` alone is fine; both make a duplicate. The pass is rolled
        // back, then one is kept and the other reported.
        let done = fix("a: GB\nb: GB\n", false, check);
        assert_eq!(done.fixed, 1);
        assert_eq!(done.rolled_back.len(), 1);
        assert_eq!(done.text.matches("UK").count(), 1);
    }

    #[test]
    fn overlapping_fixes_wait_for_a_later_pass() {
        let edit = |span: std::ops::Range<usize>, content: &str| Edit {
            span,
            content: content.into(),
        };
        let d = |span: std::ops::Range<usize>, e: Vec<Edit>| {
            Diagnostic::new("r", Severity::Error, "m")
                .at(span, None)
                .with_fix(Some(Fix {
                    applicability: Applicability::Safe,
                    message: "f".into(),
                    edits: e,
                }))
        };
        let ds = vec![
            d(0..2, vec![edit(0..2, "x")]),
            d(1..3, vec![edit(1..3, "y")]),
            d(3..3, vec![edit(3..3, "i")]),
            d(3..3, vec![edit(3..3, "j")]),
        ];
        let chosen = choose(&ds, false, &HashSet::new());
        let contents: Vec<&str> = chosen
            .iter()
            .map(|(_, f)| f.edits[0].content.as_str())
            .collect();
        assert_eq!(contents, ["x", "i"]);
    }

    #[test]
    fn fixing_stops_at_the_cap() {
        // A fix that never ends its finding (it inserts before it, again and again).
        let mut calls = 0;
        let done = fix("x", false, |text: &str| {
            calls += 1;
            vec![Diagnostic::new("r", Severity::Error, "m")
                .at(text.len() - 1..text.len(), None)
                .with_fix(Some(Fix {
                    applicability: Applicability::Safe,
                    message: "grow".into(),
                    edits: vec![Edit {
                        span: 0..0,
                        content: "-".into(),
                    }],
                }))]
        });
        assert_eq!(done.text, format!("{}x", "-".repeat(MAX_PASSES)));
        assert_eq!(calls, MAX_PASSES + 1);
    }

    #[test]
    fn a_text_without_fixes_is_checked_once() {
        let mut calls = 0;
        let done = fix("a: x\n", true, |t: &str| {
            calls += 1;
            check(t)
        });
        assert_eq!((calls, done.fixed, done.changed()), (1, 0, false));
    }
}
