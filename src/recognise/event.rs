/*!
Event triggers: words that say what kind of happening a sentence asserts, mapped to ACLED's
six event types and 25 sub-event types by `data/triggers.tsv`.

A trigger marked `standalone` ("defused", "regained control", "arrested", "seized back")
asserts a happening by itself, so a sentence with one yields a claim even without a
casualty count (see [`crate::resolve::EventClaimStage`]).
*/

use std::sync::OnceLock;

use crate::doc::{Document, Layer, Span};
use crate::pipeline::Stage;
use crate::recognise::actor::sentence_words;
use crate::recognise::words::{tsv_rows, PhraseIndex};

/// ACLED's six event types.
pub const EVENT_TYPES: [&str; 6] = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

/// One row of the trigger lexicon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TriggerDef {
    /// ACLED event type.
    pub event_type: String,
    /// ACLED sub-event type.
    pub sub_event_type: String,
    /// Higher wins when a sentence has several triggers.
    pub priority: u32,
    /// True when the trigger asserts a happening by itself.
    pub standalone: bool,
}

struct Lexicon {
    index: PhraseIndex,
    defs: Vec<TriggerDef>,
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let mut index = PhraseIndex::new();
        let mut defs = Vec::new();
        for row in tsv_rows(include_str!("../../data/triggers.tsv")) {
            if row.len() < 5 {
                continue;
            }
            index.add(row[0], defs.len());
            defs.push(TriggerDef {
                event_type: row[1].to_string(),
                sub_event_type: row[2].to_string(),
                priority: row[3].parse().unwrap_or(0),
                standalone: row[4] == "yes",
            });
        }
        Lexicon { index, defs }
    })
}

/// Every trigger definition, for checks.
pub fn definitions() -> &'static [TriggerDef] {
    &lexicon().defs
}

/// A trigger found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trigger {
    /// Sentence index.
    pub sentence: usize,
    /// The trigger words.
    pub span: Span,
    /// Index of its first word in the sentence's words.
    pub first_word: usize,
    /// What it means.
    pub def: TriggerDef,
}

/// The triggers of sentence `i` of `doc`.
pub fn triggers_in(doc: &Document, i: usize) -> Vec<Trigger> {
    let lx = lexicon();
    let ws = sentence_words(doc, i);
    lx.index
        .find_all(&ws)
        .into_iter()
        .map(|m| Trigger {
            sentence: i,
            span: Span::new(ws[m.first].span.start, ws[m.end - 1].span.end),
            first_word: m.first,
            def: lx.defs[m.value].clone(),
        })
        .collect()
}

/// Finds event triggers; writes [`Document::triggers`].
#[derive(Clone, Copy, Debug, Default)]
pub struct TriggerStage;

impl Stage for TriggerStage {
    fn name(&self) -> &'static str {
        "triggers"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Triggers]
    }
    fn run(&self, doc: &mut Document) {
        doc.triggers = (0..doc.sentences.len())
            .flat_map(|i| triggers_in(doc, i))
            .collect();
    }
}

/// The strongest trigger among `triggers` (highest priority, then earliest).
pub fn strongest<'a>(triggers: impl Iterator<Item = &'a Trigger>) -> Option<&'a Trigger> {
    triggers.fold(None, |best: Option<&Trigger>, t| match best {
        Some(b) if b.def.priority >= t.def.priority => Some(b),
        _ => Some(t),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::testutil::doc_from;

    const SUB_TYPES: [&str; 25] = [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Grenade",
        "Chemical weapon",
        "Attack",
        "Abduction/forced disappearance",
        "Sexual violence",
        "Arrests",
        "Disrupted weapons use",
        "Looting/property destruction",
        "Headquarters or base established",
        "Non-violent transfer of territory",
        "Agreement",
        "Change to group/activity",
        "Other",
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
        "Violent demonstration",
        "Mob violence",
    ];

    #[test]
    fn lexicon_uses_acled_names_only() {
        for d in definitions() {
            assert!(EVENT_TYPES.contains(&d.event_type.as_str()), "{d:?}");
            assert!(SUB_TYPES.contains(&d.sub_event_type.as_str()), "{d:?}");
        }
    }

    fn top(text: &str) -> (String, bool) {
        let mut doc = doc_from(text, None);
        TriggerStage.run(&mut doc);
        let t = strongest(doc.triggers.iter()).unwrap();
        (t.def.sub_event_type.clone(), t.def.standalone)
    }

    #[test]
    fn seed_triggers() {
        assert_eq!(
            top("Syrian Army troops also defused six explosive devices, weighing between 30 and 80 kilograms, near a hospital in Aleppo."),
            ("Disrupted weapons use".into(), true)
        );
        assert_eq!(
            top("This follows an earlier announcement by the army that it has regained full control of Kafar Hamra near Aleppo."),
            ("Government regains territory".into(), true)
        );
        assert_eq!(
            top("The Syrian Army’s aircraft hit concentration centers of the al-Qaeda-affiliated al-Nusra Fronts in Qarnateh, which ended in the killing or wounding of tens of the terrorists."),
            ("Air/drone strike".into(), false)
        );
        assert_eq!(
            top("Earlier on Sunday, Moroccan leader of Harakat Sham al-Islam Azzam al-Mughrabi and his bodyguard were killed in a missile strike of the Syrian army."),
            ("Shelling/artillery/missile attack".into(), false)
        );
        assert_eq!(
            top("A number of armed men were killed during intense clashes with Syrian troops."),
            ("Armed clash".into(), false)
        );
    }
}
