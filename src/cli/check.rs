//! `partnerlint check`.

use super::*;
use crate::check::check_file;
use crate::config::{Flags, Resolver};
use crate::report::{Catalog, Emitter};
use std::fs::File;
use std::path::Path;

/// The configuration flags of the command line.
pub(super) fn flags(cli: &Cli, fail_on: Option<FailOn>) -> Flags {
    Flags {
        config: cli.config.clone(),
        policy: cli.policy.clone(),
        fail_on: fail_on.map(FailOn::severity),
        isolated: cli.isolated,
    }
}

pub(super) fn run(
    cli: &Cli,
    args: &CheckArgs,
    packs: &PackSet,
    color: bool,
) -> Result<u8, Failure> {
    let found = discover::discover(&args.paths).map_err(|e| Failure(e.to_string()))?;
    for glob in &found.unmatched_globs {
        let _ = writeln!(
            io::stderr(),
            "partnerlint: warning: `{glob}` matched no file"
        );
    }

    // Each file's configuration, found before anything is checked: a broken one stops
    // the run (exit 2) before any report is written.
    let flags = flags(cli, args.fail_on);
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
        if !p.leaves_out(&file) {
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
            let _ = writeln!(
                io::stderr(),
                "partnerlint: warning: `{}` is excluded by `{}`; it was not checked",
                file.display().to_string().escape_debug(),
                by.unwrap_or_default().escape_debug()
            );
        }
    }
    if plan.is_empty() && excluded > 0 {
        let _ = writeln!(
            io::stderr(),
            "partnerlint: warning: the configuration excludes every file found ({excluded}); nothing was checked"
        );
    }
    let profiles = resolver.profiles;
    // `--policy` must name a version every configuration's packs have (the built-in
    // ones when no file was found).
    if let Some(v) = &cli.policy {
        let sets: Vec<&PackSet> = match profiles.is_empty() {
            true => vec![packs],
            false => profiles.iter().map(|p| &p.packs).collect(),
        };
        if let Some(set) = sets.into_iter().find(|set| set.get(v).is_none()) {
            return Err(unknown_policy(v, set));
        }
    }
    let options: Vec<CheckOptions> = profiles
        .iter()
        .map(|p| {
            let mut o = CheckOptions::new(today(cli));
            o.policy = p.policy.clone();
            o.max_file_size = args.max_file_size;
            o
        })
        .collect();
    let mut catalog = Catalog::new(profiles.iter().map(|p| &p.packs));
    if args.redact {
        catalog = catalog.map_texts(crate::redact::mask_patterns);
    }

    let reports = if args.reports.is_empty() {
        vec![(Format::Human, None)]
    } else {
        args.reports.clone()
    };
    let mut emitters: Vec<Box<dyn Emitter + '_>> = Vec::new();
    for (format, output) in &reports {
        let style = human::Style {
            color: color && output.is_none(),
            width: terminal_width(),
        };
        let emitter = match output {
            Some(path) => {
                let file = File::create(path).map_err(|e| {
                    Failure(format!(
                        "cannot write the report to `{}`: {e}",
                        path.display()
                    ))
                })?;
                crate::report::emitter(*format, io::BufWriter::new(file), &catalog, style)
            }
            None => {
                crate::report::emitter(*format, io::BufWriter::new(io::stdout()), &catalog, style)
            }
        };
        emitters.push(emitter);
    }

    let mut summary = Summary {
        configs: profiles.iter().filter_map(|p| p.applied.clone()).collect(),
        ..Summary::default()
    };
    let mut failed = false;
    let written = crate::run::check_each(
        &plan,
        |(path, profile, skip)| {
            let profile_options = &options[*profile];
            let p = &profiles[*profile];
            let mut o = profile_options.clone();
            o.levels = p.levels_for(path);
            match skip {
                None => check_file(path, &p.packs, &o),
                Some(reason) => crate::check::refused(
                    path,
                    crate::engine_rules::FILE_UNREADABLE,
                    reason.clone(),
                    "partnerlint checks what it can read: make the folder readable, or rename the file in UTF-8.".into(),
                    &o,
                ),
            }
        },
        |(_, profile, _), mut report| {
            if args.redact {
                crate::redact::redact(&mut report);
            }
            summary.add(&report);
            let fail_on = profiles[*profile].fail_on;
            failed |= report.diagnostics.iter().any(|d| d.severity >= fail_on);
            emitters.iter_mut().try_for_each(|e| e.file(&report))
        },
    )
    .and_then(|()| emitters.iter_mut().try_for_each(|e| e.finish(&summary)));
    if let Err(e) = written {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(Failure(format!("cannot write the report: {e}")));
        }
    }
    drop(emitters);

    // The terminal gets the summary line, whatever went to files.
    let stdout_format = reports.iter().find(|r| r.1.is_none()).map(|r| r.0);
    match stdout_format {
        Some(f) if f.prints_summary() => {}
        Some(_) => {
            let _ = human::render_summary(&mut io::stderr().lock(), &summary);
        }
        None => {
            let _ = human::render_summary(&mut io::stdout().lock(), &summary);
        }
    }
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}

pub(super) fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}
