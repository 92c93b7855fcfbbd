//! Descriptions that name no problem: "kyc failed", "verify my identity", "实名认证失败".
//! They are about verification, so no topic elsewhere fits, and any entry the search picks
//! for them is a guess; the chat asks what went wrong instead.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use super::input::normalize;
use crate::wordlists::VAGUE_WORDS;

/// The vague words of scripts written with spaces (matched as whole words), and of those
/// written without (removed wherever they occur), longest first so that "实名认证" goes
/// before "认证".
static WORDS: LazyLock<(BTreeSet<&'static str>, Vec<&'static str>)> = LazyLock::new(|| {
    let (mut unspaced, spaced): (Vec<&str>, Vec<&str>) =
        VAGUE_WORDS.iter().partition(|word| is_unspaced(word));
    unspaced.sort_by_key(|word| std::cmp::Reverse(word.chars().count()));
    (spaced.into_iter().collect(), unspaced)
});

fn is_unspaced(word: &str) -> bool {
    word.chars().any(crate::text::is_cjk)
}

/// True when `text` is made only of words that say it is about verification, or that it
/// failed, without saying what failed. Text with nothing in it names nothing either way.
pub fn names_no_problem(text: &str) -> bool {
    let normalized = normalize(text);
    let (spaced, unspaced) = &*WORDS;
    let mut any = false;
    for word in normalized.split(' ').filter(|w| !w.is_empty()) {
        let rest = if is_unspaced(word) {
            let mut rest = word.to_owned();
            for vague in unspaced {
                rest = rest.replace(vague, "");
            }
            rest
        } else if spaced.contains(word) {
            String::new()
        } else {
            word.to_owned()
        };
        if !rest.is_empty() {
            return false;
        }
        any = true;
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_words_alone_name_no_problem() {
        for text in [
            "kyc failed",
            "verify my identity",
            "help with my verification",
            "KYC!!",
            "why did my verification fail?",
            "no puedo verificar mi cuenta",
            "实名认证失败",
            "身份验证不了怎么办",
        ] {
            assert!(names_no_problem(text), "{text}");
        }
    }

    #[test]
    fn a_named_problem_or_an_unknown_word_is_not_vague() {
        for text in [
            "kyc failed, the photo is blurry",
            "verify my identity with a passport",
            "my selfie fails",
            "withdrawal failed",
            "实名认证失败 人脸",
            "",
            "!!!",
        ] {
            assert!(!names_no_problem(text), "{text}");
        }
    }
}
