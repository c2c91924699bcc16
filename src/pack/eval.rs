//! Evaluates a compiled pack against one application file: the last stage of the
//! pipeline.

use super::context::Context;
use super::fix::Suggestion;
use super::stage::Phase;
use super::{Check, Rule, RulePack, Suggest};
use crate::diagnostic::Diagnostic;
use crate::file_access::{FileAccess, FsCache};
use crate::node::{Located, Node, PointerIndex};
use jiff::civil::Date;

impl RulePack {
    /// Every diagnostic the pack's rules raise on `root`; the file system is asked afresh.
    pub fn evaluate(
        &self,
        root: &Node,
        text: &str,
        today: Date,
        files: &FileAccess,
    ) -> Vec<Diagnostic> {
        self.evaluate_with(root, text, today, files, None)
    }

    /// Every diagnostic the rules that `pick` selects raise on `root`, a tree read from
    /// `original` (the file as written, where fixes make their edits), with the index of
    /// the rule (`RulePack::evaluate_with`, in `root_cause.rs`, runs them all).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn evaluate_rules(
        &self,
        root: &Node,
        original: &Node,
        text: &str,
        today: Date,
        files: &FileAccess,
        cache: Option<&FsCache>,
        pick: &dyn Fn(&Rule) -> bool,
    ) -> Vec<(usize, Diagnostic)> {
        let mut out = Vec::new();
        let mut items = Vec::new();
        let pointers = std::cell::OnceCell::new();
        let mut cx = Context::new(root, original, text, today, files, cache, &self.fields);
        for (index, rule) in self.rules.iter().enumerate() {
            let rule_phase = rule.stage.phase(today);
            if !pick(rule)
                || rule_phase == Phase::Off
                || rule
                    .when
                    .as_ref()
                    .is_some_and(|w| w.eval(&cx) != Some(true))
            {
                continue;
            }
            for check in &rule.checks {
                let phase = rule_phase.and(check.stage.phase(today));
                if phase == Phase::Off {
                    continue;
                }
                if check.for_each.is_empty() {
                    if check.fails(&cx) {
                        out.push((index, diagnostic(rule, check, &cx, phase)));
                    }
                    continue;
                }
                items.clear();
                for path in &check.for_each {
                    cx.nodes(path, &mut items);
                }
                for (node, key_span) in items.drain(..) {
                    cx.item = Some(Located {
                        node,
                        key_span,
                        pointer: String::new(),
                    });
                    if check.fails(&cx) {
                        if let Some(item) = &mut cx.item {
                            item.pointer = pointers
                                .get_or_init(|| PointerIndex::of(root))
                                .pointer(root, node)
                                .unwrap_or_default();
                        }
                        out.push((index, diagnostic(rule, check, &cx, phase)));
                    }
                }
                cx.item = None;
            }
        }
        out
    }
}

impl Check {
    /// Whether the check applies (`when`) and its requirement is known not to hold.
    fn fails(&self, cx: &Context) -> bool {
        self.when.as_ref().is_none_or(|w| w.eval(cx) == Some(true))
            && (self
                .require
                .as_ref()
                .is_some_and(|r| r.eval(cx) == Some(false))
                || self
                    .forbid
                    .as_ref()
                    .is_some_and(|f| f.eval(cx) == Some(true)))
    }
}

fn diagnostic(rule: &Rule, check: &Check, cx: &Context, phase: Phase) -> Diagnostic {
    let (at, pointer) = match (&check.at, &cx.item) {
        (Some(path), _) => path.resolve_nearest(&cx.root, cx.item.as_ref()),
        (None, Some(item)) => (item.clone(), item.pointer.clone()),
        (None, None) => (cx.root.clone(), String::new()),
    };
    let suggested = check.suggest.as_ref().and_then(|s| {
        let value = at.node.scalar_text(cx.text)?;
        suggest(&value, s)
    });
    let suggestion = suggested.as_ref().map(|s| s.value.clone());
    let help = match (&suggestion, &check.help_without_suggestion) {
        (None, Some(fallback)) => fallback.render(cx, None),
        _ => check.help.render(cx, suggestion.as_deref()),
    };
    let (severity, staged) = phase.apply(check.severity.unwrap_or(rule.severity));
    let mut message = check.message.render(cx, suggestion.as_deref());
    message.push_str(staged.as_deref().unwrap_or_default());
    let mut d = Diagnostic::new(&rule.id, severity, message)
        .with_help(help)
        .with_pointer(pointer.clone())
        .at(
            at.label_span(cx.text),
            check
                .label
                .as_ref()
                .map(|l| l.render(cx, suggestion.as_deref())),
        );
    let mut found = Vec::new();
    for (path, label) in &check.also {
        found.clear();
        path.nodes(cx.root.node, cx.item.as_ref(), &mut found);
        if let Some((other, key_span)) = found.first() {
            d = d.also(
                crate::node::label_span(other, key_span.as_ref(), cx.text),
                label.render(cx, suggestion.as_deref()),
            );
        }
    }
    let fix = check
        .fix
        .as_ref()
        .and_then(|f| f.make(cx, &at, &pointer, suggested.as_ref()));
    d.with_fix(fix)
}

/// The value meant by `value`: an alias (`GB` → `UK`), a case slip (`uk`), or the
/// closest known value. An alias of something that is not among the values (`Hong Kong`,
/// a region, where a market is asked for) suggests nothing rather than a look-alike.
/// An alias or a case slip is certain; a close spelling is a guess.
fn suggest(value: &str, s: &Suggest) -> Option<Suggestion> {
    let lower = value.trim().to_lowercase();
    if let Some((_, to)) = s
        .aliases
        .iter()
        .find(|(from, _)| from.to_lowercase() == lower)
    {
        return s.among.contains(to).then(|| Suggestion {
            value: to.clone(),
            certain: true,
        });
    }
    if let Some(same) = s.among.iter().find(|c| c.to_lowercase() == lower) {
        return Some(Suggestion {
            value: same.clone(),
            certain: true,
        });
    }
    let guess = crate::diagnostic::closest(value.trim(), &s.among)
        .map(str::to_string)
        .or_else(|| {
            s.among
                .iter()
                .map(|c| (strsim::levenshtein(&lower, &c.to_lowercase()), c))
                .filter(|(d, c)| *d <= 1 && c.len() > 1)
                .min_by_key(|(d, _)| *d)
                .map(|(_, c)| c.clone())
        });
    guess.map(|value| Suggestion {
        value,
        certain: false,
    })
}
