/*!
Casualty counts: a quantity tied to people killed, wounded or arrested.

A number only becomes a toll when the clause ties it to a casualty word
(`data/lexicon/casualty_words.tsv`):

- subject:  "At least 120 gunmen have been killed", "Dozens of civilians have been killed"
- object:   "killed 80 militants", "killing dozens of Syrian soldiers", "arrested eight armed men"
- noun:     "120 deaths", "the casualties ... have risen to at least 137"
- no number: "inflicted heavy losses", "a heavy death toll" (count unknown, never 0), and a
  singular victim ("a soldier was killed", "man shot") counts one.

Distances, ages, unit names, durations and counts of things never reach a casualty word
with a person noun between, so they are not tolls. Cumulative war totals ("has claimed
more than 240,000 lives since 2011"), negated ("no one was hurt") and hypothetical ("could
suffer heavy losses") casualties are dropped.
*/

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use crate::claim::{Count, Victims};
use crate::doc::{Document, Layer, Span, Token, TokenKind};
use crate::pipeline::Stage;
use crate::recognise::quantity::Quantity;

/// The casualty lexicon, as shipped.
pub const CASUALTY_WORDS_TSV: &str = include_str!("../../data/lexicon/casualty_words.tsv");

/// What happened to the counted people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CasualtyKind {
    /// Killed.
    Killed,
    /// Wounded.
    Injured,
    /// Killed and wounded together ("casualties", "killed or wounded").
    Combined,
    /// Hit by gunfire, fate not stated ("four shot"): wounded unless also counted as killed.
    Shot,
    /// Arrested, detained or captured.
    Arrested,
}

/// A casualty count found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Casualty {
    /// Sentence index.
    pub sentence: usize,
    /// What happened to them.
    pub kind: CasualtyKind,
    /// The count; its `span` covers number, victims and casualty word.
    pub count: Count,
    /// The casualty word(s).
    pub trigger: Span,
    /// The number the count was read from; `None` for a singular victim or no number.
    pub quantity: Option<Span>,
}

/// The casualty stage: writes [`Document::casualties`].
#[derive(Clone, Copy, Debug, Default)]
pub struct CasualtyRecogniser;

impl Stage for CasualtyRecogniser {
    fn name(&self) -> &'static str {
        "casualties"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Quantities]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Casualties]
    }
    fn run(&self, doc: &mut Document) {
        let lex = Lexicon::get();
        let mut out = Vec::new();
        let mut q = 0;
        for (si, s) in doc.sentences.iter().enumerate() {
            while q < doc.quantities.len() && doc.quantities[q].first_token < s.first_token {
                q += 1;
            }
            let mut qe = q;
            while qe < doc.quantities.len() && doc.quantities[qe].first_token < s.end_token {
                qe += 1;
            }
            let ctx = SentenceCtx {
                tokens: &doc.tokens,
                first: s.first_token,
                end: s.end_token,
                quantities: &doc.quantities[q..qe],
                lex,
            };
            if ctx.is_cumulative() {
                continue;
            }
            for c in ctx.casualties() {
                out.push(Casualty { sentence: si, ..c });
            }
        }
        doc.casualties = out;
    }
}

/// Word classes of the casualty lexicon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WordClass {
    Kill,
    KillNoun,
    Injure,
    InjureNoun,
    Shoot,
    CombinedNoun,
    Arrest,
    Victim(Victims),
}

impl WordClass {
    fn is_trigger(self) -> bool {
        !matches!(self, WordClass::Victim(_))
    }
    fn is_noun(self) -> bool {
        matches!(
            self,
            WordClass::KillNoun | WordClass::InjureNoun | WordClass::CombinedNoun
        )
    }
    fn kind(self) -> CasualtyKind {
        match self {
            WordClass::Kill | WordClass::KillNoun => CasualtyKind::Killed,
            WordClass::Injure | WordClass::InjureNoun => CasualtyKind::Injured,
            WordClass::Shoot => CasualtyKind::Shot,
            WordClass::CombinedNoun => CasualtyKind::Combined,
            WordClass::Arrest => CasualtyKind::Arrested,
            WordClass::Victim(_) => CasualtyKind::Killed,
        }
    }
}

/// The loaded casualty lexicon: phrases keyed by their first word, longest first.
struct Lexicon {
    by_first: HashMap<String, Vec<(Vec<String>, WordClass)>>,
}

