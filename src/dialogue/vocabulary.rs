//! The words the engine understands: commands and everyday answers, in one place for translation.
//!
//! Every phrase is written normalized (lowercase, apostrophes removed, single spaces), the form
//! `input::normalize` gives what the user typed.

/// "back": undo the last answer.
pub const BACK: &[&str] = &[
    "back",
    "go back",
    "previous",
    "previous question",
    "undo",
    "返回",
    "上一步",
];

/// "start over": forget this conversation's answers and begin again.
pub const RESTART: &[&str] = &[
    "start over",
    "restart",
    "reset",
    "start again",
    "begin again",
    "from the start",
    "重新开始",
];

pub const HELP: &[&str] = &[
    "help",
    "?",
    "commands",
    "what can i say",
    "what can i do",
    "how does this work",
    "帮助",
];

/// "source": what the guide says behind the current answer.
pub const SOURCE: &[&str] = &[
    "source",
    "sources",
    "show source",
    "show the source",
    "show sources",
    "where does it say that",
    "where does it say so",
    "citation",
    "来源",
    "出处",
];

/// "talk to support": hand off to live support now.
pub const SUPPORT: &[&str] = &[
    "talk to support",
    "support",
    "live support",
    "contact support",
    "customer support",
    "customer service",
    "human",
    "a human",
    "talk to a human",
    "speak to a human",
    "talk to a person",
    "real person",
    "agent",
    "live agent",
    "live chat",
    "operator",
    "人工",
    "客服",
    "人工客服",
    "转人工",
];

/// The triage menu: the tree's root question.
pub const MENU: &[&str] = &[
    "menu",
    "main menu",
    "show menu",
    "list",
    "show list",
    "options",
    "topics",
    "菜单",
];

/// Quitting is matched exactly: a typo must never end the conversation.
pub const QUIT: &[&str] = &["quit", "exit", "bye", "goodbye", "good bye", "退出", "再见"];

/// Whole answers that mean yes, with the commonest typos.
pub const YES: &[&str] = &[
    "yes",
    "y",
    "ye",
    "yess",
    "yse",
    "yep",
    "yeah",
    "yea",
    "ya",
    "yup",
    "yes please",
    "sure",
    "ok",
    "okay",
    "correct",
    "right",
    "thats right",
    "thats it",
    "exactly",
    "indeed",
    "of course",
    "affirmative",
    "是",
    "是的",
    "对",
    "对的",
    "好",
    "好的",
    "有",
];

/// Whole answers that mean no, with the commonest typos.
pub const NO: &[&str] = &[
    "no",
    "n",
    "noo",
    "nop",
    "nope",
    "nah",
    "no thanks",
    "not really",
    "wrong",
    "incorrect",
    "negative",
    "never",
    "不",
    "不是",
    "不对",
    "没有",
    "否",
];

/// Whether `normalized` is a whole yes or no and nothing else.
pub fn is_bare_answer(normalized: &str) -> bool {
    YES.contains(&normalized) || NO.contains(&normalized)
}

/// First words that carry a yes or no on their own ("yes it is", "nope, not yet").
pub const YES_LEAD: &[&str] = &["yes", "yep", "yeah", "yup", "sure", "correct"];
pub const NO_LEAD: &[&str] = &["no", "nope", "nah", "never"];

/// Words that turn an answer around: "not allowed" answers no, though "allowed" is a yes.
pub const NEGATIONS: &[&str] = &[
    "not", "no", "dont", "doesnt", "isnt", "arent", "wasnt", "cant", "cannot", "wont", "never",
    "havent", "hasnt", "didnt", "nothing",
];

/// Phrases meaning "I don't know": they pick an "unsure" choice, or a choice offering "not sure".
pub const UNSURE: &[&str] = &[
    "not sure",
    "im not sure",
    "unsure",
    "no idea",
    "i dont know",
    "dont know",
    "dunno",
    "idk",
    "maybe",
    "i have no idea",
    "不确定",
    "不知道",
];

/// The label fragment that marks a choice as the one for people who are unsure.
pub const UNSURE_LABEL: &str = "not sure";

/// Phrases meaning the steps did not help (contained anywhere in a short answer).
pub const DIDNT_WORK: &[&str] = &[
    "didnt work",
    "did not work",
    "doesnt work",
    "does not work",
    "not working",
    "still not",
    "still doesnt",
    "still broken",
    "still fails",
    "still failing",
    "didnt help",
    "did not help",
    "not fixed",
    "not solved",
    "no luck",
    "same problem",
    "same issue",
    "same error",
    "nothing changed",
    "没用",
    "没有用",
    "还是不行",
];

/// Phrases meaning the steps helped.
pub const WORKED: &[&str] = &[
    "it worked",
    "that worked",
    "worked",
    "works now",
    "it works",
    "fixed",
    "its fixed",
    "solved",
    "its solved",
    "all good",
    "thanks",
    "thank you",
    "好了",
    "解决了",
];

/// Phrases meaning "I already did that": yes to "have you done X?", no to "did this solve it?".
pub const ALREADY_DONE: &[&str] = &[
    "already did",
    "already done",
    "already tried",
    "already checked",
    "already have",
    "i did that",
    "did that",
    "done that",
    "tried that",
    "tried it",
    "tried everything",
    "已经试过",
    "试过了",
];
