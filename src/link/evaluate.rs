/*!
Scoring linking against hand-coded "same incident" labels (`sitrep eval link`).

The gold file (eval/linking_fakes.tsv) gives each FA-KES article its main incident, coded
by hand from title and lead, or `-` when the article is about no single incident. An
article's *predicted* incident is the incident of its lead claim: its first event claim
that has a place, else its first event claim. Over every pair of labelled articles, "same
incident" is scored as pairwise precision and recall. Components of the gold's candidate
groups split the set in two halves (even / odd component numbers): thresholds are tuned on
the even half (dev) and the odd half is held out.
*/

use std::path::Path;

use anyhow::{Context, Result};
use rustc_hash::FxHashMap;

use crate::store::Store;

/// One gold row.
#[derive(Clone, Debug)]
pub struct GoldRow {
    /// Document id (FA-KES unit_id).
    pub doc_id: String,
    /// Incident label, `None` for `-`.
    pub incident: Option<String>,
    /// Candidate-group number.
    pub component: u32,
}

/// Reads the gold TSV (`#` comments, then a header with `unit_id`, `incident`, `component`).
/// Ids that occur on more than one row are dropped (they cannot be told apart).
pub fn load_gold(path: &Path) -> Result<Vec<GoldRow>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read gold file", path.display()))?;
    parse_gold(&text, path)
}

/// Parses gold rows from `text` (`path` names it in errors).
pub fn parse_gold(text: &str, path: &Path) -> Result<Vec<GoldRow>> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
    let (_, header) = lines
        .next()
        .with_context(|| format!("{}: no header line", path.display()))?;
    let cols: Vec<&str> = header.split('\t').collect();
    let col = |name: &str| {
        cols.iter()
            .position(|c| *c == name)
            .with_context(|| format!("{}: header lacks column '{name}'", path.display()))
    };
    let (id, inc, comp) = (col("unit_id")?, col("incident")?, col("component")?);
    let mut rows = Vec::new();
    for (n, line) in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| {
            f.get(i).copied().with_context(|| {
                format!(
                    "{}:{}: expected {} columns",
                    path.display(),
                    n + 1,
                    cols.len()
                )
            })
        };
        let component = get(comp)?
            .trim_start_matches('C')
            .parse()
            .with_context(|| format!("{}:{}: component is not C<number>", path.display(), n + 1))?;
        rows.push(GoldRow {
            doc_id: get(id)?.to_string(),
            incident: Some(get(inc)?.to_string()).filter(|l| l != "-"),
            component,
        });
    }
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for r in &rows {
        *seen.entry(r.doc_id.clone()).or_default() += 1;
    }
    rows.retain(|r| seen[&r.doc_id] == 1);
    Ok(rows)
}

/// Pairwise counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PairCounts {
    /// Articles scored.
    pub articles: usize,
    /// Pairs linked in both.
    pub true_positive: u64,
    /// Pairs linked by sitrep only.
    pub false_positive: u64,
    /// Pairs linked in the gold only.
    pub false_negative: u64,
}

impl PairCounts {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_positive)
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_negative)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The incident of each document's lead claim, by document id.
pub fn lead_incidents(store: &Store) -> Result<FxHashMap<String, i64>> {
    let mut stmt = store.connection().prepare(
        "SELECT d.doc_id, m.incident_id, c.location IS NOT NULL
         FROM claims c JOIN documents d ON d.id = c.document_id
         JOIN incident_claims m ON m.claim_id = c.id
         ORDER BY d.id, c.ordinal",
    )?;
    let mut lead: FxHashMap<String, (i64, bool)> = FxHashMap::default();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?;
    for row in rows {
        let (doc, incident, placed): (String, i64, bool) = row?;
        match lead.get(&doc) {
            Some((_, true)) => {}
            Some((_, false)) if !placed => {}
            _ => {
                lead.insert(doc, (incident, placed));
            }
        }
    }
    Ok(lead.into_iter().map(|(d, (i, _))| (d, i)).collect())
}

/// Pairwise scores over the labelled gold rows that `keep` selects. A pair of rows in
/// different candidate groups is a gold "different" pair.
pub fn score(
    gold: &[GoldRow],
    predicted: &FxHashMap<String, i64>,
    keep: &dyn Fn(&GoldRow) -> bool,
    mistakes: &mut dyn FnMut(&GoldRow, &GoldRow, bool),
) -> PairCounts {
    let rows: Vec<&GoldRow> = gold
        .iter()
        .filter(|r| r.incident.is_some() && keep(r))
        .collect();
    let mut counts = PairCounts {
        articles: rows.len(),
        ..Default::default()
    };
    for (i, a) in rows.iter().enumerate() {
        for b in &rows[i + 1..] {
            let gold_same = a.incident == b.incident;
            let pred_same = match (predicted.get(&a.doc_id), predicted.get(&b.doc_id)) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            };
            match (gold_same, pred_same) {
                (true, true) => counts.true_positive += 1,
                (false, true) => {
                    counts.false_positive += 1;
                    mistakes(a, b, false);
                }
                (true, false) => {
                    counts.false_negative += 1;
                    mistakes(a, b, true);
                }
                _ => {}
            }
        }
    }
    counts
}
