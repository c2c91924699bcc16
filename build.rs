//! Embeds every built-in rule-pack file (`rules/<version>/**/*.yaml`) in the binary: it
//! writes the table `src/pack/source.rs` includes, one `include_str!` per file, so a file
//! added to a pack is built in without a list to keep by hand.
#![forbid(unsafe_code)]

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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=rules");
    let rules = Path::new("rules");
    let mut files = Vec::new();
    yaml_files(rules, &mut files)?;
    files.sort();
    // Each file as (path under rules/, text).
    let mut table = String::from("&[\n");
    for file in &files {
        let relative = file
            .strip_prefix(rules)?
            .to_string_lossy()
            .replace('\\', "/");
        let path = format!("/rules/{relative}");
        writeln!(
            table,
            "    ({relative:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {path:?}))),"
        )?;
    }
    table.push(']');
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out_dir.join("builtin_rules.rs"), table)?;
    Ok(())
}
