//! The rules that span items and files: ids, references, and the shape of the decision tree.

use std::collections::{BTreeSet, HashMap, HashSet};

use toml::Spanned;

use super::checks::{bad_id, dangling, empty_text};
use super::citation::{self, Guide, Required, SectionSource, Sections};
use super::diagnostic::{Diagnostic, Rule};
use super::parsed::{EntrySource, NodeSource, RawPackSet};
use super::raw::{
    RawDecision, RawEntryKind, RawOutcomeKind, RawStatement, RawTemplates, RawTopic, statement_text,
};
use super::template::{self, ENTRY_VARIABLES, Piece};
use crate::text::did_you_mean;

/// An entry with fewer aliases than this is hard to find with people's own words.
const MIN_ALIASES: usize = 3;

pub(super) fn cross_check(set: &RawPackSet, guide: Option<&Guide>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let entries = check_entries(&set.entries, &mut out);
    let entry_ids: HashSet<&str> = entries
        .keys()
        .copied()
        .chain(set.broken_entries.iter().map(String::as_str))
        .collect();
    for source in &set.entries {
        for related in &source.raw.related {
            out.extend(dangling(&source.file, related, "entry", &entry_ids));
        }
    }
    check_tree(set, &entry_ids, &mut out);
    check_topics(&set.topics_file, &set.topics, &entry_ids, &mut out);
    if let Some(decision) = set.pack.as_ref().and_then(|p| p.decision.as_ref()) {
        check_decision(&set.pack_file, decision, &mut out);
    }
    if let Some(templates) = &set.templates {
        check_templates(&set.templates_file, templates, &mut out);
    }
    super::facts::check(set, &mut out);
    check_citations(set, guide, &mut out);
    out
}

/// One statement of the pack: its file, what to call it, whether it must say what it rests
/// on, and the entry it is about (an entry's own, or an outcome's `entry`).
struct PackStatement<'a> {
    file: &'a str,
    what: String,
    statement: &'a Spanned<RawStatement>,
    required: Required,
    entry: Option<&'a str>,
}

/// Every statement of the pack.
fn statements(set: &RawPackSet) -> Vec<PackStatement<'_>> {
    let mut all = Vec::new();
    for source in &set.entries {
        let raw = &source.raw;
        let file = source.file.as_str();
        let entry = Some(raw.id.get_ref().as_str());
        let mut add = |what: String, statement| {
            all.push(PackStatement {
                file,
                what,
                statement,
                required: Required::Yes,
                entry,
            });
        };
        add("the summary".to_owned(), &raw.summary);
        if let Some(answer) = &raw.answer {
            add("the answer".to_owned(), answer);
        }
        for (n, step) in raw.steps.get_ref().iter().enumerate() {
            add(format!("step {}", n + 1), step);
        }
        for (n, warning) in raw.warnings.iter().enumerate() {
            add(format!("warning {}", n + 1), warning);
        }
        add("support.when".to_owned(), &raw.support.when);
        if let Some(contact) = &raw.support.contact {
            add("support.contact".to_owned(), contact);
        }
    }
    if let Some(handoff) = set.pack.as_ref().and_then(|p| p.handoff.as_ref()) {
        for (what, statement) in [
            ("handoff.contact", &handoff.contact),
            ("handoff.reminder", &handoff.reminder),
        ] {
            all.push(PackStatement {
                file: set.pack_file.as_str(),
                what: what.to_owned(),
                statement,
                required: Required::Yes,
                entry: None,
            });
        }
    }
    questions(set, &mut all);
    let tree = set.tree_file.as_str();
    for node in set.nodes.iter().filter(|n| n.raw.outcome.is_some()) {
        let raw = &node.raw;
        let (entry, id) = entry_and_name(node);
        let outcome = format!("outcome {id}");
        let mut add = |what: String, statement| {
            all.push(PackStatement {
                file: tree,
                what,
                statement,
                required: Required::Yes,
                entry,
            });
        };
        add(format!("the text of {outcome}"), &raw.text);
        for (n, step) in raw.steps.iter().flat_map(Spanned::get_ref).enumerate() {
            add(format!("step {} of {outcome}", n + 1), step);
        }
        for (n, warning) in raw.warnings.iter().flatten().enumerate() {
            add(format!("warning {} of {outcome}", n + 1), warning);
        }
    }
    if let Some(templates) = &set.templates {
        for (key, part) in templates.reply.parts() {
            all.push(PackStatement {
                file: set.templates_file.as_str(),
                what: format!("reply.{key}"),
                statement: part,
                required: Required::OnlyTables,
                entry: None,
            });
        }
    }
    all
}

