/*!
Geoparsing outside the claim pipeline: the records of `sitrep places` and the scoring of
`sitrep eval places` against gold toponyms (the LGL format) and of admin1 accuracy against
a labelled corpus (FA-KES `location`).
*/

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::doc::{Document, OffsetMap, OffsetSegment};
use crate::gazetteer::{fold, km, Gazetteer};
use crate::pipeline::{Pipeline, PipelineBuilder};
use crate::recognise::place::RecognisePlaces;
use crate::resolve::place::{mention_location, ResolvePlaces};

/// Why an evaluation file could not be read: the message names the file (and line).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct EvalInputError(pub String);

type Result<T> = std::result::Result<T, EvalInputError>;

/// Context for a failed step: `what` names the file and place.
trait OrSay<T> {
    fn or_say(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: std::fmt::Display> OrSay<T> for std::result::Result<T, E> {
    fn or_say(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| EvalInputError(format!("{}: {e}", what())))
    }
}

impl<T> OrSay<T> for Option<T> {
    fn or_say(self, what: impl FnOnce() -> String) -> Result<T> {
        self.ok_or_else(|| EvalInputError(what()))
    }
}

/// The recognise + resolve stages alone, over `gazetteer`.
pub fn place_pipeline(gazetteer: Arc<Gazetteer>) -> Pipeline {
    PipelineBuilder::new()
        .last(RecognisePlaces::new(gazetteer))
        .last(ResolvePlaces)
        .build()
        .expect("the place stages need nothing before them")
}

/// A document whose cleaned text is the raw text itself (offsets map one to one).
pub fn plain_document(id: &str, text: &str) -> Document {
    Document {
        id: id.to_string(),
        text: text.to_string(),
        offsets: OffsetMap {
            segments: vec![OffsetSegment {
                clean_start: 0,
                raw_char_start: 0,
                len: text.len(),
            }],
        },
        ..Document::default()
    }
}

/// One resolved toponym, as `sitrep places` writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceRecord {
    /// Document id.
    pub doc_id: String,
    /// First character (Unicode scalar) of the toponym in the raw input text.
    pub start: Option<usize>,
    /// One past its last character.
    pub end: Option<usize>,
    /// The words as written.
    pub text: String,
    /// Gazetteer name, or the written name for a place the gazetteer lacks.
    pub name: String,
    /// Gazetteer id; `None` for a place the gazetteer lacks.
    pub gazetteer_id: Option<String>,
    /// Latitude (of the container for a place the gazetteer lacks).
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Feature class (`city`, `admin1`, ...); `None` for a place the gazetteer lacks.
    pub feature: Option<String>,
    /// First-order division.
    pub admin1: Option<String>,
    /// Second-order division.
    pub admin2: Option<String>,
    /// ISO country code.
    pub country: Option<String>,
    /// 1 = the named place, 2 = near it / part of it, 3 = a province or larger.
    pub geo_precision: u8,
}

/// The records of every located toponym of a document that went through the place stages.
pub fn place_records(doc: &Document) -> Vec<PlaceRecord> {
    let mut out = Vec::new();
    for (i, m) in doc.places.iter().enumerate() {
        let Some(loc) = mention_location(doc, i) else {
            continue;
        };
        out.push(PlaceRecord {
            doc_id: doc.id.clone(),
            start: doc.offsets.to_raw_char(m.span.start, &doc.text),
            end: doc.offsets.to_raw_char(m.span.end, &doc.text),
            text: doc.slice(m.span).to_string(),
            name: loc.name,
            gazetteer_id: loc.gazetteer_id,
            lat: loc.lat,
            lon: loc.lon,
            feature: m.resolved.as_ref().map(|p| p.feature.as_str().to_string()),
            admin1: loc.admin1,
            admin2: loc.admin2,
            country: loc.country,
            geo_precision: loc.geo_precision,
        });
    }
    out
}

/// Scores of toponym recognition and resolution against gold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlaceScores {
    /// Documents scored.
    pub documents: usize,
    /// Gold toponyms.
    pub gold: usize,
    /// Toponyms sitrep located.
    pub predicted: usize,
    /// Predicted toponyms overlapping a gold one.
    pub predicted_matched: usize,
    /// Gold toponyms overlapped by a prediction with coordinates.
    pub gold_matched: usize,
    /// Of those, resolved within 161 km.
    pub within_161: usize,
    /// Errors in km of the matched gold toponyms.
    pub errors_km: Vec<f64>,
    /// Every found gold toponym resolved more than 161 km off, for error analysis.
    pub misses: Vec<ResolutionMiss>,
}

/// A found gold toponym that was resolved more than 161 km from the gold point.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolutionMiss {
    /// The gold toponym's document, offsets and name (`gold_name`, when the gold has one).
    pub doc_id: String,
    /// The toponym as written.
    pub text: String,
    /// The gold's name for the place.
    pub gold_name: String,
    /// The gold's country and admin1 names, as the gold writes them.
    pub gold_where: String,
    /// What sitrep resolved it to.
    pub resolved: PlaceRecord,
    /// Distance in km between the two points.
    pub km: f64,
}

