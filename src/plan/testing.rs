//! Plan fixtures: application files that say what their plan is, run by
//! `partnerlint rules test` next to the rule fixtures. Annotations, anywhere in the
//! file:
//!
//! - `# plan: STEP=STATE, STEP=STATE` — the state of each step named
//!   (`compliance_review=in_progress`);
//! - `# go-live: YYYY-MM-DD` or `# go-live: none` — the earliest go-live date;
//! - `# today: YYYY-MM-DD` — the date of the plan, as for rule fixtures.
//!
//! A file without `# plan:` or `# go-live:` is no plan fixture.

use super::{plan_application, Plan};
use crate::file_check::{check_source, CheckOptions};
use crate::pack::{FileAccess, PackSet, RulePack};
use crate::pack_testing::annotations as fixture;
use crate::pack_testing::{CaseKind, CaseResult, TestOptions, TestsOnDisk};
use std::path::PathBuf;

/// What a plan fixture says of itself.
#[derive(Debug, Default)]
struct Expected {
    steps: Vec<(String, String)>,
    go_live: Option<Option<String>>,
    problems: Vec<String>,
}

fn expected(text: &str) -> Expected {
    let mut out = Expected::default();
    for (i, line) in text.lines().enumerate() {
        let Some(comment) = line.trim_start().strip_prefix('#').map(str::trim) else {
            continue;
        };
        if let Some(rest) = comment.strip_prefix("plan:") {
            for item in rest.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                match item.split_once('=') {
                    Some((step, state)) => out
                        .steps
                        .push((step.trim().to_string(), state.trim().to_string())),
                    None => out.problems.push(format!(
                        "annotation on line {}: `{item}` is not STEP=STATE",
                        i + 1
                    )),
                }
            }
        } else if let Some(rest) = comment.strip_prefix("go-live:") {
            let rest = rest.trim();
            out.go_live = Some((rest != "none").then(|| rest.to_string()));
        }
    }
    out
}

/// Whether `text` is a plan fixture.
pub fn is_plan_fixture(text: &str) -> bool {
    let e = expected(text);
    !e.steps.is_empty() || e.go_live.is_some() || !e.problems.is_empty()
}

/// A fixture to plan: the file on disk, the name its case shows, its text, and what its
/// rules may read.
struct Fixture {
    path: PathBuf,
    name: String,
    text: String,
    files: FileAccess,
}

/// The plan cases among `files` and the pack's own `tests/` (on disk as `tests` lays them
/// out), against `pack`.
pub fn test_pack(
    pack: &RulePack,
    tests: Option<&TestsOnDisk>,
    files: &[PathBuf],
    options: &TestOptions,
) -> Vec<CaseResult> {
    let mut fixtures: Vec<Fixture> = Vec::new();
    let own = tests.map(TestsOnDisk::fixtures).unwrap_or_default();
    for (path, tests) in own
        .into_iter()
        .map(|p| (p, tests))
        .chain(files.iter().map(|p| (p.clone(), None)))
    {
        if let Ok(text) = std::fs::read_to_string(&path) {
            let (name, files) = match tests {
                Some(tests) => (tests.name(&path), tests.files_for(&path)),
                None => (
                    path.display().to_string(),
                    FileAccess::for_file(&path, None),
                ),
            };
            fixtures.push(Fixture {
                path,
                name,
                text,
                files,
            });
        }
    }
    fixtures.retain(|f| is_plan_fixture(&f.text));
    if fixtures.is_empty() && pack.plan.is_none() {
        // A pack without a plan and without plan fixtures has no plan cases.
        return Vec::new();
    }
    let plan = match Plan::of(pack) {
        Ok(plan) => plan,
        Err(e) => {
            return vec![CaseResult {
                name: format!("plan of {}", pack.label()),
                kind: CaseKind::Fixture,
                failures: vec![format!("the plan does not compile: {e}")],
            }]
        }
    };
    let set = PackSet::single(pack.clone());
    fixtures
        .iter()
        .map(|fixture| case(&plan, &set, pack, fixture, options))
        .collect()
}

fn case(
    plan: &Plan,
    set: &PackSet,
    pack: &RulePack,
    fixture: &Fixture,
    options: &TestOptions,
) -> CaseResult {
    let Fixture {
        path,
        name,
        text,
        files,
    } = fixture;
    let e = expected(text);
    let today = fixture::expectations(text).today.unwrap_or(options.today);
    let mut check = CheckOptions::new(today);
    check.policy = Some(pack.manifest.version.clone());
    let report = check_source(path, text.as_bytes(), files, set, &check);
    let tree = crate::yaml::load(text, &crate::yaml::Limits::default()).root;
    let planned = plan_application(Some(plan), &report, tree.as_ref(), files, today);
    let mut failures = e.problems;
    for (step, state) in &e.steps {
        match planned.steps.iter().find(|s| s.id == *step) {
            None => failures.push(format!("the plan has no step `{step}`")),
            Some(s) if s.state.as_str() != state => failures.push(format!(
                "step `{step}` is `{}`, not `{state}` as expected: {}",
                s.state.as_str(),
                s.reason
            )),
            Some(_) => {}
        }
    }
    if let Some(go_live) = e.go_live {
        let got = planned.earliest_go_live.map(|d| d.to_string());
        if got != go_live {
            failures.push(format!(
                "the earliest go-live is {}, not {} as expected",
                got.as_deref().unwrap_or("none"),
                go_live.as_deref().unwrap_or("none")
            ));
        }
    }
    CaseResult {
        name: format!("plan: {name}"),
        kind: CaseKind::Fixture,
        failures,
    }
}
