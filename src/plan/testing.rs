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
use crate::pack_testing::{CaseKind, CaseResult, TestOptions};
use std::path::{Path, PathBuf};

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

/// The plan cases among `files` (and the pack's own `tests/`), against `pack`.
pub fn test_pack(pack: &RulePack, files: &[PathBuf], options: &TestOptions) -> Vec<CaseResult> {
    // The fixtures that say what their plan is: the pack's `tests/` and `files`. A
    // built-in pack's tests are written to a temporary folder first, as `rules test` does
    // for its rule fixtures, so that the certificate scans they name are found.
    let materialised = match (&pack.dir, pack.embedded_tests.is_empty()) {
        (None, false) => match crate::pack_testing::materialise(pack) {
            Ok(folder) => Some(folder),
            Err(e) => {
                return vec![CaseResult {
                    name: format!("plan of {}", pack.label()),
                    kind: CaseKind::Fixture,
                    failures: vec![format!(
                        "cannot write the built-in tests to a temporary folder: {e}"
                    )],
                }]
            }
        },
        _ => None,
    };
    let pack_dir = pack
        .dir
        .clone()
        .or_else(|| materialised.as_ref().map(|f| f.path().to_path_buf()));
    let mut on_disk: Vec<PathBuf> = pack_dir
        .as_ref()
        .map(|d| crate::pack_testing::fixture_files(&d.join("tests")))
        .unwrap_or_default();
    on_disk.extend(files.iter().cloned());
    let mut fixtures: Vec<(PathBuf, String, FileAccess)> = Vec::new();
    for path in on_disk {
        if let Ok(text) = std::fs::read_to_string(&path) {
            let files = match &materialised {
                // Confined to the pack's folder, as a pack folder's fixtures are.
                Some(folder) if path.starts_with(folder.path()) => {
                    FileAccess::within(path.parent().unwrap_or(folder.path()), folder.path())
                }
                _ => FileAccess::for_file(&path, None),
            };
            // A built-in fixture keeps the name of its file in the repository.
            let shown = match &materialised {
                Some(folder) => match path.strip_prefix(folder.path()) {
                    Ok(relative) => Path::new("rules")
                        .join(&pack.manifest.version)
                        .join(relative),
                    Err(_) => path,
                },
                None => path,
            };
            fixtures.push((shown, text, files));
        }
    }
    fixtures.retain(|(_, text, _)| is_plan_fixture(text));
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
        .map(|(path, text, files)| case(&plan, &set, pack, path, text, files, options))
        .collect()
}

fn case(
    plan: &Plan,
    set: &PackSet,
    pack: &RulePack,
    path: &Path,
    text: &str,
    files: &FileAccess,
    options: &TestOptions,
) -> CaseResult {
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
        name: format!("plan: {}", path.display()),
        kind: CaseKind::Fixture,
        failures,
    }
}
