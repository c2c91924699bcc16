//! partnerlint's integration tests: one test program (one link of the library), one module
//! per area, and one support module for running the binary and the tools that read its
//! reports. `cargo test` runs them all; `cargo test --test it reports::` runs one area.
#![forbid(unsafe_code)]

mod support;

/// The fuzz targets' own code (`fuzz/harness.rs`), replayed by `fuzz_regressions`.
#[path = "../../fuzz/harness.rs"]
mod harness;

mod attacks_loader;
mod boundary;
mod check_fix;
mod cli;
mod cli_cases;
mod cli_conventions;
mod cli_extras;
mod config;
mod engine_fixes;
mod fixes;
mod fixtures;
mod fuzz_regressions;
mod guide;
mod hostile;
mod init;
mod modules;
mod msrv;
mod packs;
mod parallel;
mod plan;
mod plan_browser;
mod policy_root_causes;
mod pre_commit;
mod readme;
mod redact;
mod report_files;
mod reports;
mod server;
mod snapshots;
mod suppressions;
mod untrusted_output;
