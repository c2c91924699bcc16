//! The parse-only floor for the benchmarks (bench/run): finds the same files as
//! `partnerlint check` (`partnerlint::discover`), reads each whole, and parses it with
//! the YAML parser partnerlint's loader is built on (`saphyr-parser`, every event), in
//! ordered parallel chunks of the size `check` uses, and does nothing else. What `check`
//! costs above this is the tree with its spans and limits, the schema, the rules and the
//! report. It uses the library's public API only, so it stays a floor of what any
//! caller could do, not a copy of the checker's internals.
//!
//!     cargo run --release --example parse_floor -- DIR...
#![forbid(unsafe_code)]

use rayon::prelude::*;
use saphyr_parser::Parser;
use std::process::ExitCode;

/// Files per chunk, as `check` runs them (`src/batch.rs`).
const CHUNK: usize = 512;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let found = match partnerlint::discover::discover(&paths) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("parse_floor: {e}");
            return ExitCode::from(2);
        }
    };
    let (mut files, mut refused) = (0usize, 0usize);
    for chunk in found.files.chunks(CHUNK) {
        let results: Vec<bool> = chunk
            .par_iter()
            .map(|path| match std::fs::read(path) {
                Ok(bytes) => match std::str::from_utf8(&bytes) {
                    Ok(text) => Parser::new_from_str(text).all(|event| event.is_ok()),
                    Err(_) => false,
                },
                Err(_) => false,
            })
            .collect();
        files += results.len();
        refused += results.iter().filter(|ok| !**ok).count();
    }
    println!("{files} files parsed, {refused} refused by the parser");
    ExitCode::SUCCESS
}
