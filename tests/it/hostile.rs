//! Hostile and broken input, through the built binary: every case ends with the
//! documented exit code and rule id, never a panic or a hang. Each run has a watchdog
//! (a hang detector, not a speed assertion): a run still going after a minute is killed
//! and the test fails. The outcomes are listed in docs/robustness.md.

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Longer than any of these runs takes on a loaded 2-core machine, by far.
const WATCHDOG: Duration = Duration::from_secs(60);

pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }

    pub(crate) fn rules(&self) -> Vec<String> {
        self.json()["diagnostics"]
            .as_array()
            .map(|d| {
                d.iter()
                    .map(|d| d["rule"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(crate) fn message(&self, rule: &str) -> String {
        let v = self.json();
        v["diagnostics"]
            .as_array()
            .and_then(|d| d.iter().find(|d| d["rule"] == rule))
            .map(|d| d["message"].as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    }
}

/// Runs the binary in `dir`, killing it if it outlives the watchdog.
pub(crate) fn run(dir: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(crate::support::binary())
        .current_dir(dir)
        .args(args)
        .env("PARTNERLINT_TODAY", "2026-11-22")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let Some(status) = crate::support::wait_within(&mut child, WATCHDOG) else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("partnerlint {args:?} hung: killed after {WATCHDOG:?}");
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "partnerlint {args:?} panicked:\n{stderr}"
    );
    Run {
        code: status
            .code()
            .unwrap_or_else(|| panic!("partnerlint {args:?} died by a signal: {status:?}")),
        stdout,
        stderr,
    }
}

fn check_json(dir: &Path, paths: &[&str]) -> Run {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(paths);
    run(dir, &args)
}

/// Exit 1 with exactly the one diagnostic `rule`, whose message contains `words`.
fn assert_refused(r: &Run, rule: &str, words: &str) {
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert_eq!(r.rules(), vec![rule.to_string()], "{}", r.stdout);
    let message = r.message(rule);
    assert!(
        message.contains(words),
        "message `{message}` lacks `{words}`"
    );
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A clean application (policy 2026.11) in `dir`, with its certificate beside it.
fn clean_app(dir: &Path) -> String {
    let text = std::fs::read_to_string(
        repo().join("rules/2026.11/tests/certificate-file/pass.partner.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("certs")).unwrap();
    std::fs::copy(
        repo().join("rules/2026.11/tests/certs/acme-business-licence.pdf"),
        dir.join("certs/acme-business-licence.pdf"),
    )
    .unwrap();
    text.replace("../certs/", "certs/")
}

#[test]
fn clean_application_passes() {
    let dir = tempfile::tempdir().unwrap();
    let text = clean_app(dir.path());
    std::fs::write(dir.path().join("app.partner.yaml"), text).unwrap();
    let r = check_json(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn billion_laughs() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = "a".to_string();
    for n in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        let refs = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("{n}: &{n} [{refs}]\n"));
        prev = n.to_string();
    }
    std::fs::write(dir.path().join("lol.partner.yaml"), text).unwrap();
    let r = check_json(dir.path(), &[]);
    assert_refused(&r, "yaml-syntax", "aliases expand");
}

#[test]
fn nesting_a_million_deep_in_block_style() {
    let dir = tempfile::tempdir().unwrap();
    // `- - - - … x`: a million nested block sequences on one line (2 MB).
    let text = format!("{}x\n", "- ".repeat(1_000_000));
    std::fs::write(dir.path().join("seq.partner.yaml"), text).unwrap();
    let r = check_json(dir.path(), &["seq.partner.yaml"]);
    assert_refused(&r, "yaml-syntax", "levels deep");

    // `a:\n a:\n  a:` needs n²/2 bytes of indentation: 4 000 levels is 8 MB, under the
    // default size limit.
    let mut text = String::new();
    for depth in 0..4_000 {
        text.push_str(&" ".repeat(depth));
        text.push_str("a:\n");
    }
    std::fs::write(dir.path().join("map.partner.yaml"), text).unwrap();
    let r = check_json(dir.path(), &["map.partner.yaml"]);
    assert_refused(&r, "yaml-syntax", "levels deep");
}

#[test]
fn nesting_a_million_deep_in_flow_style() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("seq.partner.yaml"), "[".repeat(1_000_000)).unwrap();
    std::fs::write(
        dir.path().join("map.partner.yaml"),
        "{a: ".repeat(1_000_000),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("closed.partner.yaml"),
        format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000)),
    )
    .unwrap();
    for name in [
        "seq.partner.yaml",
        "map.partner.yaml",
        "closed.partner.yaml",
    ] {
        let r = check_json(dir.path(), &[name]);
        assert_eq!(r.code, 1, "{name}: {}", r.stdout);
        assert_eq!(r.rules(), vec!["yaml-syntax"], "{name}: {}", r.stdout);
    }
}

#[test]
fn a_200_megabyte_file_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.partner.yaml");
    // Sparse: no disk and no time to write it.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(200 * 1024 * 1024).unwrap();
    drop(file);
    let r = check_json(dir.path(), &[]);
    assert_refused(&r, "file-unreadable", "over the limit of 10485760 bytes");
    let help = r.json()["diagnostics"][0]["help"].to_string();
    assert!(help.contains("--max-file-size"), "{help}");

    // The limit is configurable, both ways.
    std::fs::write(&path, "format: 1\n".repeat(20)).unwrap();
    let r = check_json(dir.path(), &["--max-file-size", "100", "big.partner.yaml"]);
    assert_refused(
        &r,
        "file-unreadable",
        "200 bytes, over the limit of 100 bytes",
    );
}

#[test]
fn a_single_ten_megabyte_line() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(10_000_000);
    // A valid file with one enormous value: read and checked, no snippet of it printed whole.
    let text = clean_app(dir.path()).replace(
        "  description: 跨境订单与库存同步 (order and inventory sync for cross-border sellers)",
        &format!("  description: {long}"),
    );
    std::fs::write(dir.path().join("long.partner.yaml"), text).unwrap();
    let r = check_json(dir.path(), &["long.partner.yaml"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);

    // A broken one: the error sits at the end of the long line. The human report shows a
    // position, not ten megabytes of snippet.
    std::fs::write(
        dir.path().join("bad.partner.yaml"),
        format!("key: \"{long}\n"),
    )
    .unwrap();
    let r = check_json(dir.path(), &["bad.partner.yaml"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(r.rules(), vec!["yaml-syntax"]);
    let human = run(dir.path(), &["check", "bad.partner.yaml"]);
    assert_eq!(human.code, 1);
    assert!(
        human.stdout.len() < 100_000,
        "the human report printed {} bytes",
        human.stdout.len()
    );
    assert!(
        human.stdout.contains("bad.partner.yaml:"),
        "{}",
        human.stdout
    );
}

#[test]
fn bytes_that_are_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("latin1.partner.yaml"),
        b"format: 1\ncompany:\n  name: Caf\xe9 Ltd\n",
    )
    .unwrap();
    let r = check_json(dir.path(), &[]);
    assert_refused(&r, "yaml-syntax", "not UTF-8");
    let d = &r.json()["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(12))
    );

    // UTF-16 with its byte-order mark, as spreadsheets save it.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("format: 1\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.path().join("latin1.partner.yaml"), utf16).unwrap();
    let r = check_json(dir.path(), &[]);
    assert_refused(&r, "yaml-syntax", "not UTF-8");
}

#[test]
fn a_binary_file_named_like_an_application() {
    let dir = tempfile::tempdir().unwrap();
    let png =
        std::fs::read(repo().join("rules/2026.11/tests/certs/globex-business-registration.png"))
            .unwrap();
    std::fs::write(dir.path().join("x.partner.yaml"), png).unwrap();
    let r = check_json(dir.path(), &[]);
    assert_refused(&r, "yaml-syntax", "not UTF-8");
    // Pseudo-random bytes, every value.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let noise: Vec<u8> = (0..65_536)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    std::fs::write(dir.path().join("x.partner.yaml"), noise).unwrap();
    let r = check_json(dir.path(), &[]);
    assert_eq!(r.code, 1);
    assert_eq!(r.rules(), vec!["yaml-syntax"]);
}

#[test]
fn a_nul_byte() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("nul.partner.yaml"),
        "format: 1\nname: a\0b\n",
    )
    .unwrap();
    let r = check_json(dir.path(), &[]);
    assert_refused(&r, "yaml-syntax", "NUL byte");
    let d = &r.json()["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(8))
    );
}

