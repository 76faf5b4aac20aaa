/*!
Actors: armed groups, state forces, generic referents and civilians named in a sentence.

The dictionary is `data/actors.tsv` (canonical actors, aliases, side, country, validity
dates and successors). A mention is resolved in three steps:

1. the longest alias at each word, after folding ([`crate::recognise::words`]);
2. a bare state-forces word ("troops", "the army", "warplanes") takes the country of an
   adjective right before it ("Russian warplanes"), else the document's main country;
   a generic word next to a named group ("militants of Ahrar al-Sham", "ISIL terrorists")
   is absorbed by the group;
3. a renamed group is carried forward by date: Jabhat al-Nusra mentioned in a 2024 text is
   Hayat Tahrir al-Sham. The date is the publication date, or, when that is unknown, the
   latest founding date of any group the document names (a text naming HTS was written
   after 2017).

Pronouns and "the group" (`data/referents.tsv`) become mentions of the actor they refer to.
*/

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::claim::{ActorRef, Side};
use crate::doc::{Document, Layer, Span};
use crate::pipeline::Stage;
use crate::recognise::words::{tsv_rows, words, PhraseIndex, Word};

/// What sort of entry a dictionary actor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActorKind {
    /// A named group or force.
    Group,
    /// The national forces of a country ("troops" resolve to one of these).
    StateForces,
    /// An unnamed referent ("gunmen", "civilians"): never a specific group.
    Generic,
}

/// One canonical actor of `data/actors.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorDef {
    /// Canonical id ("hts").
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Side.
    pub side: Side,
    /// ISO country code, when the actor belongs to one country.
    pub country: Option<String>,
    /// First day the name was in use.
    pub valid_from: Option<NaiveDate>,
    /// Last day the name was in use.
    pub valid_to: Option<NaiveDate>,
    /// Id of the actor the group became.
    pub successor: Option<String>,
    /// Entry kind.
    pub kind: ActorKind,
}

/// How a referent word finds its antecedent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RefScope {
    /// Nearest actor earlier in the sentence, else in the previous sentence.
    Sentence,
    /// Nearest named non-state group in the last three sentences.
    Group,
}

/// The loaded actor dictionary.
#[derive(Debug)]
pub struct ActorDict {
    /// The actors, in file order.
    pub defs: Vec<ActorDef>,
    by_id: HashMap<String, usize>,
    aliases: PhraseIndex,
    countries: PhraseIndex,
    country_codes: Vec<String>,
    referents: PhraseIndex,
    referent_scopes: Vec<RefScope>,
}

fn parse_side(s: &str) -> Side {
    match s {
        "state" => Side::State,
        "rebel" => Side::Rebel,
        "jihadist" => Side::Jihadist,
        "militia" => Side::Militia,
        "foreign_state" => Side::ForeignState,
        "civilians" => Side::Civilians,
        _ => Side::Unknown,
    }
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty() && s != "-").then_some(s)
}

impl ActorDict {
    /// Parses the dictionary from the three data files' contents.
    pub fn parse(actors: &str, countries: &str, referents: &str) -> ActorDict {
        let mut defs = Vec::new();
        let mut aliases = PhraseIndex::new();
        for row in tsv_rows(actors) {
            if row.len() < 9 {
                continue;
            }
            let i = defs.len();
            defs.push(ActorDef {
                id: row[0].to_string(),
                name: row[1].to_string(),
                side: parse_side(row[2]),
                country: opt(row[3]).map(str::to_string),
                valid_from: opt(row[4]).and_then(|d| d.parse().ok()),
                valid_to: opt(row[5]).and_then(|d| d.parse().ok()),
                successor: opt(row[6]).map(str::to_string),
                kind: match row[7] {
                    "state_forces" => ActorKind::StateForces,
                    "generic" => ActorKind::Generic,
                    _ => ActorKind::Group,
                },
            });
            aliases.add(row[1], i);
            for a in row[8].split('|') {
                aliases.add(a.trim(), i);
            }
        }
        let by_id = defs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let mut country_idx = PhraseIndex::new();
        let mut country_codes = Vec::new();
        for row in tsv_rows(countries) {
            if row.len() < 2 {
                continue;
            }
            for n in row[1].split('|') {
                country_idx.add(n.trim(), country_codes.len());
            }
            country_codes.push(row[0].to_string());
        }
        let mut ref_idx = PhraseIndex::new();
        let mut referent_scopes = Vec::new();
        for row in tsv_rows(referents) {
            if row.len() < 2 {
                continue;
            }
            ref_idx.add_literal(row[0], referent_scopes.len());
            referent_scopes.push(if row[1] == "group" {
                RefScope::Group
            } else {
                RefScope::Sentence
            });
        }
        ActorDict {
            defs,
            by_id,
            aliases,
            countries: country_idx,
            country_codes,
            referents: ref_idx,
            referent_scopes,
        }
    }

