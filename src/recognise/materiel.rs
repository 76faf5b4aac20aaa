/*!
Materiel: equipment a sentence says was destroyed, damaged, captured or seized ("seven
vehicles destroyed", "destroyed five terrorist headquarters and seven weapons depots").
Nouns come from `data/materiel.tsv`; the action is the nearest action verb in the sentence;
the count is a number right before the noun ("several" and other vague words give none).
A weapon a vehicle is "equipped with" is not itself counted.
*/

use std::sync::OnceLock;

use crate::claim::Materiel;
use crate::doc::{Document, Layer, Span};
use crate::pipeline::Stage;
use crate::recognise::actor::sentence_words;
use crate::recognise::words::{tsv_rows, PhraseIndex, Word};

fn lexicon() -> &'static (PhraseIndex, Vec<String>) {
    static L: OnceLock<(PhraseIndex, Vec<String>)> = OnceLock::new();
    L.get_or_init(|| {
        let mut index = PhraseIndex::new();
        let mut kinds = Vec::new();
        for row in tsv_rows(include_str!("../../data/materiel.tsv")) {
            if row.len() < 2 {
                continue;
            }
            index.add(row[0], kinds.len());
            kinds.push(row[1].to_string());
        }
        (index, kinds)
    })
}

fn action(w: &Word) -> Option<&'static str> {
    let l = w.raw.to_lowercase();
    Some(match l.as_str() {
        "destroyed" | "destroying" | "destroys" | "destroy" | "demolished" | "blew" => "destroyed",
        "damaged" | "damaging" => "damaged",
        "captured" | "capturing" | "seized" | "seizing" => "captured",
        "confiscated" | "confiscating" => "seized",
        _ => return None,
    })
}

fn number(w: &Word) -> Option<u64> {
    let l = w.raw.to_lowercase();
    if let Ok(n) = l.replace(',', "").parse::<u64>() {
        return Some(n);
    }
    if l == "a" || l == "an" {
        return Some(1);
    }
    crate::recognise::quantity::number_word(&l)
}

/// The materiel of sentence `i`.
pub fn materiel_in(doc: &Document, i: usize) -> Vec<Materiel> {
    let (index, kinds) = lexicon();
    let ws = sentence_words(doc, i);
    let mut out = Vec::new();
    for m in index.find_all(&ws) {
        if m.first > 0 && ws[m.first - 1].raw.eq_ignore_ascii_case("with") {
            continue;
        }
        let act = ws
            .iter()
            .enumerate()
            .filter_map(|(k, w)| action(w).map(|a| (k, a)))
            .min_by_key(|(k, _)| k.abs_diff(m.first));
        let Some((_, act)) = act else { continue };
        // a number within two words before the noun ("seven weapons depots",
        // "five terrorist headquarters")
        let from = m.first.saturating_sub(3);
        let num = (from..m.first)
            .rev()
            .find_map(|k| number(&ws[k]).map(|n| (k, n)));
        let vague = (from..m.first).any(|k| {
            matches!(
                ws[k].raw.to_lowercase().as_str(),
                "several" | "many" | "some" | "dozens" | "number" | "amount" | "scores"
            )
        });
        let (start, count) = match num {
            Some((k, n)) if !vague => (k, Some(n)),
            _ => (m.first, None),
        };
        out.push(Materiel {
            kind: kinds[m.value].clone(),
            count,
            action: act.to_string(),
            span: Span::new(ws[start].span.start, ws[m.end - 1].span.end),
        });
    }
    out
}

/// Attaches materiel to the claims of each sentence.
#[derive(Clone, Copy, Debug, Default)]
pub struct MaterielStage;

impl Stage for MaterielStage {
    fn name(&self) -> &'static str {
        "materiel"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Claims]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Materiel]
    }
    fn run(&self, doc: &mut Document) {
        let mut claims = std::mem::take(&mut doc.claims);
        for c in &mut claims {
            if c.materiel.is_empty() && c.sentence < doc.sentences.len() {
                c.materiel = materiel_in(doc, c.sentence);
            }
        }
        doc.claims = claims;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::testutil::doc_from;

    fn found(text: &str) -> Vec<(String, Option<u64>, String)> {
        let doc = doc_from(text, None);
        materiel_in(&doc, 0)
            .into_iter()
            .map(|m| (m.kind, m.count, m.action))
            .collect()
    }

    #[test]
    fn seed_materiel() {
        assert_eq!(
            found("In the past 24 hours, Syrian and Russian forces destroyed five terrorist headquarters and seven weapons depots in the provinces of Aleppo and Idlib."),
            vec![
                ("headquarters".into(), Some(5), "destroyed".into()),
                ("weapons depot".into(), Some(7), "destroyed".into())
            ]
        );
        assert_eq!(
            found("A pickup truck equipped with Dushka machine guns was destroyed in the clashes, and a large amount of munitions was also confiscated."),
            vec![
                ("vehicle".into(), Some(1), "destroyed".into()),
                ("munitions".into(), None, "seized".into())
            ]
        );
        assert_eq!(
            found("A military source said 80 militants were killed and seven vehicles destroyed as Syrian troopers raided a gathering."),
            vec![("vehicle".into(), Some(7), "destroyed".into())]
        );
    }
}
