//! Table-driven lint cases: each breaks the minimal fixture pack in one way and expects one
//! finding with the right rule, file and line.

use std::path::Path;

use super::*;

fn minimal() -> Sources {
    fixture("minimal")
}

/// `tests/fixtures/packs/<name>`, with short display paths.
fn fixture(name: &str) -> Sources {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join("tests/fixtures/packs")
        .join(name);
    let mut sources = Sources::from_dir(&dir).expect("the fixture exists");
    // Short display paths keep the expectations readable.
    sources.origin = "pack".into();
    for file in &mut sources.files {
        file.display = format!("pack/{}", file.relative);
    }
    sources
}

enum Change {
    /// Replace the first occurrence of a text in a file.
    Replace(&'static str, &'static str, &'static str),
    /// Replace a file's content.
    Content(&'static str, Content),
    Remove(&'static str),
    /// A change to the fixture whose statements cite its guide (`packs/cited`).
    Cited(Box<Change>),
    /// The cited fixture checked against this other version of its guide (`pack/newer.txt`).
    AgainstGuide(&'static str),
    /// Add a file.
    Add(&'static str, &'static str),
    Several(Vec<Change>),
}

fn apply(sources: &mut Sources, change: &Change) {
    match change {
        Change::Replace(file, from, to) => {
            let file = sources
                .files
                .iter_mut()
                .find(|f| f.relative == *file)
                .expect("fixture file");
            let Content::Text(text) = &mut file.content else {
                panic!("text fixture")
            };
            assert!(text.contains(from), "{from:?} not in {}", file.relative);
            *text = text.replacen(from, to, 1);
        }
        Change::Content(file, content) => {
            let file = sources
                .files
                .iter_mut()
                .find(|f| f.relative == *file)
                .expect("fixture file");
            file.content = content.clone();
        }
        Change::Remove(file) => sources.files.retain(|f| f.relative != *file),
        Change::Cited(change) => apply(sources, change),
        Change::AgainstGuide(_) => {}
        Change::Add(file, text) => {
            let mut added = SourceFile::from_text(&format!("pack/{file}"), text);
            added.relative = (*file).to_owned();
            sources.files.push(added);
        }
        Change::Several(changes) => {
            for change in changes {
                apply(sources, change);
            }
        }
    }
}

/// The fixture a change applies to, checked as the change says.
fn checked_after(change: &Change) -> (Sources, Checked) {
    let mut sources = match change {
        Change::Cited(_) | Change::AgainstGuide(_) => fixture("cited"),
        _ => minimal(),
    };
    apply(&mut sources, change);
    let checked = match change {
        Change::AgainstGuide(text) => {
            let newer = SourceFile::from_text("pack/newer.txt", text);
            let checked = check_against(&sources, &newer);
            sources.files.push(newer);
            checked
        }
        _ => check(&sources),
    };
    (sources, checked)
}

fn line_of(diagnostic: &Diagnostic, sources: &Sources) -> usize {
    Located::new(diagnostic, sources.by_display(&diagnostic.file)).line
}

const APP: &str = "entries/app-crash.toml";
const NAME: &str = "entries/wrong-name.toml";
const TREE: &str = "tree.toml";
const FACTS: &str = "facts.toml";
const FACTS_EN: &str = "facts/en.toml";

/// Two facts for the fixture: a flag and a number.
const DECLARED: &str = "[[fact]]\nid = \"tried-update\"\nkind = \"flag\"\nabout = \"updated the app\"\n\n[[fact]]\nid = \"age\"\nkind = \"number\"\nabout = \"in years\"\n";

const CRASH_YES: &str = "{ key = \"yes\", label = \"Yes\", next = \"crash-support\" }";
const CRASH_NO: &str = "{ key = \"no\", label = \"No\", next = \"crash-update\" }";

/// The fixture with its facts declared and the "is the app up to date?" choices given these
/// `when`.
fn with_when(yes: &'static str, no: &'static str) -> Change {
    Change::Several(vec![
        Change::Add(FACTS, DECLARED),
        Change::Replace(TREE, CRASH_YES, yes),
        Change::Replace(TREE, CRASH_NO, no),
    ])
}

/// The fixture with its facts declared and this English facts file.
fn with_language(text: &'static str) -> Change {
    Change::Several(vec![
        Change::Add(FACTS, DECLARED),
        Change::Add(FACTS_EN, text),
    ])
}

#[test]
fn the_minimal_fixture_is_clean() {
    let checked = check(&minimal());
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    let knowledge = checked.knowledge.expect("clean pack loads");
    assert_eq!(knowledge.entries().len(), 2);
    let update = knowledge
        .tree
        .node("crash-update")
        .and_then(Node::outcome)
        .expect("outcome");
    assert_eq!(update.steps, ["Update the app from the official store."]);
    let support = knowledge
        .tree
        .node("crash-support")
        .and_then(Node::outcome)
        .expect("outcome");
    assert_eq!(
        support.prepare,
        ["Your phone model"],
        "prepare defaults to the entry's"
    );
}

#[test]
#[expect(clippy::too_many_lines, reason = "one row per lint rule")]
fn each_rule_fires_with_its_file_and_line() {
    use Change::{Content as C, Remove, Replace};
    let cases: Vec<(Rule, Change, &str, usize)> = vec![
        (
            Rule::Syntax,
            Replace(TREE, "root = \"triage\"", "root = \"triage"),
            TREE,
            1,
        ),
        (
            Rule::NotUtf8,
            C(
                APP,
                Content::NotUtf8 {
                    valid_prefix: "id = \"a\"\n".into(),
                },
            ),
            APP,
            2,
        ),
        (
            Rule::Unreadable,
            C(APP, Content::Unreadable("permission denied".into())),
            APP,
            1,
        ),
        (
            Rule::TooLarge,
            C(APP, Content::TooLarge { bytes: 1 << 30 }),
            APP,
            1,
        ),
        (Rule::MissingFile, Remove("pack.toml"), "pack.toml", 1),
        (
            Rule::UnknownKey,
            Replace(APP, "source = ", "tilte = \"x\"\nsource = "),
            APP,
            6,
        ),
        (
            Rule::WrongType,
            Replace(
                APP,
                "aliases = [\"app crashes\", \"app closes\", \"app dies\"]",
                "aliases = 3",
            ),
            APP,
            7,
        ),
        (
            Rule::MissingField,
            Replace(APP, "category = \"App\"\n", ""),
            APP,
            1,
        ),
        (
            Rule::InvalidValue,
            Replace(APP, "kind = \"issue\"", "kind = \"question\""),
            APP,
            2,
        ),
        (
            Rule::DuplicateId,
            Replace(NAME, "id = \"wrong-name\"", "id = \"app-crash\""),
            NAME,
            1,
        ),
        (
            Rule::BadId,
            Replace(TREE, "[node.crash-support]", "[node.Crash_Support]"),
            TREE,
            29,
        ),
        (
            Rule::DanglingRef,
            Replace(TREE, "next = \"crash-support\"", "next = \"crash-suport\""),
            TREE,
            18,
        ),
        (
            Rule::UnreachableNode,
            Replace(
                TREE,
                "[node.name-policy]",
                "[node.orphan]\noutcome = \"policy\"\nentry = \"app-crash\"\ntext = \"x\"\n\n[node.name-policy]",
            ),
            TREE,
            34,
        ),
        (
            Rule::Cycle,
            Replace(
                TREE,
                "unsolved = \"crash-support\"",
                "unsolved = \"crash-updated\"",
            ),
            TREE,
            27,
        ),
        (
            Rule::NoChoices,
            Replace(
                TREE,
                "choices = [\n  { key = \"yes\", label = \"Yes\", next = \"crash-support\" },\n  { key = \"no\", label = \"No\", next = \"crash-update\" },\n]",
                "choices = []",
            ),
            TREE,
            17,
        ),
        (
            Rule::NoOutcome,
            Replace(TREE, "outcome = \"support\"\n", ""),
            TREE,
            29,
        ),
        (
            Rule::UnreachedEntry,
            Replace(
                TREE,
                "  { key = \"name\", label = \"My name is wrong\", next = \"name-policy\" },\n",
                "",
            ),
            NAME,
            1,
        ),
        (
            Rule::NoStart,
            Replace(TREE, "wrong-name = \"name-policy\"\n", ""),
            NAME,
            1,
        ),
        (
            Rule::EmptyStep,
            Replace(APP, "\"Restart the phone.\"", "\"  \""),
            APP,
            8,
        ),
        (
            Rule::EmptyText,
            Replace(APP, "title = \"The app crashes\"", "title = \"\""),
            APP,
            3,
        ),
        (
            Rule::ControlChar,
            Replace(APP, "summary = \"The app", "summary = \"\\u001b[2JThe app"),
            APP,
            5,
        ),
        (
            Rule::FewAliases,
            Replace(
                NAME,
                "aliases = [\"wrong name\", \"name typo\", \"change name\"]",
                "aliases = [\"wrong name\"]",
            ),
            NAME,
            9,
        ),
        (
            Rule::UncitedStatement,
            Change::Cited(Box::new(Replace(
                APP,
                "{ text = \"Restart the phone.\", cite = \"If it still crashes, restart your phone\" }",
                "\"Restart the phone.\"",
            ))),
            APP,
            10,
        ),
        (
            Rule::CitationNotFound,
            Change::Cited(Box::new(Replace(
                APP,
                "cite = \"Update the app to the latest version.\"",
                "cite = \"Update the app to the newest version.\"",
            ))),
            APP,
            9,
        ),
        (
            Rule::FigureNotInCitation,
            Change::Cited(Box::new(Replace(
                NAME,
                "text = \"Check the name before you verify.\"",
                "text = \"Check the name within 2 days.\"",
            ))),
            NAME,
            10,
        ),
        (
            Rule::UncitedPassage,
            Change::AgainstGuide(concat!(
                include_str!("../../../../tests/fixtures/packs/cited/guide.txt"),
                "\nQ: Can I have two accounts?\nA: Only one.\n"
            )),
            "newer.txt",
            14,
        ),
        (
            Rule::CitedParagraphChanged,
            Change::AgainstGuide(
                "Acme Help: App Problems\n\nApp Crashes\n\nIssue: The app closes when you open it.\n\n\
                 Solution: Update the app to the latest version. If it still crashes, restart your phone and contact Acme support. Then wait a day.\n\n\
                 FAQ\n\nQ: Can I change my name?\nA: No. Names cannot be changed once verified.\n",
            ),
            "newer.txt",
            7,
        ),
        (
            Rule::BadCondition,
            with_when(
                "{ key = \"yes\", label = \"Yes\", next = \"crash-support\", when = [\"tried-update < 3\"] }",
                CRASH_NO,
            ),
            TREE,
            18,
        ),
        (
            Rule::OverlappingConditions,
            with_when(
                "{ key = \"yes\", label = \"Yes\", next = \"crash-support\", when = [\"age >= 18\"] }",
                "{ key = \"no\", label = \"No\", next = \"crash-update\", when = [\"age <= 18\"] }",
            ),
            TREE,
            19,
        ),
        (
            Rule::NoPlaceholder,
            with_language(
                "[[say]]\nfact = \"age\"\npatterns = [\n  \"im {n}\",\n  \"im old\",\n]\n",
            ),
            FACTS_EN,
            5,
        ),
        (
            Rule::StrongerThanCited,
            Change::Cited(Box::new(Change::Replace(
                APP,
                "text = \"Restart the phone.\"",
                "text = \"Always restart the phone.\"",
            ))),
            APP,
            10,
        ),
        (
            Rule::PolicyNotCited,
            Change::Cited(Box::new(Replace(
                TREE,
                "label = \"My name is wrong\"",
                "label = \"My name is wrong, and names must match\"",
            ))),
            TREE,
            11,
        ),
        (
            Rule::BorrowedPassage,
            Change::Cited(Box::new(Change::Replace(
                APP,
                "cite = \"If it still crashes, restart your phone\" }",
                "cite = \"Names cannot be changed once verified.\" }",
            ))),
            APP,
            10,
        ),
    ];
    let mut failures = Vec::new();
    for (rule, change, file, line) in &cases {
        let (sources, checked) = checked_after(change);
        let file = format!("pack/{file}");
        let found = checked
            .diagnostics
            .iter()
            .find(|d| d.rule == *rule && d.file == file);
        let Some(found) = found else {
            failures.push(format!(
                "{rule:?}: expected in {file}, got {:?}",
                checked.diagnostics
            ));
            continue;
        };
        if line_of(found, &sources) != *line {
            failures.push(format!(
                "{rule:?}: line {} instead of {line}: {found:?}",
                line_of(found, &sources)
            ));
        }
        let is_error = rule.severity() == Severity::Error;
        assert_eq!(
            checked.knowledge.is_none(),
            is_error,
            "{rule:?}: errors refuse the pack, warnings don't"
        );
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let tested: Vec<Rule> = cases.iter().map(|c| c.0).collect();
    for rule in all_rules() {
        assert!(tested.contains(&rule), "no lint case for {rule:?}");
    }
}

/// Every rule, so that a new one without a case fails the test above.
fn all_rules() -> Vec<Rule> {
    let mut rules = Vec::new();
    for code in [
        "syntax",
        "not-utf8",
        "unreadable",
        "too-large",
        "missing-file",
        "unknown-key",
        "wrong-type",
        "missing-field",
        "invalid-value",
        "duplicate-id",
        "bad-id",
        "dangling-ref",
        "unreachable-node",
        "cycle",
        "no-choices",
        "no-outcome",
        "unreached-entry",
        "no-start",
        "empty-step",
        "empty-text",
        "control-char",
        "few-aliases",
        "uncited-statement",
        "citation-not-found",
        "figure-not-in-citation",
        "uncited-passage",
        "bad-condition",
        "overlapping-conditions",
        "no-placeholder",
        "cited-paragraph-changed",
        "stronger-than-cited",
        "borrowed-passage",
        "policy-not-cited",
    ] {
        let rule: Rule = serde_json::from_value(serde_json::Value::String(code.into()))
            .expect("every code names a rule");
        assert_eq!(rule.code(), code);
        rules.push(rule);
    }
    rules
}

/// The findings of one change, as (rule, file, line, message, help).
fn findings(change: &Change) -> Vec<(Rule, String, usize, String, Option<String>)> {
    let (sources, checked) = checked_after(change);
    checked
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.rule,
                d.file.trim_start_matches("pack/").to_owned(),
                line_of(d, &sources),
                d.message.clone(),
                d.help.clone(),
            )
        })
        .collect()
}

#[test]
fn when_conditions_name_known_facts_and_test_them_as_their_kind() {
    let when = |condition: &'static str| {
        let yes: &'static str = Box::leak(
            format!(
                "{{ key = \"yes\", label = \"Yes\", next = \"crash-support\", when = [\"{condition}\"] }}"
            )
            .into_boxed_str(),
        );
        findings(&with_when(yes, CRASH_NO))
    };
    let unknown = when("tried-updat");
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(unknown[0].0, Rule::DanglingRef);
    assert_eq!(unknown[0].3, "no fact has the id `tried-updat`");
    assert_eq!(
        unknown[0].4.as_deref(),
        Some("did you mean `tried-update`?")
    );
    let compared_flag = when("tried-update >= 1");
    assert_eq!(compared_flag[0].0, Rule::BadCondition);
    assert!(
        compared_flag[0].3.contains("is a flag"),
        "{compared_flag:?}"
    );
    let bare_number = when("age");
    assert_eq!(bare_number[0].0, Rule::BadCondition);
    assert!(bare_number[0].3.contains("is a number"), "{bare_number:?}");
    for malformed in ["age < old", "Tried Update", ""] {
        let found = when(malformed);
        assert_eq!(found.len(), 1, "{malformed:?}: {found:?}");
        assert_eq!(
            (found[0].0, found[0].1.as_str(), found[0].2),
            (Rule::BadCondition, TREE, 18),
            "{malformed:?}"
        );
    }
    assert!(when("tried-update").is_empty());
    assert!(when("age < 18").is_empty());
    // A `when` with no facts declared at all names an unknown fact.
    let undeclared = findings(&Change::Replace(
        TREE,
        CRASH_YES,
        "{ key = \"yes\", label = \"Yes\", next = \"crash-support\", when = [\"age < 18\"] }",
    ));
    assert_eq!(undeclared.len(), 1, "{undeclared:?}");
    assert_eq!(undeclared[0].0, Rule::DanglingRef);
}

