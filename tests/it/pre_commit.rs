//! partnerlint as a pre-commit hook, with the real `pre-commit` framework: a throwaway
//! repository uses this checkout's `.pre-commit-hooks.yaml`; a commit of an application
//! file with an error is refused with the diagnostics shown, and a clean one goes in.
//!
//! `pre-commit` builds the hook with `cargo install`. To keep that from rebuilding the
//! world each run, the snapshot of this checkout lives at a fixed path with a fixed
//! commit date (the same sources give the same commit, which pre-commit has cached),
//! and cargo builds into a target folder kept under `target/tmp`, in a quick profile.

use crate::support::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Where the test keeps what it may reuse next time.
fn kept(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// A command with an environment that reads no user or system git configuration.
fn command(program: &str, dir: &Path, home: &Path) -> Command {
    let mut c = Command::new(program);
    c.current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_AUTHOR_DATE", "2026-11-22T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-22T12:00:00Z")
        .env("PRE_COMMIT_HOME", kept("pre-commit-home"))
        .env("PRE_COMMIT_COLOR", "never")
        .env("CARGO_TARGET_DIR", kept("pre-commit-cargo-target"))
        // A quick release build: this test is about the hook, not the optimiser.
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
        .env("PARTNERLINT_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    c
}

fn output(mut c: Command) -> Output {
    c.output()
        .unwrap_or_else(|e| panic!("cannot run {:?}: {e}", c.get_program()))
}

fn git(dir: &Path, home: &Path, args: &[&str]) -> Output {
    let mut c = command("git", dir, home);
    c.args(args);
    let out = output(c);
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        stderr(&out)
    );
    out
}

/// This checkout's files as they are now (tracked, and new ones git does not ignore),
/// committed in a repository at a fixed path: what `pre-commit try-repo` does, with a
/// commit that stays the same while the sources do.
fn snapshot_of_this_checkout(home: &Path) -> (PathBuf, String) {
    let checkout = manifest_dir();
    let listed = output({
        let mut c = command("git", &checkout, home);
        c.args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ]);
        c
    });
    assert!(
        listed.status.success(),
        "this test needs a git checkout of partnerlint: {}",
        stderr(&listed)
    );
    let repo = kept("pre-commit-hook-repo");
    let _ = fs::remove_dir_all(&repo);
    fs::create_dir_all(&repo).unwrap();
    for name in String::from_utf8_lossy(&listed.stdout).split('\0') {
        let from = checkout.join(name);
        if name.is_empty() || !from.is_file() {
            continue;
        }
        let to = repo.join(name);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(&from, &to).unwrap();
    }
    git(&repo, home, &["init", "-q", "-b", "main"]);
    git(&repo, home, &["add", "-A"]);
    git(&repo, home, &["commit", "-q", "-m", "partnerlint as it is"]);
    let rev = stdout(&git(&repo, home, &["rev-parse", "HEAD"]))
        .trim()
        .to_string();
    (repo, rev)
}

#[test]
fn a_commit_with_a_failing_application_is_refused() {
    let test = "pre_commit::a_commit_with_a_failing_application_is_refused";
    if !(have_program(test, "pre-commit", PYTHON_TOOLS)
        && have_program(test, "git", "apt install git; brew install git"))
    {
        return;
    }

    let home = tempfile::tempdir().unwrap();
    fs::write(
        home.path().join("gitconfig"),
        "[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n",
    )
    .unwrap();
    let (hooks, rev) = snapshot_of_this_checkout(home.path());

    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    git(w, home.path(), &["init", "-q"]);
    fs::write(
        w.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: partnerlint\n",
            hooks.display()
        ),
    )
    .unwrap();
    let install = output({
        let mut c = command("pre-commit", w, home.path());
        c.arg("install");
        c
    });
    assert!(install.status.success(), "{}", stderr(&install));

    // An application with an error: the commit is refused, and says why.
    let bad = fs::read_to_string(data("reports").join("seller.partner.yaml")).unwrap();
    fs::write(w.join("shop.partner.yaml"), &bad).unwrap();
    git(w, home.path(), &["add", "-A"]);
    // `pre-commit try-repo` against the checkout runs the hook on the file as it is.
    let try_repo = || {
        let mut c = command("pre-commit", w, home.path());
        c.arg("try-repo").arg(&hooks).args([
            "partnerlint",
            "--ref",
            &rev,
            "--files",
            "shop.partner.yaml",
        ]);
        let out = output(c);
        let said = format!("{}{}", stdout(&out), stderr(&out));
        (out, said)
    };
    let (tried, said) = try_repo();
    assert!(
        !tried.status.success(),
        "try-repo passed a failing file:\n{said}"
    );
    assert!(
        said.contains("seller-email-match"),
        "try-repo shows the diagnostics:\n{said}"
    );
    let refused = output({
        let mut c = command("git", w, home.path());
        c.args(["commit", "-m", "apply"]);
        c
    });
    let said = format!("{}{}", stdout(&refused), stderr(&refused));
    assert!(!refused.status.success(), "the commit went in:\n{said}");
    assert!(said.contains("partnerlint"), "{said}");
    assert!(said.contains("Failed"), "{said}");
    assert!(
        said.contains("seller-email-match"),
        "the diagnostics are shown:\n{said}"
    );
    assert!(said.contains("shop.partner.yaml:18:15"), "{said}");
    let head = output({
        let mut c = command("git", w, home.path());
        c.args(["rev-parse", "--verify", "-q", "HEAD"]);
        c
    });
    assert!(!head.status.success(), "nothing was committed");

    // The same file, fixed: the commit goes in.
    let clean = fs::read_to_string(data("reports").join("clean.partner.yaml")).unwrap();
    fs::write(w.join("shop.partner.yaml"), clean).unwrap();
    git(w, home.path(), &["add", "-A"]);
    let (tried, said) = try_repo();
    assert!(
        tried.status.success(),
        "try-repo refused the clean file:\n{said}"
    );
    let accepted = output({
        let mut c = command("git", w, home.path());
        c.args(["commit", "-m", "apply"]);
        c
    });
    let said = format!("{}{}", stdout(&accepted), stderr(&accepted));
    assert!(
        accepted.status.success(),
        "the clean commit was refused:\n{said}"
    );
    assert!(said.contains("partnerlint"), "{said}");
    assert!(said.contains("Passed"), "{said}");

    // `partnerlint-system` runs the partnerlint on PATH (here: this build), built by no one.
    fs::write(w.join("shop.partner.yaml"), &bad).unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_partnerlint"))
        .parent()
        .unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let system = output({
        let mut c = command("pre-commit", w, home.path());
        c.env("PATH", path).arg("try-repo").arg(&hooks).args([
            "partnerlint-system",
            "--ref",
            &rev,
            "--files",
            "shop.partner.yaml",
        ]);
        c
    });
    let said = format!("{}{}", stdout(&system), stderr(&system));
    assert!(
        !system.status.success(),
        "the system hook passed a failing file:\n{said}"
    );
    assert!(said.contains("seller-email-match"), "{said}");
}
