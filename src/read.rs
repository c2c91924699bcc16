//! Reading an application file: a regular file only (never a FIFO, which would block, or
//! a device, which may act on being opened), and never more than the size limit.
//!
//! A run reads thousands of files from a few folders. Inside a [`Run`] each thread
//! keeps its last folder open and finds files from it by name, so the kernel walks one
//! path component per file instead of every component, twice (once to ask what the path
//! is, once to open it). The fourth round in `bench/notes.md` has the measurements.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The size limit when none is given (`--max-file-size`'s default); configuration and
/// rule-pack files are always read with it.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Why a file could not be read: the message and the help line.
#[derive(Debug, Clone)]
pub struct ReadError(pub String, pub String);

/// The bytes of the regular file at `path`, when it has at most `max` of them.
pub fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path)?;
    if len > max {
        return Err(too_large(len, max));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // Reading stops at the size found (no call to find the end), or at `max + 1`
    // bytes when the size is not known.
    let limit = if len > 0 { len } else { max + 1 };
    file.take(limit).read_to_end(&mut bytes).map_err(|e| {
        ReadError(
            format!("cannot read the file: {e}"),
            "Check the file's permissions.".into(),
        )
    })?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64, max));
    }
    Ok(bytes)
}

/// While a value of this type lives, the threads that check files may keep what they
/// found out about the file system (the folder they last read from, which certificates
/// are readable) instead of asking again. Outside a run nothing is kept: a long-lived
/// caller (an editor) must see a folder renamed or a certificate added since.
pub struct Run(());

/// Bumped when a run begins and when it ends. What a thread keeps is used only while the
/// count is odd, which it never is with no run under way, and only at the count it was
/// kept at, so never in another run. (Two runs at once keep nothing: it is even then.)
static RUNS: AtomicU64 = AtomicU64::new(0);

impl Run {
    pub fn begin() -> Run {
        RUNS.fetch_add(1, Ordering::Relaxed);
        Run(())
    }

    /// The run under way, if one is: what may be kept is tagged with it.
    pub(crate) fn current() -> Option<u64> {
        let count = RUNS.load(Ordering::Relaxed);
        (count % 2 == 1).then_some(count)
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        RUNS.fetch_add(1, Ordering::Relaxed);
    }
}

fn cannot_read(e: impl std::fmt::Display) -> ReadError {
    ReadError(
        format!("cannot read the file: {e}"),
        "Check that the file exists and is readable.".into(),
    )
}

fn not_regular() -> ReadError {
    ReadError(
        "not a regular file (a folder, FIFO or device)".into(),
        "Name application files only; partnerlint does not read from pipes or devices.".into(),
    )
}

fn cannot_open(e: impl std::fmt::Display) -> ReadError {
    ReadError(
        format!("cannot open the file: {e}"),
        "Check the file's permissions.".into(),
    )
}

fn too_large(size: u64, max: u64) -> ReadError {
    ReadError(
        format!("the file is {size} bytes, over the limit of {max} bytes"),
        "An application file is a few kilobytes. If this one really is larger, raise the limit with `--max-file-size`.".into(),
    )
}

/// The file at `path`, opened once it is known to be a regular file (links followed),
/// with its size.
#[cfg(not(unix))]
fn open_regular(path: &Path) -> Result<(std::fs::File, u64), ReadError> {
    let meta = std::fs::metadata(path).map_err(cannot_read)?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    let file = std::fs::File::open(path).map_err(cannot_open)?;
    Ok((file, meta.len()))
}

#[cfg(unix)]
use unix::open_regular;

#[cfg(unix)]
mod unix {
    use super::{cannot_open, cannot_read, not_regular, ReadError};
    use rustix::fs::{openat, statat, AtFlags, FileType, Mode, OFlags, CWD};
    use std::cell::RefCell;
    use std::os::fd::{AsFd, OwnedFd};
    use std::path::{Path, PathBuf};

    /// The folder this thread last read from: the run it was opened in, its path, and
    /// the open folder.
    type Kept = Option<(u64, PathBuf, OwnedFd)>;

    thread_local! {
        static FOLDER: RefCell<Kept> = const { RefCell::new(None) };
    }

    /// Opens a folder only to find files in it: no read permission needed, as for a
    /// path (`O_PATH` where there is one).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const FOLDER_FLAGS: OFlags = OFlags::PATH.union(OFlags::DIRECTORY).union(OFlags::CLOEXEC);
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    const FOLDER_FLAGS: OFlags = OFlags::RDONLY
        .union(OFlags::DIRECTORY)
        .union(OFlags::CLOEXEC);

    pub(super) fn open_regular(path: &Path) -> Result<(std::fs::File, u64), ReadError> {
        let split = path.parent().zip(path.file_name());
        if let (Some(run), Some((dir, name))) = (super::Run::current(), split) {
            let opened = FOLDER.with(|kept| {
                let mut kept = kept.borrow_mut();
                let fresh = kept
                    .as_ref()
                    .is_some_and(|(r, d, _)| *r == run && d.as_os_str() == dir.as_os_str());
                if !fresh {
                    let at = if dir.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        dir
                    };
                    // A folder that cannot be opened: the path as a whole says why.
                    let fd = openat(CWD, at, FOLDER_FLAGS, Mode::empty()).ok()?;
                    *kept = Some((run, dir.to_path_buf(), fd));
                }
                let (_, _, fd) = kept.as_ref()?;
                Some(open_at(fd.as_fd(), name))
            });
            if let Some(opened) = opened {
                return opened;
            }
        }
        open_at(CWD, path)
    }

    /// What `path` names from `dir` (links followed) is asked first, and only a regular
    /// file is opened; without blocking, should a FIFO take its place in between.
    fn open_at(
        dir: impl AsFd,
        path: impl rustix::path::Arg + Copy,
    ) -> Result<(std::fs::File, u64), ReadError> {
        let stat = statat(&dir, path, AtFlags::empty()).map_err(|e| cannot_read(io(e)))?;
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
            return Err(not_regular());
        }
        let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOCTTY | OFlags::NONBLOCK;
        let fd = openat(&dir, path, flags, Mode::empty()).map_err(|e| cannot_open(io(e)))?;
        Ok((fd.into(), u64::try_from(stat.st_size).unwrap_or(0)))
    }

    /// As the standard library words it (`No such file or directory (os error 2)`).
    fn io(e: rustix::io::Errno) -> std::io::Error {
        std::io::Error::from_raw_os_error(e.raw_os_error())
    }
}
