/*!
Claim fields: fills each claim's actors, event type, date, claimant and framing from the
mention layers, and adds claims for sentences whose event trigger asserts a happening
without any casualty count ("defused six explosive devices").

Agent and patient come from the clause around the claim's verb:

- the people counted by the claim's casualty count are the patient ("120 gunmen");
- passive voice ("were killed by X", "killed in clashes with X"): the agent follows
  "by", "with" or "against" after the verb;
- active voice ("X killed Y", "X's air strikes on Y"): the agent is the first actor before
  the verb, the patient the first after it (or after "against"/"on"/"with");
- a generic referent ("militants") stands for a named non-state group only when exactly
  one such group is named in the last three sentences attributed to the same named speaker
  (an outlet, official or organisation the text names); otherwise it stays generic.
*/

use crate::claim::{ActorRef, Claim, ClaimDate, Side};
use crate::doc::{Document, Layer, Span};
use crate::pipeline::Stage;
use crate::recognise::actor::{dict, sentence_words, ActorKind, ActorMention};
use crate::recognise::claimant::scope;
use crate::recognise::event::{strongest, Trigger};
use crate::recognise::words::Word;

/// Adds a claim for each sentence whose strongest trigger is standalone and that has no
/// claim yet.
#[derive(Clone, Copy, Debug, Default)]
pub struct EventClaimStage;

impl Stage for EventClaimStage {
    fn name(&self) -> &'static str {
        "event-claims"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Triggers, Layer::Claims]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Claims]
    }
    fn run(&self, doc: &mut Document) {
        let mut added = Vec::new();
        for i in 0..doc.sentences.len() {
            if doc.claims.iter().any(|c| c.sentence == i) {
                continue;
            }
            let Some(t) = strongest(doc.triggers.iter().filter(|t| t.sentence == i)) else {
                continue;
            };
            if !t.def.standalone || hypothetical(doc, i, t) {
                continue;
            }
            let sspan = doc.sentences[i].span;
            added.push(Claim {
                sentence: i,
                span: t.span,
                evidence: vec![sspan],
                ..Claim::default()
            });
        }
        doc.claims.extend(added);
        doc.claims.sort_by_key(|c| (c.sentence, c.span.start));
    }
}

/// True when the trigger is future, conditional or negated ("will soon launch",
/// "could", "did not").
fn hypothetical(doc: &Document, i: usize, t: &Trigger) -> bool {
    let ws = sentence_words(doc, i);
    let from = t.first_word.saturating_sub(4);
    ws[from..t.first_word.min(ws.len())].iter().any(|w| {
        matches!(
            w.raw.to_lowercase().as_str(),
            "will" | "would" | "could" | "not" | "never" | "to" | "may" | "might"
        )
    })
}

/// Fills actor1/actor2, event type, date, claimant and framing of every claim.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClaimFieldStage;

impl Stage for ClaimFieldStage {
    fn name(&self) -> &'static str {
        "claim-fields"
    }
    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Claims,
            Layer::Actors,
            Layer::Dates,
            Layer::Claimants,
            Layer::Triggers,
            Layer::Framing,
        ]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::ClaimFields]
    }
    fn run(&self, doc: &mut Document) {
        let mut claims = std::mem::take(&mut doc.claims);
        let scopes = scopes(doc);
        for c in &mut claims {
            fill_with(doc, c, &scopes);
        }
        doc.claims = claims;
    }
}

const KILL_WORDS: &[&str] = &[
    "killed",
    "killing",
    "kill",
    "kills",
    "wounded",
    "wounding",
    "injured",
    "arrested",
    "died",
    "dead",
    "eliminated",
    "eliminate",
    "eliminates",
    "losses",
    "casualties",
    "toll",
    "lives",
    "executed",
    "captured",
    "detained",
];
const AUX: &[&str] = &[
    "is", "are", "was", "were", "been", "be", "being", "get", "got",
];
const CLAUSE: &[&str] = &[
    "after", "before", "since", "while", "where", "which", "that",
];
/// Words opening a clause with its own subject ("... were martyred as Takfiri terrorists
/// shelled ...").
const SUBORDINATE: &[&str] = &[
    "as", "when", "after", "before", "since", "while", "where", "which", "that", "because",
];
const OPPONENT: &[&str] = &["against", "with", "on", "by", "at"];

