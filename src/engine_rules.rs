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
lists them); without it, the newest version in force today is used.\n\nFix: pin a \
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
];

pub fn find(id: &str) -> Option<&'static EngineRule> {
    ENGINE_RULES.iter().find(|r| r.id == id)
}
