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
///
/// With [`Aggregate::Sum`], written numbers are summed, and so are single victims counted
/// one by one; the larger of the two is the document's figure, so that a summary ("1
/// killed.") and the narrative naming the same victim ("Son kills mother.") count once.
pub fn totals(doc: &Document, how: Aggregate) -> Totals {
    #[derive(Default)]
    struct Sums {
        best: u64,
        low: u64,
        high: Option<u64>,
    }
    let (mut written, mut implied) = (
        Sums {
            high: Some(0),
            ..Default::default()
        },
        Sums {
            high: Some(0),
            ..Default::default()
        },
    );
    let mut t = Totals::default();
    let mut injured_written = 0;
    let mut injured_implied = 0;
    for c in &doc.claims {
        if let Some(f) = c.fatalities.as_ref().filter(|f| !f.combined) {
            let s = if f.implied {
                &mut implied
            } else {
                &mut written
            };
            let best = f.best.unwrap_or(0);
            match how {
                Aggregate::Sum => {
                    s.best += best;
                    s.low += f.low.unwrap_or(0);
                    s.high = s.high.zip(f.high).map(|(a, b)| a + b);
                }
                Aggregate::Max if best >= s.best => {
                    s.best = best;
                    s.low = f.low.unwrap_or(0);
                    s.high = f.high;
                }
                Aggregate::Max => {}
            }
        }
        if let Some(i) = &c.injured {
            let s = if i.implied {
                &mut injured_implied
            } else {
                &mut injured_written
            };
            let best = i.best.unwrap_or(0);
            *s = match how {
                Aggregate::Sum => *s + best,
                Aggregate::Max => (*s).max(best),
            };
        }
        t.any_toll |= c.fatalities.is_some() || c.injured.is_some();
    }
    let pick = if implied.best > written.best {
        implied
    } else {
        written
    };
    t.killed = pick.best;
    t.killed_low = pick.low;
    t.killed_high = pick.high;
    t.injured = injured_written.max(injured_implied);
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
