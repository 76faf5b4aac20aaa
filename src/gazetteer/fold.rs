/*!
Name folding: the keys under which place names meet whatever their transliteration.

Two keys are made from a name, both after the same first steps (lower case, diacritics
removed, hamza and ayn marks dropped, words split at dashes, spaces and dots, the Arabic
article dropped, an article assimilated into the next word undone: "Ezzur" → "zur"):

- [`fold`] keeps the shape of the name, with the usual transliteration variation folded:
  doubled letters are single, `ou`/`oo`/`o` are `u`, `e`/`i` are `a`, a run of vowels is one
  vowel, a final `h` after a vowel goes (`Hasakah` = `Hasaka`), `dh` is `d`, `th` is `t`,
  `q` is `k`, and words are joined. "Dara'a", "Daraa" and "Deraa" all fold to `dara`.
- [`skeleton`] keeps only the consonants (and a first vowel), so that spellings that add or
  drop a vowel meet too: "Kafar", "Kafr" and "Kfar" all give `kfr`. It is the lookup key;
  [`distance`] between folded forms then decides whether a candidate is close enough.

This file is also compiled into the build script (which indexes the shipped gazetteer), so
it depends on nothing but `std` and `unicode-normalization`.
*/

use unicode_normalization::UnicodeNormalization;

/// Words taken as the Arabic definite article when they stand before another word.
pub(crate) const ARTICLES: &[&str] = &[
    "al", "el", "il", "ul", "ad", "ed", "adh", "ash", "esh", "as", "es", "ar", "er", "an", "en",
    "at", "et", "ath", "az", "ez", "aj", "ak",
];

/// [`ARTICLES`] as the little-endian number of their bytes ([`article_key`]), so that a
/// word is told from them by comparing numbers.
const ARTICLE_KEYS: [u32; ARTICLES.len()] = {
    let mut keys = [0u32; ARTICLES.len()];
    let mut i = 0;
    while i < ARTICLES.len() {
        let b = ARTICLES[i].as_bytes();
        let mut key = 0u32;
        let mut j = 0;
        while j < b.len() {
            key |= (b[j] as u32) << (8 * j);
            j += 1;
        }
        keys[i] = key;
        i += 1;
    }
    keys
};

/// The number of a lower-case word of up to 3 bytes as [`ARTICLE_KEYS`] holds it; `None`
/// for a longer word (every article is two or three letters).
fn article_key(w: &[u8]) -> Option<u32> {
    if w.len() > 3 {
        return None;
    }
    Some(
        w.iter()
            .enumerate()
            .fold(0u32, |key, (j, &b)| key | u32::from(b) << (8 * j)),
    )
}

/// True when `w` (lower case, marks dropped) is one of the [`ARTICLES`].
pub(crate) fn is_article(w: &[u8]) -> bool {
    article_key(w).is_some_and(|key| ARTICLE_KEYS.contains(&key))
}

/// Marks written for hamza and ayn: dropped inside a word, never a break between words.
const MARKS: [char; 11] = ['\'', '`', '´', '‘', '’', 'ʿ', 'ʾ', 'ʻ', 'ʼ', 'ʹ', '′'];

/// Letters the Arabic article assimilates to ("ash-Sham", "Ezzor"): the sun letters.
const SUN: &[u8] = b"tdrzsnl";

/// Splits a name into lower-case ASCII words with the article dropped.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    // ASCII needs no decomposition
    let chars: Box<dyn Iterator<Item = char>> = if name.is_ascii() {
        Box::new(name.chars())
    } else {
        Box::new(name.nfd())
    };
    for ch in chars {
        let mapped: &str = match ch {
            'a'..='z' | '0'..='9' => {
                cur.push(ch);
                continue;
            }
            'A'..='Z' => {
                cur.push(ch.to_ascii_lowercase());
                continue;
            }
            // marks written for hamza and ayn: dropped inside a word
            c if MARKS.contains(&c) => continue,
            'ı' | 'İ' => "i",
            'ł' | 'Ł' => "l",
            'ø' | 'Ø' => "o",
            'đ' | 'Đ' | 'ð' | 'Ð' => "d",
            'ß' => "ss",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            'þ' | 'Þ' => "th",
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c if c.is_alphanumeric() => {
                // another script: keep it, lower-cased, so Arabic names still index
                for l in c.to_lowercase() {
                    cur.push(l);
                }
                continue;
            }
            _ => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                continue;
            }
        };
        cur.push_str(mapped);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    if out.len() > 1 {
        // "al-Zour", "ez-Zor": a free-standing article before another word
        let mut kept: Vec<String> = Vec::with_capacity(out.len());
        let n = out.len();
        for (i, w) in out.into_iter().enumerate() {
            if i + 1 < n && ARTICLES.contains(&w.as_str()) {
                continue;
            }
            kept.push(w);
        }
        out = kept;
        // "Ezzur", "Arraqqa": an article fused with a doubled sun letter, after the first word
        for w in out.iter_mut().skip(1) {
            let b = w.as_bytes();
            if b.len() >= 4 && (b[0] == b'a' || b[0] == b'e') && b[1] == b[2] && SUN.contains(&b[1])
            {
                w.remove(0);
            }
        }
    }
    out
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w')
}

