//! Helpers shared by the integration tests: running the binary, finding `../shared`,
//! and the external tools that consume partnerlint's reports.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The date every test checks on, so date rules give the same findings any day.
pub const TODAY: &str = "2026-11-22";

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/data/NAME`.
pub fn data(name: &str) -> PathBuf {
    manifest_dir().join("tests").join("data").join(name)
}

/// `shared/` beside the checkout: the external schemas live there.
pub fn shared(relative: &str) -> PathBuf {
    let parent = manifest_dir()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let path = parent.join("shared").join(relative);
    assert!(
        path.exists(),
        "`{}` is missing: the tests expect shared/ beside the checkout (CARGO_MANIFEST_DIR/..)",
        path.display()
    );
    path
}

/// The `partnerlint` command, run in `dir`, on a fixed date, without colour.
pub fn partnerlint(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_partnerlint"));
    c.current_dir(dir)
        .env("PARTNERLINT_TODAY", TODAY)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    c
}

/// Runs `partnerlint ARGS` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    partnerlint(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run partnerlint: {e}"))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code, with the output in the message when there is none.
pub fn code(o: &Output) -> i32 {
    o.status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {}", stderr(o)))
}

/// Fails, naming `.ci/run`, when an external tool the test needs is not on PATH.
pub fn require_tool(tool: &str, from: &str) {
    let found = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()));
    assert!(
        found,
        "`{tool}` is not on PATH. `.ci/run` installs it ({from}); locally: {}",
        if from.contains("apt") {
            "`apt-get install -y $(cat .ci/apt-packages.txt)`"
        } else {
            "`pip install -r .ci/requirements.txt`"
        }
    );
}

/// Runs an external tool, failing with its output when it cannot start.
pub fn tool(program: &str, args: &[&str], dir: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{program}`: {e}"))
}