/// The questions' texts and their choices' labels: plain strings while they state no policy.
fn questions<'a>(set: &'a RawPackSet, all: &mut Vec<PackStatement<'a>>) {
    let tree = set.tree_file.as_str();
    for node in &set.nodes {
        let Some(choices) = &node.raw.choices else {
            continue;
        };
        let (entry, id) = entry_and_name(node);
        let mut add = |what: String, statement| {
            all.push(PackStatement {
                file: tree,
                what,
                statement,
                required: Required::OnlyTables,
                entry,
            });
        };
        add(format!("the question of {id}"), &node.raw.text);
        for choice in choices.get_ref() {
            add(
                format!("choice `{}` of {id}", choice.key.get_ref()),
                &choice.label,
            );
        }
    }
}

/// The entry a tree node is about, if it names one, and the node as findings name it:
/// `` `id` (entry `entry`) ``.
fn entry_and_name(node: &NodeSource) -> (Option<&str>, String) {
    let entry = node
        .raw
        .entry
        .as_ref()
        .map(|entry| entry.get_ref().as_str());
    let name = match entry {
        Some(entry) => format!("`{}` (entry `{entry}`)", node.id.get_ref()),
        None => format!("`{}`", node.id.get_ref()),
    };
    (entry, name)
}

/// Holds every statement to the guide (see `citation`): its passages exist, and they
/// support it.
fn check_citations(set: &RawPackSet, guide: Option<&Guide>, out: &mut Vec<Diagnostic>) {
    let names: Vec<&str> = set
        .pack
        .iter()
        .flat_map(|p| {
            [
                p.pack.support.get_ref(),
                p.pack.product.get_ref(),
                p.pack.name.get_ref(),
            ]
        })
        .map(String::as_str)
        .collect();
    let against = citation::GuideAndNames { guide, names };
    let statements = statements(set);
    let sections = guide.map(|guide| {
        let headings = set
            .entries
            .iter()
            .map(|source| SectionSource::of(&source.raw));
        let passages: Vec<String> = statements
            .iter()
            .flat_map(|s| citation::passages_of(s.statement.get_ref()))
            .collect();
        Sections::new(guide, headings.collect(), &passages)
    });
    for PackStatement {
        file,
        what,
        statement,
        required,
        entry,
    } in statements
    {
        citation::check(file, &what, statement, &against, required, out);
        citation::check_support(file, &what, statement, entry, sections.as_ref(), out);
    }
    if guide.is_some() {
        for (file, what, text) in uncited_texts(set, guide) {
            citation::check_uncited(file, &what, text, &against, out);
        }
        for source in &set.entries {
            let raw = &source.raw;
            if let RawStatement::Table {
                cite: Some(passages),
                ..
            } = raw.summary.get_ref()
                && raw.question.as_ref() != Some(&raw.title)
            {
                // The summary's passages and the section's heading.
                let mut passages = passages.get_ref().clone();
                passages.push(raw.source.clone());
                citation::check_held_to(
                    &source.file,
                    "the title",
                    &raw.title,
                    &passages,
                    &against,
                    out,
                );
            }
        }
    }
}

