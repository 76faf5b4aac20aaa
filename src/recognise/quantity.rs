/*!
Quantities: numerals ("120", "1,200"), number words ("two hundred and five"), vague
amounts ("dozens", "a number of") and their hedges ("at least", "more than", "between N
and M"), each with the range the words allow.

Whether a quantity counts people killed is not decided here: [`super::casualty`] ties a
quantity to a casualty word. This stage only reads amounts.
*/

use std::sync::Arc;

use crate::doc::{Document, Layer, Span, Token, TokenKind};
use crate::pipeline::Stage;
use crate::recognise::profile::CodingProfile;

/// A number or vague amount found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    /// The words, hedges included ("at least 120").
    pub span: Span,
    /// Index of the first token (the hedge, if any).
    pub first_token: usize,
    /// One past the last token.
    pub end_token: usize,
    /// Lowest value the words allow; `None` when they give no floor ("up to 50").
    pub low: Option<u64>,
    /// The profile's single figure.
    pub best: Option<u64>,
    /// Highest value; `None` when open.
    pub high: Option<u64>,
    /// True for one plain number with no hedge.
    pub exact: bool,
    /// True when the amount is a vague word ("dozens"), not a number.
    pub vague: bool,
}

/// The quantity stage: writes [`Document::quantities`].
#[derive(Clone, Debug)]
pub struct QuantityRecogniser {
    profile: Arc<CodingProfile>,
}

impl QuantityRecogniser {
    /// A recogniser reading vague amounts by `profile`.
    pub fn new(profile: Arc<CodingProfile>) -> QuantityRecogniser {
        QuantityRecogniser { profile }
    }
}

impl Stage for QuantityRecogniser {
    fn name(&self) -> &'static str {
        "quantities"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Quantities]
    }
    fn run(&self, doc: &mut Document) {
        let mut out = Vec::new();
        for s in &doc.sentences {
            let mut i = s.first_token;
            while i < s.end_token {
                match read_quantity(&doc.tokens[..s.end_token], i, &self.profile) {
                    Some(q) => {
                        i = q.end_token;
                        out.push(q);
                    }
                    None => i += 1,
                }
            }
        }
        doc.quantities = out;
    }
}

/// How a hedge changes a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hedge {
    /// "at least N": low N, open above.
    AtLeast,
    /// "more than N": low N+1, open above.
    MoreThan,
    /// "nearly N", "up to N": at most N, no floor.
    AtMost,
    /// "fewer than N": at most N-1.
    FewerThan,
    /// "about N": N, not exact.
    About,
}

const HEDGES: &[(&[&str], Hedge)] = &[
    (&["at", "least"], Hedge::AtLeast),
    (&["not", "less", "than"], Hedge::AtLeast),
    (&["no", "less", "than"], Hedge::AtLeast),
    (&["no", "fewer", "than"], Hedge::AtLeast),
    (&["a", "minimum", "of"], Hedge::AtLeast),
    (&["more", "than"], Hedge::MoreThan),
    (&["over"], Hedge::MoreThan),
    (&["upwards", "of"], Hedge::MoreThan),
    (&["in", "excess", "of"], Hedge::MoreThan),
    (&["nearly"], Hedge::AtMost),
    (&["almost"], Hedge::AtMost),
    (&["up", "to"], Hedge::AtMost),
    (&["as", "many", "as"], Hedge::AtMost),
    (&["at", "most"], Hedge::AtMost),
    (&["close", "to"], Hedge::AtMost),
    (&["fewer", "than"], Hedge::FewerThan),
    (&["less", "than"], Hedge::FewerThan),
    (&["under"], Hedge::FewerThan),
    (&["about"], Hedge::About),
    (&["around"], Hedge::About),
    (&["some"], Hedge::About),
    (&["approximately"], Hedge::About),
    (&["approx"], Hedge::About),
    (&["roughly"], Hedge::About),
    (&["an", "estimated"], Hedge::About),
    (&["estimated"], Hedge::About),
    (&["almost", "exactly"], Hedge::About),
];