impl Lexicon {
    fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| Lexicon::parse(CASUALTY_WORDS_TSV))
    }

    fn parse(tsv: &str) -> Lexicon {
        let mut by_first: HashMap<String, Vec<(Vec<String>, WordClass)>> = HashMap::default();
        for line in tsv.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 2 {
                continue;
            }
            let class = match (cols[1], cols.get(2).copied().unwrap_or("")) {
                ("kill", _) => WordClass::Kill,
                ("kill_noun", _) => WordClass::KillNoun,
                ("injure", _) => WordClass::Injure,
                ("injure_noun", _) => WordClass::InjureNoun,
                ("shoot", _) => WordClass::Shoot,
                ("combined_noun", _) => WordClass::CombinedNoun,
                ("arrest", _) => WordClass::Arrest,
                ("victim", "militants") => WordClass::Victim(Victims::Militants),
                ("victim", "soldiers") => WordClass::Victim(Victims::Soldiers),
                ("victim", "civilians") => WordClass::Victim(Victims::Civilians),
                ("victim", _) => WordClass::Victim(Victims::Unknown),
                _ => continue,
            };
            let words: Vec<String> = cols[0].split(' ').map(str::to_string).collect();
            by_first
                .entry(words[0].clone())
                .or_default()
                .push((words, class));
        }
        for v in by_first.values_mut() {
            v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        Lexicon { by_first }
    }

    /// Longest entry at `tokens[i..end]` satisfying `want`: (length, class).
    fn match_at(
        &self,
        tokens: &[Token],
        i: usize,
        end: usize,
        want: impl Fn(WordClass) -> bool,
    ) -> Option<(usize, WordClass)> {
        if i >= end || i >= tokens.len() {
            return None;
        }
        let entries = self.by_first.get(tokens[i].norm.as_str())?;
        entries.iter().find_map(|(words, class)| {
            let fits =
                i + words.len() <= end && words.iter().zip(&tokens[i..]).all(|(w, t)| *w == t.norm);
            (fits && want(*class)).then_some((words.len(), *class))
        })
    }
}

/// A trigger found in a sentence: token range and class.
#[derive(Clone, Copy, Debug)]
struct Trigger {
    first: usize,
    end: usize,
    class: WordClass,
    combined: bool,
}

/// Words that may stand between a subject and its casualty verb.
const AUX: &[&str] = &[
    "were",
    "was",
    "have",
    "has",
    "had",
    "been",
    "be",
    "being",
    "are",
    "is",
    "reportedly",
    "also",
    "all",
    "allegedly",
    "later",
    "apparently",
    "got",
    "get",
    "now",
    "already",
    "subsequently",
    "then",
    "reported",
    "confirmed",
    "said",
    "believed",
    "to",
    "feared",
    "who",
    "that",
    "fatally",
    "critically",
    "seriously",
    "slightly",
    "mortally",
    "badly",
    "each",
    "found",
    "eventually",
];

/// Words that may stand between a casualty word and the number after it.
const TO_OBJECT: &[&str] = &[
    "of",
    "the",
    "at",
    "to",
    "rose",
    "risen",
    "reached",
    "climbed",
    "stood",
    "stands",
    "stand",
    "has",
    "have",
    "had",
    "is",
    "was",
    "jumped",
    "increased",
    "hit",
    "soared",
    "now",
];

/// Words after a number that make it a measure, not a count of people.
const UNITS: &[&str] = &[
    "km",
    "kms",
    "kilometers",
    "kilometres",
    "kilometer",
    "kilometre",
    "miles",
    "mile",
    "meters",
    "metres",
    "meter",
    "metre",
    "kg",
    "kilograms",
    "kilogram",
    "kilos",
    "tons",
    "tonnes",
    "pounds",
    "lbs",
    "hours",
    "hour",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "minutes",
    "minute",
    "seconds",
    "times",
    "percent",
    "per",
    "%",
    "dollars",
    "$",
    "feet",
    "foot",
    "rounds",
    "shots",
    "am",
    "pm",
    "a.m",
    "p.m",
    "caliber",
    "calibre",
    "cal",
    "mm",
    "yards",
    "inches",
    "acres",
    "hectares",
    "o'clock",
];

/// Prepositions and clause words a subject noun phrase does not cross.
const BARRIERS: &[&str] = &[
    "in",
    "on",
    "at",
    "near",
    "during",
    "with",
    "after",
    "since",
    "from",
    "by",
    "for",
    "as",
    "while",
    "when",
    "which",
    "said",
    "says",
    "say",
    "than",
    "into",
    "across",
    "against",
    "following",
    "before",
    "over",
    "under",
    "killed",
    "killing",
    "kill",
    "wounded",
    "injured",
    "arrested",
    "where",
    "because",
    "but",
    "if",
    "announced",
    "added",
    "stated",
    "told",
];

