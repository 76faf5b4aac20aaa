/*!
Scoring actor and event-type assignment against dev data (`sitrep eval actors`,
`sitrep eval types`).

Two dev sets, with what their gold really is:

- `eval/fakes_dev.tsv`: sentences of FA-KES articles (`../shared/data/corpus/fakes.csv`)
  whose actors and ACLED types were coded by the sitrep developer before running sitrep on
  them. FA-KES itself codes only credibility, source, date and location, so this gold is
  ours, small and not independent.
- Gun Violence Archive notes (`../shared/data/victims/gva_dev.tsv`): human-coded `killed`
  and `injured` counts of US shootings. A note with at least one victim records a shooting
  with victims, so the only acceptable ACLED types are Battles / Armed clash and Violence
  against civilians / Attack; anything else (or no type) is wrong. This scores the type
  only coarsely and says nothing about actors.
*/

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::claim::Claim;
use crate::doc::Document;
use crate::pipeline::Pipeline;

/// Counts behind a precision and recall figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Predictions that match the gold.
    pub correct: usize,
    /// Predictions made.
    pub predicted: usize,
    /// Gold items.
    pub gold: usize,
}

impl Score {
    /// correct / predicted (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    /// correct / gold.
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    /// One line: `name  P 0.812 (13/16)  R 0.650 (13/20)`.
    pub fn line(&self, name: &str) -> String {
        format!(
            "{name:<28} precision {:.3} ({}/{})  recall {:.3} ({}/{})",
            self.precision(),
            self.correct,
            self.predicted,
            self.recall(),
            self.correct,
            self.gold
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Errors of the evaluation commands.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A CSV record could not be parsed.
    #[error("{path}: bad CSV record: {source}")]
    Csv {
        /// The file.
        path: String,
        /// Why.
        source: csv::Error,
    },
}

/// One row of `eval/fakes_dev.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DevRow {
    /// FA-KES `unit_id`.
    pub unit_id: String,
    /// The first words of the coded sentence.
    pub anchor: String,
    /// Gold actor1 id, `None` for "-".
    pub actor1: Option<String>,
    /// Gold actor2 id.
    pub actor2: Option<String>,
    /// Gold ACLED event type.
    pub event_type: String,
    /// Gold ACLED sub-event type.
    pub sub_event_type: String,
}

/// Parses the dev file (comment lines start with `#`).
pub fn parse_dev(text: &str) -> Vec<DevRow> {
    let opt = |s: &str| (s != "-" && !s.is_empty()).then(|| s.to_string());
    crate::recognise::words::tsv_rows(text)
        .filter(|r| r.len() >= 6)
        .map(|r| DevRow {
            unit_id: r[0].to_string(),
            anchor: r[1].to_string(),
            actor1: opt(r[2]),
            actor2: opt(r[3]),
            event_type: r[4].to_string(),
            sub_event_type: r[5].to_string(),
        })
        .collect()
}

/// FA-KES articles by `unit_id`: (text, date, source).
pub type Articles = HashMap<String, (String, Option<NaiveDate>, String)>;

/// Reads the FA-KES CSV.
pub fn load_fakes(path: &Path) -> Result<Articles, EvalError> {
    let p = path.display().to_string();
    let mut rd = csv::Reader::from_path(path).map_err(|e| EvalError::Csv {
        path: p.clone(),
        source: e,
    })?;
    let mut out = HashMap::new();
    for rec in rd.records() {
        let rec = rec.map_err(|e| EvalError::Csv {
            path: p.clone(),
            source: e,
        })?;
        let get = |i: usize| rec.get(i).unwrap_or("").to_string();
        let date = NaiveDate::parse_from_str(&get(4), "%m/%d/%Y").ok();
        out.insert(get(0), (get(2), date, get(3)));
    }
    Ok(out)
}

/// What `eval actors` and `eval types` measure on the FA-KES dev set.
#[derive(Clone, Debug, Default)]
pub struct DevReport {
    /// Rows scored.
    pub rows: usize,
    /// Rows for which sitrep made a claim in the coded sentence.
    pub with_claim: usize,
    /// Actor ids in the right role (actor1 / actor2).
    pub actors: Score,
    /// Actor ids regardless of role.
    pub actors_any_role: Score,
    /// Event type.
    pub event_types: Score,
    /// Sub-event type.
    pub sub_event_types: Score,
    /// One line per disagreement.
    pub misses: Vec<String>,
}

impl DevReport {
    /// The actor figures as printed by `sitrep eval actors`.
    pub fn actor_summary(&self) -> String {
        format!(
            "FA-KES sentences coded by the sitrep developer ({} sentences; sitrep made a claim in {})\n{}\n{}\n",
            self.rows,
            self.with_claim,
            self.actors.line("actor ids, role-aware"),
            self.actors_any_role.line("actor ids, any role"),
        )
    }

    /// The type figures as printed by `sitrep eval types`.
    pub fn type_summary(&self) -> String {
        format!(
            "FA-KES sentences coded by the sitrep developer ({} sentences; sitrep made a claim in {})\n{}\n{}\n",
            self.rows,
            self.with_claim,
            self.event_types.line("event type"),
            self.sub_event_types.line("sub-event type"),
        )
    }
}

impl GvaReport {
    /// The figures as printed by `sitrep eval types`.
    pub fn summary(&self) -> String {
        format!(
            "GVA notes with victims (human-coded killed+injured > 0): a shooting, so only Battles/Armed clash or Violence against civilians/Attack is right\n{}\nGVA notes without victims: {} of {} typed as a violent event (not scored)\n",
            self.with_victims.line("violent type"),
            self.without_victims_typed,
            self.without_victims,
        )
    }
}

fn claim_in<'a>(doc: &'a Document, anchor: &str) -> (Option<&'a Claim>, bool) {
    let Some(pos) = doc.text.find(anchor) else {
        return (None, false);
    };
    let Some(s) = doc.sentence_at(pos) else {
        return (None, true);
    };
    (doc.claims.iter().find(|c| c.sentence == s), true)
}

