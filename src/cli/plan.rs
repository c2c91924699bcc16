//! `partnerlint plan`: the onboarding plan of each application, from the same
//! discovery, configuration, policy and date as `check`. Exit codes: 0 the plan was
//! made, 2 it could not be; with `--fail-on-blocked`, 1 when an application has a
//! blocked step.

use super::outputs::{ClosedIsFine, ReportFiles};
use super::*;
use crate::config::Resolver;
use crate::file_check::check_file_keeping_tree;
use crate::pack::{FileAccess, FsCache};
use crate::plan::{Plan, Portfolio, Readiness};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanFormat {
    Human,
    Json,
    Markdown,
    Html,
}

#[derive(clap::Args, Debug)]
pub struct PlanArgs {
    /// Files, folders or globs to plan (default: every *.partner.yaml / *.partner.yml
    /// below the current folder)
    pub paths: Vec<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = PlanFormat::Human)]
    pub format: PlanFormat,

    /// Write the plan to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Mask personal data (names, emails, phone numbers, registration numbers) in the
    /// plan, for sharing it
    #[arg(long)]
    pub redact: bool,

    /// Exit 1 when an application has a blocked step (for CI)
    #[arg(long)]
    pub fail_on_blocked: bool,

    /// Refuse files larger than this many bytes
    #[arg(long, default_value_t = crate::read::DEFAULT_MAX_FILE_SIZE, value_name = "BYTES")]
    pub max_file_size: u64,
}

/// Each pack's compiled plan, by the pack's address (packs are shared between
/// profiles), or why it has none.
type Plans = HashMap<usize, Result<Arc<Plan>, String>>;

fn pack_key(pack: &RulePack) -> usize {
    std::ptr::from_ref(pack) as usize
}

