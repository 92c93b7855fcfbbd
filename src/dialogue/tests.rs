//! Conversation tests: whole dialogues fed turn by turn, over the shipped pack and small inline ones.

use std::cell::RefCell;
use std::sync::Arc;

use super::*;
use crate::knowledge::{
    self, EntryKind, Knowledge, Node, NodeKind, OutcomeKind, SourceFile, Sources,
};

/// Builds knowledge from inline files, failing the test on any error.
fn pack(files: &[(&str, &str)]) -> Knowledge {
    let sources = Sources {
        origin: "inline".to_owned(),
        files: files
            .iter()
            .map(|(path, text)| SourceFile::from_text(path, text))
            .collect(),
    };
    let checked = knowledge::check(&sources);
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity() == knowledge::Severity::Error)
        .map(|d| format!("{d:?}"))
        .collect();
    checked
        .knowledge
        .unwrap_or_else(|| panic!("the test pack has errors: {errors:#?}"))
}

/// The fixture pack `tests/fixtures/packs/minimal`.
pub(super) fn minimal() -> Knowledge {
    pack(&[
        (
            "pack.toml",
            include_str!("../../tests/fixtures/packs/minimal/pack.toml"),
        ),
        (
            "tree.toml",
            include_str!("../../tests/fixtures/packs/minimal/tree.toml"),
        ),
        (
            "entries/app-crash.toml",
            include_str!("../../tests/fixtures/packs/minimal/entries/app-crash.toml"),
        ),
        (
            "entries/wrong-name.toml",
            include_str!("../../tests/fixtures/packs/minimal/entries/wrong-name.toml"),
        ),
    ])
}

fn shipped() -> Arc<Knowledge> {
    let checked = knowledge::check(&Sources::builtin());
    Arc::new(checked.knowledge.expect("the shipped knowledge is valid"))
}

/// A recognizer that knows a few words: each keyword found in the text adds its candidates.
/// It is confident when the best leads the next by 0.2 and reaches 0.5, and offers what is
/// within 0.3 of the best.
struct Keywords(Vec<(&'static str, &'static str, f32)>);

impl Recognizer for Keywords {
    fn recognize(&self, text: &str) -> Recognized {
        let text = text.to_lowercase();
        let mut found: Vec<Candidate> = self
            .0
            .iter()
            .filter(|(word, _, _)| text.contains(word))
            .map(|&(_, id, confidence)| Candidate::new(id, confidence))
            .collect();
        found.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        let Some(top) = found.first().map(|c| c.confidence) else {
            return Recognized::default();
        };
        found.retain(|c| c.confidence >= top - 0.3);
        let leads = found
            .get(1)
            .is_none_or(|second| top - second.confidence >= 0.2);
        if leads && top >= 0.5 {
            Recognized::confident(found)
        } else {
            Recognized::plausible(found)
        }
    }
}

fn keywords() -> Keywords {
    Keywords(vec![
        ("upload", "upload-photos", 0.9),
        ("camera", "camera-access", 0.9),
        ("button", "page-unresponsive", 0.85),
        ("address", "address-proof", 0.9),
        ("mismatch", "face-info-mismatch", 0.85),
        ("face", "face-photo-mismatch", 0.7),
        ("face", "face-info-mismatch", 0.65),
        ("verification take", "faq-verification-time", 0.4),
        ("crash", "app-crash", 0.9),
        ("name", "wrong-name", 0.8),
    ])
}

/// A conversation under test, with a readable failure on every step.
struct Chat {
    session: Session,
    recognizer: Keywords,
    last: Reply,
}

impl Chat {
    fn new(knowledge: Arc<Knowledge>) -> Self {
        let mut session = Session::new(knowledge);
        let last = session.start();
        Self {
            session,
            recognizer: keywords(),
            last,
        }
    }

    fn shipped() -> Self {
        Self::new(shipped())
    }

    fn say(&mut self, text: &str) -> &Reply {
        self.last = self.session.handle(text, &self.recognizer);
        &self.last
    }

    /// Says `text` and expects to stand at `node` afterwards.
    fn at(&mut self, text: &str, node: &str) -> &Reply {
        self.say(text);
        assert_eq!(
            self.last.node.as_deref(),
            Some(node),
            "after {text:?}:\n{}",
            self.last.to_text()
        );
        &self.last
    }

    fn text(&self) -> String {
        self.last.to_text()
    }

    fn keys(&self) -> Vec<&str> {
        self.last.choices.iter().map(|c| c.key.as_str()).collect()
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|&s| s.to_owned()).collect()
}

// ---------------------------------------------------------------- every flow of the shipped tree

/// One way through the tree: the choice number taken at each node ("no" at a resolved outcome
/// follows its `unsolved`), and the nodes visited.
#[derive(Debug, Clone)]
struct Route {
    answers: Vec<String>,
    nodes: Vec<String>,
    outcome: OutcomeKind,
}

fn routes(knowledge: &Knowledge, from: &str) -> Vec<Route> {
    let mut done = Vec::new();
    let mut stack = vec![Route {
        answers: Vec::new(),
        nodes: vec![from.to_owned()],
        outcome: OutcomeKind::Resolved,
    }];
    while let Some(route) = stack.pop() {
        let id = route.nodes.last().expect("a route has a node");
        let node = knowledge.tree.node(id).expect("routes follow the tree");
        match &node.kind {
            NodeKind::Question { choices } => {
                for (i, choice) in choices.iter().enumerate() {
                    let mut next = route.clone();
                    next.answers.push((i + 1).to_string());
                    next.nodes.push(choice.next.clone());
                    stack.push(next);
                }
            }
            NodeKind::Outcome(outcome) => {
                if let Some(unsolved) = &outcome.unsolved {
                    let mut next = route.clone();
                    next.answers.push("no".to_owned());
                    next.nodes.push(unsolved.clone());
                    stack.push(next);
                }
                done.push(Route {
                    outcome: outcome.kind,
                    ..route
                });
            }
        }
    }
    done
}

#[test]
fn every_route_of_the_shipped_tree_ends_where_the_tree_says() {
    let knowledge = shipped();
    let all = routes(&knowledge, &knowledge.tree.root);
    assert!(all.len() > 50, "only {} routes", all.len());
    let mut reached = std::collections::BTreeSet::new();
    for route in &all {
        let mut chat = Chat::new(Arc::clone(&knowledge));
        chat.at("menu", &knowledge.tree.root);
        for answer in &route.answers {
            chat.say(answer);
        }
        let reply = &chat.last;
        assert_eq!(reply.path, route.nodes, "route {:?}", route.answers);
        assert_eq!(
            reply.outcome,
            Some(route.outcome),
            "route {:?}",
            route.answers
        );
        match route.outcome {
            OutcomeKind::Resolved => {
                assert_eq!(chat.keys(), ["yes", "no"]);
                let entry = route
                    .nodes
                    .last()
                    .and_then(|id| knowledge.tree.node(id))
                    .and_then(Node::outcome)
                    .and_then(|outcome| knowledge.entry(&outcome.entry))
                    .expect("a resolved outcome names its entry");
                let asked = if entry.kind == EntryKind::Faq {
                    phrases::ANSWERED_QUESTION
                } else {
                    phrases::SOLVED_QUESTION
                };
                assert!(chat.text().contains(asked), "{}", chat.text());
            }
            OutcomeKind::Support => {
                assert!(reply.ended && reply.handoff().is_some(), "{}", chat.text());
            }
            OutcomeKind::Policy => {
                assert!(!reply.ended && reply.handoff().is_none());
                assert!(chat.text().contains(phrases::POLICY));
            }
        }
        reached.extend(route.nodes.iter().cloned());
    }
    let unreached: Vec<&String> = knowledge
        .tree
        .nodes
        .keys()
        .filter(|id| !reached.contains(*id))
        .collect();
    assert!(unreached.is_empty(), "never reached: {unreached:?}");
}

