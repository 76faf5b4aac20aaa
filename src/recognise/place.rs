/*!
Place recognition: finds toponyms in the text and looks up their gazetteer candidates.

A toponym is a run of capitalised words ("Deir ez-Zor", "Ma`arrat an Nu`man", "Khan
Tuman"). Each run is matched against the gazetteer longest-first; a part of a longer run
(an organisation's or a person's name) counts only when it names a country, province or
city, or the text marks it as a place. Single words that are mostly common nouns in news
("Sunday", "Army", "Front": `data/places/not_places.txt`) and adjectives of nationality
("Syrian": `data/places/demonyms.tsv`, kept as country context) are never places.

Besides candidates, each [`PlaceMention`] keeps what the words around it say, for
resolution: a feature hint ("the province of Idlib", "Bab Amr neighbourhood"), a container
("in X, near Aleppo"), a distance and direction ("25 km north of Damascus"). A run the text
marks as a settlement ("the village of X") that the gazetteer lacks is kept with no
candidates, so that it becomes a location named as written.
*/

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use crate::doc::{Document, Layer, Span};
use crate::gazetteer::{fold, Answer, Candidate, Feature, Gazetteer, Place};
use crate::pipeline::{reuse_room, Stage};
use crate::recognise::claimant::is_reporting_verb;

/// What the surrounding words say a toponym is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hint {
    /// "province of", "governorate", "state of": a first-order division.
    Province,
    /// "X countryside", "the outskirts of X": the rural area around a city (precision 2).
    Countryside,
    /// "district of", "county": a second-order division.
    District,
    /// "town of", "village of": a settlement.
    Settlement,
    /// "city of", "X city": a city or town.
    City,
    /// "X neighbourhood", "the suburb of X": part of a city.
    Neighbourhood,
    /// "X airport", "X air base".
    Airport,
    /// "X camp".
    Camp,
    /// "country of".
    Country,
}

/// A distance and direction from another place: "25 km north of Damascus".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Offset {
    /// Index in [`Document::places`] of the place measured from.
    pub anchor: usize,
    /// Stated distance in kilometres.
    pub km: f64,
    /// Stated direction in degrees (0 = north), when given.
    pub bearing: Option<f64>,
}

/// One toponym in the text with its gazetteer candidates and its resolution.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMention {
    /// The words, in [`Document::text`].
    pub span: Span,
    /// Candidates, closest name first; empty for a marked place the gazetteer lacks.
    pub candidates: Candidates,
    /// What the surrounding words say it is.
    pub hint: Option<Hint>,
    /// True when the text marks it as a place (a hint, or "in/near/at X").
    pub marked: bool,
    /// Index of a place named as its container ("X, near Aleppo", "X in Idlib").
    pub container: Option<usize>,
    /// True when the text puts the event near the place rather than in it ("near X",
    /// "outside X", "X countryside").
    pub near: bool,
    /// "25 km north of Damascus".
    pub offset: Option<Offset>,
    /// Index of a place coordinated with it ("Darayya and Mo'adhamiyeh").
    pub partner: Option<usize>,
    /// True for an adjective or noun of nationality ("Syrian", "Americans"): a mention
    /// of the country that steers resolution but never locates a claim.
    pub adjective: bool,
    /// The chosen place, set by [`crate::resolve::place`]; `None` when unresolved.
    pub resolved: Option<Arc<Place>>,
}

/// A mention's gazetteer candidates: the gazetteer's answer for its name, shared with
/// every other mention of the name (and the gazetteer's memo), with the entries this
/// mention keeps. Sharing the answer spares a copy of every candidate for every mention.
#[derive(Clone, Debug)]
pub struct Candidates {
    all: Answer,
    /// Bit i set: `all[i]` is kept.
    keep: u64,
}

// a gazetteer answer never has more entries than the mask has bits
const _: () = assert!(crate::gazetteer::MAX_CANDIDATES <= 64);

impl Candidates {
    /// All of `all` (its first 64 entries: a gazetteer answer has at most
    /// [`crate::gazetteer::MAX_CANDIDATES`]).
    pub fn new(all: Answer) -> Candidates {
        let keep = match all.len() {
            n if n >= 64 => u64::MAX,
            n => (1u64 << n) - 1,
        };
        Candidates { all, keep }
    }

    /// The kept candidates, closest name first.
    pub fn iter(&self) -> CandidateIter<'_> {
        CandidateIter {
            all: &self.all,
            keep: self.keep,
        }
    }

    /// How many are kept.
    pub fn len(&self) -> usize {
        self.keep.count_ones() as usize
    }

    /// True when none is kept.
    pub fn is_empty(&self) -> bool {
        self.keep == 0
    }

    /// The `n`th kept candidate.
    pub fn get(&self, n: usize) -> Option<&Candidate> {
        self.iter().nth(n)
    }

    /// The first kept candidate.
    pub fn first(&self) -> Option<&Candidate> {
        self.iter().next()
    }

    /// Keeps only the candidates for which `f` is true.
    pub fn retain(&mut self, mut f: impl FnMut(&Candidate) -> bool) {
        for (i, c) in self.all.iter().take(64).enumerate() {
            if self.keep >> i & 1 == 1 && !f(c) {
                self.keep &= !(1u64 << i);
            }
        }
    }

    /// The kept candidates whose folded name is the written one's (distance 0). The
    /// gazetteer gives its answer closest first, so these lead the list and the walk stops
    /// at the first other one.
    pub fn exact(&self) -> impl Iterator<Item = &Candidate> {
        exact(self.iter())
    }

    /// Keeps only the candidates whose folded name is the written one's and for which
    /// `f` is true; like [`Candidates::exact`], it reads no candidate past the exact ones.
    pub fn retain_exact(&mut self, f: impl FnMut(&Candidate) -> bool) {
        let n = exact(self.all.iter().take(64)).count();
        self.keep &= if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
        self.retain(f);
    }

    /// Drops every candidate.
    pub fn clear(&mut self) {
        self.keep = 0;
    }
}

impl PartialEq for Candidates {
    fn eq(&self, other: &Candidates) -> bool {
        self.iter().eq(other.iter())
    }
}

impl<'a> IntoIterator for &'a Candidates {
    type Item = &'a Candidate;
    type IntoIter = CandidateIter<'a>;
    fn into_iter(self) -> CandidateIter<'a> {
        self.iter()
    }
}

/// The leading candidates of a list given closest first (as the gazetteer gives its
/// answers) whose folded name is the written one's.
pub fn exact<'c>(
    closest_first: impl IntoIterator<Item = &'c Candidate>,
) -> impl Iterator<Item = &'c Candidate> {
    closest_first.into_iter().take_while(|c| c.distance == 0)
}

/// The kept entries of a [`Candidates`], in order.
#[derive(Clone, Debug)]
pub struct CandidateIter<'a> {
    all: &'a [Candidate],
    /// The entries of `all` still to give: bit i is `all[i]`.
    keep: u64,
}

impl<'a> Iterator for CandidateIter<'a> {
    type Item = &'a Candidate;
    fn next(&mut self) -> Option<&'a Candidate> {
        if self.keep == 0 {
            return None;
        }
        let i = self.keep.trailing_zeros();
        self.keep &= self.keep - 1;
        self.all.get(i as usize)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.keep.count_ones() as usize;
        (n, Some(n))
    }
}

/// A country the document mentions without naming it as a place ("Syrian forces").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountryCue {
    /// The adjective.
    pub span: Span,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
}

fn not_places() -> &'static HashSet<&'static str> {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| word_list(include_str!("../../data/places/not_places.txt")).collect())
}

/// The words of a word-list file: one a line, `#` lines and blank lines skipped.
fn word_list(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `(word, ISO code, country name)` rows of `data/places/demonyms.tsv`.
fn demonyms() -> &'static [(&'static str, &'static str, &'static str)] {
    static S: OnceLock<Vec<(&'static str, &'static str, &'static str)>> = OnceLock::new();
    S.get_or_init(|| {
        include_str!("../../data/places/demonyms.tsv")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut c = l.split('\t');
                Some((c.next()?, c.next()?, c.next()?))
            })
            .collect()
    })
}

/// The `(ISO code, country name)` of an adjective or noun of nationality.
fn demonym(lower: &str) -> Option<(&'static str, &'static str)> {
    lexicon().get(lower).and_then(|l| l.nation)
}

