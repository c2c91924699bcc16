//! The official YAML test suite (`tests/data/yaml-test-suite/`, data form) through
//! the loader (`load`, a unit test of `src/yaml/`): every invalid case is refused with a diagnostic, every
//! valid case is accepted or refused for one of our documented reasons, the loaded tree
//! matches the suite's JSON where it has one, and nothing panics or hangs.

use super::{load, Limits};
use crate::diagnostic::Code;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Valid cases whose data we read differently from the suite's JSON, each on purpose.
const JSON_EXCEPTIONS: &[(&str, &str)] = &[];

/// Invalid cases the loader accepts: the parser (saphyr-parser) does not catch these.
const MISSED_ERRORS: &[(&str, &str)] = &[];

/// Valid cases the loader refuses with `yaml-syntax`: parser limitations.
const REFUSED_VALID: &[(&str, &str)] = &[];

fn suite_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/yaml-test-suite");
    assert!(
        dir.is_dir(),
        "the YAML test suite is missing: {}",
        dir.display()
    );
    dir
}

/// Every case folder: a folder with `in.yaml`, named `ABCD` or `ABCD/01`.
fn cases(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut tops: Vec<_> = std::fs::read_dir(dir)
        .expect("the suite folder is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    tops.sort();
    for top in tops {
        let name = top.file_name().unwrap().to_string_lossy().into_owned();
        if top.join("in.yaml").is_file() {
            out.push((name, top));
            continue;
        }
        let mut subs: Vec<_> = std::fs::read_dir(&top)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("in.yaml").is_file())
            .collect();
        subs.sort();
        for sub in subs {
            let part = sub.file_name().unwrap().to_string_lossy().into_owned();
            out.push((format!("{name}/{part}"), sub));
        }
    }
    out
}

/// The values of a JSON stream: several documents are several values.
fn json_stream(text: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap_or_default()
}

/// What happened to one case.
#[derive(Debug)]
enum Outcome {
    Accepted(Option<Value>),
    Refused(Vec<String>),
}

fn run_case(text: String) -> Outcome {
    let loaded = load(&text, &Limits::default());
    if loaded.diagnostics.is_empty() {
        Outcome::Accepted(loaded.root.map(|r| r.to_json()))
    } else {
        Outcome::Refused(loaded.diagnostics.iter().map(|d| d.rule.clone()).collect())
    }
}

/// Runs one case on its own thread, so a hang is reported as the case that hung.
fn run_guarded(name: &str, text: String) -> Outcome {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(run_case(text));
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("case {name} hung"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("case {name} panicked"),
    }
}

fn listed(list: &[(&str, &str)], name: &str) -> bool {
    list.iter().any(|(n, _)| *n == name)
}

#[test]
fn yaml_test_suite() {
    let dir = suite_dir();
    let cases = cases(&dir);
    assert!(cases.len() > 300, "only {} cases found", cases.len());
    let (mut accepted, mut refused_for_reason, mut errors_detected) = (0, 0, 0);
    let mut refused_reasons = std::collections::BTreeMap::<&str, usize>::new();
    let mut failures = Vec::new();
    let mut json_compared = 0;

    for (name, path) in &cases {
        let bytes = std::fs::read(path.join("in.yaml")).unwrap();
        let Ok(text) = String::from_utf8(bytes) else {
            failures.push(format!("{name}: in.yaml is not UTF-8"));
            continue;
        };
        let expect_error = path.join("error").exists();
        let outcome = run_guarded(name, text);
        match (expect_error, outcome) {
            (true, Outcome::Refused(rules)) => {
                // yaml-syntax, or yaml-single-document where the error sits in a
                // second document the loader never reads.
                if rules
                    .iter()
                    .any(|r| r == Code::YamlSyntax.id() || r == Code::YamlSingleDocument.id())
                {
                    errors_detected += 1;
                } else {
                    failures.push(format!(
                        "{name}: invalid, refused with unexpected rules {rules:?}"
                    ));
                }
            }
            (true, Outcome::Accepted(_)) => {
                if !listed(MISSED_ERRORS, name) {
                    failures.push(format!("{name}: invalid YAML accepted"));
                }
            }
            (false, Outcome::Refused(rules)) => {
                let reason = if rules.iter().any(|r| r == Code::YamlDuplicateKey.id()) {
                    Some("duplicate keys")
                } else if rules.iter().any(|r| r == Code::YamlSingleDocument.id()) {
                    // Several documents, or none.
                    Some("document count")
                } else if listed(REFUSED_VALID, name) {
                    Some("parser limitation (listed)")
                } else {
                    None
                };
                match reason {
                    Some(r) => {
                        refused_for_reason += 1;
                        *refused_reasons.entry(r).or_default() += 1;
                    }
                    None => failures.push(format!("{name}: valid YAML refused: {rules:?}")),
                }
            }
            (false, Outcome::Accepted(tree)) => {
                accepted += 1;
                let json_path = path.join("in.json");
                if let (Ok(json), Some(tree)) = (std::fs::read_to_string(&json_path), tree) {
                    let values = json_stream(&json);
                    if values.len() == 1 && !listed(JSON_EXCEPTIONS, name) {
                        json_compared += 1;
                        if !same(&tree, &values[0]) {
                            failures.push(format!(
                                "{name}: data differs\n  ours:  {tree}\n  suite: {}",
                                values[0]
                            ));
                        }
                    }
                }
            }
        }
    }
    println!(
        "yaml-test-suite: {} cases: {accepted} accepted ({json_compared} compared with in.json), \
         {refused_for_reason} refused for a reason of ours {refused_reasons:?}, \
         {errors_detected} errors detected",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// JSON equality, with numbers compared by value (`1.0` is `1`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
