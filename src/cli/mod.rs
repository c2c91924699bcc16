//! The command line: parses arguments, runs the stages, prints, and picks the exit code.
//! Exit codes: 0 nothing reached the fail level, 1 something did, 2 the check could not run.

mod check;
mod config;
mod explain;
mod extras;
mod fix;
mod init;
mod outputs;
mod plan;
mod rules;
mod rules_diff;
mod rules_test;
mod server;
mod statistics;
mod write_back;

use crate::diagnostic::Code;
use crate::diagnostic::Severity;
use crate::discover;
use crate::file_check::{CheckOptions, FileReport};
use crate::pack::{PackError, PackSet, RulePack};
pub use crate::report::Format;
use crate::report::{human, Summary};
use crate::source::SourceText;
use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
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

    /// Use this configuration file for every path, instead of the nearest .partnerlint.yaml
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file: the built-in settings only (for CI that checks
    /// pull requests against the policy as shipped)
    #[arg(long, global = true, conflicts_with = "config")]
    pub isolated: bool,
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
    /// Write a new application file for a developer type and its markets
    Init(init::InitArgs),
    /// The onboarding plan of each application: its steps, what blocks them, the next
    /// actions, and the earliest go-live date
    Plan(plan::PlanArgs),
    /// Print a JSON Schema: the application file's (default), a rule pack file's, or the configuration file's
    Schema {
        #[arg(value_enum, default_value_t = SchemaKind::Application)]
        kind: SchemaKind,
        /// Write it to FILE instead (e.g. into the repository, for editors to load offline)
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Show the configuration that applies to a path, and where each value comes from
    Config(ConfigArgs),
    /// Run the language server (LSP over standard input and output) for editors: the
    /// findings of `check` as you type, hover, completion and quick fixes
    Server(ServerArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions {
        /// The shell to complete in
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `partnerlint man > partnerlint.1`
    Man {
        /// Write a page per command into this folder instead
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files, folders or globs to check; `-` reads one application from standard input
    pub paths: Vec<String>,

    /// With `-`: the path the application on standard input stands for (in reports, for
    /// the configuration that applies, and for certificate paths relative to it)
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Report format; give it more than once, each followed by its own --output, for
    /// several reports from one run [default: human]
    #[arg(long, value_enum, action = ArgAction::Append)]
    pub format: Vec<Format>,

    /// Write the report of the --format before it to FILE (the terminal still gets the
    /// summary line)
    #[arg(long, short = 'o', value_name = "FILE", action = ArgAction::Append)]
    pub output: Vec<PathBuf>,

    /// The lowest severity that makes the check fail (exit 1) [default: error, or the
    /// configuration's fail_on]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Refuse files larger than this many bytes
    #[arg(long, default_value_t = crate::read::DEFAULT_MAX_FILE_SIZE, value_name = "BYTES")]
    pub max_file_size: u64,

    /// Mask personal data (emails, phone numbers, registration numbers, contact details)
    /// in every part of the report, for sharing it
    #[arg(long)]
    pub redact: bool,

    /// Exit 0 even when findings reach the fail level (2 still means the check could not run)
    #[arg(long)]
    pub exit_zero: bool,

    /// Print the findings only, without the summary line or warnings; `-qq` prints
    /// nothing at all (the exit code still tells)
    #[arg(long, short = 'q', action = ArgAction::Count)]
    pub quiet: u8,

    /// Print how many findings each rule has, instead of the findings
    #[arg(long)]
    pub statistics: bool,

    /// Print the files that would be checked, each with the configuration that applies,
    /// and check nothing
    #[arg(long)]
    pub show_files: bool,

    /// Check only these rules (ids, comma-separated or repeated)
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,

    /// Do not check these rules (ids, comma-separated or repeated)
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,

    /// Apply the safe fixes the findings carry, in place (with `-`: write the fixed file
    /// to standard output and the report to standard error); the report lists the
    /// findings that remain
    #[arg(long)]
    pub fix: bool,

    /// Also apply (with --fix) or show (with --diff) the fixes that may change what a
    /// value means: did-you-mean guesses
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what --fix would change, and write nothing; exit 1 when
    /// there is a change, 0 when there is none
    #[arg(long, conflicts_with_all = ["format", "output", "statistics", "redact", "show_files"])]
    pub diff: bool,

    /// Each report and where it goes (`None`: standard output), paired from --format and
    /// --output by position.
    #[arg(skip)]
    pub reports: Vec<(Format, Option<PathBuf>)>,
}

#[derive(clap::Args, Debug)]
pub struct ServerArgs {
    /// Refuse documents larger than this many bytes
    #[arg(long, default_value_t = crate::read::DEFAULT_MAX_FILE_SIZE, value_name = "BYTES")]
    pub max_file_size: u64,
}

#[derive(clap::Args, Debug)]
pub struct ConfigArgs {
    /// The file or folder to show the configuration for
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// As `check --fail-on`, to see it win over the configuration file
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
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

    /// More fixtures for each pack tested: DIR/<version>/ when it exists, else DIR
    /// (a pack's own `tests/` always run; a built-in pack's are in the binary)
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
    pub fn severity(self) -> Severity {
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
    Config,
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
    let cli = match parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(Failure(message)) => {
            // Messages name paths and values from input.
            let message = crate::report::visible::text(&message);
            let _ = writeln!(io::stderr(), "partnerlint: error: {message}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Parses a command line, pairing each `check --output` with the `--format` before it.
pub fn parse<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut command = Cli::command();
    let matches = command.try_get_matches_from_mut(args)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    if let (Command::Check(args), Some(m)) = (&mut cli.command, matches.subcommand_matches("check"))
    {
        let formats: Vec<usize> = m.indices_of("format").map_or(Vec::new(), Iterator::collect);
        let outputs: Vec<usize> = m.indices_of("output").map_or(Vec::new(), Iterator::collect);
        args.reports = pair_reports(&args.format, &formats, &args.output, &outputs)
            .map_err(|message| command.error(clap::error::ErrorKind::ArgumentConflict, message))?;
    }
    Ok(cli)
}

/// Pairs formats and outputs by their positions on the command line: an output belongs
/// to the format just before it; without any `--format`, to the human report.
fn pair_reports(
    formats: &[Format],
    format_at: &[usize],
    outputs: &[PathBuf],
    output_at: &[usize],
) -> Result<Vec<(Format, Option<PathBuf>)>, String> {
    let mut reports: Vec<(Format, Option<PathBuf>)> = formats.iter().map(|f| (*f, None)).collect();
    if reports.is_empty() {
        reports.push((Format::Human, None));
    }
    for (output, at) in outputs.iter().zip(output_at) {
        // An output names its format: a file of the human report, with its colours and
        // terminal layout, is seldom what `-o` was meant to give.
        let Some(owner) = format_at.iter().rposition(|p| p < at) else {
            return Err(format!(
                "`--output {}` has no `--format` before it, so it would get the human report: write `--format human --output {0}`, or the format you meant (json, sarif, junit...)",
                output.display()
            ));
        };
        if let Some(first) = &reports[owner].1 {
            return Err(format!(
                "two outputs for one `--format {}`: `{}` and `{}`; repeat `--format` before each `--output`",
                reports[owner].0.name(),
                first.display(),
                output.display()
            ));
        }
        if reports.iter().any(|r| r.1.as_ref() == Some(output)) {
            return Err(format!(
                "two reports would be written to `{}`",
                output.display()
            ));
        }
        reports[owner].1 = Some(output.clone());
    }
    let to_stdout: Vec<&str> = reports
        .iter()
        .filter(|r| r.1.is_none())
        .map(|r| r.0.name())
        .collect();
    if to_stdout.len() > 1 {
        return Err(format!(
            "only one report can go to standard output, but {} would: give each other `--format` an `--output FILE`",
            to_stdout.join(" and ")
        ));
    }
    Ok(reports)
}

/// A reason the command could not run (exit 2), already reported where it has spans.
pub struct Failure(pub String);

fn run(cli: &Cli) -> Result<u8, Failure> {
    let color = use_color(cli.color, io::stdout().is_terminal());
    match &cli.command {
        Command::Init(args) => init::run(cli, args),
        Command::Schema { kind, output } => {
            let text = match kind {
                SchemaKind::Application => crate::schema::APPLICATION_SCHEMA,
                SchemaKind::RuleFile => crate::pack::schemas::RULE_FILE,
                SchemaKind::RulePack => crate::pack::schemas::MANIFEST,
                SchemaKind::RuleData => crate::pack::schemas::DATA,
                SchemaKind::Config => crate::config::CONFIG_SCHEMA,
            };
            match output {
                Some(path) => std::fs::write(path, format!("{}\n", text.trim_end()))
                    .map(|()| EXIT_OK)
                    .map_err(|e| Failure(format!("cannot write `{}`: {e}", path.display()))),
                None => print(text.trim_end()).map(|()| EXIT_OK),
            }
        }
        Command::Check(args) => {
            let packs = load_packs(cli)?;
            let code = check::run(cli, args, &packs, color);
            // The process ends here: freeing the compiled packs node by node would only
            // delay the exit (a tenth of a one-file check).
            std::mem::forget(packs);
            code
        }
        Command::Plan(args) => {
            let packs = load_packs(cli)?;
            plan::run(cli, args, &packs)
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
        Command::Config(args) => {
            let packs = load_packs(cli)?;
            config::run(cli, args, &packs)
        }
        Command::Server(args) => server::run(cli, args),
        Command::Completions { shell } => extras::completions(*shell),
        Command::Man { dir } => extras::man(dir.as_deref()),
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
            let count = render_problems(
                files
                    .into_iter()
                    .map(|(f, d)| (f.name, f.text.into_owned(), d)),
                color,
            );
            Failure(format!(
                "the rule pack has {count} problem{}; nothing was checked",
                if count == 1 { "" } else { "s" }
            ))
        }
    }
}

/// Renders a broken configuration's diagnostics to standard error.
pub fn report_config_error(error: crate::config::ConfigError, color: ColorChoice) -> Failure {
    use crate::config::ConfigError;
    match error {
        ConfigError::Io(message) => Failure(message),
        ConfigError::Pack(e) => report_pack_error(e, color),
        ConfigError::File(name, text, diagnostics) => {
            let count = render_problems([(name, text, diagnostics)], color);
            Failure(format!(
                "the configuration file has {count} problem{}; nothing was checked",
                if count == 1 { "" } else { "s" }
            ))
        }
    }
}

/// Renders diagnostics in files that are not application files (rule packs,
/// configuration), with their source, to standard error; returns how many there were.
fn render_problems(
    files: impl IntoIterator<Item = (String, String, Vec<crate::diagnostic::Diagnostic>)>,
    color: ColorChoice,
) -> usize {
    let style = human::Style {
        color: use_color(color, io::stderr().is_terminal()),
        width: 100,
        summary: true,
    };
    let mut err = io::stderr().lock();
    let mut count = 0;
    for (name, text, diagnostics) in files {
        count += diagnostics.len();
        let mut report = FileReport {
            path: PathBuf::from(name),
            source: SourceText::new(text),
            diagnostics,
            policy: None,
            suppressed: Vec::new(),
            off: Vec::new(),
        };
        crate::report::visible::report(&mut report);
        let _ = human::render_file(&mut err, &report, style);
    }
    count
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
