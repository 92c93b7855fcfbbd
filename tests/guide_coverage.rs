//! The knowledge says what the guide says: every issue, FAQ answer and warning of the guide
//! (knowledge/guide.txt) can be found in the shipped knowledge.

use idhelp::knowledge::{Entry, EntryKind, Knowledge, Sources, check};

fn shipped() -> Knowledge {
    check(&Sources::builtin())
        .knowledge
        .expect("the shipped knowledge is valid")
}

fn guide() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge/guide.txt"))
        .expect("the guide is kept in docs/source")
}

/// Every text of an entry, lowercased, with typographic apostrophes folded.
fn all_text(entry: &Entry) -> String {
    let mut parts = vec![entry.title.clone(), entry.summary.clone()];
    parts.extend(entry.question.clone());
    parts.extend(entry.answer.clone());
    parts.extend(entry.steps.iter().cloned());
    parts.extend(entry.warnings.iter().cloned());
    parts.push(entry.support.when.clone());
    normalize(&parts.join("\n"))
}

fn normalize(text: &str) -> String {
    text.to_lowercase().replace('’', "'")
}

#[test]
fn every_guide_section_has_an_entry() {
    let knowledge = shipped();
    let guide = normalize(&guide());
    for entry in knowledge.entries() {
        assert!(
            guide.contains(&normalize(entry.source.trim_start_matches(
                |c: char| c.is_ascii_digit() || c == '.' || c == ' '
            ))),
            "{}: source {:?} is not a heading of the guide",
            entry.id,
            entry.source
        );
    }
}

#[test]
fn every_faq_answer_is_the_guides() {
    let knowledge = shipped();
    let guide = guide();
    let faqs: Vec<&Entry> = knowledge
        .entries()
        .iter()
        .filter(|e| e.kind == EntryKind::Faq)
        .collect();
    let guide_questions = guide.lines().filter(|l| l.starts_with("Q: ")).count();
    assert_eq!(
        faqs.len(),
        guide_questions,
        "one FAQ entry per guide question"
    );
    for entry in faqs {
        let question = entry
            .question
            .as_deref()
            .expect("faq entries have a question");
        let answer = entry.answer.as_deref().expect("faq entries have an answer");
        assert!(
            guide.contains(&format!("Q: {question}\nA: {answer}")),
            "{}: not the guide's Q and A",
            entry.id
        );
    }
}

#[test]
fn every_guide_warning_is_carried() {
    let knowledge = shipped();
    // The guide's notes, reminders and "important" lines, each with the entry that must carry it.
    let warnings = [
        (
            "upload-photos",
            "recovery phrase and private keys before uninstalling",
        ),
        ("id-already-used", "permanent restriction"),
        ("change-identity", "permanently restricted"),
        ("c2c-video-steps", "c2c trading function is frozen"),
        ("rejected-file", "use your passport instead"),
        ("unsupported-region", "platform policies take precedence"),
        ("underage", "at least 18 years old"),
        ("address-proof", "latin script"),
        ("faq-verification-time", "24 hours"),
        ("faq-video-safe", "encrypted"),
    ];
    for (id, phrase) in warnings {
        let entry = knowledge.entry(id).unwrap_or_else(|| panic!("entry {id}"));
        assert!(
            all_text(entry).contains(phrase),
            "{id} does not say {phrase:?}"
        );
    }
}

#[test]
fn nothing_asks_the_user_to_type_an_id_number_here() {
    let knowledge = shipped();
    for entry in knowledge.entries() {
        let text = all_text(entry);
        for forbidden in [
            "type your id number",
            "enter your id number here",
            "send your documents to this assistant",
            "send them to this assistant",
        ] {
            assert!(!text.contains(forbidden), "{}: {forbidden:?}", entry.id);
        }
    }
}
