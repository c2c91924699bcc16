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
    check_each(
        files,
        |path| check_file(path, packs, options),
        |_, report| sink(report),
    )
}

/// Runs `check` on each item of `items` in parallel, and hands each report to `sink`
/// with its item, in the order of `items`: the runner for files that do not all share
/// one configuration.
pub fn check_each<T: Sync, E>(
    items: &[T],
    check: impl Fn(&T) -> FileReport + Sync,
    mut sink: impl FnMut(&T, FileReport) -> Result<(), E>,
) -> Result<(), E> {
    let _run = crate::read::Run::begin();
    for chunk in items.chunks(CHUNK) {
        // One file (a pre-commit hook, an editor) is checked on this thread: starting the
        // thread pool would cost more than the check.
        let reports: Vec<FileReport> = if chunk.len() == 1 {
            chunk.iter().map(&check).collect()
        } else {
            chunk.par_iter().map(&check).collect()
        };
        for (item, report) in chunk.iter().zip(reports) {
            sink(item, report)?;
        }
    }
    Ok(())
}
