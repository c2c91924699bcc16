//! The command line: parses arguments, runs the stages, prints, and picks the exit code.
//! Exit codes: 0 nothing reached the fail level, 1 something did, 2 the check could not run.

mod check;
mod explain;
mod rules;
mod rules_diff;
mod rules_test;

use crate::check::{CheckOptions, FileReport};
use crate::diagnostic::Severity;
use crate::discover;
use crate::engine_rules::ENGINE_RULES;
use crate::pack::{PackError, PackSet, RulePack};
use crate::report::{human, Summary};
use crate::source::SourceText;
use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code: nothing reached the fail level.
pub const EXIT_OK: u8 = 0;
/// Exit code: a finding reached the fail level (a broken input file is a finding).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: the check could not run (bad arguments, a missing path, a broken rule pack).
pub const EXIT_ERROR: u8 = 2;

#[derive(Parser, Debug)]
#[command(name = "partnerlint", version, about = "Check TikTok Shop developer-partner application files against the onboarding policy", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Load rule packs from this folder (a pack, or a folder of packs) instead of the built-in
    /// ones; the packs they extend (built-in, or by path) come along as bases
    #[arg(long, global = true, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// Check against this policy version, whatever the files pin
    #[arg(long, global = true, value_name = "VERSION")]
    pub policy: Option<String>,

    /// The date to check on (YYYY-MM-DD), for date rules; default: today (UTC)
    #[arg(long, global = true, env = "PARTNERLINT_TODAY", value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,

    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check application files (default: every *.partner.yaml / *.partner.yml below the current folder)
    Check(CheckArgs),
    /// List the rules of the selected policy version; test rule packs; compare versions
    Rules(RulesArgs),
    /// Explain a rule: what it checks, why, how to fix it, with examples
    Explain {
        /// The rule id, e.g. market-cross-border
        rule: String,
    },
    /// Print a JSON Schema: the application file's (default) or a rule pack file's
    Schema {
        #[arg(value_enum, default_value_t = SchemaKind::Application)]
        kind: SchemaKind,
    },
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files, folders or globs to check
    pub paths: Vec<String>,

    /// Report format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The lowest severity that makes the check fail (exit 1)
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Refuse files larger than this many bytes
    #[arg(long, default_value_t = 10 * 1024 * 1024, value_name = "BYTES")]
    pub max_file_size: u64,

    /// Mask personal data (emails, phone numbers, registration numbers, contact details)
    /// in every part of the report, for sharing it
    #[arg(long)]
    pub redact: bool,
}

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: Option<RulesCommand>,

    /// List every available policy version instead, with its dates
    #[arg(long)]
    pub all_versions: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Run rule packs' own test cases: annotated fixtures, and each rule's examples
    Test(RulesTestArgs),
    /// What changed between two policy versions (versions or pack folders)
    Diff(RulesDiffArgs),
}

#[derive(clap::Args, Debug)]
pub struct RulesTestArgs {
    /// Pack folders (their `tests/` and examples run), folders of packs, or folders of
    /// fixtures (run against `--policy`, or the version the folder is named after).
    /// Default: the packs of `--rules`, or the built-in packs
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,

    /// Test the built-in packs (the default without DIR and `--rules`)
    #[arg(long, conflicts_with = "dirs")]
    pub builtin: bool,

    /// More fixtures for each pack tested: DIR/<version>/ when it exists, else DIR.
    /// Default for a built-in pack: fixtures/<version>/ under the current folder
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,

    /// Report format
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,
}

#[derive(clap::Args, Debug)]
pub struct RulesDiffArgs {
    /// The old version: a version (`2026.11`) or a pack folder
    pub old: String,
    /// The new version: a version or a pack folder
    pub new: String,

    /// Also check these application files (files, folders, globs) under both versions
    /// and list those that newly fail, newly pass, or fail differently
    #[arg(long, num_args = 1.., value_name = "PATHS")]
    pub against: Vec<String>,

