//! The command line: parses arguments, runs the stages, prints, and picks the exit code.
//! Exit codes: 0 nothing reached the fail level, 1 something did, 2 the check could not run.

use crate::check::{check_file, CheckOptions, FileReport};
use crate::diagnostic::Severity;
use crate::discover;
use crate::engine_rules::ENGINE_RULES;
use crate::pack::{PackError, PackSet, RulePack};
use crate::report::{self, human, Summary};
use crate::source::SourceText;
use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use rayon::prelude::*;
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

    /// Load rule packs from this folder (a pack, or a folder of packs) instead of the built-in ones
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
    /// List the rules of the selected policy version
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
}

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// List every available policy version instead, with its dates
    #[arg(long)]
    pub all_versions: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
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
    s.parse::<Date>().map_err(|_| format!("`{s}` is not a date: write YYYY-MM-DD"))
}

/// Today in UTC, unless `--today` or `PARTNERLINT_TODAY` says otherwise.
fn today(cli: &Cli) -> Date {
    cli.today.unwrap_or_else(|| jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date())
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
            check(cli, args, &packs, color)
        }
        Command::Rules(args) => {
            let packs = load_packs(cli)?;
            if args.all_versions {
                list_versions(&packs, today(cli), args.format)
            } else {
                let pack = select_pack(cli, &packs)?;
                list_rules(pack, args.format)
            }
        }
        Command::Explain { rule } => {
            let packs = load_packs(cli)?;
            let pack = select_pack(cli, &packs)?;
            explain(pack, rule)
        }
    }
}

fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn print(text: &str) -> Result<(), Failure> {
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
            let style = human::Style { color: use_color(color, io::stderr().is_terminal()), width: 100 };
            let mut err = io::stderr().lock();
            let mut count = 0;
            for (file, diagnostics) in files {
                count += diagnostics.len();
                let report = FileReport { path: PathBuf::from(&file.name), source: SourceText::new(file.text), diagnostics, policy: None };
                let _ = human::render_file(&mut err, &report, style);
            }
            Failure(format!("the rule pack has {count} problem{}; nothing was checked", if count == 1 { "" } else { "s" }))
        }
    }
}

/// The pack `--policy` names, or the newest in force today.
fn select_pack<'a>(cli: &Cli, packs: &'a PackSet) -> Result<&'a RulePack, Failure> {
    match &cli.policy {
        Some(v) => packs.get(v).ok_or_else(|| unknown_policy(v, packs)),
        None => packs
            .in_effect(today(cli))
            .ok_or_else(|| Failure(format!("no policy version is in force on {}; known versions: {}", today(cli), packs.versions().join(", ")))),
    }
}

fn unknown_policy(version: &str, packs: &PackSet) -> Failure {
    Failure(format!("unknown policy version `{version}`; known versions: {}", packs.versions().join(", ")))
}

fn check(cli: &Cli, args: &CheckArgs, packs: &PackSet, color: bool) -> Result<u8, Failure> {
    if let Some(v) = &cli.policy {
        packs.get(v).ok_or_else(|| unknown_policy(v, packs))?;
    }
    let found = discover::discover(&args.paths).map_err(|e| Failure(e.to_string()))?;
    for glob in &found.unmatched_globs {
        let _ = writeln!(io::stderr(), "partnerlint: warning: `{glob}` matched no file");
    }
    let mut options = CheckOptions::new(today(cli));
    options.policy = cli.policy.clone();
    options.max_file_size = args.max_file_size;
    let reports: Vec<FileReport> = found.files.par_iter().map(|path| check_file(path, packs, &options)).collect();
    let summary = Summary::of(&reports);
    let mut out = io::stdout().lock();
    let written = match args.format {
        Format::Human => {
            let style = human::Style { color, width: terminal_width() };
            let mut policies: Vec<String> = reports.iter().filter_map(|r| r.policy.clone()).collect();
            policies.sort();
            policies.dedup();
            reports
                .iter()
                .try_for_each(|r| human::render_file(&mut out, r, style))
                .and_then(|()| human::render_summary(&mut out, &summary, &policies))
        }
        Format::Json => {
            let value = report::json::render(&reports, &summary);
            writeln!(out, "{}", serde_json::to_string_pretty(&value).unwrap_or_default())
        }
    };
    if let Err(e) = written {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(Failure(format!("cannot write the report: {e}")));
        }
    }
    Ok(if summary.reaches(args.fail_on.severity()) { EXIT_FINDINGS } else { EXIT_OK })
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|w| *w >= 40).unwrap_or(100)
}

