//! One conversation: the state machine that reads each turn and decides what to say next.

use std::sync::Arc;

use super::facts::Facts;
use super::handoff::{self, Answer, Handoff};
use super::input::{self, ChatCommand, clean, normalize};
use super::language;
use super::matching::{self, Fit, More, Offer, Reading, fit};
use super::phrases;
use super::position::{Position, WalkError};
use super::recognizer::{
    CORRECTION_CONFIDENCE, MAX_OFFERED, Recognition, Recognized, Recognizer, SWITCH_CONFIDENCE,
};
use super::reply::{ChoiceView, Message, Reply};
use super::transcript::{Transcript, Turn};
use super::vague::names_no_problem;
use super::vocabulary;
use crate::knowledge::{Basis, Choice, EntryKind, Knowledge, Node, NodeKind, Outcome, OutcomeKind};

/// The key of an area of the triage menu offered in the second chance: the prefix, then
/// the menu choice's own key.
const AREA_KEY: &str = "area:";

/// What the engine is waiting for.
#[derive(Debug, Clone, PartialEq)]
enum State {
    /// A description of the problem, in the user's words.
    Describe,
    /// Another description, after one that named no problem the pack knows; the areas of the
    /// triage menu are offered beside it.
    Unmatched,
    /// Yes or no to "it sounds like <entry>". `resume` is the question a new description
    /// interrupted: "no" returns to it.
    Confirm {
        entry: String,
        others: Vec<String>,
        resume: Option<Box<State>>,
    },
    /// One of several close entries, or none of them.
    Pick {
        entries: Vec<String>,
        resume: Option<Box<State>>,
        chance: Chance,
    },
    /// An answer to a question node of the tree.
    Node(String),
    /// "Did this solve it?" after the steps of a resolved outcome (`node`), or of an entry
    /// that has no flow in the tree (`node` is `None`).
    Solved { entry: String, node: Option<String> },
    /// "Anything else?" after a policy explanation.
    Anything,
    /// "Look at that now?" about another problem the person named, after the message that
    /// named it (`earlier` is false) or once the problem before it ended (true). `then` is
    /// where the conversation goes on if not.
    Mentioned {
        mention: Mention,
        then: Box<State>,
        earlier: bool,
    },
    /// Solved, handed off or left: anything typed next starts afresh.
    Ended,
}

/// Which offer of entries a list is, and so what "none of these" leads to.
#[derive(Debug, Clone, PartialEq)]
enum Chance {
    /// The first offer: "none" gives the second chance, with these entries ranked next.
    First { later: Vec<String> },
    /// The second chance: the next entries and the areas of the triage menu; "none" gives
    /// the menu.
    Second,
}

/// How much of where the conversation stands to say again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Again {
    /// The question (or the offer) only.
    Question,
    /// A resolved outcome's steps too: "back" returns to them.
    WithSteps,
}

/// Where the person's words for a problem are: a turn of the transcript, or one part of it
/// (`input::parts`), so the hand-off quotes them as the transcript keeps them, redacted.
#[derive(Debug, Clone, Copy, PartialEq)]
struct WordsLocation {
    turn: usize,
    part: Option<usize>,
}

/// A part of a description (`input::parts`) and the entry it names first.
struct NamedPart {
    part: usize,
    entry: String,
    /// Confidently: it may stand for the whole description.
    sure: bool,
    /// At least as likely as a switch to another problem mid-flow: it is offered the same
    /// way, as a question, once the problem at hand ends.
    likely: bool,
}

/// A problem the person named besides the one at hand.
#[derive(Debug, Clone, PartialEq)]
struct Mention {
    entry: String,
    words: Option<WordsLocation>,
}

/// What "back" restores: the state with the answers and path that led to it.
#[derive(Debug, Clone)]
struct ConversationProgress {
    state: State,
    path: Vec<String>,
    answers: Vec<Answer>,
    /// The entry the problem is about, once known.
    entry: Option<String>,
    /// Problems named in a message beside the one taken up, to offer when it ends.
    pending: Vec<Mention>,
    /// The other problems of this conversation: left for another, or not taken up.
    others: Vec<Mention>,
    /// The words of the different problem a switch offers.
    offered: Option<WordsLocation>,
    /// What the person said about the problem that answers the tree's questions for them.
    facts: Facts,
}

impl Default for ConversationProgress {
    fn default() -> Self {
        Self {
            state: State::Describe,
            path: Vec::new(),
            answers: Vec::new(),
            entry: None,
            pending: Vec::new(),
            others: Vec::new(),
            offered: None,
            facts: Facts::default(),
        }
    }
}

/// A recognizer that answers `text` with what was already recognised, so that reading an
/// answer and then the description it turns out to be costs one recognition.
struct Remembered<'a> {
    text: &'a str,
    recognized: Recognized,
    recognizer: &'a dyn Recognizer,
}

impl Recognizer for Remembered<'_> {
    fn recognize(&self, text: &str) -> Recognized {
        if text == self.text {
            self.recognized.clone()
        } else {
            self.recognizer.recognize(text)
        }
    }
}

/// A reply in draft: what one step of the engine said, before it is completed from the state.
#[derive(Debug, Default)]
struct Draft {
    messages: Vec<Message>,
    outcome: Option<OutcomeKind>,
    quit: bool,
}

impl Draft {
    fn say(text: impl Into<String>) -> Self {
        Self::default().and(Message::Say { text: text.into() })
    }

    fn and(mut self, message: Message) -> Self {
        self.messages.push(message);
        self
    }

    fn then(mut self, more: Draft) -> Self {
        self.messages.extend(more.messages);
        self.outcome = more.outcome.or(self.outcome);
        self.quit |= more.quit;
        self
    }
}

fn question(text: impl Into<String>) -> Message {
    Message::Question { text: text.into() }
}

fn offer(key: &str, label: &str) -> Offer {
    Offer {
        key: key.to_owned(),
        label: label.to_owned(),
        answers: Vec::new(),
    }
}

