//! The dialogue engine on any conversation: each line of the input is one turn, recognised by
//! the real search over the built-in pack. Never a panic, and nothing unsafe in a reply, the
//! transcript or the hand-off packet.

#![no_main]

use std::sync::Arc;

use idhelp::dialogue::Session;
use idhelp::knowledge::Knowledge;
use idhelp::recognize::SearchRecognizer;
use idhelp::search::Searcher;
use idhelp::text::find_unsafe_char;
use libfuzzer_sys::fuzz_target;

/// More turns than any conversation needs; longer inputs are cut here.
const MAX_TURNS: usize = 40;

thread_local! {
    static PACK: (Arc<Knowledge>, Searcher) = {
        let (knowledge, searcher) = idhelp::pack::builtin().expect("the built-in pack");
        (Arc::new(knowledge), searcher)
    };
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    PACK.with(|(knowledge, searcher)| {
        let mut session = Session::new(Arc::clone(knowledge));
        session.start();
        for line in text.lines().take(MAX_TURNS) {
            let reply = session.handle(line, &SearchRecognizer(searcher));
            let shown = reply.to_text();
            assert!(find_unsafe_char(&shown).is_none(), "{shown:?}");
        }
        assert!(find_unsafe_char(&session.transcript()).is_none());
        if let Some(packet) = session.handoff() {
            assert!(find_unsafe_char(&packet.to_text()).is_none());
        }
    });
});