/// Words that can open a quantity: number words, scales, hedges, "a", "an", "between".
fn starters() -> &'static rustc_hash::FxHashSet<&'static str> {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut set: rustc_hash::FxHashSet<&'static str> =
            UNIT_WORDS.iter().chain(TENS_WORDS).copied().collect();
        set.extend(["hundred", "thousand", "million", "a", "an", "between"]);
        set.extend(HEDGES.iter().map(|(w, _)| w[0]));
        set
    })
}

/// Can a quantity start with this token? A cheap test that spares most tokens the full read.
fn may_start_quantity(t: &Token, profile: &CodingProfile) -> bool {
    t.kind == TokenKind::Number
        || starters().contains(t.norm.as_str())
        || profile.may_start(&t.norm)
        || (t.norm.contains('-') && unit_value(&t.norm).is_some())
}

/// Reads the quantity starting at token `i`, if there is one.
pub fn read_quantity(tokens: &[Token], i: usize, profile: &CodingProfile) -> Option<Quantity> {
    if !may_start_quantity(tokens.get(i)?, profile) {
        return None;
    }
    let words = |from: usize, n: usize| -> Vec<&str> {
        tokens[from.min(tokens.len())..(from + n).min(tokens.len())]
            .iter()
            .map(|t| t.norm.as_str())
            .collect()
    };
    let ahead = words(i, 6);
    let (hedge, after_hedge) = HEDGES
        .iter()
        .filter(|(w, _)| ahead.len() >= w.len() && ahead[..w.len()] == **w)
        .max_by_key(|(w, _)| w.len())
        .map_or((None, i), |(w, h)| (Some(*h), i + w.len()));

    // "between N and M"
    if tokens.get(after_hedge).is_some_and(|t| t.norm == "between") {
        let (a, j) = read_number(tokens, after_hedge + 1)?;
        if tokens.get(j).is_some_and(|t| t.norm == "and") {
            if let Some((b, k)) = read_number(tokens, j + 1) {
                return Some(range(tokens, i, k, a, b));
            }
        }
        return None;
    }

    if let Some((n, mut j)) = read_number(tokens, after_hedge) {
        // "N to M", "N-M", "N or M"
        if let Some(sep) = tokens.get(j) {
            let digits_dash = sep.norm == "-"
                && tokens[j - 1].kind == TokenKind::Number
                && tokens
                    .get(j + 1)
                    .is_some_and(|t| t.kind == TokenKind::Number);
            if matches!(sep.norm.as_str(), "to" | "or") || digits_dash {
                if let Some((m, k)) = read_number(tokens, j + 1) {
                    if m > n && hedge.is_none() {
                        return Some(range(tokens, i, k, n, m));
                    }
                }
            }
        }
        // "two dozen"
        if tokens.get(j).is_some_and(|t| t.norm == "dozen") {
            j += 1;
            return Some(apply_hedge(tokens, i, j, hedge, n * 12, false));
        }
        return Some(apply_hedge(tokens, i, j, hedge, n, false));
    }

    let rest = words(after_hedge, 6);
    let (len, r) = profile.match_at(&rest)?;
    let mut j = after_hedge + len;
    let (mut low, mut best, mut high) = (r.low, r.best, r.high);
    // "tens of thousands", "hundreds of thousands"
    let mult = match (
        tokens.get(j).map(|t| t.norm.as_str()),
        tokens.get(j + 1).map(|t| t.norm.as_str()),
    ) {
        (_, Some("thousands")) | (Some("thousands"), _) => 1000,
        (_, Some("hundreds")) | (Some("hundreds"), _) => 100,
        (_, Some("millions")) | (Some("millions"), _) => 1_000_000,
        _ => 1,
    };
    if mult > 1 {
        j += if tokens.get(j).is_some_and(|t| t.norm == "of") {
            2
        } else {
            1
        };
        if tokens.get(j).is_some_and(|t| t.norm == "of") {
            j += 1;
        }
        low *= mult;
        best *= mult;
        high = high.map(|h| (h + 1) * mult - 1);
    } else if rest[len - 1] != "of" && tokens.get(j).is_some_and(|t| t.norm == "of") {
        // "dozens of", "scores of": include the "of".
        j += 1;
    }
    match hedge {
        Some(Hedge::AtLeast) | Some(Hedge::MoreThan) => high = None,
        Some(Hedge::AtMost) | Some(Hedge::FewerThan) => low = 1.min(low),
        _ => {}
    }
    Some(Quantity {
        span: Span::new(tokens[i].span.start, tokens[j - 1].span.end),
        first_token: i,
        end_token: j,
        low: Some(low),
        best: Some(best),
        high,
        exact: false,
        vague: true,
    })
}