/// What the word lists say of one lower-case word.
#[derive(Clone, Copy, Debug, Default)]
struct Lexeme {
    /// In `data/places/not_places.txt`.
    stop: bool,
    /// An adjective or noun of nationality (`data/places/demonyms.tsv`): the country's
    /// ISO code and name.
    nation: Option<(&'static str, &'static str)>,
    /// The first word of an adjective of nationality of several words ("sri").
    demonym_head: bool,
    /// In `data/places/given_names.txt`: never a place alone, yet a word of a person's
    /// name.
    given_name: bool,
}

/// Every word of the place word lists, with what they say of it: one hash look-up per
/// word instead of one per list.
fn lexicon() -> &'static HashMap<&'static str, Lexeme> {
    static M: OnceLock<HashMap<&'static str, Lexeme>> = OnceLock::new();
    M.get_or_init(|| {
        let mut m: HashMap<&'static str, Lexeme> = HashMap::default();
        for &w in not_places() {
            m.entry(w).or_default().stop = true;
        }
        for w in word_list(include_str!("../../data/places/given_names.txt")) {
            m.entry(w).or_default().given_name = true;
        }
        for &(d, cc, name) in demonyms() {
            m.entry(d).or_default().nation = Some((cc, name));
            if let Some((head, _)) = d.split_once(' ') {
                m.entry(head).or_default().demonym_head = true;
            }
        }
        m
    })
}

/// The capitalised runs of `ws` as `(first, end)` word ranges, into `out` (emptied first).
fn runs_into(ws: &[Word], out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut i = 0;
    while i < ws.len() {
        if !ws[i].cap {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < ws.len() && ws[end].joined {
            if ws[end].cap {
                end += 1;
            } else if is_connector(&ws[end].lower)
                && ws.get(end + 1).is_some_and(|n| n.cap && n.joined)
            {
                end += 2;
            } else {
                break;
            }
        }
        out.push((i, end));
        i = end;
    }
}

/// Days of the week and months (lower case), which follow a dateline's place in text
/// whose commas the source dropped; "may" is left out ("Theresa May").
fn is_date_word(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "january"
            | "february"
            | "march"
            | "april"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

/// True for a word that makes an adjective of a name: "Daesh-held", "Kurdish-controlled",
/// "Turkey-backed" (never a place's name).
fn is_name_adjective(w: &str) -> bool {
    const ENDINGS: [&str; 11] = [
        "-held",
        "-controlled",
        "-backed",
        "-led",
        "-based",
        "-majority",
        "-dominated",
        "-run",
        "-allied",
        "-occupied",
        "-linked",
    ];
    ENDINGS.iter().any(|e| w.len() > e.len() && w.ends_with(e))
}

/// Lower-case words that may join the capitalised words of one name ("Deir ez Zor",
/// "Ma`arrat an Nu`man", "Ras al Ain", Lebanon's "Meiss ej Jabal").
fn is_connector(w: &str) -> bool {
    matches!(
        w,
        "al" | "el"
            | "ad"
            | "ed"
            | "ash"
            | "esh"
            | "as"
            | "es"
            | "ar"
            | "er"
            | "an"
            | "en"
            | "at"
            | "et"
            | "az"
            | "ez"
            | "ej"
            | "ul"
            | "bin"
            | "ibn"
            | "bani"
            | "abu"
            | "de"
            | "del"
            | "la"
            | "le"
            | "du"
            | "des"
    )
}

/// The longest toponym tried, in words (connectors count: "Ma`arrat an Nu`man" is three).
const MAX_WORDS: usize = 5;

/// Words that never begin or end a name of several words.
fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "and"
            | "but"
            | "or"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "with"
            | "by"
            | "from"
            | "this"
            | "that"
            | "these"
            | "those"
            | "it"
            | "he"
            | "she"
            | "they"
            | "we"
            | "you"
            | "i"
            | "his"
            | "her"
            | "their"
            | "our"
            | "its"
            | "as"
            | "if"
            | "when"
            | "while"
    )
}

/// Words after which a capitalised word is a person, not a place.
fn is_title(w: &str) -> bool {
    matches!(
        w,
        "president"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "minister"
            | "general"
            | "gen"
            | "colonel"
            | "col"
            | "sheikh"
            | "king"
            | "prince"
            | "emir"
            | "commander"
            | "spokesman"
            | "spokeswoman"
            | "leader"
            | "brigadier"
            | "lieutenant"
            | "captain"
            | "sergeant"
            | "ambassador"
            | "envoy"
            | "senator"
            | "sen"
            | "rep"
            | "judge"
            | "mayor"
            | "governor"
            | "gov"
            | "officer"
            | "chief"
            | "reporter"
            | "correspondent"
            | "saint"
            | "st"
    )
}

/// Words after which a capitalised word is marked as a place ("in X", "shelled X").
fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "near"
            | "at"
            | "outside"
            | "from"
            | "to"
            | "toward"
            | "towards"
            | "into"
            | "around"
            | "across"
            | "through"
            | "of"
            | "on"
            | "off"
            | "via"
            | "besieged"
            | "entered"
            | "captured"
            | "seized"
            | "shelled"
            | "bombed"
            | "stormed"
    )
}

/// One word of the text.
#[derive(Clone, Debug)]
struct Word<'a> {
    start: usize,
    end: usize,
    /// Starts with a capital (after an optional "al-" prefix).
    cap: bool,
    /// The word in lower case (the word itself when it has no capitals).
    lower: Cow<'a, str>,
    /// Only spaces between this word and the one before.
    joined: bool,
}

fn is_mark(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | 'ʿ' | 'ʾ' | '´')
}

/// The words of `text` into `out`, which is cleared first (its room is kept for the next
/// document); `ascii_lower` is `text.to_ascii_lowercase()`, which an ASCII word's lower case
/// is borrowed from (the same bytes at the same offsets).
///
/// A word starts at a letter or digit, or at a hamza/ayn mark before a letter that follows
/// no letter or digit ("’Ain"); inside it, hyphens, marks and dots stay when a letter or
/// digit follows (a dot not when a second one follows too: "U.S" but not "Aleppo.The"),
/// and a final dot stays after an abbreviation ("U.S.").
fn words_into<'a>(text: &'a str, ascii_lower: &'a str, out: &mut Vec<Word<'a>>) {
    out.clear();
    out.reserve(text.len() / 6);
    let bytes = text.as_bytes();
    // the character at byte p: an ASCII byte is its own character (every p here is a char
    // boundary; a byte that is not is >= 0x80 and takes the general path)
    let at = |p: usize| match bytes.get(p) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => text.get(p..).and_then(|t| t.chars().next()),
        None => None,
    };
    let alnum_at = |p: usize| match bytes.get(p) {
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => at(p).is_some_and(char::is_alphanumeric),
        None => false,
    };
    let mut i = 0;
    let mut last_end = 0;
    while i < bytes.len() {
        // most bytes between words are ASCII spaces and punctuation: skipped at once
        i += run_of(&bytes[i..], |b| GAP_BYTE[usize::from(b)]);
        let Some(c) = at(i) else { break };
        let next_i = i + c.len_utf8();
        let starts = c.is_alphanumeric()
            || (is_mark(c)
                && at(next_i).is_some_and(char::is_alphabetic)
                && !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric));
        if !starts {
            i = next_i;
            continue;
        }
        let pos = i;
        let mut j = next_i;
        // what the scan meets, so that the word need not be read again
        let mut ascii = c.is_ascii();
        let mut dotted = false;
        loop {
            j += run_of(&bytes[j..], |b| {
                WORD_BYTE[usize::from(b)] == WordByte::AlNum
            });
            match bytes.get(j).map(|&b| WORD_BYTE[usize::from(b)]) {
                None | Some(WordByte::End) => break,
                _ => {}
            }
            let Some(c) = at(j) else { break };
            let after = j + c.len_utf8();
            if c.is_alphanumeric() {
                ascii = false; // only ASCII letters and digits take the branch above
                j = after;
                continue;
            }
            // inner hyphens, apostrophes and abbreviation dots ("U.S") stay in the word,
            // and so does the dot after a lone capital before a capitalised abbreviation
            // ("W.Va.", West Virginia)
            let initial = c == '.'
                && j == pos + 1
                && bytes[pos].is_ascii_uppercase()
                && bytes.get(after).is_some_and(u8::is_ascii_uppercase);
            let inner = (c == '-' || c == '.' || is_mark(c))
                && alnum_at(after)
                && (initial
                    || !(c == '.' && at(after).is_some_and(|n| alnum_at(after + n.len_utf8()))));
            if inner {
                ascii &= c.is_ascii();
                dotted |= c == '.';
                j = after;
            } else {
                break;
            }
        }
        // keep the final dot of an abbreviation ("U.S.")
        if dotted && bytes.get(j) == Some(&b'.') {
            j += 1;
        }
        let end = j;
        let w = &text[pos..end];
        let lower: Cow<str> = if ascii {
            Cow::Borrowed(&ascii_lower[pos..end])
        } else {
            Cow::Owned(w.to_lowercase())
        };
        // every prefix has its hyphen third or fourth
        let hyphen_early = matches!(lower.as_bytes().get(2..4), Some([b'-', _] | [_, b'-']));
        let body = if hyphen_early {
            ARABIC_ARTICLES
                .iter()
                .find_map(|p| lower.starts_with(p).then(|| &w[p.len()..]))
                .unwrap_or(w)
        } else {
            w
        };
        let cap = match body.as_bytes().first() {
            Some(b) if b.is_ascii_alphabetic() => b.is_ascii_uppercase(),
            _ => body
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| c.is_uppercase()),
        };
        // only spaces since the last word
        let joined =
            !out.is_empty() && pos > last_end && bytes[last_end..pos].iter().all(|&b| b == b' ');
        out.push(Word {
            start: pos,
            end,
            cap,
            lower,
            joined,
        });
        last_end = end;
        i = end;
    }
}

