//! The query planner and the search (retrieval, the trained model, explanations) on any text,
//! over the built-in pack: never a panic, and confidences are probabilities.

#![no_main]

use idhelp::search::Searcher;
use libfuzzer_sys::fuzz_target;

thread_local! {
    static SEARCHER: Searcher = idhelp::pack::builtin().expect("the built-in pack").1;
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    SEARCHER.with(|searcher| {
        let understood = searcher.understand(&text, 5);
        assert!(understood.matches.len() <= 5);
        for found in &understood.matches {
            assert!(
                (0.0..=1.0).contains(&found.confidence),
                "{}",
                found.confidence
            );
        }
        for (found, _) in searcher.explain(&text, 3) {
            assert!(found.confidence.is_finite());
        }
        searcher.analyze(&text);
    });
});