    /// Index of the actor with `id`.
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The state forces of `country`, if the dictionary has them.
    pub fn state_forces_of(&self, country: &str) -> Option<usize> {
        self.defs
            .iter()
            .position(|d| d.kind == ActorKind::StateForces && d.country.as_deref() == Some(country))
    }

    /// Follows renamings: the actor `idx` is called by its successor's name on `date`.
    pub fn as_of(&self, mut idx: usize, date: NaiveDate) -> usize {
        for _ in 0..8 {
            let d = &self.defs[idx];
            match (&d.valid_to, &d.successor) {
                (Some(to), Some(next)) if date >= *to => match self.by_id(next) {
                    Some(n) => idx = n,
                    None => break,
                },
                _ => break,
            }
        }
        idx
    }

    /// The country codes named by words of a sentence, with the word index of each.
    pub fn countries_in(&self, ws: &[Word]) -> Vec<(usize, String)> {
        self.countries
            .find_all(ws)
            .into_iter()
            .map(|m| (m.first, self.country_codes[m.value].clone()))
            .collect()
    }
}

/// The dictionary built from the shipped data files.
pub fn dict() -> &'static ActorDict {
    static DICT: OnceLock<ActorDict> = OnceLock::new();
    DICT.get_or_init(|| {
        ActorDict::parse(
            include_str!("../../data/actors.tsv"),
            include_str!("../../data/countries.tsv"),
            include_str!("../../data/referents.tsv"),
        )
    })
}

/// An actor named (or referred to) in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorMention {
    /// Sentence index.
    pub sentence: usize,
    /// The words naming it ("several Moroccan militants of Ahrar al-Sham Movement").
    pub span: Span,
    /// Index of its first word in the sentence's [`words`].
    pub first_word: usize,
    /// One past its last word.
    pub end_word: usize,
    /// Dictionary index after country and date resolution.
    pub actor: usize,
    /// Dictionary index as written, before following renamings.
    pub as_written: usize,
    /// True when the words end in a possessive ("the army's").
    pub possessive: bool,
    /// True for a pronoun or "the group" resolved to an earlier mention.
    pub referent: bool,
    /// True when the words right after name a weapon or attack ("Israeli raids",
    /// "the army strikes"): the actor is the one wielding it.
    pub instrument: bool,
}

impl ActorMention {
    /// The claim-side reference for this mention.
    pub fn to_ref(&self) -> ActorRef {
        let d = &dict().defs[self.actor];
        ActorRef {
            id: d.id.clone(),
            name: d.name.clone(),
            side: d.side,
            span: Some(self.span),
        }
    }

    /// The dictionary entry.
    pub fn def(&self) -> &'static ActorDef {
        &dict().defs[self.actor]
    }
}

/// Words of sentence `i`: the ones the words stage cut, or cut now if it did not run.
pub fn sentence_words(doc: &Document, i: usize) -> std::borrow::Cow<'_, [Word]> {
    if let Some(ws) = doc
        .words
        .get(i)
        .filter(|_| doc.words.len() == doc.sentences.len())
    {
        return std::borrow::Cow::Borrowed(ws.as_slice());
    }
    let span = doc.sentences[i].span;
    std::borrow::Cow::Owned(words(doc.slice(span), span.start))
}

/// Cuts every sentence into folded words once; writes [`Document::words`].
#[derive(Clone, Copy, Debug, Default)]
pub struct WordStage;

