//! A small JUnit XML writer, the shape CI servers read (Jenkins' xunit schema):
//! `<testsuites>` of `<testsuite>` of `<testcase>`, each passing, failed or skipped.

use std::fmt::Write;

#[derive(Debug, Clone, Default)]
pub struct TestSuite {
    pub name: String,
    pub cases: Vec<TestCase>,
}

#[derive(Debug, Clone, Default)]
pub struct TestCase {
    pub name: String,
    pub classname: String,
    pub failures: Vec<Failure>,
    /// Why the case was skipped, if it was.
    pub skipped: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Failure {
    pub message: String,
    /// The kind of failure (a severity, a rule id).
    pub kind: String,
    pub body: String,
}

/// Escapes text for XML attributes and content, dropping characters XML 1.0 cannot hold.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The XML declaration that starts every document.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// The XML document for `suites`, under a `<testsuites>` named `name`.
pub fn render(name: &str, suites: &[TestSuite]) -> String {
    let mut out = String::from(DECLARATION);
    let total: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failed: usize = suites
        .iter()
        .flat_map(|s| &s.cases)
        .filter(|c| !c.failures.is_empty())
        .count();
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{total}\" failures=\"{failed}\" errors=\"0\">",
        escape(name)
    );
    for (id, suite) in suites.iter().enumerate() {
        write_suite(&mut out, id, suite);
    }
    out.push_str(CLOSE);
    out
}

/// The end of the document.
pub const CLOSE: &str = "</testsuites>\n";

/// The opening `<testsuites>` of a document written a suite at a time: without totals,
/// which are known only at the end (the schema makes them optional; readers add up
/// the suites).
pub fn open_streaming(name: &str) -> String {
    format!("{DECLARATION}<testsuites name=\"{}\">\n", escape(name))
}

/// One `<testsuite>`, numbered `id`, appended to `out`.
pub fn write_suite(out: &mut String, id: usize, suite: &TestSuite) {
    let failures = suite
        .cases
        .iter()
        .filter(|c| !c.failures.is_empty())
        .count();
    let skipped = suite.cases.iter().filter(|c| c.skipped.is_some()).count();
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" id=\"{id}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
        escape(&suite.name),
        suite.cases.len()
    );
    for case in &suite.cases {
        let head = format!(
            "    <testcase name=\"{}\" classname=\"{}\"",
            escape(&case.name),
            escape(&case.classname)
        );
        if case.failures.is_empty() && case.skipped.is_none() {
            let _ = writeln!(out, "{head}/>");
            continue;
        }
        let _ = writeln!(out, "{head}>");
        if let Some(reason) = &case.skipped {
            let _ = writeln!(out, "      <skipped message=\"{}\"/>", escape(reason));
        }
        for f in &case.failures {
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&f.message),
                escape(&f.kind),
                escape(&f.body)
            );
        }
        let _ = writeln!(out, "    </testcase>");
    }
    let _ = writeln!(out, "  </testsuite>");
}