/// The texts people read that cite nothing and are not statements: entries' titles (but a
/// FAQ title that is its question as the guide asks it) and the `prepare` lists.
fn uncited_texts<'a>(
    set: &'a RawPackSet,
    guide: Option<&Guide>,
) -> Vec<(&'a str, String, &'a Spanned<String>)> {
    let mut all = Vec::new();
    for source in &set.entries {
        let file = source.file.as_str();
        let title = &source.raw.title;
        let guides_question = source.raw.question.as_ref().is_some_and(|question| {
            question.get_ref() == title.get_ref()
                && guide.is_some_and(|guide| guide.contains(question.get_ref()))
        });
        // A title names the problem as the summary states it: it rests on the summary's
        // passages where there are some.
        let summarized = matches!(
            source.raw.summary.get_ref(),
            RawStatement::Table { cite: Some(_), .. }
        );
        if !guides_question && !summarized {
            all.push((file, "the title".to_owned(), title));
        }
        for (n, item) in source.raw.support.prepare.get_ref().iter().enumerate() {
            all.push((file, format!("support.prepare item {}", n + 1), item));
        }
    }
    for node in &set.nodes {
        for (n, item) in node
            .raw
            .prepare
            .iter()
            .flat_map(Spanned::get_ref)
            .enumerate()
        {
            let what = format!("prepare item {} of `{}`", n + 1, node.id.get_ref());
            all.push((set.tree_file.as_str(), what, item));
        }
    }
    all
}

/// Every statement of the pack that cites passages, with the passages.
pub(super) fn citing(set: &RawPackSet) -> Vec<citation::Citing<'_>> {
    statements(set)
        .into_iter()
        .map(|s| citation::Citing {
            file: s.file,
            what: s.what,
            passages: citation::passages_of(s.statement.get_ref()),
        })
        .filter(|statement| !statement.passages.is_empty())
        .collect()
}

fn check_steps(
    file: &str,
    steps: &Spanned<Vec<Spanned<RawStatement>>>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    if steps.get_ref().is_empty() {
        out.push(Diagnostic::new(
            Rule::EmptyStep,
            file,
            steps.span(),
            format!("{what} has no steps"),
        ));
    }
    for step in steps.get_ref() {
        if step.get_ref().text().trim().is_empty() {
            out.push(Diagnostic::new(
                Rule::EmptyStep,
                file,
                statement_text(step).span(),
                "this step is empty",
            ));
        }
    }
}

/// Entry rules; returns the set of entry ids for reference checks.
fn check_entries<'a>(
    entries: &'a [EntrySource],
    out: &mut Vec<Diagnostic>,
) -> HashMap<&'a str, &'a EntrySource> {
    let mut ids: HashMap<&str, &EntrySource> = HashMap::new();
    for source in entries {
        let file = source.file.as_str();
        let raw = &source.raw;
        let id = raw.id.get_ref().as_str();
        out.extend(bad_id(file, &raw.id, "entry"));
        if let Some(first) = ids.get(id) {
            out.push(
                Diagnostic::new(
                    Rule::DuplicateId,
                    file,
                    raw.id.span(),
                    format!("entry id `{id}` is used twice"),
                )
                .with_help(Some(format!("first used in {}", first.file))),
            );
        } else {
            ids.insert(id, source);
        }
        if source.stem != id {
            out.push(
                Diagnostic::new(
                    Rule::BadId,
                    file,
                    raw.id.span(),
                    format!("entry id `{id}` differs from its file name"),
                )
                .with_help(Some(format!("rename the file to entries/{id}.toml"))),
            );
        }
        for (text, what) in [
            (&raw.title, "the title"),
            (&raw.category, "the category"),
            (&statement_text(&raw.summary), "the summary"),
            (&raw.source, "the source"),
            (&statement_text(&raw.support.when), "support.when"),
        ] {
            out.extend(empty_text(file, text, what));
        }
        if *raw.kind.get_ref() == RawEntryKind::Faq {
            let answer = raw.answer.as_ref().map(statement_text);
            for (field, value) in [("question", &raw.question), ("answer", &answer)] {
                match value {
                    None => out.push(Diagnostic::new(
                        Rule::MissingField,
                        file,
                        raw.kind.span(),
                        format!("missing field `{field}`: a faq entry needs the guide's {field}"),
                    )),
                    Some(text) => out.extend(empty_text(file, text, field)),
                }
            }
        }
        check_steps(file, &raw.steps, "the entry", out);
        if raw.aliases.get_ref().len() < MIN_ALIASES {
            out.push(Diagnostic::new(
                Rule::FewAliases,
                file,
                raw.aliases.span(),
                format!(
                    "only {} aliases: people will struggle to find this entry",
                    raw.aliases.get_ref().len()
                ),
            ));
        }
        for alias in raw.aliases.get_ref() {
            out.extend(empty_text(file, alias, "this alias"));
        }
        for item in raw.support.prepare.get_ref() {
            out.extend(empty_text(file, item, "this item"));
        }
    }
    ids
}

