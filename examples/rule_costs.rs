//! What each rule of the built-in pack costs, for `bench/notes.md`: reads the application
//! files under DIR once, then times the check of all of them (`check_source`, best of
//! five passes, one thread) with the pack in force, and with the pack less each rule in
//! turn. A rule's cost is what removing it saves; loading and the schema cost the same
//! in both and cancel out. Files read beforehand sit in memory longer than during a
//! check, so with many files the times include cache misses a check does not have: use
//! a few hundred files. It uses the library's public API only.
//!
//!     cargo run --release --example rule_costs -- bench/corpus/1000
#![forbid(unsafe_code)]

use partnerlint::{check_source, CheckOptions, FileAccess, PackSet, RulePack};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rule_costs: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let found = partnerlint::discover::discover(&paths).map_err(|e| e.to_string())?;
    let docs: Vec<(&std::path::Path, Vec<u8>)> = found
        .files
        .iter()
        .filter_map(|p| Some((p.as_path(), std::fs::read(p).ok()?)))
        .collect();
    let (Some(first), false) = (found.files.first(), docs.is_empty()) else {
        return Err("no application file read".into());
    };
    let files = FileAccess::for_file(first, None);
    let packs = PackSet::builtin().map_err(|e| e.to_string())?;
    let today = jiff::civil::date(2026, 11, 22);
    let pack = packs.in_effect(today).ok_or("no built-in pack in force")?;
    let mut options = CheckOptions::new(today);
    options.policy = Some(pack.manifest.version.clone());
    let time = |pack: &RulePack| {
        let packs = PackSet::single(pack.clone());
        let mut best = f64::MAX;
        for _ in 0..5 {
            let start = Instant::now();
            for (path, bytes) in &docs {
                std::hint::black_box(check_source(path, bytes, &files, &packs, &options));
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        best / docs.len() as f64 * 1e9
    };
    let all = time(pack);
    println!("{} files; all rules: {all:.0} ns a file", docs.len());
    let mut costs: Vec<(f64, &str)> = pack
        .rules
        .iter()
        .map(|rule| {
            let mut without = pack.clone();
            without.rules.retain(|r| r.id != rule.id);
            (all - time(&without), rule.id.as_str())
        })
        .collect();
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ns, id) in costs {
        println!("{ns:8.0} ns  {id}");
    }
    Ok(())
}