/// Consonant digraphs and letters written several ways.
fn consonants(w: &str) -> String {
    let b = w.as_bytes();
    let mut out = String::with_capacity(w.len());
    let mut i = 0;
    while i < b.len() {
        let (c, skip) = match (b[i], b.get(i + 1).copied()) {
            (b'd', Some(b'h')) => ('d', 2),
            (b't', Some(b'h')) => ('t', 2),
            (b'p', Some(b'h')) => ('f', 2),
            (b'c', Some(b'k')) => ('k', 2),
            (b'q', _) => ('k', 1),
            _ => {
                // copy the whole character (it may not be ASCII)
                let ch = w[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
                continue;
            }
        };
        out.push(c);
        i += skip;
    }
    out
}

/// The folded form of `name` (see the module docs): `fold("Deir ez-Zor") == "darzur"`.
pub fn fold(name: &str) -> String {
    if let Some(f) = fold_ascii(name.as_bytes()) {
        return f;
    }
    fold_general(name)
}

/// [`fold`] of a short ASCII name without intermediate allocations; `None` for a name this
/// fast path does not take (non-ASCII, longer than 120 bytes, more than 24 words).
fn fold_ascii(name: &[u8]) -> Option<String> {
    AsciiFold::new(name).map(|f| f.as_str().to_string())
}

/// Each ASCII byte as the vowel step of folding writes it: `o` as `u`, `e` and `i` as `a`,
/// any other as itself.
const VOWEL_FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'o' => b'u',
            b'e' | b'i' => b'a',
            x => x,
        };
        b += 1;
    }
    t
};

/// The longest name [`AsciiFold`] takes, in bytes.
const ASCII_FOLD_MAX: usize = 120;

/// [`fold`] of a short ASCII name, made on the stack, with what a caller may ask about the
/// words it was made from.
struct AsciiFold {
    /// The folded form in its first `len` bytes (folding never lengthens a name).
    bytes: [u8; ASCII_FOLD_MAX],
    len: usize,
    /// How many words folding read (articles included).
    words: usize,
    /// True when the last of them is one of the [`ARTICLES`].
    ends_on_article: bool,
}

impl AsciiFold {
    /// The fold of `name`; `None` for a name this path does not take (non-ASCII, longer
    /// than [`ASCII_FOLD_MAX`] bytes, more than 24 words).
    fn new(name: &[u8]) -> Option<AsciiFold> {
        if name.len() > ASCII_FOLD_MAX || !name.is_ascii() {
            return None;
        }
        // lower case, marks dropped, every other non-alphanumeric byte a word break
        let mut buf = [0u8; ASCII_FOLD_MAX];
        let mut n = 0;
        let mut spans = [(0u8, 0u8); 24];
        let mut count = 0;
        let mut start = 0;
        for &b in name {
            match b {
                b'a'..=b'z' | b'0'..=b'9' => {
                    buf[n] = b;
                    n += 1;
                }
                b'A'..=b'Z' => {
                    buf[n] = b.to_ascii_lowercase();
                    n += 1;
                }
                b'\'' | b'`' => {}
                _ => {
                    if n > start {
                        *spans.get_mut(count)? = (start as u8, n as u8);
                        count += 1;
                    }
                    start = n;
                }
            }
        }
        if n > start {
            *spans.get_mut(count)? = (start as u8, n as u8);
            count += 1;
        }
        let spans = &spans[..count];
        let mut out = AsciiFold {
            bytes: [0u8; ASCII_FOLD_MAX],
            len: 0,
            words: count,
            ends_on_article: spans
                .last()
                .is_some_and(|&(a, b)| is_article(&buf[usize::from(a)..usize::from(b)])),
        };
        let mut kept = 0;
        for (i, &(a, b)) in spans.iter().enumerate() {
            let (mut a, b) = (usize::from(a), usize::from(b));
            let w = &buf[a..b];
            // (every article is two or three letters: most words skip the list)
            if count > 1 && i + 1 < count && is_article(w) {
                continue; // "al-Zour", "ez-Zor": a free-standing article before another word
            }
            // "Ezzur", "Arraqqa": an article fused with a doubled sun letter, after the
            // first word
            if count > 1
                && kept >= 1
                && w.len() >= 4
                && (w[0] == b'a' || w[0] == b'e')
                && w[1] == w[2]
                && SUN.contains(&w[1])
            {
                a += 1;
            }
            kept += 1;
            out.push_word(&mut buf[a..b]);
        }
        Some(out)
    }

