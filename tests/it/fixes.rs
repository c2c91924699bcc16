//! Fixes over every fixture and example: each fixable failing fixture of a shipped pack
//! has its `--fix` result beside it (`NAME.partner.yaml.fixed`, compared by `rules test`);
//! fixing any fixture, unsafe fixes included, gives a file that loads, that a second run
//! leaves alone, and on which no finding with a fix is left; and every edit lies on the
//! lines of the finding it fixes. `UPDATE_FIXED=1 cargo test --test it fixes::` writes
//! missing `.fixed` files (review them).

use partnerlint::diagnostic::Diagnostic;
use partnerlint::fixing::fix_text;
use partnerlint::pack_testing::annotations::expectations;
use partnerlint::pack_testing::{self as testing, fixed_path};
use partnerlint::source::SourceText;
use partnerlint::{check_source, CheckOptions, FileAccess, PackSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every application file the repository ships: pack fixtures, engine fixtures, examples.
fn every_fixture() -> Vec<PathBuf> {
    let mut files = testing::fixture_files(&root().join("rules"));
    files.extend(testing::fixture_files(
        &root().join("fixtures").join("engine"),
    ));
    files.extend(testing::fixture_files(&root().join("examples")));
    files
}

/// Checks `text` as the fixture at `path` is checked by `rules test`: pinned to its
/// pack when it is a pack's, on the date its annotations give.
fn checker<'a>(
    path: &'a Path,
    packs: &'a PackSet,
    text: &str,
) -> impl Fn(&str) -> Vec<Diagnostic> + 'a {
    let e = expectations(text);
    let mut options = CheckOptions::new(e.today.unwrap_or(jiff::civil::date(2026, 11, 22)));
    if let Ok(relative) = path.strip_prefix(root().join("rules")) {
        options.policy = relative
            .iter()
            .next()
            .map(|v| v.to_string_lossy().into_owned());
    }
    let files = FileAccess::for_file(path, None);
    move |t: &str| check_source(path, t.as_bytes(), &files, packs, &options).diagnostics
}

#[test]
fn every_fixable_failing_fixture_has_its_fixed_result_beside_it() {
    let packs = PackSet::builtin().expect("built-in packs load");
    let update = std::env::var_os("UPDATE_FIXED").is_some();
    let mut problems = Vec::new();
    let mut fixable = 0;
    for path in every_fixture()
        .iter()
        .filter(|p| !p.starts_with(root().join("examples")))
    {
        let text = std::fs::read_to_string(path).unwrap();
        let fixed = fix_text(&text, false, checker(path, &packs, &text)).text;
        let beside = fixed_path(path);
        if fixed == text {
            if beside.exists() {
                problems.push(format!(
                    "{}: nothing to fix, but {} exists",
                    path.display(),
                    beside.display()
                ));
            }
            continue;
        }
        fixable += 1;
        if update && !beside.exists() {
            std::fs::write(&beside, &fixed).unwrap();
        } else if !beside.exists() {
            problems.push(format!(
                "{}: `--fix` changes it, but {} is missing",
                path.display(),
                beside.display()
            ));
        }
    }
    assert!(fixable >= 10, "only {fixable} fixtures have a safe fix");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn fixing_any_fixture_gives_a_file_that_loads_and_is_stable() {
    let packs = PackSet::builtin().expect("built-in packs load");
    let mut problems = Vec::new();
    for path in every_fixture() {
        let text = std::fs::read_to_string(&path).unwrap();
        let check = checker(&path, &packs, &text);
        let loaded_before = !check(&text).iter().any(|d| d.rule == "yaml-syntax");
        for unsafe_fixes in [false, true] {
            let once = fix_text(&text, unsafe_fixes, &check);
            if loaded_before && once.remaining.iter().any(|d| d.rule == "yaml-syntax") {
                problems.push(format!("{}: the fixed file does not load", path.display()));
            }
            let twice = fix_text(&once.text, unsafe_fixes, &check);
            if twice.text != once.text {
                problems.push(format!(
                    "{}: a second `--fix` changes it again",
                    path.display()
                ));
            }
            if let Some(d) = once
                .remaining
                .iter()
                .find(|d| d.fix.as_ref().is_some_and(|f| f.applies(unsafe_fixes)))
            {
                problems.push(format!(
                    "{}: `{}` still has a fix after fixing: {}",
                    path.display(),
                    d.rule,
                    d.message
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_edit_lies_on_the_lines_of_its_finding() {
    let packs = PackSet::builtin().expect("built-in packs load");
    let mut problems = Vec::new();
    for path in every_fixture() {
        let text = std::fs::read_to_string(&path).unwrap();
        let source = SourceText::new(text.clone());
        for d in checker(&path, &packs, &text)(&text) {
            let (Some(fix), Some(primary)) = (&d.fix, &d.primary) else {
                continue;
            };
            let lines =
                source.line_of(primary.span.start)..=source.line_of(primary.span.end.max(1) - 1);
            for edit in &fix.edits {
                // An insertion at a line's start adds lines and changes none.
                let at_line_start =
                    edit.span.start == 0 || text.as_bytes()[edit.span.start - 1] == b'\n';
                if edit.span.is_empty() && at_line_start && edit.content.ends_with('\n') {
                    continue;
                }
                let first = source.line_of(edit.span.start);
                // A removed line ends where the next begins.
                let last = source.line_of(edit.span.end.max(edit.span.start + 1) - 1);
                if !lines.contains(&first) || !lines.contains(&last) {
                    problems.push(format!(
                        "{}: the fix of `{}` edits lines {first}-{last}, the finding is on {lines:?}",
                        path.display(),
                        d.rule
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
