//! Reading an application file: a regular file only (never a FIFO, which would block, or
//! a device, which may act on being opened), and never more than the size limit.

use std::io::Read;
use std::path::Path;

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
fn open_regular(path: &Path) -> Result<(std::fs::File, u64), ReadError> {
    use rustix::fs::{open, stat, FileType, Mode, OFlags};
    // What `path` names (links followed) is asked first, and only a regular file is
    // opened; without blocking, should a FIFO take its place in between.
    let found = stat(path).map_err(|e| cannot_read(io(e)))?;
    if FileType::from_raw_mode(found.st_mode) != FileType::RegularFile {
        return Err(not_regular());
    }
    let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOCTTY | OFlags::NONBLOCK;
    let fd = open(path, flags, Mode::empty()).map_err(|e| cannot_open(io(e)))?;
    Ok((fd.into(), u64::try_from(found.st_size).unwrap_or(0)))
}

/// As the standard library words it (`No such file or directory (os error 2)`).
#[cfg(unix)]
fn io(e: rustix::io::Errno) -> std::io::Error {
    std::io::Error::from_raw_os_error(e.raw_os_error())
}
