//! The engine's own diagnostic codes: structure, syntax, files, suppressions,
//! configuration and rule packs, which come before or around any policy rule. Each code's
//! documentation lives here, where it is defined, and `partnerlint explain` prints it.

use super::Severity;

/// One of the engine's diagnostic codes. A policy rule's id is the pack's; these are the
/// engine's, and no pack may define a rule with one of their ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    YamlSyntax,
    YamlDuplicateKey,
    YamlSingleDocument,
    Schema,
    FormatVersion,
    PolicyVersion,
    FileUnreadable,
    FileOutsideRepository,
    SuppressionReason,
    UnusedSuppression,
    SuppressionSyntax,
    TooManyFindings,
    FixNotWritten,
    Config,
    Placeholder,
    RulePack,
}

impl Code {
    /// Every code, in the order `explain --list` shows them.
    pub const ALL: &[Code] = &[
        Code::YamlSyntax,
        Code::YamlDuplicateKey,
        Code::YamlSingleDocument,
        Code::Schema,
        Code::FormatVersion,
        Code::PolicyVersion,
        Code::FileUnreadable,
        Code::FileOutsideRepository,
        Code::SuppressionReason,
        Code::UnusedSuppression,
        Code::SuppressionSyntax,
        Code::TooManyFindings,
        Code::FixNotWritten,
        Code::Config,
        Code::Placeholder,
        Code::RulePack,
    ];