#[test]
fn every_entry_opens_its_flow_once_confirmed() {
    let knowledge = shipped();
    let by_id = |text: &str| {
        Recognized::confident(
            knowledge
                .entry(text)
                .map(|entry| Candidate::new(entry.id.clone(), 0.9))
                .into_iter()
                .collect(),
        )
    };
    for entry in knowledge.entries() {
        let mut session = Session::new(Arc::clone(&knowledge));
        session.start();
        let reply = session.handle(&entry.id, &by_id);
        assert!(reply.to_text().contains(&entry.title), "{}", entry.id);
        assert_eq!(
            reply
                .choices
                .iter()
                .map(|c| c.key.as_str())
                .collect::<Vec<_>>(),
            ["yes", "no"]
        );
        let reply = session.handle("yes", &by_id);
        let start = knowledge.tree.starts.get(&entry.id);
        assert_eq!(reply.path.first(), start, "{}", entry.id);
        let packet = session
            .handoff()
            .expect("a recognised problem can be handed off");
        assert_eq!(
            packet.problem.entry.map(|e| e.id).as_deref(),
            Some(entry.id.as_str())
        );
    }
}

// ---------------------------------------------------------------- conversations in words

/// A conversation in words: the turns typed, the tree path it must take, the outcome its last
/// turn reaches and whether it ends there.
struct ScriptedConversation {
    turns: &'static [&'static str],
    path: &'static [&'static str],
    outcome: Option<OutcomeKind>,
    ended: bool,
}

const CONVERSATIONS: &[ScriptedConversation] = &[
    ScriptedConversation {
        turns: &[
            "I can't upload my ID photos",
            "yes",
            "nope",
            "didn't work",
            "yes, both are allowed",
            "not sure",
            "I already did that",
            "wallet",
            "no",
        ],
        path: &[
            "upload-connection",
            "upload-fix-connection",
            "upload-permissions",
            "upload-version",
            "upload-update",
            "upload-reinstall-wallet",
            "upload-reinstall-backup",
            "upload-support",
        ],
        outcome: Some(OutcomeKind::Support),
        ended: true,
    },
    ScriptedConversation {
        turns: &["the camera is black", "y", "1", "yeah", "it worked"],
        path: &["camera-permission", "camera-version", "camera-reinstall"],
        outcome: None,
        ended: true,
    },
    ScriptedConversation {
        turns: &["menu", "documents", "already used", "Yes", "no"],
        path: &[
            "triage",
            "menu-documents",
            "idused-other-account",
            "idused-policy",
        ],
        outcome: None,
        ended: true,
    },
    ScriptedConversation {
        turns: &["menu", "my eligibility", "age", "no, I'm under 18"],
        path: &["triage", "menu-account", "underage-age", "underage-policy"],
        outcome: Some(OutcomeKind::Policy),
        ended: false,
    },
    ScriptedConversation {
        turns: &["menu", "documets", "invalid", "pasport", "it's signed", "2"],
        path: &[
            "triage",
            "menu-documents",
            "invalid-doc",
            "invalid-passport-signature",
            "invalid-recheck",
            "invalid-support",
        ],
        outcome: Some(OutcomeKind::Support),
        ended: true,
    },
    ScriptedConversation {
        turns: &[
            "my proof of address got rejected",
            "yep",
            "yes",
            "no it's older",
            "fixed",
        ],
        path: &["address-name", "address-age", "address-fix-age"],
        outcome: None,
        ended: true,
    },
    ScriptedConversation {
        turns: &[
            "menu",
            "question",
            "how long",
            "no, less than 24 hours",
            "still not",
        ],
        path: &[
            "triage",
            "menu-faq",
            "faq-time-waited",
            "faq-time-answer",
            "faq-time-support",
        ],
        outcome: Some(OutcomeKind::Support),
        ended: true,
    },
    ScriptedConversation {
        turns: &["menu", "face", "deaf", "no"],
        path: &["triage", "menu-face", "deaf-helper", "deaf-support"],
        outcome: Some(OutcomeKind::Support),
        ended: true,
    },
];

#[test]
fn conversations_in_words_follow_the_tree() {
    for case in CONVERSATIONS {
        let mut chat = Chat::shipped();
        for turn in case.turns {
            chat.say(turn);
        }
        let reply = &chat.last;
        assert_eq!(
            reply.path,
            strings(case.path),
            "{:?}\n{}",
            case.turns,
            chat.text()
        );
        assert_eq!(reply.outcome, case.outcome, "{:?}", case.turns);
        assert_eq!(reply.ended, case.ended, "{:?}", case.turns);
    }
}

#[test]
fn yes_and_no_come_in_many_forms() {
    for yes in [
        "yes",
        "y",
        "Yep!",
        "yeah",
        "sure",
        "ok",
        "correct",
        "YES",
        "yes it is",
        "是的",
    ] {
        let mut chat = Chat::shipped();
        chat.say("camera");
        chat.at(yes, "camera-permission");
        chat.at(yes, "camera-version");
    }
    for no in [
        "no",
        "n",
        "nope",
        "nah",
        "No.",
        "not really",
        "nope, not yet",
        "不是",
    ] {
        let mut chat = Chat::shipped();
        chat.say("camera");
        chat.say("yes");
        chat.at(no, "camera-fix-permission");
    }
}

#[test]
fn already_done_means_yes_to_a_check_and_no_to_the_steps() {
    let mut chat = Chat::shipped();
    chat.say("upload");
    chat.say("yes");
    chat.at("I already did that", "upload-permissions");
    chat.at("no", "upload-fix-permissions");
    chat.at("already tried that", "upload-version");
}

#[test]
fn numbers_keys_and_labels_pick_choices() {
    for (answer, node) in [
        ("2", "menu-face"),
        ("2.", "menu-face"),
        ("#2", "menu-face"),
        ("face", "menu-face"),
        ("The face scan or the video verification", "menu-face"),
        ("the face scan", "menu-face"),
        ("vidoe verification", "menu-face"),
        ("proof of adress", "menu-documents"),
    ] {
        let mut chat = Chat::shipped();
        chat.say("menu");
        chat.at(answer, node);
    }
}

#[test]
fn a_bare_yes_or_no_that_fits_no_choice_asks_again_instead_of_searching() {
    let mut session = Session::new(shipped());
    session.start();
    let eager = Keywords(vec![
        ("yes", "faq-expired-id", 0.95),
        ("no", "underage", 0.95),
    ]);
    session.handle("menu", &eager);
    for answer in ["yes", "no", "ok"] {
        let reply = session.handle(answer, &eager);
        assert_eq!(reply.node.as_deref(), Some("triage"), "{answer}");
        assert!(
            reply.to_text().contains(phrases::NOT_UNDERSTOOD),
            "{}",
            reply.to_text()
        );
    }
}

