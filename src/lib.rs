//! partnerlint: checks TikTok Shop developer-partner application files against the
//! onboarding policy, a versioned and declarative rule pack.
//!
//! Data flows one way: [`discover`] finds files, [`yaml`] loads them with byte spans,
//! [`schema`] validates their structure, [`pack`] evaluates the policy's rules, and
//! [`report`] renders the findings. [`file_check`] ties the stages together for one file,
//! and [`batch`] checks many in parallel.
#![forbid(unsafe_code)]

pub(crate) mod applied;
pub mod batch;
pub(crate) mod boundary;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub(crate) mod file_access;
pub mod file_check;
pub mod fixing;
pub mod node;
pub mod pack;
pub mod pack_diff;
pub mod pack_testing;
pub(crate) mod paths;
pub(crate) mod placeholder;
pub mod plan;
pub mod read;
pub mod redact;
pub mod report;
pub mod schema;
pub mod server;
pub mod source;
pub mod suppress;
pub mod yaml;
pub(crate) mod yaml_edit;

pub use diagnostic::{Code, Diagnostic, Label, Severity};
pub use file_access::{FileAccess, FsCache};
pub use file_check::{check_file, check_source, CheckOptions, FileReport};
pub use pack::{PackSet, RulePack};
