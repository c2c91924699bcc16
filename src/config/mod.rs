//! The configuration file, `.partnerlint.yaml`: found from a checked file's folder upward
//! to the repository root (the folder holding `.git`), or named with `--config`. It is
//! loaded like a rule pack, with the project's own YAML loader and a JSON Schema
//! (`schemas/config.schema.json`), so every mistake is a diagnostic pointing into it.
//! Command-line flags beat it.
//!
//! Three parts, one way: [`file`] reads a configuration file, [`profile`] turns it (and
//! the command line) into the settings of the files it governs, [`resolve`] finds the
//! configuration of each file. Path helpers are in `crate::paths`.

mod file;
#[cfg(any(test, fuzzing))]
pub mod fuzz;
mod profile;
mod resolve;

pub use file::*;
pub use profile::*;
pub use resolve::*;
