//! Text analysis shared by indexing and querying: English words and CJK n-grams.
//!
//! English text is split into words (apostrophes inside words are dropped, so "can't" is
//! `cant`), lowercased, folded to ASCII, stripped of stop words and stemmed. The stop words
//! keep negations ("not", "no", "can't", "won't"): "upload not working" and "upload working"
//! are different complaints. CJK text has no spaces between words, so it is indexed on its
//! own fields as single characters and overlapping pairs of characters.

use std::sync::OnceLock;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, StopWordFilter,
    TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// The tokenizer name of English fields in the index schema.
pub(crate) const ENGLISH: &str = "idhelp_english";
/// The tokenizer name of CJK fields in the index schema.
pub(crate) const CJK: &str = "idhelp_cjk";

/// Longer words are noise (pasted hashes, runs of one letter) and are dropped.
const MAX_WORD_BYTES: usize = 64;

pub(crate) use crate::text::is_cjk;

/// Full-width Latin letters and digits (typed with CJK input methods) as plain ASCII.
fn fold_full_width(c: char) -> char {
    match u32::from(c) {
        code @ (0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A) => {
            char::from_u32(code - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Whether `text` has any CJK character, so that the CJK analyzer has anything to do.
pub(crate) fn has_cjk(text: &str) -> bool {
    text.chars().any(is_cjk)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// The English analyzer, used for every English field and for the words of a query.
/// Built once: its stop word set is shared by the clones.
pub(crate) fn english() -> TextAnalyzer {
    static ENGLISH_ANALYZER: OnceLock<TextAnalyzer> = OnceLock::new();
    ENGLISH_ANALYZER.get_or_init(build_english).clone()
}

fn build_english() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(
            crate::wordlists::STOP_WORDS.iter().map(|&w| w.to_owned()),
        ))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The words of a text as typed, only lowercased: what the English analyzer starts from.
pub(crate) fn english_words() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .build()
}

/// The CJK analyzer: unigrams and bigrams of every run of CJK characters.
pub(crate) fn cjk() -> TextAnalyzer {
    TextAnalyzer::from(CjkTokenizer::default())
}

/// Registers both analyzers on an index, under the names its schema uses.
pub(crate) fn register(index: &tantivy::Index) {
    index.tokenizers().register(ENGLISH, english());
    index.tokenizers().register(CJK, cjk());
}

/// Every token `analyzer` makes of `text`.
pub(crate) fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    stream.process(&mut |token| out.push(token.clone()));
    out
}

/// Which words may analyse to one of a set of English terms, judged without analysing them.
/// Stemming is most of the analyzer's cost, and a stem keeps its word's first letter and
/// second letter (but for a `y` that may become `i`: "dying" -> `die`), so a word that
/// starts otherwise than every term cannot become one of them.
pub(crate) struct StemGate {
    /// The lowercase first two letters of each term (`y` as `i`); `None` for any second letter.
    starts: Vec<(u8, Option<u8>)>,
}

impl StemGate {
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> Self {
        let mut starts: Vec<(u8, Option<u8>)> = terms
            .into_iter()
            .filter_map(|term| {
                let mut bytes = term.bytes().map(|b| b.to_ascii_lowercase());
                let first = bytes.next().filter(u8::is_ascii)?;
                Some((first, bytes.next().map(y_as_i)))
            })
            .collect();
        starts.sort_unstable();
        starts.dedup();
        Self { starts }
    }

    /// False when no analysis of `word` (as typed) can give one of the terms. Words outside
    /// ASCII are always admitted: folding may change their letters.
    pub fn admits(&self, word: &str) -> bool {
        if !word.is_ascii() {
            return true;
        }
        let mut bytes = word.bytes().map(|b| b.to_ascii_lowercase());
        let (Some(first), second) = (bytes.next(), bytes.next().map(y_as_i)) else {
            return false;
        };
        self.starts
            .iter()
            .any(|&(f, s)| f == first && (s.is_none() || s == second))
    }
}

fn y_as_i(letter: u8) -> u8 {
    if letter == b'y' { b'i' } else { letter }
}

/// The tokens `english` (the [`english`] analyzer) makes of the words of `text` that `gate`
/// admits, with offsets into `text`: the analyzer's tokens, less those the gate rules out.
pub(crate) fn english_tokens_where(
    english: &mut TextAnalyzer,
    text: &str,
    gate: &StemGate,
) -> Vec<Token> {
    let mut words = WordTokenizer::default();
    let mut stream = words.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let word = stream.token();
        if !gate.admits(&word.text) {
            continue;
        }
        let start = word.offset_from;
        english
            .token_stream(&text[start..word.offset_to])
            .process(&mut |token| {
                let mut token = token.clone();
                token.offset_from += start;
                token.offset_to += start;
                out.push(token);
            });
    }
    out
}

/// Splits text into words: runs of letters and digits outside CJK scripts. An apostrophe
/// between two letters joins them and is dropped from the token ("don't" -> `dont`).
#[derive(Clone, Default)]
pub(crate) struct WordTokenizer {
    token: Token,
}

pub(crate) struct WordStream<'a> {
    text: &'a str,
    offset: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            offset: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(start) = self.text[self.offset..]
            .char_indices()
            .find(|&(_, c)| is_word_char(c))
            .map(|(at, _)| self.offset + at)
        else {
            self.offset = self.text.len();
            return false;
        };
        self.token.text.clear();
        let bytes = self.text.as_bytes();
        let mut at = start;
        let mut end = start;
        while at < bytes.len() {
            // Most text is ASCII: its letters and digits are copied without decoding.
            let ascii_run = bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if ascii_run > 0 {
                self.token.text.push_str(&self.text[at..at + ascii_run]);
                at += ascii_run;
                end = at;
                continue;
            }
            let mut chars = self.text[at..].chars();
            let Some(c) = chars.next() else { break };
            if is_word_char(c) {
                self.token.text.push(fold_full_width(c));
                at += c.len_utf8();
                end = at;
            } else if is_apostrophe(c) && chars.next().is_some_and(is_word_char) {
                at += c.len_utf8();
            } else {
                break;
            }
        }
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.token.position.wrapping_add(1);
        self.offset = end;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Emits, for every run of CJK characters, each character and each pair of neighbours:
/// "相机打" gives 相, 相机, 机, 机打, 打. Everything else is skipped.
#[derive(Clone, Default)]
pub(crate) struct CjkTokenizer {
    token: Token,
}

pub(crate) struct CjkStream<'a> {
    text: &'a str,
    /// The byte offset of the next unigram.
    offset: usize,
    /// Whether the unigram at `offset` was emitted and its bigram comes next.
    bigram_next: bool,
    token: &'a mut Token,
}

