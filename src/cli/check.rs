//! `partnerlint check`.

use super::*;
use crate::report::json::JsonEmitter;
use crate::report::Emitter;

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

    let stdout = io::BufWriter::new(io::stdout().lock());
    let mut emitter: Box<dyn Emitter> = match args.format {
        Format::Human => Box::new(human::HumanEmitter::new(
            stdout,
            human::Style {
                color,
                width: terminal_width(),
            },
        )),
        Format::Json => Box::new(JsonEmitter::new(stdout)),
    };
    let mut summary = Summary::default();
    let written = crate::run::check_all(&found.files, packs, &options, |mut report| {
        if args.redact {
            crate::redact::redact(&mut report);
        }
        summary.add(&report);
        emitter.file(&report)
    })
    .and_then(|()| emitter.finish(&summary));
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
