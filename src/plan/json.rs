//! `plan --format json`: the contract the README documents. Fields are added over
//! time, never renamed; dates are `YYYY-MM-DD`.

use super::Portfolio;
use jiff::civil::Date;
use serde::Serializer;
use std::io::{self, Write};

pub fn render(out: &mut dyn Write, portfolio: &Portfolio) -> io::Result<()> {
    serde_json::to_writer(&mut *out, portfolio)?;
    writeln!(out)
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
