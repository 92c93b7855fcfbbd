//! What the user typed, read as the engine needs it: normalized text and commands.

use serde::Serialize;

use super::vocabulary;
use crate::text::is_cjk;

/// Longest input the engine reads, in characters. Descriptions are a sentence or two; the bound
/// keeps matching, search and redaction cost fixed whatever is pasted.
pub const MAX_INPUT_CHARS: usize = 2_000;

/// Commands that work at any point of the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatCommand {
    /// Undo the last step.
    Back,
    /// Forget the answers and begin again.
    Restart,
    Help,
    /// Show the guide's passages behind the current answer.
    Source,
    /// Hand off to live support now.
    Support,
    /// Show the triage menu (the tree's root question).
    Menu,
    Quit,
}

impl ChatCommand {
    const ALL: [ChatCommand; 7] = [
        ChatCommand::Back,
        ChatCommand::Restart,
        ChatCommand::Help,
        ChatCommand::Source,
        ChatCommand::Support,
        ChatCommand::Menu,
        ChatCommand::Quit,
    ];

    fn phrases(self) -> &'static [&'static str] {
        match self {
            ChatCommand::Back => *vocabulary::BACK,
            ChatCommand::Restart => *vocabulary::RESTART,
            ChatCommand::Help => *vocabulary::HELP,
            ChatCommand::Source => *vocabulary::SOURCE,
            ChatCommand::Support => *vocabulary::SUPPORT,
            ChatCommand::Menu => *vocabulary::MENU,
            ChatCommand::Quit => *vocabulary::QUIT,
        }
    }

    /// The command `normalized` input says exactly.
    pub fn exact(normalized: &str) -> Option<ChatCommand> {
        Self::ALL
            .into_iter()
            .find(|command| command.phrases().contains(&normalized))
    }

    /// The command `normalized` input says with one slip of the keyboard ("bakc", "hlep",
    /// "suport"). Quit is never guessed, so a typo cannot end the conversation.
    pub fn near(normalized: &str) -> Option<ChatCommand> {
        Self::ALL
            .into_iter()
            .filter(|&command| command != ChatCommand::Quit)
            .find(|command| {
                command
                    .phrases()
                    .iter()
                    .any(|phrase| is_slip(normalized, phrase))
            })
    }
}

/// The user's text, bounded and stripped of control characters.
pub fn clean(text: &str) -> String {
    let bounded: String = text.chars().take(MAX_INPUT_CHARS).collect();
    crate::text::sanitize_line(&bounded).trim().to_owned()
}

