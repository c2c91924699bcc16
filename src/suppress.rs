//! Suppression comments: `# partnerlint: ignore[rule-id] -- reason`, read from the YAML's
//! real comments (never from inside a quoted or block string), and applied to a file's
//! findings. A silenced finding is not dropped: it moves to [`Suppressed`], with its
//! reason, and every report format counts or lists it.
//!
//! - `# partnerlint: ignore[a, b] -- reason` at the end of a line silences `a` and `b` on
//!   that line; on a line of its own, on the next line that holds YAML (comment lines
//!   in between are passed over).
//! - `# partnerlint: ignore-file[a] -- reason` in the comment block at the top of the file
//!   silences `a` in the whole file.
//! - `until: YYYY-MM-DD` after the reason makes it lapse after that day: the finding comes
//!   back, with a note in its help.

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::node::{Node, NodeKind};
use crate::source::{SourceText, Span};
use jiff::civil::Date;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What a suppression comment starts with, after `#`.
const MARKER: &str = "partnerlint:";

/// Where a suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Findings that start on this 1-based line.
    Line(usize),
    /// The whole file.
    File,
}

/// One suppression comment.
#[derive(Debug, Clone)]
pub struct Directive {
    pub scope: Scope,
    /// The rule ids, each with its span in the comment.
    pub rules: Vec<(String, Span)>,
    pub reason: Option<String>,
    pub until: Option<Date>,
    /// The comment, from `#` to the end of its line.
    pub span: Span,
    /// The comment's 1-based line.
    pub line: usize,
}

/// A finding that a suppression silenced, kept for the reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    pub reason: Option<String>,
    pub until: Option<Date>,
    /// The 1-based line of the suppression comment.
    pub line: usize,
    /// Silenced by an `ignore-file` comment.
    pub whole_file: bool,
}

/// Whether `text` may hold a suppression at all: the cheap test before any parsing.
pub fn may_have_directives(text: &str) -> bool {
    static FINDER: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(MARKER));
    FINDER.find(text.as_bytes()).is_some()
}

