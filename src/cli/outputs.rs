//! Where `check` writes its reports. A report file is never half-written: each `-o FILE`
//! is written to a temporary file in FILE's folder and renamed over FILE only when every
//! report of the run is complete, so an earlier report stays whole whatever happens to
//! this run (a failing write, another `-o` that fails, Ctrl-C, a killed CI job). Targets
//! that would destroy something are refused before anything is written: an input file,
//! a symbolic link, something that is not a regular file, or two reports resolving to
//! the same file.
//!
//! Standard output closed early (`partnerlint check | head -1`) is not a reason to stop:
//! the check runs to the end and exits with its findings' code.

use super::Failure;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};
use tempfile::NamedTempFile;

/// The temporary files of the run, removed by the signal handler: a run stopped by
/// Ctrl-C or SIGTERM leaves the folder as it found it.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The exit code after Ctrl-C or SIGTERM, as shells give a process stopped by SIGINT.
const EXIT_INTERRUPTED: i32 = 130;

/// The report files of a run, written to temporary files until [`ReportFiles::commit`].
pub(super) struct ReportFiles {
    pending: Vec<(PathBuf, NamedTempFile)>,
}

impl ReportFiles {
    /// Checks every target and creates its temporary file. `inputs` are the files the
    /// run reads.
    pub(super) fn create(targets: &[&Path], inputs: &[PathBuf]) -> Result<Self, Failure> {
        let mut resolved: Vec<PathBuf> = Vec::with_capacity(targets.len());
        for target in targets {
            let real = resolve(target)?;
            if let Some(at) = resolved.iter().position(|r| *r == real) {
                return Err(Failure(format!(
                    "`{}` and `{}` are the same file: two reports cannot both be written there",
                    targets[at].display(),
                    target.display()
                )));
            }
            refuse_input(target, &real, inputs)?;
            resolved.push(real);
        }
        if !targets.is_empty() {
            install_signal_handler();
        }
        let mut pending = Vec::with_capacity(targets.len());
        for (target, real) in targets.iter().zip(resolved) {
            let temp = temporary_beside(&real, Temporary::Report).map_err(|e| {
                Failure(format!(
                    "cannot write the report to `{}`: {e}",
                    target.display()
                ))
            })?;
            lock_pending().push(temp.path().to_path_buf());
            pending.push((real, temp));
        }
        Ok(ReportFiles { pending })
    }

    /// The temporary files to write the reports to, in the order of the targets.
    pub(super) fn files(&self) -> impl Iterator<Item = &File> {
        self.pending.iter().map(|(_, temp)| temp.as_file())
    }

    /// Renames every report into place. Call it only when all are complete; dropping
    /// `self` instead removes the temporary files and leaves the targets untouched.
    pub(super) fn commit(mut self) -> Result<(), Failure> {
        // Held until the end: a signal arriving now waits until every rename is done.
        let mut registered = lock_pending();
        for (_, temp) in &self.pending {
            temp.as_file()
                .sync_all()
                .map_err(|e| Failure(format!("cannot write the report: {e}")))?;
        }
        for (target, temp) in std::mem::take(&mut self.pending) {
            let temp_path = temp.path().to_path_buf();
            temp.persist(&target).map_err(|e| {
                Failure(format!(
                    "cannot write the report to `{}`: {}",
                    target.display(),
                    e.error
                ))
            })?;
            registered.retain(|p| *p != temp_path);
        }
        Ok(())
    }
}

impl Drop for ReportFiles {
    fn drop(&mut self) {
        // The temporary files remove themselves; the signal handler need not.
        let mut registered = lock_pending();
        for (_, temp) in &self.pending {
            registered.retain(|p| p != temp.path());
        }
    }
}

