//! Facts: what a person can state that answers a question of the tree (`facts.toml`), how
//! they state it per language (`facts/<language>.toml`), and the choices' `when` conditions.

use std::collections::{BTreeMap, HashMap, HashSet};

use toml::Spanned;

use super::checks::{bad_id, dangling, empty_text, is_valid_id};
use super::diagnostic::{Diagnostic, Rule};
use super::model::{Comparison, Condition, FactBook, FactKind, FactLanguage, Saying, Test};
use super::parsed::{FactLanguageSource, RawPackSet};
use super::raw::{RawFactKind, RawFactsFile};

/// Where a number fact's pattern has the number.
pub const PLACEHOLDER: &str = "{n}";

/// Reads `when` text: a flag fact alone (`tried-update`), or a number fact, a comparison
/// (`<`, `<=`, `>`, `>=`, `=`) and a number (`age < 18`).
pub fn parse_condition(written: &str) -> Result<Condition, String> {
    const OPERATORS: [(&str, Comparison); 5] = [
        ("<=", Comparison::AtMost),
        (">=", Comparison::AtLeast),
        ("<", Comparison::Below),
        (">", Comparison::Above),
        ("=", Comparison::Equal),
    ];
    let condition = written.trim();
    let found = OPERATORS
        .iter()
        .find_map(|&(symbol, comparison)| condition.split_once(symbol).map(|s| (s, comparison)));
    let (id, test) = match found {
        None => (condition, Test::Stated),
        Some(((fact, bound), comparison)) => {
            let bound = bound.trim();
            let bound: f64 = bound
                .parse()
                .ok()
                .filter(|b: &f64| b.is_finite())
                .ok_or_else(|| format!("`{bound}` is not a number to compare with"))?;
            (fact.trim(), Test::Compare(comparison, bound))
        }
    };
    if !is_valid_id(id) {
        return Err(format!(
            "`{condition}` is not a condition: write a fact's id (`tried-update`), or an id, a \
             comparison and a number (`age < 18`)"
        ));
    }
    Ok(Condition {
        fact: id.to_owned(),
        test,
    })
}

/// A condition with its text as written.
type Written<'a> = (&'a Spanned<String>, Condition);

/// The declarations, the language files and every `when` of the tree.
pub(super) fn check(set: &RawPackSet, out: &mut Vec<Diagnostic>) {
    let kinds = check_declarations(set, out);
    let known: HashSet<&str> = kinds.keys().copied().collect();
    for language in &set.fact_languages {
        check_language(language, &kinds, &known, out);
    }
    check_conditions(set, &kinds, &known, out);
}

fn check_declarations<'a>(
    set: &'a RawPackSet,
    out: &mut Vec<Diagnostic>,
) -> HashMap<&'a str, RawFactKind> {
    let mut kinds = HashMap::new();
    let file = set.facts_file.as_str();
    for fact in set.facts.iter().flat_map(|f: &RawFactsFile| &f.fact) {
        let id = fact.id.get_ref().as_str();
        out.extend(bad_id(file, &fact.id, "fact"));
        out.extend(empty_text(file, &fact.about, "the fact's `about`"));
        if kinds.insert(id, *fact.kind.get_ref()).is_some() {
            out.push(Diagnostic::new(
                Rule::DuplicateId,
                file,
                fact.id.span(),
                format!("fact id `{id}` is used twice"),
            ));
        }
    }
    kinds
}