    /// Appends the fold of one lower-case ASCII word (consonant digraphs, then vowels).
    /// The word's bytes are overwritten: the consonant step writes its result over them
    /// (it never lengthens a word).
    fn push_word(&mut self, w: &mut [u8]) {
        // consonants: dh, th, ph, ck and q written one way (the digraphs are rare, so the
        // test for them is a branch the processor foresees)
        let mut m = 0;
        let mut i = 0;
        while i < w.len() {
            let x = w[i];
            let next = w.get(i + 1).copied().unwrap_or(0);
            if (next == b'h' && matches!(x, b'd' | b't' | b'p')) || (x == b'c' && next == b'k') {
                w[m] = match x {
                    b'p' => b'f',
                    b'c' => b'k',
                    x => x, // dh, th
                };
                i += 2;
            } else {
                w[m] = if x == b'q' { b'k' } else { x };
                i += 1;
            }
            m += 1;
        }
        let c = &w[..m];
        let from = self.len;
        // vowels: `o` is `u`, `e` and `i` are `a`, and a letter that repeats the one before
        // or a vowel after a vowel goes ("ou" and "oo" are one `u`); `prev` is the last
        // letter written (0 before the first)
        let mut len = self.len;
        let mut prev = 0u8;
        for (i, &raw) in c.iter().enumerate() {
            let mut x = VOWEL_FOLD[usize::from(raw)];
            let prev_vowel = prev == b'a' || prev == b'u';
            if raw == b'y'
                && prev_vowel
                && !c
                    .get(i + 1)
                    .is_some_and(|n| matches!(n, b'a' | b'e' | b'i' | b'o' | b'u'))
            {
                x = b'a'; // "ay" before a consonant is a vowel
            }
            let vowel = x == b'a' || x == b'u';
            let keep = x != prev && !(vowel && prev_vowel);
            // (the output never outgrows the input, so `len` stays within `bytes`)
            if let Some(slot) = self.bytes.get_mut(len) {
                *slot = x;
            }
            len += usize::from(keep);
            if keep {
                prev = x;
            }
        }
        // a final "h" after a vowel goes ("Hasakah")
        if len - from > 2
            && self.bytes[len - 1] == b'h'
            && matches!(self.bytes[len - 2], b'a' | b'u')
        {
            len -= 1;
        }
        self.len = len;
    }

    /// The folded form.
    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// The folded form as text (ASCII, as the name was).
    fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// [`fold`] for any name: the reference the ASCII fast path agrees with.
pub(crate) fn fold_general(name: &str) -> String {
    let mut out = String::new();
    for w in words(name) {
        let w = consonants(&w);
        let mut s = String::with_capacity(w.len());
        let mut prev: Option<char> = None;
        let mut chars = w.chars().peekable();
        while let Some(c) = chars.next() {
            let c = match c {
                'o' => {
                    if chars.peek() == Some(&'u') || chars.peek() == Some(&'o') {
                        chars.next();
                    }
                    'u'
                }
                'e' | 'i' => 'a',
                'y' if prev.is_some_and(|p| matches!(p, 'a' | 'u'))
                    && !chars
                        .peek()
                        .is_some_and(|n| matches!(n, 'a' | 'e' | 'i' | 'o' | 'u')) =>
                {
                    'a' // "ay" before a consonant is a vowel: "Sweida" / "Suwayda" stay close
                }
                c => c,
            };
            let vowel = matches!(c, 'a' | 'u');
            if let Some(p) = prev {
                if p == c || (vowel && matches!(p, 'a' | 'u')) {
                    continue; // doubled letter or a run of vowels
                }
            }
            s.push(c);
            prev = Some(c);
        }
        if s.len() > 2 && s.ends_with('h') {
            let before = s.as_bytes()[s.len() - 2];
            if before == b'a' || before == b'u' {
                s.pop();
            }
        }
        out.push_str(&s);
    }
    out
}

/// True when folding reads `c` as a break between words: anything but a letter, a digit
/// or a mark dropped inside a word.
pub fn is_word_break(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '\'' || c == '`');
    }
    !(c.is_alphanumeric()
        || MARKS.contains(&c)
        || unicode_normalization::char::is_combining_mark(c))
}