#[test]
fn byte_order_mark_and_crlf_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let text = clean_app(dir.path());
    // A typo on a known line, counted in the LF text.
    let broken = text.replace(
        "developer_type: app_developer",
        "developer_type: app_develper",
    );
    let line = broken
        .lines()
        .position(|l| l.contains("app_develper"))
        .unwrap()
        + 1;
    let crlf = format!("\u{feff}{}", broken.replace('\n', "\r\n"));
    std::fs::write(dir.path().join("crlf.partner.yaml"), crlf).unwrap();
    let r = check_json(dir.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let d = &r.json()["diagnostics"][0];
    assert_eq!(d["pointer"], "/developer_type", "{}", r.stdout);
    assert_eq!(d["line"].as_u64(), Some(line as u64), "{}", r.stdout);
    assert_eq!(d["column"], 17, "{}", r.stdout);
    assert_eq!(d["end_line"].as_u64(), Some(line as u64), "{}", r.stdout);
    assert_eq!(d["end_column"], 29, "{}", r.stdout);

    // On the first line, the byte-order mark is no column.
    std::fs::write(
        dir.path().join("crlf.partner.yaml"),
        "\u{feff}format: 7\r\naccount: {}\r\n",
    )
    .unwrap();
    let r = check_json(dir.path(), &[]);
    assert_eq!(r.rules(), vec!["format-version"], "{}", r.stdout);
    let d = &r.json()["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(9))
    );
}

