//! Checking (or planning) many files: in parallel on every core, handed on in the order given, a chunk
//! at a time, so memory stays flat however many files there are.

use crate::file_access::FsCache;
use rayon::prelude::*;

/// Files checked in parallel before their reports are handed on: large enough to keep
/// every core busy, small enough that reports never pile up.
pub const CHUNK: usize = 512;

/// Runs `check` on each item of `items` in parallel, and hands each report to `sink`
/// with its item, in the order of `items`. Each worker gets its own [`FsCache`] for the
/// run: files come folder by folder, and the answers it keeps save about fifteen system
/// calls a file. Nothing it keeps outlives the run.
pub fn check_each<T: Sync, R: Send, E>(
    items: &[T],
    check: impl Fn(&T, &FsCache) -> R + Sync,
    mut sink: impl FnMut(&T, R) -> Result<(), E>,
) -> Result<(), E> {
    for chunk in items.chunks(CHUNK) {
        // One file (a pre-commit hook, an editor) is checked on this thread: starting the
        // thread pool would cost more than the check.
        let reports: Vec<R> = if chunk.len() == 1 {
            let cache = FsCache::default();
            chunk.iter().map(|item| check(item, &cache)).collect()
        } else {
            chunk
                .par_iter()
                .map_init(FsCache::default, |cache, item| check(item, cache))
                .collect()
        };
        for (item, report) in chunk.iter().zip(reports) {
            sink(item, report)?;
        }
    }
    Ok(())
}
