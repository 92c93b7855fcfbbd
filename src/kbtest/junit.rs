//! `JUnit` XML, the test report format CI systems read.

use std::fmt::Write as _;

use super::run::{CaseKind, Report};

fn escape(text: &str) -> String {
    crate::text::sanitize(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One `<testsuite>` per case kind, one `<testcase>` per case, `<failure>` for each failing one.
pub fn junit_xml(report: &Report) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"idhelp kb test\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n",
        report.results.len(),
        report.failed(),
        report.known_misses()
    );
    for kind in [CaseKind::Query, CaseKind::Conversation, CaseKind::Suite] {
        let cases: Vec<_> = report.results.iter().filter(|r| r.kind == kind).collect();
        let failures = cases.iter().filter(|r| r.failed()).count();
        let skipped = cases.iter().filter(|r| r.known_miss.is_some()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\">",
            kind.as_str(),
            cases.len()
        );
        for case in cases {
            let name = escape(&case.name);
            let file = escape(&case.file);
            if let Some(miss) = &case.known_miss {
                let message = escape(&format!("known miss: {}; {}", miss.reason, miss.actual));
                let _ = writeln!(
                    out,
                    "    <testcase name=\"{name}\" classname=\"{file}\">\n      <skipped message=\"{message}\"/>\n    </testcase>"
                );
            } else if case.passed() {
                let _ = writeln!(out, "    <testcase name=\"{name}\" classname=\"{file}\"/>");
            } else {
                let message = escape(&case.failures.join("; "));
                let _ = writeln!(
                    out,
                    "    <testcase name=\"{name}\" classname=\"{file}\">\n      <failure message=\"{message}\">{message}</failure>\n    </testcase>"
                );
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
