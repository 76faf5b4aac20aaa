/*!
Framing: loaded terms ("terrorists", "Takfiri", "foreign-backed", "regime", "liberated")
from `data/framing.tsv`, found as whole folded words. Which actor a term applies to is
decided when claims are filled in ([`crate::resolve`]): a term inside an actor's words or
just before them applies to that actor.
*/

use std::sync::OnceLock;

use crate::doc::{Document, Layer, Span};
use crate::pipeline::Stage;
use crate::recognise::actor::sentence_words;
use crate::recognise::words::{tsv_rows, PhraseIndex};

/// A loaded term found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FramingMention {
    /// Sentence index.
    pub sentence: usize,
    /// The words.
    pub span: Span,
    /// The lexicon's form of the term ("Takfiri").
    pub term: String,
}

fn lexicon() -> &'static (PhraseIndex, Vec<String>) {
    static L: OnceLock<(PhraseIndex, Vec<String>)> = OnceLock::new();
    L.get_or_init(|| {
        let mut index = PhraseIndex::new();
        let mut terms = Vec::new();
        for row in tsv_rows(include_str!("../../data/framing.tsv")) {
            index.add(row[0], terms.len());
            terms.push(row[0].to_string());
        }
        (index, terms)
    })
}

/// Finds loaded terms; writes [`Document::framing`].
#[derive(Clone, Copy, Debug, Default)]
pub struct FramingStage;

impl Stage for FramingStage {
    fn name(&self) -> &'static str {
        "framing"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Framing]
    }
    fn run(&self, doc: &mut Document) {
        let (index, terms) = lexicon();
        let mut out = Vec::new();
        for i in 0..doc.sentences.len() {
            let ws = sentence_words(doc, i);
            for m in index.find_all(&ws) {
                out.push(FramingMention {
                    sentence: i,
                    span: Span::new(ws[m.first].span.start, ws[m.end - 1].span.end),
                    term: terms[m.value].clone(),
                });
            }
        }
        doc.framing = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::testutil::doc_from;

    #[test]
    fn seed_terms() {
        let mut doc = doc_from("Syrian army soldiers have killed a large number of foreign-backed militants. Troops raided a gathering of Takfiri militants.", None);
        FramingStage.run(&mut doc);
        let terms: Vec<&str> = doc.framing.iter().map(|f| f.term.as_str()).collect();
        assert_eq!(terms, vec!["foreign-backed", "Takfiri"]);
    }
}
