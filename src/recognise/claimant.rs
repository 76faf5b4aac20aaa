/*!
Claimants: who a sentence says is asserting it.

An attribution is a reporting verb ("said", "reported", "stated", ... from `data/cues.tsv`)
or "according to", with its source next to it: before the verb ("the official SANA news
agency reported", "a military source, speaking on condition of anonymity, said") or after
it ("said Oleg Ignasyuk, deputy head of ..."). The source is classified by
`data/claimants.tsv` (known outlets and organisations), `data/anonymous.tsv` (unnamed
sources: "battlefield sources", "a report"), pronouns ("he confirmed" → the last named
official, "they went on to say" → the last source) or, failing those, a capitalised name
(an official).

An attribution covers its own sentence and every following one until another appears
([`scope`]); sentences before the first attribution belong to the publishing outlet.
*/

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

use crate::claim::{Claimant, ClaimantKind};
use crate::doc::{Document, Layer, Span};
use crate::pipeline::Stage;
use crate::recognise::words::{tsv_rows, PhraseIndex, Word};

/// The one-word reporting verbs of `data/cues.tsv` ("said", "told", "noted"), lower case.
fn one_word_verbs() -> &'static FxHashSet<&'static str> {
    static VERBS: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    VERBS.get_or_init(|| {
        tsv_rows(include_str!("../../data/cues.tsv"))
            .filter(|row| row.get(1) == Some(&"verb") && !row[0].contains(' '))
            .map(|row| row[0])
            .collect()
    })
}

/// Is `lower` (a lower-case word) a reporting verb ("said", "told")? Place recognition
/// uses it to tell a speaker ("Taylor said") from a town.
pub fn is_reporting_verb(lower: &str) -> bool {
    one_word_verbs().contains(lower)
}

/// An attribution found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimantMention {
    /// Sentence index.
    pub sentence: usize,
    /// The claimant.
    pub claimant: Claimant,
    /// The whole attribution ("the official SANA news agency reported").
    pub cue: Span,
}

struct Lexicon {
    known: PhraseIndex,
    known_rows: Vec<(String, ClaimantKind)>,
    verbs: PhraseIndex,
    preps: PhraseIndex,
    anonymous: PhraseIndex,
    anonymous_kinds: Vec<ClaimantKind>,
}

fn kind(s: &str) -> ClaimantKind {
    match s {
        "outlet" => ClaimantKind::Outlet,
        "official" => ClaimantKind::Official,
        "organisation" => ClaimantKind::Organisation,
        _ => ClaimantKind::AnonymousSource,
    }
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let mut known = PhraseIndex::new();
        let mut known_rows = Vec::new();
        for row in tsv_rows(include_str!("../../data/claimants.tsv")) {
            if row.len() < 3 {
                continue;
            }
            known.add(row[0], known_rows.len());
            for a in row[2].split('|') {
                known.add(a.trim(), known_rows.len());
            }
            known_rows.push((row[0].to_string(), kind(row[1])));
        }
        let mut verbs = PhraseIndex::new();
        let mut preps = PhraseIndex::new();
        for row in tsv_rows(include_str!("../../data/cues.tsv")) {
            if row.len() < 2 {
                continue;
            }
            if row[1] == "prep" {
                preps.add(row[0], 0);
            } else {
                verbs.add(row[0], 0);
            }
        }
        let mut anonymous = PhraseIndex::new();
        let mut anonymous_kinds = Vec::new();
        for row in tsv_rows(include_str!("../../data/anonymous.tsv")) {
            if row.len() < 2 {
                continue;
            }
            anonymous.add(row[0], anonymous_kinds.len());
            anonymous_kinds.push(kind(row[1]));
        }
        Lexicon {
            known,
            known_rows,
            verbs,
            preps,
            anonymous,
            anonymous_kinds,
        }
    })
}

const AUX: &[&str] = &["is", "are", "was", "were", "been", "be", "being"];
const BOUNDARY: &[&str] = &["that", "and", "while", "as", "but", "which", "who", "when"];
const PARTICIPLES: &[&str] = &[
    "speaking",
    "citing",
    "who",
    "quoted",
    "requesting",
    "declining",
];

