//! Turns a pack's source files into validated [`Knowledge`], or into the list of everything
//! wrong with them. Parsing happens item by item, so one broken entry or node does not hide
//! the problems of the others.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde::Deserialize;
use serde::de::IntoDeserializer as _;
use sha2::{Digest as _, Sha256};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::cases::TestFile;
use super::citation::{self, Guide};
use super::diagnostic::{Diagnostic, Rule, Severity};
use super::facts;
use super::lint;
use super::model::{
    Basis, Choice, Condition, Decision, Entry, EntryBasis, EntryKind, Extras, GuideRef,
    HandoffLines, Knowledge, Node, NodeKind, Outcome, OutcomeBasis, OutcomeKind, Pack,
    ReplyTemplate, Support, Templates, Topic, Tree,
};
use super::parsed::{EntrySource, FactLanguageSource, NodeSource, RawPackSet};
use super::raw::{RawEntry, RawEntryKind, RawNode, RawOutcomeKind, RawStatement, RawTopicsFile};
use super::source::{Content, MAX_FILE_BYTES, SourceFile, Sources};
use crate::text::{did_you_mean, find_unsafe_char};

/// The outcome of checking a pack: the knowledge when there are no errors, and every finding.
#[derive(Debug)]
pub struct Checked {
    pub knowledge: Option<Knowledge>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }
}

/// Files the format knows; anything under `tests/` belongs to `kb test`.
const PACK_FILE: &str = "pack.toml";
const TREE_FILE: &str = "tree.toml";
const SYNONYMS_FILE: &str = "synonyms.toml";
const TEMPLATES_FILE: &str = "templates.toml";
const TOPICS_FILE: &str = "topics.toml";
const FACTS_FILE: &str = "facts.toml";
/// The folder of the facts' language files, `facts/<language>.toml`.
const FACTS_DIR: &str = "facts/";

/// Checks every file of the pack and builds the knowledge if nothing is wrong.
pub fn check(sources: &Sources) -> Checked {
    check_with(sources, None)
}

/// [`check`], with the statements' citations checked against `newer`, another version of the
/// guide, instead of the pack's own; the cited paragraphs `newer` changes
/// (`cited-paragraph-changed`) and its new paragraphs that nothing cites (`uncited-passage`)
/// are reported too.
pub fn check_against(sources: &Sources, newer: &SourceFile) -> Checked {
    check_with(sources, Some(newer))
}

