/*!
Publication dates in metadata fields and datelines.
*/

use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

fn month(name: &str) -> Option<u32> {
    let n = name.to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    MONTHS
        .iter()
        .position(|m| n.starts_with(m))
        .map(|p| p as u32 + 1)
}

fn patterns() -> &'static [Regex; 3] {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    RE.get_or_init(|| {
        let mon = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
        [
            // 2013-06-12
            Regex::new(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b").unwrap(),
            // Jun 12, 2013 / June 12 2013
            Regex::new(&format!(r"(?i)\b{mon}\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)\b")).unwrap(),
            // 12 June 2013 / 05 Apr 2017
            Regex::new(&format!(r"(?i)\b(\d{{1,2}})\s+{mon},?\s+((?:19|20)\d\d)\b")).unwrap(),
        ]
    })
}

/// Finds a full calendar date (day, month and year) in a line of text.
pub fn find_date(line: &str) -> Option<NaiveDate> {
    let [iso, mdy, dmy] = patterns();
    if let Some(c) = iso.captures(line) {
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    if let Some(c) = mdy.captures(line) {
        return NaiveDate::from_ymd_opt(c[3].parse().ok()?, month(&c[1])?, c[2].parse().ok()?);
    }
    if let Some(c) = dmy.captures(line) {
        return NaiveDate::from_ymd_opt(c[3].parse().ok()?, month(&c[2])?, c[1].parse().ok()?);
    }
    None
}

/// Parses a metadata date: ISO (`2013-06-12`, RFC 3339 prefixes), US `M/D/YYYY`, or
/// written forms ("Jun 12, 2013", "12 June 2013").
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = s
        .get(..10)
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%m/%d/%Y") {
        return Some(d);
    }
    find_date(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_and_metadata() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(find_date("Wed Jun 12, 2013 20:59:42"), d(2013, 6, 12));
        assert_eq!(
            find_date("Wed 05 Apr 2017 Syria attack symptoms"),
            d(2017, 4, 5)
        );
        assert_eq!(find_date("on November 27"), None);
        assert_eq!(parse_date("4/5/2017"), d(2017, 4, 5));
        assert_eq!(parse_date("2016-11-30T10:00:00Z"), d(2016, 11, 30));
        assert_eq!(parse_date("no date"), None);
    }
}