impl Stage for WordStage {
    fn name(&self) -> &'static str {
        "words"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Words]
    }
    fn run(&self, doc: &mut Document) {
        doc.words = doc
            .sentences
            .iter()
            .map(|s| words(doc.slice(s.span), s.span.start))
            .collect();
    }
}

/// The document's main country: the one most often named, if any.
pub fn main_country(doc: &Document) -> Option<String> {
    let d = dict();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for i in 0..doc.sentences.len() {
        for (_, c) in d.countries_in(&sentence_words(doc, i)) {
            *counts.entry(c).or_default() += 1;
        }
    }
    let mut best: Option<(String, usize)> = None;
    for (c, n) in counts {
        if n >= 1
            && best
                .as_ref()
                .is_none_or(|b| n > b.1 || (n == b.1 && c < b.0))
        {
            best = Some((c, n));
        }
    }
    best.map(|b| b.0)
}

/// Words joining a generic head to the group it belongs to ("militants of Ahrar al-Sham",
/// "groups associated with Jabhat al-Nusra").
const NP_JOINERS: &[&str] = &[
    "of",
    "from",
    "of the",
    "from the",
    "associated with",
    "affiliated with",
    "affiliated to",
    "linked to",
    "linked with",
    "loyal to",
    "belonging to",
    "allied to",
    "allied with",
];

