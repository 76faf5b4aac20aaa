/*!
Quantities: numerals, number words and vague amounts, with the range the text allows.
*/

use crate::doc::Span;

/// A number or vague amount found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    /// The words, modifiers included ("at least 120").
    pub span: Span,
    /// Index of the first token of the quantity.
    pub first_token: usize,
    /// One past the last token.
    pub end_token: usize,
    /// Lowest value the words allow.
    pub low: Option<u64>,
    /// The profile's single figure.
    pub best: Option<u64>,
    /// Highest value; `None` when open.
    pub high: Option<u64>,
    /// True for one plain number with no hedge.
    pub exact: bool,
}