/// How many bytes `bytes` starts with for which `class` is true.
fn run_of(bytes: &[u8], class: impl Fn(u8) -> bool) -> usize {
    bytes.iter().position(|&b| !class(b)).unwrap_or(bytes.len())
}

/// What a byte inside a word tells [`words_into`]' scan.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordByte {
    /// An ASCII letter or digit: the word goes on.
    AlNum,
    /// Any other ASCII byte but a hyphen, a dot or a mark: the word ends before it.
    End,
    /// A hyphen, a dot, a mark or a non-ASCII byte: the character decides.
    Ask,
}

/// [`WordByte`] of every byte value.
static WORD_BYTE: [WordByte; 256] = {
    let mut t = [WordByte::Ask; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            WordByte::AlNum
        } else if matches!(c, b'-' | b'.' | b'\'' | b'`') {
            WordByte::Ask
        } else {
            WordByte::End
        };
        b += 1;
    }
    t
};

/// ASCII bytes that neither start nor may start a word (not a letter, a digit or a
/// hamza/ayn mark): skipped between words without decoding.
static GAP_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = !c.is_ascii_alphanumeric() && c != b'\'' && c != b'`';
        b += 1;
    }
    t
};

/// `word` without its final dots, as `word.trim_end_matches('.')` gives it, without
/// decoding characters.
fn undotted(word: &str) -> &str {
    if !word.ends_with('.') {
        return word; // most words
    }
    let dots = word.bytes().rev().take_while(|&b| b == b'.').count();
    &word[..word.len() - dots]
}

/// `word` up to its first apostrophe (`'` or `’`), all of it when it has none.
fn before_apostrophe(word: &str) -> &str {
    let bytes = word.as_bytes();
    // most words have neither: told without stopping at each byte
    if !bytes
        .iter()
        .fold(false, |any, &b| any | (b == b'\'') | (b == 0xE2))
    {
        return word;
    }
    let mut from = 0;
    // `’` is the only apostrophe that starts with 0xE2
    while let Some(p) = bytes[from..].iter().position(|&b| b == b'\'' || b == 0xE2) {
        let at = from + p;
        if bytes[at] == b'\'' || bytes[at..].starts_with("’".as_bytes()) {
            return &word[..at];
        }
        from = at + 1;
    }
    word
}

/// Whether a gazetteer name may begin with a document's words `k` and `k + 1`
/// ([`Gazetteer::may_begin_name`]), asked at most once per word.
struct PairStarts(Vec<Option<bool>>);

impl PairStarts {
    /// Nothing asked yet, for a document of `words` words, in the room of `room`.
    fn new(words: usize, mut room: Vec<Option<bool>>) -> PairStarts {
        room.clear();
        room.resize(words, None);
        PairStarts(room)
    }

    /// The room of the answers, for the next document's.
    fn into_room(self) -> Vec<Option<bool>> {
        self.0
    }

    /// False when no span of `ws` from word `k` that is longer than one word is a name the
    /// gazetteer holds, because no name begins with words `k` and `k + 1`. True when one
    /// may be, or when that cannot be told: the words that follow must start after a
    /// break between words as folding reads it ("Abu Kamal-" is not "Abu Kamalx").
    fn may_begin_name(&mut self, g: &Gazetteer, text: &str, ws: &[Word], k: usize) -> bool {
        let (Some(first), Some(second)) = (ws.get(k), ws.get(k + 1)) else {
            return true;
        };
        if let Some(may) = self.0[k] {
            return may;
        }
        let may = !text[second.end..]
            .chars()
            .next()
            .is_none_or(fold::is_word_break)
            || g.may_begin_name(&text[first.start..second.end]);
        self.0[k] = Some(may);
        may
    }
}

/// `surface` without one possessive ending ("Aleppo's" → "Aleppo"): the name looked up.
fn possessive_stem(surface: &str) -> &str {
    surface
        .strip_suffix("'s")
        .or_else(|| surface.strip_suffix("’s"))
        .unwrap_or(surface)
}

/// The owner of `word`, a possessive written without its apostrophe ("Syrias"): `word`
/// without its final "s", with its gazetteer answer, when that is the very name of a
/// country, a province or a large city.
fn possessive_owner<'w>(g: &Gazetteer, word: &'w str) -> Option<(&'w str, Answer)> {
    let bare = word.strip_suffix('s').filter(|b| b.len() >= 3)?;
    let answer = g.candidates(bare);
    let owner = exact(answer.iter()).any(|c| {
        (matches!(c.feature, Feature::Country | Feature::Admin1)
            || (c.feature == Feature::City && c.population >= 100_000))
            && c.named_as(bare)
    });
    owner.then_some((bare, answer))
}

/// `name` without its possessive endings, as `name.trim_end_matches("'s")
/// .trim_end_matches("’s")` gives it, without setting up a substring search.
fn without_possessives(name: &str) -> &str {
    let mut t = name;
    while let Some(rest) = t.strip_suffix("'s") {
        t = rest;
    }
    while let Some(rest) = t.strip_suffix("’s") {
        t = rest;
    }
    t
}

/// The Arabic article as written onto a word ("al-Assad", "ash-Sham"), lower case.
const ARABIC_ARTICLES: [&str; 10] = [
    "al-", "el-", "ad-", "ash-", "as-", "ar-", "an-", "at-", "az-", "ez-",
];

/// A lower-case word without an Arabic article written onto it ("al-assad" → "assad").
fn without_article(lower: &str) -> &str {
    // every article ends in a hyphen third or fourth, and a word must follow it
    if !matches!(lower.as_bytes().get(2..4), Some([b'-', _] | [_, b'-'])) {
        return lower;
    }
    ARABIC_ARTICLES
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(lower)
}

/// True when the word before `i` ends a sentence (or there is none).
fn sentence_initial(text: &str, ws: &[Word], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let gap = &text[ws[i - 1].end..ws[i].start];
    gap.bytes()
        .any(|b| matches!(b, b'.' | b'!' | b'?' | b'\n' | b':' | b'"'))
        || gap.contains('“')
}

fn hint_before(lower_before: &[&str]) -> Option<Hint> {
    // "... province of [the]", "... city of"
    let mut k = lower_before.len();
    if k > 0 && lower_before[k - 1] == "the" {
        k -= 1;
    }
    if k >= 2 && lower_before[k - 1] == "of" {
        return hint_word(lower_before[k - 2]);
    }
    None
}

