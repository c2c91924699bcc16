//! Resolves what each pack extends and compiles each over its bases: the third stage of
//! the pipeline (after source and parse, before compile).

use super::compile;
use super::parse::{self, BaseRef, Parsed};
use super::source::{self, merge, PackError, PackFile};
use super::{PackSet, RulePack};
use crate::diagnostic::{Code, Diagnostic, Severity};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub(super) fn builtin() -> Result<PackSet, PackError> {
    let packs = builtin_parsed()?;
    let count = packs.len();
    Resolver::new(packs, Some(Vec::new())).finish((0..count).collect())
}

pub(super) fn builtin_parsed() -> Result<Vec<Parsed>, PackError> {
    source::builtin_files()
        .into_iter()
        .map(|(version, files)| parse::parse_trusted(files, "built-in", version))
        .collect()
}

/// How many packs an `extends` chain may hold above the pack asked for: policies layer a
/// few packs (an organisation's over the built-in one); a chain of thousands is an
/// attack on the time and memory of the run.
pub const MAX_EXTENDS_DEPTH: usize = 32;

/// The packs in `dir`; with `confine`, every file read (links resolved) must lie inside
/// that folder, as for packs a pull request's configuration names.
pub(super) fn from_dir(dir: &Path, confine: Option<&Path>) -> Result<PackSet, PackError> {
    if !dir.is_dir() {
        return Err(PackError::Io(format!(
            "rule pack folder `{}` does not exist",
            dir.display()
        )));
    }
    let dirs = if dir.join("pack.yaml").is_file() {
        vec![dir.to_path_buf()]
    } else {
        let mut subdirs: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| PackError::Io(format!("cannot read `{}`: {e}", dir.display())))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("pack.yaml").is_file())
            .collect();
        subdirs.sort();
        if subdirs.is_empty() {
            return Err(PackError::Io(format!(
                "`{}` holds no rule pack: a pack is a folder with a `pack.yaml`",
                dir.display()
            )));
        }
        subdirs
    };
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    for d in &dirs {
        match parse_dir(d, confine) {
            Ok(p) => parsed.push(p),
            Err(e) => merge(&mut problems, e)?,
        }
    }
    if !problems.is_empty() {
        return Err(PackError::Files(problems));
    }
    let count = parsed.len();
    let mut resolver = Resolver::new(parsed, None);
    resolver.confine = confine.map(Path::to_path_buf);
    resolver.finish((0..count).collect())
}

/// One pack from files held in memory, with the built-in packs as the bases it may
/// extend.
pub(super) fn from_files(files: Vec<PackFile>, origin: &str) -> Result<PackSet, PackError> {
    let parsed = parse::parse(files, origin, origin, None)?;
    Resolver::new(vec![parsed], None).finish(vec![0])
}

/// One pack folder, read and parsed.
fn parse_dir(dir: &Path, confine: Option<&Path>) -> Result<Parsed, PackError> {
    let files = source::read_dir(dir, confine)?;
    let name = dir.display().to_string();
    parse::parse(files, &name, &name, Some(dir.to_path_buf()))
}

/// `a/b/../c` as `a/c`, without touching the file system (so the name stays relative).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// Where a pack comes from, to know two references name the same pack.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Builtin(String),
    Dir(PathBuf),
}

fn key_of(p: &Parsed) -> Key {
    match &p.dir {
        Some(d) => Key::Dir(std::fs::canonicalize(d).unwrap_or_else(|_| d.clone())),
        None => Key::Builtin(p.version()),
    }
}

/// Resolves `extends` between packs: the packs asked for first, then the bases they pull
/// in (built-in packs, folders named by path), each parsed once.
struct Resolver {
    packs: Vec<Parsed>,
    keys: Vec<Key>,
    /// How many of `packs` were asked for; the rest are bases.
    asked: usize,
    /// The built-in packs, parsed when a version is not among the packs asked for.
    builtin: Option<Vec<Parsed>>,
    base: HashMap<usize, usize>,
    problems: Vec<(PackFile, Vec<Diagnostic>)>,
    /// The folder every pack file read must lie in, when the packs are untrusted.
    confine: Option<PathBuf>,
}

impl Resolver {
    /// `builtin` is `Some` when the packs asked for are themselves the built-in ones.
    fn new(packs: Vec<Parsed>, builtin: Option<Vec<Parsed>>) -> Resolver {
        let keys = packs.iter().map(key_of).collect();
        Resolver {
            asked: packs.len(),
            packs,
            keys,
            builtin,
            base: HashMap::new(),
            problems: Vec::new(),
            confine: None,
        }
    }

