//! Reply templates: `{name}` placeholders, `{{` and `}}` for literal braces.

use std::ops::Range;

/// Variables every reply has, from the pack and the entry; templates.toml may add its own.
pub const ENTRY_VARIABLES: [&str; 8] = [
    "product",
    "support",
    "official_source",
    "id",
    "title",
    "summary",
    "support_when",
    "source",
];

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Literal(&'a str),
    Brace(char),
    /// A placeholder's name and its byte range (braces included) within the template.
    Placeholder(&'a str, Range<usize>),
}

/// A brace that opens or closes nothing, at this byte range of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnbalancedBrace(pub Range<usize>);

pub fn parse(template: &str) -> Result<Vec<Piece<'_>>, UnbalancedBrace> {
    let mut pieces = Vec::new();
    let mut rest = 0;
    let bytes = template.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            open @ (b'{' | b'}') if bytes.get(at + 1) == Some(&open) => {
                pieces.push(Piece::Literal(&template[rest..at]));
                pieces.push(Piece::Brace(char::from(open)));
                at += 2;
                rest = at;
            }
            b'{' => {
                let close = template[at..]
                    .find('}')
                    .map(|i| at + i)
                    .ok_or(UnbalancedBrace(at..at + 1))?;
                let name = &template[at + 1..close];
                if name.contains('{') || name.trim().is_empty() {
                    return Err(UnbalancedBrace(at..close + 1));
                }
                pieces.push(Piece::Literal(&template[rest..at]));
                pieces.push(Piece::Placeholder(name.trim(), at..close + 1));
                at = close + 1;
                rest = at;
            }
            b'}' => return Err(UnbalancedBrace(at..at + 1)),
            _ => at += 1,
        }
    }
    pieces.push(Piece::Literal(&template[rest..]));
    pieces.retain(|p| *p != Piece::Literal(""));
    Ok(pieces)
}

/// Fills a template that `kb check` accepted; an unknown placeholder renders as written.
pub fn render(template: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    let Ok(pieces) = parse(template) else {
        return template.to_owned();
    };
    pieces
        .into_iter()
        .map(|piece| match piece {
            Piece::Literal(text) => text.to_owned(),
            Piece::Brace(c) => c.to_string(),
            Piece::Placeholder(name, span) => {
                value(name).unwrap_or_else(|| template[span].to_owned())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_keeps_escaped_braces() {
        let value = |name: &str| (name == "customer").then(|| "Ana".to_owned());
        assert_eq!(
            render("Hi {customer}, {{literal}}", &value),
            "Hi Ana, {literal}"
        );
        assert_eq!(render("{ customer }!", &value), "Ana!");
    }

    #[test]
    fn reports_unbalanced_braces_with_their_place() {
        assert_eq!(parse("Hi {customer"), Err(UnbalancedBrace(3..4)));
        assert_eq!(parse("a } b"), Err(UnbalancedBrace(2..3)));
        assert_eq!(parse("{}"), Err(UnbalancedBrace(0..2)));
        assert!(parse("é{x}é").is_ok());
    }
}