/// The thresholds are probabilities, and confirming needs more than offering.
fn check_decision(file: &str, decision: &RawDecision, out: &mut Vec<Diagnostic>) {
    for value in [
        &decision.in_scope,
        &decision.confident,
        &decision.plausible,
        &decision.alternative,
    ]
    .into_iter()
    .chain(&decision.confirm)
    {
        if !(0.0..=1.0).contains(value.get_ref()) {
            out.push(Diagnostic::new(
                Rule::InvalidValue,
                file,
                value.span(),
                format!("{} is not a probability between 0 and 1", value.get_ref()),
            ));
        }
    }
    if decision.plausible.get_ref() > decision.confident.get_ref() {
        out.push(Diagnostic::new(
            Rule::InvalidValue,
            file,
            decision.plausible.span(),
            "`plausible` is above `confident`: every offered entry would be confirmed",
        ));
    }
    if let Some(confirm) = &decision.confirm
        && confirm.get_ref() < decision.confident.get_ref()
    {
        out.push(Diagnostic::new(
            Rule::InvalidValue,
            file,
            confirm.span(),
            "`confirm` is below `confident`: the chat would confirm entries that are no match",
        ));
    }
}

/// Topic rules: kebab-case ids, used once and by no entry, a name, some examples.
fn check_topics(
    file: &str,
    topics: &[RawTopic],
    entry_ids: &HashSet<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen = HashSet::new();
    for topic in topics {
        let id = topic.id.get_ref().as_str();
        out.extend(bad_id(file, &topic.id, "topic"));
        if !seen.insert(id) || entry_ids.contains(id) {
            out.push(Diagnostic::new(
                Rule::DuplicateId,
                file,
                topic.id.span(),
                format!("topic id `{id}` is used twice (by a topic or an entry)"),
            ));
        }
        out.extend(empty_text(file, &topic.name, "the topic's name"));
        if topic.examples.get_ref().is_empty() {
            out.push(Diagnostic::new(
                Rule::EmptyText,
                file,
                topic.examples.span(),
                format!("topic `{id}` has no examples to be recognised by"),
            ));
        }
        for example in topic.examples.get_ref() {
            out.extend(empty_text(file, example, "this example"));
        }
    }
}

