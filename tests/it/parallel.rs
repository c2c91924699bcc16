//! Checking is parallel over files; the output is not. A few hundred files give the same
//! report, byte for byte, on one thread and on many.

use partnerlint::pack_testing::fixture_files;
use std::path::Path;
use std::process::Command;

fn check(dir: &Path, threads: Option<&str>, format: &str) -> Vec<u8> {
    let mut cmd = Command::new(crate::support::binary());
    cmd.current_dir(dir)
        .args(["check", "--format", format, "--color", "never"])
        .env("PARTNERLINT_TODAY", "2026-11-22")
        .env_remove("COLUMNS");
    match threads {
        Some(n) => cmd.env("RAYON_NUM_THREADS", n),
        None => cmd.env_remove("RAYON_NUM_THREADS"),
    };
    let out = cmd.output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn output_order_does_not_depend_on_threads() {
    let sources = fixture_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"));
    let dir = tempfile::tempdir().unwrap();
    // More files than one parallel chunk, spread over folders.
    let count = 700;
    for i in 0..count {
        let folder = dir.path().join(format!("{:02}", i % 37));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::copy(
            &sources[i % sources.len()],
            folder.join(format!("app-{i:04}.partner.yaml")),
        )
        .unwrap();
    }
    for format in ["json", "human"] {
        let one = check(dir.path(), Some("1"), format);
        assert!(!one.is_empty());
        for threads in [None, Some("2"), Some("8")] {
            assert!(
                one == check(dir.path(), threads, format),
                "--format {format}: RAYON_NUM_THREADS={threads:?} differs from 1 thread"
            );
        }
    }
    let v: serde_json::Value = serde_json::from_slice(&check(dir.path(), None, "json")).unwrap();
    assert_eq!(v["summary"]["files"], count);
}

/// `--fix` writes from the thread that hands the reports on, while the next chunk is
/// checked: over more files than one chunk it fixes the same files the same way on one
/// thread and on several, and says so in the same report.
#[test]
fn fixes_over_many_chunks_do_not_depend_on_threads() {
    let sources = fixture_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"));
    let fill = |dir: &Path| {
        for i in 0..1100 {
            let folder = dir.join(format!("{:02}", i % 3));
            std::fs::create_dir_all(&folder).unwrap();
            let name = folder.join(format!("app-{i:04}.partner.yaml"));
            std::fs::copy(&sources[i % sources.len()], name).unwrap();
        }
    };
    let fix = |dir: &Path, threads: &str| {
        let out = crate::support::partnerlint(dir)
            .args(["check", "--fix", "--format", "json"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("runs");
        let files: Vec<(std::path::PathBuf, Vec<u8>)> = crate::support::files_below(dir)
            .into_iter()
            .map(|(p, bytes)| (p.strip_prefix(dir).unwrap().to_path_buf(), bytes))
            .collect();
        (
            out.stdout,
            String::from_utf8_lossy(&out.stderr).into_owned(),
            files,
        )
    };
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    fill(one.path());
    fill(two.path());
    let (report, stderr, fixed) = fix(one.path(), "1");
    assert!(stderr.contains(" fixed"), "{stderr}");
    assert!(fix(two.path(), "2") == (report, stderr, fixed.clone()));
    let untouched = tempfile::tempdir().unwrap();
    fill(untouched.path());
    let changed: Vec<&std::path::PathBuf> = fixed
        .iter()
        .filter(|(p, bytes)| std::fs::read(untouched.path().join(p)).unwrap() != *bytes)
        .map(|(p, _)| p)
        .collect();
    // The folders come one after another, about 370 files each: the first chunk's, the
    // second's and the third's.
    for folder in ["00", "01", "02"] {
        assert!(
            changed.iter().any(|p| p.starts_with(folder)),
            "nothing fixed in {folder}: {changed:?}"
        );
    }
}
