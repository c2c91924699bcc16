//! Embeds every built-in rule-pack file in the binary: it writes the tables
//! `src/pack/source.rs` includes, one `include_str!` per YAML file
//! (`rules/<version>/**/*.yaml`, the tests' application files among them) and one
//! `include_bytes!` per other file of a pack's `tests/` (the certificate scans its fixtures
//! name), so a file added to a pack is built in without a list to keep by hand.
#![forbid(unsafe_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn all_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            all_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// Whether `relative` (under `rules/`) is in a pack's `tests/`: `2026.11/tests/...`.
fn in_tests(relative: &str) -> bool {
    relative.split('/').nth(1) == Some("tests")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=rules");
    let rules = Path::new("rules");
    let mut files = Vec::new();
    all_files(rules, &mut files)?;
    files.sort();
    // Each file as (path under rules/, contents): YAML as text, a test's other files as bytes.
    let mut texts = String::from("&[\n");
    let mut bytes = String::from("&[\n");
    for file in &files {
        let relative = file
            .strip_prefix(rules)?
            .to_string_lossy()
            .replace('\\', "/");
        let path = format!("/rules/{relative}");
        let (table, include) = if is_yaml(file) {
            (&mut texts, "include_str")
        } else if in_tests(&relative) {
            (&mut bytes, "include_bytes")
        } else {
            continue;
        };
        writeln!(
            table,
            "    ({relative:?}, {include}!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {path:?}))),"
        )?;
    }
    texts.push(']');
    bytes.push(']');
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out_dir.join("builtin_rules.rs"), texts)?;
    std::fs::write(out_dir.join("builtin_test_files.rs"), bytes)?;
    Ok(())
}