/// The spans of the scalars that run over more than one line (block scalars, multi-line
/// quoted strings): a `#` inside them is text, not a comment.
pub fn multi_line_scalars(root: &Node, text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Seq(items) => stack.extend(items),
            NodeKind::Map(entries) => {
                for e in entries {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
            NodeKind::Str(_)
                if text
                    .get(node.span.clone())
                    .is_some_and(|s| s.contains('\n')) =>
            {
                out.push(node.span.clone());
            }
            _ => {}
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    Comment,
    Content,
}

/// Reads the suppressions of `source`; malformed ones are `suppression-syntax` warnings.
/// `text_spans` are the multi-line scalars ([`multi_line_scalars`]).
pub fn parse(source: &SourceText, text_spans: &[Span]) -> (Vec<Directive>, Vec<Diagnostic>) {
    let text = source.text();
    // Scalars do not overlap: sorted by start, the one that may hold an offset is the
    // last to start before it, found by bisection (a scan of them all per line was
    // quadratic on a file of many).
    let mut text_spans = text_spans.to_vec();
    text_spans.sort_by_key(|s| s.start);
    let in_text = |at: usize| {
        let before = text_spans.partition_point(|s| s.start < at);
        before > 0 && at < text_spans[before - 1].end
    };
    // (line start, line text without its break, kind, comment start in the line)
    let mut lines: Vec<(usize, &str, LineKind, Option<usize>)> = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let comment = comment_start(line).filter(|at| !in_text(offset + at));
        let before = &line[..comment.unwrap_or(line.len())];
        let inside_text = in_text(offset);
        let kind = if !before.trim().is_empty() || inside_text {
            LineKind::Content
        } else if comment.is_some() {
            LineKind::Comment
        } else {
            LineKind::Blank
        };
        lines.push((offset, line, kind, comment));
        offset += raw.len();
    }

    // The 1-based number of the first content line after each line, found in one pass
    // from the end (a search forward from each comment was quadratic on a long comment).
    let mut next_content = vec![None; lines.len()];
    for index in (0..lines.len().saturating_sub(1)).rev() {
        next_content[index] = if lines[index + 1].2 == LineKind::Content {
            Some(index + 2)
        } else {
            next_content[index + 1]
        };
    }
    let mut directives = Vec::new();
    let mut problems = Vec::new();
    // Still in the comment block at the top of the file.
    let mut leading = true;
    for (index, &(start, line, kind, comment)) in lines.iter().enumerate() {
        let past_leading = !leading || kind == LineKind::Content;
        if kind == LineKind::Content {
            leading = false;
        }
        let Some(at) = comment else { continue };
        let body = line[at + 1..].trim_start();
        let Some(rest) = body.strip_prefix(MARKER) else {
            continue;
        };
        let rest_at = start + line.len() - rest.len();
        let number = index + 1;
        let target = if kind == LineKind::Content {
            number
        } else {
            next_content[index].unwrap_or(number + 1)
        };
        let span = start + at..start + line.len();
        match directive(rest, rest_at, past_leading) {
            Ok(mut d) => {
                if d.scope == Scope::Line(0) {
                    d.scope = Scope::Line(target);
                }
                d.span = span;
                d.line = number;
                directives.push(d);
            }
            Err((message, help)) => problems.push(
                Diagnostic::new(Code::SuppressionSyntax, Severity::Warning, message)
                    .at(span, Some("not a valid suppression".into()))
                    .with_help(help),
            ),
        }
    }
    (directives, problems)
}

/// Where a comment starts in a line: a `#` at the start or after whitespace, outside
/// the quoted strings that start on this line.
fn comment_start(line: &str) -> Option<usize> {
    // A byte-order mark is no character anyone sees: the line starts after it.
    if let Some(rest) = line.strip_prefix('\u{feff}') {
        return comment_start(rest).map(|at| at + '\u{feff}'.len_utf8());
    }
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let after_space = i == 0 || matches!(bytes[i - 1], b' ' | b'\t');
        match quote {
            Some(b'"') => {
                if c == b'\\' {
                    i += 1;
                } else if c == b'"' {
                    quote = None;
                }
            }
            Some(_) => {
                if c == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 1;
                    } else {
                        quote = None;
                    }
                }
            }
            None => {
                if c == b'#' && after_space {
                    return Some(i);
                }
                // A quote opens a string only where a scalar can start.
                let can_open = i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'[' | b'{' | b',');
                if (c == b'"' || c == b'\'') && can_open {
                    quote = Some(c);
                }
            }
        }
        i += 1;
    }
    None
}

type Problem = (String, String);

const SHAPE: &str = "Write it as `# partnerlint: ignore[RULE-ID] -- reason`, optionally ending with `until: YYYY-MM-DD`.";