fn check_with(sources: &Sources, newer: Option<&SourceFile>) -> Checked {
    let mut diagnostics = Vec::new();
    let mut set = RawPackSet {
        tree_file: format!("{}/{TREE_FILE}", sources.origin),
        facts_file: format!("{}/{FACTS_FILE}", sources.origin),
        ..RawPackSet::default()
    };
    for file in &sources.files {
        let Some(text) = readable_text(file, &mut diagnostics) else {
            continue;
        };
        let relative = file.relative.as_str();
        if relative.starts_with("tests/") {
            // A test file `kb test` refuses (and reports) teaches nothing.
            set.examples.extend(
                TestFile::parse(text)
                    .map(TestFile::training_examples)
                    .unwrap_or_default(),
            );
            continue;
        }
        if std::path::Path::new(relative)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
        {
            set.documents
                .insert(relative.to_owned(), (file.display.clone(), text.to_owned()));
            continue;
        }
        let entry_stem = relative
            .strip_prefix("entries/")
            .map(|name| name.trim_end_matches(".toml").to_owned());
        let Some(table) = parse_file(&file.display, text, &mut diagnostics) else {
            set.broken_entries.extend(entry_stem);
            continue;
        };
        let display = file.display.as_str();
        match relative {
            PACK_FILE => {
                display.clone_into(&mut set.pack_file);
                set.pack = deserialize_item(display, &table_value(table), &mut diagnostics);
            }
            TREE_FILE => {
                display.clone_into(&mut set.tree_file);
                read_tree(display, table, &mut set, &mut diagnostics);
            }
            TEMPLATES_FILE => {
                display.clone_into(&mut set.templates_file);
                set.templates = deserialize_item(display, &table_value(table), &mut diagnostics);
            }
            SYNONYMS_FILE => read_synonyms(display, table, &mut set, &mut diagnostics),
            TOPICS_FILE => {
                display.clone_into(&mut set.topics_file);
                if let Some(raw) = deserialize_item::<RawTopicsFile>(
                    display,
                    &table_value(table),
                    &mut diagnostics,
                ) {
                    set.topics = raw.topic;
                }
            }
            FACTS_FILE => {
                display.clone_into(&mut set.facts_file);
                set.facts = deserialize_item(display, &table_value(table), &mut diagnostics);
            }
            _ if relative.starts_with(FACTS_DIR) => {
                if let Some(raw) = deserialize_item(display, &table_value(table), &mut diagnostics) {
                    let name = relative[FACTS_DIR.len()..].trim_end_matches(".toml");
                    set.fact_languages.push(FactLanguageSource {
                        file: display.to_owned(),
                        name: name.to_owned(),
                        raw,
                    });
                }
            }
            _ if entry_stem.is_some() => {
                let stem = entry_stem.unwrap_or_default();
                match deserialize_item(display, &table_value(table), &mut diagnostics) {
                    Some(raw) => set.entries.push(EntrySource {
                        file: display.to_owned(),
                        stem,
                        raw,
                    }),
                    None => set.broken_entries.push(stem),
                }
            }
            _ => diagnostics.push(
                Diagnostic::new(Rule::UnknownKey, display, 0..0, "this file is not part of the knowledge format")
                    .with_help(Some(
                        "knowledge files are pack.toml, tree.toml, synonyms.toml, templates.toml, topics.toml, facts.toml, entries/*.toml, facts/*.toml and tests/*.toml"
                            .into(),
                    )),
            ),
        }
    }
    let origin = &sources.origin;
    for required in [PACK_FILE, TREE_FILE] {
        if sources.file(required).is_none() {
            diagnostics.push(Diagnostic::new(
                Rule::MissingFile,
                &format!("{origin}/{required}"),
                0..0,
                format!("the pack has no {required}"),
            ));
        }
    }
    // The guides borrow their text (the pack's own from `set`, the newer from its file): a
    // long guide is not copied, and both are gone before the findings are sorted.
    let own_guide = resolve_guide(&set, &mut diagnostics);
    let newer_guide = newer.and_then(|file| {
        readable_text(file, &mut diagnostics).map(|text| Guide::new(&file.display, text))
    });
    let (mut guide, mut older) = match newer_guide {
        Some(newer) => (Some(newer), own_guide),
        None => (own_guide, None),
    };
    let citing = lint::citing(&set);
    let passages: Vec<String> = citing
        .iter()
        .flat_map(|statement| statement.passages.iter().cloned())
        .collect();
    if let Some(guide) = &mut guide {
        guide.find(&passages);
    }
    diagnostics.extend(lint::cross_check(&set, guide.as_ref()));
    if let (Some(newer), Some(older)) = (&guide, &mut older) {
        older.find(&passages);
        diagnostics.extend(citation::drift(newer, older, &citing));
    }
    drop((guide, older, citing));
    // Each file's findings together and in position order, as a compiler reports them; the
    // files in the order their first finding came.
    let mut files: Vec<String> = Vec::new();
    for diagnostic in &diagnostics {
        if !files.contains(&diagnostic.file) {
            files.push(diagnostic.file.clone());
        }
    }
    diagnostics.sort_by_key(|d| (files.iter().position(|f| *f == d.file), d.span.start));
    let has_errors = diagnostics.iter().any(|d| d.severity() == Severity::Error);
    let knowledge = if has_errors {
        None
    } else {
        build(set, sources)
    };
    Checked {
        knowledge,
        diagnostics,
    }
}

/// The guide pack.toml names, from the pack's text files; one it can't find is an error.
fn resolve_guide<'s>(set: &'s RawPackSet, diagnostics: &mut Vec<Diagnostic>) -> Option<Guide<'s>> {
    let raw = set.pack.as_ref()?.guide.as_ref()?;
    let file = raw.file.get_ref();
    if let Some((display, text)) = set.documents.get(file.as_str()) {
        return Some(Guide::new(display, text));
    }
    diagnostics.push(
        Diagnostic::new(
            Rule::MissingFile,
            &set.pack_file,
            raw.file.span(),
            format!("the guide `{file}` is not in the pack"),
        )
        .with_help(Some(
            "put the guide's text in a .txt file of the pack; `file` is relative to the pack"
                .into(),
        )),
    );
    None
}

