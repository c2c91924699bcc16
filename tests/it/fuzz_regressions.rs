//! Every input a fuzzer crashed on (fuzz/, see docs/robustness.md), replayed through the
//! same code the fuzz target runs (`fuzz/harness.rs`), as a plain test: the input lives in
//! `tests/fuzz-regressions/<target>/`.

use crate::harness;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    inputs.sort();
    for input in &inputs {
        let data = std::fs::read(input).unwrap();
        let name = input.display().to_string();
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{name} panics again");
    }
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
fn rule_pack() {
    replay("rule_pack", harness::rule_pack);
}

#[test]
fn config_file() {
    replay("config_file", harness::config_file);
}
