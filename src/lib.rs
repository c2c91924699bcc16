//! partnerlint: checks TikTok Shop developer-partner application files against the
//! onboarding policy, a versioned and declarative rule pack.
//!
//! Data flows one way: [`discover`] finds files, [`yaml`] loads them with byte spans,
//! [`schema`] validates their structure, [`pack`] evaluates the policy's rules, and
//! [`report`] renders the findings. [`check`] ties the stages together for one file.
#![forbid(unsafe_code)]

pub mod applied;
pub mod boundary;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod engine_rules;
pub mod fixture;
pub mod junit;
pub mod node;
pub mod pack;
pub mod placeholder;
pub mod read;
pub mod redact;
pub mod report;
pub mod run;
pub mod schema;
pub mod server;
pub mod source;
pub mod suppress;
pub mod yaml;

pub use check::{check_file, check_source, CheckOptions, FileReport};
pub use diagnostic::{Diagnostic, Label, Severity};
pub use pack::{PackSet, RulePack};