fn readable_text<'a>(
    file: &'a super::source::SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'a str> {
    let display = file.display.as_str();
    match &file.content {
        Content::Text(text) => Some(text),
        Content::NotUtf8 { valid_prefix } => {
            let at = valid_prefix.len();
            diagnostics.push(Diagnostic::new(
                Rule::NotUtf8,
                display,
                at..at,
                format!("the file is not valid UTF-8 (first bad byte at offset {at})"),
            ));
            None
        }
        Content::TooLarge { bytes } => {
            diagnostics.push(Diagnostic::new(
                Rule::TooLarge,
                display,
                0..0,
                format!("the file is {bytes} bytes; knowledge files may be at most {MAX_FILE_BYTES} bytes"),
            ));
            None
        }
        Content::Unreadable(reason) => {
            diagnostics.push(Diagnostic::new(
                Rule::Unreadable,
                display,
                0..0,
                format!("cannot read the file: {reason}"),
            ));
            None
        }
    }
}

/// Nesting deeper than this is refused before parsing: no knowledge file needs it, and the
/// parser would otherwise recurse once per level.
const MAX_NESTING: usize = 64;

/// Parses one file, reporting every syntax error and every unsafe character.
fn parse_file<'i>(
    display: &str,
    text: &'i str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Spanned<DeTable<'i>>> {
    if let Some(at) = too_deep(text) {
        diagnostics.push(Diagnostic::new(
            Rule::Syntax,
            display,
            at..at + 1,
            format!("arrays and tables are nested more than {MAX_NESTING} deep"),
        ));
        return None;
    }
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            diagnostics.push(Diagnostic::new(
                Rule::Syntax,
                display,
                span,
                first_line(error.message()),
            ));
        }
        return None;
    }
    for (key, value) in table.get_ref() {
        check_text(display, key.get_ref(), key.span(), diagnostics);
        walk_strings(display, value, diagnostics);
    }
    Some(table)
}