fn hint_word(w: &str) -> Option<Hint> {
    Some(match w {
        "province" | "governorate" | "state" | "provinces" | "governorates" => Hint::Province,
        "countryside" | "outskirts" | "suburbs" | "environs" => Hint::Countryside,
        "district" | "county" | "districts" | "parish" => Hint::District,
        "city" | "cities" => Hint::City,
        "town" | "village" | "villages" | "towns" | "hamlet" => Hint::Settlement,
        "neighbourhood" | "neighborhood" | "neighbourhoods" | "neighborhoods" | "suburb"
        | "quarter" => Hint::Neighbourhood,
        "airport" | "airbase" | "base" => Hint::Airport,
        "camp" => Hint::Camp,
        "country" => Hint::Country,
        _ => return None,
    })
}

/// Can a place of this name speak, as a capital speaks for its government ("Damascus
/// said")? Countries, provinces, cities and large towns can; counties and villages cannot.
fn speaks_as_a_place(c: &Candidate) -> bool {
    c.distance == 0
        && (matches!(
            c.feature,
            Feature::Country | Feature::Admin1 | Feature::City
        ) || (c.feature.is_settlement() && c.population >= 100_000))
}

/// Is this candidate good enough for a span that is only part of a capitalised run, or
/// not marked as a place?
fn prominent(c: &Candidate) -> bool {
    c.distance == 0
        && (matches!(
            c.feature,
            Feature::Country | Feature::Admin1 | Feature::City
        ) || c.population >= 100_000)
}

/// The place-recognition stage: writes [`Document::places`] and [`Document::country_cues`].
pub struct RecognisePlaces {
    gazetteer: Arc<Gazetteer>,
}

impl RecognisePlaces {
    /// A recogniser over `gazetteer`.
    pub fn new(gazetteer: Arc<Gazetteer>) -> RecognisePlaces {
        RecognisePlaces { gazetteer }
    }
}

impl Stage for RecognisePlaces {
    fn name(&self) -> &'static str {
        "places"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Places]
    }
    fn run(&self, doc: &mut Document) {
        let (places, cues) = recognise(&self.gazetteer, &doc.text);
        doc.places = places;
        doc.country_cues = cues;
    }
}

/// Buffers that one thread's recognitions reuse: the lower-cased text and the word list,
/// which for a long article is large enough that the allocator would map and unmap it
/// for every document, and the lists [`recognise_words`] makes for each document.
#[derive(Default)]
struct Scratch {
    ascii_lower: String,
    words: Vec<Word<'static>>,
    lists: Lists,
}

/// The per-document lists of [`recognise_words`] (see there), kept emptied between
/// documents so that their room is allocated once per thread.
#[derive(Default)]
struct Lists {
    runs: Vec<(usize, usize)>,
    facts: Vec<WordFacts>,
    capitals: Vec<usize>,
    capital_ids: Vec<u32>,
    lower_too: Vec<bool>,
    pairs: Vec<Option<bool>>,
    names: Vec<PlaceMention>,
    adjectives: Vec<PlaceMention>,
    first: Vec<Option<PlaceMention>>,
    run_rejected: Vec<usize>,
    run_found: Vec<usize>,
    rejected_found: Vec<bool>,
    found: Vec<Named<'static>>,
    rejected: Vec<Named<'static>>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::default();
}

/// Finds the toponyms of `text` (see the module docs).
pub fn recognise(g: &Gazetteer, text: &str) -> (Vec<PlaceMention>, Vec<CountryCue>) {
    let mut scratch = SCRATCH.take();
    scratch.ascii_lower.clear();
    scratch.ascii_lower.push_str(text);
    scratch.ascii_lower.make_ascii_lowercase();
    let mut ws = reuse_room(std::mem::take(&mut scratch.words));
    words_into(text, &scratch.ascii_lower, &mut ws);
    let found = recognise_words(g, text, &ws, &mut scratch.lists);
    scratch.words = reuse_room(ws);
    SCRATCH.set(scratch);
    found
}

