/*!
Folded words: the shared footing of the actor, claimant, framing and trigger recognisers.

A sentence is cut into words with byte spans; each word gets a *folded* form in which
transliteration variants meet: case, diacritics, apostrophes (’ ' ʼ ʿ), the Arabic article
(al-, el-, ad-, ash-, ...), doubled letters, ou/u, e/i, o/u and ai/ay/ei are all made equal.
"Jeish al-Mujahedeen" and "Jaish al-Mujahideen" fold to the same words. A [`PhraseIndex`]
then finds the longest known phrase starting at each word.

This folding is for actor and claimant names; the gazetteer has its own for toponyms.
*/

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use unicode_normalization::UnicodeNormalization;

use crate::doc::Span;

/// One word of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Where the word is (possessive ending excluded).
    pub span: Span,
    /// The word as written, possessive ending excluded.
    pub raw: String,
    /// `raw` in lower case.
    pub lower: String,
    /// Folded form; empty for a dropped article ("al-").
    pub fold: String,
    /// True when the word carried a possessive ending ("army's", "militants’").
    pub possessive: bool,
    /// True when a comma, semicolon, colon or dash follows the word.
    pub comma_after: bool,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | 'ʿ' | 'ʾ' | '`' | '´')
}

const ARTICLES: &[&str] = &[
    "al", "el", "ad", "ash", "as", "ar", "az", "an", "at", "ath", "ad", "ed", "es", "ez", "er",
    "ul",
];

/// Folds one word so that transliteration variants meet.
///
/// ```
/// use sitrep::recognise::words::fold;
/// assert_eq!(fold("Jeish"), fold("Jaish"));
/// assert_eq!(fold("Mujahedeen"), fold("Mujahideen"));
/// assert_eq!(fold("Nouriddeen"), fold("Nuridin"));
/// assert_eq!(fold("Zenki"), fold("Zinki"));
/// ```
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut prev: Option<char> = None;
    let mut push = |c: char, out: &mut String| {
        for l in c.to_lowercase() {
            let l = match l {
                'e' => 'i',
                'o' => 'u',
                'y' if !out.is_empty() => 'i',
                l => l,
            };
            // "ai" (from ai, ay, ei after the steps above) -> "i"
            if l == 'i' && prev == Some('a') {
                out.pop();
                prev = out.chars().next_back();
            }
            // doubled letters -> one
            if Some(l) != prev {
                out.push(l);
                prev = Some(l);
            }
        }
    };
    if word.is_ascii() {
        for c in word.chars().filter(|c| !is_apostrophe(*c)) {
            push(c, &mut out);
        }
    } else {
        for c in word.nfd() {
            if !unicode_normalization::char::is_combining_mark(c) && !is_apostrophe(c) {
                push(c, &mut out);
            }
        }
    }
    out
}

/// Cuts `text` (which starts at byte `base` of the document) into words.
///
/// Hyphens and slashes split words; an Arabic article joined by a hyphen ("al-Nusra")
/// and a free-standing "al"/"Al" fold to the empty string and are skipped by matching.
pub fn words(text: &str, base: usize) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_alphanumeric() {
            if matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')' | '"' | '“' | '”') {
                if let Some(w) = out.last_mut() {
                    w.comma_after = true;
                }
            }
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            let inner_mark = (is_apostrophe(d) || d == '.')
                && text[j + d.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_alphanumeric());
            if d.is_alphanumeric() || inner_mark {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let mut raw = &text[start..end];
        let mut possessive = false;
        // "army's" / "army’s"
        for suffix in ["'s", "’s"] {
            if raw.len() > suffix.len() + 1 && raw.ends_with(suffix) {
                raw = &raw[..raw.len() - suffix.len()];
                possessive = true;
            }
        }
        // "militants’ strongholds" (plural possessive), but not a closing quote:
        // "‘Syrian Democratic Forces’ (SDF)"
        if !possessive && raw.ends_with('s') {
            let rest = &text[end..];
            let mut it = rest.chars();
            if matches!(it.next(), Some('\'' | '’'))
                && it.next() == Some(' ')
                && it.next().is_some_and(|c| c.is_lowercase())
            {
                possessive = true;
            }
        }
        let hyphen_after = text[start + raw.len()..].starts_with('-');
        let lower = raw.to_lowercase();
        let is_article = (lower == "al" && (hyphen_after || raw.starts_with('A')))
            || (hyphen_after && ARTICLES.contains(&lower.as_str()));
        let fold = if is_article { String::new() } else { fold(raw) };
        out.push(Word {
            span: Span::new(base + start, base + start + raw.len()),
            raw: raw.to_string(),
            lower,
            fold,
            possessive,
            comma_after: false,
        });
    }
    out
}