fn word_at(ws: &[Word], pos: usize) -> usize {
    ws.iter()
        .position(|w| w.span.end > pos)
        .unwrap_or(ws.len().saturating_sub(1))
}

fn count_span(c: &Claim) -> Option<Span> {
    c.fatalities
        .as_ref()
        .or(c.injured.as_ref())
        .or(c.arrested.as_ref())
        .map(|n| n.span)
        .filter(|s| !s.is_empty())
}

/// The word index of the claim's verb: a kill word in or right after the count, else
/// the strongest trigger, else the claim's first word.
fn verb_index(ws: &[Word], c: &Claim, trig: Option<&Trigger>, triggers: &[&Trigger]) -> usize {
    if let Some(cs) = count_span(c) {
        let from = word_at(ws, cs.start);
        if let Some(k) =
            (from..ws.len()).find(|&k| KILL_WORDS.contains(&ws[k].raw.to_lowercase().as_str()))
        {
            return k;
        }
        return word_at(ws, cs.end.saturating_sub(1));
    }
    // a verb among the sentence's triggers ("were massively bombed by ... warplanes")
    // anchors the clause better than a noun trigger
    let verb = triggers
        .iter()
        .filter(|t| {
            ws.get(t.first_word)
                .is_some_and(|w| w.raw.to_lowercase().ends_with("ed"))
        })
        .map(|t| t.first_word)
        .next();
    match (verb, trig) {
        (Some(k), _) => k,
        (None, Some(t)) => t.first_word,
        (None, None) => word_at(ws, c.span.start),
    }
}

fn is_passive(ws: &[Word], v: usize, patient_before: bool) -> bool {
    let aux = (v.saturating_sub(3)..v).any(|k| AUX.contains(&ws[k].raw.to_lowercase().as_str()));
    // headline style: "120 militants killed in ..." (the counted people right before the verb)
    aux || (patient_before && prep_or_end(ws.get(v + 1)))
}

fn prep_or_end(w: Option<&Word>) -> bool {
    match w {
        None => true,
        Some(w) => matches!(
            w.raw.to_lowercase().as_str(),
            "in" | "during"
                | "near"
                | "as"
                | "after"
                | "on"
                | "by"
                | "when"
                | "while"
                | "across"
                | "at"
        ),
    }
}

fn preceded_by(ws: &[Word], m: &ActorMention, set: &[&str]) -> bool {
    (m.first_word.saturating_sub(3)..m.first_word)
        .any(|k| set.contains(&ws[k].raw.to_lowercase().as_str()))
}

