//! The minimum Rust stated in `Cargo.toml` (and the README) is the real one: the highest
//! `rust-version` of any package in `Cargo.lock`, so a dependency update that raises it
//! fails here instead of on a user's older toolchain.

use crate::support::*;
use serde_json::Value;
use std::process::Command;

/// `1.88` and `1.88.0` are the same version.
fn version(text: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = text.split('.').map(|p| p.parse().unwrap()).collect();
    parts.resize(3, 0);
    parts
}

#[test]
fn rust_version_is_the_highest_of_the_locked_dependencies() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(manifest_dir())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata: {}", stderr(&out));
    let metadata: Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let ours = packages
        .iter()
        .find(|p| p["name"] == "partnerlint")
        .and_then(|p| p["rust_version"].as_str())
        .expect("Cargo.toml states a rust-version");
    let (needed, by) = packages
        .iter()
        .filter(|p| p["name"] != "partnerlint")
        .filter_map(|p| Some((version(p["rust_version"].as_str()?), p["name"].as_str()?)))
        .max()
        .expect("dependencies state rust-versions");
    assert_eq!(
        version(ours),
        needed,
        "Cargo.toml's rust-version is {ours}, but {by} needs {needed:?}: state the real minimum"
    );
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("Rust toolchain ({ours} or newer)")),
        "the README's set-up names the minimum Rust, {ours}"
    );
}