#[test]
fn a_general_question_asks_whether_it_was_answered_not_solved() {
    let mut chat = Chat::shipped();
    chat.say("menu");
    chat.at("5", "menu-faq");
    chat.at("2", "faq-video-safe-answer");
    let text = chat.text();
    assert!(text.contains(phrases::ANSWERED_QUESTION), "{text}");
    assert!(!text.contains(phrases::SOLVED_QUESTION), "{text}");
    assert!(text.contains(phrases::CHOICE_UNANSWERED), "{text}");
    chat.say("yes");
    assert!(chat.text().contains(phrases::ANSWERED), "{}", chat.text());

    let mut chat = Chat::shipped();
    chat.say("camera");
    chat.say("yes");
    chat.at("no", "camera-fix-permission");
    assert!(
        chat.text().contains(phrases::SOLVED_QUESTION),
        "{}",
        chat.text()
    );
}

#[test]
fn a_number_out_of_range_asks_again() {
    let mut chat = Chat::shipped();
    chat.say("menu");
    chat.at("9", "triage");
    assert!(chat.text().contains("up to 5"), "{}", chat.text());
    assert_eq!(chat.last.path, ["triage"]);
}

#[test]
fn gibberish_in_a_flow_is_not_understood_and_the_question_stays() {
    let mut chat = Chat::shipped();
    chat.say("menu");
    chat.at("asdfgh qwerty", "triage");
    assert!(chat.text().contains("didn't understand"));
    assert_eq!(chat.keys().len(), 5);
}

// ---------------------------------------------------------------- recognition

#[test]
fn one_clear_candidate_is_confirmed() {
    let mut chat = Chat::shipped();
    chat.say("my photos won't upload");
    assert!(
        chat.text()
            .contains("It sounds like this: The app can't upload your ID photos")
    );
    assert_eq!(chat.keys(), ["yes", "no"]);
    assert_eq!(chat.last.node, None);
    chat.at("yes", "upload-connection");
}

#[test]
fn no_to_the_only_candidate_narrows_down_with_the_menu() {
    let mut chat = Chat::shipped();
    chat.say("upload");
    chat.at("no", "triage");
    assert!(chat.text().contains("narrow it down"));
}

#[test]
fn no_to_the_top_candidate_offers_the_others() {
    let recognizer = |_: &str| {
        Recognized::confident(vec![
            Candidate::new("app-crash", 0.95),
            Candidate::new("wrong-name", 0.7),
        ])
    };
    let mut session = Session::new(Arc::new(minimal()));
    session.start();
    session.handle("it breaks", &recognizer);
    let reply = session.handle("no", &recognizer);
    let keys: Vec<&str> = reply.choices.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["wrong-name", "area:crash", "area:name", "none"]);
    let reply = session.handle("wrong name", &recognizer);
    assert_eq!(reply.node.as_deref(), Some("name-policy"));
    assert_eq!(reply.outcome, Some(OutcomeKind::Policy));
}

/// A recognizer that offers two entries and ranks the rest after them, like the trained model.
fn ranked(_: &str) -> Recognized {
    Recognized::plausible(vec![Candidate::new("app-crash", 0.3)])
        .with_runners_up(vec!["wrong-name".to_owned()])
}

#[test]
fn yes_to_a_list_of_several_asks_which_one() {
    let several = |_: &str| {
        Recognized::plausible(vec![
            Candidate::new("app-crash", 0.4),
            Candidate::new("wrong-name", 0.35),
        ])
    };
    let mut session = Session::new(Arc::new(minimal()));
    session.start();
    let reply = session.handle("it is broken", &several);
    assert!(
        reply.to_text().contains(phrases::PICK),
        "{}",
        reply.to_text()
    );
    let reply = session.handle("yes", &several);
    let text = reply.to_text();
    assert!(text.contains(phrases::PICK_WHICH), "{text}");
    assert!(!text.contains(phrases::NOT_UNDERSTOOD), "{text}");
    let keys: Vec<&str> = reply.choices.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["app-crash", "wrong-name", "none"], "the list stays");
    let reply = session.handle("2", &several);
    assert_eq!(reply.node.as_deref(), Some("name-policy"));
}

#[test]
fn none_of_these_gives_a_second_chance_before_the_menu() {
    let mut session = Session::new(Arc::new(minimal()));
    session.start();
    let reply = session.handle("it is broken", &ranked);
    assert!(
        reply
            .to_text()
            .contains("a problem that might fit. Is this it?"),
        "a list of one is no \"few problems\": {}",
        reply.to_text()
    );
    let reply = session.handle("none of these", &ranked);
    let keys: Vec<&str> = reply.choices.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["wrong-name", "area:crash", "area:name", "none"]);
    assert!(
        reply
            .to_text()
            .contains("Could it be any of these instead?")
    );
    let reply = session.handle("none of these", &ranked);
    assert_eq!(
        reply.node.as_deref(),
        Some("triage"),
        "a second none: the menu"
    );
    assert!(reply.to_text().contains("narrow it down"));
    let reply = session.handle("back", &ranked);
    assert_eq!(reply.choices.len(), 4, "back returns to the second chance");
    let reply = session.handle("2", &ranked);
    assert_eq!(
        reply.node.as_deref(),
        Some("crash-updated"),
        "an area picked from the second chance answers the menu"
    );
    assert_eq!(reply.path, ["triage", "crash-updated"]);
}

#[test]
fn close_candidates_are_offered_with_none_of_these() {
    let mut chat = Chat::shipped();
    chat.say("the face check fails");
    assert_eq!(
        chat.keys(),
        ["face-photo-mismatch", "face-info-mismatch", "none"]
    );
    assert!(chat.text().contains("Which is closest?"));
    chat.at("1", "face-photo-tips");

    let mut chat = Chat::shipped();
    chat.say("face");
    chat.at("none of these", "triage");
}

#[test]
fn nothing_recognised_offers_support_and_the_menu() {
    let mut chat = Chat::shipped();
    chat.say("how do I withdraw bitcoin");
    let text = chat.text();
    assert!(text.contains("can't match that"), "{text}");
    assert!(text.contains("OKX 24/7 live support"), "{text}");
    assert!(text.contains("choose below what it is about"), "{text}");
    assert_eq!(
        chat.keys(),
        [
            "area:app",
            "area:face",
            "area:documents",
            "area:account",
            "area:question",
            "support"
        ]
    );
    chat.at("1", "menu-app");

    let mut chat = Chat::shipped();
    chat.say("how do I withdraw bitcoin");
    chat.say("Talk to live support");
    assert!(chat.last.ended);
    let packet = chat.last.handoff().expect("hand-off");
    assert_eq!(
        packet.problem.description.as_deref(),
        Some("how do I withdraw bitcoin")
    );
    assert_eq!(packet.problem.entry, None);
}

