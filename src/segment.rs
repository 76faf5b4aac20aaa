/*!
Segmentation: splits a document's cleaned text into tokens and sentences.

The text is never rewritten; every token and sentence is a [`Span`] into it. Paragraphs are
separated by blank lines; a line break inside a paragraph ends a sentence when the line
ends in sentence punctuation or is short enough to be a heading.
*/

use crate::doc::{Document, Layer, Sentence, Span, Token, TokenKind};
use crate::pipeline::Stage;

/// The segmentation stage: writes [`Document::tokens`] and [`Document::sentences`].
#[derive(Debug, Default, Clone, Copy)]
pub struct Segmenter;

impl Stage for Segmenter {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn run(&self, doc: &mut Document) {
        doc.tokens = tokenize(&doc.text);
        doc.sentences = split_sentences(&doc.text, &doc.tokens);
    }
}

/// Lines shorter than this that end without punctuation are taken as headings.
const HEADING_MAX_BYTES: usize = 90;

/// Abbreviations whose trailing period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "pvt", "gov",
    "sen", "rep", "rev", "prof", "jr", "sr", "no", "vs", "etc", "jan", "feb", "mar", "apr", "aug",
    "sep", "sept", "oct", "nov", "dec", "a.m", "p.m", "u.s", "u.n", "u.k", "approx", "inc", "co",
    "corp", "ltd", "mt", "ft", "blvd", "ave", "rd", "hwy", "e.g", "i.e", "cal",
];

/// Splits `text` into tokens with byte spans and normalised forms.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            // Digits with inner group separators: 1,200 / 3.5 / 240,000.
            let mut end = start + 1;
            while end < bytes.len() {
                let b = bytes[end];
                if b.is_ascii_digit() {
                    end += 1;
                } else if (b == b',' || b == b'.')
                    && end + 1 < bytes.len()
                    && bytes[end + 1].is_ascii_digit()
                {
                    end += 2;
                } else {
                    break;
                }
            }
            // Ordinal or unit suffix glued to the digits: 137th, 2nd, 45cal, 16yo.
            let mut kind = TokenKind::Number;
            while end < bytes.len() && bytes[end].is_ascii_alphabetic() {
                end += 1;
                kind = TokenKind::Word;
            }
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
            tokens.push(Token {
                span: Span::new(start, end),
                norm: text[start..end].to_ascii_lowercase(),
                kind,
            });
            continue;
        }
        if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    end = i + d.len_utf8();
                    chars.next();
                } else if is_inner_joiner(d) {
                    // Keep "al-Nusra", "Fo’aa", "isn't" whole; split "word-" and "14-year".
                    let next = text[i + d.len_utf8()..].chars().next();
                    if next.is_some_and(|n| n.is_alphabetic()) {
                        end = i + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            tokens.push(Token {
                span: Span::new(start, end),
                norm: normalise(&text[start..end]),
                kind: TokenKind::Word,
            });
            continue;
        }
        let end = start + c.len_utf8();
        tokens.push(Token {
            span: Span::new(start, end),
            norm: normalise(&text[start..end]),
            kind: TokenKind::Punct,
        });
    }
    tokens
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '‘' | '‐' | '‑' | 'ʿ' | 'ʾ' | '`')
}

/// Lower-cases and maps typographic quotes and dashes to ASCII.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '’' | '‘' | 'ʿ' | 'ʾ' | '`' | '´' => out.push('\''),
            '“' | '”' | '„' => out.push('"'),
            '‐' | '‑' | '‒' | '–' | '—' => out.push('-'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Groups tokens into sentences.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut paragraph = 0usize;
    let mut first: Option<usize> = None;
    let push = |first: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>| {
        if end > first {
            out.push(Sentence {
                span: Span::new(tokens[first].span.start, tokens[end - 1].span.end),
                first_token: first,
                end_token: end,
                paragraph,
            });
        }
    };
    for i in 0..tokens.len() {
        let start = *first.get_or_insert(i);
        // Break at a line break before this token?
        if i > start {
            let gap = &text[tokens[i - 1].span.end..tokens[i].span.start];
            let newlines = gap.matches('\n').count();
            if newlines >= 2 {
                push(start, i, paragraph, &mut sentences);
                paragraph += 1;
                first = Some(i);
            } else if newlines == 1 {
                let prev = &tokens[i - 1];
                let line_start = text[..prev.span.end].rfind('\n').map_or(0, |p| p + 1);
                let ends_sentence = matches!(prev.norm.as_str(), "." | "!" | "?" | "\"" | ":")
                    || prev.span.end - line_start < HEADING_MAX_BYTES;
                if ends_sentence {
                    push(start, i, paragraph, &mut sentences);
                    paragraph += 1;
                    first = Some(i);
                }
            }
        }
        let start = first.unwrap_or(i);
        let t = &tokens[i];
        if matches!(t.norm.as_str(), "." | "!" | "?") && ends_here(text, tokens, i) {
            // Take closing quotes and brackets along.
            let mut end = i + 1;
            while end < tokens.len()
                && matches!(tokens[end].norm.as_str(), "\"" | "'" | ")")
                && tokens[end].span.start == tokens[end - 1].span.end
            {
                end += 1;
            }
            push(start, end, paragraph, &mut sentences);
            // The next sentence starts after the closers this one took along.
            first = (end > i + 1).then_some(end);
        }
    }
    if let Some(start) = first {
        if start < tokens.len() {
            push(start, tokens.len(), paragraph, &mut sentences);
        }
    }
    // A closer run may have started a sentence past the token it already took; drop empties.
    sentences.retain(|s| s.end_token > s.first_token);
    sentences
}