/// Agent and patient of the clause around word `v` of sentence `s`.
fn agent_patient<'a>(
    ws: &[Word],
    mentions: &[&'a ActorMention],
    v: usize,
    count: Option<Span>,
) -> (Option<&'a ActorMention>, Option<&'a ActorMention>) {
    let counted = count.and_then(|cs| mentions.iter().copied().find(|m| m.span.overlaps(cs)));
    let before: Vec<&ActorMention> = mentions
        .iter()
        .copied()
        .filter(|m| m.end_word <= v)
        .collect();
    let after: Vec<&ActorMention> = mentions
        .iter()
        .copied()
        .filter(|m| m.first_word > v)
        .collect();
    let patient_before = counted.is_some_and(|p| p.end_word <= v);
    if is_passive(ws, v, patient_before) {
        let patient = counted.or_else(|| before.last().copied());
        // "killed by X", "killed in clashes with X", "killed in Israeli raids", "killed in
        // a missile strike of the Syrian army", "killed when Russian jets fired": an actor
        // after the verb, with no new clause ("after local forces repelled attacks by X")
        // in between
        let agent = after
            .iter()
            .copied()
            .find(|m| {
                let gap = &ws[v + 1..m.first_word];
                if m.first_word > v + 10
                    || gap
                        .iter()
                        .any(|w| CLAUSE.contains(&w.raw.to_lowercase().as_str()))
                {
                    return false;
                }
                let by = (m.first_word.saturating_sub(5)..m.first_word)
                    .any(|k| ws[k].raw.eq_ignore_ascii_case("by"))
                    || preceded_by(ws, m, &["when", "as"]);
                let with = preceded_by(ws, m, &["with", "against"])
                    && gap.iter().any(|w| {
                        let l = w.raw.to_lowercase();
                        l.starts_with("clash") || l.starts_with("fight") || l.starts_with("battle")
                    });
                let of_attack = m.first_word >= 2
                    && (m.first_word.saturating_sub(3)..m.first_word).any(|k| {
                        ws[k].raw.eq_ignore_ascii_case("of")
                            && k > 0
                            && crate::recognise::actor::is_attack_word(&ws[k - 1].raw)
                    });
                (by || with || of_attack || m.instrument)
                    && Some(m.actor) != patient.map(|p| p.actor)
            })
            .or_else(|| {
                // "The Assad regime committed a massacre ... where 18 civilians were
                // killed": the subject of the sentence, when it stands before the victims
                let p = patient?;
                mentions.iter().copied().find(|m| {
                    m.end_word <= p.first_word
                        && m.actor != p.actor
                        && m.def().side != Side::Civilians
                        && !preceded_by(ws, m, &["of", "in", "with", "against", "on", "from"])
                        && m.first_word <= 2
                })
            });
        return (agent, patient);
    }
    // active: the possessive "X's air strikes" or the first actor before the verb
    let agent = before
        .iter()
        .copied()
        .find(|m| m.possessive && Some(m.first_word) != counted.map(|c| c.first_word))
        .or_else(|| {
            // the subject of the verb's own clause, else of the sentence
            let clause_start = (0..v)
                .rev()
                .find(|&k| SUBORDINATE.contains(&ws[k].raw.to_lowercase().as_str()))
                .map_or(0, |k| k + 1);
            let subject = |from: usize| {
                before.iter().copied().find(|m| {
                    m.first_word >= from
                        && Some(m.span) != counted.map(|c| c.span)
                        && !preceded_by(ws, m, &["against", "with", "on"])
                })
            };
            subject(clause_start).or_else(|| subject(0))
        });
    let not_agent = |m: &&ActorMention| Some(m.span) != agent.map(|a| a.span);
    let patient = counted
        .filter(|m| Some(m.span) != agent.map(|a| a.span))
        .or_else(|| {
            after
                .iter()
                .copied()
                .find(|m| not_agent(m) && Some(m.actor) != agent.map(|a| a.actor))
        })
        .or_else(|| {
            mentions.iter().copied().find(|m| {
                not_agent(m)
                    && preceded_by(ws, m, OPPONENT)
                    && m.first_word > agent.map_or(0, |a| a.first_word)
            })
        })
        .or_else(|| {
            before.iter().copied().find(|m| {
                not_agent(m)
                    && m.first_word > agent.map_or(usize::MAX, |a| a.first_word)
                    && !preceded_by(ws, m, &["and"])
            })
        });
    (agent, patient)
}

fn is_generic_armed(m: &ActorMention) -> bool {
    let d = m.def();
    d.kind == ActorKind::Generic && d.side == Side::Unknown
}