#[test]
fn choices_whose_conditions_can_hold_together_overlap() {
    let overlap = |yes: &'static str, no: &'static str| {
        findings(&with_when(yes, no))
            .into_iter()
            .filter(|f| f.0 == Rule::OverlappingConditions)
            .count()
    };
    let yes_when = "{ key = \"yes\", label = \"Yes\", next = \"crash-support\", when = [\"age >= 18\", \"tried-update\"] }";
    let apart = "{ key = \"no\", label = \"No\", next = \"crash-update\", when = [\"age < 18\"] }";
    let same_flag =
        "{ key = \"no\", label = \"No\", next = \"crash-update\", when = [\"tried-update\"] }";
    assert_eq!(overlap(yes_when, apart), 0);
    assert_eq!(overlap(yes_when, same_flag), 1);
}

#[test]
fn language_files_name_known_facts_and_give_numbers_a_place() {
    let unknown = findings(&with_language(
        "[[say]]\nfact = \"tried-updates\"\npatterns = [\"updated the app\"]\n",
    ));
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(
        (unknown[0].0, unknown[0].1.as_str(), unknown[0].2),
        (Rule::DanglingRef, FACTS_EN, 2)
    );
    assert_eq!(
        unknown[0].4.as_deref(),
        Some("did you mean `tried-update`?")
    );
    let empty = findings(&with_language(
        "[[say]]\nfact = \"tried-update\"\npatterns = [\"updated\", \" \"]\n",
    ));
    assert_eq!(empty.len(), 1, "{empty:?}");
    assert_eq!((empty[0].0, empty[0].2), (Rule::EmptyText, 3));
    let number_in_flag = findings(&with_language(
        "[[say]]\nfact = \"tried-update\"\npatterns = [\"updated {n} times\"]\n",
    ));
    assert_eq!(number_in_flag.len(), 1, "{number_in_flag:?}");
    assert_eq!(number_in_flag[0].0, Rule::BadCondition);
    for unmatchable in ["I'm {n}", "im  {n}", " im {n}", "im {n}!"] {
        let text: &'static str = Box::leak(
            format!("[[say]]\nfact = \"age\"\npatterns = [\"{unmatchable}\"]\n").into_boxed_str(),
        );
        let found = findings(&with_language(text));
        assert_eq!(found.len(), 1, "{unmatchable:?}: {found:?}");
        assert_eq!((found[0].0, found[0].2), (Rule::InvalidValue, 3));
        assert!(found[0].3.contains("never matches"), "{found:?}");
    }
    let fixed_value = findings(&with_language(
        "[[say]]\nfact = \"age\"\npatterns = [\"of age\"]\nvalue = 18\n",
    ));
    assert!(fixed_value.is_empty(), "{fixed_value:?}");
}