fn check_tree(set: &RawPackSet, entry_ids: &HashSet<&str>, out: &mut Vec<Diagnostic>) {
    let file = set.tree_file.as_str();
    let mut nodes: HashMap<&str, &NodeSource> = HashMap::new();
    for node in &set.nodes {
        out.extend(bad_id(file, &node.id, "node"));
        nodes.entry(node.id.get_ref().as_str()).or_insert(node);
    }
    let node_ids: HashSet<&str> = nodes
        .keys()
        .copied()
        .chain(set.broken_nodes.iter().map(String::as_str))
        .collect();
    for node in &set.nodes {
        check_node(file, node, out);
        let raw = &node.raw;
        if let Some(entry) = &raw.entry {
            out.extend(dangling(file, entry, "entry", entry_ids));
        }
        for next in successors(node) {
            out.extend(dangling(file, next, "node", &node_ids));
        }
    }
    let mut started: HashSet<&str> = HashSet::new();
    for (entry, node) in &set.starts {
        out.extend(dangling(file, entry, "entry", entry_ids));
        out.extend(dangling(file, node, "node", &node_ids));
        started.insert(entry.get_ref());
    }
    // A broken node's successors are unknown, so reachability would only report noise.
    let Some(root) = set.root.as_ref().filter(|_| set.broken_nodes.is_empty()) else {
        return;
    };
    if let Some(d) = dangling(file, root, "node", &node_ids) {
        out.push(d);
        return;
    }
    let reached = walk_from_root(root.get_ref(), &nodes, file, out);
    for node in &set.nodes {
        if !reached.contains(node.id.get_ref().as_str()) {
            out.push(
                Diagnostic::new(
                    Rule::UnreachableNode,
                    file,
                    node.id.span(),
                    format!(
                        "node `{}` cannot be reached from the root `{}`",
                        node.id.get_ref(),
                        root.get_ref()
                    ),
                )
                .with_help(Some("add a choice that leads to it, or remove it".into())),
            );
        }
    }
    let reached_entries: BTreeSet<&str> = set
        .nodes
        .iter()
        .filter(|n| reached.contains(n.id.get_ref().as_str()))
        .filter_map(|n| n.raw.entry.as_ref().map(|e| e.get_ref().as_str()))
        .collect();
    for source in &set.entries {
        let id = source.raw.id.get_ref().as_str();
        if !reached_entries.contains(id) {
            out.push(
                Diagnostic::new(
                    Rule::UnreachedEntry,
                    &source.file,
                    source.raw.id.span(),
                    format!("no path of the decision tree reaches entry `{id}`"),
                )
                .with_help(Some(
                    "give some reachable node `entry = \"".to_owned() + id + "\"`",
                )),
            );
        }
        if !started.contains(id) {
            out.push(
                Diagnostic::new(
                    Rule::NoStart,
                    &source.file,
                    source.raw.id.span(),
                    format!("tree.toml's [start] names no flow for entry `{id}`"),
                )
                .with_help(Some(
                    "without one, the chat can only show the entry's steps".into(),
                )),
            );
        }
    }
}

/// The ids a node leads to: its choices' `next` and its `unsolved`.
fn successors(node: &NodeSource) -> impl Iterator<Item = &Spanned<String>> {
    let choices = node
        .raw
        .choices
        .iter()
        .flat_map(|c| c.get_ref().iter().map(|c| &c.next));
    choices.chain(node.raw.unsolved.iter())
}

fn check_node(file: &str, node: &NodeSource, out: &mut Vec<Diagnostic>) {
    let raw = &node.raw;
    let id = node.id.get_ref();
    out.extend(empty_text(
        file,
        &statement_text(&raw.text),
        "the node's text",
    ));
    match (&raw.choices, &raw.outcome) {
        (Some(_), Some(outcome)) => out.push(Diagnostic::new(
            Rule::InvalidValue,
            file,
            outcome.span(),
            format!("node `{id}` has both choices and an outcome: it must be one or the other"),
        )),
        (None, None) => out.push(
            Diagnostic::new(Rule::NoOutcome, file, node.id.span(), format!("node `{id}` has neither choices nor an outcome, so its path ends nowhere"))
                .with_help(Some("add `choices = [...]` to ask a question, or `outcome = \"resolved\"` to end the path".into())),
        ),
        (Some(choices), None) => {
            if choices.get_ref().is_empty() {
                out.push(Diagnostic::new(Rule::NoChoices, file, choices.span(), format!("question `{id}` has no choices")));
            }
            let mut keys = HashSet::new();
            for choice in choices.get_ref() {
                out.extend(empty_text(file, &statement_text(&choice.label), "the choice label"));
                if !keys.insert(choice.key.get_ref().to_lowercase()) {
                    out.push(Diagnostic::new(Rule::DuplicateId, file, choice.key.span(), format!("choice key `{}` is used twice in `{id}`", choice.key.get_ref())));
                }
                if choice.key.get_ref().trim().is_empty() {
                    out.push(Diagnostic::new(Rule::EmptyText, file, choice.key.span(), "the choice key is empty"));
                }
            }
            for (present, key) in [(raw.steps.is_some(), "steps"), (raw.unsolved.is_some(), "unsolved"), (raw.prepare.is_some(), "prepare"), (raw.warnings.is_some(), "warnings")] {
                if present {
                    out.push(Diagnostic::new(Rule::InvalidValue, file, node.id.span(), format!("question `{id}` has `{key}`, which only outcomes use")));
                }
            }
        }
        (None, Some(outcome)) => {
            if raw.entry.is_none() {
                out.push(Diagnostic::new(Rule::MissingField, file, node.id.span(), format!("missing field `entry`: outcome `{id}` must name its entry")));
            }
            if let Some(steps) = &raw.steps {
                check_steps(file, steps, &format!("outcome `{id}`"), out);
            }
            if raw.unsolved.is_some() && *outcome.get_ref() != RawOutcomeKind::Resolved {
                out.push(Diagnostic::new(Rule::InvalidValue, file, outcome.span(), format!("only resolved outcomes have `unsolved`; `{id}` is not one")));
            }
        }
    }
}