#[test]
fn a_handoff_leaves_out_the_sections_it_has_nothing_for() {
    let mut chat = Chat::shipped();
    chat.say("how do I withdraw bitcoin");
    chat.say("Talk to live support");
    let packet = chat.last.handoff().expect("hand-off");
    assert!(packet.answers.is_empty() && packet.steps_shown.is_empty());
    let text = packet.to_text();
    assert!(!text.contains(phrases::HANDOFF_ANSWERS), "{text}");
    assert!(!text.contains(phrases::HANDOFF_STEPS), "{text}");
    assert!(!text.contains("- none"), "{text}");
    assert!(text.contains(phrases::HANDOFF_PREPARE), "{text}");
}

#[test]
fn a_message_in_another_language_is_told_once_that_the_help_is_in_english() {
    let mut chat = Chat::shipped();
    chat.say("my photos won't upload");
    assert!(!chat.text().contains("inglés"), "{}", chat.text());
    let mut chat = Chat::shipped();
    chat.say("No puedo subir mi foto, la aplicación falla");
    assert!(
        matches!(
            chat.last.messages.first(),
            Some(Message::Say { text }) if text == "Este asistente solo ofrece ayuda en inglés."
        ),
        "{}",
        chat.text()
    );
    assert!(chat.last.messages.len() > 1, "the reply follows the notice");
    chat.say("start over");
    chat.say("No puedo subir mi foto, la aplicación falla");
    assert!(
        !chat.text().contains("inglés"),
        "once a conversation: {}",
        chat.text()
    );
}

#[test]
fn descriptions_are_not_mistaken_for_the_start_choices() {
    let mut chat = Chat::shipped();
    chat.say("support for my upload please");
    assert!(!chat.last.ended);
    assert!(chat.text().contains("It sounds like"));
}

#[test]
fn an_entry_without_a_flow_shows_its_steps() {
    let knowledge = pack(&[
        (
            "pack.toml",
            include_str!("../../tests/fixtures/packs/minimal/pack.toml"),
        ),
        (
            "tree.toml",
            r#"
root = "triage"
[start]
wrong-name = "name-policy"
[node.triage]
text = "What is wrong?"
choices = [
  { key = "crash", label = "It crashes", next = "crash-fix" },
  { key = "name", label = "My name is wrong", next = "name-policy" },
]
[node.crash-fix]
outcome = "resolved"
entry = "app-crash"
text = "Update it."
[node.name-policy]
outcome = "policy"
entry = "wrong-name"
text = "Names cannot be changed."
"#,
        ),
        (
            "entries/app-crash.toml",
            include_str!("../../tests/fixtures/packs/minimal/entries/app-crash.toml"),
        ),
        (
            "entries/wrong-name.toml",
            include_str!("../../tests/fixtures/packs/minimal/entries/wrong-name.toml"),
        ),
    ]);
    let mut session = Session::new(Arc::new(knowledge));
    session.start();
    let recognizer = |_: &str| Recognized::confident(vec![Candidate::new("app-crash", 0.9)]);
    session.handle("crashes", &recognizer);
    let reply = session.handle("yes", &recognizer);
    let text = reply.to_text();
    assert!(text.contains("The app closes when you open it."), "{text}");
    assert!(
        text.contains("1. Update the app.\n2. Restart the phone."),
        "{text}"
    );
    assert_eq!(reply.outcome, Some(OutcomeKind::Resolved));
    assert!(reply.path.is_empty());
    assert_eq!(reply.node, None);
    let reply = session.handle("didn't help", &recognizer);
    let packet = reply.handoff().expect("hand-off after unsolved steps");
    assert_eq!(packet.prepare, ["Your phone model"]);
    assert_eq!(
        packet.steps_shown,
        ["Update the app.", "Restart the phone."]
    );
}

// ---------------------------------------------------------------- switching problems mid-flow

#[test]
fn a_new_description_mid_flow_asks_before_switching() {
    let mut chat = Chat::shipped();
    chat.say("upload");
    chat.say("yes");
    chat.at("yes", "upload-permissions");
    chat.at("actually the camera won't even open", "upload-permissions");
    assert!(chat.text().contains("Switch to that?"), "{}", chat.text());
    assert!(chat.text().contains("your current question stays"));
    chat.at("no", "upload-permissions");
    assert!(chat.text().contains("Does the OKX app have permission"));
    assert_eq!(chat.keys(), ["yes", "no"]);

    chat.say("the camera won't open");
    chat.at("yes", "camera-permission");
    assert_eq!(
        chat.last.path,
        [
            "upload-connection",
            "upload-permissions",
            "camera-permission"
        ]
    );
    chat.at("back", "upload-permissions");
    assert!(chat.text().contains("Switch to that?"));
}

#[test]
fn close_candidates_mid_flow_offer_to_stay() {
    let mut chat = Chat::shipped();
    chat.say("camera");
    chat.at("yes", "camera-permission");
    chat.say("my face is the problem");
    assert_eq!(
        chat.keys(),
        ["face-photo-mismatch", "face-info-mismatch", "none"]
    );
    assert!(chat.text().contains("stay with my current question"));
    chat.at("none", "camera-permission");
    assert!(chat.text().contains("Is camera access enabled"));
}

#[test]
fn restating_the_current_problem_mid_flow_keeps_going() {
    let mut chat = Chat::shipped();
    chat.say("camera");
    chat.at("yes", "camera-permission");
    chat.at("the camera is still black", "camera-permission");
    assert!(chat.text().contains("the problem we're working on"));
    assert_eq!(chat.keys(), ["yes", "no"]);

    let mut chat = Chat::shipped();
    chat.say("face");
    chat.at("2", "face-kind");
    chat.at("face problem again", "face-kind");
    assert!(chat.text().contains("Switch to that? "), "{}", chat.text());
    assert!(
        chat.text()
            .contains("Your face doesn't match your ID photo")
    );
}

#[test]
fn a_weak_candidate_mid_flow_is_taken_as_a_failed_answer() {
    let mut chat = Chat::shipped();
    chat.say("camera");
    chat.at("yes", "camera-permission");
    chat.at("how long does verification take", "camera-permission");
    assert!(chat.text().contains("didn't understand"));
}

#[test]
fn after_steps_a_new_description_can_switch_too() {
    let mut chat = Chat::shipped();
    chat.say("camera");
    chat.say("yes");
    chat.at("no", "camera-fix-permission");
    chat.say("now my proof of address is rejected");
    assert!(chat.text().contains("Switch to that?"));
    chat.at("yes", "address-name");
}

// ---------------------------------------------------------------- commands

#[test]
fn every_command_word_works_in_the_middle_of_a_flow() {
    type Check = fn(&Chat) -> bool;
    let effects: [(&[&str], Check); 6] = [
        (*vocabulary::BACK, |chat| {
            chat.text().contains("going back") && chat.keys() == ["yes", "no"]
        }),
        (*vocabulary::RESTART, |chat| {
            chat.last.path.is_empty() && chat.text().contains("start over")
        }),
        (*vocabulary::HELP, |chat| {
            chat.text().contains("\"start over\"")
                && chat.last.node.as_deref() == Some("camera-permission")
        }),
        (*vocabulary::SUPPORT, |chat| {
            chat.last.ended && chat.last.handoff().is_some()
        }),
        (*vocabulary::MENU, |chat| {
            chat.last.node.as_deref() == Some("triage")
        }),
        (*vocabulary::QUIT, |chat| chat.last.quit),
    ];
    for (words, check) in effects {
        for word in words {
            let mut chat = Chat::shipped();
            chat.say("camera");
            chat.at("yes", "camera-permission");
            chat.say(word);
            assert!(check(&chat), "{word}:\n{}", chat.text());
        }
    }
}