/// [`recognise`] over the words `ws` of `text`.
fn recognise_words(
    g: &Gazetteer,
    text: &str,
    ws: &[Word],
    lists: &mut Lists,
) -> (Vec<PlaceMention>, Vec<CountryCue>) {
    let Lists {
        runs,
        facts,
        capitals,
        capital_ids,
        lower_too,
        pairs: pair_room,
        names: out,
        adjectives,
        first,
        run_rejected,
        run_found,
        rejected_found,
        found: found_room,
        rejected: rejected_room,
    } = lists;
    runs_into(ws, runs);
    let runs: &[(usize, usize)] = runs;
    // what each word of a run is, worked out once; `common` is filled in below
    word_facts_into(text, ws, runs, facts);
    out.clear();
    adjectives.clear();
    let mut cues: Vec<CountryCue> = Vec::new();
    // words the document also uses in lower case are common words there ("fire", "hall");
    // only capitalised words are asked about, so only they are kept, each with whether the
    // document also writes it in lower case (a small map instead of one of every word)
    // the capitalised words (all in runs), for the passes that look at them alone
    capitals.clear();
    capitals.extend(
        runs.iter()
            .flat_map(|&(i, end)| i..end)
            .filter(|&k| ws[k].cap),
    );
    // each distinct capitalised word (dots aside) gets a number: `capital_ids[n]` is that
    // of `capitals[n]`, and `lower_too[id]` says whether the document writes it in lower
    // case too
    let mut ids: HashMap<&str, u32> =
        HashMap::with_capacity_and_hasher(capitals.len(), Default::default());
    capital_ids.clear();
    capital_ids.extend(capitals.iter().map(|&k| {
        let next = ids.len() as u32;
        *ids.entry(undotted(&ws[k].lower)).or_insert(next)
    }));
    lower_too.clear();
    lower_too.resize(ids.len(), false);
    // a lower-case word is looked up only when a capitalised word has its first and last
    // letters and its length (most have none: "the", "killed")
    let mut maybe = WordFilter::default();
    for w in ids.keys() {
        maybe.insert(w);
    }
    for w in ws
        .iter()
        .filter(|w| maybe.may_hold(&w.lower))
        .filter(|w| text[w.start..w.end].starts_with(|c: char| c.is_lowercase()))
        .filter(|w| w.lower.chars().all(char::is_alphabetic))
        .filter(|w| !text[w.end..].starts_with(['.', '@', '/']) || text[w.end..].starts_with(". "))
    {
        if let Some(&id) = ids.get(w.lower.as_ref()) {
            lower_too[id as usize] = true;
        }
    }
    // names of people: two- or three-word runs of ordinary words the gazetteer lacks
    // ("Scott Johnson"); their words alone are not places elsewhere in the document
    let mut person_words: HashSet<&str> = HashSet::default();
    let mut pairs = PairStarts::new(ws.len(), std::mem::take(pair_room));
    for &(i, end) in runs {
        let n = end - i;
        let initial = n == 3 && undotted(&ws[i + 1].lower).chars().count() == 1;
        // (unless every word is a country's own name: "by Turkey Russia and Iran", a list
        // whose commas the source dropped)
        let names_a_country = |k: usize| {
            let w = &ws[k];
            exact(g.exact_candidates(&text[w.start..w.end]).iter())
                .any(|c| c.primary && c.feature == Feature::Country)
        };
        if (n == 2 || initial)
            && (i..end).all(|k| ws[k].cap && !facts[k].stop && !facts[k].demonym)
            && (!pairs.may_begin_name(g, text, ws, i)
                || g.candidates(&text[ws[i].start..ws[end - 1].end]).is_empty())
            && !(i..end).all(names_a_country)
        {
            person_words.insert(ws[i].lower.as_ref());
            // "Bashar al-Assad": "Assad" alone is the same person
            let surname = ws[end - 1].lower.as_ref();
            person_words.insert(surname);
            person_words.insert(without_article(surname));
        } else if n >= 3 {
            // a longer run ending on a name pair the gazetteer lacks ("Anderson County
            // Sheriff Greg Taylor"): its last word is a surname
            let (a, b) = (&ws[end - 2], &ws[end - 1]);
            let ordinary = |k: usize| {
                let w = &ws[k];
                w.cap
                    && w.lower.chars().all(char::is_alphabetic)
                    && !facts[k].stop
                    && !facts[k].demonym
                    && hint_word(&w.lower).is_none()
            };
            if b.joined
                && ordinary(end - 2)
                && ordinary(end - 1)
                && (!pairs.may_begin_name(g, text, ws, end - 2)
                    || g.candidates(&text[a.start..b.end]).is_empty())
                && !exact(g.exact_candidates(&text[b.start..b.end]).iter()).any(speaks_as_a_place)
            {
                person_words.insert(b.lower.as_ref());
                person_words.insert(without_article(b.lower.as_ref()));
            }
        }
    }
    // a name that speaks is a person ("Taylor said", "said Baker", "Meredith noted"), unless
    // it names a prominent place: "Damascus said" is a government speaking
    // (whether it speaks is asked first: few do, and a person already known is skipped only
    // to spare the look-up)
    for &wi in capitals.iter() {
        let w = &ws[wi];
        let next = ws.get(wi + 1);
        let speaks_before = wi > 0
            && w.joined
            && matches!(
                ws[wi - 1].lower.as_ref(),
                "said" | "says" | "added" | "asked"
            )
            && !next.is_some_and(|n| n.cap && n.joined);
        let speaks = speaks_before || next.is_some_and(|n| n.joined && is_reporting_verb(&n.lower));
        if speaks
            && !person_words.contains(w.lower.as_ref())
            && !exact(g.exact_candidates(&text[w.start..w.end]).iter()).any(speaks_as_a_place)
        {
            person_words.insert(w.lower.as_ref());
        }
    }
    let mut two = String::new();
    for &wi in capitals.iter() {
        let w = &ws[wi];
        let pair = ws
            .get(wi + 1)
            .filter(|n| n.joined && facts[wi].demonym_head)
            .map(|n| {
                two.clear();
                two.push_str(&w.lower);
                two.push(' ');
                two.push_str(&n.lower);
                two.as_str()
            });
        let (found, last) = match pair.and_then(demonym) {
            Some(d) => (Some(d), wi + 1),
            None if facts[wi].demonym => (demonym(&w.lower), wi),
            None => (None, wi),
        };
        if let Some((cc, name)) = found {
            if wi > 0 && ws[wi - 1].end == w.start {
                continue;
            }
            let span = Span::new(w.start, ws[last].end);
            cues.push(CountryCue {
                span,
                country: cc.to_string(),
            });
            let mut cands = Candidates::new(g.candidates(name));
            cands.retain(|c| c.feature == Feature::Country && c.place().country == cc);
            if !cands.is_empty() {
                adjectives.push(PlaceMention {
                    span,
                    candidates: cands,
                    hint: None,
                    marked: false,
                    container: None,
                    near: false,
                    offset: None,
                    partner: None,
                    adjective: true,
                    resolved: None,
                });
            }
        }
    }
    // (the search asks only whether capitalised words are common)
    for (&k, &id) in capitals.iter().zip(capital_ids.iter()) {
        facts[k].common = lower_too[id as usize]
            || (!person_words.is_empty() && person_words.contains(undotted(&ws[k].lower)));
    }
    // (a source that writes no apostrophe writes possessives without one; looked for
    // when first asked)
    let mut no_apostrophes: Option<bool> = None;
    let mut folds = FoldIds::default();
    // the names the first pass found, with their answers
    let mut found: Vec<Named> = reuse_room(std::mem::take(found_room));
    // names with candidates that the first pass turned down, for the second to look at
    // again; run r turned down rejected[run_rejected[r]..run_rejected[r + 1]]
    let mut rejected: Vec<Named> = reuse_room(std::mem::take(rejected_room));
    // rejected[n] folds as a found name does
    rejected_found.clear();
    run_rejected.clear();
    // the first pass's mentions of run r: first[run_found[r]..run_found[r + 1]]
    run_found.clear();
    first.clear();
    for pass in 0..2 {
        if pass == 1 {
            first.extend(out.drain(..).map(Some));
        }
        for (r, &(i, end)) in runs.iter().enumerate() {
            if pass == 0 {
                run_rejected.push(rejected.len());
                run_found.push(out.len());
            } else {
                // The second pass differs from the first only where a name the first
                // turned down is one the document names elsewhere ("seen" below): a run
                // without such a name gets the first pass's mentions again.
                if !rejected_found[run_rejected[r]..run_rejected[r + 1]].contains(&true) {
                    let found = &mut first[run_found[r]..run_found[r + 1]];
                    out.extend(found.iter_mut().filter_map(Option::take));
                    continue;
                }
            }
            if end - i == 1 && adjectives.iter().any(|m| m.span.start == ws[i].start) {
                continue;
            }
            let prev = if i > 0 { ws[i - 1].lower.as_ref() } else { "" };
            let prev = undotted(prev);
            let titled = is_title(prev);
            let person_follow = ws.get(end).is_some_and(|w| {
                matches!(
                    w.lower.as_ref(),
                    "said" | "says" | "told" | "added" | "stated"
                )
            });
            let mut k = i;
            while k < end {
                let mut matched = false;
                // what the words before position k say, worked out for the first span
                // that gets past the cheap tests below
                let mut before: Option<Before> = None;
                for j in (k + 1..(k + MAX_WORDS).min(end) + 1).rev() {
                    if !ws[j - 1].cap {
                        continue; // a name does not end on a connector
                    }
                    if j > k + 1 && (facts[k].function || facts[j - 1].function) {
                        continue; // "The Aleppo", "Aleppo But": the name is inside
                    }
                    let span = Span::new(ws[k].start, ws[j - 1].end);
                    let surface = &text[span.start..span.end];
                    let one = j == k + 1;
                    let all_caps_short = one && facts[k].all_caps_short;
                    let acronym = one && facts[k].acronym;
                    if one && facts[k].never_alone {
                        continue;
                    }
                    if facts[k..j].iter().all(|f| !f.alphabetic) {
                        continue;
                    }
                    let whole = k == i && j == end;
                    // context of this span
                    let b = *before.get_or_insert_with(|| Before::at(ws, k));
                    let mut hint = b.hint;
                    let nxt = ws.get(j).filter(|w| w.joined).map(|w| w.lower.as_ref());
                    let nxt2 = ws.get(j + 1).map(|w| w.lower.as_ref());
                    if hint.is_none() {
                        if let Some(n) = nxt {
                            hint = match (n, nxt2) {
                                ("air", Some("base")) | ("military", Some("airport")) => {
                                    Some(Hint::Airport)
                                }
                                _ => hint_word(n),
                            };
                        }
                    }
                    let marked = hint.is_some() || is_preposition(b.prev);
                    if one && !marked && facts[k].common {
                        continue;
                    }
                    let mut stem = possessive_stem(surface);
                    // (a span of two words or more whose first two begin no name has no
                    // candidates, unless it is those two words less a possessive ending)
                    let mut answer = if j >= k + 2
                        && (j > k + 2 || stem.len() == surface.len())
                        && !pairs.may_begin_name(g, text, ws, k)
                    {
                        Answer::default()
                    } else {
                        g.candidates(stem)
                    };
                    // "Syrias town of": a word with no place of its own, in a source that
                    // writes no apostrophe at all ("the Americas" is no possessive)
                    let mut bare_possessive = false;
                    if one
                        && b.prev != "the"
                        && stem.ends_with('s')
                        && exact(answer.iter()).next().is_none()
                        && *no_apostrophes.get_or_insert_with(|| {
                            let t = text.as_bytes();
                            memchr::memchr(b'\'', t).is_none()
                                && memchr::memmem::find(t, "’".as_bytes()).is_none()
                        })
                    {
                        if let Some((bare, bare_answer)) = possessive_owner(g, stem) {
                            stem = bare;
                            answer = bare_answer;
                            bare_possessive = true;
                        }
                    }
                    let mut cands = Candidates::new(answer);
                    if bare_possessive {
                        cands.retain_exact(|_| true); // only the places of that very name
                    }
                    if cands.is_empty() && !whole {
                        continue; // neither a name nor a marked place the gazetteer lacks
                    }
                    // the document names this place elsewhere: one sense per discourse
                    let seen = pass == 1 && !cands.is_empty() && {
                        let this = Named::new(stem, cands.all.clone());
                        found.iter().any(|f| folds.alike(f, &this))
                    };
                    // a span that starts or ends on a common word ("Northern Syria", "Aleppo
                    // Province") must be an exact name, or the shorter span is tried
                    let edge_common = !one && (facts[k].stop || facts[j - 1].stop);
                    if edge_common {
                        cands.retain_exact(|_| true);
                    }
                    if all_caps_short || acronym {
                        // "US", "UAE" are countries; "AIG", "FBI" are not places
                        cands.retain_exact(|c| c.feature == Feature::Country);
                    }
                    // (worked out only where the tests below ask)
                    let sentence_start = || sentence_initial(text, ws, k);
                    let others_common = || {
                        facts[i..k]
                            .iter()
                            .chain(&facts[j..end])
                            .all(|f| f.uncapitalised_or_stop)
                    };
                    let accept = if cands.is_empty() {
                        false
                    } else if seen && !titled && cands.first().is_some_and(|c| c.distance == 0) {
                        true
                    } else if titled && k == i {
                        false
                    } else if whole && !(person_follow && end - i >= 2) {
                        marked
                            || cands.first().is_some_and(|c| c.distance == 0)
                                && !(one && sentence_start() && !cands.exact().any(prominent))
                    } else {
                        cands.exact().any(|c| {
                            prominent(c)
                                && (matches!(c.feature, Feature::Country | Feature::Admin1)
                                    || others_common())
                        }) || (marked
                            && cands.first().is_some_and(|c| c.distance == 0)
                            && others_common())
                    };
                    // ("the city of Idlib Saturday", "Damascus August 21": a day or month
                    // is no part of a name, so the run is no place the gazetteer lacks)
                    let unknown_marked = cands.is_empty()
                        && whole
                        && !titled
                        && !is_date_word(&ws[j - 1].lower)
                        && matches!(
                            hint,
                            Some(
                                Hint::Settlement
                                    | Hint::City
                                    | Hint::Neighbourhood
                                    | Hint::Camp
                                    | Hint::Airport
                            )
                        );
                    if accept || unknown_marked {
                        if !marked && !whole {
                            cands.retain_exact(prominent);
                        }
                        let near = matches!(b.prev, "near" | "outside" | "around")
                            || matches!(hint, Some(Hint::Countryside))
                            || near_before(ws, i, k);
                        out.push(PlaceMention {
                            span,
                            candidates: cands,
                            hint,
                            marked,
                            container: None,
                            near,
                            offset: None,
                            partner: None,
                            adjective: false,
                            resolved: None,
                        });
                        matched = true;
                        k = j;
                        break;
                    } else if pass == 0 && !cands.is_empty() {
                        rejected.push(Named::new(stem, cands.all.clone()));
                    }
                }
                if !matched {
                    k += 1;
                }
            }
        }
        if pass == 0 {
            if rejected.is_empty() {
                break; // the first pass turned nothing down
            }
            run_rejected.push(rejected.len());
            run_found.push(out.len());
            for m in out.iter().filter(|m| !m.candidates.is_empty()) {
                let surface = &text[m.span.start..m.span.end];
                let name = without_possessives(surface);
                // the mention's answer is its name's unless the name lost more than one
                // possessive ending ("X's's")
                let answer = if possessive_stem(surface) == name {
                    m.candidates.all.clone()
                } else {
                    g.candidates(name)
                };
                found.push(Named::new(name, answer));
            }
            rejected_found.extend(
                rejected
                    .iter()
                    .map(|r| found.iter().any(|f| folds.alike(r, f))),
            );
            if !rejected_found.contains(&true) {
                break; // nothing the second pass would accept: keep the first's mentions
            }
        }
    }
    // (the first pass's mentions a second pass replaced hold answers: let them go now)
    first.clear();
    *pair_room = pairs.into_room();
    *found_room = reuse_room(found);
    *rejected_room = reuse_room(rejected);
    let mut out = merge_by_start(out, adjectives);
    out.dedup_by(|b, a| a.span.overlaps(b.span));
    link_context(text, &mut out);
    (out, cues)
}

