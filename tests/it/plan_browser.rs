//! The HTML plan in a real browser: headless Chromium (the distribution's package,
//! driven by playwright-core over the DevTools protocol, `tests/browser/render.mjs`)
//! renders the examples' plan at desktop and phone widths; the page makes no network
//! request, the screenshots are not blank, and axe-core finds no serious or critical
//! accessibility violation. `.ci/run` installs Chromium; `.ci/test` installs
//! playwright-core and axe-core from npm under the target folder.

use crate::support::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The npm packages' folder: `$PARTNERLINT_BROWSER_TOOLS` (set by `.ci/test`), or
/// `browser-tools/node_modules` beside the test's temporary folder.
fn node_modules() -> PathBuf {
    match std::env::var_os("PARTNERLINT_BROWSER_TOOLS") {
        Some(dir) => PathBuf::from(dir).join("node_modules"),
        None => Path::new(env!("CARGO_TARGET_TMPDIR")).join("../browser-tools/node_modules"),
    }
}

/// Whether Chromium, node and the npm packages are here; otherwise the skip line.
fn have_browser(test: &str) -> bool {
    if !have_program(
        test,
        "chromium",
        "install Chromium (Debian/Ubuntu: apt install chromium; `.ci/run` does it as root)",
    ) {
        return false;
    }
    if !have_program(
        test,
        "node",
        "install Node.js (Debian/Ubuntu: apt install nodejs npm; macOS: brew install node)",
    ) {
        return false;
    }
    let modules = node_modules();
    if modules.join("playwright-core").is_dir() && modules.join("axe-core").is_dir() {
        return true;
    }
    have_program(
        test,
        "playwright-core and axe-core from npm",
        "`bash .ci/test` installs them under the target folder (browser-tools)",
    )
}

/// Renders `page` and returns the script's JSON report.
fn render(page: &Path, out_dir: &Path, name: &str, axe: bool) -> Value {
    let script = manifest_dir().join("tests/browser/render.mjs");
    let mut args = vec![
        script.to_string_lossy().into_owned(),
        page.to_string_lossy().into_owned(),
        out_dir.to_string_lossy().into_owned(),
        "--name".into(),
        name.into(),
    ];
    if axe {
        args.push("--axe".into());
    }
    let out = std::process::Command::new("node")
        .args(&args)
        .env("NODE_PATH", node_modules())
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}"));
    assert!(
        out.status.success(),
        "the browser script failed: {}{}",
        stdout(&out),
        stderr(&out)
    );
    serde_json::from_str(stdout(&out).trim()).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

fn examples_html(dir: &Path) -> PathBuf {
    let page = dir.join("plan.html");
    let out = run(
        &manifest_dir(),
        &[
            "plan",
            "examples",
            "--format",
            "html",
            "-o",
            page.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    page
}

#[test]
fn the_html_plan_renders_offline_accessible_and_not_blank() {
    if !have_browser("plan_browser::the_html_plan_renders_offline_accessible_and_not_blank") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let page = examples_html(dir.path());
    let report = render(&page, dir.path(), "plan", true);
    assert_eq!(
        report["requests"],
        serde_json::json!([]),
        "the page made requests"
    );
    let views = report["views"].as_array().cloned().unwrap_or_default();
    assert_eq!(views.len(), 2);
    for view in &views {
        assert_eq!(view["blank"], false, "a blank screenshot: {view}");
        assert!(view["height"].as_u64() > Some(600), "{view}");
        // Readable on a phone: nothing wider than the screen but the scrolling tables.
        assert!(view["horizontal_overflow"].as_i64() <= Some(0), "{view}");
    }
    assert_eq!(
        report["violations"],
        serde_json::json!([]),
        "axe-core: serious or critical violations"
    );
    // `PARTNERLINT_SCREENSHOTS=DIR` keeps them (the README's come from here).
    if let Some(keep) = std::env::var_os("PARTNERLINT_SCREENSHOTS") {
        for view in &views {
            let from = PathBuf::from(view["file"].as_str().unwrap_or_default());
            let to = PathBuf::from(&keep).join(from.file_name().unwrap_or_default());
            std::fs::copy(&from, &to).expect("keep the screenshot");
        }
    }
}

/// The request check really sees requests: a page that makes some is caught.
#[test]
fn the_request_check_catches_a_page_that_makes_requests() {
    if !have_browser("plan_browser::the_request_check_catches_a_page_that_makes_requests") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("leaky.html");
    std::fs::write(
        &page,
        "<!doctype html><html lang=\"en\"><head><title>leaky</title>\
         <link rel=\"stylesheet\" href=\"https://fonts.example.invalid/font.css\"></head>\
         <body><h1>Leaky</h1><img alt=\"\" src=\"http://192.0.2.1/pixel.png\"></body></html>",
    )
    .expect("write");
    let report = render(&page, dir.path(), "leaky", false);
    let requests = report["requests"].as_array().cloned().unwrap_or_default();
    let urls: Vec<&str> = requests.iter().filter_map(Value::as_str).collect();
    assert!(
        urls.iter().any(|u| u.contains("fonts.example.invalid")),
        "{urls:?}"
    );
    assert!(urls.iter().any(|u| u.contains("192.0.2.1")), "{urls:?}");
}

/// The blank check really sees a blank page.
#[test]
fn the_blank_check_catches_a_blank_page() {
    if !have_browser("plan_browser::the_blank_check_catches_a_blank_page") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("blank.html");
    std::fs::write(
        &page,
        "<!doctype html><html lang=\"en\"><head><title>blank</title></head><body></body></html>",
    )
    .expect("write");
    let report = render(&page, dir.path(), "blank", false);
    assert!(report["views"]
        .as_array()
        .is_some_and(|v| v.iter().all(|view| view["blank"] == true)));
}
