//! The index schema: which parts of an entry are indexed, and how much each one says.

use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::analysis;
use crate::knowledge::Entry;

/// Bumped whenever the schema or the analysis changes, so cached indexes are rebuilt.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// A part of an entry, indexed as one English field and one CJK field.
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
            Part::Category => "category_cjk",
            Part::Steps => "steps_cjk",
            Part::Warnings => "warnings_cjk",
            Part::Support => "support_cjk",
        }
    }

    /// The ranking boost of a match in this part. Titles and aliases name the problem in
    /// people's words; steps and support notes mention many things in passing.
    pub(crate) fn boost(self) -> f32 {
        match self {
            Part::Title | Part::Aliases => 3.0,
            Part::Question => 2.0,
            Part::Summary | Part::Source => 1.5,
            Part::Answer => 1.0,
            Part::Category => 0.5,
            Part::Steps | Part::Warnings => 0.4,
            Part::Support => 0.25,
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

/// The schema and its field handles.
#[derive(Clone)]
pub(crate) struct Fields {
    pub schema: Schema,
    pub id: Field,
    pub kind: Field,
    english: [Field; 10],
    cjk: [Field; 10],
}

impl Fields {
    pub fn new() -> Self {
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", STRING | STORED);
        let kind = builder.add_text_field("kind", STORED);
        // No positions: queries are bags of terms, never phrases.
        let indexed = |tokenizer| {
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqs)
        };
        let english = Part::ALL.map(|part| {
            builder.add_text_field(
                part.name(),
                TextOptions::default()
                    .set_indexing_options(indexed(analysis::ENGLISH))
                    .set_stored(),
            )
        });
        let cjk = Part::ALL.map(|part| {
            builder.add_text_field(
                part.cjk_name(),
                TextOptions::default().set_indexing_options(indexed(analysis::CJK)),
            )
        });
        Self {
            schema: builder.build(),
            id,
            kind,
            english,
            cjk,
        }
    }

    pub fn english(&self, part: Part) -> Field {
        self.english[part as usize]
    }

    pub fn cjk(&self, part: Part) -> Field {
        self.cjk[part as usize]
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
        assert_ne!(fields.english(Part::Steps), fields.cjk(Part::Steps));
    }
}
