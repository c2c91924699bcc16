//! What reports say about the rules themselves (SARIF's rule list, JUnit's test cases):
//! the engine's rules and each policy version's, by id.

use crate::diagnostic::Code;
use crate::diagnostic::Severity;
use crate::file_check::FileReport;
use crate::pack::{PackSet, RulePack};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    pub severity: Severity,
    pub title: String,
    pub description: String,
    /// Where a policy rule comes from in the published policy.
    pub source: Option<String>,
    /// The policy version of a policy rule; `None` for the engine's.
    pub policy: Option<String>,
}

/// The rules of the engine and of every policy version a run can use.
#[derive(Debug, Clone)]
pub struct Catalog {
    engine: Vec<RuleInfo>,
    packs: BTreeMap<String, Vec<RuleInfo>>,
}

impl Catalog {
    /// The engine's rules and those of `sets`; where two sets hold the same version, the
    /// first one's rules are described.
    pub fn new<'a>(sets: impl IntoIterator<Item = &'a PackSet>) -> Catalog {
        let engine = Code::ALL
            .iter()
            .map(|c| RuleInfo {
                id: c.id().to_string(),
                severity: c.severity(),
                title: c.title().to_string(),
                description: c.description().to_string(),
                source: None,
                policy: None,
            })
            .collect();
        let mut packs = BTreeMap::new();
        for set in sets {
            for pack in set.packs() {
                packs
                    .entry(pack.manifest.version.clone())
                    .or_insert_with(|| pack_rules(pack));
            }
        }
        Catalog { engine, packs }
    }

    /// The same catalog with every text passed through `f`: `check --redact` masks the
    /// email and phone examples of the rules' documentation too.
    pub fn map_texts(mut self, f: impl Fn(&str) -> String) -> Catalog {
        for r in self
            .engine
            .iter_mut()
            .chain(self.packs.values_mut().flatten())
        {
            r.title = f(&r.title);
            r.description = f(&r.description);
            if let Some(source) = &mut r.source {
                *source = f(source);
            }
        }
        self
    }

    /// Every engine rule.
    pub fn engine(&self) -> &[RuleInfo] {
        &self.engine
    }

    /// The rules of a policy version (none for a version the run does not have).
    pub fn pack(&self, version: &str) -> &[RuleInfo] {
        self.packs.get(version).map_or(&[], Vec::as_slice)
    }

    /// The title of the rule `id`: the engine's, or the first policy version's that has it.
    pub fn title_of(&self, id: &str) -> Option<&str> {
        self.engine
            .iter()
            .chain(self.packs.values().flatten())
            .find(|r| r.id == id)
            .map(|r| r.title.as_str())
    }

    /// The rules checked on the file of `report`: the engine's file rules and its
    /// policy's, less those the configuration turned off.
    pub fn checked_on<'a>(&'a self, report: &'a FileReport) -> impl Iterator<Item = &'a RuleInfo> {
        let engine = self
            .engine
            .iter()
            .filter(|r| Code::parse(&r.id).is_some_and(Code::checks_files));
        let pack = report.policy.as_deref().map_or(&[][..], |v| self.pack(v));
        engine.chain(pack).filter(|r| !report.off.contains(&r.id))
    }
}

fn pack_rules(pack: &RulePack) -> Vec<RuleInfo> {
    pack.rules
        .iter()
        .map(|rule| {
            let (document, quote) = pack.source_of(rule);
            RuleInfo {
                id: rule.id.clone(),
                severity: rule.severity,
                title: rule.title.clone(),
                description: rule.description.trim().to_string(),
                source: Some(format!(
                    "{document}, section \"{}\": \"{quote}\"",
                    rule.source.section
                )),
                policy: Some(pack.manifest.version.clone()),
            }
        })
        .collect()
}