impl PlaceScores {
    /// Share of predictions that are gold toponyms.
    pub fn precision(&self) -> f64 {
        ratio(self.predicted_matched, self.predicted)
    }
    /// Share of gold toponyms found.
    pub fn recall(&self) -> f64 {
        ratio(self.gold_matched, self.gold)
    }
    /// Share of found gold toponyms resolved within 161 km (the usual accuracy@161km).
    pub fn acc161(&self) -> f64 {
        ratio(self.within_161, self.gold_matched)
    }
    /// Share of all gold toponyms found and resolved within 161 km.
    pub fn acc161_all(&self) -> f64 {
        ratio(self.within_161, self.gold)
    }
    /// Median error in km of the found gold toponyms.
    pub fn median_km(&self) -> f64 {
        let mut v = self.errors_km.clone();
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            return f64::NAN;
        }
        v[v.len() / 2]
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

struct GoldToponym {
    start: usize,
    end: usize,
    /// `None` for a gold toponym the annotators could not place: it counts for
    /// precision (a prediction there is not a false alarm) but not for recall or accuracy.
    coords: Option<(f64, f64)>,
    /// The gold's place name, country and admin1, when it has those columns.
    name: String,
    country: String,
    admin1: String,
}

/// Reads a tab-separated file with a header. With `quoted`, fields may be quoted the CSV
/// way (`"..."` with `""` for a quote), as LGL's document texts are.
fn tsv_rows(path: &Path, quoted: bool) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(quoted)
        .flexible(true)
        .from_path(path)
        .or_say(|| format!("reading {}", path.display()))?;
    let header: Vec<String> = rdr
        .headers()
        .or_say(|| format!("{}: no header", path.display()))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.or_say(|| format!("{}, record {}", path.display(), i + 1))?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok((header, rows))
}

fn col(header: &[String], name: &str, path: &Path) -> Result<usize> {
    header
        .iter()
        .position(|h| h == name)
        .or_say(|| format!("{}: no '{name}' column", path.display()))
}

/// Scores `sitrep places` on a gold set in the LGL layout: `FILE` is the documents TSV
/// (`doc_id`, `text`); the toponyms TSV beside it (`*_toponyms.tsv`, with `doc_id`,
/// `start`, `end`, `lat`, `lon`, character offsets) holds the gold.
pub fn eval_places(documents: &Path, gazetteer: Arc<Gazetteer>) -> Result<PlaceScores> {
    let name = documents
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let toponyms = if name.contains("_documents") {
        documents.with_file_name(name.replace("_documents", "_toponyms"))
    } else {
        return Err(EvalInputError(format!(
            "{}: expected a *_documents.tsv file with a *_toponyms.tsv beside it",
            documents.display()
        )));
    };
    let (dh, drows) = tsv_rows(documents, true)?;
    let (th, trows) = tsv_rows(&toponyms, false)?;
    let (d_id, d_text) = (col(&dh, "doc_id", documents)?, col(&dh, "text", documents)?);
    let t_id = col(&th, "doc_id", &toponyms)?;
    let (ts, te) = (col(&th, "start", &toponyms)?, col(&th, "end", &toponyms)?);
    let (tla, tlo) = (col(&th, "lat", &toponyms)?, col(&th, "lon", &toponyms)?);
    // optional columns, used only to describe misses
    let optional = |name: &str| th.iter().position(|h| h == name);
    let (t_name, t_country, t_admin1) = (
        optional("gold_name"),
        optional("country"),
        optional("admin1"),
    );
    let mut gold: HashMap<String, Vec<GoldToponym>> = HashMap::new();
    for (i, r) in trows.iter().enumerate() {
        let get = |c: usize| r.get(c).map(String::as_str).unwrap_or("");
        let (Ok(start), Ok(end)) = (get(ts).parse::<usize>(), get(te).parse::<usize>()) else {
            return Err(EvalInputError(format!(
                "{}, line {}: bad offsets",
                toponyms.display(),
                i + 2
            )));
        };
        let coords = match (get(tla).parse::<f64>(), get(tlo).parse::<f64>()) {
            (Ok(lat), Ok(lon)) => Some((lat, lon)),
            _ if get(tla).is_empty() => None,
            _ => {
                return Err(EvalInputError(format!(
                    "{}, line {}: bad coordinates",
                    toponyms.display(),
                    i + 2
                )))
            }
        };
        let opt = |c: Option<usize>| c.map(get).unwrap_or("").to_string();
        gold.entry(get(t_id).to_string())
            .or_default()
            .push(GoldToponym {
                start,
                end,
                coords,
                name: opt(t_name),
                country: opt(t_country),
                admin1: opt(t_admin1),
            });
    }
    let pipeline = place_pipeline(gazetteer);
    let mut s = PlaceScores::default();
    for r in &drows {
        let (Some(id), Some(text)) = (r.get(d_id), r.get(d_text)) else {
            continue;
        };
        let Some(g) = gold.get(id) else { continue };
        let mut doc = plain_document(id, text);
        pipeline.run(&mut doc);
        let preds: Vec<PlaceRecord> = place_records(&doc)
            .into_iter()
            .filter(|p| p.lat.is_some())
            .collect();
        s.documents += 1;
        s.gold += g.iter().filter(|t| t.coords.is_some()).count();
        s.predicted += preds.len();
        let overlaps = |p: &PlaceRecord, t: &GoldToponym| matches!((p.start, p.end), (Some(a), Some(b)) if a < t.end && t.start < b);
        s.predicted_matched += preds
            .iter()
            .filter(|p| g.iter().any(|t| overlaps(p, t)))
            .count();
        for t in g {
            let Some((tlat, tlon)) = t.coords else {
                continue;
            };
            if let Some(p) = preds.iter().find(|p| overlaps(p, t)) {
                let (Some(la), Some(lo)) = (p.lat, p.lon) else {
                    continue;
                };
                let e = km(la, lo, tlat, tlon);
                s.gold_matched += 1;
                s.errors_km.push(e);
                if e <= 161.0 {
                    s.within_161 += 1;
                } else {
                    s.misses.push(ResolutionMiss {
                        doc_id: id.clone(),
                        text: p.text.clone(),
                        gold_name: t.name.clone(),
                        gold_where: [t.admin1.as_str(), t.country.as_str()]
                            .iter()
                            .filter(|x| !x.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", "),
                        resolved: p.clone(),
                        km: e,
                    });
                }
            }
        }
    }
    Ok(s)
}

