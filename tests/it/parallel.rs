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