#[test]
fn the_facts_and_conditions_reach_the_model() {
    let (_, checked) = checked_after(&Change::Several(vec![
        with_when(
            "{ key = \"yes\", label = \"Yes\", next = \"crash-support\", when = [\"tried-update\"] }",
            CRASH_NO,
        ),
        Change::Add(
            FACTS_EN,
            "negations = [\"havent\"]\n[numbers]\nten = 10\n\n[[say]]\nfact = \"age\"\npatterns = [\"im {n}\"]\nscale = 1\n",
        ),
    ]));
    let knowledge = checked.knowledge.expect("a clean pack");
    let choices = knowledge
        .tree
        .node("crash-updated")
        .expect("node")
        .choices();
    assert_eq!(
        choices[0].when,
        [Condition {
            fact: "tried-update".into(),
            test: Test::Stated
        }]
    );
    assert!(choices[1].when.is_empty());
    assert_eq!(knowledge.facts.kinds.get("age"), Some(&FactKind::Number));
    let english = &knowledge.facts.languages[0];
    assert_eq!(english.name, "en");
    assert_eq!(english.negations, ["havent"]);
    assert_eq!(english.numbers, [("ten".to_owned(), 10.0)]);
    assert_eq!(english.sayings[0].pattern, "im {n}");
}