/// A generic armed referent stands for the one named non-state group of its context.
fn specific_for(
    doc: &Document,
    scopes: &[Option<crate::claim::Claimant>],
    m: &ActorMention,
    other: Option<usize>,
) -> Option<ActorRef> {
    let s = m.sentence;
    // only within what one named speaker says (a claimant the text names, not the outlet)
    let speaker = scopes[s]
        .clone()
        .filter(|c| c.span.is_some() && c.kind != crate::claim::ClaimantKind::AnonymousSource)
        .map(|c| c.name);
    let mut ids: Vec<usize> = Vec::new();
    let from = doc.actors.partition_point(|a| a.sentence + 3 < s);
    for a in &doc.actors[from..] {
        if a.sentence + 3 < s || a.sentence > s || (a.sentence == s && a.first_word > m.first_word)
        {
            continue;
        }
        let same_context =
            speaker.is_some() && scopes[a.sentence].as_ref().map(|c| &c.name) == speaker.as_ref();
        let d = a.def();
        if same_context
            && d.kind == ActorKind::Group
            && matches!(d.side, Side::Rebel | Side::Jihadist)
            && !ids.contains(&a.actor)
            && Some(a.actor) != other
        {
            ids.push(a.actor);
        }
    }
    if ids.len() != 1 {
        return None;
    }
    let d = &dict().defs[ids[0]];
    Some(ActorRef {
        id: d.id.clone(),
        name: d.name.clone(),
        side: d.side,
        span: Some(m.span),
    })
}

fn actor_ref(
    doc: &Document,
    scopes: &[Option<crate::claim::Claimant>],
    m: &ActorMention,
    other: Option<&ActorMention>,
) -> ActorRef {
    if is_generic_armed(m) {
        if let Some(r) = specific_for(doc, scopes, m, other.map(|o| o.actor)) {
            return r;
        }
    }
    m.to_ref()
}

fn pick_date(doc: &Document, c: &Claim, anchor: usize) -> Option<ClaimDate> {
    let in_sentence = |i: usize| {
        doc.dates
            .iter()
            .filter(|d| d.sentence == i && !d.background)
            .min_by_key(|d| d.date.span.map_or(usize::MAX, |s| s.start.abs_diff(anchor)))
            .map(|d| d.date.clone())
    };
    if let Some(d) = in_sentence(c.sentence) {
        return Some(d);
    }
    for e in &c.evidence {
        if let Some(i) = doc.sentence_at(e.start) {
            if let Some(d) = in_sentence(i) {
                return Some(d);
            }
        }
    }
    // the next sentence, when it elaborates this happening rather than making its own
    // counted claim ("120 gunmen have been killed ... Militants were killed in fighting on
    // Wednesday")
    let next = c.sentence + 1;
    if next < doc.sentences.len() {
        let counted_claim = doc
            .claims
            .iter()
            .any(|o| o.sentence == next && o.fatalities.as_ref().is_some_and(|f| f.low.is_some()));
        let about_fighting = doc.triggers.iter().any(|t| t.sentence == next)
            || sentence_words(doc, next)
                .iter()
                .any(|w| KILL_WORDS.contains(&w.raw.to_lowercase().as_str()));
        if !counted_claim && about_fighting {
            return in_sentence(next);
        }
    }
    None
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x.eq_ignore_ascii_case(s)) {
        v.push(s.to_string());
    }
}

/// The claimant of every sentence ([`scope`]), computed once per document.
pub fn scopes(doc: &Document) -> Vec<Option<crate::claim::Claimant>> {
    (0..doc.sentences.len()).map(|i| scope(doc, i)).collect()
}

/// Fills the fields of one claim that earlier stages left empty.
pub fn fill(doc: &Document, c: &mut Claim) {
    fill_with(doc, c, &scopes(doc));
}

