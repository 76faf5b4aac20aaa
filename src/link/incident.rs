/*!
An incident: the claims that describe one event, and what its sources say about it.

Counting follows the human coders: a syndicated copy is not a second source, so figures are
taken per *independent* document (a document and its copies count once). A document's figure
is the highest it gives for the incident (a later paragraph often updates the toll). Across
documents the incident keeps the lowest figure (the most conservative, as ACLED codes), the
highest, and, per claimant, the range each one asserted, so that "SANA says 120, the
Observatory 30" stays visible.
*/

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::LinkClaim;

/// A fatality or injury figure across an incident's independent sources.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Lowest figure of any independent source (also the lowest bound written).
    pub low: Option<u64>,
    /// The most conservative figure: the lowest any source gives as its best.
    pub conservative: Option<u64>,
    /// Highest figure of any independent source.
    pub high: Option<u64>,
    /// The median of the sources' figures (UCDP's "best").
    pub median: Option<u64>,
}

/// What one claimant asserted about an incident.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ClaimantRange {
    /// The claimant (or the outlet, when the claim is the outlet's own).
    pub claimant: String,
    /// Claims it made.
    pub claims: usize,
    /// Lowest and highest fatality figure it gave.
    pub fatalities: Option<(u64, u64)>,
    /// Lowest and highest injury figure it gave.
    pub injured: Option<(u64, u64)>,
}

/// The JSON summary stored with each incident.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Per claimant, in name order.
    pub claimants: Vec<ClaimantRange>,
    /// Highest over lowest fatality figure of independent sources (1.0: they agree).
    pub fatality_spread: Option<f64>,
    /// The median of the independent sources' fatality figures (UCDP's "best").
    pub fatalities_median: Option<u64>,
}

/// One incident.
#[derive(Clone, Debug, Default)]
pub struct Incident {
    /// Number, from 1 in date order.
    pub id: i64,
    /// Claim ids, ascending.
    pub claims: Vec<i64>,
    /// Most frequent event type.
    pub event_type: Option<String>,
    /// Most frequent sub-event type of that type.
    pub sub_event_type: Option<String>,
    /// Earliest day.
    pub date_start: Option<NaiveDate>,
    /// Latest day.
    pub date_end: Option<NaiveDate>,
    /// Finest date precision among the claims.
    pub time_precision: Option<u8>,
    /// Country.
    pub country: Option<String>,
    /// Province.
    pub admin1: Option<String>,
    /// District.
    pub admin2: Option<String>,
    /// The most precise place named.
    pub location: Option<String>,
    /// Its latitude.
    pub lat: Option<f64>,
    /// Its longitude.
    pub lon: Option<f64>,
    /// Its precision.
    pub geo_precision: Option<u8>,
    /// Name of the most frequent first actor.
    pub actor1: Option<String>,
    /// Name of the most frequent second actor.
    pub actor2: Option<String>,
    /// Side of the first actor.
    pub actor1_side: Option<String>,
    /// Side of the second actor.
    pub actor2_side: Option<String>,
    /// Fatalities across sources.
    pub fatalities: Tally,
    /// Injured across sources.
    pub injured: Tally,
    /// Documents with claims in it.
    pub documents: usize,
    /// Independent documents (copies once).
    pub sources: usize,
    /// Outlets, sorted.
    pub outlets: Vec<String>,
    /// Claimants that disagree, e.g. `fatalities: SANA 120; SOHR 30`.
    pub disagreement: Option<String>,
    /// Per-claimant ranges and spread.
    pub summary: Summary,
}

/// The most frequent value; ties go to the first in sort order.
fn mode<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(v, _)| v.to_string())
}

/// Name and side of the actor most often in the slot `get` reads (by id).
fn actor(
    group: &[&LinkClaim],
    get: impl Fn(&LinkClaim) -> [&Option<String>; 3],
) -> (Option<String>, Option<String>) {
    let Some(id) = mode(group.iter().filter_map(|c| get(c)[0].as_deref())) else {
        return (None, None);
    };
    let [_, name, side] = group
        .iter()
        .map(|c| get(c))
        .find(|slot| slot[0].as_deref() == Some(id.as_str()))
        .unwrap_or([&None, &None, &None]);
    (name.clone().or(Some(id)), side.clone())
}

/// One source's figure: lowest bound, best (its highest best), highest bound.
type Figure = (u64, u64, u64);

fn tally(per_source: &[Figure]) -> Tally {
    if per_source.is_empty() {
        return Tally::default();
    }
    let mut best: Vec<u64> = per_source.iter().map(|s| s.1).collect();
    best.sort_unstable();
    Tally {
        low: per_source.iter().map(|s| s.0).min(),
        conservative: best.first().copied(),
        high: per_source.iter().map(|s| s.2).max(),
        median: Some(best[(best.len() - 1) / 2]),
    }
}

