/*!
Linking: claims from different documents that describe the same incident.

Input is every stored claim ([`LinkClaim`]) and document ([`LinkDocument`]); output is a
[`Linking`]: which documents are copies of others ([`dedup`]) and the incidents, each with all
its claims and a summary of what the sources say ([`incident`]).

How two claims are judged the same incident ([`pair_score`]):
- **Hard conditions.** Same country; date windows that overlap, each widened by a day for
  day-precise dates (a report filed the next morning); when both points are precise (a named
  place), at most [`LinkOptions::max_km`] apart; when both name a province, the same one.
- **Evidence for.** The same place (+2, +1 more for the same gazetteer entry), the same
  province (+1), the same event type (+1, +0.5 for the same sub-type), a shared actor (+1), the
  same fatality figure (+1), the same day (+1). Different event types count against (-1.5).
  Claims link when the score reaches [`LinkOptions::threshold`].

Work stays n·log n: claims are sorted by country and date, and each is compared only with
the claims after it whose dates can overlap, at most [`LinkOptions::max_candidates`] of them.
Links are merged with union-find; a merge that would stretch an incident over more than
[`LinkOptions::max_span_days`] or [`LinkOptions::max_km`] twice over is refused, so chains
of near matches cannot glue a week of fighting into one incident. Claims are processed in an
order fixed by content (date, place, the document's content hash), so the same documents give
the same incidents whatever order they were ingested in.
*/

pub mod dedup;
pub mod evaluate;
pub mod incident;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

pub use incident::{Incident, Tally};

/// A document as linking sees it.
#[derive(Clone, Debug)]
pub struct LinkDocument {
    /// Store row id.
    pub id: i64,
    /// Content hash: a stable, ingest-order-free key.
    pub key: String,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Publishing outlet.
    pub outlet: Option<String>,
    /// SimHash fingerprint (0: none).
    pub simhash: u64,
}

/// A claim as linking sees it.
#[derive(Clone, Debug, Default)]
pub struct LinkClaim {
    /// Store row id.
    pub id: i64,
    /// Its document's row id.
    pub document: i64,
    /// 1-based position in the document.
    pub ordinal: i64,
    /// ACLED event type.
    pub event_type: Option<String>,
    /// ACLED sub-event type.
    pub sub_event_type: Option<String>,
    /// First actor id.
    pub actor1: Option<String>,
    /// Second actor id.
    pub actor2: Option<String>,
    /// First actor's name.
    pub actor1_name: Option<String>,
    /// Second actor's name.
    pub actor2_name: Option<String>,
    /// First actor's side (`state`, `rebel`, ...).
    pub actor1_side: Option<String>,
    /// Second actor's side.
    pub actor2_side: Option<String>,
    /// Place name.
    pub location: Option<String>,
    /// Gazetteer id of the place.
    pub gazetteer_id: Option<String>,
    /// ISO country code.
    pub country: Option<String>,
    /// First-order division.
    pub admin1: Option<String>,
    /// Second-order division.
    pub admin2: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// 1 named place, 2 near it, 3 province or larger; 0 unknown.
    pub geo_precision: u8,
    /// First day.
    pub date_start: Option<NaiveDate>,
    /// Last day.
    pub date_end: Option<NaiveDate>,
    /// 1 day, 2 week, 3 month; 0 unknown.
    pub time_precision: u8,
    /// Lowest fatality figure the words allow.
    pub fatalities_low: Option<u64>,
    /// Fatalities (best).
    pub fatalities: Option<u64>,
    /// Highest fatality figure (None when open).
    pub fatalities_high: Option<u64>,
    /// Injured (best).
    pub injured: Option<u64>,
    /// Who asserts it: the claimant, else the outlet.
    pub source: String,
    /// The document's publication date (the date when the claim has none).
    pub published: Option<NaiveDate>,
}

impl LinkClaim {
    /// Claims that describe an event: they have an event type or a toll.
    pub fn is_event(&self) -> bool {
        self.event_type.is_some() || self.fatalities.is_some() || self.injured.is_some()
    }