/// The offset of the bracket or brace that nests deeper than [`MAX_NESTING`], ignoring strings.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut in_comment = false;
    for (at, c) in text.char_indices() {
        if in_comment {
            in_comment = c != '\n';
            continue;
        }
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q || c == '\n' {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '#' => in_comment = true,
            '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(at);
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_owned()
}

fn walk_strings(display: &str, value: &Spanned<DeValue<'_>>, diagnostics: &mut Vec<Diagnostic>) {
    match value.get_ref() {
        DeValue::String(text) => check_text(display, text, value.span(), diagnostics),
        DeValue::Array(items) => items
            .iter()
            .for_each(|item| walk_strings(display, item, diagnostics)),
        DeValue::Table(table) => {
            for (key, item) in table {
                check_text(display, key.get_ref(), key.span(), diagnostics);
                walk_strings(display, item, diagnostics);
            }
        }
        _ => {}
    }
}

fn check_text(display: &str, text: &str, span: Range<usize>, diagnostics: &mut Vec<Diagnostic>) {
    if let Some((_, c)) = find_unsafe_char(text) {
        let what = match c {
            '\u{1b}' => {
                "an escape character (ESC), which starts terminal escape sequences".to_owned()
            }
            c if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
            c => format!("the bidirectional control U+{:04X}", u32::from(c)),
        };
        diagnostics.push(Diagnostic::new(Rule::ControlChar, display, span, format!("text contains {what}")).with_help(
            Some("knowledge text is printed to terminals; remove the character (write escapes out in words)".into()),
        ));
    }
}

fn table_value(table: Spanned<DeTable<'_>>) -> Spanned<DeValue<'_>> {
    let span = table.span();
    Spanned::new(span, DeValue::Table(table.into_inner()))
}

/// Deserializes one item; a failure becomes a diagnostic with the item's first problem.
pub(super) fn deserialize_item<'i, T: Deserialize<'i>>(
    display: &str,
    value: &Spanned<DeValue<'i>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    match T::deserialize(value.clone().into_deserializer()) {
        Ok(item) => Some(item),
        Err(error) => {
            diagnostics.push(serde_diagnostic(display, &error, value.span()));
            None
        }
    }
}

/// The diagnostic of a TOML file that does not fit its shape: an unknown key (with "did you
/// mean"), a missing field, a wrong type, or another invalid value.
pub fn serde_diagnostic(
    display: &str,
    error: &toml::de::Error,
    fallback: Range<usize>,
) -> Diagnostic {
    let message = first_line(error.message());
    let span = error.span().unwrap_or(fallback);
    let rule = if message.starts_with("unknown field") {
        Rule::UnknownKey
    } else if message.starts_with("missing field") {
        Rule::MissingField
    } else if message.starts_with("invalid type") {
        Rule::WrongType
    } else {
        Rule::InvalidValue
    };
    let help = match rule {
        Rule::UnknownKey => suggest_from_message(&message),
        Rule::MissingField => Some("see docs/knowledge-format.md for the required keys".to_owned()),
        _ => None,
    };
    Diagnostic::new(rule, display, span, message).with_help(help)
}

/// serde names the unknown key and the expected ones in backticks: pick the closest.
fn suggest_from_message(message: &str) -> Option<String> {
    let names: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let (unknown, expected) = names.split_first()?;
    did_you_mean(unknown, expected.iter().copied()).map(|name| format!("did you mean `{name}`?"))
}

fn read_tree(
    display: &str,
    table: Spanned<DeTable<'_>>,
    set: &mut RawPackSet,
    diagnostics: &mut Vec<Diagnostic>,
) {
    const KEYS: [&str; 3] = ["root", "start", "node"];
    let table_span = table.span();
    let mut saw_root = false;
    for (key, value) in table.into_inner() {
        match key.get_ref().as_ref() {
            "root" => {
                saw_root = true;
                set.root = deserialize_item(display, &value, diagnostics);
            }
            "start" => {
                if let Some(starts) = expect_table(display, "start", &value, diagnostics) {
                    for (entry, node) in starts {
                        if let Some(node) =
                            deserialize_item::<Spanned<String>>(display, node, diagnostics)
                        {
                            set.starts.push((
                                Spanned::new(entry.span(), entry.get_ref().to_string()),
                                node,
                            ));
                        }
                    }
                }
            }
            "node" => {
                if let Some(nodes) = expect_table(display, "node", &value, diagnostics) {
                    for (id, node) in nodes {
                        match deserialize_item(display, node, diagnostics) {
                            Some(raw) => set.nodes.push(NodeSource {
                                id: Spanned::new(id.span(), id.get_ref().to_string()),
                                raw,
                            }),
                            None => set.broken_nodes.push(id.get_ref().to_string()),
                        }
                    }
                }
            }
            other => diagnostics.push(
                Diagnostic::new(
                    Rule::UnknownKey,
                    display,
                    key.span(),
                    format!("unknown key `{other}` in tree.toml"),
                )
                .with_help(did_you_mean(other, KEYS).map(|k| format!("did you mean `{k}`?"))),
            ),
        }
    }
    if !saw_root {
        diagnostics.push(Diagnostic::new(
            Rule::MissingField,
            display,
            table_span.start..table_span.start,
            "missing field `root`: the id of the first question",
        ));
    }
}

fn expect_table<'a, 'i>(
    display: &str,
    name: &str,
    value: &'a Spanned<DeValue<'i>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'a DeTable<'i>> {
    if let DeValue::Table(table) = value.get_ref() {
        Some(table)
    } else {
        diagnostics.push(Diagnostic::new(
            Rule::WrongType,
            display,
            value.span(),
            format!(
                "invalid type: {}, expected a table for `{name}`",
                value.get_ref().type_str()
            ),
        ));
        None
    }
}

fn read_synonyms(
    display: &str,
    table: Spanned<DeTable<'_>>,
    set: &mut RawPackSet,
    diagnostics: &mut Vec<Diagnostic>,
) {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawSynonyms {
        #[serde(default)]
        terms: BTreeMap<String, Vec<String>>,
    }
    if let Some(raw) = deserialize_item::<RawSynonyms>(display, &table_value(table), diagnostics) {
        for (term, targets) in raw.terms {
            set.synonyms
                .entry(term.trim().to_lowercase())
                .or_default()
                .extend(
                    targets
                        .into_iter()
                        .map(|t| t.trim().to_lowercase())
                        .filter(|t| !t.is_empty()),
                );
        }
    }
}

/// Builds the model from a raw set that `lint::cross_check` found free of errors.
fn build(set: RawPackSet, sources: &Sources) -> Option<Knowledge> {
    let file = set.pack?;
    let pack = file.pack;
    let pack = Pack {
        name: pack.name.into_inner(),
        product: pack.product.into_inner(),
        support: pack.support.into_inner(),
        official_source: pack.official_source.into_inner(),
        guide: file.guide.map(|raw| GuideRef {
            title: raw.title.into_inner(),
            file: raw.file.into_inner(),
        }),
        decision: file.decision.map_or_else(Decision::default, |raw| {
            let confident = raw.confident.into_inner();
            Decision {
                in_scope: raw.in_scope.into_inner(),
                confident,
                plausible: raw.plausible.into_inner(),
                alternative: raw.alternative.into_inner(),
                confirm: raw.confirm.map_or(confident, Spanned::into_inner),
            }
        }),
        handoff: file.handoff.map(|raw| HandoffLines {
            contact: statement(raw.contact).0,
            reminder: statement(raw.reminder).0,
        }),
    };
    let entries: Vec<Entry> = set
        .entries
        .into_iter()
        .map(|source| build_entry(source.raw))
        .collect();
    let by_id: HashMap<&str, &Entry> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let nodes = set
        .nodes
        .into_iter()
        .map(|node| {
            let id = node.id.into_inner();
            let built = build_node(id.clone(), node.raw, &by_id);
            built.map(|n| (id, n))
        })
        .collect::<Option<BTreeMap<_, _>>>()?;
    let tree = Tree {
        root: set.root?.into_inner(),
        nodes,
        starts: set
            .starts
            .into_iter()
            .map(|(entry, node)| (entry.into_inner(), node.into_inner()))
            .collect(),
    };
    let templates = set.templates.map(|raw| Templates {
        variables: raw
            .variables
            .into_iter()
            .map(|(k, v)| (k, v.into_inner()))
            .collect(),
        reply: ReplyTemplate {
            greeting: raw.reply.greeting.get_ref().text().to_owned(),
            explanation: raw.reply.explanation.get_ref().text().to_owned(),
            steps_intro: raw.reply.steps_intro.get_ref().text().to_owned(),
            warnings_intro: raw.reply.warnings_intro.get_ref().text().to_owned(),
            policy_intro: raw.reply.policy_intro.get_ref().text().to_owned(),
            support: raw.reply.support.get_ref().text().to_owned(),
            closing: raw.reply.closing.get_ref().text().to_owned(),
        },
    });
    let topics = set
        .topics
        .into_iter()
        .map(|raw| Topic {
            id: raw.id.into_inner(),
            name: raw.name.into_inner().trim().to_owned(),
            examples: strings(raw.examples.into_inner()),
        })
        .collect();
    let extras = Extras {
        synonyms: set.synonyms,
        templates,
        topics,
        examples: set.examples,
        facts: facts::build(set.facts, set.fact_languages),
    };
    Some(Knowledge::new(pack, entries, tree, extras, digest(sources)))
}

fn strings(items: Vec<Spanned<String>>) -> Vec<String> {
    items
        .into_iter()
        .map(|s| s.into_inner().trim().to_owned())
        .collect()
}

/// A statement's text, and what it rests on.
fn statement(raw: Spanned<RawStatement>) -> (String, Basis) {
    match raw.into_inner() {
        RawStatement::Plain(text) => (text.trim().to_owned(), Basis::Unstated),
        RawStatement::Table {
            text,
            cite,
            generic,
            ..
        } => {
            let basis = match (cite, generic.is_some_and(|g| *g.get_ref())) {
                (Some(cite), _) => Basis::Guide(
                    cite.into_inner()
                        .into_iter()
                        .map(|p| p.into_inner().trim().to_owned())
                        .collect(),
                ),
                (None, true) => Basis::Generic,
                (None, false) => Basis::Unstated,
            };
            (text.into_inner().trim().to_owned(), basis)
        }
    }
}

fn statements(raw: Vec<Spanned<RawStatement>>) -> (Vec<String>, Vec<Basis>) {
    raw.into_iter().map(statement).unzip()
}

fn build_entry(raw: RawEntry) -> Entry {
    let (summary, summary_basis) = statement(raw.summary);
    let (answer, answer_basis) = raw.answer.map(statement).unzip();
    let (steps, step_basis) = statements(raw.steps.into_inner());
    let (warnings, warning_basis) = statements(raw.warnings);
    let (when, when_basis) = statement(raw.support.when);
    Entry {
        id: raw.id.into_inner(),
        kind: match raw.kind.into_inner() {
            RawEntryKind::Issue => EntryKind::Issue,
            RawEntryKind::Faq => EntryKind::Faq,
        },
        title: raw.title.into_inner(),
        category: raw.category.into_inner(),
        summary,
        source: raw.source.into_inner(),
        question: raw.question.map(Spanned::into_inner),
        answer,
        aliases: strings(raw.aliases.into_inner()),
        steps,
        warnings,
        related: strings(raw.related),
        support: Support {
            when,
            prepare: strings(raw.support.prepare.into_inner()),
            contact: raw.support.contact.map(|contact| statement(contact).0),
        },
        basis: EntryBasis {
            summary: summary_basis,
            answer: answer_basis,
            steps: step_basis,
            warnings: warning_basis,
            when: when_basis,
        },
    }
}

fn build_node(id: String, raw: RawNode, entries: &HashMap<&str, &Entry>) -> Option<Node> {
    let entry = raw.entry.map(Spanned::into_inner);
    let (text, text_basis) = statement(raw.text);
    let kind = if let Some(choices) = raw.choices {
        NodeKind::Question {
            choices: choices
                .into_inner()
                .into_iter()
                .map(|c| Choice {
                    key: c.key.into_inner(),
                    label: c.label.into_inner().text().trim().to_owned(),
                    next: c.next.into_inner(),
                    answers: c.answers,
                    when: c
                        .when
                        .iter()
                        .filter_map(|when| facts::parse_condition(when.get_ref()).ok())
                        .collect::<Vec<Condition>>(),
                })
                .collect(),
        }
    } else {
        let source = entries.get(entry.as_deref()?)?;
        let kind = match raw.outcome?.into_inner() {
            RawOutcomeKind::Resolved => OutcomeKind::Resolved,
            RawOutcomeKind::Support => OutcomeKind::Support,
            RawOutcomeKind::Policy => OutcomeKind::Policy,
        };
        // Resolved outcomes without their own steps or warnings give the entry's.
        let inherited = |items: &[String], basis: &[Basis]| {
            if kind == OutcomeKind::Resolved {
                (items.to_vec(), basis.to_vec())
            } else {
                (Vec::new(), Vec::new())
            }
        };
        let (steps, step_basis) = raw.steps.map_or_else(
            || inherited(&source.steps, &source.basis.steps),
            |steps| statements(steps.into_inner()),
        );
        let (warnings, warning_basis) = raw.warnings.map_or_else(
            || inherited(&source.warnings, &source.basis.warnings),
            statements,
        );
        NodeKind::Outcome(Outcome {
            kind,
            entry: source.id.clone(),
            steps,
            warnings,
            unsolved: raw.unsolved.map(Spanned::into_inner),
            prepare: raw.prepare.map_or_else(
                || source.support.prepare.clone(),
                |p| strings(p.into_inner()),
            ),
            basis: OutcomeBasis {
                text: text_basis,
                steps: step_basis,
                warnings: warning_basis,
            },
        })
    };
    Some(Node {
        id,
        text,
        entry,
        kind,
    })
}

/// A hash of every source file of the pack: the key of everything cached for it.
pub fn digest(sources: &Sources) -> String {
    let mut hasher = Sha256::new();
    for file in &sources.files {
        hasher.update(file.relative.as_bytes());
        hasher.update([0]);
        hasher.update(file.text().unwrap_or_default().as_bytes());
        hasher.update([0]);
    }
    crate::text::hex(&hasher.finalize())
}