/// Depth-first walk from the root: reports each edge that closes a cycle, returns what it reached.
fn walk_from_root<'a>(
    root: &'a str,
    nodes: &HashMap<&'a str, &'a NodeSource>,
    file: &str,
    out: &mut Vec<Diagnostic>,
) -> HashSet<&'a str> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        OnPath,
        Done,
    }
    let mut marks: HashMap<&str, Mark> = HashMap::new();
    // An explicit stack of (node, index of the next successor to visit) avoids recursion depth limits.
    let mut stack: Vec<(&str, usize)> = vec![(root, 0)];
    marks.insert(root, Mark::OnPath);
    while let Some(top) = stack.last_mut() {
        let (id, index) = *top;
        top.1 += 1;
        let Some(next) = successors(nodes[id]).nth(index) else {
            marks.insert(id, Mark::Done);
            stack.pop();
            continue;
        };
        let target = next.get_ref().as_str();
        let Some((&target, _)) = nodes.get_key_value(target) else {
            continue;
        };
        match marks.get(target) {
            Some(Mark::OnPath) => out.push(
                Diagnostic::new(
                    Rule::Cycle,
                    file,
                    next.span(),
                    format!("this leads back to `{target}`, making a cycle"),
                )
                .with_help(Some(
                    "the tree must not loop; people go back with the \"back\" command".into(),
                )),
            ),
            Some(Mark::Done) => {}
            None => {
                marks.insert(target, Mark::OnPath);
                stack.push((target, 0));
            }
        }
    }
    marks.into_keys().collect()
}

fn check_templates(file: &str, templates: &RawTemplates, out: &mut Vec<Diagnostic>) {
    let known: Vec<&str> = ENTRY_VARIABLES
        .iter()
        .copied()
        .chain(templates.variables.keys().map(String::as_str))
        .collect();
    for name in templates.variables.keys() {
        if ENTRY_VARIABLES.contains(&name.as_str()) {
            let span = templates.variables[name].span();
            out.push(Diagnostic::new(
                Rule::DuplicateId,
                file,
                span,
                format!("variable `{name}` is built in and cannot be redefined"),
            ));
        }
    }
    for (key, part) in templates.reply.parts() {
        let text = statement_text(part);
        match template::parse(text.get_ref()) {
            Err(_) => out.push(
                Diagnostic::new(
                    Rule::InvalidValue,
                    file,
                    text.span(),
                    format!("reply.{key} has an unbalanced brace"),
                )
                .with_help(Some("write `{{` or `}}` for a literal brace".into())),
            ),
            Ok(pieces) => {
                for piece in pieces {
                    if let Piece::Placeholder(name, _) = piece
                        && !known.contains(&name)
                    {
                        out.push(
                            Diagnostic::new(
                                Rule::DanglingRef,
                                file,
                                text.span(),
                                format!("reply.{key} uses the unknown variable `{name}`"),
                            )
                            .with_help(
                                did_you_mean(name, known.iter().copied())
                                    .map(|k| format!("did you mean `{k}`?")),
                            ),
                        );
                    }
                }
            }
        }
    }
}
