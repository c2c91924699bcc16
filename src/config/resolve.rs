//! Which configuration governs each file: found once per folder, loaded once per file.

use super::file::*;
use super::profile::*;
use crate::pack::PackSet;
use crate::paths::absolute;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Finds and loads the configuration of each file, once per folder and per file.
pub struct Resolver<'a> {
    flags: &'a Flags,
    /// Borrowed from the run, or owned by a language server that reloads `--rules`.
    base: Cow<'a, PackSet>,
    /// The profile `--config` gives every file.
    fixed: Option<usize>,
    folders: HashMap<PathBuf, usize>,
    /// The folder of the last file asked about, as given, and its profile: files come
    /// folder by folder.
    last: Option<(PathBuf, usize)>,
    loaded: HashMap<Option<PathBuf>, usize>,
    /// The file `--config` names (absolute).
    named: Option<PathBuf>,
    pub profiles: Vec<Profile>,
}

impl<'a> Resolver<'a> {
    pub fn new(flags: &'a Flags, base: &'a PackSet) -> Result<Resolver<'a>, ConfigError> {
        Resolver::over(flags, Cow::Borrowed(base))
    }

    /// `new`, over packs of its own.
    pub fn owning(flags: &'a Flags, base: PackSet) -> Result<Resolver<'a>, ConfigError> {
        Resolver::over(flags, Cow::Owned(base))
    }

    fn over(flags: &'a Flags, base: Cow<'a, PackSet>) -> Result<Resolver<'a>, ConfigError> {
        let mut r = Resolver {
            flags,
            base,
            fixed: None,
            folders: HashMap::new(),
            last: None,
            loaded: HashMap::new(),
            named: flags.config.as_deref().map(absolute),
            profiles: Vec::new(),
        };
        if flags.isolated {
            r.fixed = Some(r.profile_of(None, &crate::boundary::root().real)?);
            return Ok(r);
        }
        if let Some(path) = &flags.config {
            if path.symlink_metadata().is_err() {
                return Err(ConfigError::Io(format!(
                    "the configuration file `{}` does not exist",
                    path.display()
                )));
            }
            r.fixed = Some(r.profile_of(Some(absolute(path)), &crate::boundary::root().real)?);
        }
        Ok(r)
    }

    /// The profile of the configuration file `config`; the packs its `rules:` names are
    /// read inside `root` (the repository), unless `--config` named it.
    fn profile_of(&mut self, config: Option<PathBuf>, root: &Path) -> Result<usize, ConfigError> {
        if let Some(&i) = self.loaded.get(&config) {
            return Ok(i);
        }
        let loaded = match config.as_deref() {
            Some(path) => Some(Config::load(path, Some(path) == self.named.as_deref())?),
            None => None,
        };
        self.profiles
            .push(Profile::new(loaded, &self.base, self.flags, root)?);
        self.loaded.insert(config, self.profiles.len() - 1);
        Ok(self.profiles.len() - 1)
    }

    /// The index in [`Resolver::profiles`] of the profile for the file `path`.
    pub fn profile_for(&mut self, path: &Path) -> Result<usize, ConfigError> {
        if let Some(i) = self.fixed {
            return Ok(i);
        }
        let given = path.parent().unwrap_or(Path::new(""));
        if let Some((_, i)) = self.last.as_ref().filter(|(d, _)| d == given) {
            return Ok(*i);
        }
        let full = absolute(path);
        let dir = full.parent().map(Path::to_path_buf).unwrap_or_default();
        let i = self.profile_for_dir(&dir)?;
        self.last = Some((given.to_path_buf(), i));
        Ok(i)
    }

    /// The profile for files in the folder `dir` (absolute).
    pub fn profile_for_dir(&mut self, dir: &Path) -> Result<usize, ConfigError> {
        if let Some(i) = self.fixed {
            return Ok(i);
        }
        if let Some(&i) = self.folders.get(dir) {
            return Ok(i);
        }
        let i = self.profile_of(find(dir), &crate::boundary::root().real)?;
        self.folders.insert(dir.to_path_buf(), i);
        Ok(i)
    }

    /// The profile for files in the folder `dir` (absolute) of the repository `root`
    /// (absolute): the configuration is searched from `dir` up to `root`,
    /// never above, and the packs it names are read inside `root`. The language server
    /// asks this way, a document's workspace folder its repository.
    pub fn profile_within(&mut self, dir: &Path, root: &Path) -> Result<usize, ConfigError> {
        if let Some(i) = self.fixed {
            return Ok(i);
        }
        if let Some(&i) = self.folders.get(dir) {
            return Ok(i);
        }
        let real = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let i = self.profile_of(find_within(dir, root), &real)?;
        self.folders.insert(dir.to_path_buf(), i);
        Ok(i)
    }
}
