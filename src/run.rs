//! Checking many files: in parallel on every core, handed on in the order given, a chunk
//! at a time, so memory stays flat however many files there are.

use crate::check::{check_file_in, CheckOptions, FileReport};
use crate::pack::{FileAccess, PackSet};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
        // What rules may read depends only on a file's folder: worked out once per folder
        // of the chunk.
        let mut access: HashMap<&Path, FileAccess> = HashMap::new();
        for path in chunk {
            let dir = path.parent().unwrap_or(Path::new(""));
            if !access.contains_key(dir) {
                access.insert(dir, FileAccess::for_file(path));
            }
        }
        let access = &access;
        let check = |path: &PathBuf| {
            let dir = path.parent().unwrap_or(Path::new(""));
            match access.get(dir) {
                Some(files) => check_file_in(path, files, packs, options),
                None => check_file_in(path, &FileAccess::for_file(path), packs, options),
            }
        };
        // One file (a pre-commit hook, an editor) is checked on this thread: starting the
        // thread pool would cost more than the check.
        let reports: Vec<FileReport> = if chunk.len() == 1 {
            chunk.iter().map(check).collect()
        } else {
            chunk.par_iter().map(check).collect()
        };
        for report in reports {
            sink(report)?;
        }
    }
    Ok(())
}
