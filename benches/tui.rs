//! One keystroke in the chat: keymap, update, live suggestions from the search index and a
//! full redraw on a `TestBackend`, against the built-in knowledge and a generated pack of
//! 100,000 entries (`search::synthetic`). The budget is one frame at 60 Hz: 16 ms.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use idhelp::knowledge::{self, Knowledge};
use idhelp::pack;
use idhelp::search::synthetic;
use idhelp::tui::{Action, App, Assistant, Osc52, Services, dispatch, handle};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

/// Entries in the generated pack.
const GENERATED: usize = 100_000;

/// The generated pack of the search benches (`search::synthetic`), so every bench measures
/// the same kind of large pack.
fn generated(count: usize) -> Knowledge {
    knowledge::check(&synthetic::sources(count, 42))
        .knowledge
        .expect("the generated pack is valid")
}

fn builtin() -> Knowledge {
    let located = pack::Location::of(None).expect("the built-in pack");
    pack::knowledge(&located).expect("the built-in pack loads")
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Benchmarks one keystroke in a chat that has already greeted and answered one description,
/// on a 100x30 screen.
fn keystrokes(c: &mut Criterion, name: &str, knowledge: Knowledge) {
    let knowledge = Arc::new(knowledge);
    let searcher = pack::searcher(&knowledge);
    let mut assistant = Assistant::new(Arc::clone(&knowledge), &searcher);
    let save_dir = std::env::temp_dir();
    let mut services = Services {
        conversation: &mut assistant,
        suggest: &searcher,
        save_dir,
        clipboard: &mut Osc52::new(std::io::sink(), None),
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
