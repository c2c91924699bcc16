//! The parse-only floor for the benchmarks (bench/run): finds the same files as
//! `partnerlint check`, reads each as `check` does (`partnerlint::read`) and loads it with the same loader
//! (`partnerlint::yaml::load`), in the same ordered parallel chunks, and does nothing
//! else. What `check` costs above this is the schema, the rules and the report.
//!
//!     cargo run --release --example parse_floor -- DIR...
#![forbid(unsafe_code)]

use partnerlint::yaml::{load, Limits};
use rayon::prelude::*;
use std::process::ExitCode;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let found = match partnerlint::discover::discover(&paths) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("parse_floor: {e}");
            return ExitCode::from(2);
        }
    };
    let limits = Limits::default();
    let max = partnerlint::CheckOptions::new(jiff::civil::Date::constant(2026, 1, 1)).max_file_size;
    let (mut files, mut refused) = (0usize, 0usize);
    for chunk in found.files.chunks(partnerlint::batch::CHUNK) {
        let results: Vec<bool> = chunk
            .par_iter()
            .map(|path| match partnerlint::read::read_file(path, max) {
                Ok(bytes) => match std::str::from_utf8(&bytes) {
                    Ok(text) => load(text, &limits).diagnostics.is_empty(),
                    Err(_) => false,
                },
                Err(_) => false,
            })
            .collect();
        files += results.len();
        refused += results.iter().filter(|ok| !**ok).count();
    }
    println!("{files} files loaded, {refused} refused by the loader");
    ExitCode::SUCCESS
}