/// Folds a phrase into its non-empty folded words.
pub fn fold_phrase(phrase: &str) -> Vec<String> {
    words(phrase, 0)
        .into_iter()
        .map(|w| w.fold)
        .filter(|f| !f.is_empty())
        .collect()
}

/// FNV-1a: a fast hash for the short keys of a [`PhraseIndex`].
#[derive(Clone, Copy, Debug)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// One phrase of a [`PhraseIndex`].
#[derive(Clone, Debug)]
struct Phrase {
    folded: Vec<String>,
    /// The last word may continue (`shell*` matches "shelled", "shelling").
    prefix_last: bool,
    /// Written as 2-5 capitals: must match the raw text exactly ("IS", "HTS").
    exact: Option<String>,
    /// Compare lower-cased words, not folded ones ("they" must not meet "the").
    literal: bool,
    value: usize,
}

/// A match of a [`PhraseIndex`] in a word list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Index of the first word.
    pub first: usize,
    /// One past the last word.
    pub end: usize,
    /// The value the phrase was added with.
    pub value: usize,
}

/// Finds the longest known phrase starting at each word of a sentence.
#[derive(Clone, Debug, Default)]
pub struct PhraseIndex {
    by_first: FnvMap<String, Vec<Phrase>>,
    /// Single-word prefix phrases by their first character.
    prefixes: FnvMap<char, Vec<Phrase>>,
}

fn is_acronym(s: &str) -> bool {
    (2..=5).contains(&s.chars().count()) && s.chars().all(|c| c.is_ascii_uppercase())
}

impl PhraseIndex {
    /// An empty index.
    pub fn new() -> PhraseIndex {
        PhraseIndex::default()
    }

    /// Adds `phrase` with `value`, matched on lower-cased words without folding.
    pub fn add_literal(&mut self, phrase: &str, value: usize) {
        let lower: Vec<String> = words(phrase, 0)
            .into_iter()
            .map(|w| w.raw.to_lowercase())
            .collect();
        let Some(first) = lower.first() else { return };
        let key = fold(first);
        self.by_first.entry(key).or_default().push(Phrase {
            folded: lower,
            prefix_last: false,
            exact: None,
            literal: true,
            value,
        });
    }

    /// Adds `phrase` with `value`. A trailing `*` makes the last word a prefix.
    pub fn add(&mut self, phrase: &str, value: usize) {
        let (text, prefix_last) = match phrase.strip_suffix('*') {
            Some(t) => (t, true),
            None => (phrase, false),
        };
        let mut folded = fold_phrase(text);
        let Some(first) = folded.first().cloned() else {
            return;
        };
        if prefix_last {
            // a prefix is compared unfolded: folded "ied" would be "id" and match "Idlib"
            if let (Some(last), Some(raw)) = (folded.last_mut(), text.split_whitespace().last()) {
                *last = raw.to_lowercase();
            }
        }
        let exact = is_acronym(text.trim()).then(|| text.trim().to_string());
        let p = Phrase {
            folded,
            prefix_last,
            exact,
            literal: false,
            value,
        };
        if prefix_last && p.folded.len() == 1 {
            let key = p.folded[0].chars().next().unwrap_or(' ');
            self.prefixes.entry(key).or_default().push(p);
        } else {
            self.by_first.entry(first).or_default().push(p);
        }
    }

