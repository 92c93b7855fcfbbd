//! The index schema: which parts of an entry are indexed, and how much each one says.

use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::analysis;
use super::synonyms::Script;
use crate::knowledge::Entry;

/// A part of an entry. Every part is stored (for snippets and the confidence); the parts that
/// name the problem also have their own English and CJK fields to rank by, and the others
/// reach the ranking through the `all` fields, which hold the terms of every part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Title,
    Aliases,
    Question,
    Summary,
    Answer,
    Source,
    Category,
    Steps,
    Warnings,
    Support,
}

impl Part {
    pub(crate) const ALL: [Part; 10] = [
        Part::Title,
        Part::Aliases,
        Part::Question,
        Part::Summary,
        Part::Answer,
        Part::Source,
        Part::Category,
        Part::Steps,
        Part::Warnings,
        Part::Support,
    ];

    /// The parts with fields of their own to rank by.
    pub(crate) const RANKED: [Part; 6] = [
        Part::Title,
        Part::Aliases,
        Part::Question,
        Part::Summary,
        Part::Answer,
        Part::Source,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Part::Title => "title",
            Part::Aliases => "aliases",
            Part::Question => "question",
            Part::Summary => "summary",
            Part::Answer => "answer",
            Part::Source => "source",
            Part::Category => "category",
            Part::Steps => "steps",
            Part::Warnings => "warnings",
            Part::Support => "support",
        }
    }

    fn cjk_name(self) -> &'static str {
        match self {
            Part::Title => "title_cjk",
            Part::Aliases => "aliases_cjk",
            Part::Question => "question_cjk",
            Part::Summary => "summary_cjk",
            Part::Answer => "answer_cjk",
            Part::Source => "source_cjk",
            Part::Category | Part::Steps | Part::Warnings | Part::Support => "",
        }
    }

    /// The ranking boost of a match in this part's own field. Titles and aliases name the
    /// problem in people's words; summaries and the guide's headings describe it.
    pub(crate) fn boost(self) -> f32 {
        match self {
            Part::Title | Part::Aliases => 3.0,
            Part::Question => 2.0,
            Part::Summary | Part::Source => 1.5,
            Part::Answer => 1.0,
            Part::Category | Part::Steps | Part::Warnings | Part::Support => 0.0,
        }
    }

    /// How much a query word found only in this part counts as evidence for the entry
    /// (see `confidence`).
    pub(crate) fn evidence(self) -> f32 {
        match self {
            Part::Title | Part::Aliases | Part::Question => 1.0,
            Part::Summary | Part::Source | Part::Answer => 0.9,
            Part::Category => 0.6,
            Part::Steps | Part::Warnings => 0.5,
            Part::Support => 0.35,
        }
    }

    /// The texts of this part of `entry`.
    pub(crate) fn values(self, entry: &Entry) -> Vec<&str> {
        match self {
            Part::Title => vec![entry.title.as_str()],
            Part::Aliases => entry.aliases.iter().map(String::as_str).collect(),
            Part::Question => entry.question.iter().map(String::as_str).collect(),
            Part::Summary => vec![entry.summary.as_str()],
            Part::Answer => entry.answer.iter().map(String::as_str).collect(),
            Part::Source => vec![entry.source.as_str()],
            Part::Category => vec![entry.category.as_str()],
            Part::Steps => entry.steps.iter().map(String::as_str).collect(),
            Part::Warnings => entry.warnings.iter().map(String::as_str).collect(),
            Part::Support => std::iter::once(entry.support.when.as_str())
                .chain(entry.support.prepare.iter().map(String::as_str))
                .collect(),
        }
    }
}

/// The ranking boost of a match anywhere in an entry (the `all` fields): what steps,
/// warnings and support notes add, which mention many things in passing.
pub(crate) const ANYWHERE_BOOST: f32 = 0.4;

/// The schema and its field handles.
#[derive(Clone)]
pub(crate) struct Fields {
    pub schema: Schema,
    pub id: Field,
    pub kind: Field,
    /// Every part's text, stored; indexed too for the ranked parts.
    stored: [Field; 10],
    /// The CJK fields of the ranked parts.
    cjk: [Option<Field>; 10],
    /// Every term of the entry, whatever the part: ranks by what the other parts say, and is
    /// the one dictionary to look words up in (document frequencies, typo corrections).
    pub all_english: Field,
    pub all_cjk: Field,
}

impl Fields {
    pub fn new() -> Self {
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", STRING | STORED);
        let kind = builder.add_text_field("kind", STORED);
        // No positions: queries are bags of terms, never phrases.
        let indexed = |tokenizer| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqs),
            )
        };
        let stored = Part::ALL.map(|part| {
            let options = if Part::RANKED.contains(&part) {
                indexed(analysis::ENGLISH).set_stored()
            } else {
                TextOptions::default().set_stored()
            };
            builder.add_text_field(part.name(), options)
        });
        let cjk = Part::ALL.map(|part| {
            Part::RANKED
                .contains(&part)
                .then(|| builder.add_text_field(part.cjk_name(), indexed(analysis::CJK)))
        });
        let all_english = builder.add_text_field("all", indexed(analysis::ENGLISH));
        let all_cjk = builder.add_text_field("all_cjk", indexed(analysis::CJK));
        Self {
            schema: builder.build(),
            id,
            kind,
            stored,
            cjk,
            all_english,
            all_cjk,
        }
    }

    /// The field that stores a part's text (and ranks by it, for ranked parts).
    pub fn stored(&self, part: Part) -> Field {
        self.stored[part as usize]
    }

    /// The CJK field of a ranked part.
    pub fn cjk(&self, part: Part) -> Option<Field> {
        self.cjk[part as usize]
    }

    /// The fields a term of `script` is ranked by, with their boosts.
    pub fn ranking(&self, script: Script) -> Vec<(Field, f32)> {
        let own = |part: Part| match script {
            Script::English => Some(self.stored(part)),
            Script::Cjk => self.cjk(part),
        };
        Part::RANKED
            .into_iter()
            .filter_map(|part| own(part).map(|field| (field, part.boost())))
            .chain(std::iter::once((self.anywhere(script), ANYWHERE_BOOST)))
            .collect()
    }

    /// The field holding all terms of `script`.
    pub fn anywhere(&self, script: Script) -> Field {
        match script {
            Script::English => self.all_english,
            Script::Cjk => self.all_cjk,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_index_in_declaration_order() {
        for (i, part) in Part::ALL.into_iter().enumerate() {
            assert_eq!(part as usize, i);
        }
    }

    #[test]
    fn schema_is_deterministic() {
        assert_eq!(Fields::new().schema, Fields::new().schema);
        let fields = Fields::new();
        assert!(fields.cjk(Part::Steps).is_none());
        assert_eq!(
            fields.ranking(Script::English).len(),
            Part::RANKED.len() + 1
        );
        assert_eq!(fields.ranking(Script::Cjk).len(), Part::RANKED.len() + 1);
    }
}