/// Finds the actor mentions of one sentence (no referents, no date resolution).
pub fn mentions_in(ws: &[Word], sentence: usize, main_country: Option<&str>) -> Vec<ActorMention> {
    let d = dict();
    let countries = d.countries_in(ws);
    let mut out: Vec<ActorMention> = Vec::new();
    let matches = d.aliases.find_all(ws);
    let covered = |w: usize| matches.iter().any(|o| o.first <= w && w < o.end);
    for m in matches.iter().copied() {
        let mut actor = m.value;
        let def = &d.defs[actor];
        let mut first = m.first;
        if def.kind == ActorKind::StateForces && def.country.is_none() {
            // nearest country adjective within three words before ("Syrian military forces",
            // "the Russian and Syrian warplanes"), else the document's country
            let adj = countries
                .iter()
                .filter(|(w, _)| *w < m.first && m.first - *w <= 3 && !covered(*w))
                .map(|(w, c)| (*w, c.as_str()))
                .next_back();
            let own = adj
                .or_else(|| {
                    // "the country's army"
                    (m.first > 0 && ws[m.first - 1].fold == "cuntri" && ws[m.first - 1].possessive)
                        .then(|| (m.first - 1, main_country.unwrap_or("")))
                })
                .map(|(w, c)| (w, c.to_string()))
                .or_else(|| main_country.map(|c| (m.first, c.to_string())));
            if let Some((w, c)) = own {
                if let Some(sf) = d.state_forces_of(&c) {
                    actor = sf;
                    first = first.min(w);
                }
            }
        }
        let span = Span::new(ws[first].span.start, ws[m.end - 1].span.end);
        out.push(ActorMention {
            sentence,
            span,
            first_word: first,
            end_word: m.end,
            actor,
            as_written: actor,
            possessive: ws[m.end - 1].possessive,
            referent: false,
            instrument: false,
        });
    }
    // "al-Qaeda linked terrorists", "al-Nusra-affiliated groups": the group only qualifies
    // the words after it; "the military positions": a state-forces word used as an adjective
    out.retain(|m| {
        let next = ws.get(m.end_word).map(|w| w.raw.to_lowercase());
        let next = next.as_deref().unwrap_or("");
        let def = &d.defs[m.actor];
        let qualifier = matches!(
            next,
            "linked" | "affiliated" | "backed" | "allied" | "associated" | "inspired" | "loyal"
        ) && def.kind == ActorKind::Group;
        let last = ws[m.end_word - 1].raw.to_lowercase();
        let adjectival = def.kind == ActorKind::StateForces
            && !ws[m.end_word - 1].possessive
            && matches!(last.as_str(), "military" | "army" | "government")
            && matches!(
                next,
                "positions"
                    | "operations"
                    | "operation"
                    | "advances"
                    | "hardware"
                    | "sources"
                    | "source"
                    | "airport"
                    | "airports"
                    | "base"
                    | "bases"
                    | "campaign"
                    | "gains"
                    | "offensive"
                    | "attacks"
                    | "stronghold"
                    | "strongholds"
                    | "held"
                    | "controlled"
                    | "territory"
                    | "areas"
                    | "officials"
                    | "official"
                    | "spokesman"
                    | "media"
                    | "side"
            );
        // "anti-government activists"
        let negated = m.first_word > 0 && ws[m.first_word - 1].raw.eq_ignore_ascii_case("anti");
        !(qualifier || adjectival || negated)
    });
    // absorb a generic word into an adjacent named group:
    // "ISIL terrorists", "militants of Ahrar al-Sham", "members of the HTS"
    let mut merged: Vec<ActorMention> = Vec::new();
    for m in out {
        if let Some(prev) = merged.last_mut() {
            if m.first_word < prev.end_word {
                // "Syrian Army soldiers": one mention
                prev.span = prev.span.cover(m.span);
                prev.end_word = prev.end_word.max(m.end_word);
                prev.possessive = m.possessive;
                continue;
            }
            let gap: Vec<&Word> = ws[prev.end_word..m.first_word]
                .iter()
                .filter(|w| !w.fold.is_empty())
                .collect();
            let joined = !ws[prev.end_word - 1].comma_after
                && (gap.is_empty() || {
                    let joiner: Vec<String> = gap.iter().map(|w| w.raw.to_lowercase()).collect();
                    NP_JOINERS.contains(&joiner.join(" ").as_str())
                });
            let pk = d.defs[prev.actor].kind;
            let mk = d.defs[m.actor].kind;
            if joined && pk == ActorKind::Generic && mk == ActorKind::Group {
                prev.span = prev.span.cover(m.span);
                prev.end_word = m.end_word;
                prev.actor = m.actor;
                prev.as_written = m.actor;
                prev.possessive = m.possessive;
                continue;
            }
            if joined && gap.is_empty() && pk == ActorKind::Group && mk == ActorKind::Generic {
                prev.span = prev.span.cover(m.span);
                prev.end_word = m.end_word;
                prev.possessive = m.possessive;
                continue;
            }
        }
        merged.push(m);
    }
    // "Israeli raids", "Russian air strikes": a country adjective before an attack word
    // names that country's forces
    for (w, c) in &countries {
        if covered(*w) || !ws.get(w + 1).is_some_and(|n| is_attack_word(&n.raw)) {
            continue;
        }
        if let Some(sf) = d.state_forces_of(c) {
            merged.push(ActorMention {
                sentence,
                span: ws[*w].span,
                first_word: *w,
                end_word: w + 1,
                actor: sf,
                as_written: sf,
                possessive: false,
                referent: false,
                instrument: true,
            });
        }
    }
    merged.sort_by_key(|m| m.first_word);
    for m in &mut merged {
        if ws.get(m.end_word).is_some_and(|n| is_attack_word(&n.raw)) {
            m.instrument = true;
        }
    }
    merged
}

/// Words naming a weapon or an attack ("raids", "shelling", "jets").
pub fn is_attack_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "raid"
            | "raids"
            | "strike"
            | "strikes"
            | "airstrike"
            | "airstrikes"
            | "air"
            | "shelling"
            | "bombardment"
            | "bombing"
            | "bombs"
            | "missile"
            | "missiles"
            | "rocket"
            | "rockets"
            | "jets"
            | "warplanes"
            | "warplane"
            | "helicopters"
            | "drone"
            | "drones"
            | "artillery"
            | "fire"
            | "attack"
            | "attacks"
            | "mortar"
            | "mortars"
            | "barrel"
            | "aircraft"
            | "gunfire"
            | "sniper"
            | "tank"
            | "tanks"
    )
}

/// The date against which renamed groups are resolved (see the module docs).
pub fn reference_date(doc: &Document, mentions: &[ActorMention]) -> Option<NaiveDate> {
    doc.published.or_else(|| {
        mentions
            .iter()
            .filter(|m| dict().defs[m.actor].kind == ActorKind::Group)
            .filter_map(|m| dict().defs[m.actor].valid_from)
            .max()
    })
}

