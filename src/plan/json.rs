//! `plan --format json`: the contract the README documents. Fields are added over
//! time, never renamed; dates are `YYYY-MM-DD`.

use super::Portfolio;
use jiff::civil::Date;
use serde::Serializer;
use std::io::{self, Write};

/// The plan's fields before its applications, as serializing the whole [`Portfolio`]
/// writes them: for writing
/// the applications one by one as they come ([`application`], then [`end`]).
pub fn start(out: &mut dyn Write, portfolio: &Portfolio) -> io::Result<()> {
    write!(
        out,
        "{{\"version\":{},\"policy\":{},\"today\":\"{}\",\"applications\":[",
        serde_json::to_string(&portfolio.version)?,
        serde_json::to_string(&portfolio.policy)?,
        portfolio.today
    )
}

/// One application, serialized (`serde_json::to_vec` of an [`AppPlan`]).
pub fn application(out: &mut dyn Write, app: &[u8], first: bool) -> io::Result<()> {
    out.write_all(if first { b"\n" } else { b",\n" })?;
    out.write_all(app)
}

pub fn end(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n]}}")
}

pub fn date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

pub fn opt_date<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}