#[test]
fn confirming_alone_needs_at_least_a_match_and_defaults_to_one() {
    let decision = |lines: &'static str| {
        Change::Replace("pack.toml", "official_source = \"the Acme website\"", lines)
    };
    let below = decision(
        "official_source = \"the Acme website\"\n\n[decision]\nin_scope = 0.6\nconfident = 0.8\nplausible = 0.1\nalternative = 0.1\nconfirm = 0.7",
    );
    let found = findings(&below);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].2), (Rule::InvalidValue, 12));
    assert!(
        found[0].3.contains("`confirm` is below `confident`"),
        "{found:?}"
    );
    let (_, checked) = checked_after(&decision(
        "official_source = \"the Acme website\"\n\n[decision]\nin_scope = 0.6\nconfident = 0.8\nplausible = 0.1\nalternative = 0.1",
    ));
    let knowledge = checked.knowledge.expect("valid without `confirm`");
    assert!((knowledge.pack.decision.confirm - 0.8).abs() < f32::EPSILON);
}

#[test]
fn templates_may_only_use_known_variables_and_balanced_braces() {
    let mut sources = minimal();
    apply(
        &mut sources,
        &Change::Replace("templates.toml", "Hi {customer},", "Hi {custmer},"),
    );
    apply(
        &mut sources,
        &Change::Replace("templates.toml", "closing = \"Bye\"", "closing = \"Bye }\""),
    );
    let checked = check(&sources);
    let found: Vec<(Rule, usize, Option<&str>)> = checked
        .diagnostics
        .iter()
        .map(|d| (d.rule, line_of(d, &sources), d.help.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (Rule::DanglingRef, 5, Some("did you mean `customer`?")),
            (
                Rule::InvalidValue,
                11,
                Some("write `{{` or `}}` for a literal brace")
            ),
        ]
    );
}