/// [`fill`] with the sentences' claimants already computed.
pub fn fill_with(doc: &Document, c: &mut Claim, scopes: &[Option<crate::claim::Claimant>]) {
    let s = c.sentence;
    if s >= doc.sentences.len() {
        return;
    }
    let ws = sentence_words(doc, s);
    if ws.is_empty() {
        return;
    }
    let trig = strongest(doc.triggers.iter().filter(|t| t.sentence == s));
    let sentence_triggers: Vec<&Trigger> =
        doc.triggers.iter().filter(|t| t.sentence == s).collect();
    let v = verb_index(&ws, c, trig, &sentence_triggers);
    let mentions: Vec<&ActorMention> = doc.actors.iter().filter(|m| m.sentence == s).collect();
    let (agent, mut patient) = agent_patient(&ws, &mentions, v, count_span(c));
    if patient.is_some_and(|p| agent.is_some_and(|a| a.actor == p.actor)) {
        patient = None;
    }
    if c.actor1.is_none() {
        c.actor1 = agent.map(|m| actor_ref(doc, scopes, m, patient));
    }
    if c.actor2.is_none() {
        c.actor2 = patient.map(|m| actor_ref(doc, scopes, m, agent));
    }
    // event type
    if c.event_type.is_none() {
        let (mut et, mut sub) = match trig {
            Some(t) => (t.def.event_type.clone(), t.def.sub_event_type.clone()),
            None if c.fatalities.is_some() || c.injured.is_some() => {
                let civilians = c.actor2.as_ref().is_some_and(|a| a.side == Side::Civilians)
                    || c.fatalities
                        .as_ref()
                        .is_some_and(|f| f.victims == crate::claim::Victims::Civilians);
                if civilians {
                    ("Violence against civilians".into(), "Attack".into())
                } else {
                    ("Battles".into(), "Armed clash".into())
                }
            }
            None if c.arrested.is_some() => ("Strategic developments".into(), "Arrests".into()),
            None => (String::new(), String::new()),
        };
        // territory changes hands: who took it decides the sub-type
        if sub == "Government regains territory" || sub == "Non-state actor overtakes territory" {
            if let Some(a) = &c.actor1 {
                sub = if matches!(a.side, Side::State) {
                    "Government regains territory".into()
                } else {
                    "Non-state actor overtakes territory".into()
                };
            }
        }
        // violence by armed actors on civilians
        if et == "Battles" && c.actor2.as_ref().is_some_and(|a| a.side == Side::Civilians) {
            et = "Violence against civilians".into();
            sub = "Attack".into();
        }
        if !et.is_empty() {
            c.event_type = Some(et);
            c.sub_event_type = Some(sub);
        }
    }
    if c.date.is_none() {
        let anchor = ws.get(v).map_or(c.span.start, |w| w.span.start);
        c.date = pick_date(doc, c, anchor);
    }
    if c.claimant.is_none() {
        c.claimant = scopes.get(s).cloned().flatten();
    }
    // framing: loaded terms inside an actor's words or within three words before them,
    // and act-level terms ("liberated") anywhere in the sentence
    let mut framing = std::mem::take(&mut c.framing);
    for f in doc.framing.iter().filter(|f| f.sentence == s) {
        let near_actor = [agent, patient].into_iter().flatten().any(|m| {
            let from = ws[m.first_word.saturating_sub(3)].span.start;
            f.span.start >= from && f.span.end <= m.span.end
        });
        let act_level = f.term.eq_ignore_ascii_case("liberated");
        if near_actor || act_level {
            push_unique(&mut framing, &f.term);
        }
    }
    c.framing = framing;
}