/// Parses what follows `partnerlint:`; `at` is its byte offset in the file. A line
/// directive's scope is `Line(0)` until the caller knows its target line.
fn directive(rest: &str, at: usize, past_leading_block: bool) -> Result<Directive, Problem> {
    let trimmed = rest.trim_start();
    let mut at = at + (rest.len() - trimmed.len());
    let (scope, word, after) = if let Some(after) = trimmed.strip_prefix("ignore-file") {
        (Scope::File, "ignore-file", after)
    } else if let Some(after) = trimmed.strip_prefix("ignore") {
        (Scope::Line(0), "ignore", after)
    } else {
        let word = trimmed.split_whitespace().next().unwrap_or("");
        return Err((
            format!("`{word}` is not a partnerlint directive"),
            format!("The directives are `ignore[...]` and `ignore-file[...]`. {SHAPE}"),
        ));
    };
    at += word.len();
    let Some(list) = after.strip_prefix('[') else {
        return Err((
            format!("`{word}` needs the rule ids in brackets"),
            format!("Name the rules: `{word}[market-duplicate]`. {SHAPE}"),
        ));
    };
    at += 1;
    let Some(close) = list.find(']') else {
        return Err((
            format!("the rule list of `{word}` is not closed with `]`"),
            SHAPE.into(),
        ));
    };
    let mut rules = Vec::new();
    let mut here = at;
    for part in list[..close].split(',') {
        let id = part.trim();
        let lead = part.len() - part.trim_start().len();
        if !id.is_empty() {
            rules.push((id.to_string(), here + lead..here + lead + id.len()));
        }
        here += part.len() + 1;
    }
    if rules.is_empty() {
        return Err((
            format!("`{word}[]` names no rule"),
            format!("Name the rules it silences, comma-separated. {SHAPE}"),
        ));
    }
    if scope == Scope::File && past_leading_block {
        return Err((
            "`ignore-file` works only in the comment block at the top of the file".into(),
            "Move it above the first line of YAML, or use `ignore[...]` on the line of the finding.".into(),
        ));
    }
    let tail = list[close + 1..].trim();
    let (reason, until) = if let Some(reason) = tail.strip_prefix("--") {
        split_until(reason.trim())?
    } else if tail.is_empty() || tail.starts_with("until:") {
        let (_, until) = split_until(tail)?;
        (None, until)
    } else {
        return Err((
            "the reason of a suppression follows `--`".into(),
            format!("Write `{word}[...] -- {tail}`."),
        ));
    };
    Ok(Directive {
        scope,
        rules,
        reason,
        until,
        span: 0..0,
        line: 0,
    })
}

/// Splits a trailing `until: YYYY-MM-DD` off a reason.
fn split_until(text: &str) -> Result<(Option<String>, Option<Date>), Problem> {
    let mut reason = text;
    let mut until = None;
    if let Some(i) = text.rfind("until:") {
        let value = text[i + "until:".len()..].trim();
        if value.starts_with(|c: char| c.is_ascii_digit()) {
            until = Some(value.parse::<Date>().map_err(|_| {
                (
                    format!("`until: {value}` is not a date"),
                    "Write the last day the suppression holds as `until: YYYY-MM-DD`, at the end of the comment.".to_string(),
                )
            })?);
            reason = text[..i].trim_end_matches([' ', '\t', ';', ',', '(']);
        }
    }
    let reason = reason.trim();
    Ok(((!reason.is_empty()).then(|| reason.to_string()), until))
}

/// A file's findings after its suppressions.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub suppressed: Vec<Suppressed>,
}

/// Applies `directives` to `diagnostics`. `known` are the rule ids that could have fired
/// on this file, or `None` when its rules could not all run: unused suppressions are
/// only judged on a file that was checked in full.
pub fn apply(
    directives: &[Directive],
    diagnostics: Vec<Diagnostic>,
    source: &SourceText,
    today: Date,
    known: Option<&[String]>,
) -> Outcome {
    let mut out = Outcome::default();
    let mut used: Vec<Vec<bool>> = directives
        .iter()
        .map(|d| vec![false; d.rules.len()])
        .collect();
    // The first suppression of each rule on each line, and for the whole file, found by
    // look-up: a search of every suppression per finding was quadratic on a file of
    // thousands of each.
    let mut for_line: HashMap<(usize, &str), (usize, usize)> = HashMap::new();
    let mut for_file: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, s) in directives.iter().enumerate() {
        for (j, (id, _)) in s.rules.iter().enumerate() {
            match s.scope {
                Scope::File => for_file.entry(id.as_str()).or_insert((i, j)),
                Scope::Line(l) => for_line.entry((l, id.as_str())).or_insert((i, j)),
            };
        }
    }
    for mut d in diagnostics {
        let line = d.primary.as_ref().map(|p| source.line_of(p.span.start));
        let found = crate::diagnostic::code::suppressible(&d.rule)
            .then(|| {
                // A suppression on the line wins over one for the whole file.
                line.and_then(|l| for_line.get(&(l, d.rule.as_str())))
                    .or_else(|| for_file.get(d.rule.as_str()))
                    .copied()
            })
            .flatten();
        let Some((i, j)) = found else {
            out.diagnostics.push(d);
            continue;
        };
        used[i][j] = true;
        let s = &directives[i];
        match s.until {
            Some(until) if until < today => {
                let note = format!(
                    "Its suppression (line {}) expired on {until}: fix the finding, or renew the date if the reason still holds.",
                    s.line
                );
                d.help = Some(match d.help.take() {
                    // One paragraph: a line break in a finding's text is shown as `\n`
                    // (src/report/visible.rs), as it may come from input.
                    Some(help) => format!("{help} {note}"),
                    None => note,
                });
                out.diagnostics.push(d);
            }
            _ => out.suppressed.push(Suppressed {
                diagnostic: d,
                reason: s.reason.clone(),
                until: s.until,
                line: s.line,
                whole_file: s.scope == Scope::File,
            }),
        }
    }

    for (s, used) in directives.iter().zip(&used) {
        if s.reason.is_none() {
            let ids: Vec<&str> = s.rules.iter().map(|(id, _)| id.as_str()).collect();
            out.diagnostics.push(
                Diagnostic::new(
                    Code::SuppressionReason,
                    Severity::Warning,
                    "this suppression gives no reason",
                )
                .at(s.span.clone(), Some("no reason after `--`".into()))
                .with_help(format!(
                    "Say why the finding is acceptable: `# partnerlint: {}[{}] -- reason`.",
                    if s.scope == Scope::File {
                        "ignore-file"
                    } else {
                        "ignore"
                    },
                    ids.join(", ")
                )),
            );
        }
        let Some(known) = known else { continue };
        for ((id, span), _) in s.rules.iter().zip(used).filter(|(_, u)| !**u) {
            out.diagnostics.push(unused(s, id, span.clone(), known));
        }
    }
    out
}

