/*!
Evaluation against human-coded data.

`sitrep eval counts FILE.tsv` scores casualty counts on notes with coded `killed` and
`injured` columns (the Gun Violence Archive files in `shared/data/victims/`): exact match of
the killed count, whether the gold count lies within the extracted low–high range, and
precision/recall of "any toll found".
*/

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::doc::Document;
use crate::pipeline::Pipeline;

/// How a document's claims become one killed / injured figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Aggregate {
    /// Sum of the claims' figures (each sentence one happening).
    #[default]
    Sum,
    /// The largest claim.
    Max,
}

/// One document's extracted totals: (best, low, high) for killed and injured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Best killed figure (0 when no death is claimed or its number is unknown).
    pub killed: u64,
    /// Lowest killed figure.
    pub killed_low: u64,
    /// Highest killed figure; `None` when open.
    pub killed_high: Option<u64>,
    /// Best injured figure.
    pub injured: u64,
    /// True when any fatality or injury claim was found.
    pub any_toll: bool,
}

/// Adds up a document's claims.
pub fn totals(doc: &Document, how: Aggregate) -> Totals {
    let mut t = Totals {
        killed_high: Some(0),
        ..Default::default()
    };
    for c in &doc.claims {
        if let Some(f) = c.fatalities.as_ref().filter(|f| !f.combined) {
            let best = f.best.unwrap_or(0);
            let low = f.low.unwrap_or(0);
            match how {
                Aggregate::Sum => {
                    t.killed += best;
                    t.killed_low += low;
                    t.killed_high = t.killed_high.zip(f.high).map(|(a, b)| a + b);
                }
                Aggregate::Max => {
                    if best >= t.killed {
                        t.killed = best;
                        t.killed_low = low;
                        t.killed_high = f.high;
                    }
                }
            }
        }
        if let Some(i) = &c.injured {
            let best = i.best.unwrap_or(0);
            t.injured = match how {
                Aggregate::Sum => t.injured + best,
                Aggregate::Max => t.injured.max(best),
            };
        }
        t.any_toll |= c.fatalities.is_some() || c.injured.is_some();
    }
    t
}

/// Scores of `sitrep eval counts`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CountScores {
    /// Texts scored.
    pub n: usize,
    /// Share of texts whose best killed figure equals the gold.
    pub killed_exact: f64,
    /// Share whose gold killed lies within the extracted low–high range.
    pub killed_in_range: f64,
    /// Share whose best injured figure equals the gold.
    pub injured_exact: f64,
    /// Precision of "any toll found" (gold: killed + injured > 0).
    pub toll_precision: f64,
    /// Recall of "any toll found".
    pub toll_recall: f64,
}

/// One scored row, for `--errors`.
#[derive(Clone, Debug)]
pub struct CountRow {
    /// Row id.
    pub id: String,
    /// The text.
    pub text: String,
    /// Gold killed, injured.
    pub gold: (u64, u64),
    /// Extracted totals.
    pub got: Totals,
}

/// Scores `pipeline` on a TSV file with columns `id, text, killed, injured` (header row;
/// other columns ignored).
pub fn eval_counts(
    path: &Path,
    pipeline: &Pipeline,
    how: Aggregate,
) -> Result<(CountScores, Vec<CountRow>)> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_path(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| -> Result<usize> {
        headers.iter().position(|h| h == name).with_context(|| {
            format!(
                "{}: no '{name}' column (need id, text, killed, injured)",
                path.display()
            )
        })
    };
    let (ci, ct, ck, cj) = (col("id")?, col("text")?, col("killed")?, col("injured")?);
    let mut rows = Vec::new();
    for (n, rec) in reader.records().enumerate() {
        let rec = rec.with_context(|| format!("{}: record {}", path.display(), n + 2))?;
        let num =
            |c: usize| -> Result<u64> {
                rec.get(c).unwrap_or("").trim().parse().with_context(|| {
                    format!("{}:{}: column {c} is not a count", path.display(), n + 2)
                })
            };
        rows.push((
            rec.get(ci).unwrap_or("").to_string(),
            rec.get(ct).unwrap_or("").to_string(),
            (num(ck)?, num(cj)?),
        ));
    }
    if rows.is_empty() {
        bail!("{}: no rows", path.display());
    }
    use rayon::prelude::*;
    let scored: Vec<CountRow> = rows
        .into_par_iter()
        .map(|(id, text, gold)| {
            let got = crate::batch::process_text(&id, &text, pipeline)
                .map(|d| totals(&d, how))
                .unwrap_or_default();
            CountRow {
                id,
                text,
                gold,
                got,
            }
        })
        .collect();
    let n = scored.len();
    let share =
        |f: &dyn Fn(&CountRow) -> bool| scored.iter().filter(|r| f(r)).count() as f64 / n as f64;
    let tp = scored
        .iter()
        .filter(|r| r.got.any_toll && r.gold.0 + r.gold.1 > 0)
        .count() as f64;
    let fp = scored
        .iter()
        .filter(|r| r.got.any_toll && r.gold.0 + r.gold.1 == 0)
        .count() as f64;
    let fnn = scored
        .iter()
        .filter(|r| !r.got.any_toll && r.gold.0 + r.gold.1 > 0)
        .count() as f64;
    let scores = CountScores {
        n,
        killed_exact: share(&|r| r.got.killed == r.gold.0),
        killed_in_range: share(&|r| {
            r.got.killed_low <= r.gold.0 && r.got.killed_high.is_none_or(|h| r.gold.0 <= h)
        }),
        injured_exact: share(&|r| r.got.injured == r.gold.1),
        toll_precision: if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 },
        toll_recall: if tp + fnn > 0.0 { tp / (tp + fnn) } else { 0.0 },
    };
    Ok((scores, scored))
}
