//! Records the parser events of every built-in rule-pack file (`rules/**/*.yaml`), so
//! that start-up replays them instead of parsing the YAML again (`src/yaml/recorded.rs`
//! says why and how). The YAML stays the one source of truth: the recordings are made
//! from it at every build that changes it.
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/yaml/recorded.rs");
    let rules = Path::new("rules");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    let mut files = Vec::new();
    yaml_files(rules, &mut files)?;
    files.sort();
    let mut table = String::from("&[\n");
    for (i, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file)?;
        // A file that does not parse is left to the loader, which reports it.
        let Some(events) = recorded::record(&text) else {
            continue;
        };
        let name = format!("events-{i}.bin");
        std::fs::write(out_dir.join(&name), events)?;
        let relative = file
            .strip_prefix(rules)?
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            table,
            "    ({relative:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{name}\"))),"
        )?;
    }
    table.push(']');
    std::fs::write(out_dir.join("recorded_rules.rs"), table)?;
    Ok(())
}