#[test]
fn finds_problems_in_several_files_in_one_run() {
    let mut sources = minimal();
    apply(
        &mut sources,
        &Change::Replace(APP, "source = ", "tilte = \"x\"\nsource = "),
    );
    apply(
        &mut sources,
        &Change::Replace(TREE, "next = \"crash-support\"", "next = \"crash-suport\""),
    );
    apply(
        &mut sources,
        &Change::Replace(NAME, "\"Contact support.\"", "\"\""),
    );
    let checked = check(&sources);
    let rules: Vec<Rule> = checked.diagnostics.iter().map(|d| d.rule).collect();
    assert_eq!(
        rules,
        [Rule::UnknownKey, Rule::EmptyStep, Rule::DanglingRef],
        "and no cascade from the broken entry"
    );
    let dangling = checked
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::DanglingRef)
        .expect("dangling");
    assert_eq!(
        dangling.help.as_deref(),
        Some("did you mean `crash-support`?")
    );
    let unknown = checked
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::UnknownKey)
        .expect("unknown");
    assert_eq!(unknown.help.as_deref(), Some("did you mean `title`?"));
}

#[test]
fn hostile_files_give_findings_never_panics() {
    let deep_array = format!("x = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_table = format!("x = {}{}", "{ a = ".repeat(50_000), "}".repeat(50_000));
    let binary: String = (0u8..=255).map(char::from).collect();
    let huge_line = format!("title = \"{}\"", "a".repeat(2_000_000));
    for hostile in [
        "",
        "\n\n\n",
        "[[[",
        "= = =",
        "id = ",
        "\"\"\"",
        &deep_array,
        &deep_table,
        &binary,
        &huge_line,
    ] {
        for file in ["pack.toml", TREE, APP, "synonyms.toml"] {
            let mut sources = minimal();
            let target = sources
                .files
                .iter_mut()
                .find(|f| f.relative == file)
                .expect("fixture file");
            target.content = Content::Text(hostile.to_owned());
            let checked = check(&sources);
            let harmless = file == "synonyms.toml" && hostile.trim().is_empty();
            assert!(
                harmless || checked.errors() > 0,
                "{file} holding {:?}… should be refused",
                &hostile[..hostile.len().min(20)]
            );
            for diagnostic in &checked.diagnostics {
                let rendered =
                    Located::new(diagnostic, sources.by_display(&diagnostic.file)).render();
                assert!(
                    crate::text::find_unsafe_char(&rendered.replace('\n', "")).is_none(),
                    "{rendered:?}"
                );
            }
        }
    }
}

#[test]
fn every_truncation_of_every_file_is_survived() {
    let pristine = minimal();
    for file in &pristine.files {
        let text = file.text().expect("text").to_owned();
        for cut in (0..text.len())
            .step_by(7)
            .filter(|&i| text.is_char_boundary(i))
        {
            let mut sources = pristine.clone();
            let target = sources
                .files
                .iter_mut()
                .find(|f| f.relative == file.relative)
                .expect("same files");
            target.content = Content::Text(text[..cut].to_owned());
            let _ = check(&sources);
        }
    }
}

#[test]
fn a_snapshot_reads_back_as_the_same_knowledge_of_the_same_files_only() {
    let sources = Sources::builtin();
    let knowledge = check(&sources)
        .knowledge
        .expect("the shipped pack is valid");
    let bytes = knowledge.snapshot().expect("serializes");
    let digest = digest(&sources);
    let back = Knowledge::from_snapshot(&bytes, &digest).expect("reads back");
    assert_eq!(back.snapshot().expect("serializes"), bytes);
    assert_eq!(back.entries().len(), knowledge.entries().len());
    assert!(back.entry("upload-photos").is_some());
    assert!(Knowledge::from_snapshot(&bytes, "another digest").is_none());
    assert!(Knowledge::from_snapshot(&bytes[..bytes.len() / 2], &digest).is_none());
    assert!(Knowledge::from_snapshot(b"\0garbage", &digest).is_none());
    assert!(Knowledge::from_snapshot(&[0xff; 64], &digest).is_none());
}

#[test]
fn the_built_in_digest_is_the_digest_of_the_built_in_files_wherever_they_are_read() {
    assert_eq!(BUILTIN_DIGEST, digest(&Sources::builtin()));
    let on_disk = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge");
    let from_dir = Sources::from_dir(&on_disk).expect("the shipped pack is readable");
    assert_eq!(BUILTIN_DIGEST, digest(&from_dir));
}

/// The shipped guide, with `edit` applied to its text.
fn shipped_guide_edited(edit: impl FnOnce(&str) -> String) -> String {
    edit(include_str!("../../../../knowledge/guide.txt"))
}

/// The shipped pack checked against `newer`, as (rule, file, line, message, help).
fn against_shipped(newer: &str) -> Vec<(Rule, String, usize, String, Option<String>)> {
    let mut sources = Sources::builtin();
    let newer = SourceFile::from_text("new.txt", newer);
    let checked = check_against(&sources, &newer);
    sources.files.push(newer);
    checked
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.rule,
                d.file.clone(),
                line_of(d, &sources),
                d.message.clone(),
                d.help.clone(),
            )
        })
        .collect()
}

