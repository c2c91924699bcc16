//! `partnerlint rules test`: runs rule packs' own test cases.

use super::*;
use crate::pack_testing::{self as testing, PackReport, TestOptions};
use std::path::Path;

/// What to test: a pack with its own cases and extra fixtures, or only some fixtures.
enum Job {
    Pack(Box<RulePack>, Vec<PathBuf>),
    Fixtures(Box<RulePack>, Vec<PathBuf>),
}

pub(super) fn run(cli: &Cli, args: &RulesTestArgs) -> Result<u8, Failure> {
    let mut options = TestOptions::default();
    if let Some(today) = cli.today {
        options.today = today;
    }
    if let Some(dir) = args.fixtures.as_deref().filter(|d| !d.is_dir()) {
        return Err(Failure(format!(
            "`--fixtures {}`: no such folder",
            dir.display()
        )));
    }
    let mut jobs = Vec::new();
    if args.dirs.is_empty() {
        let packs = if args.builtin {
            PackSet::builtin().map_err(|e| report_pack_error(e, cli.color))?
        } else {
            load_packs(cli)?
        };
        for pack in packs.selected() {
            jobs.push(pack_job(pack, args.fixtures.as_deref()));
        }
    } else {
        let mut loaded: Option<PackSet> = None;
        for dir in &args.dirs {
            if !dir.is_dir() {
                return Err(Failure(format!("`{}` is not a folder", dir.display())));
            }
            if holds_packs(dir) {
                let packs = PackSet::from_dir(dir).map_err(|e| report_pack_error(e, cli.color))?;
                for pack in packs.selected() {
                    jobs.push(pack_job(pack, args.fixtures.as_deref()));
                }
                continue;
            }
            // A folder of fixtures: run against `--policy`, or the version it is named after.
            if loaded.is_none() {
                loaded = Some(load_packs(cli)?);
            }
            let packs = loaded.as_ref().ok_or_else(|| Failure("no packs".into()))?;
            let named = dir.file_name().and_then(|n| n.to_str());
            let version = cli.policy.as_deref().or(named).unwrap_or_default();
            let Some(pack) = packs.get(version) else {
                return Err(Failure(format!(
                    "`{}` is a folder of fixtures, but no pack says which policy version they are for: pass `--policy VERSION` (known: {}), or name the folder after the version",
                    dir.display(),
                    packs.versions().join(", ")
                )));
            };
            let files = testing::fixture_files(dir);
            if files.is_empty() {
                return Err(Failure(format!(
                    "`{}` holds no pack and no fixture (`*.partner.yaml`)",
                    dir.display()
                )));
            }
            jobs.push(Job::Fixtures(Box::new(pack.clone()), files));
        }
    }
    let reports: Vec<PackReport> = jobs
        .iter()
        .map(|job| match job {
            // The pack's tests are laid out on disk once, for the rule and plan fixtures.
            Job::Pack(pack, extra) => match testing::TestsOnDisk::of(pack) {
                Ok(tests) => {
                    let mut report = testing::test_pack_in(pack, tests.as_ref(), extra, &options);
                    report.cases.extend(crate::plan::testing::test_pack(
                        pack,
                        tests.as_ref(),
                        extra,
                        &options,
                    ));
                    report
                }
                Err(failure) => PackReport {
                    pack: pack.label(),
                    cases: vec![failure],
                },
            },
            Job::Fixtures(pack, files) => {
                let mut report = testing::run_fixtures(pack, files, &options);
                let tests = testing::TestsOnDisk::of(pack);
                match &tests {
                    Ok(tests) => report.cases.extend(crate::plan::testing::test_pack(
                        pack,
                        tests.as_ref(),
                        files,
                        &options,
                    )),
                    Err(failure) => report.cases.push(failure.clone()),
                }
                report
            }
        })
        .collect();
    let text = match args.format {
        TestFormat::Human => testing::render_human(&reports),
        TestFormat::Junit => testing::render_junit(&reports).trim_end().to_string(),
    };
    print(&text)?;
    Ok(if reports.iter().any(|r| r.failed() > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Whether `dir` is a pack or a folder of packs.
fn holds_packs(dir: &Path) -> bool {
    dir.join("pack.yaml").is_file()
        || std::fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.path().join("pack.yaml").is_file())
        })
}

/// A pack's job: its own cases (a built-in pack's and a folder's alike), and the fixtures
/// `--fixtures` holds for its version.
fn pack_job(pack: &RulePack, fixtures: Option<&Path>) -> Job {
    let version = &pack.manifest.version;
    let files = fixtures
        .map(|dir| match dir.join(version) {
            sub if sub.is_dir() => sub,
            _ => dir.to_path_buf(),
        })
        .map(|d| testing::fixture_files(&d))
        .unwrap_or_default();
    Job::Pack(Box::new(pack.clone()), files)
}