/// Does the punctuation token `i` end a sentence?
fn ends_here(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    if t.norm != "." {
        return next_starts_sentence(text, tokens, i);
    }
    if i > 0 && tokens[i - 1].span.end == t.span.start {
        let prev = &tokens[i - 1];
        // "U.S." style: a single letter before the period.
        if prev.kind == TokenKind::Word && prev.norm.chars().count() == 1 {
            let next_upper = tokens.get(i + 1).is_some_and(|n| {
                n.span.start == t.span.end && n.kind == TokenKind::Word && n.norm.len() == 1
            });
            if next_upper || prev.norm.chars().all(|c| c.is_alphabetic()) {
                // An initial ("A. Smith") or part of "U.S."; ends only before a clear start.
                return false;
            }
        }
        if ABBREVIATIONS.contains(&prev.norm.as_str()) {
            return false;
        }
    }
    next_starts_sentence(text, tokens, i)
}

fn next_starts_sentence(text: &str, tokens: &[Token], i: usize) -> bool {
    let Some(mut j) = (i + 1 < tokens.len()).then_some(i + 1) else {
        return true;
    };
    // Closing quotes directly after the period belong to this sentence.
    while j < tokens.len()
        && matches!(tokens[j].norm.as_str(), "\"" | "'" | ")")
        && tokens[j].span.start == tokens[j - 1].span.end
    {
        j += 1;
    }
    let Some(next) = tokens.get(j) else {
        return true;
    };
    if next.span.start == tokens[j - 1].span.end {
        return false; // "3.5", "al-Nusra.com"
    }
    let first = text[next.span.start..].chars().next().unwrap_or(' ');
    first.is_uppercase() || first.is_ascii_digit() || matches!(first, '"' | '“' | '\'' | '‘' | '(')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences_of(text: &str) -> Vec<&str> {
        let tokens = tokenize(text);
        split_sentences(text, &tokens)
            .iter()
            .map(|s| &text[s.span.start..s.span.end])
            .collect()
    }

    #[test]
    fn tokens_keep_transliterations_and_split_ages() {
        let text = "al-Fo’aa, a 14-year old and the 137th Brigade: 240,000 lives.";
        let toks: Vec<String> = tokenize(text).into_iter().map(|t| t.norm).collect();
        assert_eq!(
            toks,
            [
                "al-fo'aa", ",", "a", "14", "-", "year", "old", "and", "the", "137th", "brigade",
                ":", "240,000", "lives", "."
            ]
        );
    }

    #[test]
    fn splits_seed_sentences_and_headline() {
        let text = "120 militants killed in Syria's Aleppo\nWed Jun 12, 2013 20:59:42\n\nAt least 120 gunmen have been killed in clashes near the Syrian city of Aleppo. Takfiri militants were killed in fighting on Wednesday.";
        assert_eq!(
            sentences_of(text),
            [
                "120 militants killed in Syria's Aleppo",
                "Wed Jun 12, 2013 20:59:42",
                "At least 120 gunmen have been killed in clashes near the Syrian city of Aleppo.",
                "Takfiri militants were killed in fighting on Wednesday."
            ]
        );
    }

    #[test]
    fn quotes_and_abbreviations() {
        let text = "“The attacks inflicted major casualties,” the sources said. The U.S. Army left. Mr. Smith said “It is over.” Then he left.";
        assert_eq!(
            sentences_of(text),
            [
                "“The attacks inflicted major casualties,” the sources said.",
                "The U.S. Army left.",
                "Mr. Smith said “It is over.”",
                "Then he left."
            ]
        );
    }
}