/// Every line of `text` longer than 50 characters broken (and indented) at its middle
/// space, and each FAQ answer joined to its question's line: a rewrap that keeps the blank
/// lines between paragraphs.
fn rewrapped(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let (body, end) = line.split_at(line.trim_end_matches('\n').len());
        let middle = body.len() / 2;
        match body
            .char_indices()
            .find(|&(at, c)| at >= middle && c == ' ')
        {
            Some((at, _)) if body.chars().count() > 50 => {
                out.push_str(&body[..at]);
                out.push_str("\n    ");
                out.push_str(&body[at + 1..]);
            }
            _ => out.push_str(body),
        }
        out.push_str(end);
    }
    out.replace("?\nA: ", "?  A: ")
}

#[test]
fn a_rewrapped_guide_gives_no_findings() {
    let newer = shipped_guide_edited(rewrapped);
    assert_ne!(newer, include_str!("../../../../knowledge/guide.txt"));
    let found = against_shipped(&newer);
    assert!(found.is_empty(), "{found:#?}");
    let crlf = shipped_guide_edited(|text| rewrapped(text).replace('\n', "\r\n"));
    let found = against_shipped(&crlf);
    assert!(found.is_empty(), "{found:#?}");
}

/// The expired-ID answer of the shipped guide, which several statements cite.
const EXPIRED_ANSWER: &str =
    "A: Yes. Once your document expires, you’ll need to reverify with a valid one through the app.";

