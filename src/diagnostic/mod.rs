//! The one diagnostic model every stage produces and every report format renders.

pub(crate) mod code;
pub(crate) mod did_you_mean;
pub(crate) mod fix;

pub use code::Code;
pub(crate) use did_you_mean::closest;
pub use fix::{apply, Applicability, Edit, Fix};

use crate::source::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A labelled place in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: Option<String>,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule id: a pack rule's or one of the engine's (see [`Code`]).
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The primary place: the value that is wrong. `None` only when the file has no text
    /// to point into (it could not be read).
    pub primary: Option<Label>,
    /// Other places worth seeing: the first of two duplicate keys, the other email.
    pub secondary: Vec<Label>,
    /// The JSON Pointer of the node, `""` for the document.
    pub pointer: String,
    /// What fixes it, when the rule or the engine knows.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(rule: impl Into<String>, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: rule.into(),
            severity,
            message: message.into(),
            help: None,
            primary: None,
            secondary: Vec::new(),
            pointer: String::new(),
            fix: None,
        }
    }

    pub fn at(mut self, span: Span, text: Option<String>) -> Self {
        self.primary = Some(Label { span, text });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self
    }

    pub fn also(mut self, span: Span, text: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            text: Some(text.into()),
        });
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// The byte offset diagnostics are ordered by.
    pub fn offset(&self) -> usize {
        self.primary.as_ref().map_or(0, |l| l.span.start)
    }
}

/// Orders diagnostics by position, then rule id, then message: the same order every run.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics
        .sort_by(|a, b| (a.offset(), &a.rule, &a.message).cmp(&(b.offset(), &b.rule, &b.message)));
}
