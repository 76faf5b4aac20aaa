/*!
Casualty counts: a quantity tied to people killed, wounded or arrested.
*/

use crate::claim::Count;

/// A casualty count found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Casualty {
    /// Sentence index.
    pub sentence: usize,
    /// The count.
    pub count: Count,
}
