//! Helpers shared by the integration tests: running the binary, the test data under
//! `tests/data/`, and the external tools that consume partnerlint's reports.
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

/// The binary under test: this build's, or `PARTNERLINT_TEST_BIN` when set, so that the
/// attack tests can be run against an earlier release to see which of them it fails.
pub fn binary() -> PathBuf {
    std::env::var_os("PARTNERLINT_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_partnerlint")))
}

/// The `partnerlint` command, run in `dir`, on a fixed date, without colour.
pub fn partnerlint(dir: &Path) -> Command {
    let mut c = Command::new(binary());
    in_test_environment(&mut c, dir);
    c
}

/// What every run of the binary sees, so that its output is the same on any machine, any
/// day and in any terminal (and without `CLICOLOR_FORCE`, which would force colour).
pub const TEST_ENVIRONMENT: [(&str, &str); 3] = [
    ("PARTNERLINT_TODAY", TODAY),
    ("COLUMNS", "100"),
    ("NO_COLOR", "1"),
];

fn in_test_environment(c: &mut Command, dir: &Path) {
    c.current_dir(dir)
        .envs(TEST_ENVIRONMENT)
        .env_remove("CLICOLOR_FORCE");
}

/// Whether the tests run as the superuser, who reads files and folders whatever their mode.
pub fn is_root() -> bool {
    // Reading our own status avoids `unsafe` calls to geteuid.
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .is_some_and(|l| l.split_whitespace().nth(2) == Some("0"))
    })
}

/// The capabilities by which the superuser reads what its mode forbids.
const READ_OVERRIDES: &str = "-dac_override,-dac_read_search";

/// The `partnerlint` command as [`partnerlint`], for a test of what a user may not read.
/// CI runs as root, and root reads a mode-000 folder; so as root the command runs under
/// `setpriv --bounding-set -dac_override,-dac_read_search`, which takes the superuser's
/// read overrides away from the child and lets file modes bind as they do for any CI
/// user. `None` (with a line saying the test is skipped) only where root cannot drop them.
pub fn partnerlint_bound_by_file_modes(test: &str, dir: &Path) -> Option<Command> {
    if !is_root() {
        return Some(partnerlint(dir));
    }
    let can_drop = Command::new("setpriv")
        .args(["--bounding-set", READ_OVERRIDES, "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !can_drop {
        eprintln!("skipped: {test} needs setpriv (util-linux) to drop root's read overrides");
        return None;
    }
    let mut c = Command::new("setpriv");
    c.args(["--bounding-set", READ_OVERRIDES]).arg(binary());
    in_test_environment(&mut c, dir);
    Some(c)
}

/// Runs `command` with `input` on its standard input, and waits for its output.
pub fn output_with_input(command: &mut Command, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = spawn_piped(command);
    child.stdin.take().expect("piped").write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Starts `command` with its standard input, output and error piped to the test.
pub fn spawn_piped(command: &mut Command) -> std::process::Child {
    use std::process::Stdio;
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"))
}

/// Waits for `child` to end, `limit` at most: `None` when it still runs then. The standard
/// library waits without a timeout, so this polls.
pub fn wait_within(
    child: &mut std::process::Child,
    limit: std::time::Duration,
) -> Option<std::process::ExitStatus> {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("waitable") {
            return Some(status);
        }
        if std::time::Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
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

/// Whether `program` is on PATH.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Whether the program a consumer check drives is here. Where it is not, the check is
/// skipped with one line on the terminal naming the test, the program and how to get it,
/// unless `PARTNERLINT_REQUIRE_TOOLS=1` (set by `.ci/run`), which makes it a failure.
///
/// `install` says how to get it: the README's test command (`bash .ci/test`) installs the
/// Python tools in user space; programs only a system package manager has are named with
/// their apt and brew packages.
pub fn have_program(test: &str, program: &str, install: &str) -> bool {
    on_path(program) || skipped(test, program, install)
}

/// Whether `python3` on PATH imports `module` (the test virtualenv that `.ci/test`
/// creates under the target folder has them all); otherwise as [`have_program`].
pub fn have_python_module(test: &str, module: &str) -> bool {
    let imports = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    imports || skipped(test, &format!("the Python module `{module}`"), PYTHON_TOOLS)
}

/// How to get the Python tools the consumer checks drive.
pub const PYTHON_TOOLS: &str =
    "`bash .ci/test` installs it in a virtualenv under the target folder (.ci/requirements.txt)";

pub fn skipped(test: &str, what: &str, install: &str) -> bool {
    use std::io::Write;
    let line = format!("skipped: {test} needs {what}: {install}\n");
    if std::env::var_os("PARTNERLINT_REQUIRE_TOOLS").is_some_and(|v| v == "1") {
        panic!("{line}(PARTNERLINT_REQUIRE_TOOLS=1: every consumer check must run)");
    }
    // Straight to the terminal: libtest captures only the print macros, and a skipped
    // check must be seen on a passing run.
    let _ = std::io::stderr().write_all(line.as_bytes());
    false
}

/// Runs an external tool, failing with its output when it cannot start.
pub fn tool(program: &str, args: &[&str], dir: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{program}`: {e}"))
}

/// Every file below `dir` with its bytes, sorted by path.
pub fn files_below(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_below(&path));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            files.push((path, bytes));
        }
    }
    files.sort();
    files
}