#[test]
fn back_undoes_several_steps_and_their_answers() {
    let mut chat = Chat::shipped();
    chat.say("upload");
    chat.say("yes");
    chat.say("yes");
    chat.say("yes");
    chat.at("yes", "upload-reinstall-wallet");
    assert_eq!(chat.session.handoff().expect("packet").answers.len(), 3);
    chat.at("back", "upload-version");
    assert!(chat.text().contains("going back"));
    chat.at("go back", "upload-permissions");
    chat.at("bakc", "upload-connection");
    assert_eq!(chat.last.path, ["upload-connection"]);
    assert!(chat.session.handoff().expect("packet").answers.is_empty());
    chat.say("back");
    assert!(chat.text().contains("It sounds like"));
    assert_eq!(chat.keys(), ["yes", "no"]);
    chat.say("back");
    assert!(chat.text().contains("Tell me in your own words"));
    chat.say("back");
    assert!(
        chat.text().contains("nothing to go back to"),
        "{}",
        chat.text()
    );
}

#[test]
fn back_returns_to_steps_already_shown() {
    let mut chat = Chat::shipped();
    chat.say("camera");
    chat.say("yes");
    chat.at("no", "camera-fix-permission");
    chat.at("no", "camera-version");
    chat.at("back", "camera-fix-permission");
    assert!(chat.text().contains("Enable camera access."));
    assert_eq!(chat.keys(), ["yes", "no"]);
    assert_eq!(
        chat.last.path,
        ["camera-permission", "camera-fix-permission"]
    );
}

#[test]
fn back_after_a_hand_off_reopens_the_question() {
    let mut chat = Chat::shipped();
    chat.say("camera");
    chat.say("yes");
    chat.say("talk to support");
    assert!(chat.last.ended);
    chat.at("back", "camera-permission");
    assert!(!chat.last.ended);
}

#[test]
fn start_over_forgets_everything_but_the_transcript() {
    let mut chat = Chat::shipped();
    chat.say("upload");
    chat.say("yes");
    chat.say("no");
    for restart in ["start over", "restart", "Start again", "restrat"] {
        chat.say(restart);
        assert!(chat.text().contains("start over"), "{restart}");
        assert!(chat.last.path.is_empty());
        assert!(chat.session.handoff().is_none());
    }
    chat.say("back");
    assert!(chat.text().contains("nothing to go back to"));
    assert!(chat.session.transcript().contains("You: upload"));
}

#[test]
fn help_lists_the_commands_and_asks_again() {
    for help in ["help", "?", "HELP!", "hlep", "帮助"] {
        let mut chat = Chat::shipped();
        chat.say("menu");
        chat.at(help, "triage");
        let text = chat.text();
        assert!(text.contains("\"back\""), "{help}: {text}");
        assert!(text.contains("\"talk to support\""));
        assert!(text.contains("What is going wrong"));
        assert_eq!(chat.keys().len(), 5);
        assert_eq!(chat.last.path, ["triage"]);
    }
}

#[test]
fn talk_to_support_hands_off_at_any_point() {
    for word in [
        "talk to support",
        "human",
        "agent",
        "live agent",
        "speak to a human",
        "Support!",
        "suport",
        "人工客服",
    ] {
        let mut chat = Chat::shipped();
        chat.say("camera");
        chat.say("yes");
        chat.say(word);
        let reply = &chat.last;
        assert!(reply.ended && !reply.quit, "{word}");
        let packet = reply.handoff().expect("hand-off packet");
        assert_eq!(packet.support, "OKX 24/7 live support");
        assert_eq!(
            packet.problem.entry.as_ref().map(|e| e.id.as_str()),
            Some("camera-access")
        );
        assert!(
            packet.prepare.iter().any(|p| p.contains("phone model")),
            "{word}"
        );
    }
}

#[test]
fn menu_opens_the_triage_question() {
    for word in ["menu", "list", "main menu", "options"] {
        let mut chat = Chat::shipped();
        chat.say("camera");
        chat.say("yes");
        chat.at(word, "triage");
        chat.at("back", "camera-permission");
    }
}

#[test]
fn quit_needs_the_exact_word() {
    for word in ["quit", "exit", "bye", "Goodbye!", "EXIT", "退出"] {
        let mut chat = Chat::shipped();
        chat.say("menu");
        chat.say(word);
        assert!(chat.last.quit && chat.last.ended, "{word}");
        assert!(chat.text().contains("Goodbye"));
    }
    for typo in ["qiut", "exti", "quitt", "by", "exi"] {
        let mut chat = Chat::shipped();
        chat.say("menu");
        chat.at(typo, "triage");
        assert!(!chat.last.quit && !chat.last.ended, "{typo}");
    }
}

#[test]
fn after_the_end_new_text_starts_afresh() {
    let mut chat = Chat::shipped();
    chat.say("camera");
    chat.say("yes");
    chat.say("yes");
    chat.say("yes");
    chat.say("it worked");
    assert!(chat.last.ended && !chat.last.quit);
    assert!(chat.text().contains("glad"));
    assert!(chat.last.choices.is_empty());
    chat.say("upload problem now");
    assert!(chat.text().contains("It sounds like"));
    chat.at("yes", "upload-connection");
    assert_eq!(chat.last.path, ["upload-connection"]);
    let packet = chat.session.handoff().expect("packet");
    assert_eq!(
        packet.problem.description.as_deref(),
        Some("upload problem now")
    );
    assert!(packet.answers.is_empty() && packet.steps_shown.is_empty());
    chat.say("back");
    chat.at("back", "camera-reinstall");
}

#[test]
fn a_policy_offers_something_else() {
    let mut chat = Chat::shipped();
    chat.say("menu");
    chat.say("account");
    chat.say("change");
    chat.at("no", "change-policy");
    assert_eq!(chat.last.outcome, Some(OutcomeKind::Policy));
    assert_eq!(chat.keys(), ["yes", "no"]);
    assert!(chat.text().contains("anything else"));
    chat.say("yes");
    assert!(chat.text().contains("Tell me in your own words"));
    chat.say("upload");
    chat.at("yes", "upload-connection");

    let mut chat = Chat::shipped();
    chat.say("menu");
    chat.say("account");
    chat.say("change");
    chat.at("no", "change-policy");
    chat.say("no thanks");
    assert!(chat.last.ended && !chat.last.quit);

    let mut chat = Chat::shipped();
    chat.say("menu");
    chat.say("account");
    chat.say("change");
    chat.at("no", "change-policy");
    chat.say("my camera is not working either");
    assert!(!chat.last.ended);
    assert!(
        chat.text()
            .contains("It sounds like this: The camera doesn't open")
    );
}

// ---------------------------------------------------------------- hand-off and privacy