/// The skeleton that [`skeleton`] of `name` followed by more words (after a word break)
/// begins with, whatever those words: [`skeleton`] of `name` when that is certain; `None`
/// for a name of fewer than two words, which the next word can change ("Al" alone keeps
/// its article, "Al Raqqa" drops it), for one ending on an article ("Ras al" keeps it,
/// "Ras al Ain" drops it), and for a name outside ASCII.
///
/// Folding and the skeleton read a name left to right, one word at a time, so past those
/// cases the key of a longer name begins with the key of its first words: when no key
/// begins so, no longer name has candidates.
pub fn prefix_skeleton(name: &str) -> Option<String> {
    if !name.is_ascii() {
        return None;
    }
    match AsciiFold::new(name.as_bytes()) {
        Some(f) => (f.words >= 2 && !f.ends_on_article).then(|| skeleton_of_ascii(f.as_bytes())),
        None => prefix_skeleton_general(name),
    }
}

/// [`prefix_skeleton`] of any ASCII name, word by word: the reference the path through
/// [`AsciiFold`] agrees with, and the path for a name too long for it.
pub(crate) fn prefix_skeleton_general(name: &str) -> Option<String> {
    // the words as folding reads them: letters and digits, with marks inside
    let mut words = name
        .as_bytes()
        .split(|&b| is_word_break(char::from(b)))
        .filter(|w| w.iter().any(u8::is_ascii_alphanumeric));
    let last = words.next_back()?;
    words.next()?;
    // the last word in lower case without its marks, when it is short enough to be an
    // article
    let mut short = [0u8; 3];
    let mut len = 0;
    for b in last.iter().filter(|b| b.is_ascii_alphanumeric()) {
        if len == short.len() {
            return Some(skeleton(name));
        }
        short[len] = b.to_ascii_lowercase();
        len += 1;
    }
    if is_article(&short[..len]) {
        return None;
    }
    Some(skeleton(name))
}

/// The lookup key of `name`: its folded form without vowels after the first letter
/// (`skeleton("Kafar Hamra") == skeleton("Kfar Hamra") == "kfrhmr"`).
pub fn skeleton(name: &str) -> String {
    match AsciiFold::new(name.as_bytes()) {
        Some(f) => skeleton_of_ascii(f.as_bytes()),
        None => skeleton_of_folded(&fold_general(name)),
    }
}

/// [`skeleton`] of a name already folded with [`fold`].
pub fn skeleton_of_folded(f: &str) -> String {
    if f.is_ascii() {
        return skeleton_of_ascii(f.as_bytes());
    }
    skeleton_of_folded_general(f)
}

/// [`skeleton_of_folded`] of an ASCII folded form, byte by byte.
fn skeleton_of_ascii(f: &[u8]) -> String {
    let mut out = Vec::with_capacity(f.len());
    for (i, &c) in f.iter().enumerate() {
        let vowel = is_vowel(char::from(c));
        if i > 0 && vowel {
            continue;
        }
        if out.last() == Some(&c) {
            continue;
        }
        out.push(if vowel { b'a' } else { c });
    }
    // (ASCII in, ASCII out)
    String::from_utf8(out).unwrap_or_default()
}

/// [`skeleton_of_folded`] for any folded form: the reference the ASCII path agrees with.
pub(crate) fn skeleton_of_folded_general(f: &str) -> String {
    let mut out = String::with_capacity(f.len());
    for (i, c) in f.chars().enumerate() {
        if i > 0 && is_vowel(c) {
            continue;
        }
        if out.ends_with(c) {
            continue;
        }
        out.push(if is_vowel(c) { 'a' } else { c });
    }
    out
}

/// A folded ASCII name of 1 to 64 letters, ready to be compared with many others by
/// [`BitPattern::distance`]: for each ASCII byte, the bits of the positions where the name
/// has it. Made on the stack, once per look-up.
pub struct BitPattern {
    masks: [u64; 128],
    len: usize,
}