    /// The id findings carry: `yaml-syntax`.
    pub const fn id(self) -> &'static str {
        match self {
            Code::YamlSyntax => "yaml-syntax",
            Code::YamlDuplicateKey => "yaml-duplicate-key",
            Code::YamlSingleDocument => "yaml-single-document",
            Code::Schema => "schema",
            Code::FormatVersion => "format-version",
            Code::PolicyVersion => "policy-version",
            Code::FileUnreadable => "file-unreadable",
            Code::FileOutsideRepository => "file-outside-repository",
            Code::SuppressionReason => "suppression-reason",
            Code::UnusedSuppression => "unused-suppression",
            Code::SuppressionSyntax => "suppression-syntax",
            Code::TooManyFindings => "too-many-findings",
            Code::FixNotWritten => "fix-not-written",
            Code::Config => "config",
            Code::Placeholder => "placeholder",
            Code::RulePack => "rule-pack",
        }
    }

    /// The code whose id is `id`.
    pub fn parse(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id() == id)
    }

    /// The severity of its findings.
    pub const fn severity(self) -> Severity {
        match self {
            Code::YamlSyntax
            | Code::YamlDuplicateKey
            | Code::YamlSingleDocument
            | Code::Schema
            | Code::FormatVersion
            | Code::PolicyVersion
            | Code::FileUnreadable
            | Code::FileOutsideRepository
            | Code::TooManyFindings
            | Code::FixNotWritten
            | Code::Config
            | Code::Placeholder
            | Code::RulePack => Severity::Error,
            Code::SuppressionReason | Code::UnusedSuppression | Code::SuppressionSyntax => {
                Severity::Warning
            }
        }
    }

    /// What it checks, in a line.
    pub const fn title(self) -> &'static str {
        match self {
            Code::YamlSyntax => "The file is valid YAML",
            Code::YamlDuplicateKey => "No mapping has the same key twice",
            Code::YamlSingleDocument => "Exactly one YAML document in the file",
            Code::Schema => "The file satisfies the application file schema",
            Code::FormatVersion => "`format` is a version this tool reads",
            Code::PolicyVersion => "A pinned `policy` names a version the tool has",
            Code::FileUnreadable => "The file can be read",
            Code::FileOutsideRepository => "The file lies inside the repository",
            Code::SuppressionReason => "A suppression comment says why",
            Code::UnusedSuppression => "Every suppression comment silences something",
            Code::SuppressionSyntax => "A `# partnerlint:` comment is a valid suppression",
            Code::TooManyFindings => "A file's findings fit in a report",
            Code::FixNotWritten => "`check --fix` could write the fixed file",
            Code::Config => "The configuration file is valid",
            Code::Placeholder => "No value is still a placeholder",
            Code::RulePack => "A rule pack's files are valid",
        }
    }

    /// What it checks and how to fix it: `partnerlint explain ID` prints it.
    pub const fn description(self) -> &'static str {
        match self {
            Code::YamlSyntax => {
                "The file must be readable YAML 1.2 text in UTF-8. The diagnostic points \
at the character where reading failed: an unclosed quote, a tab used for indentation, a \
value where a key was expected. It also covers files that cannot be YAML at all (bytes \
that are not UTF-8, a NUL byte) and files beyond the loader's limits (size, nesting depth, \
alias expansion), which partnerlint refuses rather than risk a hang.\n\n\
Fix: correct the text at the marked position. Quote values that hold `: ` or start \
with a special character (`@`, `` ` ``, `*`, `&`, `!`, `%`, `{`, `[`)."
            }
            Code::YamlDuplicateKey => {
                "YAML forbids the same key twice in one mapping, and tools that accept it \
silently keep one of the values. Both places are labelled so you can choose which value \
is meant.\n\nFix: delete one of the two keys."
            }
            Code::YamlSingleDocument => {
                "An application file describes one application: one YAML document. A \
second document (after a `---` line) is refused, and so is a file with no document at \
all (empty, or only comments).\n\nFix: put each application in a file of its own."
            }
            Code::Schema => {
                "The file must match `schemas/partner-application.schema.json` \
(`partnerlint schema` prints it): the known fields only (an unknown key is almost \
always a typo, and the closest known key is suggested), values of the right type (a \
phone number YAML read as a number, a version YAML read as a float), the allowed values \
of each enumeration, and the fields each developer type requires.\n\nFix: as the help \
line says; the schema's field descriptions are the file format's reference."
            }
            Code::FormatVersion => {
                "`format` names the version of the application file format. This \
partnerlint reads format 1, the only one there is.\n\nFix: write `format: 1`, or use \
the partnerlint release that reads your format."
            }
            Code::PolicyVersion => {
                "`policy:` pins the policy version the file is checked against. It must \
name one of the rule packs this partnerlint has (`partnerlint rules --all-versions` \
lists them); without it, the newest version in force today is used. A pinned version \
that is not yet in force on the check's date (`--today`) is reported too: the file is \
still checked against it, but that policy does not apply yet.\n\nFix: pin a \
listed version (quoted: `policy: \"2026.11\"`), or remove the line."
            }
            Code::FileUnreadable => {
                "partnerlint reads regular files of a bounded size (10 MiB unless \
`--max-file-size` says otherwise). A file it cannot open (permissions), a path that is not \
a regular file (a FIFO, a device), or a file over the size limit is reported here instead \
of being read, so a check never hangs or exhausts memory.\n\nFix: make the file readable, \
or leave it out of the paths checked."
            }
            Code::FileOutsideRepository => {
                "In CI a pull request's author controls every file below the repository \
root, symbolic links included. An application file, a `.partnerlint.yaml` or a rule-pack \
file below the root that is a link (or lies in a linked folder) leading outside the root \
is not read: it is reported here, at the link, and nothing of what it leads to is shown. \
The root is the nearest folder holding `.git` from the current folder upward, or the \
current folder without one. Paths named on the command line outside the root, and \
`--config` and `--rules`, are taken as written.\n\n\
Fix: commit the file itself instead of a link, or name it explicitly on the command line."
            }
            Code::SuppressionReason => {
                "A suppression comment (`# partnerlint: ignore[RULE-ID] -- reason`) silences \
a finding; the reason after `--` is what a reviewer reads to accept it. A suppression \
without one still silences the finding, and is reported here.\n\n\
Fix: write the reason after `--`, e.g. \
`# partnerlint: ignore[market-duplicate] -- kept for the 2026 migration, see TICKET-12`."
            }
            Code::UnusedSuppression => {
                "A suppression that silences nothing is stale: the finding it was written \
for is gone (fixed, or moved to another line), or the rule id is misspelt (the closest \
rule id is suggested) or names no rule of the policy in use. Each id of a suppression is \
judged on its own. Suppressions are not judged on a file whose rules could not run (a \
YAML error, an unknown policy version).\n\nFix: remove the comment, or correct the rule id."
            }
            Code::SuppressionSyntax => {
                "A comment that starts with `partnerlint:` is read as a suppression: \
`ignore[ID, ...]` for its line (at the end of the line, or on its own line above it) or \
`ignore-file[ID, ...]` in the comment block at the top of the file, then `-- reason`, \
then optionally `until: YYYY-MM-DD`. A comment that does not follow that shape silences \
nothing, and is reported here so a typo does not go unseen.\n\nFix: write it as \
`# partnerlint: ignore[RULE-ID] -- reason until: 2027-03-31`."
            }
            Code::TooManyFindings => {
                "partnerlint reports at most 1 000 findings per file, the first in file \
order. When a file has more, the rest are counted in one finding of this rule, at the \
first of them, with the worst severity among them (so the exit code is the one the \
whole list would give). A file with that many problems is almost always generated or \
damaged, and the cap keeps every report format small and quick whatever the file holds.\n\n\
Fix: fix the findings reported and check again."
            }
            Code::FixNotWritten => {
                "`check --fix` writes a fixed file only if its bytes on disk are still \
the ones it checked: a file that changed while partnerlint read it (an editor saved it, \
another tool rewrote it) is left as it is, and reported here with the findings of the \
text partnerlint read. A file that could not be written (permissions, a full disk) is \
reported here too. The file is written to a temporary file in its folder, with the \
original's permissions, then renamed over it, so it is never half-written.\n\n\
Fix: run `partnerlint check --fix` again once nothing else is writing the file."
            }
            Code::Config => {
                "`.partnerlint.yaml` (or the file `--config` names) must match \
`schemas/config.schema.json`: known keys only (the closest is suggested), `fail_on` and \
severities among `error`, `warning`, `info` (and `off` for severities), globs that parse, \
rule-pack folders that exist, a policy version partnerlint has, and rule ids that exist \
(the closest is suggested). A broken configuration stops the run with exit code 2 before \
any file is checked.\n\nFix: as the help line says; `partnerlint config PATH` shows \
the configuration that applies to a path and where each value comes from."
            }
            Code::Placeholder => {
                "`partnerlint init` writes `<fill in: ...>` where only the partner knows \
the value: the company's name, the contact's email, the certificate's file. Each one is \
reported until it is filled in, and it is the only finding at its place (a placeholder \
is not also reported as a malformed email).\n\nFix: write the value Partner Center has \
(or will have); the comment above each field says where it comes from."
            }
            Code::RulePack => {
                "A rule pack (`--rules DIR`, `rules:` in the configuration, or a \
pack a pack extends) must load: `pack.yaml`, `data.yaml` and `rules/*.yaml` match their \
schemas (`schemas/rule-pack.schema.json`, `rule-data.schema.json`, \
`rule-file.schema.json`), every path, pattern, template and data table a rule names \
exists and parses, rule ids are unique, and `extends` names a pack there is. A broken \
pack stops the run with exit code 2 before any file is checked.\n\n\
Fix: as the help line says; docs/writing-rules.md describes the rule language."
            }
        }
    }

    /// Whether a suppression comment can silence it: not the suppression checks
    /// themselves, nor what is about the run rather than the file (configuration, rule
    /// packs, a file outside the repository, the cap on findings).
    pub const fn suppressible(self) -> bool {
        !matches!(
            self,
            Code::SuppressionReason
                | Code::UnusedSuppression
                | Code::SuppressionSyntax
                | Code::Config
                | Code::RulePack
                | Code::FileOutsideRepository
                | Code::TooManyFindings
                | Code::FixNotWritten
        )
    }

    /// Whether it is checked on every application file (not the configuration's or a
    /// rule pack's, nor `fix-not-written`, which only `check --fix` reports).
    pub const fn checks_files(self) -> bool {
        !matches!(self, Code::Config | Code::RulePack | Code::FixNotWritten)
    }
}

/// Whether a comment may silence findings of `id`: a policy rule's always, an engine
/// code's when it is [`Code::suppressible`].
pub fn suppressible(id: &str) -> bool {
    Code::parse(id).is_none_or(Code::suppressible)
}

/// A finding's rule id against a code: `d.rule == Code::Schema`.
impl PartialEq<Code> for String {
    fn eq(&self, code: &Code) -> bool {
        self == code.id()
    }
}

impl PartialEq<Code> for str {
    fn eq(&self, code: &Code) -> bool {
        self == code.id()
    }
}

impl From<Code> for String {
    fn from(code: Code) -> String {
        code.id().to_string()
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_and_parses_back() {
        let mut ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        for code in Code::ALL {
            assert_eq!(Code::parse(code.id()), Some(*code));
            assert!(
                !code.title().is_empty() && code.description().contains("Fix:"),
                "{code}"
            );
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Code::ALL.len());
        assert_eq!(Code::parse("rule-pack"), Some(Code::RulePack));
        assert!(!Code::RulePack.suppressible() && Code::Schema.suppressible());
    }
}
