//! The engine's own checks: structure and syntax, which come before any policy. Their
//! documentation lives here, where they are defined, and `partnerlint explain` prints it.

use crate::diagnostic::Severity;

pub struct EngineRule {
    pub id: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub description: &'static str,
}

pub const YAML_SYNTAX: &str = "yaml-syntax";
pub const YAML_DUPLICATE_KEY: &str = "yaml-duplicate-key";
pub const YAML_SINGLE_DOCUMENT: &str = "yaml-single-document";
pub const SCHEMA: &str = "schema";
pub const FORMAT_VERSION: &str = "format-version";
pub const POLICY_VERSION: &str = "policy-version";
pub const FILE_UNREADABLE: &str = "file-unreadable";
pub const FILE_OUTSIDE_REPOSITORY: &str = "file-outside-repository";
pub const SUPPRESSION_REASON: &str = "suppression-reason";
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";
pub const SUPPRESSION_SYNTAX: &str = "suppression-syntax";
pub const CONFIG: &str = "config";
pub const PLACEHOLDER: &str = "placeholder";
pub const TOO_MANY_FINDINGS: &str = "too-many-findings";

pub const ENGINE_RULES: &[EngineRule] = &[
    EngineRule {
        id: YAML_SYNTAX,
        severity: Severity::Error,
        title: "The file is valid YAML",
        description: "The file must be readable YAML 1.2 text in UTF-8. The diagnostic points \
at the character where reading failed: an unclosed quote, a tab used for indentation, a \
value where a key was expected. It also covers files that cannot be YAML at all (bytes \
that are not UTF-8, a NUL byte) and files beyond the loader's limits (size, nesting depth, \
alias expansion), which partnerlint refuses rather than risk a hang.\n\n\
Fix: correct the text at the marked position. Quote values that hold `: ` or start \
with a special character (`@`, `` ` ``, `*`, `&`, `!`, `%`, `{`, `[`).",
    },
    EngineRule {
        id: YAML_DUPLICATE_KEY,
        severity: Severity::Error,
        title: "No mapping has the same key twice",
        description: "YAML forbids the same key twice in one mapping, and tools that accept it \
silently keep one of the values. Both places are labelled so you can choose which value \
is meant.\n\nFix: delete one of the two keys.",
    },
    EngineRule {
        id: YAML_SINGLE_DOCUMENT,
        severity: Severity::Error,
        title: "Exactly one YAML document in the file",
        description: "An application file describes one application: one YAML document. A \
second document (after a `---` line) is refused, and so is a file with no document at \
all (empty, or only comments).\n\nFix: put each application in a file of its own.",
    },
    EngineRule {
        id: SCHEMA,
        severity: Severity::Error,
        title: "The file satisfies the application file schema",
        description: "The file must match `schemas/partner-application.schema.json` \
(`partnerlint schema` prints it): the known fields only (an unknown key is almost \
always a typo, and the closest known key is suggested), values of the right type (a \
phone number YAML read as a number, a version YAML read as a float), the allowed values \
of each enumeration, and the fields each developer type requires.\n\nFix: as the help \
line says; the schema's field descriptions are the file format's reference.",
    },
    EngineRule {
        id: FORMAT_VERSION,
        severity: Severity::Error,
        title: "`format` is a version this tool reads",
        description: "`format` names the version of the application file format. This \
partnerlint reads format 1, the only one there is.\n\nFix: write `format: 1`, or use \
the partnerlint release that reads your format.",
    },
    EngineRule {
        id: POLICY_VERSION,
        severity: Severity::Error,
        title: "A pinned `policy` names a version the tool has",
        description: "`policy:` pins the policy version the file is checked against. It must \
name one of the rule packs this partnerlint has (`partnerlint rules --all-versions` \
lists them); without it, the newest version in force today is used. A pinned version \
that is not yet in force on the check's date (`--today`) is reported too: the file is \
still checked against it, but that policy does not apply yet.\n\nFix: pin a \
listed version (quoted: `policy: \"2026.11\"`), or remove the line.",
    },
    EngineRule {
        id: FILE_UNREADABLE,
        severity: Severity::Error,
        title: "The file can be read",
        description: "partnerlint reads regular files of a bounded size (10 MiB unless \
`--max-file-size` says otherwise). A file it cannot open (permissions), a path that is not \
a regular file (a FIFO, a device), or a file over the size limit is reported here instead \
of being read, so a check never hangs or exhausts memory.\n\nFix: make the file readable, \
or leave it out of the paths checked.",
    },
    EngineRule {
        id: FILE_OUTSIDE_REPOSITORY,
        severity: Severity::Error,
        title: "The file lies inside the repository",
        description: "In CI a pull request's author controls every file below the repository \
root, symbolic links included. An application file, a `.partnerlint.yaml` or a rule-pack \
file below the root that is a link (or lies in a linked folder) leading outside the root \
is not read: it is reported here, at the link, and nothing of what it leads to is shown. \
The root is the nearest folder holding `.git` from the current folder upward, or the \
current folder without one. Paths named on the command line outside the root, and \
`--config` and `--rules`, are taken as written.\n\n\
Fix: commit the file itself instead of a link, or name it explicitly on the command line.",
    },
    EngineRule {
        id: SUPPRESSION_REASON,
        severity: Severity::Warning,
        title: "A suppression comment says why",
        description: "A suppression comment (`# partnerlint: ignore[RULE-ID] -- reason`) silences \
a finding; the reason after `--` is what a reviewer reads to accept it. A suppression \
without one still silences the finding, and is reported here.\n\n\
Fix: write the reason after `--`, e.g. \
`# partnerlint: ignore[market-duplicate] -- kept for the 2026 migration, see TICKET-12`.",
    },
    EngineRule {
        id: UNUSED_SUPPRESSION,
        severity: Severity::Warning,
        title: "Every suppression comment silences something",
        description: "A suppression that silences nothing is stale: the finding it was written \
for is gone (fixed, or moved to another line), or the rule id is misspelt (the closest \
rule id is suggested) or names no rule of the policy in use. Each id of a suppression is \
judged on its own. Suppressions are not judged on a file whose rules could not run (a \
YAML error, an unknown policy version).\n\nFix: remove the comment, or correct the rule id.",
    },
    EngineRule {
        id: SUPPRESSION_SYNTAX,
        severity: Severity::Warning,
        title: "A `# partnerlint:` comment is a valid suppression",
        description: "A comment that starts with `partnerlint:` is read as a suppression: \
`ignore[ID, ...]` for its line (at the end of the line, or on its own line above it) or \
`ignore-file[ID, ...]` in the comment block at the top of the file, then `-- reason`, \
then optionally `until: YYYY-MM-DD`. A comment that does not follow that shape silences \
nothing, and is reported here so a typo does not go unseen.\n\nFix: write it as \
`# partnerlint: ignore[RULE-ID] -- reason until: 2027-03-31`.",
    },
    EngineRule {
        id: TOO_MANY_FINDINGS,
        severity: Severity::Error,
        title: "A file's findings fit in a report",
        description: "partnerlint reports at most 1 000 findings per file, the first in file \
order. When a file has more, the rest are counted in one finding of this rule, at the \
first of them, with the worst severity among them (so the exit code is the one the \
whole list would give). A file with that many problems is almost always generated or \
damaged, and the cap keeps every report format small and quick whatever the file holds.\n\n\
Fix: fix the findings reported and check again.",
    },
    EngineRule {
        id: CONFIG,
        severity: Severity::Error,
        title: "The configuration file is valid",
        description: "`.partnerlint.yaml` (or the file `--config` names) must match \
`schemas/config.schema.json`: known keys only (the closest is suggested), `fail_on` and \
severities among `error`, `warning`, `info` (and `off` for severities), globs that parse, \
rule-pack folders that exist, a policy version partnerlint has, and rule ids that exist \
(the closest is suggested). A broken configuration stops the run with exit code 2 before \
any file is checked.\n\nFix: as the help line says; `partnerlint config PATH` shows \
the configuration that applies to a path and where each value comes from.",
    },
    EngineRule {
        id: PLACEHOLDER,
        severity: Severity::Error,
        title: "No value is still a placeholder",
        description: "`partnerlint init` writes `<fill in: ...>` where only the partner knows \
the value: the company's name, the contact's email, the certificate's file. Each one is \
reported until it is filled in, and it is the only finding at its place (a placeholder \
is not also reported as a malformed email).\n\nFix: write the value Partner Center has \
(or will have); the comment above each field says where it comes from.",
    },
];

/// The engine rules checked on every application file: all but the configuration's.
pub fn file_rules() -> impl Iterator<Item = &'static EngineRule> {
    ENGINE_RULES.iter().filter(|r| r.id != CONFIG)
}

/// The rules a comment can silence: not the suppression checks themselves.
pub fn suppressible(id: &str) -> bool {
    !matches!(
        id,
        SUPPRESSION_REASON
            | UNUSED_SUPPRESSION
            | SUPPRESSION_SYNTAX
            | CONFIG
            | FILE_OUTSIDE_REPOSITORY
            | TOO_MANY_FINDINGS
    )
}

pub fn find(id: &str) -> Option<&'static EngineRule> {
    ENGINE_RULES.iter().find(|r| r.id == id)
}