#[test]
fn an_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    // A file the kernel refuses to read even to root: reading /proc/self/mem at offset 0
    // fails with EIO. This is how the read error is covered when tests run as root.
    if Path::new("/proc/self/mem").exists() {
        let r = check_json(dir.path(), &["/proc/self/mem"]);
        assert_refused(&r, "file-unreadable", "cannot read the file");
    }
    // Permissions: as root, with root's read overrides dropped, so the mode binds.
    use std::os::unix::fs::PermissionsExt;
    let path = dir.path().join("locked.partner.yaml");
    std::fs::write(&path, "format: 1\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let Some(mut partnerlint) =
        crate::support::partnerlint_bound_by_file_modes("an_unreadable_file", dir.path())
    else {
        return;
    };
    let o = partnerlint
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let r = Run {
        code: o.status.code().expect("an exit code"),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    assert_refused(&r, "file-unreadable", "cannot open the file");
}

#[test]
fn a_directory_named_like_an_application() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("x.partner.yaml")).unwrap();
    // The walk looks inside it, and finds nothing to check.
    let r = check_json(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["summary"]["files"], 0);
    // Named: a folder is walked, whatever its name.
    let r = check_json(dir.path(), &["x.partner.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["summary"]["files"], 0);
}

#[test]
fn broken_symlinks_and_symlink_loops_in_the_walk() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    symlink("nowhere.yaml", dir.path().join("broken.partner.yaml")).unwrap();
    let r = check_json(dir.path(), &[]);
    assert_refused(&r, "file-unreadable", "cannot read the file");

    let dir = tempfile::tempdir().unwrap();
    symlink("b.partner.yaml", dir.path().join("a.partner.yaml")).unwrap();
    symlink("a.partner.yaml", dir.path().join("b.partner.yaml")).unwrap();
    // A folder that links to its parent: the walk does not follow folder links.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    symlink("..", dir.path().join("sub/up")).unwrap();
    symlink(".", dir.path().join("here.partner.yaml")).unwrap();
    let r = check_json(dir.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(
        r.rules(),
        vec!["file-unreadable"; 3],
        "a loop and a link to a folder: {}",
        r.stdout
    );
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[test]
fn a_fifo_never_blocks_the_check() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pipe.partner.yaml"));
    // The walk skips what is not a file.
    let r = check_json(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["summary"]["files"], 0);
    // Named, or reached through a link, it is refused without being opened.
    let r = check_json(dir.path(), &["pipe.partner.yaml"]);
    assert_refused(&r, "file-unreadable", "not a regular file");
    symlink("pipe.partner.yaml", dir.path().join("link.partner.yaml")).unwrap();
    let r = check_json(dir.path(), &["link.partner.yaml"]);
    assert_refused(&r, "file-unreadable", "not a regular file");
}

#[test]
fn a_missing_path_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["check", "missing.partner.yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
}

/// The certificate paths that lead out of the repository are reported and never opened.
/// Each points at a FIFO outside the repository: opening one would block, and the
/// watchdog would catch it.
#[test]
fn certificate_paths_outside_the_repository_are_never_opened() {
    use std::os::unix::fs::symlink;
    let top = tempfile::tempdir().unwrap();
    let outside = top.path().join("outside");
    let repo_dir = top.path().join("repo");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(repo_dir.join(".git")).unwrap();
    let text = clean_app(&repo_dir);
    mkfifo(&outside.join("cert.pdf"));
    let fifo = outside.join("cert.pdf");
    symlink(&fifo, repo_dir.join("certs/linked.pdf")).unwrap();
    let fifo_str = fifo.to_string_lossy().into_owned();
    for target in [
        fifo_str.as_str(),
        "/etc/passwd",
        "../../etc/passwd",
        "../outside/cert.pdf",
        "certs/../../outside/cert.pdf",
        "certs/linked.pdf",
    ] {
        std::fs::write(
            repo_dir.join("app.partner.yaml"),
            text.replace("certs/acme-business-licence.pdf", target),
        )
        .unwrap();
        let r = check_json(&repo_dir, &[]);
        assert_eq!(r.code, 1, "{target}: {}", r.stdout);
        let rules = r.rules();
        assert!(
            !rules.is_empty() && rules.iter().all(|r| r == "certificate-file"),
            "{target}: {}",
            r.stdout
        );
    }
}