fn lock_pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// The path a report would be written to: its folder resolved (links and `..`
/// followed), then its name. A target that is a link, or not a regular file, is refused.
fn resolve(target: &Path) -> Result<PathBuf, Failure> {
    let refuse = |why: &str| {
        Failure(format!(
            "cannot write the report to `{}`: {why}",
            target.display()
        ))
    };
    let name = target
        .file_name()
        .ok_or_else(|| refuse("it names no file"))?;
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let folder = folder
        .canonicalize()
        .map_err(|e| refuse(&format!("its folder cannot be used ({e})")))?;
    match target.symlink_metadata() {
        Ok(meta) if meta.file_type().is_symlink() => Err(refuse(
            "it is a symbolic link (a report replaces the file it names, never a link's target)",
        )),
        Ok(meta) if !meta.is_file() => Err(refuse("it is not a regular file")),
        Ok(_) => Ok(folder.join(name)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(folder.join(name)),
        Err(e) => Err(refuse(&e.to_string())),
    }
}

/// Refuses a target that is one of the files the run reads. Only inputs with the
/// target's file name are resolved, so a run over many files costs nothing more.
fn refuse_input(target: &Path, real: &Path, inputs: &[PathBuf]) -> Result<(), Failure> {
    let name = real.file_name();
    let same = inputs
        .iter()
        .filter(|input| input.file_name() == name)
        .any(|input| input.canonicalize().is_ok_and(|p| p == real));
    match same {
        true => Err(Failure(format!(
            "cannot write the report to `{}`: it is a file this run checks",
            target.display()
        ))),
        false => Ok(()),
    }
}

/// What a temporary file beside its target becomes.
#[derive(Debug, Clone, Copy)]
pub(super) enum Temporary {
    /// A report: created as a plain `File::create` would be (0666 less the umask), not
    /// with a temporary file's private mode, as other CI steps read it.
    Report,
    /// A fixed application file: created private, then given the original's mode.
    Fixed,
}

/// A new temporary file in the folder of `target`, so the final rename stays on one
/// file system; hidden, named after the target.
pub(super) fn temporary_beside(target: &Path, kind: Temporary) -> io::Result<NamedTempFile> {
    let folder = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{name}.");
    builder.prefix(&prefix);
    match kind {
        Temporary::Report => {
            builder.suffix(".partial");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                builder.permissions(std::fs::Permissions::from_mode(0o666));
            }
        }
        Temporary::Fixed => {
            builder.suffix(".fixing");
        }
    }
    builder.tempfile_in(folder)
}

/// Registers a temporary file for the signal handler to remove (`check --fix` writes
/// each fixed file to one); [`forget`] it once it is renamed or removed.
pub(super) fn remember(path: &Path) {
    install_signal_handler();
    lock_pending().push(path.to_path_buf());
}

/// Unregisters a temporary file [`remember`] registered.
pub(super) fn forget(path: &Path) {
    lock_pending().retain(|p| p != path);
}

/// On Ctrl-C or SIGTERM: removes the temporary files and exits. The reports already on
/// disk were never opened, so they stay as they were, and so does every file `--fix` had
/// not yet renamed into place.
fn install_signal_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            for path in lock_pending().iter() {
                let _ = std::fs::remove_file(path);
            }
            let _ = writeln!(
                io::stderr(),
                "partnerlint: interrupted; no report was written"
            );
            std::process::exit(EXIT_INTERRUPTED);
        });
    });
}

/// Standard output that a reader may close early: once it is closed, what follows is
/// dropped instead of failing, so the check goes on to its real exit code.
pub(super) struct ClosedIsFine<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> ClosedIsFine<W> {
    pub(super) fn new(inner: W) -> Self {
        ClosedIsFine {
            inner,
            closed: false,
        }
    }

    fn absorb(&mut self, result: io::Result<()>) -> io::Result<()> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

impl<W: Write> Write for ClosedIsFine<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.closed {
            let written = self.inner.write_all(buf);
            self.absorb(written)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let flushed = self.inner.flush();
        self.absorb(flushed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_closed_pipe_is_not_an_error() {
        let mut out = ClosedIsFine::new(Closed);
        assert!(out.write_all(b"one").is_ok());
        assert!(out.flush().is_ok());
        assert!(out.closed);
    }
}
