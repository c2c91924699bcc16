//! `check -o FILE`: a report on disk is replaced whole or not at all. Targets that would
//! destroy something are refused (exit 2) before anything is written; a run that fails
//! or is interrupted leaves every earlier report as it was; standard output closed by
//! its reader does not change the exit code.

use crate::support::*;
use std::path::Path;
use std::process::{Command, Stdio};

const FAILING: &str = "format: 1\naccount:\n  email: not-an-email\n";

fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// The names in `dir`, sorted: no temporary file may be left behind.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn output_naming_the_input_file_is_refused() {
    let dir = folder_with(&[("a.partner.yaml", FAILING)]);
    let out = run(
        dir.path(),
        &[
            "check",
            "a.partner.yaml",
            "--format",
            "human",
            "-o",
            "a.partner.yaml",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a file this run checks"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(dir.path(), "a.partner.yaml"), FAILING);

    // Through another spelling of the path, and found by the walk.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let out = run(
        dir.path(),
        &["check", "--format", "json", "-o", "sub/../a.partner.yaml"],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(read(dir.path(), "a.partner.yaml"), FAILING);
}

#[test]
fn the_same_report_file_twice_is_refused() {
    let dir = folder_with(&[("a.partner.yaml", FAILING), ("r.json", "OLD")]);
    let out = run(
        dir.path(),
        &[
            "check", "--format", "json", "-o", "r.json", "--format", "sarif", "-o", "./r.json",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("same file"), "{}", stderr(&out));
    assert_eq!(read(dir.path(), "r.json"), "OLD");
    assert_eq!(names(dir.path()), ["a.partner.yaml", "r.json"]);
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_report_path_is_refused() {
    let dir = folder_with(&[("a.partner.yaml", FAILING), ("victim", "PRECIOUS")]);
    std::os::unix::fs::symlink("victim", dir.path().join("r.json")).unwrap();
    let out = run(dir.path(), &["check", "--format", "json", "-o", "r.json"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert_eq!(read(dir.path(), "victim"), "PRECIOUS");
    assert!(dir
        .path()
        .join("r.json")
        .symlink_metadata()
        .unwrap()
        .is_symlink());
}

#[test]
fn a_report_path_that_is_not_a_regular_file_is_refused() {
    let dir = folder_with(&[("a.partner.yaml", FAILING)]);
    std::fs::create_dir(dir.path().join("r.json")).unwrap();
    let out = run(dir.path(), &["check", "--format", "json", "-o", "r.json"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

#[test]
fn a_failing_output_leaves_the_other_reports_as_they_were() {
    let dir = folder_with(&[("a.partner.yaml", FAILING), ("r.json", "OLD")]);
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "-o",
            "r.json",
            "--format",
            "junit",
            "-o",
            "missing/r.xml",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("missing/r.xml"), "{}", stderr(&out));
    assert_eq!(read(dir.path(), "r.json"), "OLD");
    assert_eq!(names(dir.path()), ["a.partner.yaml", "r.json"]);
}

#[test]
fn reports_replace_the_old_ones_whole_and_leave_no_temporary_file() {
    let dir = folder_with(&[("a.partner.yaml", FAILING), ("r.json", "OLD")]);
    let out = run(
        dir.path(),
        &[
            "check", "--format", "json", "-o", "r.json", "--format", "junit", "-o", "r.xml",
        ],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&read(dir.path(), "r.json")).unwrap();
    assert!(
        report["summary"]["errors"].as_u64().unwrap() > 0,
        "{report}"
    );
    assert!(read(dir.path(), "r.xml").ends_with("</testsuites>\n"));
    assert_eq!(names(dir.path()), ["a.partner.yaml", "r.json", "r.xml"]);
}

#[cfg(unix)]
#[test]
fn ctrl_c_leaves_the_earlier_report_intact() {
    use std::time::{Duration, Instant};
    // Enough files that the run is still checking when the signal comes: the temporary
    // file appears before the first file is checked.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..4000 {
        std::fs::write(dir.path().join(format!("a{i:05}.partner.yaml")), FAILING).unwrap();
    }
    std::fs::write(dir.path().join("r.json"), "OLD").unwrap();
    let mut child = partnerlint(dir.path())
        .args(["check", "--format", "json", "-o", "r.json"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let watchdog = Instant::now() + Duration::from_secs(60);
    while !names(dir.path()).iter().any(|n| n.ends_with(".partial")) {
        assert!(Instant::now() < watchdog, "no temporary file appeared");
        if child.try_wait().unwrap().is_some() {
            panic!("the run ended before it could be interrupted");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert_eq!(read(dir.path(), "r.json"), "OLD");
    assert!(
        !names(dir.path()).iter().any(|n| n.ends_with(".partial")),
        "a temporary file was left"
    );
}

#[test]
fn a_closed_standard_output_keeps_the_exit_code() {
    // Clean files first (their findings are warnings), the failing one last: a run that
    // stopped at the first failed write would exit 0.
    let dir = tempfile::tempdir().unwrap();
    // The seller example with its shop email made the sign-up email: a warning and an
    // info, no error (checked first, so this test cannot pass for another reason).
    let warning = std::fs::read_to_string(data("reports/seller.partner.yaml"))
        .unwrap()
        .replace(
            "销售@bloom-boutique.example",
            "owner@bloom-boutique.example",
        );
    std::fs::write(dir.path().join("a0000.partner.yaml"), &warning).unwrap();
    let alone = run(dir.path(), &["check", "--fail-on", "error"]);
    assert_eq!(code(&alone), 0, "{}", stdout(&alone));
    assert!(stdout(&alone).contains("1 warning"), "{}", stdout(&alone));
    for i in 1..300 {
        std::fs::write(dir.path().join(format!("a{i:04}.partner.yaml")), &warning).unwrap();
    }
    std::fs::write(dir.path().join("z.partner.yaml"), FAILING).unwrap();
    for format in ["human", "concise", "json"] {
        let mut child = partnerlint(dir.path())
            .args(["check", "--fail-on", "error", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The reader goes away before reading anything (`| head -0`).
        drop(child.stdout.take());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1), "--format {format}");
    }
}