/// A conversation with the assistant over one knowledge pack. Feed it turns with
/// [`Session::handle`]; it never touches a terminal, a file or a clock.
#[derive(Debug, Clone)]
pub struct Session {
    knowledge: Arc<Knowledge>,
    progress: ConversationProgress,
    history: Vec<ConversationProgress>,
    /// Where the transcript holds the user's description of the problem at hand (redacted,
    /// and masked again when a later message completes a recovery phrase it began).
    description: Option<WordsLocation>,
    steps_shown: Vec<String>,
    transcript: Transcript,
    /// Whether the notice that the help is in English was said: once a conversation.
    told_english_only: bool,
}

impl Session {
    pub fn new(knowledge: Arc<Knowledge>) -> Self {
        Self {
            knowledge,
            progress: ConversationProgress::default(),
            history: Vec::new(),
            description: None,
            steps_shown: Vec::new(),
            transcript: Transcript::default(),
            told_english_only: false,
        }
    }

    /// The greeting, and the request to describe the problem.
    pub fn start(&mut self) -> Reply {
        let said = Draft::say(phrases::greeting(&self.knowledge.pack.name))
            .and(Message::Say {
                text: phrases::PRIVACY.to_owned(),
            })
            .and(question(phrases::DESCRIBE));
        self.record(said)
    }

    /// Reads one turn: a command, an answer to the current question, or a description.
    pub fn handle(&mut self, text: &str, recognizer: &dyn Recognizer) -> Reply {
        let text = clean(text);
        if text.is_empty() {
            let said = Draft::say(phrases::EMPTY).then(self.prompt(Again::Question));
            return self.finish(said);
        }
        let masked = self.transcript.user(&text);
        let heard = self.heard();
        self.progress.facts.merge(&heard);
        let mut said = self.turn(&text, &heard, recognizer);
        // Again: a new problem starts with its own description's facts only.
        self.progress.facts.merge(&heard);
        if masked {
            said.messages.insert(
                0,
                Message::Warning {
                    text: phrases::SENSITIVE.to_owned(),
                },
            );
        }
        if !self.told_english_only
            && let Some((_, notice)) = language::notice(&text)
        {
            self.told_english_only = true;
            said.messages.insert(
                0,
                Message::Say {
                    text: notice.to_owned(),
                },
            );
        }
        self.record(said)
    }

    /// Picks one of the current choices by number, key or label, exactly (no recognizer, no
    /// guessing): how `walk --answer` and scripted tests step the tree.
    pub fn answer(&mut self, choice: &str) -> Result<Reply, WalkError> {
        let (offers, _) = self.offers();
        if offers.is_empty() {
            return Err(WalkError::Finished);
        }
        let text = clean(choice);
        match fit(&text, &offers, Reading::Strict) {
            Fit::Choice(index) => {
                self.transcript.user(&text);
                let said = self.choose(index);
                Ok(self.record(said))
            }
            Fit::OutOfRange(_) | Fit::None => Err(WalkError::NoSuchChoice {
                given: text,
                valid: offers
                    .iter()
                    .enumerate()
                    .map(|(i, offer)| format!("{} ({})", i + 1, offer.key))
                    .collect(),
            }),
        }
    }

    /// Jumps to a node of the tree, as if the conversation had just arrived there.
    pub fn jump_to(&mut self, node: &str) -> Result<Reply, WalkError> {
        if self.knowledge.tree.node(node).is_none() {
            let tree = &self.knowledge.tree;
            return Err(WalkError::UnknownNode {
                id: node.to_owned(),
                suggestion: crate::text::did_you_mean(node, tree.nodes.keys().map(String::as_str))
                    .map(str::to_owned),
            });
        }
        self.advance();
        let said = self.enter(node);
        Ok(self.record(said))
    }