/// The source words next to a cue: `Some((first, end))` word indices.
fn source_before(ws: &[Word], verb: usize) -> Option<(usize, usize)> {
    let mut end = verb;
    // skip a parenthetical ", speaking on condition of anonymity,"
    if end > 0 && ws[end - 1].comma_after {
        let mut k = end - 1;
        while k > 0 && !ws[k - 1].comma_after {
            k -= 1;
        }
        if PARTICIPLES.contains(&ws[k].raw.to_lowercase().as_str()) && k > 0 {
            end = k;
        } else {
            return None;
        }
    }
    let mut first = end;
    while first > 0 && end - first < 9 {
        let w = &ws[first - 1];
        let lower = w.raw.to_lowercase();
        if BOUNDARY.contains(&lower.as_str()) || (w.comma_after && first != end) {
            break;
        }
        first -= 1;
        if w.comma_after && first + 1 == end {
            // the source itself ends at a comma only in the parenthetical case
            if end == verb {
                first += 1;
                break;
            }
        }
    }
    (first < end).then_some((first, end))
}

fn source_after(ws: &[Word], verb: usize) -> Option<(usize, usize)> {
    let first = verb + 1;
    let mut end = first;
    while end < ws.len() && end - first < 8 {
        let lower = ws[end].raw.to_lowercase();
        if BOUNDARY.contains(&lower.as_str()) || lower == "on" || lower == "in" {
            break;
        }
        end += 1;
        if ws[end - 1].comma_after {
            break;
        }
    }
    (first < end).then_some((first, end))
}

/// Capitalised words that are never a speaker's name: "a monitor said Sunday", "It added".
fn never_a_name(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "it"
            | "this"
            | "that"
            | "there"
            | "we"
            | "i"
            | "you"
    )
}

fn capitalised_name(ws: &[Word]) -> bool {
    !ws.is_empty()
        && ws.len() <= 4
        && ws
            .iter()
            .all(|w| w.raw.chars().next().is_some_and(char::is_uppercase))
        && !ws.iter().any(|w| never_a_name(&w.raw))
}

/// Classifies source words; `prev` are the attributions found earlier in the document.
fn classify(
    ws: &[Word],
    (first, end): (usize, usize),
    prev: &[ClaimantMention],
    doc: &Document,
) -> Option<Claimant> {
    let lx = lexicon();
    let src = &ws[first..end];
    let span = Span::new(src[0].span.start, src[src.len() - 1].span.end);
    let text = doc
        .slice(span)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    if let Some(m) = lx
        .known
        .find_all(src)
        .into_iter()
        .max_by_key(|m| m.end - m.first)
    {
        let (name, k) = &lx.known_rows[m.value];
        return Some(Claimant {
            name: name.clone(),
            kind: *k,
            span: Some(span),
        });
    }
    let lower: Vec<String> = src.iter().map(|w| w.raw.to_lowercase()).collect();
    if lower.len() == 1 && (lower[0] == "he" || lower[0] == "she") {
        let official = prev
            .iter()
            .rev()
            .find(|p| p.claimant.kind == ClaimantKind::Official)?;
        return Some(Claimant {
            span: Some(span),
            ..official.claimant.clone()
        });
    }
    if lower.len() == 1 && matches!(lower[0].as_str(), "they" | "it") {
        let last = prev.last()?;
        return Some(Claimant {
            span: Some(span),
            ..last.claimant.clone()
        });
    }
    if let Some(m) = lx.anonymous.find_all(src).into_iter().last() {
        // the noun phrase of the head: back over lower-case modifiers to its article
        // ("... into Aleppo city a monitor" → "a monitor")
        let mut start = m.first;
        while start > 0 && m.end - start < 4 {
            let w = &src[start - 1];
            let article = ["a", "an", "the"]
                .iter()
                .any(|a| w.raw.eq_ignore_ascii_case(a));
            if w.comma_after || !(article || w.raw.starts_with(|c: char| c.is_lowercase())) {
                break;
            }
            start -= 1;
            if article {
                break;
            }
        }
        let head = Span::new(src[start].span.start, src[m.end - 1].span.end);
        return Some(Claimant {
            name: doc
                .slice(head)
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string(),
            kind: lx.anonymous_kinds[m.value],
            span: Some(span),
        });
    }
    let named: Vec<&Word> = src
        .iter()
        .skip_while(|w| w.raw.eq_ignore_ascii_case("the"))
        .collect();
    if capitalised_name(&named.iter().map(|w| (*w).clone()).collect::<Vec<_>>()) {
        // a surname already met as part of a full name is that person
        if named.len() == 1 {
            if let Some(p) = prev.iter().rev().find(|p| {
                p.claimant.kind == ClaimantKind::Official
                    && p.claimant.name.split(' ').next_back() == Some(named[0].raw.as_str())
            }) {
                return Some(Claimant {
                    span: Some(span),
                    ..p.claimant.clone()
                });
            }
        }
        return Some(Claimant {
            name: text,
            kind: ClaimantKind::Official,
            span: Some(span),
        });
    }
    None
}

