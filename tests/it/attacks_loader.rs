//! Attacks on the loader and on the cost of a check (issue 12): files a pull request's
//! author can commit to take the CI runner down or to smuggle raw control characters in.
//! Each runs the built binary under the watchdog of `hostile.rs` (a hang detector, not a
//! timing: these runs take well under a second in a release build, and the watchdog
//! allows a minute); the measured times are in docs/benchmarks.md.

use crate::hostile::{run, Run};
use std::path::Path;

/// A clean application whose `registration.target_markets` is a block list.
fn application() -> String {
    let path = crate::support::manifest_dir().join("examples/acme-cn-isv.partner.yaml");
    std::fs::read_to_string(path).expect("the example is there")
}

/// Writes `text` as `app.partner.yaml` in a new folder, with the certificate it names.
fn folder_with(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let examples = crate::support::manifest_dir().join("examples");
    std::fs::create_dir_all(dir.path().join("certs")).unwrap();
    std::fs::copy(
        examples.join("certs/acme-business-licence.pdf"),
        dir.path().join("certs/acme-business-licence.pdf"),
    )
    .unwrap();
    std::fs::write(dir.path().join("app.partner.yaml"), text).unwrap();
    dir
}

fn check(dir: &Path, format: &str) -> Run {
    run(dir, &["check", "app.partner.yaml", "--format", format])
}

/// The JSON report's findings for a check that found problems.
fn findings(r: &Run) -> Vec<serde_json::Value> {
    assert_eq!(r.code, 1, "stderr: {}", r.stderr);
    r.json()["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// A 1 MiB anchored string used through 5 000 aliases: copied at every alias, it needed
/// 5 GiB and the process aborted. The loader now counts the bytes aliases add.
#[test]
fn alias_byte_bomb_is_refused_with_yaml_syntax() {
    let mut text = format!("format: 1\nbig: &big {}\nmany:\n", "x".repeat(1 << 20));
    text.push_str(&"  - *big\n".repeat(5_000));
    let dir = folder_with(&text);
    let r = check(dir.path(), "json");
    assert_eq!(r.rules(), vec!["yaml-syntax".to_string()], "{}", r.stdout);
    let message = r.message("yaml-syntax");
    assert!(message.contains("bytes"), "{message}");
    // At the first alias past the limit: the eleventh (10 MiB in ten copies).
    let d = &findings(&r)[0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(14), Some(5)),
        "{d}"
    );
}

/// 150 000 unknown markets in one list, a 2 MB file: every stage was quadratic in the
/// findings somewhere and the check took minutes. Now it completes, with the first
/// thousand findings and one that counts the rest.
#[test]
fn long_list_of_150000_items_completes() {
    let items: String = (0..150_000).map(|i| format!("    - Z{i:06}\n")).collect();
    let text = application().replace(
        "  target_markets:\n",
        &format!("  target_markets:\n{items}"),
    );
    assert!(text.len() > 2_000_000);
    let dir = folder_with(&text);
    let r = check(dir.path(), "json");
    let found = findings(&r);
    assert_eq!(found.len(), 1_001, "{}", r.stderr);
    let last = &found[1_000];
    assert_eq!(last["rule"], "too-many-findings", "{last}");
    assert_eq!(last["severity"], "error");
    let message = last["message"].as_str().unwrap_or_default();
    assert!(message.contains("more findings"), "{message}");
    assert_eq!(r.json()["summary"]["errors"], 1_001);
}

/// 90 000 unknown top-level keys took 30 to 250 s, by format (a did-you-mean and a
/// search of the mapping per key, a snippet read from the top of the file per finding).
/// Every format completes, and each says findings were cut.
#[test]
fn many_unknown_keys_complete_in_every_format() {
    let keys: String = (0..90_000)
        .map(|i| format!("field_{i:06}: {i}\n"))
        .collect();
    let dir = folder_with(&(application() + &keys));
    for format in [
        "human", "concise", "json", "sarif", "junit", "github", "gitlab",
    ] {
        let r = check(dir.path(), format);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert!(
            r.stdout.contains("too-many-findings"),
            "{format}: the cut is not reported"
        );
        assert!(r.stdout.contains("field_000999"), "{format}");
        assert!(!r.stdout.contains("field_089999"), "{format}");
    }
}

/// Raw control characters that YAML 1.2 forbids (ESC, BEL) are refused where they
/// stand, in a comment as in a value: a comment is no hiding place for a terminal escape.
#[test]
fn forbidden_control_characters_are_refused_at_their_position() {
    let cases = [
        ("format: 1\n# note \x1b]52;c;aGk=\x07 end\n", 2, 8),
        ("format: 1\nname: \"Acme \x07 Ltd\"\n", 2, 13),
        ("format: 1\nname: Acme\x1b[2J\n", 2, 11),
        ("format: 1\nname: ok # \x7f\n", 2, 12),
        ("format: 1\nname: 上海\u{9b}31m\n", 2, 9),
    ];
    for (text, line, column) in cases {
        let dir = folder_with(text);
        let r = check(dir.path(), "json");
        assert_eq!(
            r.rules(),
            vec!["yaml-syntax".to_string()],
            "{text:?}: {}",
            r.stdout
        );
        let d = &findings(&r)[0];
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(line), Some(column)),
            "{text:?}: {d}"
        );
        assert!(
            d["message"]
                .as_str()
                .unwrap_or_default()
                .contains("control character"),
            "{d}"
        );
    }
    // Tab, line breaks, NEL and a leading byte-order mark are allowed.
    let dir = folder_with("\u{feff}format: 1\r\nname: \"a\tb\u{85}c\"\n");
    let r = check(dir.path(), "json");
    assert!(
        !r.rules().contains(&"yaml-syntax".to_string()),
        "{}",
        r.stdout
    );
}

/// Keys repeated hundreds of lines after their first definition, deep in a file: miette
/// joined the two labels of each finding into one snippet of every line between, so
/// the human report grew with the distance times the findings (megabytes here). Each
/// finding now shows its two places, a few lines each.
#[test]
fn repeated_keys_far_apart_print_short_snippets() {
    let filler: String = (0..20_000).map(|i| format!("# comment {i}\n")).collect();
    let keys: String = (0..400).map(|i| format!("key_{i:04}: 1\n")).collect();
    let dir = folder_with(&(application() + &filler + &keys + &keys));
    let r = check(dir.path(), "human");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stdout.matches("yaml-duplicate-key").count(), 400);
    assert!(
        r.stdout.len() < 1_000_000,
        "the report is {} bytes: snippets span the lines between the labels",
        r.stdout.len()
    );
}