fn unused(s: &Directive, id: &str, span: Span, known: &[String]) -> Diagnostic {
    let (message, help) = if !crate::diagnostic::code::suppressible(id) {
        (
            format!("`{id}` cannot be silenced by a comment"),
            format!("Set its level in `.partnerlint.yaml` instead: `severity: {{{id}: off}}`."),
        )
    } else if !known.iter().any(|k| k == id) {
        match crate::diagnostic::closest(id, known) {
            Some(best) => (
                format!("`{id}` is not a rule; did you mean `{best}`?"),
                format!("Write `{best}`; `partnerlint rules` lists the rule ids."),
            ),
            None => (
                format!("`{id}` is not a rule of partnerlint or of the policy in use"),
                "Check the id: `partnerlint rules` lists them.".to_string(),
            ),
        }
    } else {
        let place = match s.scope {
            Scope::Line(l) => format!("on line {l}"),
            Scope::File => "in this file".to_string(),
        };
        (
            format!("the suppression of `{id}` silenced nothing: no `{id}` finding {place}"),
            "Remove it (the finding is gone), or move it to the line the finding now starts on."
                .to_string(),
        )
    };
    Diagnostic::new(Code::UnusedSuppression, Severity::Warning, message)
        .at(span, Some("unused".into()))
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directives(text: &str) -> (Vec<Directive>, Vec<Diagnostic>) {
        parse(&SourceText::new(text.to_string()), &[])
    }

    #[test]
    fn comments_only_outside_quotes() {
        assert_eq!(comment_start("a: b # c"), Some(5));
        assert_eq!(comment_start("a: \"b # c\""), None);
        assert_eq!(comment_start("a: 'it''s # x' # y"), Some(15));
        assert_eq!(comment_start("a: b#c"), None);
        assert_eq!(comment_start("# top"), Some(0));
        assert_eq!(comment_start("\u{feff}# top"), Some(3));
        assert_eq!(comment_start("name: O'Brien # x"), Some(14));
        assert_eq!(comment_start("a: \"say \\\" # no\" # yes"), Some(17));
    }

    #[test]
    fn reads_ids_reason_and_date() {
        let (d, problems) = directives(
            "# partnerlint: ignore-file[a, b] -- known -- really until: 2027-01-31\nx: 1 # partnerlint: ignore[c] -- why\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(d[0].scope, Scope::File);
        assert_eq!(
            d[0].rules.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(d[0].reason.as_deref(), Some("known -- really"));
        assert_eq!(d[0].until, Some(jiff::civil::date(2027, 1, 31)));
        assert_eq!(d[1].scope, Scope::Line(2));
        assert_eq!(d[1].reason.as_deref(), Some("why"));
    }

    #[test]
    fn own_line_applies_to_the_next_yaml_line() {
        let (d, _) = directives("a: 1\n# partnerlint: ignore[x] -- r\n# other\nb: 2\n");
        assert_eq!(d[0].scope, Scope::Line(4));
    }

    #[test]
    fn id_spans_point_into_the_comment() {
        let text = "a: 1 # partnerlint: ignore[ x ,yy] -- r\n";
        let (d, _) = directives(text);
        let spans: Vec<&str> = d[0].rules.iter().map(|r| &text[r.1.clone()]).collect();
        assert_eq!(spans, ["x", "yy"]);
    }

    #[test]
    fn malformed_comments_are_reported() {
        for text in [
            "# partnerlint: ignor[x] -- r\n",
            "# partnerlint: ignore x -- r\n",
            "# partnerlint: ignore[x -- r\n",
            "# partnerlint: ignore[] -- r\n",
            "# partnerlint: ignore[x] because\n",
            "# partnerlint: ignore[x] -- r until: 2027-13-01\n",
            "a: 1\n# partnerlint: ignore-file[x] -- r\n",
        ] {
            let (d, problems) = directives(text);
            assert!(d.is_empty(), "{text}");
            assert_eq!(problems.len(), 1, "{text}");
            assert_eq!(problems[0].rule, Code::SuppressionSyntax);
        }
    }

    #[test]
    fn a_reasonless_suppression_still_applies_and_is_reported() {
        let source = SourceText::new("a: 1 # partnerlint: ignore[x]\n".to_string());
        let (d, _) = parse(&source, &[]);
        let finding = Diagnostic::new("x", Severity::Error, "m").at(0..1, None);
        let out = apply(
            &d,
            vec![finding],
            &source,
            jiff::civil::date(2026, 1, 1),
            Some(&["x".to_string()]),
        );
        assert_eq!(out.suppressed.len(), 1);
        assert_eq!(out.diagnostics.len(), 1);
        assert_eq!(out.diagnostics[0].rule, Code::SuppressionReason);
    }

    #[test]
    fn expired_suppressions_let_the_finding_through_with_a_note() {
        let source =
            SourceText::new("a: 1 # partnerlint: ignore[x] -- r until: 2026-01-31\n".to_string());
        let (d, _) = parse(&source, &[]);
        let finding = Diagnostic::new("x", Severity::Error, "m")
            .at(0..1, None)
            .with_help("h");
        let known = ["x".to_string()];
        let before = apply(
            &d,
            vec![finding.clone()],
            &source,
            jiff::civil::date(2026, 1, 31),
            Some(&known),
        );
        assert_eq!(before.suppressed.len(), 1);
        let after = apply(
            &d,
            vec![finding],
            &source,
            jiff::civil::date(2026, 2, 1),
            Some(&known),
        );
        assert!(after.suppressed.is_empty());
        assert_eq!(after.diagnostics.len(), 1);
        assert!(after.diagnostics[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("expired on 2026-01-31")));
    }

    #[test]
    fn the_readme_example_holds_two_valid_suppressions() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let section = &readme[readme.find("## Suppressions").unwrap()..];
        let start = section.find("```yaml\n").unwrap() + 8;
        let block = &section[start..start + section[start..].find("```").unwrap()];
        let source = SourceText::new(block.to_string());
        let (directives, problems) = parse(&source, &[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(directives.len(), 2);
        assert_eq!(
            directives[1].until,
            Some(jiff::civil::date(2027, 3, 31)),
            "{directives:?}"
        );
        assert_eq!(
            directives[1].scope,
            Scope::Line(5),
            "an own-line suppression covers the next line"
        );
    }
}
