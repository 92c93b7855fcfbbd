//! Reading a pack's test files (`tests/*.toml`), whose shapes the loader shares
//! ([`crate::knowledge::TestFile`]): every case, with the file it comes from.

use crate::knowledge::{
    ConversationCase, Diagnostic, QueryCase, Rule, Sources, SuiteHeader, TestFile, serde_diagnostic,
};

/// A case with the file it comes from.
#[derive(Debug, Clone)]
pub struct InFile<T> {
    pub file: String,
    pub case: T,
}

impl<T> InFile<T> {
    fn at(file: &str, case: T) -> Self {
        Self {
            file: file.to_owned(),
            case,
        }
    }
}

/// Every case of a pack's `tests/` files.
#[derive(Debug, Default)]
pub struct Suite {
    pub queries: Vec<InFile<QueryCase>>,
    pub conversations: Vec<InFile<ConversationCase>>,
    /// The files with a `[suite]` header, by file.
    pub measured: Vec<InFile<SuiteHeader>>,
}

impl Suite {
    /// The `[suite]` header of a file, if it has one.
    pub fn header(&self, file: &str) -> Option<&SuiteHeader> {
        self.measured
            .iter()
            .find(|m| m.file == file)
            .map(|m| &m.case)
    }
}

/// Reads every `tests/*.toml` file; a file that does not parse is a diagnostic, and then the
/// tests cannot run.
pub fn read_suite(sources: &Sources) -> Result<Suite, Vec<Diagnostic>> {
    let mut suite = Suite::default();
    let mut problems = Vec::new();
    for file in sources
        .files
        .iter()
        .filter(|f| f.relative.starts_with("tests/"))
    {
        let Some(text) = file.text() else {
            problems.push(Diagnostic::new(
                Rule::Unreadable,
                &file.display,
                0..0,
                "cannot read this test file",
            ));
            continue;
        };
        match TestFile::parse(text) {
            Ok(raw) => {
                let file = &file.display;
                suite
                    .measured
                    .extend(raw.suite.map(|header| InFile::at(file, header)));
                suite
                    .queries
                    .extend(raw.query.into_iter().map(|case| InFile::at(file, case)));
                suite.conversations.extend(
                    raw.conversation
                        .into_iter()
                        .map(|case| InFile::at(file, case)),
                );
            }
            Err(error) => problems.push(serde_diagnostic(&file.display, &error, 0..0)),
        }
    }
    if problems.is_empty() {
        Ok(suite)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::SourceFile;

    fn suite_of(text: &str) -> Result<Suite, Vec<Diagnostic>> {
        read_suite(&Sources {
            origin: "test".into(),
            files: vec![SourceFile::from_text("tests/queries.toml", text)],
        })
    }

    #[test]
    fn a_misspelt_key_is_an_unknown_key_with_a_suggestion() {
        let problems = suite_of("[[query]]\ntext = \"x\"\nexpcet = []\n").expect_err("refused");
        assert_eq!(problems[0].rule, Rule::UnknownKey);
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `expect`?"));
    }

    #[test]
    fn a_wrong_type_and_a_missing_field_are_named_as_such() {
        let wrong = suite_of("[[query]]\ntext = 3\nexpect = []\n").expect_err("refused");
        assert_eq!(wrong[0].rule, Rule::WrongType);
        let missing = suite_of("[[query]]\nexpect = []\n").expect_err("refused");
        assert_eq!(missing[0].rule, Rule::MissingField);
    }
}