fn check_language(
    language: &FactLanguageSource,
    kinds: &HashMap<&str, RawFactKind>,
    known: &HashSet<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let file = language.file.as_str();
    for negation in &language.raw.negations {
        out.extend(empty_text(file, negation, "this negation"));
    }
    for saying in &language.raw.say {
        if let Some(d) = dangling(file, &saying.fact, "fact", known) {
            out.push(d);
            continue;
        }
        let kind = kinds[saying.fact.get_ref().as_str()];
        if kind == RawFactKind::Flag
            && let Some(extra) = saying.scale.as_ref().or(saying.value.as_ref())
        {
            out.push(Diagnostic::new(
                Rule::BadCondition,
                file,
                extra.span(),
                format!(
                    "`{}` is a flag: its patterns state no number, so they take no `scale` or `value`",
                    saying.fact.get_ref()
                ),
            ));
        }
        for pattern in saying.patterns.get_ref() {
            let text = pattern.get_ref();
            if text.trim().is_empty() || text.trim() == PLACEHOLDER {
                out.push(Diagnostic::new(
                    Rule::EmptyText,
                    file,
                    pattern.span(),
                    "this pattern is empty: it would match every message",
                ));
                continue;
            }
            if !is_matchable(text) {
                out.push(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        file,
                        pattern.span(),
                        "patterns are matched on lowercase words without punctuation, so this one never matches",
                    )
                    .with_help(Some(format!(
                        "write it lowercase, with single spaces, no apostrophes or punctuation (\"im 17\", not \"I'm 17\"), and `{PLACEHOLDER}` for a number"
                    ))),
                );
            }
            let has_number = text.contains(PLACEHOLDER);
            let needs_number = kind == RawFactKind::Number && saying.value.is_none();
            if needs_number && !has_number {
                out.push(
                    Diagnostic::new(
                        Rule::NoPlaceholder,
                        file,
                        pattern.span(),
                        format!(
                            "`{}` is a number, and this pattern has no `{PLACEHOLDER}` for it",
                            saying.fact.get_ref()
                        ),
                    )
                    .with_help(Some(format!(
                        "write where the number stands as `{PLACEHOLDER}` (\"{PLACEHOLDER} months ago\"), or give the `[[say]]` a `value`"
                    ))),
                );
            } else if has_number && !needs_number {
                out.push(Diagnostic::new(
                    Rule::BadCondition,
                    file,
                    pattern.span(),
                    format!(
                        "this pattern has `{PLACEHOLDER}`, but `{}` takes no number from it",
                        saying.fact.get_ref()
                    ),
                ));
            }
        }
    }
}

/// Each `when` names a known fact and tests it as its kind; no two choices of a question
/// can be taken for the same words.
fn check_conditions(
    set: &RawPackSet,
    kinds: &HashMap<&str, RawFactKind>,
    known: &HashSet<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let file = set.tree_file.as_str();
    for node in &set.nodes {
        let Some(choices) = &node.raw.choices else {
            continue;
        };
        // Each choice's conditions that are sound, to compare with the other choices'.
        let mut sound: Vec<(&str, Vec<Written>)> = Vec::new();
        for choice in choices.get_ref() {
            let mut conditions = Vec::new();
            for when in &choice.when {
                match parse_condition(when.get_ref()) {
                    Err(message) => out.push(Diagnostic::new(
                        Rule::BadCondition,
                        file,
                        when.span(),
                        message,
                    )),
                    Ok(condition) => {
                        let name = Spanned::new(when.span(), condition.fact.clone());
                        if let Some(d) = dangling(file, &name, "fact", known) {
                            out.push(d);
                        } else if let Some(message) =
                            misuse(&condition, kinds[condition.fact.as_str()])
                        {
                            out.push(Diagnostic::new(
                                Rule::BadCondition,
                                file,
                                when.span(),
                                message,
                            ));
                        } else {
                            conditions.push((when, condition));
                        }
                    }
                }
            }
            sound.push((choice.key.get_ref().as_str(), conditions));
        }
        for (i, (_, later)) in sound.iter().enumerate() {
            for (earlier_key, earlier) in &sound[..i] {
                for (when, condition) in later {
                    let clash = earlier
                        .iter()
                        .find(|(_, other)| can_hold_together(condition, other));
                    if let Some((other_text, _)) = clash {
                        out.push(
                            Diagnostic::new(
                                Rule::OverlappingConditions,
                                file,
                                when.span(),
                                format!(
                                    "`{}` can hold together with `{}` of choice `{earlier_key}`: the same words would answer both",
                                    when.get_ref().trim(),
                                    other_text.get_ref().trim()
                                ),
                            )
                            .with_help(Some(
                                "make the conditions exclude each other (`age < 18`, `age >= 18`)"
                                    .into(),
                            )),
                        );
                    }
                }
            }
        }
    }
}

/// Whether a pattern is written as messages are matched (`dialogue::input::normalize`):
/// lowercase letters and digits, single spaces, and `{n}`.
fn is_matchable(pattern: &str) -> bool {
    let words = pattern.replace(PLACEHOLDER, " ");
    pattern.trim() == pattern
        && !pattern.contains("  ")
        && words
            .chars()
            .all(|c| c == ' ' || (c.is_alphanumeric() && !c.is_uppercase()))
}

