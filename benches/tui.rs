//! One keystroke in the chat: keymap, update, live suggestions from the search index and a
//! full redraw on a `TestBackend`, against the built-in knowledge and a generated pack of
//! 100,000 entries. The budget is one frame at 60 Hz: 16 ms.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use idhelp::cli::{KnowledgeArgs, load_knowledge};
use idhelp::knowledge::{Entry, EntryKind, Knowledge, Support};
use idhelp::search::Searcher;
use idhelp::tui::{Action, App, Assistant, Services, dispatch, handle};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

/// Entries in the generated pack.
const GENERATED: usize = 100_000;

/// A small deterministic generator (xorshift64), so every run indexes the same pack.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).expect("below n")
    }
}

/// The built-in pack plus `count` entries whose text recombines the built-in vocabulary
/// (so words are as common and as rare as in real entries), each with one word of its own.
fn generated(count: usize) -> Knowledge {
    let builtin = builtin();
    let words: Vec<String> = builtin
        .entries()
        .iter()
        .flat_map(|e| {
            [e.title.as_str(), e.summary.as_str()]
                .into_iter()
                .chain(e.aliases.iter().map(String::as_str))
                .chain(e.steps.iter().map(String::as_str))
                .collect::<Vec<_>>()
        })
        .flat_map(str::split_whitespace)
        .map(str::to_owned)
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut phrase = |n: usize| -> String {
        (0..n)
            .map(|_| words[rng.below(words.len())].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut entries = builtin.entries().to_vec();
    for i in 0..count {
        entries.push(Entry {
            id: format!("generated-{i}"),
            kind: EntryKind::Issue,
            title: format!("{} zq{i:x}", phrase(6)),
            category: "Generated".to_owned(),
            summary: phrase(20),
            source: "Generated".to_owned(),
            question: None,
            answer: None,
            aliases: (0..4).map(|_| phrase(4)).collect(),
            steps: (0..3).map(|_| phrase(12)).collect(),
            warnings: Vec::new(),
            related: Vec::new(),
            support: Support {
                when: phrase(10),
                prepare: vec![phrase(5)],
            },
        });
    }
    Knowledge::new(
        builtin.pack.clone(),
        entries,
        builtin.tree.clone(),
        builtin.synonyms.clone(),
        builtin.templates.clone(),
        format!("generated-{count}"),
    )
}

fn builtin() -> Knowledge {
    load_knowledge(&KnowledgeArgs { knowledge: None }).expect("the built-in pack loads")
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Benchmarks one keystroke in a chat that has already greeted and answered one description,
/// on a 100x30 screen.
fn keystrokes(c: &mut Criterion, name: &str, knowledge: Knowledge) {
    let knowledge = Arc::new(knowledge);
    let searcher = Searcher::in_memory(&knowledge);
    let mut assistant = Assistant::new(Arc::clone(&knowledge), &searcher);
    let save_dir = std::env::temp_dir();
    let mut services = Services {
        conversation: &mut assistant,
        suggest: &searcher,
        save_dir,
    };
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("test terminal");
    let mut app = App::new(Size::new(100, 30), true);
    let greeting = services.conversation.start();
    dispatch(&mut app, &mut services, Action::Replied(greeting));
    dispatch(
        &mut app,
        &mut services,
        Action::Paste("my photos won't upload".to_owned()),
    );
    dispatch(&mut app, &mut services, Action::Submit);
    // (case, the input line before the keystroke, the keystroke)
    let cases = [
        (
            "whole word",
            "the camera won't ope",
            key(KeyCode::Char('n')),
        ),
        (
            "half a word",
            "photos keep failing to uplo",
            key(KeyCode::Char('a')),
        ),
        ("CJK", "相机打不", key(KeyCode::Char('开'))),
        (
            "cursor move, no search",
            "the camera won't open",
            key(KeyCode::Left),
        ),
    ];
    let mut group = c.benchmark_group(name);
    group.sample_size(30);
    for (case, typed, event) in cases {
        let mut before = app.clone();
        dispatch(&mut before, &mut services, Action::Paste(typed.to_owned()));
        group.bench_function(case, |b| {
            b.iter_batched(
                || before.clone(),
                |mut app| {
                    handle(
                        &mut terminal,
                        &mut app,
                        &mut services,
                        black_box(std::slice::from_ref(&event)),
                    )
                    .expect("draws");
                    app
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

fn builtin_pack(c: &mut Criterion) {
    keystrokes(c, "keystroke/built-in", builtin());
}

fn generated_pack(c: &mut Criterion) {
    keystrokes(c, "keystroke/100k", generated(GENERATED));
}

criterion_group!(benches, builtin_pack, generated_pack);
criterion_main!(benches);
