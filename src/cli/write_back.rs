//! `check --fix` writing a fixed file: atomically (a temporary file in the same folder,
//! with the original's permissions, renamed over it), and only if the file's bytes on
//! disk are still those that were checked. A file that changed since it was read (an
//! editor saved it meanwhile) is left alone: fixes computed on the old text would undo
//! the new one.

use super::outputs::{temporary_beside, Temporary};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a fixed file was not written.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum NotWritten {
    /// Its bytes on disk are no longer those that were checked.
    Changed,
    /// It could not be written: the reason.
    Failed(String),
}

/// Writes `fixed` to the file at `path`, whose checked bytes were `original`. A link is
/// followed: the file it leads to is written (the link stays a link). `max` is the size
/// limit the file was read with.
pub(super) fn write_fixed(
    path: &Path,
    original: &[u8],
    fixed: &str,
    max: u64,
) -> Result<(), NotWritten> {
    let failed = |e: std::io::Error| NotWritten::Failed(e.to_string());
    let real = path.canonicalize().map_err(failed)?;
    let permissions = std::fs::metadata(&real).map_err(failed)?.permissions();
    let temp = temporary_beside(&real, Temporary::Fixed).map_err(failed)?;
    let temp_path = temp.path().to_path_buf();
    super::outputs::remember(&temp_path);
    let result = write_through(temp, &real, original, fixed, max, permissions);
    super::outputs::forget(&temp_path);
    result
}

fn write_through(
    mut temp: tempfile::NamedTempFile,
    real: &PathBuf,
    original: &[u8],
    fixed: &str,
    max: u64,
    permissions: std::fs::Permissions,
) -> Result<(), NotWritten> {
    let failed = |e: std::io::Error| NotWritten::Failed(e.to_string());
    temp.write_all(fixed.as_bytes()).map_err(failed)?;
    temp.as_file()
        .set_permissions(permissions)
        .map_err(failed)?;
    // Not synced to disk before the rename, as ruff and black do not: a reader or a
    // crash of this process sees the old file or the new one, never half of it, and
    // file systems that reorder writes (ext4's `auto_da_alloc`) flush a file renamed over
    // another. A sync per file tripled the time of `--fix` on the benchmark corpus.
    // Compared as late as can be, just before the rename: what is left is the instant
    // between the two, which no file system lets a rename close.
    match crate::read::read_file(real, max) {
        Ok(now) if now == original => {}
        _ => return Err(NotWritten::Changed),
    }
    temp.persist(real).map_err(|e| failed(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: u64 = 1 << 20;

    #[test]
    fn a_fixed_file_replaces_the_original_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.partner.yaml");
        std::fs::write(&file, "a: GB\n").unwrap();
        write_fixed(&file, b"a: GB\n", "a: UK\n", MAX).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "a: UK\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.partner.yaml");
        // Checked as `a: GB`, saved meanwhile as `a: gb # by hand`.
        std::fs::write(&file, "a: gb # by hand\n").unwrap();
        assert_eq!(
            write_fixed(&file, b"a: GB\n", "a: UK\n", MAX),
            Err(NotWritten::Changed)
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "a: gb # by hand\n");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_original_permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.partner.yaml");
        std::fs::write(&file, "a: GB\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_fixed(&file, b"a: GB\n", "a: UK\n", MAX).unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_stays_a_link_and_its_target_is_fixed() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.partner.yaml");
        let link = dir.path().join("link.partner.yaml");
        std::fs::write(&real, "a: GB\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_fixed(&link, b"a: GB\n", "a: UK\n", MAX).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "a: UK\n");
    }
}