/// Admin1 accuracy of document locations against a labelled corpus.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Admin1Scores {
    /// Rows whose label names a place of the gazetteer.
    pub labelled: usize,
    /// Rows where sitrep located the document.
    pub located: usize,
    /// Rows whose main admin1 is the label's admin1.
    pub correct: usize,
    /// `(row, label's admin1, sitrep's admin1)` of the rows sitrep got wrong.
    pub mismatches: Vec<(usize, String, String)>,
}

/// Scores the admin1 of each document's main place (the most frequently named admin1
/// among its resolved places, earlier first on ties) against a CSV column naming a place
/// (`location` of FA-KES: "aleppo", "deir ezzor"). `text_col` holds the article; a label
/// naming places in several countries is read as the one in `prefer` (an ISO code) when
/// there is one.
pub fn eval_admin1(
    csv_path: &Path,
    text_col: &str,
    label_col: &str,
    prefer: Option<&str>,
    gazetteer: Arc<Gazetteer>,
) -> Result<Admin1Scores> {
    let mut rdr =
        csv::Reader::from_path(csv_path).or_say(|| format!("reading {}", csv_path.display()))?;
    let headers = rdr
        .headers()
        .or_say(|| format!("{}: no header", csv_path.display()))?
        .clone();
    let ti = headers
        .iter()
        .position(|h| h == text_col)
        .or_say(|| format!("{}: no '{text_col}' column", csv_path.display()))?;
    let li = headers
        .iter()
        .position(|h| h == label_col)
        .or_say(|| format!("{}: no '{label_col}' column", csv_path.display()))?;
    let pipeline = place_pipeline(gazetteer.clone());
    let mut s = Admin1Scores::default();
    for (n, rec) in rdr.records().enumerate() {
        let rec = rec.or_say(|| format!("{}, record {}", csv_path.display(), n + 1))?;
        let label = rec.get(li).unwrap_or("").trim();
        if label.is_empty() {
            continue;
        }
        // the label's admin1: the best-populated gazetteer match of the label
        let Some(gold) = gazetteer
            .lookup(label)
            .into_iter()
            .filter(|c| c.distance == 0)
            .max_by_key(|c| {
                (
                    prefer.is_some_and(|cc| c.place().country == cc),
                    c.place().population,
                )
            })
            .and_then(|c| {
                if c.place().feature == crate::gazetteer::Feature::Admin1 {
                    Some(c.place().name.to_string())
                } else {
                    c.place().admin1.as_deref().map(String::from)
                }
            })
        else {
            continue;
        };
        s.labelled += 1;
        let mut doc = plain_document(&n.to_string(), rec.get(ti).unwrap_or(""));
        pipeline.run(&mut doc);
        let mut counts: Vec<(String, usize, usize)> = Vec::new();
        for (i, m) in doc.places.iter().enumerate() {
            let Some(p) = &m.resolved else { continue };
            if p.feature == crate::gazetteer::Feature::Country {
                continue;
            }
            let a1 = if p.feature == crate::gazetteer::Feature::Admin1 {
                p.name.to_string()
            } else if let Some(a) = &p.admin1 {
                a.to_string()
            } else {
                continue;
            };
            match counts.iter_mut().find(|c| c.0 == a1) {
                Some(c) => c.1 += 1,
                None => counts.push((a1, 1, i)),
            }
        }
        let Some(best) = counts
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        else {
            continue;
        };
        s.located += 1;
        if fold::fold(&best.0) == fold::fold(&gold) {
            s.correct += 1;
        } else {
            s.mismatches.push((n + 1, gold.clone(), best.0.clone()));
        }
    }
    Ok(s)
}
