//! Embeds every built-in rule-pack file (`rules/**/*.yaml`) with its recorded parser
//! events, so that start-up replays them instead of parsing the YAML again
//! (`src/yaml/recorded.rs` says why and how). The YAML stays the one source of truth: the
//! recordings are made from it at every build that changes it.
#![forbid(unsafe_code)]

#[allow(dead_code)]
#[path = "src/yaml/recorded.rs"]
mod recorded;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            yaml_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Links the command and the benchmark floor as position-dependent executables on
/// Linux with glibc. A position-independent one makes the dynamic loader patch about
/// 350 KB of relocated pointers at every start, and on a machine where a page fault is
/// slow that is a fifth of checking one file (bench/notes.md has the numbers).
/// `PARTNERLINT_PIE=1` at build time keeps the toolchain's default.
fn link_position_dependent() {
    println!("cargo:rerun-if-env-changed=PARTNERLINT_PIE");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && var("PARTNERLINT_PIE") != "1"
    {
        println!("cargo:rustc-link-arg-bins=-no-pie");
        println!("cargo:rustc-link-arg-examples=-no-pie");
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    link_position_dependent();
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/yaml/recorded.rs");
    let rules = Path::new("rules");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    let mut files = Vec::new();
    yaml_files(rules, &mut files)?;
    files.sort();
    // Each file as (path under rules/, text, recorded events): the text is embedded as
    // a `&'static str`, checked as UTF-8 here rather than at every start.
    let mut table = String::from("&[\n");
    for (i, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read the built-in rule file {}: {e}", file.display()))?;
        let relative = file
            .strip_prefix(rules)?
            .to_string_lossy()
            .replace('\\', "/");
        // A file that does not parse is left to the loader, which reports it.
        let events = match recorded::record(&text) {
            Some(events) => {
                let name = format!("events-{i}.bin");
                std::fs::write(out_dir.join(&name), events)?;
                format!("Some(include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{name}\")))")
            }
            None => "None".to_string(),
        };
        let path = format!("/rules/{relative}");
        writeln!(
            table,
            "    ({relative:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {path:?})), {events}),"
        )?;
    }
    table.push(']');
    std::fs::write(out_dir.join("builtin_rules.rs"), table)?;
    Ok(())
}