    /// Opens the flow of an entry (its start node, or its steps), as if the user had confirmed
    /// it: how a UI opens a suggestion, and `walk --start`.
    pub fn open_entry(&mut self, entry: &str) -> Result<Reply, WalkError> {
        if self.knowledge.entry(entry).is_none() {
            return Err(WalkError::UnknownEntry {
                id: entry.to_owned(),
                suggestion: self.knowledge.suggest_entry(entry).map(str::to_owned),
            });
        }
        self.advance();
        let said = self.start_entry(entry);
        Ok(self.record(said))
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// The entry the conversation is about, once its flow is open.
    pub fn problem(&self) -> Option<&str> {
        self.progress.entry.as_deref()
    }

    /// The tree node the conversation stands at, with its choices and the path there.
    pub fn position(&self) -> Option<Position> {
        let id = self.node()?;
        let node = self.knowledge.tree.node(id)?;
        Some(Position::new(node, self.progress.path.clone()))
    }

    /// The conversation so far as plain text, with what the user typed redacted.
    pub fn transcript(&self) -> String {
        self.transcript.to_text()
    }

    pub fn turns(&self) -> &[Turn] {
        self.transcript.turns()
    }

    /// The packet live support would get now, or `None` while there is nothing to report
    /// (no description, no recognised problem, no answer).
    pub fn handoff(&self) -> Option<Handoff> {
        let progress = &self.progress;
        let empty = self.description.is_none()
            && progress.entry.is_none()
            && progress.answers.is_empty()
            && self.steps_shown.is_empty();
        (!empty).then(|| self.packet(self.reached_support()))
    }

    /// `heard` is what the message states (see [`Session::heard`]).
    fn turn(&mut self, text: &str, heard: &Facts, recognizer: &dyn Recognizer) -> Draft {
        let (offers, reading) = self.offers();
        match fit(text, &offers, Reading::Strict) {
            Fit::Choice(index) => return self.choose(index),
            Fit::OutOfRange(count) => {
                return Draft::say(phrases::out_of_range(count)).then(self.prompt(Again::Question));
            }
            Fit::None => {}
        }
        let normalized = normalize(text);
        if let Some(command) = ChatCommand::exact(&normalized) {
            return self.command(command);
        }
        if let Some(said) = self.read_more(text, &normalized, &offers, recognizer) {
            return said;
        }
        if let Fit::Choice(index) = fit(text, &offers, reading) {
            return self.choose(index);
        }
        if let Some(command) = ChatCommand::near(&normalized) {
            return self.command(command);
        }
        // A bare "yes" or "no" that fits none of the choices is an answer, not a description.
        if !offers.is_empty() && vocabulary::is_bare_answer(&normalized) {
            let said = match &self.progress.state {
                State::Describe | State::Unmatched => Draft::default(),
                State::Pick { .. }
                    if offers.len() > 2 && vocabulary::YES.contains(&normalized.as_str()) =>
                {
                    Draft::say(phrases::PICK_WHICH)
                }
                _ => Draft::say(phrases::NOT_UNDERSTOOD),
            };
            return said.then(self.prompt(Again::Question));
        }
        if let Some(said) = self.stated_answer(heard) {
            return said;
        }
        self.describe(text, recognizer)
    }

    /// The facts the newest message states, read from it as the transcript keeps it
    /// (redacted), so quoting them back reveals nothing masked.
    fn heard(&self) -> Facts {
        self.transcript
            .turns()
            .last()
            .map(|turn| Facts::hear(&turn.text, &self.knowledge.facts))
            .unwrap_or_default()
    }

    /// At a question, a reply that fits no choice but states a fact that answers it ("I'm
    /// 17"): that choice.
    fn stated_answer(&mut self, heard: &Facts) -> Option<Draft> {
        let State::Node(id) = &self.progress.state else {
            return None;
        };
        let id = id.clone();
        self.take_settled(&id, heard)
    }

    /// Takes the choice of the question `id` that `facts` settle, saying what it took from
    /// the person's words; `None` when they settle none. "back" returns to the question and
    /// asks it.
    fn take_settled(&mut self, id: &str, facts: &Facts) -> Option<Draft> {
        let knowledge = Arc::clone(&self.knowledge);
        let choices = knowledge.tree.node(id)?.choices();
        let (index, evidence) = facts.choice(choices)?;
        let said = Draft::say(phrases::took(evidence, &choices[index].label));
        self.advance();
        Some(said.then(self.take_choice(id, index)))
    }

    /// The choices on offer now, and how freely answers to them are read.
    fn offers(&self) -> (Vec<Offer>, Reading) {
        match &self.progress.state {
            State::Describe => (
                vec![
                    offer("menu", phrases::CHOICE_MENU),
                    offer("support", phrases::CHOICE_SUPPORT),
                ],
                Reading::Strict,
            ),
            State::Unmatched => {
                let mut offers = self.area_offers();
                offers.push(offer("support", phrases::CHOICE_SUPPORT));
                (offers, Reading::Strict)
            }
            State::Confirm { .. } => (
                vec![
                    offer("yes", phrases::CHOICE_YES),
                    offer("no", phrases::CHOICE_NO),
                ],
                Reading::Choice,
            ),
            State::Pick {
                entries,
                resume,
                chance,
            } => {
                let mut offers: Vec<Offer> = entries
                    .iter()
                    .map(|id| offer(id, &self.title(id)))
                    .collect();
                if *chance == Chance::Second && resume.is_none() {
                    offers.extend(self.area_offers());
                }
                let none = if resume.is_some() {
                    phrases::CHOICE_STAY
                } else {
                    phrases::CHOICE_NONE
                };
                offers.push(offer("none", none));
                (offers, Reading::Choice)
            }
            State::Node(id) => {
                let choices = self.knowledge.tree.node(id).map_or(&[][..], Node::choices);
                let offers = choices
                    .iter()
                    .map(|choice| Offer {
                        key: choice.key.clone(),
                        label: choice.label.clone(),
                        answers: choice.answers.clone(),
                    })
                    .collect();
                (offers, Reading::Answer { after_steps: false })
            }
            State::Solved { entry, .. } => {
                let closing = self.closing(entry);
                (
                    vec![offer("yes", closing.yes), offer("no", closing.no)],
                    Reading::Answer { after_steps: true },
                )
            }
            State::Anything => (
                vec![
                    offer("yes", phrases::CHOICE_ANOTHER),
                    offer("no", phrases::CHOICE_DONE),
                ],
                Reading::Polar,
            ),
            State::Mentioned { .. } => (
                vec![
                    offer("yes", phrases::CHOICE_LOOK),
                    offer("no", phrases::CHOICE_NOT_NOW),
                ],
                Reading::Choice,
            ),
            State::Ended => (Vec::new(), Reading::Strict),
        }
    }

    /// Acts on the choice at `index` of the current offers.
    fn choose(&mut self, index: usize) -> Draft {
        let (offers, _) = self.offers();
        let Some(key) = offers.get(index).map(|offer| offer.key.clone()) else {
            return self.prompt(Again::Question);
        };
        let yes = key == "yes";
        self.advance();
        match self.progress.state.clone() {
            State::Describe if key == "menu" => self.enter_root(),
            State::Unmatched if index < self.areas().len() => self.take_area(index),
            State::Describe | State::Unmatched => self.handoff_said(None),
            State::Confirm { entry, .. } if yes => {
                let words = self.progress.offered.take();
                self.start_problem(&entry, words)
            }
            State::Confirm { others, resume, .. } => self.declined(others, resume),
            State::Pick { entries, .. } if index < entries.len() => {
                let words = self.progress.offered.take();
                self.start_problem(&entries[index], words)
            }
            State::Pick {
                entries,
                resume: None,
                chance: Chance::Second,
            } if index - entries.len() < self.areas().len() => {
                self.take_area(index - entries.len())
            }
            State::Pick {
                resume,
                chance: Chance::First { later },
                ..
            } => self.declined(later, resume),
            State::Pick { resume, .. } => self.declined(Vec::new(), resume),
            State::Node(id) => self.take_choice(&id, index),
            State::Solved { entry, node } => self.after_steps(&entry, node.as_deref(), yes),
            State::Anything if yes => {
                self.forget_problem();
                self.progress.state = State::Describe;
                Draft::default().and(question(phrases::DESCRIBE))
            }
            State::Anything => {
                self.progress.state = State::Ended;
                Draft::say(phrases::GOODBYE)
            }
            State::Mentioned { mention, .. } if yes => {
                self.start_problem(&mention.entry, mention.words)
            }
            State::Mentioned { mention, then, .. } => self.not_now(mention, *then),
            State::Ended => Draft::default(),
        }
    }

    /// An answer that says more than the choice (another problem, a correction), read through
    /// the recognizer. `None` when it names no other problem: the answer is then read as
    /// usual. Short answers never call the recognizer.
    fn read_more(
        &mut self,
        text: &str,
        normalized: &str,
        offers: &[Offer],
        recognizer: &dyn Recognizer,
    ) -> Option<Draft> {
        // Where a description is expected anyway, the whole text is one.
        if matches!(
            self.progress.state,
            State::Describe | State::Anything | State::Ended
        ) {
            return None;
        }
        match matching::more(normalized, offers) {
            Some(More::Also { choice, rest }) => {
                let other = self.other_problem(recognizer.recognize(&rest))?;
                // "no, but X" to "is it this problem?" says which problem it is.
                let declined = offers
                    .get(choice)
                    .is_some_and(|offer| matches!(offer.key.as_str(), "no" | "none"));
                if declined
                    && matches!(
                        self.progress.state,
                        State::Confirm { .. } | State::Pick { .. }
                    )
                {
                    return Some(self.replace(other));
                }
                let words = self.last_turn();
                let mut said = self.choose(choice);
                if self.progress.state == State::Anything {
                    // The offer takes the place of "anything else?".
                    said.messages
                        .retain(|message| *message != question(phrases::ANYTHING_ELSE));
                }
                Some(said.then(self.offer_other(other, words)))
            }
            Some(More::Instead { rest }) => {
                let found = recognizer.recognize(&rest);
                // At the tree's questions "no, it's in my mom's name" answers: only a
                // clearly named problem corrects.
                let in_tree = matches!(self.progress.state, State::Node(_) | State::Solved { .. });
                let likely = found
                    .candidates
                    .first()
                    .is_some_and(|c| c.confidence >= CORRECTION_CONFIDENCE);
                if in_tree && !likely {
                    return None;
                }
                let other = self.other_problem(found)?;
                Some(self.replace(other))
            }
            // A longer text is read before its first word: Spanish "no puedo subir..." is no "no".
            None if matching::is_long(normalized) && !matching::opens_with_yes(normalized) => {
                let found = recognizer.recognize(text);
                self.other_problem(found.clone())?;
                let remembered = Remembered {
                    text,
                    recognized: found,
                    recognizer,
                };
                Some(self.describe(text, &remembered))
            }
            None => None,
        }
    }

    /// What `recognized` names besides the problem at hand and the one being confirmed, if
    /// anything.
    fn other_problem(&self, recognized: Recognized) -> Option<Recognition> {
        let mut recognition = Recognition::of(recognized, &self.knowledge, true);
        let confirming = match &self.progress.state {
            State::Confirm { entry, .. } => Some(entry.clone()),
            State::Mentioned { mention, .. } => Some(mention.entry.clone()),
            _ => None,
        };
        for current in [self.progress.entry.clone(), confirming]
            .into_iter()
            .flatten()
        {
            recognition = recognition.without(&current)?;
        }
        (!matches!(recognition, Recognition::Nothing { .. })).then_some(recognition)
    }

    /// Offers the other problem an answer named, once the answer is taken: inside the current
    /// problem's flow as a switch ("no" returns to the question), at its end as "look at that
    /// now?", and otherwise for when the problem ends.
    fn offer_other(&mut self, other: Recognition, words: Option<WordsLocation>) -> Draft {
        let state = self.progress.state.clone();
        let top = match &other {
            Recognition::One { entry, .. } => entry.clone(),
            Recognition::Several { entries, .. } => match entries.first() {
                Some(entry) => entry.clone(),
                None => return Draft::default(),
            },
            Recognition::Nothing { .. } | Recognition::Vague => return Draft::default(),
        };
        match state {
            State::Node(_) | State::Solved { .. } => {
                self.progress.offered = words;
                let resume = Some(Box::new(state));
                self.progress.state = match other {
                    Recognition::Several { entries, .. } => State::Pick {
                        entries,
                        resume,
                        chance: Chance::First { later: Vec::new() },
                    },
                    _ => State::Confirm {
                        entry: top,
                        others: Vec::new(),
                        resume,
                    },
                };
                self.prompt(Again::Question)
            }
            State::Ended | State::Anything => {
                self.progress.state = State::Mentioned {
                    mention: Mention { entry: top, words },
                    then: Box::new(state),
                    earlier: false,
                };
                self.prompt(Again::Question)
            }
            _ => {
                self.progress.pending.push(Mention { entry: top, words });
                Draft::default()
            }
        }
    }

    /// "actually it's X": X replaces the problem at hand, which is not resumed.
    fn replace(&mut self, other: Recognition) -> Draft {
        self.advance();
        self.progress.path.clear();
        self.progress.answers.clear();
        self.progress.entry = None;
        self.progress.offered = None;
        self.steps_shown.clear();
        self.description = self.last_turn();
        self.progress.state = match other {
            Recognition::One { entry, others } => State::Confirm {
                entry,
                others,
                resume: None,
            },
            Recognition::Several { entries, later } => State::Pick {
                entries,
                resume: None,
                chance: Chance::First { later },
            },
            Recognition::Nothing { .. } | Recognition::Vague => State::Describe,
        };
        self.prompt(Again::Question)
    }

    /// Opens the flow of `entry`; the problem it takes over from is kept for the hand-off,
    /// with the person's words for it, and `words` become the description.
    fn start_problem(&mut self, entry: &str, words: Option<WordsLocation>) -> Draft {
        let named = self
            .progress
            .pending
            .iter()
            .find(|mention| mention.entry == entry)
            .and_then(|mention| mention.words);
        if self.progress.entry.is_none()
            && let Some(words) = named
        {
            self.description = Some(words);
        }
        if let Some(current) = self.progress.entry.clone()
            && current != entry
        {
            self.progress.others.push(Mention {
                entry: current,
                words: self.description,
            });
            if words.is_some() {
                self.description = words;
            }
        }
        self.progress
            .pending
            .retain(|mention| mention.entry != entry);
        self.progress
            .others
            .retain(|mention| mention.entry != entry);
        self.start_entry(entry)
    }

    /// "No" to looking at another problem now: on where the conversation was going.
    fn not_now(&mut self, mention: Mention, then: State) -> Draft {
        self.progress.others.push(mention);
        self.progress.state = then;
        if let Some(offer) = self.offer_pending() {
            return offer;
        }
        match self.progress.state {
            State::Ended => Draft::say(phrases::GOODBYE),
            _ => self.prompt(Again::Question),
        }
    }

    /// Once a problem ends (solved, a policy, a hand-off): "You also mentioned X. Look at that
    /// now?" for the next problem the person named and has not looked at.
    fn offer_pending(&mut self) -> Option<Draft> {
        let current = self.progress.entry.clone();
        self.progress
            .pending
            .retain(|mention| Some(&mention.entry) != current.as_ref());
        if self.progress.pending.is_empty() {
            return None;
        }
        let mention = self.progress.pending.remove(0);
        let then = std::mem::replace(&mut self.progress.state, State::Describe);
        self.progress.state = State::Mentioned {
            mention,
            then: Box::new(then),
            earlier: true,
        };
        Some(self.prompt(Again::Question))
    }

    /// The user's turn just recorded, by `handle`.
    fn last_turn(&self) -> Option<WordsLocation> {
        let turn = self.transcript.turns().len().checked_sub(1)?;
        Some(WordsLocation { turn, part: None })
    }

    /// "No" to a recognised problem, or "none of these": back to the interrupted question;
    /// else a second chance, the entries ranked next with the areas of the triage menu;
    /// after the second chance (`next` is empty), the triage menu.
    fn declined(&mut self, mut next: Vec<String>, resume: Option<Box<State>>) -> Draft {
        if let Some(state) = resume {
            self.progress.state = *state;
            return Draft::say(phrases::RESUME).then(self.prompt(Again::WithSteps));
        }
        if next.is_empty() {
            return Draft::say(phrases::NARROW_DOWN).then(self.enter_root());
        }
        next.truncate(MAX_OFFERED);
        self.progress.state = State::Pick {
            entries: next,
            resume: None,
            chance: Chance::Second,
        };
        self.prompt(Again::Question)
    }

    /// The choices of the triage menu (the tree's root question): the areas a second chance
    /// offers beside its entries.
    fn areas(&self) -> &[Choice] {
        self.knowledge.tree.root().choices()
    }

    fn area_offers(&self) -> Vec<Offer> {
        self.areas()
            .iter()
            .map(|area| Offer {
                key: format!("{AREA_KEY}{}", area.key),
                label: area.label.clone(),
                answers: area.answers.clone(),
            })
            .collect()
    }

    /// An area of the triage menu picked from the second chance: as if the menu had been
    /// answered.
    fn take_area(&mut self, index: usize) -> Draft {
        let root = self.knowledge.tree.root.clone();
        self.progress.path.push(root.clone());
        self.take_choice(&root, index)
    }

    fn take_choice(&mut self, id: &str, index: usize) -> Draft {
        let knowledge = Arc::clone(&self.knowledge);
        let Some(node) = knowledge.tree.node(id) else {
            return self.prompt(Again::Question);
        };
        let Some(choice) = node.choices().get(index) else {
            return self.prompt(Again::Question);
        };
        self.progress.answers.push(Answer {
            question: node.text.clone(),
            answer: choice.label.clone(),
        });
        self.enter(&choice.next)
    }

    /// The answer to "did this solve it?".
    fn after_steps(&mut self, entry: &str, node: Option<&str>, solved: bool) -> Draft {
        let closing = self.closing(entry);
        self.progress.answers.push(Answer {
            question: closing.question.to_owned(),
            answer: (if solved { closing.yes } else { closing.no }).to_owned(),
        });
        if solved {
            self.progress.state = State::Ended;
            let said = Draft::say(closing.done);
            return match self.offer_pending() {
                Some(offer) => said.then(offer),
                None => said,
            };
        }
        let knowledge = Arc::clone(&self.knowledge);
        let unsolved = node
            .and_then(|id| knowledge.tree.node(id))
            .and_then(Node::outcome)
            .and_then(|outcome| outcome.unsolved.as_deref());
        match unsolved {
            Some(next) => Draft::say(phrases::NEXT_STEP).then(self.enter(next)),
            None => self.handoff_said(None),
        }
    }

    fn command(&mut self, command: ChatCommand) -> Draft {
        match command {
            ChatCommand::Back => match self.history.pop() {
                Some(previous) => {
                    self.progress = previous;
                    Draft::say(phrases::GOING_BACK).then(self.prompt(Again::WithSteps))
                }
                None => Draft::say(phrases::NOTHING_TO_UNDO).then(self.prompt(Again::Question)),
            },
            ChatCommand::Restart => {
                self.forget_problem();
                self.progress.state = State::Describe;
                self.history.clear();
                Draft::say(phrases::START_OVER).and(question(phrases::DESCRIBE))
            }
            ChatCommand::Help => Draft::say(phrases::help(&self.knowledge.pack.support))
                .then(self.prompt(Again::Question)),
            ChatCommand::Source => self.sources().then(self.prompt(Again::Question)),
            ChatCommand::Support => {
                self.advance();
                let outcome = self.reached_support().cloned();
                self.handoff_said(outcome.as_ref())
            }
            ChatCommand::Menu => {
                self.advance();
                self.enter_root()
            }
            ChatCommand::Quit => {
                self.advance();
                self.progress.state = State::Ended;
                Draft {
                    quit: true,
                    ..Draft::say(phrases::GOODBYE)
                }
            }
        }
    }

    /// Text that is no command and fits no choice: a description to recognise.
    fn describe(&mut self, text: &str, recognizer: &dyn Recognizer) -> Draft {
        let resume = self.resume_point();
        let in_flow = resume.is_some();
        let (mut recognition, named) = self.recognize_description(text, recognizer, in_flow);
        if in_flow && let Some(current) = &self.progress.entry {
            recognition = match recognition.without(current) {
                Some(other) => other,
                None => {
                    return Draft::say(phrases::ALREADY_ON_IT).then(self.prompt(Again::Question));
                }
            };
        }
        let nothing = matches!(
            recognition,
            Recognition::Nothing { .. } | Recognition::Vague
        );
        if in_flow && nothing {
            return Draft::say(phrases::NOT_UNDERSTOOD).then(self.prompt(Again::Question));
        }
        // Not recognising a description leaves the conversation where it was.
        let describing = matches!(self.progress.state, State::Describe | State::Unmatched);
        if !(describing && nothing) {
            self.advance();
        }
        if matches!(
            self.progress.state,
            State::Ended | State::Anything | State::Mentioned { .. }
        ) {
            self.forget_problem();
        }
        let top = match &recognition {
            Recognition::One { entry, .. } => Some(entry.clone()),
            Recognition::Several { entries, .. } => entries.first().cloned(),
            Recognition::Nothing { .. } | Recognition::Vague => None,
        };
        let turn = self.last_turn().map(|words| words.turn);
        // A list is chosen from later: the part naming the chosen entry becomes its words then
        // (see `start_problem`).
        let confirming = matches!(recognition, Recognition::One { .. });
        let part = named
            .iter()
            .find(|part| confirming && Some(&part.entry) == top.as_ref())
            .map(|part| part.part);
        let words = turn.map(|turn| WordsLocation { turn, part });
        if self.description.is_none() {
            self.description = words;
        } else if in_flow {
            self.progress.offered = words;
        }
        if let Some(top) = top {
            let confirmed = confirming.then_some(top.as_str());
            self.keep_mentions(named, confirmed, turn);
        }
        let resume = resume.map(Box::new);
        match recognition {
            Recognition::Nothing { topic } => {
                self.progress.state = State::Unmatched;
                let support = &self.knowledge.pack.support;
                let answer = match topic {
                    Some(topic) => phrases::elsewhere(&topic, support),
                    None => phrases::no_match(support),
                };
                Draft::say(answer).and(question(phrases::DESCRIBE_AGAIN))
            }
            Recognition::Vague => {
                self.progress.state = State::Unmatched;
                Draft::say(phrases::VAGUE).and(question(phrases::DESCRIBE_AGAIN))
            }
            Recognition::One { entry, others } => {
                self.progress.state = State::Confirm {
                    entry,
                    others,
                    resume,
                };
                self.prompt(Again::Question)
            }
            Recognition::Several { entries, later } => {
                self.progress.state = State::Pick {
                    entries,
                    resume,
                    chance: Chance::First { later },
                };
                self.prompt(Again::Question)
            }
        }
    }

    /// What a description names, whole and by parts: nothing for one that names no problem;
    /// parts that each name a problem clearly beat a whole that names none for sure (the
    /// first is confirmed, the others wait their turn).
    fn recognize_description(
        &self,
        text: &str,
        recognizer: &dyn Recognizer,
        in_flow: bool,
    ) -> (Recognition, Vec<NamedPart>) {
        if names_no_problem(text) {
            return (Recognition::Vague, Vec::new());
        }
        let named = self.named_parts(text, recognizer);
        let whole = Recognition::of(recognizer.recognize(text), &self.knowledge, in_flow);
        let mut clear = named.iter().filter(|part| part.sure);
        let first = clear.next();
        let distinct = clear.any(|part| first.is_some_and(|top| top.entry != part.entry));
        let recognition = match first {
            Some(NamedPart { entry, .. })
                if matches!(whole, Recognition::Nothing { .. })
                    || (distinct && matches!(whole, Recognition::Several { .. })) =>
            {
                Recognition::One {
                    entry: entry.clone(),
                    others: Vec::new(),
                }
            }
            _ => whole,
        };
        (recognition, named)
    }

    /// Keeps the problems the likely parts of a description name, when they name at least two,
    /// to offer once the problem at hand ends: all but the one being confirmed, the current
    /// one and those kept already.
    fn keep_mentions(
        &mut self,
        named: Vec<NamedPart>,
        confirmed: Option<&str>,
        turn: Option<usize>,
    ) {
        let likely: Vec<NamedPart> = named.into_iter().filter(|part| part.likely).collect();
        if !likely.iter().any(|part| part.entry != likely[0].entry) {
            return;
        }
        for NamedPart { part, entry, .. } in likely {
            let known = confirmed == Some(entry.as_str())
                || Some(&entry) == self.progress.entry.as_ref()
                || self.progress.pending.iter().any(|m| m.entry == entry);
            if !known {
                self.progress.pending.push(Mention {
                    entry,
                    words: turn.map(|turn| WordsLocation {
                        turn,
                        part: Some(part),
                    }),
                });
            }
        }
    }

    /// The parts of a description that has several, each with the entry it names first and
    /// whether it names it confidently: one recognition a part, at most `input::MAX_PARTS`.
    fn named_parts(&self, text: &str, recognizer: &dyn Recognizer) -> Vec<NamedPart> {
        let parts = input::parts(text);
        if parts.len() < 2 {
            return Vec::new();
        }
        parts
            .iter()
            .enumerate()
            .filter_map(|(part, words)| {
                let found = recognizer.recognize(words);
                let likely = found
                    .candidates
                    .first()
                    .is_some_and(|c| c.confidence >= SWITCH_CONFIDENCE);
                let (entry, sure) = match Recognition::of(found, &self.knowledge, false) {
                    Recognition::One { entry, .. } => (entry, true),
                    Recognition::Several { entries, .. } => (entries.into_iter().next()?, false),
                    Recognition::Nothing { .. } | Recognition::Vague => return None,
                };
                Some(NamedPart {
                    part,
                    entry,
                    sure,
                    likely: sure || likely,
                })
            })
            .collect()
    }

    /// Clears what belongs to the problem at hand, so a new one starts with a clean hand-off.
    /// "back" still returns to the old problem's last question (history keeps it).
    fn forget_problem(&mut self) {
        self.progress.path.clear();
        self.progress.answers.clear();
        self.progress.entry = None;
        self.progress.pending.clear();
        self.progress.others.clear();
        self.progress.offered = None;
        self.progress.facts = Facts::default();
        self.description = None;
        self.steps_shown.clear();
    }

    /// The question a new description interrupts, if the conversation is inside a flow.
    fn resume_point(&self) -> Option<State> {
        match &self.progress.state {
            state @ (State::Node(_) | State::Solved { .. }) => Some(state.clone()),
            State::Confirm { resume, .. } | State::Pick { resume, .. } => {
                resume.as_deref().cloned()
            }
            State::Describe
            | State::Unmatched
            | State::Anything
            | State::Mentioned { .. }
            | State::Ended => None,
        }
    }

    fn enter_root(&mut self) -> Draft {
        let root = self.knowledge.tree.root.clone();
        self.enter(&root)
    }

    /// Opens an entry's flow: its start node, or its own steps when the tree has none.
    fn start_entry(&mut self, id: &str) -> Draft {
        self.progress.entry = Some(id.to_owned());
        let knowledge = Arc::clone(&self.knowledge);
        if let Some(start) = knowledge.tree.starts.get(id) {
            return self.enter(start);
        }
        let Some(entry) = knowledge.entry(id) else {
            return self.prompt(Again::Question);
        };
        self.progress.state = State::Solved {
            entry: id.to_owned(),
            node: None,
        };
        let mut said = Draft {
            outcome: Some(OutcomeKind::Resolved),
            ..Draft::say(entry.summary.clone())
        };
        if let Some(answer) = &entry.answer {
            said = said.and(Message::Say {
                text: answer.clone(),
            });
        }
        said = said.and(Message::Say {
            text: phrases::ENTRY_STEPS.to_owned(),
        });
        said.then(self.steps(&entry.warnings, &entry.steps))
    }

    /// Arrives at a node: asks its question, or delivers its outcome.
    fn enter(&mut self, id: &str) -> Draft {
        let knowledge = Arc::clone(&self.knowledge);
        let Some(node) = knowledge.tree.node(id) else {
            return self.prompt(Again::Question);
        };
        self.progress.path.push(node.id.clone());
        if let Some(entry) = &node.entry {
            self.progress.entry = Some(entry.clone());
        }
        match &node.kind {
            NodeKind::Question { .. } => {
                self.progress.state = State::Node(node.id.clone());
                let facts = self.progress.facts.clone();
                self.take_settled(&node.id, &facts)
                    .unwrap_or_else(|| Draft::default().and(question(node.text.clone())))
            }
            NodeKind::Outcome(outcome) => self.deliver(node, outcome),
        }
    }

    fn deliver(&mut self, node: &Node, outcome: &Outcome) -> Draft {
        self.progress.entry = Some(outcome.entry.clone());
        let said = Draft {
            outcome: Some(outcome.kind),
            ..Draft::default()
        }
        .and(Message::Outcome {
            outcome: outcome.kind,
            text: node.text.clone(),
        });
        match outcome.kind {
            OutcomeKind::Resolved => {
                self.progress.state = State::Solved {
                    entry: outcome.entry.clone(),
                    node: Some(node.id.clone()),
                };
                said.then(self.steps(&outcome.warnings, &outcome.steps))
            }
            OutcomeKind::Support => said.then(self.handoff_said(Some(outcome))),
            OutcomeKind::Policy => {
                self.progress.state = State::Anything;
                let said = said.and(Message::Say {
                    text: phrases::POLICY.to_owned(),
                });
                match self.offer_pending() {
                    Some(offer) => said.then(offer),
                    None => said.and(question(phrases::ANYTHING_ELSE)),
                }
            }
        }
    }

    /// Warnings first, then the numbered steps, then "did this solve it?" (or, after a general
    /// question's answer, "did that answer your question?"). The state is already `Solved`.
    fn steps(&mut self, warnings: &[String], steps: &[String]) -> Draft {
        let mut said = Draft::default();
        for warning in warnings {
            said = said.and(Message::Warning {
                text: warning.clone(),
            });
        }
        if !steps.is_empty() {
            for step in steps {
                if !self.steps_shown.contains(step) {
                    self.steps_shown.push(step.clone());
                }
            }
            said = said.and(Message::Steps {
                steps: steps.to_vec(),
            });
        }
        said.then(self.prompt(Again::Question))
    }

    /// Ends the conversation with the packet for live support.
    fn handoff_said(&mut self, outcome: Option<&Outcome>) -> Draft {
        self.progress.state = State::Ended;
        let packet = self.packet(outcome);
        let said = Draft::say(phrases::handoff_intro(&self.knowledge.pack.support)).and(
            Message::Handoff {
                packet: Box::new(packet),
            },
        );
        match self.offer_pending() {
            Some(offer) => said.then(offer),
            None => said,
        }
    }

    fn packet(&self, outcome: Option<&Outcome>) -> Handoff {
        let current = self.progress.entry.as_deref();
        let offered = match &self.progress.state {
            State::Mentioned { mention, .. } => Some(mention),
            _ => None,
        };
        let mut others: Vec<(&str, Option<&str>)> = Vec::new();
        for mention in self
            .progress
            .others
            .iter()
            .chain(offered)
            .chain(&self.progress.pending)
        {
            let known = Some(mention.entry.as_str()) == current
                || others.iter().any(|(entry, _)| *entry == mention.entry);
            if !known {
                others.push((&mention.entry, mention.words.and_then(|w| self.words(w))));
            }
        }
        Handoff::new(
            &self.knowledge,
            &handoff::Context {
                description: self.description.and_then(|words| self.words(words)),
                entry: current,
                others: &others,
                outcome,
                answers: &self.progress.answers,
                steps_shown: &self.steps_shown,
            },
        )
    }

    /// The person's words, as the transcript keeps them: a whole turn, or one of its parts.
    fn words(&self, words: WordsLocation) -> Option<&str> {
        let text = self.transcript.turns().get(words.turn)?.text.as_str();
        Some(match words.part {
            Some(part) => input::parts(text).get(part).copied().unwrap_or(text),
            None => text,
        })
    }

    /// The support outcome the conversation stands at, if it does.
    /// The guide's passages behind the current answer: the outcome reached, or else the
    /// entry the problem is about.
    fn sources(&self) -> Draft {
        let knowledge = &self.knowledge;
        let Some(guide) = &knowledge.pack.guide else {
            return Draft::say(phrases::NO_GUIDE);
        };
        let outcome = self
            .progress
            .path
            .last()
            .and_then(|id| knowledge.tree.node(id))
            .and_then(Node::outcome);
        let bases: Vec<&Basis> = match (outcome, &self.progress.entry) {
            (Some(outcome), _) => std::iter::once(&outcome.basis.text)
                .chain(&outcome.basis.warnings)
                .chain(&outcome.basis.steps)
                .collect(),
            (None, Some(entry)) => match knowledge.entry(entry) {
                Some(entry) => std::iter::once(&entry.basis.summary)
                    .chain(&entry.basis.answer)
                    .chain(&entry.basis.warnings)
                    .chain(&entry.basis.steps)
                    .collect(),
                None => Vec::new(),
            },
            (None, None) => return Draft::say(phrases::NO_SOURCES_YET),
        };
        let mut passages: Vec<&str> = Vec::new();
        for passage in bases.iter().flat_map(|basis| basis.passages()) {
            if !passages.contains(&passage.as_str()) {
                passages.push(passage);
            }
        }
        if passages.is_empty() {
            return Draft::say(phrases::SOURCES_ALL_GENERIC);
        }
        let quoted: Vec<String> = passages
            .iter()
            .map(|p| format!("- {}", phrases::quote(p)))
            .collect();
        let said = Draft::say(format!(
            "{}\n{}",
            phrases::sources_intro(&guide.title),
            quoted.join("\n")
        ));
        if bases.iter().any(|b| matches!(b, Basis::Generic)) {
            said.and(Message::Say {
                text: phrases::SOURCES_GENERIC.to_owned(),
            })
        } else {
            said
        }
    }

    fn reached_support(&self) -> Option<&Outcome> {
        let id = self.progress.path.last()?;
        self.knowledge
            .tree
            .node(id)
            .and_then(Node::outcome)
            .filter(|outcome| outcome.kind == OutcomeKind::Support)
    }

    /// Asks the current question again, with a resolved outcome's steps too when `again`
    /// says so.
    fn prompt(&mut self, again: Again) -> Draft {
        match self.progress.state.clone() {
            State::Describe | State::Unmatched => {
                Draft::default().and(question(phrases::DESCRIBE_AGAIN))
            }
            State::Confirm { entry, resume, .. } => {
                let title = self.title(&entry);
                Draft::default().and(question(if resume.is_some() {
                    phrases::switch(&title)
                } else {
                    phrases::confirm(&title)
                }))
            }
            State::Pick {
                entries,
                resume,
                chance,
            } => Draft::default().and(question(match (resume, chance) {
                (Some(_), _) => phrases::PICK_SWITCH,
                (None, Chance::Second) => phrases::SECOND_CHANCE,
                (None, Chance::First { .. }) if entries.len() == 1 => phrases::PICK_ONE,
                (None, Chance::First { .. }) => phrases::PICK,
            })),
            State::Node(id) => {
                let text = self
                    .knowledge
                    .tree
                    .node(&id)
                    .map(|node| node.text.clone())
                    .unwrap_or_default();
                Draft::default().and(question(text))
            }
            State::Solved {
                node: Some(node), ..
            } if again == Again::WithSteps => {
                // Entering pushes the node onto the path again.
                self.progress.path.pop();
                self.enter(&node)
            }
            State::Solved { entry, node: None } if again == Again::WithSteps => {
                self.start_entry(&entry)
            }
            State::Solved { entry, .. } => {
                Draft::default().and(question(self.closing(&entry).question))
            }
            State::Anything => Draft::default().and(question(phrases::ANYTHING_ELSE)),
            State::Mentioned {
                mention, earlier, ..
            } => {
                let title = self.title(&mention.entry);
                Draft::default().and(question(if earlier {
                    phrases::also_mentioned(&title)
                } else {
                    phrases::look_now(&title)
                }))
            }
            State::Ended => Draft::default(),
        }
    }

    /// How to ask whether `entry` helped: an FAQ answers a question, anything else fixes a
    /// fault.
    fn closing(&self, entry: &str) -> &'static phrases::Closing {
        let faq = self
            .knowledge
            .entry(entry)
            .is_some_and(|e| e.kind == EntryKind::Faq);
        if faq {
            &phrases::ANSWER_CLOSING
        } else {
            &phrases::FIX_CLOSING
        }
    }

