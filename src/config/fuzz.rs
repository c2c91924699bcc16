//! The fuzz target `config_file` (`fuzz/fuzz_targets/config_file.rs`): the configuration
//! loader is private to the crate, so its target's code lives here, built only for the
//! fuzzers (`--cfg fuzzing`, which cargo-fuzz sets) and for the unit test that replays
//! the target's inputs. The other targets' code, `fuzz/harness.rs`, needs only the public
//! API.

use super::{Config, ConfigError};
use crate::file_check::FileReport;
use crate::pack::PackSet;
use crate::report::human;
use crate::source::SourceText;
use std::path::Path;
use std::sync::OnceLock;

fn builtin() -> &'static PackSet {
    static PACKS: OnceLock<PackSet> = OnceLock::new();
    PACKS.get_or_init(|| PackSet::builtin().expect("the built-in packs compile"))
}

/// Arbitrary text as a `.partnerlint.yaml`: parsed and checked against the built-in
/// packs; its problems are rendered (which reads every span), and a valid configuration
/// is asked about a few paths.
pub fn config_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A folder that does not exist: `rules:` folders are looked up, never created.
    let path = Path::new("/nonexistent-partnerlint-fuzz/.partnerlint.yaml");
    let diagnostics = match Config::parse(path, text.to_string()) {
        Ok(config) => {
            for file in [
                "a.partner.yaml",
                "legacy/b.partner.yaml",
                "x/y/z.partner.yaml",
            ] {
                let file = path.with_file_name(file);
                let _ = config.excludes(&file);
                let _ = config.overrides_for(&file).count();
            }
            match config.check_against(builtin()) {
                Err(ConfigError::File(_, _, d)) => d,
                _ => return,
            }
        }
        Err(ConfigError::File(_, _, d)) => d,
        Err(_) => return,
    };
    let report = FileReport {
        path: path.to_path_buf(),
        source: SourceText::new(text.to_string()),
        diagnostics,
        policy: None,
        suppressed: Vec::new(),
        off: Vec::new(),
    };
    let style = human::Style {
        color: false,
        width: 80,
        summary: true,
    };
    human::render_file(&mut Vec::new(), &report, style).expect("writes to memory");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every input the fuzzer crashed on (`tests/fuzz-regressions/config_file/`), the
    /// seed corpus (`fuzz/corpus/config_file/`), and inputs that take the error paths,
    /// as `tests/it/fuzz_regressions.rs` replays the other targets'.
    #[test]
    fn config_file_replays_its_crashes_and_seed_corpus() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut inputs = Vec::new();
        for dir in [
            root.join("tests/fuzz-regressions/config_file"),
            root.join("fuzz/corpus/config_file"),
        ] {
            let found =
                std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            inputs.extend(
                found
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep")),
            );
        }
        inputs.sort();
        assert!(inputs.len() >= 5, "{} inputs to replay", inputs.len());
        let hostile: [&[u8]; 5] = [
            b"",
            b"\xff\xfe not UTF-8",
            b"rules: \0",
            b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            b"overrides: [{files: ['['], rules: {nope: off}}]\n",
        ];
        let mut failed = Vec::new();
        let named = inputs
            .iter()
            .map(|p| (p.display().to_string(), std::fs::read(p).unwrap()));
        let hostile = hostile
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("hostile input {i}"), d.to_vec()));
        for (name, data) in named.chain(hostile) {
            if std::panic::catch_unwind(|| config_file(&data)).is_err() {
                failed.push(name);
            }
        }
        assert!(failed.is_empty(), "config_file panics on: {failed:?}");
    }
}