    /// The days the claim can be about: its date, else its document's publication day.
    pub fn window(&self) -> Option<(NaiveDate, NaiveDate)> {
        match (self.date_start, self.date_end) {
            (Some(s), Some(e)) => Some((s, e.max(s))),
            (Some(s), None) => Some((s, s)),
            _ => self.published.map(|p| (p - chrono::Days::new(1), p)),
        }
    }

    fn point(&self) -> Option<(f64, f64)> {
        match (self.lat, self.lon) {
            (Some(a), Some(b)) if matches!(self.geo_precision, 1 | 2) => Some((a, b)),
            _ => None,
        }
    }
}

/// Linking thresholds.
#[derive(Clone, Copy, Debug)]
pub struct LinkOptions {
    /// Two precise places further apart than this are different incidents.
    pub max_km: f64,
    /// Days added on each side of a day-precise date.
    pub day_slack: i64,
    /// Longest an incident may last, first day to last.
    pub max_span_days: i64,
    /// Score two claims need to link.
    pub threshold: f64,
    /// Claims each claim is compared with, at most.
    pub max_candidates: usize,
    /// Extra score two claims of the same document need.
    pub same_document_extra: f64,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            max_km: 25.0,
            day_slack: 1,
            max_span_days: 3,
            threshold: 3.0,
            max_candidates: 200,
            same_document_extra: 1.0,
        }
    }
}

/// What linking found.
#[derive(Clone, Debug, Default)]
pub struct Linking {
    /// `(copy, original)` document ids.
    pub duplicate_of: Vec<(i64, i64)>,
    /// Incidents, numbered from 1 in date order.
    pub incidents: Vec<Incident>,
    /// Claim pairs compared.
    pub comparisons: u64,
}

/// Disjoint sets over `0..n` (path halving, union by size).
pub(crate) struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    pub(crate) fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `a` and `b`; returns the new root.
    pub(crate) fn union(&mut self, a: usize, b: usize) -> usize {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return a;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
        a
    }
}

/// How strongly two claims look like the same incident; `None` when they cannot be.
pub fn pair_score(a: &LinkClaim, b: &LinkClaim, opts: &LinkOptions) -> Option<f64> {
    let (sa, ea) = a.window()?;
    let (sb, eb) = b.window()?;
    let slack = chrono::Days::new(opts.day_slack.max(0) as u64);
    if sa - slack > eb || sb - slack > ea {
        return None;
    }
    match (&a.country, &b.country) {
        (Some(x), Some(y)) if x == y => {}
        _ => return None,
    }
    let mut score = 0.0;
    if a.time_precision == 1 && b.time_precision == 1 && sa == sb {
        score += 0.5;
    }
    if let (Some(pa), Some(pb)) = (a.point(), b.point()) {
        let km = crate::gazetteer::km(pa.0, pa.1, pb.0, pb.1);
        if km > opts.max_km {
            return None;
        }
        let same = (a.gazetteer_id.is_some() && a.gazetteer_id == b.gazetteer_id) || km < 2.0;
        score += if same { 2.0 } else { 1.5 };
    } else if let (Some(x), Some(y)) = (&a.admin1, &b.admin1) {
        if x != y {
            return None;
        }
        score += 1.0;
    }
    match (&a.event_type, &b.event_type) {
        (Some(x), Some(y)) if x == y => {
            score += 1.0;
            if a.sub_event_type.is_some() && a.sub_event_type == b.sub_event_type {
                score += 0.5;
            }
        }
        (Some(_), Some(_)) => score -= 0.5,
        _ => {}
    }
    let actors = |c: &LinkClaim| [c.actor1.clone(), c.actor2.clone()];
    let shared = actors(a)
        .iter()
        .flatten()
        .any(|x| actors(b).iter().flatten().any(|y| x == y));
    if shared {
        score += 1.0;
    }
    if let (Some(x), Some(y)) = (a.fatalities, b.fatalities) {
        let (lo, hi) = (x.min(y) as f64, x.max(y) as f64);
        if x == y && x > 0 {
            score += 1.5;
        } else if lo > 0.0 && hi / lo <= 1.5 {
            score += 0.75;
        }
    }
    Some(score)
}

/// What a growing incident spans, to refuse merges that would chain too far.
#[derive(Clone, Copy)]
struct Extent {
    first: NaiveDate,
    last: NaiveDate,
    anchor: Option<(f64, f64)>,
}

