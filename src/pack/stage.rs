//! Staged rules: a rule (or a check) that comes into force in steps. Before `warn_from` it
//! does not apply; from `warn_from` it reports as a warning that says when it becomes an
//! error; from `error_from` on, at its own severity. `--today` decides the step.

use crate::diagnostic::Severity;
use jiff::civil::Date;

/// The dates of a staged rule or check; both absent for one in force at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stage {
    pub warn_from: Option<Date>,
    pub error_from: Option<Date>,
}

/// Where a staged rule stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Not in force yet: reports nothing.
    Off,
    /// A warning, until the date it reports at its own severity (never, without one).
    Warning { until: Option<Date> },
    /// In force at its own severity.
    Full,
}

impl Stage {
    pub fn is_staged(&self) -> bool {
        self.warn_from.is_some() || self.error_from.is_some()
    }

    /// The phase on `today`. Without `warn_from` the warning phase starts when the pack
    /// does; without `error_from` it never ends.
    pub fn phase(&self, today: Date) -> Phase {
        if !self.is_staged() {
            return Phase::Full;
        }
        if self.warn_from.is_some_and(|w| today < w) {
            return Phase::Off;
        }
        match self.error_from {
            Some(e) if today >= e => Phase::Full,
            until => Phase::Warning { until },
        }
    }
}

impl Phase {
    /// The phase of a check of a staged rule: the stricter gate of the two.
    pub fn and(self, other: Phase) -> Phase {
        match (self, other) {
            (Phase::Off, _) | (_, Phase::Off) => Phase::Off,
            (Phase::Full, p) | (p, Phase::Full) => p,
            (Phase::Warning { until: a }, Phase::Warning { until: b }) => Phase::Warning {
                until: a.zip(b).map(|(a, b)| a.max(b)),
            },
        }
    }

    /// The severity and message suffix a diagnostic of `severity` gets in this phase. A
    /// staged error reports as a warning and says from when it is an error; a warning or
    /// info is not raised by staging.
    pub fn apply(self, severity: Severity) -> (Severity, Option<String>) {
        match self {
            Phase::Warning { until } if severity > Severity::Warning => (
                Severity::Warning,
                until.map(|d| format!(" (becomes an {severity} on {d})")),
            ),
            _ => (severity, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn phases_follow_the_dates() {
        let stage = Stage {
            warn_from: Some(d("2027-01-01")),
            error_from: Some(d("2027-03-01")),
        };
        assert_eq!(stage.phase(d("2026-12-31")), Phase::Off);
        assert_eq!(
            stage.phase(d("2027-01-01")),
            Phase::Warning {
                until: Some(d("2027-03-01"))
            }
        );
        assert_eq!(stage.phase(d("2027-03-01")), Phase::Full);
        assert_eq!(Stage::default().phase(d("2000-01-01")), Phase::Full);
        let only_error = Stage {
            warn_from: None,
            error_from: Some(d("2027-03-01")),
        };
        assert!(matches!(
            only_error.phase(d("2020-01-01")),
            Phase::Warning { .. }
        ));
        let only_warn = Stage {
            warn_from: Some(d("2027-01-01")),
            error_from: None,
        };
        assert_eq!(
            only_warn.phase(d("2030-01-01")),
            Phase::Warning { until: None }
        );
    }

    #[test]
    fn staging_lowers_errors_only() {
        let p = Phase::Warning {
            until: Some(d("2027-03-01")),
        };
        assert_eq!(
            p.apply(Severity::Error),
            (
                Severity::Warning,
                Some(" (becomes an error on 2027-03-01)".into())
            )
        );
        assert_eq!(p.apply(Severity::Info), (Severity::Info, None));
        assert_eq!(Phase::Full.apply(Severity::Error), (Severity::Error, None));
        assert_eq!(Phase::Off.and(Phase::Full), Phase::Off);
        assert_eq!(Phase::Full.and(p), p, "a check inherits its rule's warning");
    }
}
