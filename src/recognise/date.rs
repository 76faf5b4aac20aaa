/*!
Dates: absolute ("November 15, 2012") and relative ("on Sunday", "yesterday", "last week",
"over the past 24 hours", "on November 27", "earlier this month") expressions, resolved
against [`Document::published`].

Precision follows ACLED: 1 = a day, 2 = a week (or a span of a few days), 3 = a month.
A relative expression in a document without a publication date keeps its span and stays
unresolved (`start: None`): it is never given a made-up date.
*/

use std::sync::OnceLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::Regex;

use crate::claim::ClaimDate;
use crate::doc::{Document, Layer, Span};
use crate::pipeline::Stage;

/// A date expression found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Sentence index.
    pub sentence: usize,
    /// The resolved date (start and end unresolved when the text is relative and the
    /// publication date unknown).
    pub date: ClaimDate,
    /// True when the expression dates something the text presents as past context
    /// ("since March 2011") rather than the happening itself.
    pub background: bool,
}

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
const WEEKDAYS: &str = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";

fn patterns() -> &'static [(Kind, Regex)] {
    static P: OnceLock<Vec<(Kind, Regex)>> = OnceLock::new();
    P.get_or_init(|| {
        let re =
            |s: String| Regex::new(&format!(r"(?i)(?-u:\b)(?:{s})(?-u:\b)")).expect("date pattern");
        vec![
            (
                Kind::MonthDayYear,
                re(format!(
                    r"({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?"
                )),
            ),
            (
                Kind::DayMonthYear,
                re(format!(
                    r"(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\.?(?:,?\s+(\d{{4}}))?"
                )),
            ),
            (
                Kind::MonthYear,
                re(format!(r"(?:in|since|from|until)\s+({MONTHS})\s+(\d{{4}})")),
            ),
            (
                Kind::Weekday,
                re(format!(r"(?:(last|this|past)\s+)?({WEEKDAYS})")),
            ),
            (Kind::Yesterday, re("yesterday".into())),
            (
                Kind::Today,
                re("today|this morning|this evening|tonight".into()),
            ),
            (
                Kind::LastWeek,
                re("last week|past week|previous week".into()),
            ),
            (Kind::ThisWeek, re("this week|earlier this week".into())),
            (
                Kind::PastHours,
                re(r"(?:over|in|during|within)\s+the\s+(?:past|last)\s+(\d{1,3})\s+hours".into()),
            ),
            (
                Kind::PastDays,
                re(
                    r"(?:over|in|during|within)\s+the\s+(?:past|last)\s+(few|two|three|\d)\s+days"
                        .into(),
                ),
            ),
            (Kind::ThisMonth, re("earlier this month|this month".into())),
            (Kind::LastMonth, re("last month|previous month".into())),
        ]
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    MonthDayYear,
    DayMonthYear,
    MonthYear,
    Weekday,
    Yesterday,
    Today,
    LastWeek,
    ThisWeek,
    PastHours,
    PastDays,
    ThisMonth,
    LastMonth,
}

fn month_number(s: &str) -> Option<u32> {
    let s = s.to_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|m| s.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn weekday(s: &str) -> Option<Weekday> {
    s.to_lowercase().parse().ok()
}

fn day(d: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>, Option<u8>) {
    (Some(d), Some(d), Some(1))
}

/// A month and day without a year: the latest such date not after `published`.
fn recent_month_day(published: NaiveDate, month: u32, dom: u32) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(published.year(), month, dom)?;
    if this <= published {
        Some(this)
    } else {
        NaiveDate::from_ymd_opt(published.year() - 1, month, dom)
    }
}

fn month_range(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    Some((first, last))
}

type Resolved = (Option<NaiveDate>, Option<NaiveDate>, Option<u8>);

fn resolve(
    kind: Kind,
    caps: &regex::Captures<'_>,
    published: Option<NaiveDate>,
) -> Option<Resolved> {
    let unresolved = (None, None, None);
    let g = |i: usize| caps.get(i).map(|m| m.as_str());
    Some(match kind {
        Kind::MonthDayYear | Kind::DayMonthYear => {
            let (m, d) = if kind == Kind::MonthDayYear {
                (g(1)?, g(2)?)
            } else {
                (g(2)?, g(1)?)
            };
            let month = month_number(m)?;
            let dom: u32 = d.parse().ok()?;
            if !(1..=31).contains(&dom) {
                return None;
            }
            match g(3).and_then(|y| y.parse::<i32>().ok()) {
                Some(y) => day(NaiveDate::from_ymd_opt(y, month, dom)?),
                None => match published {
                    Some(p) => day(recent_month_day(p, month, dom)?),
                    None => unresolved,
                },
            }
        }
        Kind::MonthYear => {
            let month = month_number(g(1)?)?;
            let y: i32 = g(2)?.parse().ok()?;
            let (a, b) = month_range(y, month)?;
            (Some(a), Some(b), Some(3))
        }
        Kind::Weekday => {
            let wd = weekday(g(2)?)?;
            let strictly_before = g(1).is_some_and(|w| w.eq_ignore_ascii_case("last"));
            match published {
                Some(p) => {
                    let mut d = p;
                    if strictly_before {
                        d = d.pred_opt()?;
                    }
                    for _ in 0..7 {
                        if d.weekday() == wd {
                            break;
                        }
                        d = d.pred_opt()?;
                    }
                    day(d)
                }
                None => unresolved,
            }
        }
        Kind::Yesterday => match published {
            Some(p) => day(p.pred_opt()?),
            None => unresolved,
        },
        Kind::Today => match published {
            Some(p) => day(p),
            None => unresolved,
        },
        Kind::LastWeek | Kind::ThisWeek => match published {
            Some(p) => {
                let monday =
                    p.checked_sub_days(Days::new(p.weekday().num_days_from_monday() as u64))?;
                if kind == Kind::ThisWeek {
                    (Some(monday), Some(p), Some(2))
                } else {
                    let start = monday.checked_sub_days(Days::new(7))?;
                    (Some(start), Some(monday.pred_opt()?), Some(2))
                }
            }
            None => unresolved,
        },
        Kind::PastHours => {
            let hours: u64 = g(1)?.parse().ok()?;
            match published {
                Some(p) => {
                    let days = hours.div_ceil(24).max(1);
                    let start = p.checked_sub_days(Days::new(days))?;
                    (Some(start), Some(p), Some(if days <= 1 { 1 } else { 2 }))
                }
                None => unresolved,
            }
        }
        Kind::PastDays => {
            let n = match g(1)?.to_lowercase().as_str() {
                "few" | "three" => 3,
                "two" => 2,
                d => d.parse().ok()?,
            };
            match published {
                Some(p) => (Some(p.checked_sub_days(Days::new(n))?), Some(p), Some(2)),
                None => unresolved,
            }
        }
        Kind::ThisMonth => match published {
            Some(p) => (Some(p.with_day(1)?), Some(p), Some(3)),
            None => unresolved,
        },
        Kind::LastMonth => match published {
            Some(p) => {
                let prev = p.with_day(1)?.pred_opt()?;
                let (a, b) = month_range(prev.year(), prev.month())?;
                (Some(a), Some(b), Some(3))
            }
            None => unresolved,
        },
    })
}

/// Finds the date expressions of one sentence (`text` starts at byte `base`).
pub fn dates_in(
    text: &str,
    base: usize,
    sentence: usize,
    published: Option<NaiveDate>,
) -> Vec<DateMention> {
    let mut out: Vec<DateMention> = Vec::new();
    for (kind, re) in patterns() {
        for caps in re.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            let span = Span::new(base + m.start(), base + m.end());
            if out
                .iter()
                .any(|o| o.date.span.is_some_and(|s| s.overlaps(span)))
            {
                continue;
            }
            let Some((start, end, precision)) = resolve(*kind, &caps, published) else {
                continue;
            };
            // include a leading "on" so the text reads "on Sunday"
            let before = &text[..m.start()];
            let with_on = before.strip_suffix(' ').and_then(|b| {
                let t = b.trim_end();
                (t.to_lowercase().ends_with(" on") || t.eq_ignore_ascii_case("on"))
                    .then(|| t.len() - 2)
            });
            let span = match with_on {
                Some(at) if *kind != Kind::MonthYear && *kind != Kind::PastHours => {
                    Span::new(base + at, span.end)
                }
                _ => span,
            };
            let lower_before = before.to_lowercase();
            let lower_before = lower_before.trim_end();
            let background = m.as_str().to_lowercase().starts_with("since")
                || [
                    "since",
                    "flared",
                    "began",
                    "started",
                    "erupted",
                    "broke out",
                    "flared in",
                    "began in",
                    "started in",
                    "erupted in",
                    "broke out in",
                ]
                .iter()
                .any(|w| lower_before.ends_with(w));
            out.push(DateMention {
                sentence,
                date: ClaimDate {
                    start,
                    end,
                    time_precision: precision,
                    span: Some(span),
                },
                background,
            });
        }
    }
    out.sort_by_key(|d| d.date.span.map(|s| s.start));
    out
}