#[test]
fn a_sentence_added_to_a_cited_paragraph_is_reported_with_the_statements_that_cite_it() {
    let newer = shipped_guide_edited(|text| {
        text.replace(
            EXPIRED_ANSWER,
            &format!("{EXPIRED_ANSWER} Until you do, withdrawals from your account are paused."),
        )
    });
    let found = against_shipped(&newer);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (rule, file, line, message, help) = &found[0];
    assert_eq!(
        (*rule, file.as_str(), *line),
        (Rule::CitedParagraphChanged, "new.txt", 167),
        "at the paragraph's first line, the question's"
    );
    assert_eq!(
        message,
        "the paragraph around this citation changed: new text \"Until you do, withdrawals from your account are paused.\""
    );
    let help = help.as_deref().unwrap_or_default();
    for statement in [
        "knowledge/entries/faq-expired-id.toml (the summary, the answer, ",
        "knowledge/entries/change-identity.toml (",
        "knowledge/tree.toml (",
    ] {
        assert!(help.contains(statement), "{statement} in {help}");
    }
}

#[test]
fn a_sentence_gone_from_a_cited_paragraph_is_named() {
    let found = findings(&Change::AgainstGuide(
        "Acme Help: App Problems\n\nApp Crashes\n\nIssue: The app closes when you open it.\n\n\
         Solution: Update the app to the latest version. If it still crashes, restart your phone and contact Acme support.\n\n\
         FAQ\n\nQ: Can I change my legal name?\nA: No. Names cannot be changed once verified.\n",
    ));
    let changed: Vec<_> = found.iter().map(|f| (f.0, f.1.as_str(), f.2)).collect();
    assert_eq!(
        changed,
        [(Rule::CitedParagraphChanged, "newer.txt", 11)],
        "{found:#?}"
    );
    assert_eq!(
        found[0].3,
        "the paragraph around this citation changed: new text \"Can I change my legal name?\"; gone \"Can I change my name?\""
    );
    assert_eq!(
        found[0].4.as_deref(),
        Some(
            "cited by pack/entries/wrong-name.toml (the summary, the answer), pack/tree.toml (the text of outcome `name-policy` (entry `wrong-name`)): check that they still say what the paragraph says, and cover what is new"
        )
    );
}

#[test]
fn a_changed_figure_in_a_cited_sentence_is_a_missing_citation_not_a_changed_paragraph() {
    let newer = shipped_guide_edited(|text| text.replace("up to 24 hours", "up to 48 hours"));
    let found = against_shipped(&newer);
    assert!(!found.is_empty());
    for (rule, file, _, message, help) in &found {
        assert_eq!(*rule, Rule::CitationNotFound, "{message}");
        assert_ne!(file, "new.txt");
        assert!(
            help.as_deref()
                .is_some_and(|h| h.contains("up to 48 hours")),
            "{help:?}"
        );
    }
}

#[test]
fn a_new_paragraph_and_a_changed_uncited_one_are_uncited_passages_not_changed_ones() {
    let intro = "This guide breaks down the most frequent reasons for verification failure and provides clear, actionable solutions.";
    let newer = shipped_guide_edited(|text| {
        format!(
            "{}\nQ: Do I need to verify again after a name change?\nA: Yes, with a document in the new name.\n",
            text.replace(intro, &format!("{intro} It is updated every quarter."))
        )
    });
    let found = against_shipped(&newer);
    let places: Vec<(Rule, &str, usize)> = found
        .iter()
        .map(|(rule, file, line, _, _)| (*rule, file.as_str(), *line))
        .collect();
    assert_eq!(
        places,
        [
            (Rule::UncitedPassage, "new.txt", 5),
            (Rule::UncitedPassage, "new.txt", 174),
        ],
        "{found:#?}"
    );
}

