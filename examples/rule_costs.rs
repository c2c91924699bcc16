//! What each rule of the built-in pack costs, for `bench/notes.md`: loads the application
//! files under DIR once, then times the rules on all of them (best of five passes, one
//! thread), and the rules less each rule in turn. A rule's cost is what removing it saves.
//! Trees loaded beforehand sit in memory longer than during a check, so with many
//! files the times include cache misses a check does not have: use a few hundred files.
//!
//!     cargo run --release --example rule_costs -- bench/corpus/1000
#![forbid(unsafe_code)]

use partnerlint::node::Node;
use partnerlint::pack::FileAccess;
use partnerlint::yaml::{load, Limits};
use partnerlint::{PackSet, RulePack};
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
    let limits = Limits::default();
    let docs: Vec<(String, Node)> = found
        .files
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let root = load(&text, &limits).root?;
            Some((text, root))
        })
        .collect();
    let (Some(first), false) = (found.files.first(), docs.is_empty()) else {
        return Err("no application file loaded".into());
    };
    let files = FileAccess::for_file(first, None);
    let packs = PackSet::builtin().map_err(|e| e.to_string())?;
    let today = jiff::civil::date(2026, 11, 22);
    let pack = packs.in_effect(today).ok_or("no built-in pack in force")?;
    let time = |pack: &RulePack| {
        let mut best = f64::MAX;
        for _ in 0..5 {
            let start = Instant::now();
            for (text, root) in &docs {
                std::hint::black_box(pack.evaluate(root, text, today, &files));
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
