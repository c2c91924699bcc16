//! `partnerlint check`.

use super::*;

pub(super) fn run(
    cli: &Cli,
    args: &CheckArgs,
    packs: &PackSet,
    color: bool,
) -> Result<u8, Failure> {
    if let Some(v) = &cli.policy {
        packs.get(v).ok_or_else(|| unknown_policy(v, packs))?;
    }
    let found = discover::discover(&args.paths).map_err(|e| Failure(e.to_string()))?;
    for glob in &found.unmatched_globs {
        let _ = writeln!(
            io::stderr(),
            "partnerlint: warning: `{glob}` matched no file"
        );
    }
    let mut options = CheckOptions::new(today(cli));
    options.policy = cli.policy.clone();
    options.max_file_size = args.max_file_size;
    let reports: Vec<FileReport> = found
        .files
        .par_iter()
        .map(|path| check_file(path, packs, &options))
        .collect();
    let summary = Summary::of(&reports);
    let mut out = io::stdout().lock();
    let written = match args.format {
        Format::Human => {
            let style = human::Style {
                color,
                width: terminal_width(),
            };
            let mut policies: Vec<String> =
                reports.iter().filter_map(|r| r.policy.clone()).collect();
            policies.sort();
            policies.dedup();
            reports
                .iter()
                .try_for_each(|r| human::render_file(&mut out, r, style))
                .and_then(|()| human::render_summary(&mut out, &summary, &policies))
        }
        Format::Json => {
            let value = report::json::render(&reports, &summary);
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )
        }
    };
    if let Err(e) = written {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(Failure(format!("cannot write the report: {e}")));
        }
    }
    Ok(if summary.reaches(args.fail_on.severity()) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

pub(super) fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}