/// Lowercase words separated by single spaces, without punctuation or apostrophes
/// ("Didn't work!" -> "didnt work"). A lone "?" stays, as it asks for help.
pub fn normalize(text: &str) -> String {
    if text.trim() == "?" {
        return "?".to_owned();
    }
    let spaced: String = text
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`'))
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect();
    spaced
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A description is cut into at most this many parts, each recognised on its own: the cost of
/// a message stays a few recognitions whatever its length.
pub const MAX_PARTS: usize = 3;

/// A part shorter than this many words names no problem of its own ("black and white").
const MIN_PART_WORDS: usize = 3;

/// Punctuation that ends a sentence in scripts without spaces.
const WIDE_SENTENCE_ENDS: [char; 4] = ['。', '！', '？', '；'];

/// Punctuation that separates clauses in scripts without spaces.
const WIDE_SEPARATORS: [char; 6] = ['。', '！', '？', '；', '，', '、'];

/// A word of a description: where it is, and whether a sentence ends after it.
struct Token {
    start: usize,
    end: usize,
    ends_sentence: bool,
}

/// The parts of a description that may each name a problem ("my address proof was rejected
/// and now the face scan says mismatch"): cut at sentence ends and before connective words,
/// trimmed of the connectives that join them, each at least [`MIN_PART_WORDS`] long, at most
/// [`MAX_PARTS`]. A description with nothing to cut is one part.
pub fn parts(text: &str) -> Vec<&str> {
    let tokens = tokens(text);
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let joins = |token: &Token| connective_at(&text[token.start..token.end]) > 0;
        // Connectives in a row ("and now") open one part.
        let cut =
            i > 0 && (tokens[i - 1].ends_sentence || (joins(token) && !joins(&tokens[i - 1])));
        match pieces.last_mut() {
            Some(last) if !cut => last.1 = token.end,
            _ => pieces.push((token.start, token.end)),
        }
    }
    let pieces: Vec<(usize, usize)> = pieces
        .into_iter()
        .map(|(start, end)| (start + connectives_len(&text[start..end]), end))
        .collect();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in pieces {
        let small = size(&text[start..end]) < MIN_PART_WORDS;
        let full = merged.len() == MAX_PARTS;
        match merged.last_mut() {
            Some(last) if small || full => last.1 = end,
            _ => merged.push((start, end)),
        }
    }
    // A short first part belongs with the next.
    if merged.len() > 1 && size(&text[merged[0].0..merged[0].1]) < MIN_PART_WORDS {
        let (start, _) = merged.remove(0);
        merged[0].0 = start;
    }
    merged
        .into_iter()
        .map(|(start, end)| {
            text[start..end]
                .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、'))
        })
        .filter(|part| !part.is_empty())
        .collect()
}

fn tokens(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let separator = c.is_whitespace() || WIDE_SEPARATORS.contains(&c);
        if separator {
            if let Some(from) = start.take() {
                let word = &text[from..i];
                tokens.push(Token {
                    start: from,
                    end: i,
                    ends_sentence: word.ends_with(['.', '!', '?', ';']),
                });
            }
            if WIDE_SENTENCE_ENDS.contains(&c)
                && let Some(last) = tokens.last_mut()
            {
                last.ends_sentence = true;
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(from) = start {
        tokens.push(Token {
            start: from,
            end: text.len(),
            ends_sentence: false,
        });
    }
    tokens
}

/// How many bytes of connective `word` opens with: all of it for a connective word ("and,"),
/// the connective's for one written without a space before the rest ("但是现在"), else 0.
fn connective_at(word: &str) -> usize {
    let normalized = normalize(word);
    if vocabulary::CONNECTIVES.contains(&normalized.as_str()) {
        return word.len();
    }
    vocabulary::CONNECTIVES
        .iter()
        .filter(|c| c.chars().all(is_cjk) && word.starts_with(**c) && word.len() > c.len())
        .map(|c| c.len())
        .max()
        .unwrap_or(0)
}

/// How many bytes of connectives (and the spaces after them) `part` opens with.
fn connectives_len(part: &str) -> usize {
    let mut skipped = 0;
    loop {
        let rest = &part[skipped..];
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let taken = connective_at(&rest[..word_end]);
        if taken == 0 || taken == rest.len() {
            return skipped;
        }
        skipped += taken;
        skipped += part[skipped..].len() - part[skipped..].trim_start().len();
    }
}

/// A part's length in words, a word of a script without spaces counting one per two of its
/// characters.
fn size(part: &str) -> usize {
    part.split_whitespace()
        .map(|word| {
            let wide = word.chars().filter(|&c| is_cjk(c)).count();
            if wide == 0 { 1 } else { wide.div_ceil(2) }
        })
        .sum()
}

/// The choice number in `normalized` input ("2", "#2" and "2)" all normalize to "2").
pub fn number(normalized: &str) -> Option<usize> {
    if normalized.is_empty() || !normalized.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // A run of digits too long for usize is no choice number either.
    normalized.parse().ok()
}

/// True when `typed` differs from `word` by one inserted, deleted or swapped adjacent character.
/// Substitutions don't count: they turn real words into other real words ("bank" -> "back").
/// Words shorter than four characters are too easy to hit by accident.
pub fn is_slip(typed: &str, word: &str) -> bool {
    if word.chars().count() < 4 || typed == word {
        return false;
    }
    let typed: Vec<char> = typed.chars().collect();
    let word: Vec<char> = word.chars().collect();
    match typed.len().abs_diff(word.len()) {
        0 => is_one_swap(&typed, &word),
        1 => {
            let (short, long) = if typed.len() < word.len() {
                (&typed, &word)
            } else {
                (&word, &typed)
            };
            let split = short
                .iter()
                .zip(long.iter())
                .take_while(|(a, b)| a == b)
                .count();
            short[split..] == long[split + 1..]
        }
        _ => false,
    }
}

fn is_one_swap(a: &[char], b: &[char]) -> bool {
    let differ: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(differ.as_slice(), &[i, j] if j == i + 1 && a[i] == b[j] && a[j] == b[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_punctuation_and_apostrophes() {
        assert_eq!(normalize("  Didn't   WORK!! "), "didnt work");
        assert_eq!(normalize("It’s fixed."), "its fixed");
        assert_eq!(normalize("2)"), "2");
        assert_eq!(normalize("#3"), "3");
        assert_eq!(normalize("?"), "?");
        assert_eq!(normalize("上传，失败"), "上传 失败");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn cleans_controls_and_bounds_length() {
        assert_eq!(clean("\u{1b}[31mhi\u{7}\n"), "hi");
        let huge = "a".repeat(1_000_000);
        assert_eq!(clean(&huge).chars().count(), MAX_INPUT_CHARS);
    }

    #[test]
    fn reads_numbers_only_from_digits() {
        assert_eq!(number("2"), Some(2));
        assert_eq!(number("02"), Some(2));
        assert_eq!(number("2 please"), None);
        assert_eq!(number(""), None);
        assert_eq!(number(&"9".repeat(40)), None);
    }

    #[test]
    fn every_command_word_is_recognized() {
        for command in ChatCommand::ALL {
            for phrase in command.phrases() {
                assert_eq!(ChatCommand::exact(phrase), Some(command), "{phrase}");
            }
        }
        assert_eq!(ChatCommand::exact("back up my wallet"), None);
        assert_eq!(ChatCommand::exact("i need help with my id"), None);
    }

    #[test]
    fn tolerates_slips_but_never_guesses_quit() {
        assert_eq!(ChatCommand::near("bakc"), Some(ChatCommand::Back));
        assert_eq!(ChatCommand::near("hlep"), Some(ChatCommand::Help));
        assert_eq!(ChatCommand::near("suport"), Some(ChatCommand::Support));
        assert_eq!(ChatCommand::near("restrat"), Some(ChatCommand::Restart));
        assert_eq!(ChatCommand::near("start ovr"), Some(ChatCommand::Restart));
        assert_eq!(ChatCommand::near("qiut"), None);
        assert_eq!(ChatCommand::near("exti"), None);
        assert_eq!(ChatCommand::near("quitt"), None);
        assert_eq!(ChatCommand::near("bank"), None);
        assert_eq!(ChatCommand::near("hello"), None);
    }

    #[test]
    fn descriptions_split_at_sentence_ends_and_connectives() {
        assert_eq!(
            parts("my address proof was rejected and now the face scan says mismatch"),
            [
                "my address proof was rejected",
                "the face scan says mismatch"
            ]
        );
        assert_eq!(
            parts("The camera is black. I updated the app! Still nothing"),
            ["The camera is black.", "I updated the app! Still nothing"]
        );
        assert_eq!(
            parts("我的地址证明被拒绝了，现在人脸识别说不匹配"),
            ["我的地址证明被拒绝了", "人脸识别说不匹配"]
        );
        assert_eq!(
            parts("mi comprobante fue rechazado y ahora la cámara no abre"),
            ["mi comprobante fue rechazado", "la cámara no abre"]
        );
    }

    #[test]
    fn short_pieces_and_words_that_only_start_like_a_connective_stay_whole() {
        for text in [
            "a black and white photo",
            "информация не совпадает с моим паспортом",
            "android update",
            "",
        ] {
            let expected: Vec<&str> = if text.is_empty() { vec![] } else { vec![text] };
            assert_eq!(parts(text), expected, "{text}");
        }
        let rant = "the upload fails again. ".repeat(100);
        assert_eq!(parts(&rant).len(), MAX_PARTS);
    }

    #[test]
    fn slips_are_one_insert_delete_or_swap() {
        assert!(is_slip("passprot", "passport"));
        assert!(is_slip("pasport", "passport"));
        assert!(is_slip("passsport", "passport"));
        assert!(!is_slip("passport", "passport"));
        assert!(!is_slip("pazzport", "passport"));
        assert!(!is_slip("ys", "yes"));
        assert!(!is_slip("相机", "相机相"));
    }
}