impl BitPattern {
    /// The pattern of `name`; `None` when it is empty, longer than 64 bytes or not ASCII.
    pub fn new(name: &[u8]) -> Option<BitPattern> {
        if name.is_empty() || name.len() > 64 || !name.is_ascii() {
            return None;
        }
        let mut masks = [0u64; 128];
        for (i, &b) in name.iter().enumerate() {
            masks[usize::from(b)] |= 1 << i;
        }
        Some(BitPattern {
            masks,
            len: name.len(),
        })
    }

    /// The edit distance [`distance`] computes (insertions, deletions, substitutions,
    /// adjacent transpositions: the optimal string alignment distance) between the
    /// pattern's name and the ASCII name `other`, a whole column of the edit table at a
    /// time: Hyyrö's bit-vector recurrence (2003), one machine word per letter of `other`.
    pub fn distance(&self, other: &[u8]) -> usize {
        let last = 1u64 << (self.len - 1);
        // vertical differences (+1 / -1) of the current column, the column's matches, and
        // the previous letter's match bits (for transpositions)
        let (mut vp, mut vn, mut d0, mut pm_prev) = (u64::MAX, 0u64, 0u64, 0u64);
        let mut dist = self.len;
        for &b in other {
            let pm = self.masks.get(usize::from(b)).copied().unwrap_or(0);
            let transposed = ((!d0 & pm) << 1) & pm_prev;
            d0 = (((pm & vp).wrapping_add(vp)) ^ vp) | pm | vn | transposed;
            let hp = vn | !(d0 | vp);
            let hn = d0 & vp;
            // the last row's value, followed along the columns
            dist += usize::from(hp & last != 0);
            dist -= usize::from(hn & last != 0);
            let hp = (hp << 1) | 1;
            vp = (hn << 1) | !(d0 | hp);
            vn = hp & d0;
            pm_prev = pm;
        }
        dist
    }
}

/// Edit distance (insertions, deletions, substitutions, adjacent transpositions) between
/// two folded forms, stopping early once it passes `limit` (then returns `limit + 1`).
pub fn distance(a: &str, b: &str, limit: usize) -> usize {
    if a == b {
        return 0;
    }
    if a.is_ascii() && b.is_ascii() {
        return osa(a.as_bytes(), b.as_bytes(), limit);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    osa(&a, &b, limit)
}

/// Optimal string alignment distance over three rolling rows (on the stack for names of
/// up to 63 letters, [`osa_short`]), stopping once every cell of a row passes `limit`.
fn osa<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    if b.len() < 64 && limit < 200 {
        return usize::from(osa_short(a, b, limit as u8));
    }
    osa_wide(a, b, limit)
}

/// [`osa`] in full-width cells on the heap, for any lengths and limit.
pub(crate) fn osa_wide<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let w = b.len() + 1;
    let mut rows = vec![0usize; 3 * w];
    let (mut prev2, rest) = rows.split_at_mut(w);
    let (mut prev, mut cur) = rest.split_at_mut(w);
    for (j, cell) in prev.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = usize::MAX;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return limit + 1;
        }
        // rotate: the row two back becomes the next current row
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(limit + 1)
}

/// [`osa`] for a `b` of under 64 letters and a limit under 200, in byte cells that stop
/// counting at `limit + 1`: a cell within the limit comes out exact (its best way in runs
/// through cells within the limit), and a cell past it reads `limit + 1`, which is all
/// that is asked of it. Three rows of 64 bytes sit on the stack.
pub(crate) fn osa_short<T: PartialEq>(a: &[T], b: &[T], limit: u8) -> u8 {
    let past = limit + 1;
    let w = b.len() + 1;
    let mut rows = [0u8; 3 * 64];
    let (mut prev2, rest) = rows.split_at_mut(64);
    let (mut prev, mut cur) = rest.split_at_mut(64);
    for (j, cell) in prev[..w].iter_mut().enumerate() {
        *cell = (j as u8).min(past);
    }
    for i in 1..=a.len() {
        cur[0] = i.min(usize::from(past)) as u8;
        let mut row_min = u8::MAX;
        for j in 1..w {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            let v = v.min(past);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return past;
        }
        // rotate: the row two back becomes the next current row
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(past)
}

/// How many edits between folded forms still count as the same name, for a folded form of
/// `len` characters: none up to 3, one up to 5, then one more per 4 characters.
pub fn tolerance(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 1 + (len - 2) / 4,
    }
}