#[test]
fn the_hand_off_packet_has_what_support_needs_and_no_pii() {
    let mut chat = Chat::shipped();
    chat.say("upload fails for passport X1234567, mail me at jo@example.com or +44 20 7946 0958");
    assert_eq!(
        chat.last
            .messages
            .first()
            .map(|m| matches!(m, Message::Warning { .. })),
        Some(true)
    );
    chat.say("yes");
    chat.say("yes");
    chat.say("no");
    chat.say("it didn't work");
    chat.say("talk to a human");
    let packet = chat.last.handoff().expect("hand-off").clone();
    assert_eq!(
        packet.problem.description.as_deref(),
        Some(
            "upload fails for passport [id number removed], mail me at [email removed] or [phone number removed]"
        )
    );
    assert_eq!(packet.answers.len(), 3);
    assert_eq!(packet.answers[1].answer, "No, or I'm not sure");
    assert_eq!(packet.answers[2].question, "Did this solve it?");
    assert!(
        packet
            .steps_shown
            .iter()
            .any(|s| s == "Allow camera access.")
    );
    assert!(packet.prepare.iter().any(|p| p.contains("OKX app version")));
    assert!(
        packet
            .reminder
            .contains("OKX support may ask you for your ID number or documents")
    );
    assert_eq!(
        packet.contact,
        "Contact OKX 24/7 live support and share this summary with them."
    );
    let text = packet.to_text();
    let json = serde_json::to_string(&packet).expect("serializes");
    let transcript = chat.session.transcript();
    for saved in [&text, &json, &transcript] {
        for secret in ["X1234567", "jo@example.com", "7946"] {
            assert!(!saved.contains(secret), "{secret} leaked into:\n{saved}");
        }
    }
    assert!(text.contains("Hand-off to OKX 24/7 live support"));
    assert!(text.contains("Problem: The app can't upload your ID photos (upload-photos)"));
    assert!(text.contains("Have ready:\n- Your phone model"));
    assert!(transcript.contains("[email removed]"));
}

#[test]
fn a_support_outcome_prepares_what_its_node_says() {
    let mut chat = Chat::shipped();
    chat.say("menu");
    chat.say("face");
    chat.say("deaf");
    chat.say("no");
    let packet = chat.last.handoff().expect("hand-off");
    assert!(
        packet.prepare[0].contains("to email to the official support address"),
        "{:?}",
        packet.prepare
    );
    // The deaf entry's own route replaces the pack's: the guide's email address, no channel.
    assert!(
        packet
            .contact
            .starts_with("Email the official support address"),
        "{}",
        packet.contact
    );
    assert_eq!(packet.problem.description, None);
}

#[test]
fn the_engine_never_asks_for_documents_or_numbers() {
    let knowledge = shipped();
    let mut said = String::new();
    for route in routes(&knowledge, &knowledge.tree.root) {
        let mut chat = Chat::new(Arc::clone(&knowledge));
        chat.say("menu");
        for answer in &route.answers {
            chat.say(answer);
        }
        chat.say("help");
        chat.say("talk to support");
        said.push_str(&chat.session.transcript());
    }
    let asking = regex::Regex::new(
        r"(?i)\b(type|enter|send|paste|share|give)( me| us)? (your|the) (id|passport|document|recovery|seed)",
    )
    .expect("valid pattern");
    let sentences = said.split(['.', '\n', ':']);
    let asks: Vec<&str> = sentences
        .filter(|sentence| asking.is_match(sentence))
        .filter(|sentence| {
            let sentence = sentence.to_lowercase();
            !["never", "don't", "not ", "only"]
                .iter()
                .any(|negation| sentence.contains(negation))
        })
        .collect();
    assert!(asks.is_empty(), "asks for what it must not: {asks:#?}");
}

// ---------------------------------------------------------------- walking the tree

#[test]
fn walking_steps_the_tree_by_key_number_or_label() {
    let mut session = Session::new(shipped());
    let reply = session.jump_to("triage").expect("root exists");
    assert_eq!(reply.node.as_deref(), Some("triage"));
    session.answer("app").expect("key");
    session.answer("1").expect("number");
    let reply = session.answer("No, or I'm not sure").expect("label");
    assert_eq!(reply.node.as_deref(), Some("upload-fix-connection"));
    let position = session.position().expect("at a node");
    assert_eq!(position.kind, PositionKind::Outcome);
    assert_eq!(
        position.path,
        [
            "triage",
            "menu-app",
            "upload-connection",
            "upload-fix-connection"
        ]
    );
    let json = serde_json::to_value(&position).expect("serializes");
    assert_eq!(json["kind"], "outcome");
    assert_eq!(json["outcome"]["kind"], "resolved");
    assert_eq!(json["outcome"]["unsolved"], "upload-permissions");
    let reply = session.answer("no").expect("unsolved");
    assert_eq!(reply.node.as_deref(), Some("upload-permissions"));
    let json = serde_json::to_value(session.position().expect("at a node")).expect("serializes");
    assert_eq!(json["kind"], "question");
    assert_eq!(json["outcome"], serde_json::Value::Null);
    assert_eq!(json["choices"][0]["next"], "upload-version");
    assert_eq!(
        json["choices"][0].as_object().map(serde_json::Map::len),
        Some(3)
    );
}

#[test]
fn walking_errors_name_what_is_valid() {
    let mut session = Session::new(shipped());
    assert_eq!(
        session.jump_to("upload-conection").map(|_| ()),
        Err(WalkError::UnknownNode {
            id: "upload-conection".to_owned(),
            suggestion: Some("upload-connection".to_owned()),
        })
    );
    let error = session
        .open_entry("camera-acess")
        .expect_err("no such entry");
    assert_eq!(
        error.to_string(),
        "there is no entry `camera-acess` (did you mean `camera-access`?)"
    );
    session.open_entry("camera-access").expect("entry exists");
    let error = session.answer("maybe").expect_err("not a choice");
    assert_eq!(
        error.to_string(),
        "`maybe` is not one of the choices here; answer with one of: 1 (yes), 2 (no)"
    );
    assert!(session.answer("3").is_err());
    session
        .answer("talk")
        .expect_err("no command in strict answers");
    let mut session = Session::new(shipped());
    session.jump_to("idused-support").expect("node exists");
    assert_eq!(session.answer("yes").map(|_| ()), Err(WalkError::Finished));
}

#[test]
fn replies_serialize_for_scripts() {
    let mut chat = Chat::shipped();
    chat.say("camera");
    chat.say("yes");
    chat.say("no");
    let json = serde_json::to_value(&chat.last).expect("serializes");
    assert_eq!(json["node"], "camera-fix-permission");
    assert_eq!(json["outcome"], "resolved");
    assert_eq!(json["messages"][0]["kind"], "outcome");
    assert_eq!(json["messages"][1]["kind"], "steps");
    assert_eq!(json["messages"][2]["kind"], "question");
    assert_eq!(json["choices"][0]["number"], 1);
    assert_eq!(json["choices"][1]["key"], "no");
    chat.say("human");
    let json = serde_json::to_value(&chat.last).expect("serializes");
    assert_eq!(json["messages"][1]["kind"], "handoff");
    assert_eq!(
        json["messages"][1]["packet"]["support"],
        "OKX 24/7 live support"
    );
    let turns = serde_json::to_value(chat.session.turns()).expect("serializes");
    assert_eq!(turns[0]["speaker"], "assistant");
    assert_eq!(turns[1]["speaker"], "user");
}

