//! The JUnit format, for CI test report views: a `<testsuite>` per file checked, a
//! `<testcase>` per rule checked on it (the engine's and its policy's, less those the
//! configuration turned off), and a `<failure>` per finding, whatever its severity. A
//! clean run is a report of passing tests. Suites are written as files are checked, so
//! the `<testsuites>` element carries no totals (readers add up the suites).

use super::junit_xml::{self as junit, Failure, TestCase, TestSuite};
use super::{concise, Catalog, Emitter, Summary};
use crate::file_check::FileReport;
use std::io::{self, Write};

pub struct JunitEmitter<'a, W: Write> {
    out: W,
    catalog: &'a Catalog,
    suites: usize,
}

impl<'a, W: Write> JunitEmitter<'a, W> {
    pub fn new(out: W, catalog: &'a Catalog) -> Self {
        JunitEmitter {
            out,
            catalog,
            suites: 0,
        }
    }

    fn open(&mut self) -> io::Result<()> {
        if self.suites == 0 {
            self.out
                .write_all(junit::open_streaming("partnerlint").as_bytes())?;
        }
        Ok(())
    }
}

/// The test suite of one file.
pub fn suite(report: &FileReport, catalog: &Catalog) -> TestSuite {
    let path = super::visible::portable_path(report);
    let case = |name: &str| TestCase {
        name: name.to_string(),
        classname: path.clone(),
        ..TestCase::default()
    };
    let mut cases: Vec<TestCase> = catalog.checked_on(report).map(|r| case(&r.id)).collect();
    for d in &report.diagnostics {
        let at = match cases.iter().position(|c| c.name == d.rule) {
            Some(at) => at,
            None => {
                cases.push(case(&d.rule));
                cases.len() - 1
            }
        };
        let (start, _) = super::region_or_start(report, d);
        let mut body = concise::line(report, d);
        if let Some(help) = &d.help {
            body.push('\n');
            body.push_str(help);
        }
        cases[at].failures.push(Failure {
            message: format!("{}:{}: {}", start.line, start.column, d.message),
            kind: d.severity.to_string(),
            body,
        });
    }
    TestSuite { name: path, cases }
}

impl<W: Write> Emitter for JunitEmitter<'_, W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.open()?;
        let mut xml = String::new();
        junit::write_suite(&mut xml, self.suites, &suite(report, self.catalog));
        self.out.write_all(xml.as_bytes())?;
        self.suites += 1;
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.open()?;
        // What configured the run, as a suite of its own: one passing case per
        // configuration file, named by what it changed, so CI's test view shows it.
        if !summary.configs.is_empty() {
            let cases = summary
                .configs
                .iter()
                .map(|c| TestCase {
                    name: c.describe(),
                    classname: "configuration".into(),
                    ..TestCase::default()
                })
                .collect();
            let suite = TestSuite {
                name: "partnerlint configuration".into(),
                cases,
            };
            let mut xml = String::new();
            junit::write_suite(&mut xml, self.suites, &suite);
            self.out.write_all(xml.as_bytes())?;
        }
        self.out.write_all(junit::CLOSE.as_bytes())?;
        self.out.flush()
    }
}
