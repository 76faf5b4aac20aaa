/*!
Linking: claims from different documents that describe the same incident.

Input is every stored claim ([`LinkClaim`]) and document ([`LinkDocument`]); output is a
[`Linking`]: which documents are copies of others ([`dedup`]) and the incidents, each with all
its claims and a summary of what the sources say ([`incident`]).

How two claims are judged the same incident ([`pair_score`]):
- **Hard conditions.** Same country; date windows that overlap, each widened by a day for
  day-precise dates (a report filed the next morning); when both points are precise (a named
  place), at most [`LinkOptions::max_km`] apart; when both name a province, the same one.
- **Evidence for.** The same place (+2; +1.5 for named places within the distance bound),
  the same province (+1), the same event type (+1, +0.5 for the same sub-type), a shared
  actor (+1), the same fatality figure (+1.5, or +0.75 within 50%), the same day (+0.5).
- **Evidence against.** Different event types (-0.5; not Explosions/Remote violence against
  Violence against civilians); two tolls of 5 or more that differ
  more than [`LinkOptions::toll_ratio`] times (-1); both naming both sides and sharing
  neither ([`LinkOptions::actor_clash`]); one counting dead civilians, the other dead fighters
  ([`LinkOptions::victims_clash`]). Outlets of opposing camps name different culprits
  for the same attack, so actors weigh little either way.

Claims link when the score reaches [`LinkOptions::threshold`]; two claims of one document
need [`LinkOptions::same_document_extra`] more.

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
use rayon::prelude::*;
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
    /// Who the dead were (`militants`, `soldiers`, `civilians`, `mixed`), when the text says.
    pub victims: Option<String>,
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
    /// Two tolls of at least 5 further apart than this factor count against a link.
    pub toll_ratio: f64,
    /// What two claims lose when both name both sides and share neither.
    pub actor_clash: f64,
    /// What two claims lose when one counts dead civilians and the other dead fighters.
    pub victims_clash: f64,
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
            toll_ratio: 5.0,
            actor_clash: 0.5,
            victims_clash: 1.0,
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

/// What linking compares of one claim, interned and packed so that the sweep over claims
/// in date order reads contiguous memory and compares integers, not strings.
#[derive(Clone, Copy, Debug)]
struct Key {
    /// Index into the claims.
    claim: usize,
    document: i64,
    /// Interned strings; 0 is "none".
    country: u32,
    admin1: u32,
    place: u32,
    event_type: u32,
    sub_event_type: u32,
    actors: [u32; 2],
    /// Days from the common era.
    first: i32,
    last: i32,
    day_precise: bool,
    /// Event type is Explosions/Remote violence or Violence against civilians.
    remote_or_civilians: bool,
    point: Option<(f64, f64)>,
    fatalities: Option<u64>,
    /// The dead were civilians (`Some(true)`) or fighters of either side (`Some(false)`).
    civilian_dead: Option<bool>,
}

/// Strings to small integers (0 stands for none).
#[derive(Default)]
struct Interner<'a> {
    ids: FxHashMap<&'a str, u32>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, s: &'a Option<String>) -> u32 {
        match s {
            None => 0,
            Some(s) => {
                let next = self.ids.len() as u32 + 1;
                *self.ids.entry(s.as_str()).or_insert(next)
            }
        }
    }
}

impl Key {
    fn new<'a>(claim: usize, c: &'a LinkClaim, strings: &mut Interner<'a>) -> Option<Key> {
        use chrono::Datelike;
        let (first, last) = c.window()?;
        Some(Key {
            claim,
            document: c.document,
            country: strings.id(&c.country),
            admin1: strings.id(&c.admin1),
            place: strings.id(&c.gazetteer_id),
            event_type: strings.id(&c.event_type),
            sub_event_type: strings.id(&c.sub_event_type),
            actors: [strings.id(&c.actor1), strings.id(&c.actor2)],
            first: first.num_days_from_ce(),
            last: last.num_days_from_ce(),
            day_precise: c.time_precision == 1,
            remote_or_civilians: matches!(
                c.event_type.as_deref(),
                Some("Explosions/Remote violence" | "Violence against civilians")
            ),
            point: c.point(),
            fatalities: c.fatalities,
            civilian_dead: match c.victims.as_deref() {
                Some("civilians") => Some(true),
                Some("militants" | "soldiers") => Some(false),
                _ => None,
            },
        })
    }
}

/// How strongly two claims look like the same incident (see the module documentation);
/// `None` when they cannot be.
pub fn pair_score(a: &LinkClaim, b: &LinkClaim, opts: &LinkOptions) -> Option<f64> {
    let mut strings = Interner::default();
    let ka = Key::new(0, a, &mut strings)?;
    let kb = Key::new(1, b, &mut strings)?;
    key_score(&ka, &kb, opts)
}

fn key_score(a: &Key, b: &Key, opts: &LinkOptions) -> Option<f64> {
    let slack = opts.day_slack.max(0) as i32;
    if a.first - slack > b.last || b.first - slack > a.last {
        return None;
    }
    if a.country == 0 || a.country != b.country {
        return None;
    }
    let mut score = 0.0;
    if a.day_precise && b.day_precise && a.first == b.first {
        score += 0.5;
    }
    if let (Some(pa), Some(pb)) = (a.point, b.point) {
        let km = crate::gazetteer::km(pa.0, pa.1, pb.0, pb.1);
        if km > opts.max_km {
            return None;
        }
        let same = (a.place != 0 && a.place == b.place) || km < 2.0;
        score += if same { 2.0 } else { 1.5 };
    } else if a.admin1 != 0 && b.admin1 != 0 {
        if a.admin1 != b.admin1 {
            return None;
        }
        score += 1.0;
    }
    if a.event_type != 0 && b.event_type != 0 {
        if a.event_type == b.event_type {
            score += 1.0;
            if a.sub_event_type != 0 && a.sub_event_type == b.sub_event_type {
                score += 0.5;
            }
        } else if !(a.remote_or_civilians && b.remote_or_civilians) {
            // A bomb among civilians is "Explosions" to one coder and "Violence against
            // civilians" to another: only other differences count against.
            score -= 0.5;
        }
    }
    let shared = a.actors.iter().any(|&x| x != 0 && b.actors.contains(&x));
    if shared {
        score += 1.0;
    } else if a.actors.iter().chain(&b.actors).all(|&x| x != 0) {
        // Both name both sides and agree on neither: the sides are incompatible.
        score -= opts.actor_clash;
    }
    if let (Some(x), Some(y)) = (a.fatalities, b.fatalities) {
        let (lo, hi) = (x.min(y) as f64, x.max(y) as f64);
        if x == y && x > 0 {
            score += 1.5;
        } else if lo > 0.0 && hi / lo <= 1.5 {
            score += 0.75;
        } else if lo >= 5.0 && hi / lo > opts.toll_ratio {
            score -= 1.0;
        }
    }
    if let (Some(x), Some(y)) = (a.civilian_dead, b.civilian_dead) {
        if x != y {
            // "29 rebels killed in clashes" and "20 civilians killed by airstrikes"
            score -= opts.victims_clash;
        }
    }
    Some(score)
}

/// What a growing incident spans, to refuse merges that would chain too far.
#[derive(Clone, Copy)]
struct Extent {
    first: i32,
    last: i32,
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

    // Claims with a country and a date can link; they are packed in sort order.
    let mut strings = Interner::default();
    let keys: Vec<Key> = order
        .iter()
        .filter(|&&i| claims[i].country.is_some())
        .filter_map(|&i| Key::new(i, &claims[i], &mut strings))
        .collect();
    let mut sets = UnionFind::new(keys.len());
    let mut extent: Vec<Extent> = keys
        .iter()
        .map(|k| Extent {
            first: k.first,
            last: k.last,
            anchor: k.point,
        })
        .collect();
    let mut comparisons = 0u64;
    let slack = opts.day_slack.max(0) as i32;
    for (n, a) in keys.iter().enumerate() {
        for (m, b) in keys
            .iter()
            .enumerate()
            .skip(n + 1)
            .take(opts.max_candidates)
        {
            if b.country != a.country || b.first - slack > a.last {
                break;
            }
            // Two claims of one document need more: a roundup names several incidents
            // at one place.
            let needed = if b.document == a.document {
                opts.threshold + opts.same_document_extra
            } else {
                opts.threshold
            };
            comparisons += 1;
            if !key_score(a, b, opts).is_some_and(|s| s >= needed) {
                continue;
            }
            let (ra, rb) = (sets.find(n), sets.find(m));
            if ra == rb {
                continue;
            }
            let (xa, xb) = (extent[ra], extent[rb]);
            let merged = Extent {
                first: xa.first.min(xb.first),
                last: xa.last.max(xb.last),
                anchor: xa.anchor.or(xb.anchor),
            };
            if (merged.last - merged.first) as i64 > opts.max_span_days {
                continue;
            }
            if let (Some(p), Some(q)) = (xa.anchor, xb.anchor) {
                if crate::gazetteer::km(p.0, p.1, q.0, q.1) > 2.0 * opts.max_km {
                    continue;
                }
            }
            let root = sets.union(ra, rb);
            extent[root] = merged;
        }
    }

    // Groups in sort order: linked keys by their root, every other event claim alone.
    let mut root_of: FxHashMap<usize, usize> = FxHashMap::default();
    for (n, k) in keys.iter().enumerate() {
        root_of.insert(k.claim, sets.find(n));
    }
    let mut slot: FxHashMap<usize, usize> = FxHashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &i in &order {
        match root_of.get(&i) {
            Some(&root) => {
                let g = *slot.entry(root).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                groups[g].push(i);
            }
            None => groups.push(vec![i]),
        }
    }
    let copies: FxHashMap<i64, i64> = duplicate_of.iter().copied().collect();
    let outlets: FxHashMap<i64, Option<&str>> =
        docs.iter().map(|d| (d.id, d.outlet.as_deref())).collect();
    let mut incidents: Vec<Incident> = groups
        .par_iter()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2016, 7, d)
    }

    /// A claim of the Qamishli twin bombing of 27 July 2016 as outlets reported it (FA-KES
    /// articles 1923848164, 1924058172, 1965511170).
    fn claim(id: i64, document: i64, date: u32, killed: u64, source: &str) -> LinkClaim {
        LinkClaim {
            id,
            document,
            ordinal: 1,
            event_type: Some("Explosions/Remote violence".into()),
            sub_event_type: Some("Suicide bomb".into()),
            location: Some("Al Qamishli".into()),
            gazetteer_id: Some("geonames:173319".into()),
            country: Some("SY".into()),
            admin1: Some("Al-Hasakah".into()),
            lat: Some(37.05215),
            lon: Some(41.23142),
            geo_precision: 1,
            date_start: day(date),
            date_end: day(date),
            time_precision: 1,
            fatalities: Some(killed),
            source: source.into(),
            published: day(date),
            ..Default::default()
        }
    }

    fn doc(id: i64) -> LinkDocument {
        LinkDocument {
            id,
            key: format!("k{id}"),
            published: day(27),
            outlet: Some(format!("outlet{id}")),
            simhash: 0,
        }
    }

    #[test]
    fn reports_of_one_bombing_link_and_keep_their_disagreement() {
        // A clash at the same place a week later is another incident.
        let mut later = claim(4, 4, 27, 3, "SOHR");
        later.date_start = NaiveDate::from_ymd_opt(2016, 8, 3);
        later.date_end = later.date_start;
        let claims = vec![
            claim(1, 1, 27, 31, "Syrian state TV"),
            claim(2, 2, 27, 44, "SANA"),
            claim(3, 3, 27, 44, "Kurdish media"),
            later,
        ];
        let docs: Vec<LinkDocument> = (1..=4).map(doc).collect();
        let linking = link(&docs, &claims, &LinkOptions::default());
        assert_eq!(linking.incidents.len(), 2);
        let bombing = &linking.incidents[0];
        assert_eq!(bombing.claims, vec![1, 2, 3]);
        assert_eq!(bombing.sources, 3);
        assert_eq!(bombing.fatalities.conservative, Some(31));
        assert_eq!(bombing.fatalities.high, Some(44));
        assert_eq!(bombing.fatalities.median, Some(44));
        assert_eq!(
            bombing.disagreement.as_deref(),
            Some("fatalities: Kurdish media 44; SANA 44; Syrian state TV 31")
        );
        assert_eq!(linking.incidents[1].claims, vec![4]);
    }

    #[test]
    fn a_chain_of_daily_reports_stops_at_the_longest_incident() {
        // The same place and toll on five days running: each pair of neighbours is a
        // match, but an incident may last three days at most.
        let claims: Vec<LinkClaim> = (0..5)
            .map(|n| claim(n + 1, n + 1, 10 + n as u32, 7, "SOHR"))
            .collect();
        let docs: Vec<LinkDocument> = (1..=5).map(doc).collect();
        let linking = link(&docs, &claims, &LinkOptions::default());
        assert!(linking.incidents.len() >= 2);
        for inc in &linking.incidents {
            let span = inc.date_end.unwrap() - inc.date_start.unwrap();
            assert!(span.num_days() <= 3, "{:?}", inc.claims);
        }
    }

    /// Dead civilians and dead fighters at one place and day are most often two events
    /// (Aleppo, 10 July 2016: "29 rebels killed" in clashes, "20 civilians killed" by
    /// airstrikes); dead soldiers and dead militants may be the two sides of one clash.
    #[test]
    fn civilian_and_fighter_tolls_count_against_a_link() {
        let opts = LinkOptions::default();
        let with = |victims: &str| {
            let mut c = claim(2, 2, 27, 20, "y");
            c.victims = Some(victims.into());
            c
        };
        let mut rebels = claim(1, 1, 27, 29, "x");
        rebels.victims = Some("militants".into());
        let fighters = pair_score(&rebels, &with("soldiers"), &opts).unwrap();
        let civilians = pair_score(&rebels, &with("civilians"), &opts).unwrap();
        assert_eq!(fighters - civilians, opts.victims_clash);
        let unknown = pair_score(&rebels, &claim(2, 2, 27, 20, "y"), &opts).unwrap();
        assert_eq!(unknown, fighters);
    }

    #[test]
    fn claims_in_different_countries_or_far_apart_never_link() {
        let a = claim(1, 1, 27, 31, "x");
        let mut b = claim(2, 2, 27, 31, "y");
        assert!(pair_score(&a, &b, &LinkOptions::default()).is_some_and(|s| s >= 3.0));
        b.country = Some("TR".into());
        assert_eq!(pair_score(&a, &b, &LinkOptions::default()), None);
        let mut c = claim(3, 3, 27, 31, "z");
        // Al-Hasakah city, about 70 km south.
        c.lat = Some(36.50237);
        c.lon = Some(40.74772);
        c.gazetteer_id = Some("geonames:173377".into());
        assert_eq!(pair_score(&a, &c, &LinkOptions::default()), None);
    }
}