impl Tokenizer for CjkTokenizer {
    type TokenStream<'a> = CjkStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkStream<'a> {
        self.token.reset();
        CjkStream {
            text,
            offset: 0,
            bigram_next: false,
            token: &mut self.token,
        }
    }
}

impl CjkStream<'_> {
    fn emit(&mut self, from: usize, to: usize) {
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
    }
}

impl TokenStream for CjkStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let rest = &self.text[self.offset..];
            let mut chars = rest.chars();
            let Some(first) = chars.next() else {
                return false;
            };
            if !is_cjk(first) {
                self.offset += first.len_utf8();
                self.bigram_next = false;
                continue;
            }
            let first_end = self.offset + first.len_utf8();
            if !self.bigram_next {
                self.bigram_next = true;
                self.emit(self.offset, first_end);
                return true;
            }
            let from = self.offset;
            self.offset = first_end;
            self.bigram_next = false;
            if let Some(second) = chars.next().filter(|&c| is_cjk(c)) {
                self.emit(from, first_end + second.len_utf8());
                return true;
            }
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        tokens(analyzer, text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn english_stems_and_drops_function_words() {
        let mut en = english();
        assert_eq!(
            texts(&mut en, "My photos are Uploading"),
            ["photo", "upload"]
        );
        assert_eq!(texts(&mut en, "the ID is mine"), ["id"]);
    }

    #[test]
    fn english_keeps_negations() {
        let mut en = english();
        assert_eq!(
            texts(&mut en, "I can't upload, it won't work, no and not"),
            ["cant", "upload", "wont", "work", "no", "not"]
        );
        assert_eq!(texts(&mut en, "doesn\u{2019}t"), ["doesnt"]);
    }

    #[test]
    fn english_offsets_point_at_the_original_words() {
        let mut en = english();
        let text = "Can't   uplaod PIC";
        let spans: Vec<&str> = tokens(&mut en, text)
            .iter()
            .map(|t| &text[t.offset_from..t.offset_to])
            .collect();
        assert_eq!(spans, ["Can't", "uplaod", "PIC"]);
    }

    #[test]
    fn english_skips_cjk_and_symbols_and_folds_full_width() {
        let mut en = english();
        assert_eq!(
            texts(&mut en, "KYC失败 😭 ＫＹＣ -- 'quoted' café"),
            ["kyc", "kyc", "quot", "cafe"]
        );
    }

    #[test]
    fn the_stem_gate_admits_every_word_of_the_knowledge_for_its_own_stems() {
        let mut en = english();
        let shipped = crate::knowledge::Sources::builtin();
        let text: String = shipped
            .files
            .iter()
            .filter_map(|file| file.text())
            .collect::<Vec<_>>()
            .join("\n");
        // Snowball's special cases, and words whose stems replace letters.
        let special = "skis skies dying lying tying idly gently ugly early only singly news \
                       cries ties generously communication arsenal happily hoping relational";
        let mut checked = 0;
        for word in tokens(&mut english_words(), &format!("{text} {special}")) {
            for stem in texts(&mut en, &word.text) {
                let gate = StemGate::new([stem.as_str()]);
                assert!(gate.admits(&word.text), "{} -> {stem}", word.text);
                assert!(gate.admits(&word.text.to_uppercase()), "{}", word.text);
                checked += 1;
            }
        }
        assert!(checked > 1_000, "only {checked} words checked");
    }

    #[test]
    fn the_stem_gate_rules_out_words_that_start_otherwise() {
        let gate = StemGate::new(["upload", "die", "x"]);
        for word in ["uploads", "UPLOADING", "dying", "xylophone", "café"] {
            assert!(gate.admits(word), "{word}");
        }
        for word in ["photo", "download", "u", "dog"] {
            assert!(!gate.admits(word), "{word}");
        }
    }

    #[test]
    fn english_tokens_of_admitted_words_are_the_analyzers_tokens() {
        let text = "Can't upload: the photos, UPLOADS and Uploading fail";
        let all = tokens(&mut english(), text);
        let kept = english_tokens_where(&mut english(), text, &StemGate::new(["upload"]));
        let expected: Vec<&Token> = all.iter().filter(|t| t.text == "upload").collect();
        assert_eq!(kept.len(), 3);
        for (kept, expected) in kept.iter().zip(expected) {
            assert_eq!(
                (&kept.text, kept.offset_from, kept.offset_to),
                (&expected.text, expected.offset_from, expected.offset_to)
            );
        }
        let every_start: Vec<String> = all.iter().map(|t| t.text.clone()).collect();
        let gate = StemGate::new(every_start.iter().map(String::as_str));
        assert_eq!(
            english_tokens_where(&mut english(), text, &gate).len(),
            all.len()
        );
    }

    #[test]
    fn english_drops_overlong_words() {
        let mut en = english();
        let long = "a".repeat(500);
        assert_eq!(texts(&mut en, &format!("{long} upload")), ["upload"]);
    }

    #[test]
    fn cjk_gives_unigrams_and_bigrams_per_run() {
        let mut cjk = cjk();
        assert_eq!(
            texts(&mut cjk, "相机打 ok 不开"),
            ["相", "相机", "机", "机打", "打", "不", "不开", "开"]
        );
        assert_eq!(texts(&mut cjk, "照"), ["照"]);
        assert!(texts(&mut cjk, "camera 123 😭").is_empty());
    }

    #[test]
    fn cjk_offsets_are_char_boundaries() {
        let mut cjk = cjk();
        let text = "a相b机打";
        for token in tokens(&mut cjk, text) {
            assert_eq!(&text[token.offset_from..token.offset_to], token.text);
        }
    }
}