/// Finds the attributions of one sentence.
fn claimants_in(
    doc: &Document,
    i: usize,
    ws: &[Word],
    prev: &[ClaimantMention],
) -> Vec<ClaimantMention> {
    let lx = lexicon();
    let mut out = Vec::new();
    for m in lx.verbs.find_all(ws) {
        let v = m.first;
        let passive = v > 0 && AUX.contains(&ws[v - 1].raw.to_lowercase().as_str());
        if passive {
            // "it was reported that ..."
            if ws
                .get(v + 1)
                .is_some_and(|w| w.raw.eq_ignore_ascii_case("that"))
            {
                let span = Span::new(ws[v.saturating_sub(2)].span.start, ws[v].span.end);
                out.push(ClaimantMention {
                    sentence: i,
                    claimant: Claimant {
                        name: "unnamed reports".into(),
                        kind: ClaimantKind::AnonymousSource,
                        span: Some(span),
                    },
                    cue: span,
                });
            }
            continue;
        }
        let mut all_prev: Vec<ClaimantMention> = prev.to_vec();
        all_prev.extend(out.iter().cloned());
        let found = source_before(ws, v)
            .and_then(|r| classify(ws, r, &all_prev, doc))
            .or_else(|| source_after(ws, v).and_then(|r| classify(ws, r, &all_prev, doc)));
        if let Some(c) = found {
            let s = c.span.unwrap_or(ws[v].span);
            out.push(ClaimantMention {
                sentence: i,
                cue: s.cover(ws[v].span),
                claimant: c,
            });
        }
    }
    for m in lx.preps.find_all(ws) {
        if let Some(c) = source_after(ws, m.end - 1).and_then(|r| classify(ws, r, prev, doc)) {
            let s = c.span.unwrap_or(ws[m.first].span);
            out.push(ClaimantMention {
                sentence: i,
                cue: s.cover(ws[m.first].span),
                claimant: c,
            });
        }
    }
    out.sort_by_key(|c| c.cue.start);
    out
}

/// Finds attributions; writes [`Document::claimants`].
#[derive(Clone, Copy, Debug, Default)]
pub struct ClaimantStage;

impl Stage for ClaimantStage {
    fn name(&self) -> &'static str {
        "claimants"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Claimants]
    }
    fn run(&self, doc: &mut Document) {
        let mut all: Vec<ClaimantMention> = Vec::new();
        for i in 0..doc.sentences.len() {
            let ws = crate::recognise::actor::sentence_words(doc, i);
            let found = claimants_in(doc, i, &ws, &all);
            all.extend(found);
        }
        doc.claimants = all;
    }
}