/// `names` and `adjectives` in one new list ordered by start, names first among equal
/// starts (as a stable sort of the two appended would give): a merge when both are in
/// order, as the passes above leave them. Both are left empty, their room kept.
fn merge_by_start(
    names: &mut Vec<PlaceMention>,
    adjectives: &mut Vec<PlaceMention>,
) -> Vec<PlaceMention> {
    let mut out = Vec::with_capacity(names.len() + adjectives.len());
    let in_order = |v: &[PlaceMention]| v.is_sorted_by_key(|m| m.span.start);
    if !in_order(names) || !in_order(adjectives) {
        out.append(names);
        out.append(adjectives);
        out.sort_by_key(|m| m.span.start);
        return out;
    }
    let mut adjectives = adjectives.drain(..).peekable();
    for m in names.drain(..) {
        while let Some(a) = adjectives.next_if(|a| a.span.start < m.span.start) {
            out.push(a);
        }
        out.push(m);
    }
    out.extend(adjectives);
    out
}

/// A written name with its gazetteer answer.
struct Named<'a> {
    name: &'a str,
    answer: Answer,
}

impl<'a> Named<'a> {
    fn new(name: &'a str, answer: Answer) -> Named<'a> {
        Named { name, answer }
    }
}

/// Numbers for the folded forms of one document's names: names that fold alike get the
/// same number, and each written name is folded once however often it is asked about.
#[derive(Default)]
struct FoldIds<'a> {
    /// Written name → number.
    by_name: HashMap<&'a str, u32>,
    /// Folded form → number.
    by_fold: HashMap<String, u32>,
}

impl<'a> FoldIds<'a> {
    /// The number of `name`'s folded form.
    fn id(&mut self, name: &'a str) -> u32 {
        if let Some(&id) = self.by_name.get(name) {
            return id;
        }
        let next = self.by_fold.len() as u32;
        let id = *self.by_fold.entry(fold::fold(name)).or_insert(next);
        self.by_name.insert(name, id);
        id
    }

    /// True when `a` and `b` fold alike. The gazetteer's answer depends on the folded
    /// name alone, so names whose answers differ (in length or in their first candidate)
    /// cannot fold alike: only names with like answers are folded.
    fn alike(&mut self, a: &Named<'a>, b: &Named<'a>) -> bool {
        let like = a.answer.len() == b.answer.len()
            && match (a.answer.first(), b.answer.first()) {
                (Some(x), Some(y)) => {
                    x.distance == y.distance && x.primary == y.primary && x.same_place(y)
                }
                (None, None) => true,
                _ => false,
            };
        like && (a.name == b.name || self.id(a.name) == self.id(b.name))
    }
}

/// What the words before a span starting at word `k` say, whatever the span's length
/// (whether they put it near a place, asked only of a span found, is [`near_before`]).
#[derive(Clone, Copy)]
struct Before<'a> {
    /// "the province of [X]", "the city of [X]".
    hint: Option<Hint>,
    /// The word just before, lower case ("" at the start of the text).
    prev: &'a str,
}

impl Before<'_> {
    /// The words before word `k` of `ws`.
    fn at<'w>(ws: &'w [Word<'_>], k: usize) -> Before<'w> {
        let mut lbuf = [""; 4];
        let from = k.saturating_sub(4);
        for (slot, w) in lbuf.iter_mut().zip(&ws[from..k]) {
            *slot = w.lower.as_ref();
        }
        let lb = &lbuf[..k - from];
        Before {
            hint: hint_before(lb),
            prev: lb.last().copied().unwrap_or(""),
        }
    }
}