// ---------------------------------------------------------------- hostile input

#[test]
fn hostile_input_is_bounded_cleaned_and_answered() {
    let seen = RefCell::new(Vec::new());
    let spy = |text: &str| {
        seen.borrow_mut().push(text.to_owned());
        Recognized::default()
    };
    let mut session = Session::new(shipped());
    session.start();
    for empty in ["", "   ", "\n\t", "\u{1b}\u{7}"] {
        let reply = session.handle(empty, &spy);
        assert!(reply.to_text().contains("didn't get any text"), "{empty:?}");
    }
    assert!(seen.borrow().is_empty());
    assert_eq!(session.turns().len(), 1);

    let huge = "upload ".repeat(150_000);
    session.handle(&huge, &spy);
    let cjk = "相机打不开".repeat(500);
    for text in [
        huge.as_str(),
        "\u{1b}[2J\u{1b}]0;pwned\u{7}camera",
        "😭😭😭 🙏",
        "实名认证上传照片一直失败",
        cjk.as_str(),
        "\u{202E}evil",
        "1\u{0}2",
    ] {
        let reply = session.handle(text, &spy);
        assert!(!reply.to_text().is_empty());
    }
    for text in seen.borrow().iter() {
        assert!(text.chars().count() <= MAX_INPUT_CHARS);
        assert!(crate::text::find_unsafe_char(text).is_none(), "{text:?}");
    }
    let transcript = session.transcript();
    assert!(crate::text::find_unsafe_char(&transcript).is_none());
    assert!(transcript.len() < 100_000, "{}", transcript.len());
    assert!(transcript.contains("实名认证上传照片一直失败"));
    assert!(seen.borrow().iter().any(|text| text == "camera"));
    assert!(!transcript.contains("pwned") && !transcript.contains("[2J"));
}

#[test]
fn the_minimal_fixture_pack_converses_too() {
    let mut chat = Chat::new(Arc::new(minimal()));
    chat.say("the app keeps crashing");
    assert!(chat.text().contains("The app crashes"));
    chat.at("yes", "crash-updated");
    chat.at("no", "crash-update");
    chat.at("no", "crash-support");
    let packet = chat.last.handoff().expect("hand-off");
    assert_eq!(packet.support, "Acme support");
    // A pack without `[handoff]` ends with lines that name no channel and state no policy.
    assert_eq!(
        packet.contact,
        "Contact Acme support and share this summary with them."
    );
    assert!(!packet.reminder.contains("the Acme website"));
    assert_eq!(
        packet.steps_shown,
        ["Update the app from the official store."]
    );
    chat.say("bye");
    assert!(chat.last.quit);
}

#[test]
fn the_engine_stays_pure() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/dialogue");
    let forbidden = [
        "std::fs",
        "std::io",
        "std::env",
        "std::time",
        "std::net",
        "std::process",
        "tantivy",
        "ratatui",
        "crossterm",
        "crate::cli",
    ];
    for file in std::fs::read_dir(&dir).expect("src/dialogue is readable") {
        let path = file.expect("a directory entry").path();
        if path.file_name().is_some_and(|name| name == "tests.rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("a source file");
        for word in forbidden {
            assert!(!source.contains(word), "{} uses {word}", path.display());
        }
    }
}

#[test]
fn source_shows_what_the_guide_says_behind_the_answer() {
    let mut chat = Chat::shipped();
    chat.say("source");
    assert!(
        chat.text().contains(phrases::NO_SOURCES_YET),
        "{}",
        chat.text()
    );
    chat.say("menu");
    chat.say("account");
    chat.say("age");
    chat.at("no", "underage-policy");
    for source in ["source", "where does it say that", "来源"] {
        chat.say(source);
        let text = chat.text();
        assert!(
            text.contains("\"OKX requires users to be at least 18 years old.\"")
                && text.contains("\"Submissions from minors will be rejected automatically.\"")
                && text.contains("Why Your Identity Verification Failed"),
            "{text}"
        );
        assert_eq!(chat.last.node.as_deref(), Some("underage-policy"));
    }
    let mut chat = Chat::shipped();
    chat.say("upload");
    chat.at("yes", "upload-connection");
    chat.at("no", "upload-fix-connection");
    chat.say("source");
    assert!(
        chat.text().contains(phrases::SOURCES_ALL_GENERIC)
            || chat.text().contains(phrases::SOURCES_GENERIC),
        "{}",
        chat.text()
    );
}

#[test]
fn source_says_where_the_guide_stops_at_a_colon() {
    let mut chat = Chat::shipped();
    chat.session
        .open_entry("poor-photo-quality")
        .expect("the entry exists");
    chat.say("source");
    let text = chat.text();
    assert!(
        text.contains(&format!(
            "\"Resubmit with clear images showing:\" {}",
            phrases::GUIDE_LINE_ENDS
        )),
        "{text}"
    );
    assert!(
        !text.contains(&format!("rejected.\" {}", phrases::GUIDE_LINE_ENDS)),
        "only a passage ending in a colon gets the note: {text}"
    );
}

// ---------------------------------------------------------------- every answer read; two problems

/// Counts the recognitions a conversation costs.
struct CountingRecognizer {
    inner: Keywords,
    calls: std::cell::Cell<usize>,
}

impl Recognizer for CountingRecognizer {
    fn recognize(&self, text: &str) -> Recognized {
        self.calls.set(self.calls.get() + 1);
        self.inner.recognize(text)
    }
}

#[test]
fn yes_but_another_problem_after_the_steps_takes_the_yes_and_offers_it() {
    let mut chat = Chat::shipped();
    chat.say("upload");
    chat.say("yes");
    chat.at("no", "upload-fix-connection");
    chat.say("yes, but now the camera won't open");
    let text = chat.text();
    assert!(text.contains("glad it's sorted"), "{text}");
    assert!(
        text.contains(
            "That sounds like a different problem: The camera doesn't open for video \
             verification. Look at that now?"
        ),
        "{text}"
    );
    assert_eq!(chat.keys(), ["yes", "no"]);
    chat.at("yes", "camera-permission");

    let mut chat = Chat::shipped();
    chat.say("upload");
    chat.say("yes");
    chat.say("no");
    chat.say("yes but also the camera won't open");
    chat.say("no");
    assert!(
        chat.last.ended && chat.text().contains("Goodbye"),
        "{}",
        chat.text()
    );
}

#[test]
fn yes_or_no_and_another_problem_at_a_question_offers_a_switch_that_keeps_the_question() {
    let mut chat = Chat::shipped();
    chat.say("upload");
    chat.say("yes");
    chat.at(
        "yes, but the camera won't open either",
        "upload-permissions",
    );
    assert!(chat.text().contains("Switch to that?"), "{}", chat.text());
    chat.at("no", "upload-permissions");
    assert!(chat.text().contains("carry on where we were"));

    let mut chat = Chat::shipped();
    chat.say("upload");
    chat.say("yes");
    chat.at(
        "no, and my address proof was rejected too",
        "upload-fix-connection",
    );
    assert!(
        chat.text().contains("Switch between Wi-Fi"),
        "{}",
        chat.text()
    );
    assert!(
        chat.text()
            .contains("Your proof of address was not accepted")
    );
    chat.at("no", "upload-fix-connection");
    assert!(chat.text().contains("Did this solve it?"));
}

