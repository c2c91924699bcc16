//! partnerlint: checks TikTok Shop developer-partner application files against the
//! onboarding policy, a versioned and declarative rule pack.
//!
//! Data flows one way: `discover` finds files, `read` reads them, `yaml` loads them with
//! byte spans, `schema` validates their structure, `pack` evaluates the policy's rules,
//! and [`report`] renders the findings. `file_check` ties the stages together for one
//! file, and `batch` checks many in parallel (`docs/architecture.md`).
//!
//! # The public API
//!
//! A small facade; every other module is private to the crate, so that it can change
//! without breaking a library user, and the compiler finds code nothing uses.
//!
//! - **Checking:** [`check_source`] (bytes already in memory, as an editor has them) and
//!   [`check_file`] (a path), with [`CheckOptions`] (the date, a policy version, limits)
//!   and the result, a [`FileReport`] (the findings, those suppressed, the source text
//!   with its [`SourceText`] positions). Paths become files to check with
//!   [`discover()`](discover::discover), which applies `check`'s rules (`*.partner.yaml`,
//!   `.gitignore`).
//! - **Fixing:** [`fixing`], the loop `check --fix` runs (fix, check again, until
//!   nothing changes); [`diagnostic::apply`] applies one fix's edits.
//! - **Diagnostics:** [`diagnostic`]: [`Diagnostic`], [`Severity`], the engine's own
//!   [`Code`]s, [`Label`], and fixes ([`Fix`], [`Edit`], [`Applicability`]).
//! - **Packs:** [`PackSet`] (the built-in packs, a folder, or files in memory) of
//!   [`RulePack`]s, [`PackError`], [`PackFile`], and what rules may ask the file system
//!   ([`FileAccess`], with an optional per-worker [`FsCache`]). An organisation keeping
//!   its own pack also tests it and reviews its changes, so [`pack_testing`] (a pack's
//!   test cases, `rules test`) and [`pack_diff`] (two packs compared, `rules diff`) are
//!   part of the packs' API: a review bot or a pack repository's own test suite calls
//!   them as the command line does.
//! - **Reports:** [`report`], one emitter per format, and [`redact()`] (the personal
//!   data masked out of a report, `check --redact`).
//! - **The command line:** [`main`], all of `src/main.rs`, the language server included:
//!   `partnerlint server` (the `server` module, private) speaks the protocol over
//!   standard input and output, and its tests (`tests/it/server/`) drive the binary so.
#![forbid(unsafe_code)]

pub(crate) mod applied;
pub(crate) mod batch;
pub(crate) mod boundary;
mod cli;
pub(crate) mod config;
pub mod diagnostic;
pub mod discover;
pub(crate) mod file_access;
pub(crate) mod file_check;
pub mod fixing;
pub(crate) mod node;
pub(crate) mod pack;
pub mod pack_diff;
pub mod pack_testing;
pub(crate) mod paths;
pub(crate) mod placeholder;
pub(crate) mod plan;
pub(crate) mod read;
pub(crate) mod redact;
pub mod report;
pub(crate) mod schema;
pub(crate) mod server;
pub(crate) mod source;
pub(crate) mod suppress;
pub(crate) mod yaml;
pub(crate) mod yaml_edit;

pub use cli::main;
pub use diagnostic::{Applicability, Code, Diagnostic, Edit, Fix, Label, Severity};
pub use file_access::{FileAccess, FsCache};
pub use file_check::{check_file, check_source, CheckOptions, FileReport, Levels};
pub use pack::{PackError, PackFile, PackSet, RulePack};
pub use redact::redact;
pub use source::{Position, SourceText, Span};
pub use suppress::Suppressed;
pub use yaml::Limits;

/// The fuzz target `config_file`'s code, built only for the fuzzers (cargo-fuzz passes
/// `--cfg fuzzing`): the configuration loader it exercises is private to the crate.
#[cfg(fuzzing)]
#[doc(hidden)]
pub use config::fuzz::config_file as fuzz_config_file;
