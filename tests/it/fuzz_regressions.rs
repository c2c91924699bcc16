//! Every input a fuzzer crashed on (fuzz/, see docs/robustness.md), replayed through the
//! same code the fuzz target runs (`fuzz/harness.rs`), as a plain test: the crashes live
//! in `tests/fuzz-regressions/<target>/` (none so far), and each target's seed corpus,
//! `fuzz/corpus/<target>/`, is replayed with them, together with a few inputs that take
//! the error paths (bytes that are not UTF-8, a NUL, deep nesting, an alias bomb). A
//! target whose inputs went missing fails here rather than passing on nothing.

use crate::harness;

use std::path::Path;

/// Inputs that reach each target's error paths.
const HOSTILE: &[&[u8]] = &[
    b"",
    b"\xff\xfe not UTF-8",
    b"a: \0",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"a: &a [*a, *a, *a, *a]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n",
    b"a: 1\na: 2\n---\nb: 3\n",
    b"rules: [{id: x, checks: [{require: {nope: 1}}]}]",
];

fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = Vec::new();
    for dir in [
        root.join("tests/fuzz-regressions").join(target),
        root.join("fuzz/corpus").join(target),
    ] {
        let found = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        inputs.extend(
            found
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep")),
        );
    }
    inputs.sort();
    assert!(
        inputs.len() >= 5,
        "{target}: {} inputs to replay; the seed corpus is fuzz/corpus/{target}/",
        inputs.len()
    );
    let mut failed = Vec::new();
    let named = inputs
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read(p).unwrap()));
    let hostile = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("hostile input {i}"), d.to_vec()));
    for (name, data) in named.chain(hostile) {
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "{target} panics on: {failed:?}");
}

#[test]
fn yaml_load() {
    replay("yaml_load", harness::yaml_load);
}

#[test]
fn check_source() {
    replay("check_source", harness::check_source_all);
}

#[test]
fn apply_fixes() {
    replay("apply_fixes", |data| {
        harness::apply_fixes(data);
    });
}

/// The `apply_fixes` seeds offer fixes to apply: the replay above is no test of nothing.
/// (`crafted-nofix-*` seeds hold what no fix may touch: aliases, anchors, tags, and
/// unknown keys competing for one field.)
#[test]
fn apply_fixes_seeds_have_fixes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/apply_fixes");
    let mut without = Vec::new();
    let mut total = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let fixes = harness::apply_fixes(&std::fs::read(&path).unwrap());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if fixes == 0 && name.starts_with("crafted") && !name.starts_with("crafted-nofix") {
            without.push(name);
        }
        total += fixes;
    }
    assert!(
        without.is_empty(),
        "crafted seeds without a fix: {without:?}"
    );
    assert!(total >= 30, "only {total} fixes in the seeds");
}

#[test]
fn rule_pack() {
    replay("rule_pack", harness::rule_pack);
}

#[test]
fn config_file() {
    replay("config_file", harness::config_file);
}