fn list_rules(pack: &RulePack, format: ListFormat) -> Result<u8, Failure> {
    let engine = ENGINE_RULES.iter().map(|r| (r.id, r.severity, r.title, "engine"));
    let policy = pack.rules.iter().map(|r| (r.id.as_str(), r.severity, r.title.as_str(), "policy"));
    let rows: Vec<_> = engine.chain(policy).collect();
    match format {
        ListFormat::Json => {
            let value = serde_json::json!({
                "policy": pack.manifest.version,
                "rules": rows.iter().map(|(id, severity, title, kind)| serde_json::json!({"id": id, "severity": severity, "title": title, "kind": kind})).collect::<Vec<_>>(),
            });
            print(&serde_json::to_string_pretty(&value).unwrap_or_default())?;
        }
        ListFormat::Human => {
            let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
            let mut text = format!("Policy {} (in force from {}, {})\n\n", pack.manifest.version, pack.manifest.effective, pack.origin);
            for (id, severity, title, _) in &rows {
                text.push_str(&format!("{id:width$}  {:7}  {title}\n", severity.as_str()));
            }
            text.push_str("\n`partnerlint explain ID` says what a rule checks and why.");
            print(&text)?;
        }
    }
    Ok(EXIT_OK)
}

fn list_versions(packs: &PackSet, today: Date, format: ListFormat) -> Result<u8, Failure> {
    let current = packs.in_effect(today).map(|p| p.manifest.version.clone());
    match format {
        ListFormat::Json => {
            let value: Vec<_> = packs
                .packs()
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "version": p.manifest.version,
                        "effective": p.manifest.effective.to_string(),
                        "supersedes": p.manifest.supersedes,
                        "summary": p.manifest.summary,
                        "rules": p.rules.len(),
                        "in_effect": current.as_deref() == Some(p.manifest.version.as_str()),
                        "origin": p.origin,
                    })
                })
                .collect();
            print(&serde_json::to_string_pretty(&value).unwrap_or_default())?;
        }
        ListFormat::Human => {
            let mut text = String::new();
            for p in packs.packs() {
                let mark = if current.as_deref() == Some(p.manifest.version.as_str()) { "  (in effect today)" } else { "" };
                text.push_str(&format!(
                    "{}  from {}  {} rules{mark}\n    {}\n",
                    p.manifest.version,
                    p.manifest.effective,
                    p.rules.len(),
                    p.manifest.summary.trim()
                ));
            }
            print(text.trim_end())?;
        }
    }
    Ok(EXIT_OK)
}

fn explain(pack: &RulePack, id: &str) -> Result<u8, Failure> {
    if let Some(rule) = crate::engine_rules::find(id) {
        print(&format!(
            "{} ({}, engine check)\n\n{}\n\n{}",
            rule.id, rule.severity, rule.title, rule.description
        ))?;
        return Ok(EXIT_OK);
    }
    let Some(rule) = pack.rule(id) else {
        let ids: Vec<String> = ENGINE_RULES.iter().map(|r| r.id.to_string()).chain(pack.rules.iter().map(|r| r.id.clone())).collect();
        let hint = crate::schema::closest(id, &ids).map_or(String::new(), |c| format!("; did you mean `{c}`?"));
        return Err(Failure(format!("no rule `{id}` in policy {}{hint}", pack.manifest.version)));
    };
    let document = pack.manifest.sources.get(&rule.source.document);
    let doc_title = document.map_or(rule.source.document.clone(), |d| format!("\"{}\" ({})", d.title, d.file));
    let quote = rule.source.quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let indent = |s: &str| s.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n");
    print(&format!(
        "{id} ({severity}, policy {version})\n\n{title}\n\nSource: {doc_title}, section \"{section}\":\n    > {quote}\n\n{description}\n\nFails:\n{fail}\n\nPasses:\n{pass}",
        id = rule.id,
        severity = rule.severity,
        version = pack.manifest.version,
        title = rule.title,
        section = rule.source.section,
        description = rule.description.trim(),
        fail = indent(rule.example_fail.trim_end()),
        pass = indent(rule.example_pass.trim_end()),
    ))?;
    Ok(EXIT_OK)
}
