/*!
The document model every stage reads and writes.

A [`Document`] owns its cleaned text; everything else — tokens, sentences, mentions and
claims — points into that text with half-open byte [`Span`]s, the way spaCy's `Doc` owns
its text and `Token`/`Span` are views into it. Stages never rewrite `text`; they only add
annotations to their own layer (see [`Layer`]).
*/

use std::fmt;

use chrono::NaiveDate;

use crate::claim::Claim;

/// A half-open byte range `start..end` into [`Document::text`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (exclusive).
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Where a document came from: the input file and, for multi-record inputs, its line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// Input path as given on the command line (`-` for stdin).
    pub path: String,
    /// 1-based line (JSON Lines) or record start line (CSV); `None` for whole-file inputs.
    pub line: Option<u64>,
}

/// One stretch of cleaned text copied verbatim from the raw input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OffsetSegment {
    /// Byte offset in the cleaned text where the copy starts.
    pub clean_start: usize,
    /// Character (Unicode scalar) offset in the raw input text where the copy starts.
    pub raw_char_start: usize,
    /// Length of the copy in bytes.
    pub len: usize,
}

/// Maps byte offsets of the cleaned text back to character offsets of the raw input text,
/// so that any annotation can cite the article exactly as it was given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// Verbatim copies in increasing `clean_start` order.
    pub segments: Vec<OffsetSegment>,
}

impl OffsetMap {
    /// The raw character offset of cleaned byte `clean`, or `None` when that byte was
    /// inserted by cleaning (a paragraph break, say) rather than copied.
    pub fn to_raw_char(&self, clean: usize, text: &str) -> Option<usize> {
        let i = self.segments.partition_point(|s| s.clean_start <= clean);
        let seg = self.segments.get(i.checked_sub(1)?)?;
        if clean > seg.clean_start + seg.len {
            return None;
        }
        let within = text.get(seg.clean_start..clean)?;
        Some(seg.raw_char_start + within.chars().count())
    }
}

/// One token: a word, number or punctuation mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where the token is in [`Document::text`].
    pub span: Span,
    /// Lower-cased form with typographic quotes and dashes made ASCII.
    pub norm: String,
    /// What kind of token this is.
    pub kind: TokenKind,
}

/// The coarse shape of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes or hyphens.
    Word,
    /// Digits, possibly with `,` or `.` group separators.
    Number,
    /// Anything else (one character).
    Punct,
}

/// One sentence: a span of text plus the range of its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Where the sentence is in [`Document::text`].
    pub span: Span,
    /// Index of its first token in [`Document::tokens`].
    pub first_token: usize,
    /// One past the index of its last token.
    pub end_token: usize,
    /// Index of the paragraph the sentence belongs to (0-based).
    pub paragraph: usize,
}

/// The annotation layers stages read and write; used to check a pipeline's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// [`Document::tokens`] and [`Document::sentences`].
    Sentences,
    /// [`Document::quantities`]: numbers and vague amounts.
    Quantities,
    /// [`Document::casualties`]: counts of killed, wounded and arrested people.
    Casualties,
    /// [`Document::claims`].
    Claims,
    /// [`Document::places`]: toponyms with gazetteer candidates.
    Places,
    /// [`Document::places`] with `resolved` set.
    ResolvedPlaces,
    /// Claims with `location` set.
    ClaimLocations,
    /// [`Document::words`]: folded words per sentence.
    Words,
    /// [`Document::actors`]: actor mentions.
    Actors,
    /// [`Document::dates`]: date expressions.
    Dates,
    /// [`Document::claimants`]: attributions.
    Claimants,
    /// [`Document::triggers`]: event triggers.
    Triggers,
    /// [`Document::framing`]: loaded terms.
    Framing,
    /// Materiel attached to claims.
    Materiel,
    /// Claim fields filled from the mention layers (actors, date, type, claimant, framing).
    ClaimFields,
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Layer::Sentences => "sentences",
            Layer::Quantities => "quantities",
            Layer::Casualties => "casualties",
            Layer::Claims => "claims",
            Layer::Places => "places",
            Layer::ResolvedPlaces => "resolved-places",
            Layer::ClaimLocations => "claim-locations",
            Layer::Words => "words",
            Layer::Actors => "actors",
            Layer::Dates => "dates",
            Layer::Claimants => "claimants",
            Layer::Triggers => "triggers",
            Layer::Framing => "framing",
            Layer::ClaimFields => "claim-fields",
            Layer::Materiel => "materiel",
        };
        f.write_str(name)
    }
}

/// An article after ingest, with every annotation the pipeline has added to it.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// Identifier: from the input record, or the file name without extension.
    pub id: String,
    /// Headline, when one was found.
    pub title: Option<String>,
    /// Cleaned text: scrape junk removed, paragraphs separated by blank lines.
    pub text: String,
    /// Publication date from metadata or the dateline.
    pub published: Option<NaiveDate>,
    /// Publishing outlet from metadata or the dateline ("Tasnim").
    pub outlet: Option<String>,
    /// Source URL, when given.
    pub url: Option<String>,
    /// Which input the document came from.
    pub origin: Origin,
    /// Cleaned-text bytes back to raw-input characters.
    pub offsets: OffsetMap,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Quantities (numbers, number words, vague amounts) in text order.
    pub quantities: Vec<crate::recognise::quantity::Quantity>,
    /// Casualty counts (a quantity tied to killed / wounded / arrested).
    pub casualties: Vec<crate::recognise::casualty::Casualty>,
    /// Claims assembled from the mentions.
    pub claims: Vec<Claim>,
    /// Toponyms in text order, with candidates and (after resolution) the chosen place.
    pub places: Vec<crate::recognise::place::PlaceMention>,
    /// Adjectives of nationality ("Syrian"): country context for resolution.
    pub country_cues: Vec<crate::recognise::place::CountryCue>,
    /// Actor mentions in text order.
    pub actors: Vec<crate::recognise::actor::ActorMention>,
    /// Date expressions in text order.
    pub dates: Vec<crate::recognise::date::DateMention>,
    /// Attributions in text order.
    pub claimants: Vec<crate::recognise::claimant::ClaimantMention>,
    /// Event triggers in text order.
    pub triggers: Vec<crate::recognise::event::Trigger>,
    /// Loaded terms in text order.
    pub framing: Vec<crate::recognise::framing::FramingMention>,
    /// Folded words of each sentence, cut once by the [`Layer::Words`] stage and shared by
    /// the name recognisers.
    pub words: Vec<Vec<crate::recognise::words::Word>>,
}

impl Document {
    /// The text a span covers (empty if the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        let s = &self.sentences[i];
        &self.tokens[s.first_token..s.end_token]
    }

    /// Index of the sentence containing byte `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= pos);
        (i < self.sentences.len() && self.sentences[i].span.start <= pos).then_some(i)
    }

    /// Index of the first token that ends after byte `pos`.
    pub fn token_at_or_after(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.span.end <= pos)
    }
}
