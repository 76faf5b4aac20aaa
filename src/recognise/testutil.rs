//! Test helpers: a document with sentences, built without the full pipeline.

use chrono::NaiveDate;

use crate::doc::{Document, Sentence, Span};

/// A document whose sentences end at ". " or a newline (good enough for test sentences).
pub fn doc_from(text: &str, published: Option<NaiveDate>) -> Document {
    let mut doc = Document {
        id: "test".into(),
        text: text.to_string(),
        published,
        ..Document::default()
    };
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut paragraph = 0;
    while i < bytes.len() {
        let end_here = (bytes[i] == b'.' && (i + 1 == bytes.len() || bytes[i + 1] == b' '))
            || bytes[i] == b'\n';
        if end_here || i + 1 == bytes.len() {
            let end = i + 1;
            let s = text[start..end].trim();
            if !s.is_empty() {
                let off = start + text[start..end].find(s).unwrap_or(0);
                doc.sentences.push(Sentence {
                    span: Span::new(off, off + s.len()),
                    first_token: 0,
                    end_token: 0,
                    paragraph,
                });
            }
            if bytes[i] == b'\n' {
                paragraph += 1;
            }
            start = end;
        }
        i += 1;
    }
    doc
}