/// Adds this module's stages and the recognisers they read right after the stage named
/// `after` (normally "assemble"): words, actors, dates, claimants, triggers, framing, then
/// event-claims, claim-fields and materiel.
pub fn add_stages(
    builder: crate::pipeline::PipelineBuilder,
    after: &str,
) -> crate::pipeline::PipelineBuilder {
    use crate::recognise::{
        actor::{ActorStage, WordStage},
        claimant::ClaimantStage,
        date::DateStage,
        event::TriggerStage,
        framing::FramingStage,
        materiel::MaterielStage,
    };
    // each insertion lands right after `after`, so insert in reverse order
    builder
        .after(after, MaterielStage)
        .after(after, ClaimFieldStage)
        .after(after, EventClaimStage)
        .after(after, FramingStage)
        .after(after, TriggerStage)
        .after(after, ClaimantStage)
        .after(after, DateStage)
        .after(after, ActorStage)
        .after(after, WordStage)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::Count;
    use crate::pipeline::Stage;
    use crate::recognise::actor::ActorStage;
    use crate::recognise::claimant::ClaimantStage;
    use crate::recognise::date::DateStage;
    use crate::recognise::event::TriggerStage;
    use crate::recognise::framing::FramingStage;
    use crate::recognise::testutil::doc_from;
    use chrono::NaiveDate;

    fn prepare(text: &str, published: Option<NaiveDate>) -> Document {
        let mut doc = doc_from(text, published);
        doc.outlet = Some("Outlet".into());
        for st in [
            &ActorStage as &dyn Stage,
            &DateStage,
            &ClaimantStage,
            &TriggerStage,
            &FramingStage,
        ] {
            st.run(&mut doc);
        }
        doc
    }

    /// A claim counting the people named by `count_words` in sentence `s`.
    fn counted(doc: &Document, s: usize, count_words: &str) -> Claim {
        let sp = doc.sentences[s].span;
        let at = sp.start + doc.slice(sp).find(count_words).expect("count words");
        let span = Span::new(at, at + count_words.len());
        Claim {
            sentence: s,
            span,
            fatalities: Some(Count {
                span,
                ..Count::default()
            }),
            evidence: vec![sp],
            ..Claim::default()
        }
    }

    fn ids(c: &Claim) -> (Option<&str>, Option<&str>) {
        (
            c.actor1.as_ref().map(|a| a.id.as_str()),
            c.actor2.as_ref().map(|a| a.id.as_str()),
        )
    }

    #[test]
    fn passive_voice_with_clashes() {
        // seed 000
        let doc = prepare("A number of armed men were killed during intense clashes with Syrian troops in the al-Lirmoun neighborhood of Aleppo city on Sunday, the official SANA news agency reported.", NaiveDate::from_ymd_opt(2012, 11, 19));
        let mut c = counted(&doc, 0, "A number of armed men");
        fill(&doc, &mut c);
        assert_eq!(ids(&c), (Some("sy-army"), Some("generic-militants")));
        assert_eq!(c.sub_event_type.as_deref(), Some("Armed clash"));
        assert_eq!(c.claimant.as_ref().unwrap().name, "SANA");
        assert_eq!(
            c.date.as_ref().unwrap().start,
            NaiveDate::from_ymd_opt(2012, 11, 18)
        );
    }

    #[test]
    fn active_voice_and_framing() {
        let doc = prepare("Syrian Army soldiers have killed scores of foreign-backed militants fighting government forces during nationwide mop-up operations.", None);
        let mut c = counted(&doc, 0, "scores of foreign-backed militants");
        fill(&doc, &mut c);
        assert_eq!(ids(&c), (Some("sy-army"), Some("generic-militants")));
        assert_eq!(c.framing, vec!["foreign-backed".to_string()]);
        assert_eq!(c.claimant.as_ref().unwrap().name, "Outlet");
    }

    #[test]
    fn named_group_in_object() {
        let doc = prepare("The Syrian army killed several Moroccan militants of Ahrar al-Sham Movement terrorist group in the Northern part of Lattakia on Sunday.", None);
        let mut c = counted(&doc, 0, "several Moroccan militants");
        fill(&doc, &mut c);
        assert_eq!(ids(&c), (Some("sy-army"), Some("ahrar-sham")));
        // no publication date: the date is kept, unresolved
        let d = c.date.unwrap();
        assert_eq!((d.start, d.time_precision), (None, None));
        assert_eq!(doc.slice(d.span.unwrap()), "on Sunday");
    }

    #[test]
    fn standalone_trigger_makes_claim() {
        let mut doc = prepare("Syrian Army troops also defused six explosive devices, weighing between 30 and 80 kilograms, near a hospital in Aleppo.\nThis follows an earlier announcement by the army that it has regained full control of Kafar Hamra near Aleppo.", None);
        EventClaimStage.run(&mut doc);
        ClaimFieldStage.run(&mut doc);
        assert_eq!(doc.claims.len(), 2);
        assert_eq!(
            doc.claims[0].sub_event_type.as_deref(),
            Some("Disrupted weapons use")
        );
        assert_eq!(
            doc.claims[0].event_type.as_deref(),
            Some("Strategic developments")
        );
        assert_eq!(ids(&doc.claims[0]).0, Some("sy-army"));
        assert_eq!(
            doc.claims[1].sub_event_type.as_deref(),
            Some("Government regains territory")
        );
        // "the army" of a text about Syria
        assert_eq!(ids(&doc.claims[1]).0, Some("sy-army"));
    }

    #[test]
    fn non_state_capture_and_agent_from_subject() {
        let mut doc = prepare("The predominately Kurdish ‘Syrian Democratic Forces’ (SDF) and the People’s Protection Units (YPG) continue their advances against the ISIL in Hasaka province in Northeastern Syria, and seized back a strategic village there.", None);
        EventClaimStage.run(&mut doc);
        ClaimFieldStage.run(&mut doc);
        let c = &doc.claims[0];
        assert_eq!(ids(c), (Some("sdf"), Some("isil")));
        assert_eq!(
            c.sub_event_type.as_deref(),
            Some("Non-state actor overtakes territory")
        );
    }

    #[test]
    fn generic_resolved_within_speaker_scope() {
        // seed 004, with its publication date unknown
        let text = "Terrorist groups associated with Jabhat al-Nusra attacked Syrian government-controlled areas in Aleppo and Idlib on November 27, said Oleg Ignasyuk, deputy head of the Russian Center for Reconciliation of Opposing Sides in Syria.\n\"The Syrian Arab Army is engaged in fierce fighting and is supported by the Russian Aerospace Forces,\" Ignasyuk stated on Thursday.\nAt least 400 militants have been killed during the clashes, he confirmed.";
        let doc = prepare(text, None);
        let mut c = counted(&doc, 2, "At least 400 militants");
        fill(&doc, &mut c);
        assert_eq!(ids(&c).1, Some("jabhat-nusra"));
        assert_eq!(c.claimant.as_ref().unwrap().name, "Oleg Ignasyuk");
        // published in 2024, the same words name HTS
        let doc = prepare(text, NaiveDate::from_ymd_opt(2024, 11, 29));
        let mut c = counted(&doc, 2, "At least 400 militants");
        fill(&doc, &mut c);
        assert_eq!(ids(&c).1, Some("hts"));
        assert!(c.date.is_none(), "no date in the sentence");
    }

    #[test]
    fn participle_clause_agent() {
        let doc = prepare("Last week, it was reported that HTS members had overrun many government-controlled areas in northern Syria, killing dozens of Syrian soldiers.", NaiveDate::from_ymd_opt(2024, 11, 29));
        let mut c = counted(&doc, 0, "dozens of Syrian soldiers");
        fill(&doc, &mut c);
        assert_eq!(ids(&c), (Some("hts"), Some("sy-army")));
        assert_eq!(
            c.sub_event_type.as_deref(),
            Some("Non-state actor overtakes territory")
        );
        assert_eq!(c.date.as_ref().unwrap().time_precision, Some(2));
    }

    #[test]
    fn pronoun_agent_from_previous_sentence() {
        let doc = prepare(
            "The SDF forces reached the outskirts of Raqqa city.\nThey killed 20 ISIL terrorists in the Northern side of the city.",
            None,
        );
        let mut c = counted(&doc, 1, "20 ISIL terrorists");
        fill(&doc, &mut c);
        assert_eq!(ids(&c), (Some("sdf"), Some("isil")));
        assert_eq!(doc.slice(c.actor1.unwrap().span.unwrap()), "They");
    }

    #[test]
    fn the_group_refers_to_the_named_group() {
        let doc = prepare(
            "Ahrar al-Sham fighters entered the town.\nThe group killed three soldiers near the checkpoint.",
            None,
        );
        let mut c = counted(&doc, 1, "three soldiers");
        fill(&doc, &mut c);
        assert_eq!(ids(&c).0, Some("ahrar-sham"));
    }

    #[test]
    fn air_strike_type() {
        let doc = prepare("The Syrian Army’s aircraft hit concentration centers of the al-Qaeda-affiliated al-Nusra Fronts in Qarnateh in the Northern part of Homs province, which ended in the killing or wounding of tens of the terrorists.", None);
        let mut c = counted(&doc, 0, "tens of the terrorists");
        fill(&doc, &mut c);
        assert_eq!(c.event_type.as_deref(), Some("Explosions/Remote violence"));
        assert_eq!(ids(&c).0, Some("sy-army"));
    }
}