/// Questions and labels that cite nothing are held to stating no policy; written as a
/// statement, they are held to their citation like any other; so are the hand-off's lines.
#[test]
fn questions_and_labels_state_no_policy_unless_they_cite_it() {
    use Change::Replace;
    let changes = [
        // A figure in a plain question: "(30 days)" where nothing says so.
        Replace(
            TREE,
            "text = \"Is the app up to date?\"",
            "text = \"Was the app updated in the last 30 days?\"",
        ),
        // A rule in a plain label.
        Replace(
            TREE,
            "label = \"My name is wrong\"",
            "label = \"Names are never accepted\"",
        ),
        // A cited question stronger than its passage.
        Replace(
            TREE,
            "text = \"Is the app up to date?\"",
            "text = { text = \"You must always update the app. Is it up to date?\", cite = \"Update the app to the latest version.\" }",
        ),
        // The hand-off's closing lines are statements too.
        Replace(
            "pack.toml",
            "[guide]",
            "[handoff]\ncontact = { text = \"Contact Acme support within 2 days.\", generic = true }\nreminder = { text = \"Only Acme support takes documents.\", generic = true }\n\n[guide]",
        ),
        // A cited label with a figure its passage lacks.
        Replace(
            TREE,
            "label = \"My name is wrong\"",
            "label = { text = \"My name changed 2 times\", cite = \"Names cannot be changed once verified.\" }",
        ),
    ];
    let found: Vec<Vec<(Rule, String)>> = changes
        .into_iter()
        .map(|change| {
            findings(&Change::Cited(Box::new(change)))
                .into_iter()
                .map(|(rule, _, _, message, _)| (rule, message))
                .collect()
        })
        .collect();
    assert_eq!(
        found,
        [
            vec![(
                Rule::FigureNotInCitation,
                "the question of `crash-updated` (entry `app-crash`) cites nothing but states \"30\", \"days\"".to_owned()
            )],
            vec![(
                Rule::PolicyNotCited,
                "choice `name` of `triage` cites nothing but says \"never\", \"accepted\", which states policy".to_owned()
            )],
            vec![(
                Rule::StrongerThanCited,
                "the question of `crash-updated` (entry `app-crash`) says \"must\", \"always\", which its passages don't".to_owned()
            )],
            vec![
                (
                    Rule::FigureNotInCitation,
                    "handoff.contact is marked generic but states \"2\", \"days\"".to_owned()
                ),
                (
                    Rule::PolicyNotCited,
                    "handoff.reminder is marked generic but says \"only\", which states policy"
                        .to_owned()
                ),
            ],
            vec![(
                Rule::FigureNotInCitation,
                "choice `name` of `triage` states \"2\", which its passages don't".to_owned()
            )],
        ]
    );
}

/// The texts the model trains on once `file` is added to the minimal pack's tests.
fn trained_with(file: &'static str) -> Vec<String> {
    let (_, checked) = checked_after(&Change::Add("tests/extra.toml", file));
    let knowledge = checked
        .knowledge
        .expect("test files never stop the pack loading");
    knowledge.examples.into_iter().map(|e| e.text).collect()
}

const MINIMAL_TRAINING: [&str; 2] = ["my app crashes when i open it", "how do I withdraw"];

#[test]
fn the_model_trains_on_queries_but_never_on_held_out_suites_or_known_misses() {
    let trained = trained_with(
        "[suite]\nname = \"measured\"\n\n[[query]]\ntext = \"app closes\"\nexpect = [\"app-crash\"]\n\n\
         [[query]]\ntext = \"it fails\"\nexpect = [\"app-crash\"]\nknown_miss = \"too vague\"\n",
    );
    assert_eq!(
        trained,
        [MINIMAL_TRAINING[0], MINIMAL_TRAINING[1], "app closes"]
    );
    let held_out = trained_with(
        "[suite]\nname = \"unseen\"\nheld_out = true\n\n[[query]]\ntext = \"app closes\"\nexpect = [\"app-crash\"]\n",
    );
    assert_eq!(held_out, MINIMAL_TRAINING);
}

#[test]
fn a_test_file_kb_test_refuses_trains_nothing() {
    // Misspelt, `held_out` would be ignored and the held-out queries trained on.
    let misspelt = trained_with(
        "[suite]\nname = \"unseen\"\nheld-out = true\n\n[[query]]\ntext = \"app closes\"\nexpect = [\"app-crash\"]\n",
    );
    assert_eq!(misspelt, MINIMAL_TRAINING);
    let unnamed = trained_with(
        "[suite]\nheld_out = false\n\n[[query]]\ntext = \"app closes\"\nexpect = [\"app-crash\"]\n",
    );
    assert_eq!(unnamed, MINIMAL_TRAINING);
}

#[test]
fn a_missing_pack_or_tree_file_is_named_in_its_finding() {
    for file in ["pack.toml", "tree.toml"] {
        let missing: Vec<_> = findings(&Change::Remove(file))
            .into_iter()
            .filter(|finding| finding.0 == Rule::MissingFile)
            .collect();
        assert_eq!(missing.len(), 1, "{file}: {missing:?}");
        assert_eq!(missing[0].1, file);
        assert_eq!(missing[0].3, format!("the pack has no {file}"));
    }
}
