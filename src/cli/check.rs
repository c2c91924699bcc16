//! `partnerlint check`.

use super::outputs::{ClosedIsFine, ReportFiles};
use super::*;
use crate::check::check_file;
use crate::config::{Flags, Resolver};
use crate::report::{Catalog, Emitter};
use std::path::Path;

/// The configuration flags of the command line.
pub(super) fn flags(cli: &Cli, fail_on: Option<FailOn>) -> Flags {
    Flags {
        config: cli.config.clone(),
        policy: cli.policy.clone(),
        fail_on: fail_on.map(FailOn::severity),
    }
}

pub(super) fn run(
    cli: &Cli,
    args: &CheckArgs,
    packs: &PackSet,
    color: bool,
) -> Result<u8, Failure> {
    let found = discover::discover(&args.paths).map_err(|e| Failure(e.to_string()))?;
    let reports = if args.reports.is_empty() {
        vec![(Format::Human, None)]
    } else {
        args.reports.clone()
    };
    // The report files are checked, and their temporary files made, before anything is
    // checked or written: a refused `-o` stops the run with every file as it was.
    let targets: Vec<&Path> = reports.iter().filter_map(|r| r.1.as_deref()).collect();
    let report_files = ReportFiles::create(&targets, &found.files)?;
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
    let mut plan: Vec<(PathBuf, usize)> = Vec::with_capacity(found.files.len());
    for file in found.files {
        let profile = resolver
            .profile_for(&file)
            .map_err(|e| report_config_error(e, cli.color))?;
        if !resolver.profiles[profile].excludes(&file) {
            plan.push((file, profile));
        }
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
    // Packs come with the pull request too: their texts are shown as input is (with their
    // paragraphs: only SARIF shows them, as JSON strings).
    let mut catalog = Catalog::new(profiles.iter().map(|p| &p.packs))
        .map_texts(crate::report::visible::paragraphs);
    if args.redact {
        catalog = catalog.map_texts(crate::redact::mask_patterns);
    }

    let mut emitters: Vec<Box<dyn Emitter + '_>> = Vec::new();
    let mut files = report_files.files();
    for (format, output) in &reports {
        let style = human::Style {
            color: color && output.is_none(),
            width: terminal_width(),
        };
        let emitter = match output.as_ref().and(files.next()) {
            Some(file) => {
                crate::report::emitter(*format, io::BufWriter::new(file), &catalog, style)
            }
            None => {
                let out = ClosedIsFine::new(io::stdout());
                crate::report::emitter(*format, io::BufWriter::new(out), &catalog, style)
            }
        };
        emitters.push(emitter);
    }
    drop(files);

    let mut summary = Summary::default();
    let mut failed = false;
    let written = crate::run::check_each(
        &plan,
        |(path, profile)| {
            let profile_options = &options[*profile];
            let p = &profiles[*profile];
            let mut o = profile_options.clone();
            o.levels = p.levels_for(path);
            check_file(path, &p.packs, &o)
        },
        |(_, profile), mut report| {
            if args.redact {
                crate::redact::redact(&mut report);
            }
            crate::report::visible::report(&mut report);
            summary.add(&report);
            let fail_on = profiles[*profile].fail_on;
            failed |= report.diagnostics.iter().any(|d| d.severity >= fail_on);
            emitters.iter_mut().try_for_each(|e| e.file(&report))
        },
    )
    .and_then(|()| emitters.iter_mut().try_for_each(|e| e.finish(&summary)));
    // A report that could not be written fails the run, and no report file is replaced.
    written.map_err(|e| Failure(format!("cannot write the report: {e}")))?;
    drop(emitters);
    report_files.commit()?;

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