#[test]
fn a_correction_replaces_the_problem_and_does_not_resume_it() {
    let mut chat = Chat::shipped();
    chat.say("camera");
    chat.at("yes", "camera-permission");
    chat.say("actually it's the address proof");
    assert!(
        chat.text()
            .contains("It sounds like this: Your proof of address")
    );
    assert!(chat.last.path.is_empty(), "{:?}", chat.last.path);
    chat.at("no", "triage");

    for correction in [
        "no, it's the address",
        "no but my address proof was rejected",
    ] {
        let mut chat = Chat::shipped();
        chat.say("camera");
        chat.say(correction);
        assert!(
            chat.text()
                .contains("It sounds like this: Your proof of address"),
            "{correction}: {}",
            chat.text()
        );
        assert!(!chat.text().contains("narrow it down"), "{correction}");
    }
}

#[test]
fn a_longer_answer_is_read_before_its_first_word() {
    // Spanish "no" opens a sentence that names another problem: it is no "no".
    let mut chat = Chat::shipped();
    chat.say("upload");
    chat.say("yes");
    chat.at("no", "upload-fix-connection");
    chat.at(
        "no puedo abrir la camera del telefono ahora",
        "upload-fix-connection",
    );
    assert!(
        chat.text().contains("The camera doesn't open"),
        "{}",
        chat.text()
    );
    // A longer "no" that names nothing is the answer it always was.
    let mut chat = Chat::shipped();
    chat.say("upload");
    chat.say("yes");
    chat.say("no");
    chat.at(
        "nope i looked everywhere and it still does nothing",
        "upload-permissions",
    );
    // A longer yes at a confirmation is a yes, whatever else it names.
    let mut chat = Chat::shipped();
    chat.say("camera");
    chat.at(
        "yes that's it, I already tried the upload again",
        "camera-permission",
    );
}

#[test]
fn short_answers_pick_without_recognising() {
    let recognizer = CountingRecognizer {
        inner: keywords(),
        calls: std::cell::Cell::new(0),
    };
    let mut session = Session::new(shipped());
    session.start();
    session.handle("upload", &recognizer);
    assert_eq!(recognizer.calls.get(), 1);
    for (answer, node) in [
        ("sí", "upload-connection"),
        ("nope", "upload-fix-connection"),
        ("didn't work", "upload-permissions"),
        ("是的", "upload-version"),
        ("2", "upload-update"),
    ] {
        let reply = session.handle(answer, &recognizer);
        assert_eq!(reply.node.as_deref(), Some(node), "{answer}");
    }
    assert_eq!(recognizer.calls.get(), 1);
}

#[test]
fn a_long_description_costs_a_few_recognitions() {
    let recognizer = CountingRecognizer {
        inner: keywords(),
        calls: std::cell::Cell::new(0),
    };
    let mut session = Session::new(shipped());
    session.start();
    let rant = "the upload fails every single time. ".repeat(50);
    session.handle(&rant, &recognizer);
    assert!(
        recognizer.calls.get() <= 1 + input::MAX_PARTS,
        "{}",
        recognizer.calls.get()
    );
}

#[test]
fn two_problems_in_one_message_are_both_looked_at_and_both_handed_off() {
    let mut chat = Chat::shipped();
    chat.say("the camera won't open and my address proof was rejected");
    assert!(
        chat.text()
            .contains("It sounds like this: The camera doesn't open")
    );
    chat.at("yes", "camera-permission");
    chat.at("no", "camera-fix-permission");
    chat.say("yes");
    assert!(chat.text().contains("glad it's sorted"));
    assert!(
        chat.text()
            .contains("You also mentioned this: Your proof of address was not accepted."),
        "{}",
        chat.text()
    );
    chat.at("yes", "address-name");
    chat.say("talk to support");
    let packet = chat.last.handoff().expect("a hand-off").clone();
    assert_eq!(
        packet.problem.description.as_deref(),
        Some("my address proof was rejected")
    );
    let others: Vec<(Option<&str>, Option<&str>)> = packet
        .others
        .iter()
        .map(|p| {
            (
                p.entry.as_ref().map(|e| e.id.as_str()),
                p.description.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        others,
        [(Some("camera-access"), Some("the camera won't open"))]
    );
    assert!(packet.to_text().contains("Also discussed:"));
}

#[test]
fn the_other_problems_words_stay_redacted_in_the_hand_off() {
    let mut chat = Chat::shipped();
    chat.say("the camera won't open and my address proof 12345678901 was rejected");
    chat.say("talk to support");
    let text = chat.last.handoff().expect("a hand-off").to_text();
    assert!(!text.contains("12345678901"), "{text}");
    assert!(
        text.contains("my address proof [number removed] was rejected"),
        "{text}"
    );
}

#[test]
fn yes_and_a_problem_at_anything_else_is_that_problem() {
    let mut chat = Chat::shipped();
    chat.say("menu");
    chat.say("account");
    chat.say("age");
    chat.say("no");
    assert!(chat.text().contains("anything else"), "{}", chat.text());
    chat.say("yes, and my address proof was rejected");
    assert!(
        chat.text()
            .contains("It sounds like this: Your proof of address"),
        "{}",
        chat.text()
    );
}

/// The chat's own sentences speak of the conversation, never of the platform's rules: every
/// string of src/dialogue/phrases.rs (but its tests) states no figure and no policy word.
#[test]
fn the_chats_own_phrases_state_no_policy() {
    let source = include_str!("phrases.rs");
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    let literals = string_literals(code);
    assert!(literals.len() > 50, "{} strings", literals.len());
    let stating: Vec<(&String, Vec<String>)> = literals
        .iter()
        .map(|text| (text, crate::knowledge::uncited_policy(text)))
        .filter(|(_, said)| !said.is_empty())
        .collect();
    assert!(stating.is_empty(), "{stating:#?}");
}

/// The string literals of Rust `code`, comments left out, escapes read and `{placeholders}`
/// dropped (they are filled from the pack, which `kb check` holds to the guide).
fn string_literals(code: &str) -> Vec<String> {
    let code: String = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("'\"'", "'Q'");
    let mut literals = Vec::new();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut literal = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    // A line continuation: the newline and the next line's indent are skipped.
                    Some('\n') => {
                        let rest: String = chars.clone().collect();
                        let indent = rest.len() - rest.trim_start().len();
                        if indent > 0 {
                            chars.nth(indent - 1);
                        }
                    }
                    Some('n') => literal.push('\n'),
                    Some(other) => literal.push(other),
                    None => {}
                },
                c => literal.push(c),
            }
        }
        let mut text = String::new();
        let mut depth = 0;
        for c in literal.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                c if depth == 0 => text.push(c),
                _ => {}
            }
        }
        literals.push(text);
    }
    literals
}
