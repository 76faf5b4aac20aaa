/*!
Cleaning scraped article text: dropping junk lines, finding title, dateline and date.

Cleaning only removes whole lines and collapses blank runs, so every kept line is copied
verbatim and an [`OffsetMap`] leads from the cleaned text back to the raw text.
*/

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use super::dates::find_date;
use crate::doc::{OffsetMap, OffsetSegment};

/// The result of cleaning one article's raw text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Kept lines, paragraphs separated by one blank line.
    pub text: String,
    /// Cleaned bytes back to raw characters.
    pub offsets: OffsetMap,
    /// The headline, when the first line looks like one.
    pub title: Option<String>,
    /// A date found in the first lines (dateline).
    pub published: Option<NaiveDate>,
    /// The outlet named in a dateline ("TEHRAN (Tasnim) –").
    pub outlet: Option<String>,
}

/// Whole lines that are page furniture, not article text (compared lower-cased, trimmed).
const BOILERPLATE: &[&str] = &[
    "back to top button",
    "back to top",
    "share",
    "share this",
    "share this article",
    "share on facebook",
    "share on twitter",
    "tweet",
    "print",
    "email",
    "e-mail",
    "read more",
    "read more:",
    "related articles",
    "related posts",
    "related news",
    "related",
    "advertisement",
    "comments",
    "leave a comment",
    "leave a reply",
    "follow us",
    "subscribe",
    "skip to content",
    "facebook",
    "twitter",
    "whatsapp",
    "telegram",
    "linkedin",
    "pinterest",
    "reddit",
    "copy link",
    "home",
    "menu",
    "search",
];

fn php_dump() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"^\s*(string|array|object)\(\d+\)\s*["{(]"#).unwrap())
}

fn json_blob() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"^\s*[\[{]\s*["{\[].*[\]}]"?\s*$"#).unwrap())
}

fn dateline_outlet() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "TEHRAN (Tasnim) –", "DAMASCUS, Syria (AP) —", "BEIRUT (Reuters) -"
    RE.get_or_init(|| {
        Regex::new(r"^\s*[A-Z][A-Z .'’-]+(?:,\s*[A-Za-z .]+)?\s*\(([^()]{2,40})\)\s*[-–—:]")
            .unwrap()
    })
}

/// Is this line scrape junk that must never yield a claim?
pub fn is_junk_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    if php_dump().is_match(t) || json_blob().is_match(t) {
        return true;
    }
    let lower = t.to_lowercase();
    BOILERPLATE.contains(&lower.trim_end_matches([':', '.']))
}

/// Cleans raw article text (see the module docs).
pub fn clean_text(raw: &str) -> Cleaned {
    let mut out = Cleaned::default();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut raw_chars = 0usize;
    let mut pending_blank = false;
    let mut first_line: Option<&str> = None;
    let mut lines_kept = 0usize;
    for piece in raw.split_inclusive('\n') {
        let line = piece.trim_end_matches(['\n', '\r']);
        let start_char = raw_chars;
        raw_chars += piece.chars().count();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            pending_blank = lines_kept > 0;
            continue;
        }
        if is_junk_line(line) {
            continue;
        }
        // A short line repeated (the headline printed twice) is kept once.
        if trimmed.len() < 200 && !seen.insert(trimmed) {
            continue;
        }
        if lines_kept > 0 {
            out.text.push_str(if pending_blank { "\n\n" } else { "\n" });
        }
        pending_blank = false;
        let lead = line.len() - line.trim_start().len();
        let lead_chars = line[..lead].chars().count();
        out.offsets.segments.push(OffsetSegment {
            clean_start: out.text.len(),
            raw_char_start: start_char + lead_chars,
            len: trimmed.len(),
        });
        out.text.push_str(trimmed);
        if first_line.is_none() {
            first_line = Some(trimmed);
        }
        if lines_kept < 4 {
            // A dateline opens its line or stands alone; a date inside a sentence (a photo
            // caption, "on November 15, 2012") is not the publication date.
            if out.published.is_none() {
                out.published = if trimmed.len() <= 80 {
                    find_date(trimmed)
                } else {
                    find_date(line_head(trimmed))
                };
            }
            if out.outlet.is_none() {
                if let Some(c) = dateline_outlet().captures(trimmed) {
                    out.outlet = Some(c[1].trim().to_string());
                }
            }
        }
        lines_kept += 1;
    }
    out.title = first_line
        .filter(|l| looks_like_title(l))
        .map(str::to_string);
    out
}

/// The first 24 characters of a line: where a dateline's date stands ("Wed 05 Apr 2017").
fn line_head(line: &str) -> &str {
    line.char_indices()
        .nth(24)
        .map_or(line, |(i, _)| &line[..i])
}

/// A headline: short, and not a sentence ending in a period.
fn looks_like_title(line: &str) -> bool {
    line.len() <= 200 && !line.ends_with('.') && line.split_whitespace().count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_php_dump_back_to_top_and_repeated_headline() {
        let raw = "120 militants killed in Syria's Aleppo\n\n120 militants killed in Syria's Aleppo\nWed Jun 12, 2013 20:59:42\n\nAt least 120 gunmen have been killed.\n\nstring(875) \"[{\"id\":\"1483605\",\"title\":\"Militants execute a 14-year old in Syria’s Aleppo\"} ]\"\nBack to top button\n";
        let c = clean_text(raw);
        assert_eq!(
            c.text,
            "120 militants killed in Syria's Aleppo\n\nWed Jun 12, 2013 20:59:42\n\nAt least 120 gunmen have been killed."
        );
        assert_eq!(
            c.title.as_deref(),
            Some("120 militants killed in Syria's Aleppo")
        );
        assert_eq!(c.published, NaiveDate::from_ymd_opt(2013, 6, 12));
        // "At least" starts at raw character 105.
        let at = c.text.find("At least").unwrap();
        assert_eq!(
            c.offsets.to_raw_char(at, &c.text),
            Some(raw.find("At least").unwrap())
        );
    }

    #[test]
    fn a_caption_date_is_not_the_publication_date() {
        // Seed 000: the photo caption under the headline.
        let raw = "Scores of militants killed across Syria\n\nA Syrian rebel shoots at government forces in the northwestern city of Aleppo on November 15, 2012.\n\nSyrian Army soldiers have killed scores of foreign-backed militants.";
        assert_eq!(clean_text(raw).published, None);
        let fakes = "Wed 05 Apr 2017 Syria attack symptoms consistent with nerve agent use WHO. Victims of a suspected chemical attack in Syria appeared to show symptoms.";
        assert_eq!(
            clean_text(fakes).published,
            NaiveDate::from_ymd_opt(2017, 4, 5)
        );
    }

    #[test]
    fn dateline_names_the_outlet() {
        let raw = "Syrian Army, Russian Forces Eliminate over 400 Militants in Aleppo, Idlib\nTEHRAN (Tasnim) – At least 400 militants have been killed.";
        let c = clean_text(raw);
        assert_eq!(c.outlet.as_deref(), Some("Tasnim"));
        assert_eq!(c.published, None);
    }
}