fn misuse(condition: &Condition, kind: RawFactKind) -> Option<String> {
    let fact = &condition.fact;
    match (kind, condition.test) {
        (RawFactKind::Flag, Test::Compare(..)) => Some(format!(
            "`{fact}` is a flag, not a number: test it alone (`{fact}`), without a comparison"
        )),
        (RawFactKind::Number, Test::Stated) => Some(format!(
            "`{fact}` is a number: compare it with one (`{fact} < 18`)"
        )),
        _ => None,
    }
}

/// Whether one person's words can satisfy both conditions.
fn can_hold_together(a: &Condition, b: &Condition) -> bool {
    if a.fact != b.fact {
        return false;
    }
    match (a.test, b.test) {
        // Two ranges bounded by these numbers meet, if they do, at a bound, between the
        // bounds, or beyond both.
        (Test::Compare(x, bx), Test::Compare(y, by)) => {
            let (low, high) = (bx.min(by), bx.max(by));
            [low - 1.0, low, f64::midpoint(low, high), high, high + 1.0]
                .into_iter()
                .any(|value| x.holds(value, bx) && y.holds(value, by))
        }
        _ => true,
    }
}

/// The model of the facts of a pack that `check` found free of errors.
pub(super) fn build(facts: Option<RawFactsFile>, languages: Vec<FactLanguageSource>) -> FactBook {
    let kinds: BTreeMap<String, FactKind> = facts
        .into_iter()
        .flat_map(|f| f.fact)
        .map(|fact| {
            let kind = match fact.kind.into_inner() {
                RawFactKind::Number => FactKind::Number,
                RawFactKind::Flag => FactKind::Flag,
            };
            (fact.id.into_inner(), kind)
        })
        .collect();
    let languages = languages
        .into_iter()
        .map(|source| {
            let raw = source.raw;
            let mut numbers: Vec<(String, f64)> = raw
                .numbers
                .into_iter()
                .map(|(word, value)| (word.trim().to_lowercase(), f64::from(value.into_inner())))
                .collect();
            // Longest first, so "twenty one" is read before "twenty".
            numbers.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
            let sayings = raw
                .say
                .into_iter()
                .flat_map(|saying| {
                    let fact = saying.fact.into_inner();
                    let scale = saying.scale.map_or(1.0, Spanned::into_inner);
                    let value = saying.value.map(Spanned::into_inner);
                    saying
                        .patterns
                        .into_inner()
                        .into_iter()
                        .map(move |pattern| Saying {
                            fact: fact.clone(),
                            pattern: pattern.into_inner().trim().to_owned(),
                            scale,
                            value,
                        })
                })
                .collect();
            FactLanguage {
                name: source.name,
                negations: raw
                    .negations
                    .into_iter()
                    .map(|n| n.into_inner().trim().to_lowercase())
                    .collect(),
                numbers,
                sayings,
            }
        })
        .collect();
    FactBook { kinds, languages }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn condition(text: &str) -> Condition {
        parse_condition(text).expect("a condition")
    }

    #[test]
    fn conditions_read_flags_and_comparisons() {
        assert_eq!(condition(" tried-update ").test, Test::Stated);
        assert_eq!(
            condition("age<18").test,
            Test::Compare(Comparison::Below, 18.0)
        );
        assert_eq!(
            condition("document-age-months >= 3.5"),
            Condition {
                fact: "document-age-months".into(),
                test: Test::Compare(Comparison::AtLeast, 3.5)
            }
        );
        for bad in [
            "",
            "age <",
            "age < eighteen",
            "Age < 18",
            "< 18",
            "tried update",
        ] {
            assert!(parse_condition(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn overlap_is_an_intersection_of_ranges_or_the_same_flag() {
        let overlap = |a: &str, b: &str| can_hold_together(&condition(a), &condition(b));
        assert!(!overlap("age < 18", "age >= 18"));
        assert!(overlap("age <= 18", "age >= 18"));
        assert!(overlap("age < 21", "age > 18"));
        assert!(!overlap("age = 17", "age > 17"));
        assert!(overlap("age = 17", "age < 18"));
        assert!(overlap("tried-update", "tried-update"));
        assert!(!overlap("tried-update", "age < 18"));
        assert!(!overlap("doc-passport", "doc-id-card"));
    }
}