/// Words between casualty verbs of one victim ("shot, head, killed").
const BODY_PARTS: &[&str] = &[
    "head", "chest", "leg", "legs", "back", "neck", "arm", "arms", "face", "hip", "stomach",
    "abdomen", "foot", "hand", "torso", "buttocks", "shoulder", "thigh", "groin", "side",
];

/// Words that open a singular object noun phrase.
const DETERMINERS: &[&str] = &[
    "a", "an", "one", "his", "her", "their", "its", "another", "ex", "the", "my", "own",
];

const MODALS: &[&str] = &[
    "could",
    "would",
    "may",
    "might",
    "will",
    "shall",
    "should",
    "can",
    "threatened",
    "vowed",
    "warned",
    "risk",
    "fear",
    "avoid",
    "prevent",
    "prevented",
];

const NEGATIONS: &[&str] = &[
    "no", "not", "none", "without", "never", "nobody", "n't", "zero",
];

/// One sentence's tokens and quantities.
struct SentenceCtx<'a> {
    tokens: &'a [Token],
    first: usize,
    end: usize,
    quantities: &'a [Quantity],
    lex: &'static Lexicon,
}

impl SentenceCtx<'_> {
    fn norm(&self, i: usize) -> &str {
        if i >= self.first && i < self.end {
            self.tokens[i].norm.as_str()
        } else {
            ""
        }
    }

    /// A war-long total rather than one incident's toll.
    fn is_cumulative(&self) -> bool {
        let words: Vec<&str> = (self.first..self.end).map(|i| self.norm(i)).collect();
        let conflict = words.iter().any(|w| {
            matches!(
                *w,
                "war"
                    | "conflict"
                    | "crisis"
                    | "unrest"
                    | "turmoil"
                    | "uprising"
                    | "revolution"
                    | "insurgency"
                    | "violence"
            )
        });
        if !conflict {
            return false;
        }
        words.windows(2).any(|w| {
            matches!(
                (w[0], w[1]),
                ("since", _)
                    | ("so", "far")
                    | ("to", "date")
                    | ("until", "now")
                    | ("in", "total")
                    | ("the", "war")
                    | ("the", "conflict")
                    | ("the", "turmoil")
                    | ("the", "unrest")
                    | ("the", "crisis")
                    | ("the", "uprising")
                    | ("flared", _)
                    | ("erupted", _)
                    | ("began", _)
            )
        })
    }

    fn triggers(&self) -> Vec<Trigger> {
        let mut out: Vec<Trigger> = Vec::new();
        let mut i = self.first;
        while i < self.end {
            match self
                .lex
                .match_at(self.tokens, i, self.end, WordClass::is_trigger)
            {
                Some((n, class)) => {
                    out.push(Trigger {
                        first: i,
                        end: i + n,
                        class,
                        combined: class == WordClass::CombinedNoun,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        // "killed and wounded", "killed or injured", "dead and wounded": one combined count.
        let mut merged: Vec<Trigger> = Vec::new();
        for t in out {
            if let Some(prev) = merged.last_mut() {
                let gap: Vec<&str> = (prev.end..t.first).map(|k| self.norm(k)).collect();
                let joined = matches!(gap.as_slice(), ["and"] | ["or"] | ["and", "/", "or"]);
                let pair = matches!(
                    (prev.class.kind(), t.class.kind()),
                    (CasualtyKind::Killed, CasualtyKind::Injured)
                        | (CasualtyKind::Injured, CasualtyKind::Killed)
                );
                if joined && pair {
                    prev.end = t.end;
                    prev.combined = true;
                    continue;
                }
            }
            merged.push(t);
        }
        merged
    }

    fn quantity_ending_at(&self, end: usize) -> Option<&Quantity> {
        self.quantities.iter().find(|q| q.end_token == end)
    }

    fn quantity_starting_at(&self, first: usize) -> Option<&Quantity> {
        self.quantities.iter().find(|q| q.first_token == first)
    }

    fn victim_at(&self, i: usize) -> Option<(usize, Victims)> {
        match self.lex.match_at(self.tokens, i, self.end, |c| {
            matches!(c, WordClass::Victim(_))
        }) {
            Some((n, WordClass::Victim(v))) => Some((n, v)),
            _ => None,
        }
    }

    /// Is the number a measure, an age, a year or a time rather than a count of people?
    fn is_measure(&self, q: &Quantity) -> bool {
        let next = self.norm(q.end_token);
        if UNITS.contains(&next) {
            return true;
        }
        // Dates, fractions and times written with digits: "1/4", "12/6", "9:45".
        let glued = |a: usize, b: usize| {
            a < self.tokens.len()
                && b < self.tokens.len()
                && self.tokens[a].span.end == self.tokens[b].span.start
        };
        if (matches!(next, "/" | ":") && glued(q.end_token - 1, q.end_token))
            || (q.first_token > self.first
                && matches!(self.norm(q.first_token - 1), "/" | ":" | "#")
                && glued(q.first_token - 1, q.first_token))
        {
            return true;
        }
        let after = self.norm(q.end_token + 1);
        if next == "-"
            && ["year", "month", "day", "week"]
                .iter()
                .any(|u| after.starts_with(u))
        {
            return true;
        }
        // "Man 28 stabbed to death": a number right after a singular person noun is an age.
        if q.first_token > self.first && !q.vague {
            let prev = self.norm(q.first_token - 1);
            if self.victim_at(q.first_token - 1).is_some() && is_singular(prev) && prev != "self" {
                return true;
            }
        }
        if matches!(next, "year" | "years") && self.norm(q.end_token + 1) == "old" {
            return true;
        }
        let t = &self.tokens[q.end_token - 1];
        if !q.vague && t.kind == TokenKind::Number && t.norm.len() == 4 {
            if let Ok(y) = t.norm.parse::<u32>() {
                return (1900..=2100).contains(&y);
            }
        }
        false
    }

    fn casualties(&self) -> Vec<Casualty> {
        let mut out = Vec::new();
        let mut used: Vec<Span> = Vec::new();
        for t in self.triggers() {
            if self.negated_or_hypothetical(&t) {
                continue;
            }
            let Some(mut c) = self.count_for(&t) else {
                continue;
            };
            // One number is one count: the same quantity is not read twice.
            if let Some(q) = c.quantity {
                if used.contains(&q) {
                    continue;
                }
                used.push(q);
            }
            if t.combined {
                c.kind = CasualtyKind::Combined;
                c.count.combined = true;
            }
            out.push(c);
        }
        out
    }

    fn negated_or_hypothetical(&self, t: &Trigger) -> bool {
        let from = t.first.saturating_sub(4).max(self.first);
        (from..t.first).any(|k| {
            let w = self.norm(k);
            MODALS.contains(&w) || NEGATIONS.contains(&w)
        })
    }

    fn make(
        &self,
        t: &Trigger,
        q: Option<&Quantity>,
        victims: Victims,
        from: usize,
        end: usize,
    ) -> Casualty {
        let span = Span::new(self.tokens[from].span.start, self.tokens[end - 1].span.end);
        let (low, best, high, exact) = match q {
            Some(q) => (q.low, q.best, q.high, q.exact),
            None => (None, None, None, false),
        };
        Casualty {
            sentence: 0,
            kind: t.class.kind(),
            count: Count {
                low,
                best,
                high,
                exact,
                combined: t.combined,
                victims,
                implied: false,
                span,
            },
            trigger: Span::new(
                self.tokens[t.first].span.start,
                self.tokens[t.end - 1].span.end,
            ),
            quantity: q.map(|q| q.span),
        }
    }

    /// Finds the number and the victims a trigger counts.
    fn count_for(&self, t: &Trigger) -> Option<Casualty> {
        // Active voice ("officer shot a man", "killed 80 militants"): the object is counted.
        let passive = self.is_passive(t);
        if !passive && !t.class.is_noun() {
            if let Some(c) = self.object_count(t) {
                return Some(c);
            }
        }
        // 1. Subject before the trigger: "[Q] [words] VICTIM [aux] TRIGGER" or "Q TRIGGER".
        let k = self.subject_end(t.first);
        // k is one past the last token of the subject noun phrase.
        let mut victims: Vec<Victims> = Vec::new();
        let mut singular_head = false;
        let mut np_start = t.first;
        let mut j = k;
        let np_limit = k.saturating_sub(10).max(self.first);
        while j > np_limit {
            if let Some(q) = self.quantity_ending_at(j) {
                if self.is_measure(q) {
                    break;
                }
                let victims_here = self.victims_between(q.end_token, k);
                // "120 killed" or "120 gunmen ... killed"; not "numerous counts of murder".
                if victims_here.is_empty() && q.end_token != k {
                    break;
                }
                let group = self.group_of(&victims_here, q.first_token);
                return Some(self.make(t, Some(q), group, q.first_token, t.end));
            }
            let w = self.norm(j - 1);
            let tok = &self.tokens[j - 1];
            if tok.kind == TokenKind::Punct && !matches!(w, "-" | "'") {
                break;
            }
            if BARRIERS.contains(&w) || (w == "and" && j < k) {
                break;
            }
            if let Some((_, v)) = self.victim_at(j - 1) {
                if victims.is_empty() && j == k {
                    singular_head = is_singular(w);
                }
                victims.push(v);
                np_start = j - 1;
            }
            j -= 1;
        }
        let subject_victims = victims;

        // 2. Object after the trigger: "the toll rose to 70", passive "killed 12 ..." rarely.
        if let Some(c) = self.object_count(t) {
            return Some(c);
        }

        // A toll noun whose number comes later: "the casualties of X have risen to 137".
        if t.class.is_noun() {
            if let Some(c) = self.toll_later(t) {
                return Some(c);
            }
        }
        // A casualty noun with no number: "inflicted heavy losses on militants".
        if t.class.is_noun() && self.loss_context(t) {
            let suffered = (t.first.saturating_sub(3).max(self.first)..t.first).any(|k| {
                matches!(
                    self.norm(k),
                    "suffered" | "suffering" | "sustained" | "incurred"
                )
            });
            let group = if suffered {
                self.group_of(&subject_victims, j)
            } else {
                self.victims_after_on(t.end).unwrap_or_default()
            };
            let from = t.first.saturating_sub(1).max(self.first);
            return Some(self.make(t, None, group, from, t.end));
        }
        // 3. No number: a singular victim counts one; otherwise the count is unknown.
        if !subject_victims.is_empty() && !t.class.is_noun() {
            let group = self.group_of(&subject_victims, j);
            if singular_head {
                let mut c = self.make(t, None, group, np_start, t.end);
                c.count.low = Some(1);
                c.count.best = Some(1);
                c.count.high = Some(1);
                c.count.exact = true;
                c.count.implied = true;
                return Some(c);
            }
            return Some(self.make(t, None, group, np_start, t.end));
        }
        None
    }

    /// "the casualties of the ISIL ... have risen to at least 137", "the death toll stood at 70".
    fn toll_later(&self, t: &Trigger) -> Option<Casualty> {
        let limit = (t.end + 16).min(self.end);
        let verb = (t.end..limit)
            .take_while(|&k| !matches!(self.norm(k), ";" | "said" | "says"))
            .find(|&k| {
                matches!(
                    self.norm(k),
                    "rose"
                        | "risen"
                        | "reached"
                        | "climbed"
                        | "stood"
                        | "stands"
                        | "increased"
                        | "jumped"
                        | "soared"
                        | "mounted"
                        | "hit"
                        | "put"
                )
            })?;
        let mut o = verb + 1;
        while o < self.end && o < verb + 4 && self.quantity_starting_at(o).is_none() {
            if !TO_OBJECT.contains(&self.norm(o)) {
                return None;
            }
            o += 1;
        }
        let q = self.quantity_starting_at(o)?;
        if self.is_measure(q) {
            return None;
        }
        let (group, vend) = self.victims_after(q.end_token);
        let group = group.unwrap_or_else(|| {
            let between = self.victims_between(t.end, verb);
            self.group_of(&between, t.end)
        });
        Some(self.make(t, Some(q), group, t.first, vend.max(q.end_token)))
    }

    /// "were killed", "was shot", "have been wounded": the subject is the victim.
    fn is_passive(&self, t: &Trigger) -> bool {
        let mut k = t.first;
        while k > self.first {
            let w = self.norm(k - 1);
            if matches!(
                w,
                "was" | "were" | "been" | "is" | "are" | "being" | "be" | "got" | "get" | "found"
            ) {
                return true;
            }
            if !matches!(
                w,
                "reportedly"
                    | "allegedly"
                    | "also"
                    | "all"
                    | "later"
                    | "fatally"
                    | "critically"
                    | "seriously"
                    | "then"
                    | "subsequently"
                    | "eventually"
                    | "apparently"
            ) {
                return false;
            }
            k -= 1;
        }
        false
    }

    /// One past the subject noun phrase of the verb at `first`: skips auxiliaries and a
    /// chain of casualty verbs sharing the subject ("Man shot, head, killed").
    fn subject_end(&self, first: usize) -> usize {
        let mut k = first;
        loop {
            while k > self.first && AUX.contains(&self.norm(k - 1)) {
                k -= 1;
            }
            // "shot , killed", "shot / killed", "shot , head , killed", "wounded and killed"
            let mut c = k;
            let mut steps = 0;
            while c > self.first
                && steps < 4
                && (matches!(self.norm(c - 1), "," | "/" | "and" | ";")
                    || BODY_PARTS.contains(&self.norm(c - 1)))
            {
                c -= 1;
                steps += 1;
            }
            if c < k && c > self.first {
                if let Some(prev) = (self.first..c).rev().take(3).find(|&p| {
                    self.lex
                        .match_at(self.tokens, p, self.end, WordClass::is_trigger)
                        .is_some_and(|(n, cl)| p + n == c && !cl.is_noun())
                }) {
                    k = prev;
                    continue;
                }
            }
            return k;
        }
    }

    /// The count in the verb's object: "killed 80 militants", "killing dozens of Syrian
    /// soldiers", "shot a man", "killed his wife", "shot himself", "the toll rose to 70".
    fn object_count(&self, t: &Trigger) -> Option<Casualty> {
        let mut o = t.end;
        let mut skipped = 0;
        while o < self.end && skipped < 4 && TO_OBJECT.contains(&self.norm(o)) {
            if self.quantity_starting_at(o).is_some() {
                break;
            }
            o += 1;
            skipped += 1;
        }
        if let Some(q) = self.quantity_starting_at(o) {
            if self.is_measure(q) {
                return None;
            }
            let (group, vend) = self.victims_after(q.end_token);
            let ok_without_noun = t.class.is_noun()
                || matches!(
                    self.norm(q.end_token),
                    "" | "." | "," | ";" | "people" | "others"
                );
            if group.is_some() || ok_without_noun {
                let end = vend.max(q.end_token).max(t.end);
                return Some(self.make(t, Some(q), group.unwrap_or_default(), t.first, end));
            }
            return None;
        }
        if t.class.is_noun() {
            return None;
        }
        // A single person as object: "shot a man", "killed his wife", "shot himself".
        let mut a = t.end;
        let mut det = false;
        while a < self.end && a < t.end + 3 && DETERMINERS.contains(&self.norm(a)) {
            a += 1;
            det = true;
        }
        let (n, v) = self.victim_at(a)?;
        let w = self.norm(a + n - 1);
        let pronoun = matches!(w, "himself" | "herself" | "self");
        if !(is_singular(w) && (det || pronoun || a == t.end)) || w == "all" {
            return None;
        }
        let mut c = self.make(t, None, v, t.first, a + n);
        c.count.low = Some(1);
        c.count.best = Some(1);
        c.count.high = Some(1);
        c.count.exact = true;
        c.count.implied = true;
        Some(c)
    }

    /// "heavy losses", "inflicted casualties", "a heavy death toll".
    fn loss_context(&self, t: &Trigger) -> bool {
        let from = t.first.saturating_sub(3).max(self.first);
        (from..t.first).any(|k| {
            matches!(
                self.norm(k),
                "heavy"
                    | "major"
                    | "significant"
                    | "serious"
                    | "huge"
                    | "big"
                    | "great"
                    | "considerable"
                    | "severe"
                    | "large"
                    | "massive"
                    | "inflicted"
                    | "inflicting"
                    | "suffered"
                    | "suffering"
                    | "sustained"
                    | "caused"
                    | "causing"
                    | "heavier"
                    | "high"
            )
        })
    }

    /// "losses on the militants": who suffered them.
    fn victims_after_on(&self, mut i: usize) -> Option<Victims> {
        if !matches!(self.norm(i), "on" | "among" | "in") {
            return None;
        }
        i += 1;
        for k in i..(i + 4).min(self.end) {
            if let Some((_, v)) = self.victim_at(k) {
                return Some(v);
            }
        }
        None
    }

    /// Victim nouns between the quantity and the verb ("120 [gunmen] have been killed").
    fn victims_between(&self, from: usize, to: usize) -> Vec<Victims> {
        let mut out = Vec::new();
        let mut k = from;
        while k < to {
            if let Some((n, v)) = self.victim_at(k) {
                out.push(v);
                k += n;
            } else {
                k += 1;
            }
        }
        out
    }

    /// Victim noun right after a quantity ("80 [Takfiri] militants"): group and end token.
    fn victims_after(&self, from: usize) -> (Option<Victims>, usize) {
        let mut found = Vec::new();
        let mut end = from;
        let mut k = from;
        while k < (from + 6).min(self.end) {
            let w = self.norm(k);
            if let Some((n, v)) = self.victim_at(k) {
                found.push(v);
                k += n;
                end = k;
                // "soldiers and civilians": keep reading a coordinated noun.
                if self.norm(k) == "and" || self.norm(k) == "," {
                    k += 1;
                    continue;
                }
                break;
            }
            if self.tokens[k].kind == TokenKind::Punct && w != "-" || BARRIERS.contains(&w) {
                break;
            }
            k += 1;
        }
        if found.is_empty() {
            return (None, from);
        }
        (Some(self.group_of(&found, from)), end)
    }

    /// One group for a count's victims; pronouns look back for their noun.
    fn group_of(&self, found: &[Victims], before: usize) -> Victims {
        let mut known: Vec<Victims> = found
            .iter()
            .copied()
            .filter(|v| *v != Victims::Unknown)
            .collect();
        known.dedup();
        match known.as_slice() {
            [] => {
                // "a large number of them": the noun "them" stands for.
                let pronoun = (before..(before + 8).min(self.end))
                    .any(|k| matches!(self.norm(k), "them" | "they" | "whom"));
                if pronoun {
                    for k in (self.first..before).rev() {
                        if let Some((_, v)) = self.victim_at(k) {
                            if v != Victims::Unknown {
                                return v;
                            }
                        }
                    }
                }
                Victims::Unknown
            }
            [one] => *one,
            many if many.iter().all(|v| *v == many[0]) => many[0],
            _ => Victims::Mixed,
        }
    }
}

/// Is a victim noun singular ("soldier", "man", "himself")?
fn is_singular(w: &str) -> bool {
    const PLURAL_IRREGULAR: &[&str] = &[
        "men",
        "women",
        "children",
        "people",
        "police",
        "personnel",
        "gunmen",
        "policemen",
        "servicemen",
        "militiamen",
        "kids",
        "themselves",
        "them",
        "all",
        "both",
        "each other",
        "passersby",
        "relatives",
        "teens",
    ];
    if PLURAL_IRREGULAR.contains(&w) {
        return false;
    }
    !w.ends_with('s') || w.ends_with("ss") || matches!(w, "himself" | "herself")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;
    use crate::pipeline::Stage;
    use crate::recognise::profile::{CodingProfile, ProfileName};
    use crate::recognise::quantity::QuantityRecogniser;
    use crate::segment::Segmenter;
    use std::sync::Arc;

    /// (kind, low, high, exact, combined, victims) of each casualty in `text`.
    /// (kind, low, high, exact, combined, victims)
    type Seen = (CasualtyKind, Option<u64>, Option<u64>, bool, bool, Victims);

    fn counts(text: &str) -> Vec<Seen> {
        let mut doc = Document {
            text: text.to_string(),
            ..Default::default()
        };
        Segmenter.run(&mut doc);
        QuantityRecogniser::new(Arc::new(CodingProfile::load(ProfileName::Acled))).run(&mut doc);
        CasualtyRecogniser.run(&mut doc);
        doc.casualties
            .iter()
            .map(|c| {
                let k = &c.count;
                (c.kind, k.low, k.high, k.exact, k.combined, k.victims)
            })
            .collect()
    }

    use CasualtyKind::*;
    use Victims::*;

    #[test]
    fn subject_counts_from_the_seeds() {
        assert_eq!(
            counts("At least 120 gunmen have been killed in clashes near the Syrian city of Aleppo as the country's army makes fresh advances in the strategic city."),
            [(Killed, Some(120), None, false, false, Militants)]
        );
        assert_eq!(
            counts("A number of armed men were killed during intense clashes with Syrian troops in the al-Lirmoun neighborhood of Aleppo city, situated 310 kilometers (193 miles) north of the capital Damascus, on Sunday, the official SANA news agency reported."),
            [(Killed, Some(2), None, false, false, Militants)]
        );
        assert_eq!(
            counts("Scores of Takfiri terrorists were killed and wounded in tough battle with the Syrian government forces."),
            [(Combined, Some(20), Some(199), false, true, Militants)]
        );
    }

    #[test]
    fn object_counts_from_the_seeds() {
        assert_eq!(
            counts("Local forces in Syria backed by popular defense forces have killed more than 100 al-Qaeda linked terrorists during a series of violent clashes in the northwestern Syrian province of Idlib, a report says."),
            [(Killed, Some(101), None, false, false, Militants)]
        );
        assert_eq!(
            counts("Last week, it was reported that HTS members had overrun many government-controlled areas in northern Syria, killing dozens of Syrian soldiers."),
            [(Killed, Some(12), Some(99), false, false, Soldiers)]
        );
        assert_eq!(
            counts("Also on Sunday, a unit of soldiers arrested eight armed men in Aleppo, who had terrorized citizens and committed numerous counts of murder, robbery, and looting."),
            [(Arrested, Some(8), Some(8), true, false, Militants)]
        );
        assert_eq!(
            counts("Separately, Syrian government forces attacked gunmen and killed a large number of them in the Manaq, Rasm al-Abboud, Keshish, and al-Safira districts of Aleppo Province."),
            [(Killed, Some(10), None, false, false, Militants)]
        );
    }

    #[test]
    fn combined_counts_are_never_deaths_alone() {
        assert_eq!(
            counts("“Also, the casualties of the ISIL in their failed attacks on Deir Ezzur airbase have risen to at least 137, most of them non-Syrians,” they said."),
            [(Combined, Some(137), None, false, true, Unknown)]
        );
        assert_eq!(
            counts("The Syrian Army’s aircraft hit concentration centers of the al-Qaeda-affiliated al-Nusra Fronts in Qarnateh, al-Qajar, Keishin, Borj Qai, Deir Foul and Ezzeddin in the Northern part of Homs province, which ended in the killing or wounding of tens of the terrorists."),
            [(Combined, Some(10), Some(99), false, true, Militants)]
        );
    }

    #[test]
    fn losses_without_a_number_are_unknown_not_zero() {
        assert_eq!(
            counts("Syrian soldiers also inflicted heavy losses on militants in the al-Kelaseh, al-Sokri, Bab al-Neirab and Bani Zaid areas of Aleppo city."),
            [(Combined, None, None, false, true, Militants)]
        );
    }

    #[test]
    fn numbers_that_are_not_tolls() {
        // Distances, weights, ages, unit names, group sizes, durations, things, years.
        for text in [
            "Syrian Army troops also defused six explosive devices, weighing between 30 and 80 kilograms, near a hospital in Aleppo.",
            "Militants execute a 14-year old in Syria’s Aleppo",
            "“300 members of Nouriddeen al-Zinki movement and 100 fighters of Jeish al-Mujahedeen entered the Syrian territories from Bab al-Salama passage and moved towards the town of Kilis in the Northeastern side of the city of Azaz,” the sources said.",
            "Ignasyuk noted that militants had opened fire on Syrian government troops 12 times in Idlib province and once in Aleppo.",
            "The army units also continued their military advances in other parts of Syria, including Damascus and Lattakia over past 24 hours.",
            "The foreign-sponsored conflict in Syria, which flared in March 2011, has claimed more than 240,000 lives up until now, according to reports.",
            "Syria has been experiencing unrest since March 2011. Many people, including large numbers of security forces, have been killed in the turmoil.",
            "Militant leaders have warned Washington that they could suffer heavy losses without lethal support.",
        ] {
            let found: Vec<_> = counts(text).into_iter().filter(|c| c.1.is_some()).collect();
            assert!(found.is_empty(), "{text}: {found:?}");
        }
        // "the Base of 137th Brigade ... a number of the ISIL terrorists were killed or wounded"
        assert_eq!(
            counts("“In the meantime, the Base of 137th Brigade was another battlefield in the Southern side of the city, where a number of the ISIL terrorists were killed or wounded,” the sources added."),
            [(Combined, Some(2), None, false, true, Militants)]
        );
    }

    #[test]
    fn gun_violence_notes() {
        // From the Gun Violence Archive dev notes.
        assert_eq!(
            counts("Masked man opens fire, wounds 2 men in fast food restaurant."),
            [(Injured, Some(2), Some(2), true, false, Unknown)]
        );
        assert_eq!(
            counts("man shot and killed in car in parking lot"),
            [(Killed, Some(1), Some(1), true, false, Unknown)]
        );
        assert_eq!(
            counts("Man shot, injured; unclear.").first().map(|c| c.1),
            Some(Some(1))
        );
    }
}
