//! Ready-to-paste replies to customers, rendered from the pack's templates (pure).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::dialogue::quote_passage;
use crate::knowledge::template::{self, ENTRY_VARIABLES};
use crate::knowledge::{Entry, Knowledge};
use crate::text::did_you_mean;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyFormat {
    Text,
    Markdown,
}

/// Why a reply cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    #[error("the knowledge pack has no templates.toml, so it cannot compose replies")]
    NoTemplates,
    #[error("unknown variable `{name}`{}; known: {known}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownVariable {
        name: String,
        suggestion: Option<String>,
        known: String,
    },
    #[error("`{0}` is filled in from the entry and cannot be set")]
    BuiltInVariable(String),
}

/// A rendered reply: its parts, for JSON, and the whole text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CustomerReply {
    pub id: String,
    pub title: String,
    pub policy: bool,
    pub greeting: String,
    pub explanation: String,
    pub warnings_intro: String,
    pub warnings: Vec<String>,
    /// The heading of the steps: the policy one for an entry that ends in a policy stop.
    pub steps_intro: String,
    pub steps: Vec<String>,
    /// The guide's passages behind each step (none for general advice).
    pub step_sources: Vec<Vec<String>>,
    pub support: String,
    pub prepare: Vec<String>,
    pub closing: String,
}

/// Renders the reply for `entry` with `vars` (`name=value` pairs from the agent).
pub fn compose(
    knowledge: &Knowledge,
    entry: &Entry,
    vars: &[(String, String)],
) -> Result<CustomerReply, ReplyError> {
    let templates = knowledge
        .templates
        .as_ref()
        .ok_or(ReplyError::NoTemplates)?;
    let mut values: BTreeMap<&str, String> = templates
        .variables
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    for (name, value) in vars {
        if ENTRY_VARIABLES.contains(&name.as_str()) {
            return Err(ReplyError::BuiltInVariable(name.clone()));
        }
        let Some(slot) = values.get_mut(name.as_str()) else {
            let known: Vec<&str> = templates.variables.keys().map(String::as_str).collect();
            return Err(ReplyError::UnknownVariable {
                name: name.clone(),
                suggestion: did_you_mean(name, known.iter().copied()).map(str::to_owned),
                known: known.join(", "),
            });
        };
        slot.clone_from(value);
    }
    let pack = &knowledge.pack;
    let builtin = |name: &str| -> Option<String> {
        Some(match name {
            "product" => pack.product.clone(),
            "support" => pack.support.clone(),
            "official_source" => pack.official_source.clone(),
            "id" => entry.id.clone(),
            "title" => entry.title.clone(),
            "summary" => entry.summary.clone(),
            "support_when" => entry.support.when.clone(),
            "source" => entry.source.clone(),
            _ => return None,
        })
    };
    let lookup = |name: &str| builtin(name).or_else(|| values.get(name).cloned());
    let fill = |text: &str| template::render(text, &lookup);
    let reply = &templates.reply;
    let policy = knowledge.is_policy(&entry.id);
    Ok(CustomerReply {
        id: entry.id.clone(),
        title: entry.title.clone(),
        policy,
        greeting: fill(&reply.greeting),
        explanation: fill(&reply.explanation),
        warnings_intro: fill(&reply.warnings_intro),
        warnings: entry.warnings.clone(),
        steps_intro: fill(if policy {
            &reply.policy_intro
        } else {
            &reply.steps_intro
        }),
        steps: entry.steps.clone(),
        step_sources: entry
            .basis
            .steps
            .iter()
            .map(|basis| basis.passages().to_vec())
            .collect(),
        support: fill(&reply.support),
        prepare: entry.support.prepare.clone(),
        closing: fill(&reply.closing),
    })
}

/// Whether a rendered reply quotes the guide's passages under each step, for agents who
/// quote policy word for word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Citations {
    Quoted,
    Omitted,
}

