/*!
Assembly: casualty mentions to claims, one claim per asserted happening.

A sentence that asserts people were killed, wounded or arrested yields one claim holding
its counts; its evidence is the sentence. Within a sentence:

- two killed counts of different groups joined in one clause ("5 soldiers and 10
  militants") are summed with victims `mixed`; otherwise the first (the total, as in "120
  killed, including 20 children") stands;
- a "shot" count is the wounded plus the killed ("Four shot; one killed" is 1 killed, 3
  wounded);
- a combined "killed and wounded" count fills `fatalities` with `combined: true` only when
  the sentence gives no separate death count.
*/

use crate::claim::{Claim, Count, Victims};
use crate::doc::{Document, Layer};
use crate::pipeline::Stage;
use crate::recognise::casualty::{Casualty, CasualtyKind};

/// The assembly stage: writes [`Document::claims`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Assembler;

impl Stage for Assembler {
    fn name(&self) -> &'static str {
        "assemble"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Casualties]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Claims]
    }
    fn run(&self, doc: &mut Document) {
        let mut claims = Vec::new();
        let mut i = 0;
        while i < doc.casualties.len() {
            let si = doc.casualties[i].sentence;
            let mut j = i;
            while j < doc.casualties.len() && doc.casualties[j].sentence == si {
                j += 1;
            }
            claims.push(claim_for_sentence(doc, si, &doc.casualties[i..j]));
            i = j;
        }
        doc.claims = claims;
    }
}

/// The one count of `kind` a sentence asserts.
fn of_kind(cs: &[Casualty], kind: CasualtyKind) -> Option<Count> {
    let counts: Vec<&Casualty> = cs.iter().filter(|c| c.kind == kind).collect();
    // Single people named one by one ("shot and killed his wife, then killed himself").
    let singles: Vec<&Count> = counts
        .iter()
        .filter(|c| c.quantity.is_none() && c.count.exact)
        .map(|c| &c.count)
        .collect();
    if singles.len() >= 2 && singles.len() == counts.len() {
        let n = singles.len() as u64;
        let span = singles.iter().fold(singles[0].span, |s, c| s.cover(c.span));
        let victims = if singles.iter().all(|c| c.victims == singles[0].victims) {
            singles[0].victims
        } else {
            Victims::Mixed
        };
        return Some(Count {
            low: Some(n),
            best: Some(n),
            high: Some(n),
            exact: true,
            combined: singles[0].combined,
            victims,
            implied: true,
            span,
        });
    }
    merge(&counts.iter().map(|c| &c.count).collect::<Vec<_>>())
}

/// One count from several of the same kind in a sentence.
fn merge(counts: &[&Count]) -> Option<Count> {
    let first = counts.iter().find(|c| c.low.is_some()).or(counts.first())?;
    let numbered: Vec<&&Count> = counts.iter().filter(|c| c.low.is_some()).collect();
    let distinct_groups = numbered
        .windows(2)
        .all(|w| w[0].victims != w[1].victims && w[0].victims != Victims::Unknown);
    if numbered.len() >= 2 && distinct_groups {
        let sum = |f: fn(&Count) -> Option<u64>| -> Option<u64> {
            numbered.iter().map(|c| f(c)).sum::<Option<u64>>()
        };
        let span = numbered.iter().fold(first.span, |s, c| s.cover(c.span));
        return Some(Count {
            low: sum(|c| c.low),
            best: sum(|c| c.best),
            high: sum(|c| c.high),
            exact: numbered.iter().all(|c| c.exact),
            combined: first.combined,
            victims: Victims::Mixed,
            implied: false,
            span,
        });
    }
    Some((*first).clone())
}

fn claim_for_sentence(doc: &Document, si: usize, cs: &[Casualty]) -> Claim {
    let killed = of_kind(cs, CasualtyKind::Killed);
    let combined = of_kind(cs, CasualtyKind::Combined);
    let mut injured = of_kind(cs, CasualtyKind::Injured);
    let shot = of_kind(cs, CasualtyKind::Shot);
    if let Some(shot) = shot {
        match (&killed, shot.low) {
            (Some(k), Some(s)) if k.exact && shot.exact && k.low.is_some_and(|k| k <= s) => {
                let n = s - k.low.unwrap_or(0);
                if injured.is_none() && n > 0 {
                    injured = Some(Count {
                        low: Some(n),
                        best: Some(n),
                        high: Some(n),
                        ..shot
                    });
                }
            }
            (None, _) if injured.is_none() => injured = Some(shot),
            _ => {}
        }
    }
    let fatalities = killed.or(combined);
    let arrested = of_kind(cs, CasualtyKind::Arrested);
    let sentence = &doc.sentences[si];
    let span = cs
        .iter()
        .map(|c| c.count.span)
        .reduce(|a, b| a.cover(b))
        .unwrap_or(sentence.span);
    Claim {
        sentence: si,
        span,
        fatalities,
        injured,
        arrested,
        evidence: vec![sentence.span],
        ..Default::default()
    }
}
