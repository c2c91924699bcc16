//! A profile: the settings of the files one configuration (or none) governs, from the
//! configuration and the command line's flags.

use super::file::*;
use crate::applied::{Applied, AppliedPacks};
use crate::diagnostic::Severity;
use crate::file_check::Levels;
use crate::pack::PackSet;
use crate::paths::{absolute, shown};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the command line says; it beats the configuration file.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `--config FILE`: this file for every path, instead of looking for one.
    pub config: Option<PathBuf>,
    pub policy: Option<String>,
    pub fail_on: Option<Severity>,
    /// `--isolated`: no configuration file at all, the built-in settings only.
    pub isolated: bool,
    /// `--select`: only these rules are checked (empty: every rule).
    pub select: Vec<String>,
    /// `--ignore`: these rules are not checked.
    pub ignore: Vec<String>,
}

impl Flags {
    /// The rules of `packs` that `--select` and `--ignore` switch off; an id that names no
    /// rule is an error, so a typo never silently checks nothing.
    fn switched_off(&self, packs: &PackSet) -> Result<Vec<String>, ConfigError> {
        let ids = rule_ids(packs);
        for (flag, id) in self
            .select
            .iter()
            .map(|id| ("--select", id))
            .chain(self.ignore.iter().map(|id| ("--ignore", id)))
        {
            if !ids.contains(id) {
                let hint = crate::diagnostic::closest(id, &ids)
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                return Err(ConfigError::Io(format!(
                    "`{flag} {id}`: no rule has this id{hint} (`partnerlint rules` lists them)"
                )));
            }
        }
        Ok(ids
            .into_iter()
            .filter(|id| {
                self.ignore.contains(id) || (!self.select.is_empty() && !self.select.contains(id))
            })
            .collect())
    }
}

/// The settings of the files one configuration (or none) governs.
#[derive(Debug, Clone)]
pub struct Profile {
    pub config: Option<Config>,
    /// The built-in packs (or `--rules`), and the configuration's `rules:` packs.
    pub packs: PackSet,
    /// `--policy`, else the configuration's `policy`.
    pub policy: Option<String>,
    pub fail_on: Severity,
    levels: Arc<Levels>,
    /// Rules `--select`/`--ignore` switch off: they win over the configuration.
    switched_off: Vec<String>,
    /// What the configuration changed, for the report (`None` without one).
    pub applied: Option<Applied>,
}

impl Profile {
    pub(super) fn new(
        config: Option<Config>,
        base: &PackSet,
        flags: &Flags,
        root: &Path,
    ) -> Result<Profile, ConfigError> {
        let mut packs = base.clone();
        let mut applied = config.as_ref().map(Config::applied);
        if let Some(c) = &config {
            for folder in &c.rules {
                // Named relative to the current folder where it can be, as packs show it.
                let dir = shown(&absolute(&c.dir.join(&folder.value)));
                // A pack a found configuration names is the pull request's: confined to
                // the repository. `--config` is the command line's.
                let confine = (!c.named).then_some(root);
                let extra = PackSet::from_dir_within(&dir, confine).map_err(ConfigError::Pack)?;
                let replaces: Vec<String> = extra
                    .selected()
                    .filter(|p| {
                        base.selected()
                            .any(|b| b.manifest.version == p.manifest.version)
                    })
                    .map(|p| p.manifest.version.clone())
                    .collect();
                if !replaces.is_empty() && !c.shadow_builtin {
                    return Err(c.shadowing(folder, &replaces));
                }
                if let Some(a) = &mut applied {
                    a.packs.push(AppliedPacks {
                        folder: dir.display().to_string(),
                        versions: extra
                            .selected()
                            .map(|p| p.manifest.version.clone())
                            .collect(),
                        replaces,
                    });
                }
                let kept = packs
                    .packs()
                    .iter()
                    .filter(|p| extra.get(&p.manifest.version).is_none())
                    .cloned();
                packs = PackSet::from_shared(kept.chain(extra.packs().iter().cloned()).collect());
            }
            c.check_against(&packs)?;
        }
        let switched_off = flags.switched_off(&packs)?;
        let mut levels: Levels = config.as_ref().map_or_else(Levels::new, |c| {
            c.severity
                .iter()
                .map(|s| (s.value.0.clone(), s.value.1))
                .collect()
        });
        for id in &switched_off {
            levels.insert(id.clone(), None);
        }
        Ok(Profile {
            policy: flags
                .policy
                .clone()
                .or_else(|| config.as_ref()?.policy.as_ref().map(|p| p.value.clone())),
            fail_on: flags
                .fail_on
                .or_else(|| config.as_ref()?.fail_on.as_ref().map(|f| f.value))
                .unwrap_or(Severity::Error),
            levels: Arc::new(levels),
            switched_off,
            packs,
            config,
            applied,
        })
    }

    /// Whether the configuration's `exclude` leaves `path` out.
    pub fn excludes(&self, path: &Path) -> bool {
        self.config.as_ref().is_some_and(|c| c.excludes(path))
    }

    /// `excludes`, counting the files left out for the report.
    pub fn leaves_out(&mut self, path: &Path) -> bool {
        let out = self.excludes(path);
        if let (true, Some(a)) = (out, &mut self.applied) {
            a.excluded_files += 1;
        }
        out
    }

    /// The rule levels for `path`: `severity`, then each `overrides` entry that matches.
    pub fn levels_for(&self, path: &Path) -> Arc<Levels> {
        let Some(config) = &self.config else {
            return self.levels.clone();
        };
        let mut matching = config.overrides_for(path).peekable();
        if matching.peek().is_none() {
            return self.levels.clone();
        }
        let mut levels = (*self.levels).clone();
        for (_, o) in matching {
            for s in &o.severity {
                levels.insert(s.value.0.clone(), s.value.1);
            }
        }
        for id in &self.switched_off {
            levels.insert(id.clone(), None);
        }
        Arc::new(levels)
    }
}