/// The claimant of sentence `i`: the attribution in it (the last one when there are
/// several), else the latest before it, else the publishing outlet.
///
/// "A report says ..." followed by a sentence naming who "said in a report" takes the
/// named source.
pub fn scope(doc: &Document, i: usize) -> Option<Claimant> {
    let last = doc.claimants.iter().rev().find(|c| c.sentence <= i);
    if let Some(c) = last {
        let vague_report = c.claimant.kind == ClaimantKind::AnonymousSource
            && c.claimant.name.to_lowercase().starts_with("a report");
        if vague_report {
            let next = doc.claimants.iter().find(|n| {
                n.sentence == c.sentence + 1
                    && n.claimant.kind != ClaimantKind::AnonymousSource
                    && doc.slice(doc.sentences[n.sentence].span).contains("report")
            });
            if let Some(n) = next {
                return Some(n.claimant.clone());
            }
        }
        return Some(c.claimant.clone());
    }
    doc.outlet.as_ref().map(|o| Claimant {
        name: o.clone(),
        kind: ClaimantKind::Outlet,
        span: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::testutil::doc_from;

    fn run(text: &str) -> Document {
        let mut doc = doc_from(text, None);
        doc.outlet = Some("Tasnim".into());
        ClaimantStage.run(&mut doc);
        doc
    }

    fn name_kind(doc: &Document, i: usize) -> (String, ClaimantKind) {
        let c = scope(doc, i).unwrap();
        (c.name, c.kind)
    }

    #[test]
    fn outlet_at_sentence_end() {
        let doc = run("A number of armed men were killed during intense clashes with Syrian troops in the al-Lirmoun neighborhood of Aleppo city on Sunday, the official SANA news agency reported.");
        assert_eq!(name_kind(&doc, 0), ("SANA".into(), ClaimantKind::Outlet));
    }

    #[test]
    fn anonymous_source_with_parenthetical() {
        let doc = run(
            "A military source, speaking on condition of anonymity, said 80 militants were killed.",
        );
        assert_eq!(
            name_kind(&doc, 0),
            ("A military source".into(), ClaimantKind::AnonymousSource)
        );
    }

    #[test]
    fn official_and_scope_across_sentences() {
        // seed 004: the official is named, then "Ignasyuk stated", then "he confirmed"
        let doc = run("TEHRAN (Tasnim) – At least 400 militants have been killed during the clashes with the Syrian army.\nTerrorist groups associated with Jabhat al-Nusra attacked Syrian government-controlled areas in Aleppo and Idlib on November 27, said Oleg Ignasyuk, deputy head of the Russian Center for Reconciliation of Opposing Sides in Syria.\n\"The Syrian Arab Army is engaged in fierce fighting and is supported by the Russian Aerospace Forces,\" Ignasyuk stated on Thursday.\nAt least 400 militants have been killed during the clashes, he confirmed.\nThe militants lost many vehicles.");
        assert_eq!(name_kind(&doc, 0), ("Tasnim".into(), ClaimantKind::Outlet));
        assert_eq!(
            name_kind(&doc, 1),
            ("Oleg Ignasyuk".into(), ClaimantKind::Official)
        );
        assert_eq!(name_kind(&doc, 2).0, "Oleg Ignasyuk");
        assert_eq!(name_kind(&doc, 3).0, "Oleg Ignasyuk");
        // scope runs on over a sentence with no attribution of its own
        assert_eq!(name_kind(&doc, 4).0, "Oleg Ignasyuk");
    }

    #[test]
    fn vague_report_named_in_next_sentence() {
        let doc = run("Local forces have killed more than 100 al-Qaeda linked terrorists in Idlib, a report says.\nThe Lebanon-based Al-Mayadeen satellite channel said in a report on Saturday that the militants were killed.");
        assert_eq!(
            name_kind(&doc, 0),
            ("Al-Mayadeen".into(), ClaimantKind::Outlet)
        );
    }

    #[test]
    fn battlefield_sources_and_they() {
        let doc = run("The Syrian Army has stormed the positions in the city of Aleppo, battlefield sources said Sunday.\n“The Syrian government forces are resolved to push North,” they went on to say.");
        assert_eq!(
            name_kind(&doc, 0),
            ("battlefield sources".into(), ClaimantKind::AnonymousSource)
        );
        assert_eq!(name_kind(&doc, 1).0, "battlefield sources");
    }

    /// FA-KES (Al-Manar and AFP, 10 July 2016): a day after the verb is no speaker, "a
    /// monitor" is, and "It added" continues the last source.
    #[test]
    fn day_names_and_it_are_not_speakers() {
        let doc = run("At least 29 Syrian rebels were killed in clashes with regime troops overnight during a failed bid to reopen the oppositions key supply route into Aleppo city a monitor said Sunday.\nIt added that Syrian army soldiers launched a counter-offensive killing 29 extremists and foiling their attack.");
        assert_eq!(
            name_kind(&doc, 0),
            ("a monitor".into(), ClaimantKind::Organisation)
        );
        assert_eq!(name_kind(&doc, 1).0, "a monitor");
    }

    #[test]
    fn according_to_and_ministry() {
        let doc = run("Syrian forces destroyed five terrorist headquarters, according to a statement from the General Command of the Syrian Army.");
        assert_eq!(
            name_kind(&doc, 0),
            (
                "General Command of the Syrian Army".into(),
                ClaimantKind::Organisation
            )
        );
    }
}