/// Links `claims` of `docs` into incidents. Claims that are not events are left out; every
/// event claim ends in exactly one incident (alone, if nothing matched it).
pub fn link(docs: &[LinkDocument], claims: &[LinkClaim], opts: &LinkOptions) -> Linking {
    let duplicate_of = dedup::near_duplicates(docs);
    let doc_key: FxHashMap<i64, &str> = docs.iter().map(|d| (d.id, d.key.as_str())).collect();
    let key = |c: &LinkClaim| doc_key.get(&c.document).copied().unwrap_or("");

    let mut order: Vec<usize> = (0..claims.len())
        .filter(|&i| claims[i].is_event())
        .collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&claims[x], &claims[y]);
        (&a.country, a.window(), key(a), a.ordinal).cmp(&(
            &b.country,
            b.window(),
            key(b),
            b.ordinal,
        ))
    });

    let mut sets = UnionFind::new(claims.len());
    let mut extent: Vec<Option<Extent>> = claims
        .iter()
        .map(|c| {
            c.window().map(|(first, last)| Extent {
                first,
                last,
                anchor: c.point(),
            })
        })
        .collect();
    let mut comparisons = 0u64;
    let slack = chrono::Days::new(opts.day_slack.max(0) as u64);
    for (n, &i) in order.iter().enumerate() {
        let a = &claims[i];
        let Some((_, end_a)) = a.window() else {
            continue;
        };
        if a.country.is_none() {
            continue;
        }
        for &j in order[n + 1..].iter().take(opts.max_candidates) {
            let b = &claims[j];
            if b.country != a.country {
                break;
            }
            match b.window() {
                Some((start_b, _)) if start_b - slack <= end_a => {}
                _ => break,
            }
            // Two claims of one document need more: a roundup names several incidents
            // at one place.
            let needed = if b.document == a.document {
                opts.threshold + opts.same_document_extra
            } else {
                opts.threshold
            };
            comparisons += 1;
            if !pair_score(a, b, opts).is_some_and(|s| s >= needed) {
                continue;
            }
            let (ra, rb) = (sets.find(i), sets.find(j));
            if ra == rb {
                continue;
            }
            let (Some(xa), Some(xb)) = (extent[ra], extent[rb]) else {
                continue;
            };
            let merged = Extent {
                first: xa.first.min(xb.first),
                last: xa.last.max(xb.last),
                anchor: xa.anchor.or(xb.anchor),
            };
            if (merged.last - merged.first).num_days() > opts.max_span_days {
                continue;
            }
            if let (Some(p), Some(q)) = (xa.anchor, xb.anchor) {
                if crate::gazetteer::km(p.0, p.1, q.0, q.1) > 2.0 * opts.max_km {
                    continue;
                }
            }
            let root = sets.union(ra, rb);
            extent[root] = Some(merged);
        }
    }

    let mut members: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for &i in &order {
        members.entry(sets.find(i)).or_default().push(i);
    }
    let copies: FxHashMap<i64, i64> = duplicate_of.iter().copied().collect();
    let outlets: FxHashMap<i64, Option<&str>> =
        docs.iter().map(|d| (d.id, d.outlet.as_deref())).collect();
    let mut groups: Vec<Vec<usize>> = members.into_values().collect();
    // Each group's members are in `order`, so its first member is its sort key.
    let rank: FxHashMap<usize, usize> = order.iter().enumerate().map(|(r, &i)| (i, r)).collect();
    groups.sort_by_key(|g| rank[&g[0]]);
    let mut incidents: Vec<Incident> = groups
        .iter()
        .map(|g| {
            let group: Vec<&LinkClaim> = g.iter().map(|&i| &claims[i]).collect();
            Incident::summarise(&group, &copies, &outlets)
        })
        .collect();
    incidents.sort_by(|a, b| (a.date_start, &a.country).cmp(&(b.date_start, &b.country)));
    for (n, inc) in incidents.iter_mut().enumerate() {
        inc.id = n as i64 + 1;
    }
    Linking {
        duplicate_of,
        incidents,
        comparisons,
    }
}
