//! `partnerlint completions` and `partnerlint man`.

use crate::support::*;

#[test]
fn completions_for_each_shell_know_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&manifest_dir(), &["completions", shell]);
        assert_eq!(code(&out), 0, "{shell}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(!text.trim().is_empty(), "{shell}");
        assert!(text.contains("check"), "{shell}");
        assert!(text.contains("--format"), "{shell}");
    }
    // A shell without a script: tests/cmd/completions-unknown-shell.toml.
}

#[test]
fn the_man_page_lists_the_commands() {
    let out = run(&manifest_dir(), &["man"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(
        text.starts_with(".ie") || text.contains(".TH partnerlint"),
        "{text}"
    );
    assert!(text.contains("check"));

    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &manifest_dir(),
        &["man", "--dir", dir.path().to_str().unwrap()],
    );
    assert_eq!(code(&out), 0);
    let page = std::fs::read_to_string(dir.path().join("partnerlint-check.1")).unwrap();
    assert!(page.contains("fail\\-on"), "{page}");
}