/// Finds and resolves date expressions; writes [`Document::dates`].
#[derive(Clone, Copy, Debug, Default)]
pub struct DateStage;

impl Stage for DateStage {
    fn name(&self) -> &'static str {
        "dates"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Dates]
    }
    fn run(&self, doc: &mut Document) {
        let mut all = Vec::new();
        for (i, s) in doc.sentences.iter().enumerate() {
            all.extend(dates_in(doc.slice(s.span), s.span.start, i, doc.published));
        }
        doc.dates = all;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, dd)
    }

    fn one(text: &str, published: Option<NaiveDate>) -> (String, ClaimDate) {
        let found = dates_in(text, 0, 0, published);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        let date = found[0].date.clone();
        let span = date.span.unwrap();
        (text[span.start..span.end].to_string(), date)
    }

    #[test]
    fn weekday_against_publication_date() {
        // seed 002, published Wednesday 12 June 2013
        let (t, date) = one(
            "Takfiri militants were killed in fighting on Wednesday in the suburbs of the city.",
            d(2013, 6, 12),
        );
        assert_eq!(t, "on Wednesday");
        assert_eq!((date.start, date.time_precision), (d(2013, 6, 12), Some(1)));
        let (_, date) = one(
            "were completely surrounded by army forces on Sunday while clashes",
            d(2013, 6, 12),
        );
        assert_eq!(date.start, d(2013, 6, 9));
    }

    #[test]
    fn unresolvable_date_left_null() {
        // seed 004 has no publication date in its text
        let (t, date) = one("\"The Syrian Arab Army is engaged in fierce fighting and is supported by the Russian Aerospace Forces,\" Ignasyuk stated on Thursday.", None);
        assert_eq!(t, "on Thursday");
        assert_eq!(
            (date.start, date.end, date.time_precision),
            (None, None, None)
        );
    }

    #[test]
    fn month_day_without_year() {
        let text = "attacked Syrian government-controlled areas in Aleppo and Idlib on November 27, said Oleg Ignasyuk";
        let (t, date) = one(text, d(2024, 11, 29));
        assert_eq!(t, "on November 27");
        assert_eq!(date.start, d(2024, 11, 27));
        let (_, date) = one(text, d(2025, 1, 3));
        assert_eq!(date.start, d(2024, 11, 27));
        let (_, date) = one(text, None);
        assert_eq!(date.start, None);
    }

    #[test]
    fn absolute_and_relative_spans() {
        let (_, date) = one(
            "A Syrian rebel shoots at government forces in Aleppo on November 15, 2012.",
            None,
        );
        assert_eq!(date.start, d(2012, 11, 15));
        let (_, date) = one(
            "In the past 24 hours, Syrian and Russian forces destroyed five terrorist headquarters",
            d(2024, 11, 29),
        );
        assert_eq!(
            (date.start, date.end, date.time_precision),
            (d(2024, 11, 28), d(2024, 11, 29), Some(1))
        );
        let (_, date) = one(
            "Last week, it was reported that HTS members had overrun many areas",
            d(2024, 11, 29),
        );
        assert_eq!(
            (date.start, date.end, date.time_precision),
            (d(2024, 11, 18), d(2024, 11, 24), Some(2))
        );
        let (_, date) = one(
            "Clashes erupted earlier this month in Idlib",
            d(2024, 11, 29),
        );
        assert_eq!((date.start, date.time_precision), (d(2024, 11, 1), Some(3)));
        let (_, date) = one("Two soldiers died yesterday", d(2024, 11, 29));
        assert_eq!(date.start, d(2024, 11, 28));
    }

    #[test]
    fn background_dates_marked() {
        let found = dates_in(
            "The foreign-sponsored conflict in Syria, which flared in March 2011, has claimed more than 240,000 lives.",
            0,
            0,
            None,
        );
        assert!(found[0].background);
        let found = dates_in(
            "Syria has been experiencing unrest since March 2011.",
            0,
            0,
            None,
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].background);
        assert_eq!(found[0].date.start, d(2011, 3, 1));
    }
}