/// The whole reply as text or Markdown, ready to paste.
pub fn render(reply: &CustomerReply, format: ReplyFormat, citations: Citations) -> String {
    let (bullet, heading) = match format {
        ReplyFormat::Text => ("- ", ""),
        ReplyFormat::Markdown => ("- ", "**"),
    };
    let mut out = format!("{}\n\n{}\n", reply.greeting, reply.explanation);
    if !reply.warnings.is_empty() {
        let _ = writeln!(out, "\n{heading}{}{heading}", reply.warnings_intro);
        for warning in &reply.warnings {
            let _ = writeln!(out, "{bullet}{warning}");
        }
    }
    let _ = writeln!(out, "\n{heading}{}{heading}", reply.steps_intro);
    let quote = match format {
        ReplyFormat::Text => "   ",
        ReplyFormat::Markdown => "   > ",
    };
    for (n, step) in reply.steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {step}", n + 1);
        if citations == Citations::Quoted {
            for passage in reply.step_sources.get(n).into_iter().flatten() {
                let _ = writeln!(out, "{quote}Guide: {}", quote_passage(passage));
            }
        }
    }
    let _ = writeln!(out, "\n{}", reply.support);
    for item in &reply.prepare {
        let _ = writeln!(out, "{bullet}{item}");
    }
    let _ = writeln!(out, "\n{}", reply.closing);
    crate::text::sanitize(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{Sources, check};

    fn shipped() -> Knowledge {
        check(&Sources::builtin())
            .knowledge
            .expect("the shipped knowledge is valid")
    }

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn fills_the_templates_with_the_entry_and_the_agents_variables() {
        let knowledge = shipped();
        let entry = knowledge.entry("upload-photos").expect("entry");
        let reply = compose(&knowledge, entry, &vars(&[("customer", "Ana")])).expect("renders");
        assert_eq!(reply.greeting, "Hi Ana,");
        assert!(reply.explanation.contains(&entry.title));
        assert!(!reply.policy);
        let text = render(&reply, ReplyFormat::Text, Citations::Omitted);
        assert!(text.contains("1. Check your internet connection"), "{text}");
        assert!(
            text.contains("recovery phrase"),
            "the wallet warning is carried: {text}"
        );
        assert!(!text.contains('{'), "every placeholder is filled: {text}");
        let markdown = render(&reply, ReplyFormat::Markdown, Citations::Omitted);
        assert!(
            markdown.contains("**Here is what usually fixes it:**"),
            "{markdown}"
        );
    }

    #[test]
    fn headings_fill_their_placeholders_too() {
        let mut knowledge = shipped();
        let templates = knowledge.templates.as_mut().expect("templates");
        templates.reply.steps_intro = "Steps for {customer}:".into();
        templates.reply.warnings_intro = "{product}: careful".into();
        let entry = knowledge.entry("upload-photos").expect("entry").clone();
        let reply = compose(&knowledge, &entry, &vars(&[("customer", "Ana")])).expect("renders");
        let text = render(&reply, ReplyFormat::Text, Citations::Omitted);
        assert!(text.contains("Steps for Ana:"), "{text}");
        assert!(!text.contains('{'), "{text}");
    }

    #[test]
    fn policy_entries_say_it_is_a_rule() {
        let knowledge = shipped();
        let entry = knowledge.entry("underage").expect("entry");
        let reply = compose(&knowledge, entry, &[]).expect("renders");
        assert!(reply.policy);
        assert!(
            render(&reply, ReplyFormat::Text, Citations::Omitted)
                .contains("comes from the platform's rules")
        );
    }

    #[test]
    fn cited_replies_quote_the_guide_under_each_step() {
        let knowledge = shipped();
        let entry = knowledge.entry("address-proof").expect("entry");
        let reply = compose(&knowledge, entry, &[]).expect("renders");
        let plain = render(&reply, ReplyFormat::Text, Citations::Omitted);
        assert!(!plain.contains("Guide:"), "{plain}");
        let cited = render(&reply, ReplyFormat::Text, Citations::Quoted);
        let step = cited
            .find("3. Use a recent document")
            .expect("the step is there");
        let quote = cited[step..]
            .find("   Guide: \"Submit a recent utility bill, bank statement, or government letter (within 90 days)\"")
            .expect("its passage follows it");
        assert!(quote < 200, "{cited}");
        let markdown = render(&reply, ReplyFormat::Markdown, Citations::Quoted);
        assert!(markdown.contains("   > Guide: \""), "{markdown}");
    }

    #[test]
    fn unknown_and_built_in_variables_are_refused() {
        let knowledge = shipped();
        let entry = knowledge.entry("underage").expect("entry");
        let error = compose(&knowledge, entry, &vars(&[("custmer", "Ana")])).expect_err("unknown");
        assert_eq!(
            error.to_string(),
            "unknown variable `custmer` (did you mean `customer`?); known: agent, customer"
        );
        let error = compose(&knowledge, entry, &vars(&[("title", "x")])).expect_err("built in");
        assert_eq!(error, ReplyError::BuiltInVariable("title".into()));
    }
}
