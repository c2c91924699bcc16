//! The command line as data: each `tests/cmd/*.toml` is one command, its exit code and its
//! whole standard output and error, run here by trycmd (tests/cmd/README.md says how to
//! read, add and update them: `TRYCMD=overwrite cargo test --test it cli_cases`).

use crate::support::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    manifest_dir().join("tests").join("cmd")
}

#[test]
fn cli_cases() {
    let cases = case_files();
    assert!(
        cases.len() >= 15,
        "the cases are in {}",
        cases_dir().display()
    );
    let mut folders = vec![cases_dir()];
    for case in &cases {
        folders.extend(check_case(case));
    }
    let before = repository_state(&folders);

    // The environment of `support::partnerlint`: trycmd can only add variables, so
    // CLICOLOR_FORCE is set to its "not forced" value rather than removed.
    let runner = trycmd::TestCases::new();
    runner
        .register_bin("partnerlint", binary())
        .default_bin_name("partnerlint")
        .env("CLICOLOR_FORCE", "0")
        .timeout(std::time::Duration::from_secs(120));
    for (name, value) in TEST_ENVIRONMENT {
        runner.env(name, value);
    }
    runner.case(cases_dir().join("*.toml")).run();

    // TRYCMD=overwrite rewrites the cases themselves; otherwise no case may write into the
    // repository (a command that writes runs in a sandbox): not into the folders the cases
    // run in, nor a new file into the repository's root, where a case without a folder runs.
    if std::env::var_os("TRYCMD").is_none() {
        let after = repository_state(&folders);
        let changed: Vec<&PathBuf> = before
            .keys()
            .chain(after.keys())
            .filter(|path| before.get(*path) != after.get(*path))
            .collect();
        assert!(
            changed.is_empty(),
            "a case wrote into the repository ({changed:?}): give it `fs.sandbox = true`"
        );
    }
}

/// `tests/cmd/*.toml`, sorted.
fn case_files() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    cases
}

/// Refuses a case that would pass whatever the binary printed: trycmd checks standard
/// output and error only when the case states them. Returns the folders the case runs in
/// outside `tests/cmd/`.
fn check_case(case: &Path) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(case).unwrap();
    let doc: toml_edit::DocumentMut = text
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    for stream in ["stdout", "stderr"] {
        assert!(
            doc.contains_key(stream) || case.with_extension(stream).exists(),
            "{}: states no `{stream}`, so any output would pass (`{stream} = \"\"` for none)",
            case.display()
        );
    }
    assert!(doc.contains_key("args"), "{}: no `args`", case.display());
    let dir = case.parent().unwrap();
    ["cwd", "base"]
        .iter()
        .filter_map(|key| doc.get("fs")?.get(key)?.as_str())
        .map(|folder| dir.join(folder))
        .collect()
}

/// Every file below `folders` with its bytes, and the names in the repository's root.
fn repository_state(folders: &[PathBuf]) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut state = BTreeMap::new();
    for entry in std::fs::read_dir(manifest_dir()).unwrap() {
        state.insert(entry.unwrap().path(), None);
    }
    for folder in folders {
        state.extend(files_below(folder).into_iter().map(|(p, b)| (p, Some(b))));
    }
    state
}