pub(super) fn run(cli: &Cli, args: &PlanArgs, packs: &PackSet) -> Result<u8, Failure> {
    let found = discover::discover(&args.paths).map_err(|e| Failure(e.to_string()))?;
    let targets: Vec<&Path> = args.output.iter().map(PathBuf::as_path).collect();
    let report_files = ReportFiles::create(&targets, &found.files)?;
    for glob in &found.unmatched_globs {
        let _ = writeln!(
            io::stderr(),
            "partnerlint: warning: `{glob}` matched no file"
        );
    }
    let flags = check::flags(cli, None);
    let mut resolver =
        Resolver::new(&flags, packs).map_err(|e| report_config_error(e, cli.color))?;
    let mut files: Vec<(PathBuf, usize, Option<String>)> = Vec::new();
    let skipped = found.skipped.into_iter().map(|s| (s.path, Some(s.reason)));
    for (file, skip) in found.files.into_iter().map(|f| (f, None)).chain(skipped) {
        let profile = resolver
            .profile_for(&file)
            .map_err(|e| report_config_error(e, cli.color))?;
        if !resolver.profiles[profile].leaves_out(&file) {
            files.push((file, profile, skip));
        }
    }
    let profiles = resolver.profiles;
    let today = today(cli);
    check::policy_known(cli, packs, &profiles)?;
    // Every pack's plan, compiled once; a broken plan stops the run only when a file
    // needs it.
    let mut plans: Plans = HashMap::new();
    for set in profiles.iter().map(|p| &p.packs).chain([packs]) {
        for pack in set.packs() {
            plans
                .entry(pack_key(pack))
                .or_insert_with(|| match Plan::of(pack) {
                    Ok(plan) => Ok(Arc::new(plan)),
                    Err(e) => Err(describe_pack_error(e, cli.color)),
                });
        }
    }
    let options: Vec<CheckOptions> = profiles
        .iter()
        .map(|p| {
            let mut o = CheckOptions::new(today);
            o.policy = p.policy.clone();
            o.max_file_size = args.max_file_size;
            o
        })
        .collect();
    let mut portfolio = Portfolio {
        version: env!("CARGO_PKG_VERSION").to_string(),
        policy: cli
            .policy
            .clone()
            .or_else(|| packs.in_effect(today).map(|p| p.manifest.version.clone())),
        today,
        applications: Vec::with_capacity(files.len()),
    };
    // Each file is checked and planned on the thread pool, a chunk at a time as `check`
    // does, and the plans are kept in the order of the files.
    let plan_one = |(path, profile, skip): &(PathBuf, usize, Option<String>), cache: &FsCache| {
        let mut o = options[*profile].clone();
        o.levels = profiles[*profile].levels_for(path);
        let (report, tree) = match skip {
            None => check_file_keeping_tree(path, &profiles[*profile].packs, &o, Some(cache)),
            Some(reason) => (
                crate::file_check::refused(
                    path,
                    crate::diagnostic::Code::FileUnreadable,
                    reason.clone(),
                    "partnerlint plans what it can read: make the folder readable, or rename the file in UTF-8.".into(),
                    &o,
                ),
                None,
            ),
        };
        let pack = report
            .policy
            .as_deref()
            .and_then(|v| profiles[*profile].packs.get(v));
        let plan = match pack.map(|p| &plans[&pack_key(p)]) {
            Some(Ok(plan)) => Some(plan.as_ref()),
            Some(Err(e)) => return Err(e.clone()),
            None => None,
        };
        let files = FileAccess::for_file(path, Some(cache));
        let mut app = crate::plan::plan_application(plan, &report, tree.as_ref(), &files, today);
        if args.redact {
            redact(&mut app, &report);
        }
        for text in app.texts_mut() {
            if let std::borrow::Cow::Owned(shown) = crate::report::visible::text(text) {
                *text = shown;
            }
        }
        // JSON is serialized here, on the pool, rather than on the thread that writes.
        let json = match args.format {
            PlanFormat::Json => serde_json::to_vec(&app).map_err(|e| e.to_string())?,
            _ => Vec::new(),
        };
        Ok((app, json))
    };
    // JSON is written application by application, in the order of the files, as the
    // plans come; the other formats sort the overview, so they hold every plan first.
    let stream = args.format == PlanFormat::Json;
    let mut blocked = 0;
    {
        let mut out: Box<dyn Write + '_> = match report_files.files().next() {
            Some(file) => Box::new(io::BufWriter::new(file)),
            None => Box::new(io::BufWriter::new(ClosedIsFine::new(io::stdout()))),
        };
        let failed = |e: io::Error| Failure(format!("cannot write the plan: {e}"));
        if stream {
            crate::plan::json::start(&mut out, &portfolio).map_err(failed)?;
        }
        let mut count = 0;
        crate::batch::check_each(&files, plan_one, |_, planned| {
            let (app, json) = planned.map_err(Failure)?;
            blocked += usize::from(app.state == Readiness::Blocked);
            if stream {
                crate::plan::json::application(&mut out, &json, count == 0).map_err(failed)?;
            } else {
                portfolio.applications.push(app);
            }
            count += 1;
            Ok::<(), Failure>(())
        })?;
        let rendered = match args.format {
            PlanFormat::Human => {
                crate::plan::human::render(&mut out, &portfolio, check::terminal_width())
            }
            PlanFormat::Json => crate::plan::json::end(&mut out),
            PlanFormat::Markdown => crate::plan::markdown::render(&mut out, &portfolio),
            PlanFormat::Html => crate::plan::html::render(&mut out, &portfolio),
        };
        rendered.and_then(|()| out.flush()).map_err(failed)?;
    }
    report_files.commit()?;
    Ok(if args.fail_on_blocked && blocked > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// A broken plan's problems, rendered to standard error, as a message.
fn describe_pack_error(e: PackError, color: ColorChoice) -> String {
    report_pack_error(e, color).0
}

/// Masks the personal data in `app`'s texts as `check --redact` masks a report: the
/// same values of the same file, found by the same code.
fn redact(app: &mut crate::plan::AppPlan, report: &FileReport) {
    let mut texts = app.texts_mut();
    let mut carrier = FileReport {
        path: report.path.clone(),
        source: report.source.clone(),
        diagnostics: texts
            .iter()
            .map(|t| crate::diagnostic::Diagnostic::new("plan", Severity::Info, t.as_str()))
            .collect(),
        policy: None,
        suppressed: Vec::new(),
        off: Vec::new(),
    };
    crate::redact::redact(&mut carrier);
    for (text, d) in texts.iter_mut().zip(carrier.diagnostics) {
        **text = d.message;
    }
    app.file = carrier.path.display().to_string();
    app.file = app
        .file
        .strip_prefix("./")
        .map(str::to_string)
        .unwrap_or_else(|| app.file.clone());
}