fn range(tokens: &[Token], i: usize, end: usize, a: u64, b: u64) -> Quantity {
    Quantity {
        span: Span::new(tokens[i].span.start, tokens[end - 1].span.end),
        first_token: i,
        end_token: end,
        low: Some(a.min(b)),
        best: Some(a.min(b)),
        high: Some(a.max(b)),
        exact: false,
        vague: false,
    }
}

fn apply_hedge(
    tokens: &[Token],
    i: usize,
    end: usize,
    hedge: Option<Hedge>,
    n: u64,
    vague: bool,
) -> Quantity {
    let (low, best, high, exact) = match hedge {
        None => (Some(n), Some(n), Some(n), true),
        Some(Hedge::AtLeast) => (Some(n), Some(n), None, false),
        Some(Hedge::MoreThan) => (Some(n + 1), Some(n + 1), None, false),
        Some(Hedge::AtMost) => (None, Some(n), Some(n), false),
        Some(Hedge::FewerThan) => (None, None, Some(n.saturating_sub(1)), false),
        Some(Hedge::About) => (Some(n), Some(n), Some(n), false),
    };
    Quantity {
        span: Span::new(tokens[i].span.start, tokens[end - 1].span.end),
        first_token: i,
        end_token: end,
        low,
        best,
        high,
        exact,
        vague,
    }
}

/// Reads a number (digits or words) at token `i`: its value and the token after it.
pub fn read_number(tokens: &[Token], i: usize) -> Option<(u64, usize)> {
    let t = tokens.get(i)?;
    if t.kind == TokenKind::Number {
        // A clock time ("20:59") or a ratio is not an amount.
        if tokens
            .get(i + 1)
            .is_some_and(|n| n.norm == ":" && n.span.start == t.span.end)
        {
            return None;
        }
        let digits: String = t.norm.chars().filter(|c| *c != ',').collect();
        let (value, scale_ok) = if let Some((whole, frac)) = digits.split_once('.') {
            // Decimals only count when scaled: "1.5 million".
            let v: f64 = format!("{whole}.{frac}").parse().ok()?;
            (v, false)
        } else {
            (digits.parse::<u64>().ok()? as f64, true)
        };
        let scale = match tokens.get(i + 1).map(|n| n.norm.as_str()) {
            Some("thousand") => Some(1e3),
            Some("million") => Some(1e6),
            Some("billion") => Some(1e9),
            _ => None,
        };
        return match scale {
            Some(s) => Some(((value * s).round() as u64, i + 2)),
            None if scale_ok => Some((value as u64, i + 1)),
            None => None,
        };
    }
    read_number_words(tokens, i)
}

