//! `partnerlint check`.

use super::outputs::{ClosedIsFine, ReportFiles};
use super::*;
use crate::config::{Flags, Resolver};
use crate::diagnostic::Code;
use crate::file_check::check_file_with;
use crate::report::{Catalog, Emitter};
use std::io::Read;
use std::path::Path;

/// The configuration flags of the command line.
pub(super) fn flags(cli: &Cli, fail_on: Option<FailOn>) -> Flags {
    Flags {
        config: cli.config.clone(),
        policy: cli.policy.clone(),
        fail_on: fail_on.map(FailOn::severity),
        isolated: cli.isolated,
        ..Flags::default()
    }
}

/// What `check -` read: the application on standard input, and the path it stands for.
struct Stdin {
    path: PathBuf,
    bytes: Result<Vec<u8>, crate::read::ReadError>,
}

impl Stdin {
    /// Reads standard input when `-` is among the paths (it must be the only one).
    fn read(args: &CheckArgs) -> Result<Option<Stdin>, Failure> {
        if !args.paths.iter().any(|p| p == "-") {
            if let Some(name) = &args.stdin_filename {
                return Err(Failure(format!(
                    "`--stdin-filename {}` names standard input, but no path is `-`",
                    name.display()
                )));
            }
            return Ok(None);
        }
        if args.paths.len() > 1 {
            return Err(Failure(
                "`-` (standard input) must be the only path: check the other files in another run"
                    .into(),
            ));
        }
        let mut bytes = Vec::new();
        let limit = args.max_file_size;
        let read = io::stdin()
            .lock()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| crate::read::ReadError(format!("cannot read standard input: {e}"), String::new()))
            .and_then(|n| match n as u64 > limit {
                true => Err(crate::read::ReadError(
                    format!("standard input holds more than {limit} bytes, the size limit"),
                    "Raise the limit with `--max-file-size BYTES` if this file is meant to be this large.".into(),
                )),
                false => Ok(bytes),
            });
        Ok(Some(Stdin {
            path: args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("-")),
            bytes: read,
        }))
    }
}