/// True when the words before word `k` of `ws`, in the run starting at word `i`, put a span
/// there near a place: a direction within the run before it ("northern [Aleppo]"), or a
/// hedge a few words back with no preposition in between ("near the Syrian city of
/// [Aleppo]").
fn near_before(ws: &[Word<'_>], i: usize, k: usize) -> bool {
    let region_of = k > i
        && matches!(
            ws[k - 1].lower.as_ref(),
            "northern"
                | "southern"
                | "eastern"
                | "western"
                | "central"
                | "northeastern"
                | "northwestern"
                | "southeastern"
                | "southwestern"
        );
    let back = k.saturating_sub(6);
    region_of
        || ws[back..k]
            .iter()
            .rposition(|w| {
                matches!(
                    w.lower.as_ref(),
                    "near" | "outside" | "around" | "outskirts"
                )
            })
            .is_some_and(|p| {
                ws[back + p + 1..k]
                    .iter()
                    .all(|w| !matches!(w.lower.as_ref(), "in" | "at" | "and" | "," | "from" | "to"))
            })
}

/// A set of words that may answer "maybe" for a word not in it, never "no" for one in it:
/// a bit for each (first two bytes, last byte, length), mixed by a multiplication so that
/// words alike in those still fall on different bits.
struct WordFilter {
    bits: [u64; 64],
}

impl Default for WordFilter {
    fn default() -> WordFilter {
        WordFilter { bits: [0; 64] }
    }
}

impl WordFilter {
    fn bit(word: &str) -> usize {
        let b = word.as_bytes();
        let byte = |i: Option<&u8>| u32::from(i.copied().unwrap_or(0));
        let key = byte(b.first())
            | byte(b.get(1)) << 8
            | byte(b.last()) << 16
            | (b.len() as u32 & 0xff) << 24;
        // the top 12 bits of a Fibonacci hash of the key
        (key.wrapping_mul(0x9E37_79B1) >> 20) as usize
    }

    fn insert(&mut self, word: &str) {
        let bit = WordFilter::bit(word);
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    fn may_hold(&self, word: &str) -> bool {
        let bit = WordFilter::bit(word);
        self.bits[bit / 64] >> (bit % 64) & 1 == 1
    }
}

/// What the toponym search asks of one word of a capitalised run, worked out once per
/// document rather than once for every span the word is part of.
#[derive(Clone, Copy, Debug, Default)]
struct WordFacts {
    /// A common word of news (`data/places/not_places.txt`), trailing dots aside.
    stop: bool,
    /// Not capitalised, or a common word: it does not make the rest of its run a name.
    uncapitalised_or_stop: bool,
    /// Never a place on its own: a common word (also with its possessive ending or
    /// Arabic article taken off), a word of one or two letters that is not an all-capital
    /// code ("US"), or a nationality.
    never_alone: bool,
    /// Two capital letters ("US", "UK").
    all_caps_short: bool,
    /// All capitals with three or four letters ("UAE", "FBI"), or dotted with two
    /// ("U.N.", "U.S."): a country or nothing.
    acronym: bool,
    /// A word that never begins or ends a name of several words ("the", "and").
    function: bool,
    /// Has a letter.
    alphabetic: bool,
    /// An adjective or noun of nationality on its own ("Syrian").
    demonym: bool,
    /// The first word of an adjective of nationality of two words ("Sri Lankan").
    demonym_head: bool,
    /// Also written in lower case in the document, or the name of a person in it (worked
    /// out for capitalised words only: the search asks no other).
    common: bool,
}

/// The [`WordFacts`] of every word of `runs` (other words keep the default), all but
/// `common`, which needs the whole document read first, into `facts` (emptied first).
fn word_facts_into(text: &str, ws: &[Word], runs: &[(usize, usize)], facts: &mut Vec<WordFacts>) {
    let lex = lexicon();
    let stop = |w: &str| lex.get(w).is_some_and(|l| l.stop);
    facts.clear();
    facts.resize(ws.len(), WordFacts::default());
    for &(i, end) in runs {
        for k in i..end {
            let w = &ws[k];
            let surface = &text[w.start..w.end];
            let lower = undotted(&w.lower);
            let found = lex.get(lower).copied().unwrap_or_default();
            // the lists have no dots: a word with a final dot is no nationality
            let undotted = lower.len() == w.lower.len();
            let is_stop = found.stop;
            let all_caps_short =
                surface.len() == 2 && surface.bytes().all(|c| c.is_ascii_uppercase());
            let stem_word = before_apostrophe(lower);
            let bare = without_article(lower);
            let is_demonym = undotted && found.nation.is_some();
            facts[k] = WordFacts {
                stop: is_stop,
                uncapitalised_or_stop: !w.cap || is_stop,
                never_alone: is_stop
                    || (stem_word != lower && stop(stem_word))
                    || (bare != lower && stop(bare))
                    || (w.lower.len() < 3 && !all_caps_short)
                    || is_demonym
                    || found.given_name
                    || is_name_adjective(lower),
                all_caps_short,
                // (all ASCII: its letters are its capitals)
                acronym: surface.bytes().all(|c| c.is_ascii_uppercase() || c == b'.') && {
                    let letters = surface.bytes().filter(u8::is_ascii_uppercase).count();
                    (3..=4).contains(&letters) || (letters == 2 && surface.contains('.'))
                },
                function: is_function_word(&w.lower),
                alphabetic: w.lower.bytes().any(|b| b.is_ascii_alphabetic())
                    || (!w.lower.is_ascii() && w.lower.chars().any(char::is_alphabetic)),
                demonym: is_demonym,
                demonym_head: undotted && found.demonym_head,
                common: false,
            };
        }
    }
}

/// Fills containers ("X, near Y", "X in Y", "X, Y") and offsets ("25 km north of Y").
fn link_context(text: &str, ms: &mut [PlaceMention]) {
    for a in 0..ms.len() {
        if a + 1 >= ms.len() {
            break;
        }
        let b = a + 1;
        let gap = &text[ms[a].span.end..ms[b].span.start];
        if gap.len() >= 40 {
            continue; // neither a container nor a coordination is this far
        }
        // lower-cased only when it has capitals (most gaps are ", " or " and ")
        let g = gap.trim();
        let g: Cow<str> = if g.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
            Cow::Owned(g.to_lowercase())
        } else {
            Cow::Borrowed(g)
        };
        let g = g.trim_start_matches(',').trim();
        let g = g.strip_suffix("the").map_or(g, str::trim);
        let container =
            matches!(
                g,
                "" | "near" | "in" | "outside" | "of" | "in the" | "near the" | "province,"
            ) || g.starts_with("in ") && g.split_whitespace().count() <= 3 && !gap.contains('.')
                || (g.is_empty() && gap.contains(','));
        // (a nationality adjective is no container: "Qamishli near the Turkish border")
        if container && !ms[b].adjective && !gap.contains(['.', ';', '\n']) && gap.len() < 40 {
            ms[a].container = Some(b);
        }
        // "Aleppo and Idlib (provinces)": a coordination shares its hint, and two names
        // that are both provinces are read as provinces
        if matches!(g, "and" | "," | "or") && !gap.contains(['.', ';', '\n']) {
            let admin1 =
                |m: &PlaceMention| m.candidates.exact().any(|c| c.feature == Feature::Admin1);
            ms[a].partner = Some(b);
            ms[b].partner = Some(a);
            if ms[a].hint.is_none() && ms[b].hint.is_some() {
                ms[a].hint = ms[b].hint;
            } else if ms[a].hint.is_none()
                && ms[b].hint.is_none()
                && admin1(&ms[a])
                && admin1(&ms[b])
            {
                ms[a].hint = Some(Hint::Province);
                ms[b].hint = Some(Hint::Province);
            }
        }
    }
    // offsets: "<n> km|kilometres|miles <dir> of <anchor>"
    for b in 0..ms.len() {
        let lo = ms[b].span.start.saturating_sub(60);
        let lo = (lo..ms[b].span.start)
            .find(|&p| text.is_char_boundary(p))
            .unwrap_or(ms[b].span.start);
        let window = &text.as_bytes()[lo..ms[b].span.start];
        // "km", "kilo" or "mile" in any case: found from their first letters
        let unit_at = |p: usize, u: &str| {
            window
                .get(p..p + u.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(u.as_bytes()))
        };
        let unit_near = memchr::memchr2_iter(b'k', b'K', window)
            .any(|p| unit_at(p, "km") || unit_at(p, "kilo"))
            || memchr::memchr2_iter(b'm', b'M', window).any(|p| unit_at(p, "mile"));
        if !unit_near {
            continue; // no distance before it
        }
        let before = text[lo..ms[b].span.start].to_lowercase();
        let toks: Vec<&str> = before
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .collect();
        let mut toks: Vec<&str> = toks
            .iter()
            .map(|t| t.trim_matches(|c| c == '(' || c == ')'))
            .collect();
        // "... northwest of the capital, Damascus"
        while toks
            .last()
            .is_some_and(|t| matches!(*t, "the" | "capital" | "city" | "town" | "provincial"))
        {
            toks.pop();
        }
        let n = toks.len();
        if n < 3 || !matches!(toks[n - 1], "of" | "from") {
            continue;
        }
        let (dir, unit_at) = match bearing_word(toks[n - 2]) {
            Some(d) => (Some(d), n - 3),
            None => (None, n - 2),
        };
        let unit = toks[unit_at];
        let factor = match unit {
            "km" | "kms" | "kilometers" | "kilometres" | "kilometer" | "kilometre" => 1.0,
            "miles" | "mile" => 1.609,
            _ => continue,
        };
        let num_tok = if unit_at >= 1 {
            toks[unit_at - 1]
        } else {
            continue;
        };
        let Ok(v) = num_tok.replace(',', "").parse::<f64>() else {
            continue;
        };
        // the subject: the nearest mention before the number in the same sentence
        let num_pos = ms[b].span.start - (before.len() - before.rfind(num_tok).unwrap_or(0));
        if let Some(a) = (0..b).rev().find(|&a| ms[a].span.end <= num_pos) {
            let between = &text[ms[a].span.end..num_pos];
            if !between.contains(['.', '\n']) && between.len() < 80 {
                ms[a].offset = Some(Offset {
                    anchor: b,
                    km: v * factor,
                    bearing: dir,
                });
                ms[a].container.get_or_insert(b);
            }
        }
    }
}

fn bearing_word(w: &str) -> Option<f64> {
    Some(match w {
        "north" => 0.0,
        "northeast" | "north-east" => 45.0,
        "east" => 90.0,
        "southeast" | "south-east" => 135.0,
        "south" => 180.0,
        "southwest" | "south-west" => 225.0,
        "west" => 270.0,
        "northwest" | "north-west" => 315.0,
        _ => return None,
    })
}

/// The fold of a mention's text, for comparing names across a document.
pub fn folded_text(doc: &Document, m: &PlaceMention) -> String {
    fold::fold(doc.slice(m.span))
}

#[cfg(test)]
mod tests {
    use super::{
        merge_by_start, recognise, without_possessives, words_into, Candidates, FoldIds, Named,
    };
    use crate::gazetteer::{Feature, Gazetteer};

    /// Names that fold alike are alike whatever their spelling; names with different
    /// answers, or with like answers but different folds, are not.
    #[test]
    fn names_fold_alike_through_their_answers() {
        let g = Gazetteer::builtin();
        let named = |n: &'static str| Named::new(n, g.candidates(n));
        let mut folds = FoldIds::default();
        let zor = named("Deir ez-Zor");
        assert!(folds.alike(&zor, &named("Deir Ezzor")));
        assert!(folds.alike(&named("Daraa"), &named("Dara'a")));
        assert!(!folds.alike(&zor, &named("Aleppo")));
        // no answer at all is a like answer, but the names still fold apart
        assert!(!folds.alike(&named("Qwxzv Plim"), &named("Zzyzx Qorp")));
    }

    /// A document's word list keeps its room for the next document, so that a thread
    /// allocates it once; and a recognition after another finds what it finds alone.
    #[test]
    fn the_word_list_is_reused_across_documents() {
        let text = "Government forces shelled Daraa and Deir ez-Zor on Sunday.";
        let lower = text.to_ascii_lowercase();
        let mut ws = Vec::new();
        words_into(text, &lower, &mut ws);
        assert_eq!(ws.len(), 9);
        let room = ws.capacity();
        let reused: Vec<super::Word<'static>> = crate::pipeline::reuse_room(ws);
        assert!(reused.is_empty());
        assert_eq!(reused.capacity(), room);

        let g = Gazetteer::builtin();
        let alone = recognise(&g, text).0;
        recognise(
            &g,
            "Clashes in Aleppo's eastern districts and in Idlib killed 12.",
        );
        assert_eq!(recognise(&g, text).0, alone);
        let names: Vec<&str> = alone
            .iter()
            .map(|m| &text[m.span.start..m.span.end])
            .collect();
        assert_eq!(names, ["Daraa", "Deir ez-Zor"]);
    }

    /// Possessive endings come off as the chained `trim_end_matches` took them, repeats
    /// included.
    #[test]
    fn possessive_endings_come_off_as_trim_end_matches_takes_them() {
        for name in [
            "Aleppo's",
            "Idlib’s",
            "Homs's's",
            "Hama's’s",
            "Raqqa’s's",
            "Deir",
            "'s",
            "",
        ] {
            assert_eq!(
                without_possessives(name),
                name.trim_end_matches("'s").trim_end_matches("’s"),
                "{name}"
            );
        }
        assert_eq!(without_possessives("Idlib’s"), "Idlib");
    }

    /// Nationalities found in their own pass go back among the names in text order, a name
    /// before an adjective that starts where it does.
    #[test]
    fn adjectives_merge_among_names_in_text_order() {
        let g = Gazetteer::builtin();
        let text = "Syrian troops entered Aleppo as Turkish drones struck Idlib and Iraqi \
                    militias held Mosul.";
        let (found, _) = recognise(&g, text);
        let (names, adjectives): (Vec<_>, Vec<_>) =
            found.iter().cloned().partition(|m| !m.adjective);
        let words: Vec<&str> = found
            .iter()
            .map(|m| &text[m.span.start..m.span.end])
            .collect();
        assert_eq!(
            words,
            ["Syrian", "Aleppo", "Turkish", "Idlib", "Iraqi", "Mosul"]
        );
        let (mut n, mut a) = (names.clone(), adjectives.clone());
        let merged = merge_by_start(&mut n, &mut a);
        assert_eq!(merged, found);
        // both lists are emptied, their room kept for the next document
        assert!(n.is_empty() && a.is_empty());
        assert!(n.capacity() >= names.len() && a.capacity() >= adjectives.len());
        // out of order, the two lists are still merged in text order
        let mut reversed: Vec<_> = names.into_iter().rev().collect();
        let mut adjectives = adjectives;
        let starts: Vec<usize> = merge_by_start(&mut reversed, &mut adjectives)
            .iter()
            .map(|m| m.span.start)
            .collect();
        assert!(starts.is_sorted(), "{starts:?}");
    }

    /// The exact candidates lead an answer: reading them stops at the first look-alike and
    /// gives what filtering the whole answer gives.
    #[test]
    fn exact_candidates_lead_the_answer() {
        let g = Gazetteer::builtin();
        for name in ["Aleppo", "Homs", "Hama", "Georgia", "Springfield"] {
            let answer = g.candidates(name);
            let all = Candidates::new(answer.clone());
            let by_filter: Vec<_> = all.iter().filter(|c| c.distance == 0).collect();
            assert_eq!(all.exact().collect::<Vec<_>>(), by_filter, "{name}");
            let mut kept = all.clone();
            kept.retain_exact(|c| c.feature == Feature::City);
            let mut by_retain = all.clone();
            by_retain.retain(|c| c.distance == 0 && c.feature == Feature::City);
            assert_eq!(kept, by_retain, "{name}");
        }
        // a name with both exact candidates and look-alikes
        let answer = g.candidates("Aleppo");
        assert!(answer.iter().any(|c| c.distance == 0));
        assert!(answer.iter().any(|c| c.distance > 0));
        assert!(answer.windows(2).all(|w| w[0].distance <= w[1].distance));
    }

    /// A mention keeps a subset of the gazetteer's shared answer, in the answer's order,
    /// without copying it.
    #[test]
    fn candidates_keep_a_subset_of_the_shared_answer() {
        let g = Gazetteer::builtin();
        let answer = g.candidates("Aleppo");
        assert!(answer.len() > 3, "{} candidates", answer.len());
        let mut kept = Candidates::new(answer.clone());
        assert_eq!(kept.len(), answer.len());
        assert!(kept.iter().eq(answer.iter()));
        kept.retain(|c| c.feature == Feature::City);
        let cities: Vec<_> = answer
            .iter()
            .filter(|c| c.feature == Feature::City)
            .collect();
        assert_eq!(kept.len(), cities.len());
        assert!(kept.iter().eq(cities.iter().copied()));
        assert_eq!(kept.first().map(|c| &*c.place().name), Some("Aleppo"));
        assert_eq!(kept.first().map(|c| &*c.place().country), Some("SY"));
        assert_eq!(kept.get(kept.len()), None);
        // equal when they keep the same candidates, however they got there
        let mut other = Candidates::new(answer.clone());
        other.retain(|c| c.feature == Feature::City);
        assert_eq!(kept, other);
        other.clear();
        assert!(other.is_empty() && other.iter().next().is_none());
        assert_ne!(kept, other);
        assert_eq!(Candidates::new(crate::gazetteer::Answer::default()), other);
        // the answer itself is shared, not copied
        assert!(std::ptr::eq(kept.all.as_ptr(), answer.as_ptr()));
    }
}