const UNIT_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS_WORDS: &[&str] = &[
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// The value of one number word ("seven", "twenty", "twenty-five"), if it is one.
pub fn number_word(w: &str) -> Option<u64> {
    unit_value(w)
}

fn unit_value(w: &str) -> Option<u64> {
    const UNITS: &[&str] = UNIT_WORDS;
    const TENS: &[&str] = TENS_WORDS;
    if let Some(p) = UNITS.iter().position(|u| *u == w) {
        return Some(p as u64);
    }
    if let Some(p) = TENS.iter().position(|u| *u == w) {
        return Some(20 + 10 * p as u64);
    }
    // "twenty-five"
    let (a, b) = w.split_once('-')?;
    let tens = TENS.iter().position(|u| *u == a)? as u64;
    let unit = UNITS[1..10].iter().position(|u| *u == b)? as u64 + 1;
    Some(20 + 10 * tens + unit)
}

fn scale_value(w: &str) -> Option<u64> {
    match w {
        "hundred" => Some(100),
        "thousand" => Some(1_000),
        "million" => Some(1_000_000),
        _ => None,
    }
}

/// Reads number words ("two hundred and five", "a hundred", "a dozen" is vague and not here).
fn read_number_words(tokens: &[Token], i: usize) -> Option<(u64, usize)> {
    let mut total = 0u64;
    let mut current = 0u64;
    let mut j = i;
    let mut any = false;
    // "a hundred", "a thousand"
    if tokens
        .get(j)
        .is_some_and(|t| t.norm == "a" || t.norm == "an")
        && tokens
            .get(j + 1)
            .is_some_and(|t| scale_value(&t.norm).is_some())
    {
        current = 1;
        j += 1;
    }
    while let Some(t) = tokens.get(j) {
        let w = t.norm.as_str();
        if let Some(v) = unit_value(w) {
            if any && current % 100 != 0 && current % 10 == 0 && v < 10 {
                current += v; // "twenty five" written without the hyphen
            } else if any && current % 100 != 0 {
                break;
            } else {
                current += v;
            }
            any = true;
        } else if let Some(s) = scale_value(w) {
            if !any && current == 0 {
                break;
            }
            if s == 100 {
                current = current.max(1) * 100;
            } else {
                total += current.max(1) * s;
                current = 0;
            }
            any = true;
        } else if w == "and"
            && any
            && tokens
                .get(j + 1)
                .is_some_and(|n| unit_value(&n.norm).is_some())
            && (current >= 100 || total > 0)
            && current % 100 == 0
        {
            // "two hundred and five"
        } else {
            break;
        }
        j += 1;
    }
    any.then_some((total + current, j))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::profile::ProfileName;
    use crate::segment::tokenize;

    /// (low, best, high, exact, words)
    type Seen = (Option<u64>, Option<u64>, Option<u64>, bool, String);

    fn q(text: &str) -> Option<Seen> {
        let tokens = tokenize(text);
        let profile = CodingProfile::load(ProfileName::Acled);
        let q = read_quantity(&tokens, 0, &profile)?;
        Some((
            q.low,
            q.best,
            q.high,
            q.exact,
            text[q.span.start..q.span.end].to_string(),
        ))
    }

    #[test]
    fn numerals_and_words() {
        assert_eq!(
            q("120 gunmen").unwrap(),
            (Some(120), Some(120), Some(120), true, "120".into())
        );
        assert_eq!(q("1,200 people").unwrap().1, Some(1200));
        assert_eq!(q("eight armed men").unwrap().1, Some(8));
        assert_eq!(q("two hundred and five people").unwrap().1, Some(205));
        assert_eq!(q("twenty-five soldiers").unwrap().1, Some(25));
        assert_eq!(q("1.5 million refugees").unwrap().1, Some(1_500_000));
        assert_eq!(q("a hundred people").unwrap().1, Some(100));
        assert!(q("20:59:42").is_none());
        assert!(q("3.5 km").is_none());
    }

    #[test]
    fn hedges_keep_ranges() {
        // Seed 002: "At least 120 gunmen have been killed"
        assert_eq!(
            q("At least 120 gunmen").unwrap(),
            (Some(120), Some(120), None, false, "At least 120".into())
        );
        // Seed 001: "more than 100 al-Qaeda linked terrorists"
        assert_eq!(q("more than 100 al-Qaeda").unwrap().0, Some(101));
        assert_eq!(q("over 400 fresh members").unwrap().0, Some(401));
        assert_eq!(
            q("nearly 50 people").unwrap(),
            (None, Some(50), Some(50), false, "nearly 50".into())
        );
        assert_eq!(
            q("between 30 and 80 kilograms").unwrap(),
            (
                Some(30),
                Some(30),
                Some(80),
                false,
                "between 30 and 80".into()
            )
        );
        assert_eq!(q("30 to 40 people").unwrap().2, Some(40));
        assert!(!q("about 70 people").unwrap().3);
    }

    #[test]
    fn vague_amounts_by_profile() {
        assert_eq!(q("Scores of militants").unwrap().0, Some(20));
        assert_eq!(q("dozens of Syrian soldiers").unwrap().0, Some(12));
        assert_eq!(q("tens of the terrorists").unwrap().0, Some(10));
        assert_eq!(q("A number of armed men").unwrap().0, Some(2));
        assert_eq!(q("a large number of them").unwrap().0, Some(10));
        assert_eq!(q("tens of thousands of people").unwrap().0, Some(10_000));
        assert_eq!(q("at least dozens of people").unwrap().2, None);
    }
}