    fn matches_at(p: &Phrase, words: &[Word], at: usize) -> Option<usize> {
        if let Some(exact) = &p.exact {
            return (words.get(at)?.raw == *exact).then_some(at + 1);
        }
        let mut k = at;
        for (n, want) in p.folded.iter().enumerate() {
            while words.get(k).is_some_and(|w| w.fold.is_empty()) && n > 0 {
                k += 1;
            }
            let w = words.get(k)?;
            let last = n + 1 == p.folded.len();
            let ok = if p.literal {
                w.lower == *want
            } else if last && p.prefix_last {
                w.lower.starts_with(want.as_str())
            } else {
                w.fold == *want
            };
            if !ok {
                return None;
            }
            k += 1;
        }
        Some(k)
    }

    /// The longest phrase starting at word `at`, if any.
    pub fn longest_at(&self, words: &[Word], at: usize) -> Option<PhraseMatch> {
        let w = words.get(at)?;
        if w.fold.is_empty() {
            return None;
        }
        let mut best: Option<PhraseMatch> = None;
        let candidates = self.by_first.get(&w.fold).into_iter().flatten().chain(
            w.lower
                .chars()
                .next()
                .and_then(|c| self.prefixes.get(&c))
                .into_iter()
                .flatten(),
        );
        for p in candidates {
            if let Some(end) = Self::matches_at(p, words, at) {
                if best.is_none_or(|b| end > b.end) {
                    best = Some(PhraseMatch {
                        first: at,
                        end,
                        value: p.value,
                    });
                }
            }
        }
        best
    }

    /// All non-overlapping longest matches, left to right.
    pub fn find_all(&self, words: &[Word]) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if let Some(m) = self.longest_at(words, i) {
                out.push(m);
                i = m.end;
            } else {
                i += 1;
            }
        }
        out
    }
}

/// Splits a data file into its rows of tab-separated fields, skipping comments and blanks.
pub fn tsv_rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_variants_fold_together() {
        assert_eq!(
            fold_phrase("Jeish al-Mujahedeen"),
            fold_phrase("Jaish al-Mujahideen")
        );
        assert_eq!(
            fold_phrase("Nouriddeen al-Zinki"),
            fold_phrase("Nuriddin Zenki")
        );
        assert_eq!(
            fold_phrase("Hay’at Tahrir al-Sham"),
            fold_phrase("Hayat Tahrir Sham")
        );
        assert_eq!(fold_phrase("Jaysh al-Fatah"), fold_phrase("Jeish el-Fatah"));
        assert_eq!(fold_phrase("DAESH"), fold_phrase("Daesh"));
        assert_eq!(fold_phrase("Ahrar ash-Sham"), fold_phrase("Ahrar al-Sham"));
    }

    #[test]
    fn words_keep_spans_and_possessives() {
        let text = "The Syrian Army’s artillery hit the militants’ positions.";
        let ws = words(text, 10);
        let army = ws.iter().find(|w| w.raw == "Army").unwrap();
        assert!(army.possessive);
        assert_eq!(&text[army.span.start - 10..army.span.end - 10], "Army");
        let mil = ws.iter().find(|w| w.raw == "militants").unwrap();
        assert!(mil.possessive);
    }

    #[test]
    fn acronyms_match_case_sensitively() {
        let mut idx = PhraseIndex::new();
        idx.add("IS", 1);
        let ws = words("It is clear IS fighters came", 0);
        let found = idx.find_all(&ws);
        assert_eq!(found.len(), 1);
        assert_eq!(ws[found[0].first].raw, "IS");
    }

    #[test]
    fn prefix_phrases() {
        let mut idx = PhraseIndex::new();
        idx.add("shell*", 1);
        idx.add("air strike*", 2);
        let ws = words("They shelled the town after air strikes", 0);
        let found = idx.find_all(&ws);
        assert_eq!(
            found.iter().map(|m| m.value).collect::<Vec<_>>(),
            vec![1, 2]
        );
    }
}
