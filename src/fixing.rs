//! Applies the fixes findings carry, pass after pass, until nothing changes.
//! (Interim: the command-line side of `check --fix` replaces this with the full loop.)

use crate::diagnostic::{fix, Diagnostic};

/// The most passes: each pass applies every fix that does not overlap another, so a
/// file needs a second pass only where fixes overlapped or a fix revealed a finding.
pub const MAX_PASSES: usize = 10;

pub struct Fixed {
    pub text: String,
    pub remaining: Vec<Diagnostic>,
}

/// `text` with the fixes `check` finds applied (safe ones, and unsafe ones when
/// `unsafe_fixes`), re-checked after each pass.
pub fn fix_text(text: &str, unsafe_fixes: bool, check: impl Fn(&str) -> Vec<Diagnostic>) -> Fixed {
    let mut text = text.to_string();
    let mut found = check(&text);
    for _ in 0..MAX_PASSES {
        let edits: Vec<&fix::Edit> = found
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| f.applies(unsafe_fixes))
            .flat_map(|f| &f.edits)
            .collect();
        if edits.is_empty() {
            break;
        }
        let next = fix::apply(&text, edits);
        if next == text {
            break;
        }
        text = next;
        found = check(&text);
    }
    Fixed {
        text,
        remaining: found,
    }
}
