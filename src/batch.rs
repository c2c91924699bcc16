//! Checking (or planning) many files: in parallel on every core, handed on in the order given, a chunk
//! at a time, so memory stays flat however many files there are.

use crate::file_access::FsCache;
use rayon::prelude::*;

/// Files checked in parallel before their reports are handed on: large enough to keep
/// every core busy, small enough that reports never pile up.
pub const CHUNK: usize = 512;

/// Runs `check` on each item of `items` in parallel, and hands each report to `sink`
/// with its item, in the order of `items`, on the calling thread. Each worker gets its
/// own [`FsCache`] for the run: files come folder by folder, and the answers it keeps
/// save about fifteen system calls a file. Nothing it keeps outlives the run.
///
/// With more than one chunk, the next chunk is checked while `sink` takes the reports of
/// the one before: what `sink` does (writing reports, and with `--fix` the fixed files)
/// then costs no time the checking needs. At most three chunks are held at once.
pub fn check_each<T: Sync, R: Send, E>(
    items: &[T],
    check: impl Fn(&T, &FsCache) -> R + Sync,
    mut sink: impl FnMut(&T, R) -> Result<(), E>,
) -> Result<(), E> {
    let check_chunk = |chunk: &[T]| -> Vec<R> {
        // One file (a pre-commit hook, an editor) is checked on this thread: starting the
        // thread pool would cost more than the check.
        if chunk.len() <= 1 {
            let cache = FsCache::default();
            return chunk.iter().map(|item| check(item, &cache)).collect();
        }
        chunk
            .par_iter()
            .map_init(FsCache::default, |cache, item| check(item, cache))
            .collect()
    };
    let mut hand_on = |chunk: &[T], reports: Vec<R>| -> Result<(), E> {
        chunk
            .iter()
            .zip(reports)
            .try_for_each(|(item, report)| sink(item, report))
    };
    if items.len() <= CHUNK {
        return hand_on(items, check_chunk(items));
    }
    std::thread::scope(|scope| {
        let (checked, to_hand_on) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            for chunk in items.chunks(CHUNK) {
                // A send fails once the sink has failed: nothing more is checked.
                if checked.send((chunk, check_chunk(chunk))).is_err() {
                    break;
                }
            }
        });
        to_hand_on
            .into_iter()
            .try_for_each(|(chunk, reports)| hand_on(chunk, reports))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn reports_are_handed_on_in_order_across_chunks() {
        let items: Vec<usize> = (0..CHUNK * 3 + 7).collect();
        let mut seen = Vec::new();
        check_each(
            &items,
            |i, _| i * 2,
            |i, twice| {
                seen.push((*i, twice));
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        let wanted: Vec<(usize, usize)> = items.iter().map(|i| (*i, i * 2)).collect();
        assert_eq!(seen, wanted);
    }

    /// A sink that fails (a closed pipe, a full disk) ends the run: the chunks still
    /// checked are at most the one handed on, one waiting and one under way.
    #[test]
    fn a_failing_sink_stops_the_checking() {
        let items: Vec<usize> = (0..CHUNK * 20).collect();
        let checked = AtomicUsize::new(0);
        let mut handed_on = 0;
        let result = check_each(
            &items,
            |_, _| checked.fetch_add(1, Ordering::Relaxed),
            |_, _| {
                handed_on += 1;
                Err("closed")
            },
        );
        assert_eq!((result, handed_on), (Err("closed"), 1));
        assert!(checked.into_inner() <= 3 * CHUNK);
    }
}