    /// With `--against`: the lowest severity that counts as failing
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestFormat {
    Human,
    Junit,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaKind {
    Application,
    RuleFile,
    RulePack,
    RuleData,
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|_| format!("`{s}` is not a date: write YYYY-MM-DD"))
}

/// Today in UTC, unless `--today` or `PARTNERLINT_TODAY` says otherwise.
fn today(cli: &Cli) -> Date {
    cli.today.unwrap_or_else(|| {
        jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
    })
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(Failure(message)) => {
            let _ = writeln!(io::stderr(), "partnerlint: error: {message}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// A reason the command could not run (exit 2), already reported where it has spans.
pub struct Failure(pub String);

fn run(cli: &Cli) -> Result<u8, Failure> {
    let color = use_color(cli.color, io::stdout().is_terminal());
    match &cli.command {
        Command::Schema { kind } => {
            let text = match kind {
                SchemaKind::Application => crate::schema::APPLICATION_SCHEMA,
                SchemaKind::RuleFile => crate::pack::schemas::RULE_FILE,
                SchemaKind::RulePack => crate::pack::schemas::MANIFEST,
                SchemaKind::RuleData => crate::pack::schemas::DATA,
            };
            print(text.trim_end())?;
            Ok(EXIT_OK)
        }
        Command::Check(args) => {
            let packs = load_packs(cli)?;
            check::run(cli, args, &packs, color)
        }
        Command::Rules(RulesArgs {
            command: Some(RulesCommand::Test(args)),
            ..
        }) => rules_test::run(cli, args),
        Command::Rules(RulesArgs {
            command: Some(RulesCommand::Diff(args)),
            ..
        }) => rules_diff::run(cli, args),
        Command::Rules(args) => {
            let packs = load_packs(cli)?;
            if args.all_versions {
                rules::list_versions(&packs, today(cli), args.format)
            } else {
                let pack = select_pack(cli, &packs)?;
                rules::list_rules(pack, args.format)
            }
        }
        Command::Explain { rule } => {
            let packs = load_packs(cli)?;
            let pack = select_pack(cli, &packs)?;
            explain::run(pack, rule, today(cli))
        }
    }
}

pub(crate) fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

pub(crate) fn print(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    // A closed pipe (`partnerlint rules | head`) is not an error worth a message.
    let _ = writeln!(out, "{text}");
    Ok(())
}

fn load_packs(cli: &Cli) -> Result<PackSet, Failure> {
    let loaded = match &cli.rules {
        Some(dir) => PackSet::from_dir(dir),
        None => PackSet::builtin(),
    };
    loaded.map_err(|e| report_pack_error(e, cli.color))
}

/// Renders a broken pack's diagnostics (they point into its files) to standard error.
pub fn report_pack_error(error: PackError, color: ColorChoice) -> Failure {
    match error {
        PackError::Io(message) => Failure(message),
        PackError::Files(files) => {
            let style = human::Style {
                color: use_color(color, io::stderr().is_terminal()),
                width: 100,
            };
            let mut err = io::stderr().lock();
            let mut count = 0;
            for (file, diagnostics) in files {
                count += diagnostics.len();
                let report = FileReport {
                    path: PathBuf::from(&file.name),
                    source: SourceText::new(file.text),
                    diagnostics,
                    policy: None,
                };
                let _ = human::render_file(&mut err, &report, style);
            }
            Failure(format!(
                "the rule pack has {count} problem{}; nothing was checked",
                if count == 1 { "" } else { "s" }
            ))
        }
    }
}

/// The pack `--policy` names, or the newest in force today.
fn select_pack<'a>(cli: &Cli, packs: &'a PackSet) -> Result<&'a RulePack, Failure> {
    match &cli.policy {
        Some(v) => packs.get(v).ok_or_else(|| unknown_policy(v, packs)),
        None => packs.in_effect(today(cli)).ok_or_else(|| {
            Failure(format!(
                "no policy version is in force on {}; known versions: {}",
                today(cli),
                packs.versions().join(", ")
            ))
        }),
    }
}

pub(crate) fn unknown_policy(version: &str, packs: &PackSet) -> Failure {
    Failure(format!(
        "unknown policy version `{version}`; known versions: {}",
        packs.versions().join(", ")
    ))
}
