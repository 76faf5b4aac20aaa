/*!
Coding profiles: how vague amounts ("dozens", "a number of") become number ranges.

The table is the data file `data/lexicon/vague_quantities.tsv`, compiled in; the README
prints it. `acled` (the default) follows ACLED's conventions, `ucdp` gives UCDP-style
low/best/high estimates.
*/

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;
use std::str::FromStr;

/// The vague-quantity table, as shipped.
pub const VAGUE_QUANTITIES_TSV: &str = include_str!("../../data/lexicon/vague_quantities.tsv");

/// Which coding conventions to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ProfileName {
    /// ACLED: most conservative reading; tens 10, dozens 12, hundreds 100.
    #[default]
    Acled,
    /// UCDP-style low/best/high.
    Ucdp,
}

impl FromStr for ProfileName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "acled" => Ok(ProfileName::Acled),
            "ucdp" => Ok(ProfileName::Ucdp),
            other => Err(format!(
                "unknown coding profile '{other}' (expected acled or ucdp)"
            )),
        }
    }
}

impl fmt::Display for ProfileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProfileName::Acled => "acled",
            ProfileName::Ucdp => "ucdp",
        })
    }
}

/// The range a vague phrase stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VagueRange {
    /// Most conservative value.
    pub low: u64,
    /// The figure a coder records.
    pub best: u64,
    /// Largest value; `None` when open.
    pub high: Option<u64>,
}

/// A loaded coding profile: vague phrase (as token norms) to range.
#[derive(Clone, Debug)]
pub struct CodingProfile {
    /// Which profile this is.
    pub name: ProfileName,
    phrases: HashMap<String, VagueRange>,
    first_words: HashSet<String>,
    longest: usize,
}

impl CodingProfile {
    /// Loads the shipped table for `name`.
    pub fn load(name: ProfileName) -> CodingProfile {
        Self::parse(VAGUE_QUANTITIES_TSV, name)
            .expect("the shipped vague_quantities.tsv is checked by a unit test")
    }

    /// Parses a table in the shipped format.
    pub fn parse(tsv: &str, name: ProfileName) -> Result<CodingProfile, String> {
        let mut phrases = HashMap::default();
        let mut first_words = HashSet::default();
        let mut longest = 0;
        let offset = match name {
            ProfileName::Acled => 1,
            ProfileName::Ucdp => 4,
        };
        let rows = tsv
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1);
        for (n, line) in rows {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 7 {
                return Err(format!(
                    "vague_quantities.tsv line {}: expected 7 columns",
                    n + 1
                ));
            }
            let num = |i: usize| -> Result<Option<u64>, String> {
                let c = cols[offset + i].trim();
                if c.is_empty() {
                    return Ok(None);
                }
                c.parse().map(Some).map_err(|_| {
                    format!("vague_quantities.tsv line {}: '{c}' is not a number", n + 1)
                })
            };
            let (Some(low), Some(best)) = (num(0)?, num(1)?) else {
                return Err(format!(
                    "vague_quantities.tsv line {}: low and best are required",
                    n + 1
                ));
            };
            let words: Vec<&str> = cols[0].split(' ').collect();
            longest = longest.max(words.len());
            first_words.insert(words[0].to_string());
            let key = words.join(" ");
            phrases.insert(
                key,
                VagueRange {
                    low,
                    best,
                    high: num(2)?,
                },
            );
        }
        Ok(CodingProfile {
            name,
            phrases,
            first_words,
            longest,
        })
    }

    /// The longest vague phrase starting at `words[0]`: its length in words and range.
    pub fn match_at(&self, words: &[&str]) -> Option<(usize, VagueRange)> {
        if !words.first().is_some_and(|w| self.first_words.contains(*w)) {
            return None;
        }
        let mut key = String::with_capacity(32);
        let mut best = None;
        for (n, w) in words.iter().take(self.longest).enumerate() {
            if n > 0 {
                key.push(' ');
            }
            key.push_str(w);
            if let Some(r) = self.phrases.get(key.as_str()) {
                best = Some((n + 1, *r));
            }
        }
        best
    }

    /// Can a vague phrase start with `word`?
    pub fn may_start(&self, word: &str) -> bool {
        self.first_words.contains(word)
    }

    /// Every row of the table, for documentation.
    pub fn rows(&self) -> Vec<(String, VagueRange)> {
        let mut rows: Vec<_> = self.phrases.iter().map(|(k, v)| (k.clone(), *v)).collect();
        rows.sort_by(|a, b| (a.1.low, a.1.best, &a.0).cmp(&(b.1.low, b.1.best, &b.0)));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_parses_for_both_profiles() {
        let acled = CodingProfile::parse(VAGUE_QUANTITIES_TSV, ProfileName::Acled).unwrap();
        let ucdp = CodingProfile::parse(VAGUE_QUANTITIES_TSV, ProfileName::Ucdp).unwrap();
        let dozens = acled.match_at(&["dozens", "of", "civilians"]).unwrap();
        assert_eq!(
            dozens,
            (
                2,
                VagueRange {
                    low: 12,
                    best: 12,
                    high: Some(99)
                }
            )
        );
        assert_eq!(acled.match_at(&["tens", "of"]).unwrap().1.best, 10);
        assert_eq!(acled.match_at(&["hundreds"]).unwrap().1.best, 100);
        assert_eq!(ucdp.match_at(&["dozens", "of"]).unwrap().1.best, 24);
        // Longest match wins: "a large number of" over "a".
        assert_eq!(
            acled
                .match_at(&["a", "large", "number", "of", "them"])
                .unwrap()
                .0,
            4
        );
    }
}