    fn title(&self, entry: &str) -> String {
        self.knowledge
            .entry(entry)
            .map_or_else(|| entry.to_owned(), |entry| entry.title.clone())
    }

    /// The tree node the conversation stands at: the question or outcome it is on, the question
    /// a new description interrupted, or where it ended. `None` while a problem is identified.
    fn node(&self) -> Option<&str> {
        self.node_of(&self.progress.state)
    }

    fn node_of<'a>(&'a self, state: &'a State) -> Option<&'a str> {
        match state {
            State::Node(id) => Some(id),
            State::Solved { node, .. } => node.as_deref(),
            State::Confirm { resume, .. } | State::Pick { resume, .. } => {
                resume.as_deref().and_then(|state| self.node_of(state))
            }
            State::Mentioned { then, .. } => self.node_of(then),
            State::Anything | State::Ended => self.progress.path.last().map(String::as_str),
            State::Describe | State::Unmatched => None,
        }
    }

    /// Remembers the current state for "back" before moving on.
    fn advance(&mut self) {
        if self.progress.state != State::Ended {
            self.history.push(self.progress.clone());
        }
    }

    /// Completes the reply from the state and adds it to the transcript.
    fn record(&mut self, said: Draft) -> Reply {
        let reply = self.finish(said);
        self.transcript.assistant(&reply);
        reply
    }

    fn finish(&self, said: Draft) -> Reply {
        let (offers, _) = self.offers();
        Reply {
            messages: said.messages,
            choices: offers
                .into_iter()
                .enumerate()
                .map(|(i, offer)| ChoiceView {
                    number: i + 1,
                    key: offer.key,
                    label: offer.label,
                })
                .collect(),
            ended: self.progress.state == State::Ended,
            quit: said.quit,
            node: self.node().map(str::to_owned),
            path: self.progress.path.clone(),
            outcome: said.outcome,
        }
    }
}
