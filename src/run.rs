//! Checking many files: in parallel on every core, handed on in the order given, a chunk
//! at a time, so memory stays flat however many files there are.

use crate::check::{check_file, CheckOptions, FileReport};
use crate::pack::PackSet;
use rayon::prelude::*;
use std::path::PathBuf;

/// Files checked in parallel before their reports are handed on: large enough to keep
/// every core busy, small enough that reports never pile up.
pub const CHUNK: usize = 512;

/// Checks `files` and hands each report to `sink`, in the order of `files`.
pub fn check_all<E>(
    files: &[PathBuf],
    packs: &PackSet,
    options: &CheckOptions,
    mut sink: impl FnMut(FileReport) -> Result<(), E>,
) -> Result<(), E> {
    for chunk in files.chunks(CHUNK) {
        let reports: Vec<FileReport> = chunk
            .par_iter()
            .map(|path| check_file(path, packs, options))
            .collect();
        for report in reports {
            sink(report)?;
        }
    }
    Ok(())
}