/// Finds actor mentions in every sentence, resolves renamings and referents, and writes
/// [`Document::actors`].
#[derive(Clone, Copy, Debug, Default)]
pub struct ActorStage;

impl Stage for ActorStage {
    fn name(&self) -> &'static str {
        "actors"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Actors]
    }
    fn run(&self, doc: &mut Document) {
        doc.actors = find_actors(doc);
    }
}

/// The actor mentions of a whole document.
pub fn find_actors(doc: &Document) -> Vec<ActorMention> {
    let d = dict();
    let country = main_country(doc);
    let mut all: Vec<ActorMention> = Vec::new();
    let mut per_sentence = Vec::with_capacity(doc.sentences.len());
    for i in 0..doc.sentences.len() {
        let ws = sentence_words(doc, i);
        all.extend(mentions_in(&ws, i, country.as_deref()));
        per_sentence.push(ws);
    }
    if let Some(date) = reference_date(doc, &all) {
        for m in &mut all {
            m.actor = d.as_of(m.actor, date);
        }
    }
    // referents, resolved against the named mentions found so far
    let mut refs = Vec::new();
    for (i, ws) in per_sentence.iter().enumerate() {
        for r in d.referents.find_all(ws) {
            if all
                .iter()
                .any(|m| m.sentence == i && m.first_word < r.end && r.first < m.end_word)
            {
                continue;
            }
            let scope = d.referent_scopes[r.value];
            let antecedent = match scope {
                RefScope::Sentence => all
                    .iter()
                    .rev()
                    .find(|m| m.sentence == i && m.end_word <= r.first)
                    .or_else(|| {
                        // the subject of the previous sentence: its first mention
                        all.iter().find(|m| i > 0 && m.sentence == i - 1)
                    }),
                RefScope::Group => all.iter().rev().find(|m| {
                    m.sentence <= i
                        && m.sentence + 3 >= i
                        && (m.sentence < i || m.end_word <= r.first)
                        && d.defs[m.actor].kind == ActorKind::Group
                        && !matches!(d.defs[m.actor].side, Side::State | Side::ForeignState)
                }),
            };
            if let Some(a) = antecedent {
                refs.push(ActorMention {
                    sentence: i,
                    span: Span::new(ws[r.first].span.start, ws[r.end - 1].span.end),
                    first_word: r.first,
                    end_word: r.end,
                    actor: a.actor,
                    as_written: a.as_written,
                    possessive: ws[r.end - 1].possessive,
                    referent: true,
                    instrument: false,
                });
            }
        }
    }
    all.extend(refs);
    all.sort_by_key(|m| (m.sentence, m.first_word));
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::testutil::doc_from;

    fn ids(doc: &Document) -> Vec<(&str, String)> {
        doc.actors
            .iter()
            .map(|m| (doc.slice(m.span), m.def().id.clone()))
            .collect()
    }

    /// The first actor mention whose words contain `part`.
    fn mention_with<'a>(doc: &'a Document, part: &str) -> &'a ActorMention {
        doc.actors
            .iter()
            .find(|m| doc.slice(m.span).contains(part))
            .expect("a mention with those words")
    }

    #[test]
    fn data_file_parses() {
        let d = dict();
        assert!(d.defs.len() >= 20);
        for def in &d.defs {
            if let Some(s) = &def.successor {
                assert!(d.by_id(s).is_some(), "successor {s} of {} unknown", def.id);
            }
        }
    }

    #[test]
    fn seed_groups_and_variants() {
        let mut doc = doc_from(
            "“300 members of Nouriddeen al-Zinki movement and 100 fighters of Jeish al-Mujahedeen entered the Syrian territories from Bab al-Salama passage,” the sources said.",
            None,
        );
        ActorStage.run(&mut doc);
        let got = ids(&doc);
        assert!(got.iter().any(|(_, id)| id == "zenki"), "{got:?}");
        assert!(
            got.iter()
                .any(|(t, id)| id == "jaish-mujahideen" && t.contains("Jeish")),
            "{got:?}"
        );
    }

    #[test]
    fn generic_absorbed_by_named_group() {
        let mut doc = doc_from(
            "The Syrian army killed several Moroccan militants of Ahrar al-Sham Movement terrorist group in the Northern part of Lattakia on Sunday.",
            None,
        );
        ActorStage.run(&mut doc);
        let got = ids(&doc);
        assert_eq!(got[0].1, "sy-army");
        assert_eq!(got[1].1, "ahrar-sham");
        assert!(got[1].0.starts_with("militants of Ahrar"), "{got:?}");
    }

    #[test]
    fn generic_referents_stay_generic() {
        let mut doc = doc_from(
            "A number of armed men were killed during intense clashes with Syrian troops in Aleppo.",
            None,
        );
        ActorStage.run(&mut doc);
        let got = ids(&doc);
        assert_eq!(
            got,
            vec![
                ("armed men", "generic-militants".to_string()),
                ("Syrian troops", "sy-army".to_string())
            ]
        );
    }

    #[test]
    fn renamed_group_resolved_by_publication_date() {
        let text = "Terrorist groups associated with Jabhat al-Nusra attacked Syrian government-controlled areas in Aleppo and Idlib on November 27, said Oleg Ignasyuk.";
        let mut doc = doc_from(text, NaiveDate::from_ymd_opt(2024, 11, 28));
        ActorStage.run(&mut doc);
        let nusra = mention_with(&doc, "Nusra");
        assert_eq!(nusra.def().id, "hts");
        assert_eq!(dict().defs[nusra.as_written].id, "jabhat-nusra");
        // the same sentence in 2014 is still al-Nusra
        let mut doc = doc_from(text, NaiveDate::from_ymd_opt(2014, 11, 28));
        ActorStage.run(&mut doc);
        let nusra = mention_with(&doc, "Nusra");
        assert_eq!(nusra.def().id, "jabhat-nusra");
    }

    #[test]
    fn undated_text_naming_successor_resolves_predecessor() {
        let mut doc = doc_from(
            "Terrorist groups associated with Jabhat al-Nusra attacked Aleppo. The attackers, identified as members of the Hayat Tahrir al-Sham terrorist organization, violated the agreement.",
            None,
        );
        ActorStage.run(&mut doc);
        let nusra = mention_with(&doc, "Nusra");
        assert_eq!(nusra.def().id, "hts");
    }

    #[test]
    fn country_adjective_picks_state_forces() {
        let mut doc = doc_from(
            "The Syrian and Russian fighter jets pounded the positions of al-Nusra Front. Russian warplanes hit Idlib.",
            None,
        );
        ActorStage.run(&mut doc);
        let got = ids(&doc);
        // the coordinated adjective goes with the nearest noun
        assert_eq!(got[0], ("Russian fighter jets", "ru-forces".to_string()));
        assert!(
            got.iter()
                .any(|(t, id)| *t == "Russian warplanes" && id == "ru-forces"),
            "{got:?}"
        );
    }

    #[test]
    fn adjective_of_another_mention_not_taken() {
        let mut doc = doc_from(
            "The Syrian army pounded the military positions of the Takfiri terrorists.",
            None,
        );
        ActorStage.run(&mut doc);
        assert_eq!(ids(&doc)[0].0, "Syrian army");
    }

    #[test]
    fn qualifiers_are_not_actors() {
        let mut doc = doc_from(
            "Local forces have killed more than 100 al-Qaeda linked terrorists in Idlib.",
            None,
        );
        ActorStage.run(&mut doc);
        assert_eq!(
            ids(&doc),
            vec![("terrorists", "generic-militants".to_string())]
        );
    }

    #[test]
    fn pronoun_carried_from_previous_sentence() {
        let mut doc = doc_from(
            "The army regained full control of Kafar Hamra. They also seized a village.",
            None,
        );
        ActorStage.run(&mut doc);
        let they = doc.actors.iter().find(|m| m.referent).unwrap();
        assert_eq!(doc.slice(they.span), "They");
        assert_eq!(they.def().id, "state-forces");
    }
}