/// Runs `pipeline` over each coded article and scores the claim made in the coded sentence.
pub fn eval_dev(rows: &[DevRow], articles: &Articles, pipeline: &Pipeline) -> DevReport {
    let mut r = DevReport::default();
    for row in rows {
        let Some((text, date, source)) = articles.get(&row.unit_id) else {
            r.misses.push(format!("{}: article not found", row.unit_id));
            continue;
        };
        let mut doc = Document {
            id: row.unit_id.clone(),
            text: text.clone(),
            published: *date,
            outlet: Some(source.clone()),
            ..Document::default()
        };
        pipeline.run(&mut doc);
        r.rows += 1;
        let (claim, found) = claim_in(&doc, &row.anchor);
        if !found {
            r.misses.push(format!(
                "{}: anchor {:?} not in text",
                row.unit_id, row.anchor
            ));
        }
        let gold = [row.actor1.clone(), row.actor2.clone()];
        let pred = [
            claim.and_then(|c| c.actor1.as_ref()).map(|a| a.id.clone()),
            claim.and_then(|c| c.actor2.as_ref()).map(|a| a.id.clone()),
        ];
        if claim.is_some() {
            r.with_claim += 1;
        }
        for k in 0..2 {
            r.actors.gold += gold[k].is_some() as usize;
            r.actors.predicted += pred[k].is_some() as usize;
            r.actors.correct += (pred[k].is_some() && pred[k] == gold[k]) as usize;
            r.actors_any_role.gold += gold[k].is_some() as usize;
            r.actors_any_role.predicted += pred[k].is_some() as usize;
            r.actors_any_role.correct += (pred[k].is_some() && gold.contains(&pred[k])) as usize;
        }
        let et = claim.and_then(|c| c.event_type.clone());
        let sub = claim.and_then(|c| c.sub_event_type.clone());
        r.event_types.gold += 1;
        r.sub_event_types.gold += 1;
        r.event_types.predicted += et.is_some() as usize;
        r.sub_event_types.predicted += sub.is_some() as usize;
        r.event_types.correct += (et.as_deref() == Some(row.event_type.as_str())) as usize;
        r.sub_event_types.correct += (sub.as_deref() == Some(row.sub_event_type.as_str())) as usize;
        if pred != gold || sub.as_deref() != Some(row.sub_event_type.as_str()) {
            r.misses.push(format!(
                "{} {:?}: got {:?} / {:?}, want {:?} / {}",
                row.unit_id, row.anchor, pred, sub, gold, row.sub_event_type
            ));
        }
    }
    r
}

/// What `eval types` measures on Gun Violence Archive notes.
#[derive(Clone, Debug, Default)]
pub struct GvaReport {
    /// Notes with at least one killed or injured person (the scored set).
    pub with_victims: Score,
    /// Notes with no victim coded, and how many of them got a violent type.
    pub without_victims: usize,
    /// ... of which sitrep typed as Battles or Violence against civilians.
    pub without_victims_typed: usize,
}

/// Scores event types on GVA notes (tab-separated `id, text, killed, injured, ...`).
pub fn eval_gva(path: &Path, pipeline: &Pipeline, limit: usize) -> Result<GvaReport, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|e| EvalError::Read {
        path: path.display().to_string(),
        source: e,
    })?;
    let mut r = GvaReport::default();
    for line in text.lines().skip(1).take(limit) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let killed: u64 = f[2].trim().parse().unwrap_or(0);
        let injured: u64 = f[3].trim().parse().unwrap_or(0);
        let mut doc = Document {
            id: f[0].to_string(),
            text: f[1].to_string(),
            published: f.get(4).and_then(|d| d.parse().ok()),
            ..Document::default()
        };
        pipeline.run(&mut doc);
        let types: Vec<&str> = doc
            .claims
            .iter()
            .filter_map(|c| c.event_type.as_deref())
            .collect();
        let acceptable = doc.claims.iter().any(|c| {
            matches!(
                (c.event_type.as_deref(), c.sub_event_type.as_deref()),
                (Some("Battles"), Some("Armed clash"))
                    | (Some("Violence against civilians"), Some("Attack"))
            )
        });
        if killed + injured > 0 {
            r.with_victims.gold += 1;
            r.with_victims.predicted += (!types.is_empty()) as usize;
            r.with_victims.correct += acceptable as usize;
        } else {
            r.without_victims += 1;
            r.without_victims_typed += acceptable as usize;
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_file_parses_with_known_types() {
        let rows = parse_dev(include_str!("../eval/fakes_dev.tsv"));
        assert_eq!(rows.len(), 29);
        for r in &rows {
            assert!(
                crate::recognise::event::EVENT_TYPES.contains(&r.event_type.as_str()),
                "{r:?}"
            );
        }
        assert_eq!(rows[1].actor1.as_deref(), Some("sy-army"));
        assert_eq!(rows[0].actor1, None);
    }

    #[test]
    fn score_ratios() {
        let s = Score {
            correct: 3,
            predicted: 4,
            gold: 6,
        };
        assert!((s.precision() - 0.75).abs() < 1e-9);
        assert!((s.recall() - 0.5).abs() < 1e-9);
        assert_eq!(Score::default().precision(), 0.0);
    }
}