pub(super) fn run(
    cli: &Cli,
    args: &CheckArgs,
    packs: &PackSet,
    color: bool,
) -> Result<u8, Failure> {
    let stdin = Stdin::read(args)?;
    let found = match &stdin {
        Some(input) => discover::Discovered {
            files: vec![input.path.clone()],
            ..Default::default()
        },
        None => discover::discover(&args.paths).map_err(|e| Failure(e.to_string()))?,
    };
    let reports = if args.reports.is_empty() {
        vec![(Format::Human, None)]
    } else {
        args.reports.clone()
    };
    // The report files are checked, and their temporary files made, before anything is
    // checked or written: a refused `-o` stops the run with every file as it was.
    let targets: Vec<&Path> = reports.iter().filter_map(|r| r.1.as_deref()).collect();
    let report_files = ReportFiles::create(&targets, &found.files)?;
    let warn = |message: String| {
        if args.quiet < 2 {
            let _ = writeln!(io::stderr(), "partnerlint: warning: {message}");
        }
    };
    for glob in &found.unmatched_globs {
        warn(format!("`{glob}` matched no file"));
    }
    for folder in &found.empty_folders {
        warn(format!(
            "`{folder}` holds no application file (looked for {})",
            discover::APPLICATION_PATTERNS
        ));
    }

    // Each file's configuration, found before anything is checked: a broken one stops
    // the run (exit 2) before any report is written.
    let flags = Flags {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        ..flags(cli, args.fail_on)
    };
    let mut resolver =
        Resolver::new(&flags, packs).map_err(|e| report_config_error(e, cli.color))?;
    // Each file with its profile, and why it was not read when the walk skipped it.
    let mut plan: Vec<(PathBuf, usize, Option<String>)> = Vec::with_capacity(found.files.len());
    let named: std::collections::HashSet<&Path> =
        args.paths.iter().map(|p| Path::new(p.as_str())).collect();
    let skipped = found.skipped.into_iter().map(|s| (s.path, Some(s.reason)));
    let mut excluded = 0;
    for (file, skip) in found.files.into_iter().map(|f| (f, None)).chain(skipped) {
        let profile = resolver
            .profile_for(&file)
            .map_err(|e| report_config_error(e, cli.color))?;
        let p = &mut resolver.profiles[profile];
        // Standard input is checked whatever the configuration excludes, as a named file is.
        if stdin.is_some() || !p.leaves_out(&file) {
            plan.push((file, profile, skip));
            continue;
        }
        excluded += 1;
        if named.contains(file.as_path()) {
            // Named on the command line: the person who named it hears why it was left out.
            let by = p.applied.as_mut().map(|a| {
                a.excluded_named.push(file.display().to_string());
                a.file.clone()
            });
            warn(format!(
                "`{}` is excluded by `{}`; it was not checked",
                file.display().to_string().escape_debug(),
                by.unwrap_or_default().escape_debug()
            ));
        }
    }
    if plan.is_empty() && excluded > 0 {
        warn(format!(
            "the configuration excludes every file found ({excluded}); nothing was checked"
        ));
    }
    let profiles = resolver.profiles;
    if args.show_files {
        return show_files(&plan, &profiles);
    }
    policy_known(cli, packs, &profiles)?;
    let options: Vec<CheckOptions> = profiles
        .iter()
        .map(|p| {
            let mut o = CheckOptions::new(today(cli));
            o.policy = p.policy.clone();
            o.max_file_size = args.max_file_size;
            o
        })
        .collect();
    // Packs come with the pull request too: their texts are shown as input is (with their
    // paragraphs: only SARIF shows them, as JSON strings).
    let mut catalog = Catalog::new(profiles.iter().map(|p| &p.packs))
        .map_texts(crate::report::visible::paragraphs);
    if args.redact {
        catalog = catalog.map_texts(crate::redact::mask_patterns);
    }

    // `--diff` prints diffs, and `--fix` on standard input the fixed file, on standard
    // output: the report then goes to standard error, as ruff does.
    let fix_mode = match (args.diff, args.fix, &stdin) {
        (true, _, _) => Some(super::fix::Mode::Diff),
        (false, true, Some(_)) => Some(super::fix::Mode::Stdout),
        (false, true, None) => Some(super::fix::Mode::Write),
        (false, false, _) => None,
    };
    let diffing = fix_mode == Some(super::fix::Mode::Diff);
    let stdout_taken = fix_mode == Some(super::fix::Mode::Stdout);
    let terminal_out = || -> Box<dyn Write> {
        match stdout_taken {
            true => Box::new(io::stderr()),
            false => Box::new(ClosedIsFine::new(io::stdout())),
        }
    };
    let mut emitters: Vec<Box<dyn Emitter + '_>> = Vec::new();
    let mut files = report_files.files();
    for (format, output) in &reports {
        if output.is_none() && (args.statistics || args.quiet >= 2 || diffing) {
            // Standard output gets the statistics, the diffs, or nothing.
            continue;
        }
        let style = human::Style {
            color: color && output.is_none(),
            width: terminal_width(),
            summary: args.quiet == 0 || output.is_some(),
        };
        let emitter = match output.as_ref().and(files.next()) {
            Some(file) => {
                crate::report::emitter(*format, io::BufWriter::new(file), &catalog, style)
            }
            None => {
                crate::report::emitter(*format, io::BufWriter::new(terminal_out()), &catalog, style)
            }
        };
        emitters.push(emitter);
    }
    drop(files);

    let mut summary = Summary {
        configs: profiles.iter().filter_map(|p| p.applied.clone()).collect(),
        fixes: crate::report::FixTally {
            mode: match fix_mode {
                None => crate::report::FixMode::Check,
                Some(super::fix::Mode::Diff) => crate::report::FixMode::Diff,
                Some(_) => crate::report::FixMode::Fix,
            },
            unsafe_fixes: args.unsafe_fixes,
            ..Default::default()
        },
        ..Summary::default()
    };
    let mut changed_files = 0;
    let mut diff_out = ClosedIsFine::new(io::stdout());
    let mut statistics = super::statistics::Statistics::default();
    let mut failed = false;
    let written = crate::batch::check_each(
        &plan,
        |(path, profile, skip), cache| {
            let p = &profiles[*profile];
            let mut o = options[*profile].clone();
            o.levels = p.levels_for(path);
            let none = super::fix::Outcome::default;
            let unreadable = |message: String, help: String| {
                crate::file_check::refused(path, Code::FileUnreadable, message, help, &o)
            };
            let read;
            let bytes: &[u8] = match (&stdin, skip) {
                (Some(input), _) => match &input.bytes {
                    Ok(bytes) => bytes,
                    Err(e) => return (unreadable(e.0.clone(), e.1.clone()), none()),
                },
                (None, Some(reason)) => return (unreadable(
                    reason.clone(),
                    "partnerlint checks what it can read: make the folder readable, or rename the file in UTF-8.".into(),
                ), none()),
                (None, None) if fix_mode.is_none() => {
                    return (check_file_with(path, &p.packs, &o, Some(cache)), none())
                }
                // Read here, not by the check: `--fix` compares these bytes with the
                // file's before it writes.
                (None, None) => match crate::file_check::read(path, &o, Some(cache)) {
                    Ok(bytes) => {
                        read = bytes;
                        &read
                    }
                    Err(report) => return (*report, none()),
                },
            };
            let files = crate::file_access::FileAccess::for_file(path, Some(cache));
            let check = |bytes: &[u8]| {
                crate::file_check::check_source_with(path, bytes, &files, &p.packs, &o, Some(cache))
            };
            match fix_mode {
                None => (check(bytes), none()),
                Some(mode) => super::fix::fix_file(
                    path,
                    bytes,
                    mode,
                    args.unsafe_fixes,
                    check,
                ),
            }
        },
        |(path, profile, _), (mut report, mut outcome)| {
            super::fix::write(path, &mut report, &mut outcome, args.max_file_size);
            for note in &outcome.notes {
                warn(note.clone());
            }
            summary.fixes.fixed += outcome.fixed;
            if let Some(diff) = &outcome.diff {
                changed_files += 1;
                diff_out.write_all(diff.as_bytes())?;
            }
            if let Some(text) = &outcome.stdout {
                // The fixed file itself, byte for byte: what the editor or pipe asked for.
                let mut out = io::stdout().lock();
                out.write_all(text)?;
                out.flush()?;
            }
            if args.redact {
                crate::redact::redact(&mut report);
            }
            crate::report::visible::report(&mut report);
            summary.add(&report);
            statistics.add(&report);
            let fail_on = profiles[*profile].fail_on;
            failed |= report.diagnostics.iter().any(|d| d.severity >= fail_on);
            emitters.iter_mut().try_for_each(|e| e.file(&report))
        },
    )
    .and_then(|()| diff_out.flush())
    .and_then(|()| emitters.iter_mut().try_for_each(|e| e.finish(&summary)));
    // A report that could not be written fails the run, and no report file is replaced.
    written.map_err(|e| Failure(format!("cannot write the report: {e}")))?;
    drop(emitters);
    report_files.commit()?;

    let stdout_format = reports.iter().find(|r| r.1.is_none()).map(|r| r.0);
    if args.statistics && args.quiet < 2 {
        let json = stdout_format == Some(Format::Json);
        let _ = statistics.render(&mut terminal_out(), &catalog, json);
    }
    // The terminal gets the summary line, whatever went to files.
    if args.quiet == 0 {
        match stdout_format {
            _ if diffing => {
                let _ = human::render_summary(&mut io::stderr().lock(), &summary);
            }
            Some(f) if f.prints_summary() && !args.statistics => {}
            Some(Format::Json) if args.statistics => {}
            Some(f) if !f.prints_summary() => {
                let _ = human::render_summary(&mut io::stderr().lock(), &summary);
            }
            _ => {
                let _ = human::render_summary(&mut terminal_out(), &summary);
            }
        }
    }
    if diffing {
        // As `ruff check --diff`: whether anything would change, whatever remains.
        return Ok(if changed_files > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        });
    }
    Ok(if failed && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// `--policy` must name a version every configuration's packs have (the built-in ones
/// when no file was found).
pub(super) fn policy_known(
    cli: &Cli,
    packs: &PackSet,
    profiles: &[crate::config::Profile],
) -> Result<(), Failure> {
    if let Some(v) = &cli.policy {
        let sets: Vec<&PackSet> = match profiles.is_empty() {
            true => vec![packs],
            false => profiles.iter().map(|p| &p.packs).collect(),
        };
        if let Some(set) = sets.into_iter().find(|set| set.get(v).is_none()) {
            return Err(unknown_policy(v, set));
        }
    }
    Ok(())
}

/// `check --show-files`: each file that would be checked, and the configuration file
/// that applies to it.
fn show_files(
    plan: &[(PathBuf, usize, Option<String>)],
    profiles: &[crate::config::Profile],
) -> Result<u8, Failure> {
    let mut out = io::stdout().lock();
    for (path, profile, _) in plan {
        let config = match &profiles[*profile].config {
            Some(c) => crate::paths::shown(&c.path).display().to_string(),
            None => "no configuration file".to_string(),
        };
        let shown = path.display().to_string();
        let shown = shown.strip_prefix("./").unwrap_or(&shown);
        let _ = writeln!(out, "{shown}\t{config}");
    }
    Ok(EXIT_OK)
}

pub(super) fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}
