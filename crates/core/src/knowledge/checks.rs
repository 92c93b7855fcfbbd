//! Findings about one value that `lint` and `facts` both report: ids that are not
//! kebab-case, references to nothing, empty text.

use std::collections::HashSet;

use toml::Spanned;

use super::diagnostic::{Diagnostic, Rule};
use crate::text::did_you_mean;

pub(super) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub(super) fn bad_id(file: &str, id: &Spanned<String>, what: &str) -> Option<Diagnostic> {
    (!is_valid_id(id.get_ref())).then(|| {
        Diagnostic::new(
            Rule::BadId,
            file,
            id.span(),
            format!("{what} id `{}` is not kebab-case", id.get_ref()),
        )
        .with_help(Some(
            "ids use lowercase letters, digits and single dashes, like `upload-photos`".into(),
        ))
    })
}

pub(super) fn empty_text(file: &str, text: &Spanned<String>, what: &str) -> Option<Diagnostic> {
    text.get_ref().trim().is_empty().then(|| {
        Diagnostic::new(
            Rule::EmptyText,
            file,
            text.span(),
            format!("{what} is empty"),
        )
    })
}

pub(super) fn dangling(
    file: &str,
    reference: &Spanned<String>,
    what: &str,
    known: &HashSet<&str>,
) -> Option<Diagnostic> {
    let name = reference.get_ref().as_str();
    if known.contains(name) {
        return None;
    }
    let known = known.iter().copied();
    Some(
        Diagnostic::new(
            Rule::DanglingRef,
            file,
            reference.span(),
            format!("no {what} has the id `{name}`"),
        )
        .with_help(did_you_mean(name, known).map(|k| format!("did you mean `{k}`?"))),
    )
}