impl Incident {
    /// Summarises a group of claims. `copies` maps a copy's document id to its original's;
    /// `outlets` gives each document's outlet.
    pub fn summarise(
        group: &[&LinkClaim],
        copies: &FxHashMap<i64, i64>,
        outlets: &FxHashMap<i64, Option<&str>>,
    ) -> Incident {
        let event_type = mode(group.iter().filter_map(|c| c.event_type.as_deref()));
        let sub_event_type = mode(
            group
                .iter()
                .filter(|c| c.event_type == event_type)
                .filter_map(|c| c.sub_event_type.as_deref()),
        );
        // The place: the finest precision, then the most named.
        let finest = group
            .iter()
            .filter(|c| c.location.is_some() && c.geo_precision > 0)
            .map(|c| c.geo_precision)
            .min();
        let placed: Vec<&&LinkClaim> = group
            .iter()
            .filter(|c| c.location.is_some() && Some(c.geo_precision) == finest)
            .collect();
        let location = mode(placed.iter().filter_map(|c| c.location.as_deref()));
        let place = placed
            .iter()
            .find(|c| c.location == location)
            .copied()
            .or_else(|| group.iter().find(|c| c.country.is_some()));
        let finest_date = group
            .iter()
            .filter(|c| c.date_start.is_some() && c.time_precision > 0)
            .map(|c| c.time_precision)
            .min();
        let dated = group
            .iter()
            .filter(|c| c.time_precision > 0 && Some(c.time_precision) == finest_date);
        let mut date_start = dated.clone().filter_map(|c| c.date_start).min();
        let mut date_end = dated
            .filter_map(|c| c.date_end.or(c.date_start))
            .max()
            .or(date_start);
        let mut time_precision = finest_date;
        if date_start.is_none() {
            // No claim dates it: the day before the first report to the day of it, a range
            // (precision 2), as a coder does with "recently" in a dated article.
            let first = group.iter().filter_map(|c| c.published).min();
            date_start = first.map(|d| d - chrono::Days::new(1));
            date_end = first;
            time_precision = first.map(|_| 2);
        }

        // Figures per independent document: (lowest, highest best, highest bound).
        let mut per_doc: BTreeMap<i64, (Option<Figure>, Option<Figure>)> = BTreeMap::new();
        let widen = |slot: &mut Option<Figure>, low: u64, best: u64, high: u64| {
            *slot = Some(match *slot {
                None => (low, best, high),
                Some((l, b, h)) => (l.min(low), b.max(best), h.max(high)),
            });
        };
        let mut documents: Vec<i64> = Vec::new();
        for c in group {
            documents.push(c.document);
            let source = copies.get(&c.document).copied().unwrap_or(c.document);
            let entry = per_doc.entry(source).or_default();
            if let Some(best) = c.fatalities {
                let low = c.fatalities_low.unwrap_or(best).min(best);
                let high = c.fatalities_high.unwrap_or(best).max(best);
                widen(&mut entry.0, low, best, high);
            }
            if let Some(best) = c.injured {
                widen(&mut entry.1, best, best, best);
            }
        }
        documents.sort_unstable();
        documents.dedup();
        let killed: Vec<Figure> = per_doc.values().filter_map(|v| v.0).collect();
        let hurt: Vec<Figure> = per_doc.values().filter_map(|v| v.1).collect();

        let mut by_claimant: BTreeMap<&str, ClaimantRange> = BTreeMap::new();
        for c in group {
            let r = by_claimant
                .entry(c.source.as_str())
                .or_insert_with(|| ClaimantRange {
                    claimant: c.source.clone(),
                    ..Default::default()
                });
            r.claims += 1;
            let grow = |slot: &mut Option<(u64, u64)>, v: u64| {
                *slot = Some(slot.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
            };
            if let Some(v) = c.fatalities {
                grow(&mut r.fatalities, v);
            }
            if let Some(v) = c.injured {
                grow(&mut r.injured, v);
            }
        }
        let claimants: Vec<ClaimantRange> = by_claimant.into_values().collect();
        let fatalities = tally(&killed);
        let fatality_spread = match (fatalities.conservative, killed.iter().map(|k| k.1).max()) {
            (Some(lo), Some(hi)) if lo > 0 => Some(hi as f64 / lo as f64),
            _ => None,
        };
        let figures: Vec<String> = claimants
            .iter()
            .filter_map(|r| {
                r.fatalities.map(|(lo, hi)| {
                    if lo == hi {
                        format!("{} {lo}", r.claimant)
                    } else {
                        format!("{} {lo}-{hi}", r.claimant)
                    }
                })
            })
            .collect();
        let disagree = {
            let mut bests: Vec<u64> = killed.iter().map(|k| k.1).collect();
            bests.sort_unstable();
            bests.dedup();
            bests.len() > 1
        };
        let disagreement =
            (disagree && figures.len() > 1).then(|| format!("fatalities: {}", figures.join("; ")));
        let mut outlet_names: Vec<String> = documents
            .iter()
            .filter_map(|d| outlets.get(d).copied().flatten())
            .map(str::to_string)
            .collect();
        outlet_names.sort();
        outlet_names.dedup();
        let (actor1, actor1_side) = actor(group, |c| [&c.actor1, &c.actor1_name, &c.actor1_side]);
        let (actor2, actor2_side) = actor(group, |c| [&c.actor2, &c.actor2_name, &c.actor2_side]);
        let mut claims: Vec<i64> = group.iter().map(|c| c.id).collect();
        claims.sort_unstable();
        Incident {
            id: 0,
            claims,
            event_type,
            sub_event_type,
            date_start,
            date_end,
            time_precision,
            country: place.and_then(|c| c.country.clone()),
            admin1: place.and_then(|c| c.admin1.clone()),
            admin2: place.and_then(|c| c.admin2.clone()),
            location: place.and_then(|c| c.location.clone()),
            lat: place.and_then(|c| c.lat),
            lon: place.and_then(|c| c.lon),
            geo_precision: place.map(|c| c.geo_precision).filter(|&p| p > 0),
            actor1,
            actor1_side,
            actor2,
            actor2_side,
            fatalities,
            injured: tally(&hurt),
            documents: documents.len(),
            sources: per_doc.len(),
            outlets: outlet_names,
            disagreement,
            summary: Summary {
                claimants,
                fatality_spread,
                fatalities_median: fatalities.median,
            },
        }
    }
}