    fn add(&mut self, parsed: Parsed) -> usize {
        let key = key_of(&parsed);
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            return i;
        }
        self.packs.push(parsed);
        self.keys.push(key);
        self.packs.len() - 1
    }

    /// A problem at the `extends` value of pack `at` (where a chain or cycle starts).
    fn problem_at_extends(&mut self, at: usize, message: String, help: String) {
        if let Some(BaseRef::Version(_, node) | BaseRef::Path(_, node)) = self.packs[at].extends() {
            let span = node.span.clone();
            self.problem(at, span, message, help);
        }
    }

    fn problem(
        &mut self,
        at: usize,
        node_span: crate::source::Span,
        message: String,
        help: String,
    ) {
        let file = self.packs[at].manifest_file.clone();
        let d = Diagnostic::new(Code::RulePack, Severity::Error, message)
            .at(node_span, None)
            .with_help(help);
        let _ = merge(&mut self.problems, PackError::Files(vec![(file, vec![d])]));
    }

    /// Finds the base of pack `i`, adding it to the packs when it is new.
    fn resolve(&mut self, i: usize) -> Result<Option<usize>, PackError> {
        let (target, span) = match self.packs[i].extends() {
            None => return Ok(None),
            Some(BaseRef::Version(v, node)) => (Ok(v), node.span.clone()),
            Some(BaseRef::Path(p, node)) => (Err(p), node.span.clone()),
        };
        match target {
            Ok(version) => {
                let own = self.keys[i].clone();
                if let Some(j) = (0..self.asked)
                    .find(|&j| self.keys[j] != own && self.packs[j].version() == version)
                {
                    return Ok(Some(j));
                }
                if self.builtin.is_none() {
                    self.builtin = Some(builtin_parsed()?);
                }
                let builtin = self.builtin.as_deref().unwrap_or_default();
                let found = builtin
                    .iter()
                    .find(|p| key_of(p) != own && p.version() == version)
                    .cloned();
                match found {
                    Some(p) => Ok(Some(self.add(p))),
                    None => {
                        let mut known: Vec<String> = self.packs[..self.asked]
                            .iter()
                            .zip(&self.keys)
                            .filter(|(_, k)| **k != own)
                            .map(|(p, _)| p)
                            .chain(builtin)
                            .map(|p| p.version())
                            .collect();
                        known.sort();
                        known.dedup();
                        let hint = crate::diagnostic::closest(&version, &known)
                            .map_or(String::new(), |c| format!("Did you mean \"{c}\"? "));
                        self.problem(
                            i,
                            span,
                            format!("there is no policy version \"{version}\" to extend"),
                            format!(
                                "{hint}A pack extends a version of the built-in packs or of the packs loaded with it ({}), or a folder: `extends: {{path: ../base}}`.",
                                if known.is_empty() { "none".to_string() } else { known.join(", ") }
                            ),
                        );
                        Ok(None)
                    }
                }
            }
            Err(path) => {
                let Some(dir) = self.packs[i].dir.clone() else {
                    self.problem(
                        i,
                        span,
                        "a built-in pack extends a version, not a path".into(),
                        "Write `extends: \"VERSION\"`.".into(),
                    );
                    return Ok(None);
                };
                let base_dir = normalize(&dir.join(&path));
                if !base_dir.join("pack.yaml").is_file() {
                    let why = if base_dir.is_dir() {
                        "holds no `pack.yaml`"
                    } else {
                        "does not exist"
                    };
                    self.problem(
                        i,
                        span,
                        format!("the base pack `{path}` ({}) {why}", base_dir.display()),
                        "The path is relative to the folder of this `pack.yaml` and names a pack folder: one with a `pack.yaml`.".into(),
                    );
                    return Ok(None);
                }
                let key = Key::Dir(std::fs::canonicalize(&base_dir).unwrap_or(base_dir.clone()));
                if let Some(j) = self.keys.iter().position(|k| *k == key) {
                    return Ok(Some(j));
                }
                match parse_dir(&base_dir, self.confine.as_deref()) {
                    Ok(p) => Ok(Some(self.add(p))),
                    Err(e) => {
                        merge(&mut self.problems, e)?;
                        Ok(None)
                    }
                }
            }
        }
    }

    /// Resolves every pack's base, reports cycles, compiles each pack over its bases, and
    /// returns the packs asked for with the bases they need.
    fn finish(mut self, asked: Vec<usize>) -> Result<PackSet, PackError> {
        // Each pack with how far below a pack asked for it was reached: a base deeper than
        // the limit is not read at all, so a long chain of folders fails at once.
        let mut queue: Vec<(usize, usize)> = asked.iter().map(|&i| (i, 0)).collect();
        let mut seen = std::collections::HashSet::new();
        let mut too_deep = false;
        while let Some((i, depth)) = queue.pop() {
            if !seen.insert(i) {
                continue;
            }
            if depth >= MAX_EXTENDS_DEPTH && self.packs[i].extends().is_some() {
                too_deep = true;
                continue;
            }
            if let Some(j) = self.resolve(i)? {
                self.base.insert(i, j);
                queue.push((j, depth + 1));
            }
        }
        let mut broken = vec![false; self.packs.len()];
        self.report_cycles(&mut broken);
        too_deep |= self.mark_too_deep(&mut broken);
        if too_deep {
            let first = asked.first().copied().unwrap_or_default();
            self.problem_at_extends(
                first,
                format!("`extends` chains are limited to {MAX_EXTENDS_DEPTH} packs, and one here is longer"),
                "A pack extends a few others at most (an organisation's pack over a built-in version). Flatten the chain: let a pack extend the version its rules build on directly.".into(),
            );
            return Err(PackError::Files(self.problems));
        }
        let mut compiled: HashMap<usize, Option<RulePack>> = HashMap::new();
        let mut order: Vec<usize> = asked.clone();
        for i in asked.iter().copied() {
            let mut at = i;
            while let Some(&b) = self.base.get(&at) {
                if broken[b] || order.contains(&b) {
                    break;
                }
                order.push(b);
                at = b;
            }
        }
        for &i in &order {
            self.compile_at(i, &broken, &mut compiled)?;
        }
        if !self.problems.is_empty() {
            return Err(PackError::Files(self.problems));
        }
        let mut packs = Vec::new();
        for &i in &order {
            if let Some(Some(mut pack)) = compiled.remove(&i) {
                pack.base_only = !asked.contains(&i);
                packs.push(pack);
            }
        }
        Ok(PackSet::new(packs))
    }

    /// Marks every pack whose chain of bases (not a cycle: those are marked already) is
    /// longer than the limit; whether there was one. Each walk stops at the limit, so
    /// this is linear in the number of packs.
    fn mark_too_deep(&self, broken: &mut [bool]) -> bool {
        let mut any = false;
        for start in 0..self.packs.len() {
            if broken[start] {
                continue;
            }
            let mut at = start;
            let mut steps = 0;
            while let Some(&b) = self.base.get(&at) {
                steps += 1;
                if steps > MAX_EXTENDS_DEPTH || broken[b] {
                    break;
                }
                at = b;
            }
            if steps > MAX_EXTENDS_DEPTH {
                broken[start] = true;
                any = true;
            }
        }
        any
    }

    /// Marks every pack on or above a cycle of `extends`, with one diagnostic per cycle.
    fn report_cycles(&mut self, broken: &mut [bool]) {
        let mut reported: Vec<Vec<usize>> = Vec::new();
        for start in 0..self.packs.len() {
            let mut path = vec![start];
            let mut at = start;
            while let Some(&b) = self.base.get(&at) {
                if let Some(pos) = path.iter().position(|&p| p == b) {
                    let mut cycle = path[pos..].to_vec();
                    for &p in &path {
                        broken[p] = true;
                    }
                    let mut members = cycle.clone();
                    members.sort();
                    if !reported.contains(&members) {
                        reported.push(members);
                        cycle.push(b);
                        let first = cycle[0];
                        let route = cycle
                            .iter()
                            .map(|&p| self.packs[p].label())
                            .collect::<Vec<_>>()
                            .join(" → ");
                        self.problem_at_extends(
                            first,
                            format!("`extends` makes a cycle: {route}"),
                            "A pack cannot extend itself, directly or through its bases: make one of them extend none, or a built-in version.".into(),
                        );
                    }
                    break;
                }
                path.push(b);
                at = b;
            }
        }
    }

    /// Compiles pack `i` over its bases (compiling those first, once).
    fn compile_at(
        &mut self,
        i: usize,
        broken: &[bool],
        compiled: &mut HashMap<usize, Option<RulePack>>,
    ) -> Result<bool, PackError> {
        if let Some(done) = compiled.get(&i) {
            return Ok(done.is_some());
        }
        if broken[i] {
            compiled.insert(i, None);
            return Ok(false);
        }
        let mut chain = vec![i];
        if let Some(&b) = self.base.get(&i) {
            if !self.compile_at(b, broken, compiled)? {
                compiled.insert(i, None);
                return Ok(false);
            }
            let mut at = b;
            chain.push(b);
            while let Some(&next) = self.base.get(&at) {
                chain.push(next);
                at = next;
            }
        } else if self.packs[i].extends().is_some() {
            // The base could not be found: reported already.
            compiled.insert(i, None);
            return Ok(false);
        }
        chain.reverse();
        let layers: Vec<&Parsed> = chain.iter().map(|&c| &self.packs[c]).collect();
        match compile::compile(&layers) {
            Ok(pack) => {
                compiled.insert(i, Some(pack));
                Ok(true)
            }
            Err(e) => {
                merge(&mut self.problems, e)?;
                compiled.insert(i, None);
                Ok(false)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in packs are loaded unchecked at run time: this is their check.
    #[test]
    fn builtin_packs_satisfy_their_schemas() {
        for (version, files) in source::builtin_files() {
            if let Err(e) = parse::parse(files, "built-in", version, None) {
                panic!("built-in pack {version}: {e}");
            }
        }
    }
}
