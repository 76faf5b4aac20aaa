/*!
Place resolution: chooses, for each toponym, one of its gazetteer candidates using the
whole document, then gives each claim its location.

Each candidate is scored on:
- the document's countries (countries named, adjectives of nationality, countries of the
  other unambiguous toponyms) and provinces (admin1 areas named);
- what the words around it say: "the province of Idlib" wants an admin1, "the village of"
  a settlement, "X neighbourhood" a neighbourhood;
- a container the text names ("X, near Aleppo", "X in Idlib"): the candidate must lie in
  it or near it;
- "25 km north of Damascus": the candidate's distance and direction from the resolved
  anchor must fit;
- closeness to the document's other places, feature class and population;
- how far its name is from the written one (after folding).

A toponym that the text marks as a settlement but the gazetteer lacks keeps its written
name and takes the admin names and coordinates of its container, at a lower precision.
Candidates far from the document's places are never chosen for it ("never snapped to a
look-alike elsewhere").
*/

use std::cell::{Cell, RefCell};
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashSet;

use crate::claim::Location;
use crate::doc::{Document, Layer, Span};
use crate::gazetteer::{bearing, country_slot, fold, km, name_head, Candidate, Feature, Place};
use crate::pipeline::{reuse_room, Stage};
use crate::recognise::place::{Hint, Offset, PlaceMention};

/// The stage that sets `resolved` on every [`PlaceMention`].
pub struct ResolvePlaces;

impl Stage for ResolvePlaces {
    fn name(&self) -> &'static str {
        "resolve-places"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Places]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::ResolvedPlaces]
    }
    fn run(&self, doc: &mut Document) {
        resolve(doc);
    }
}

/// Document-wide evidence about where the text is.
#[derive(Debug)]
struct Context {
    /// The weight of each country the document points to, in the order it first does.
    weights: Vec<f64>,
    /// Each country's share of `countries_total`, indexed like `weights`, kept by
    /// [`Context::settle`].
    shares: Vec<f64>,
    /// For each two-letter country, at its [`country_slot`]: its index in `weights` plus
    /// one (0 for a country nothing points to yet). An array in place, not on the heap:
    /// a document makes one context.
    slot_index: [u32; COUNTRY_SLOTS],
    /// Any other country code (a user gazetteer may use any), with its index in `weights`.
    other_index: Vec<(String, usize)>,
    /// Sum of `weights`, kept by [`Context::settle`].
    countries_total: f64,
    /// The weight of each admin1 area, indexed by the admin1 ids of the document's
    /// candidates ([`Table`]; 0 for an area nothing points to).
    admin1: Vec<f64>,
}

/// How many [`country_slot`]s there are.
const COUNTRY_SLOTS: usize = 26 * 26;

/// Room made up front for the countries one document points to.
const COUNTRIES_EXPECTED: usize = 16;

/// A document's candidates as resolution reads them: the candidates of all mentions in
/// one flat list, each with what does not change while the document is resolved,
/// gathered in one walk over the candidates.
struct Table<'a> {
    /// The entries of all mentions in turn.
    entries: Vec<Entry<'a>>,
    /// Mention i's entries are `entries[from[i]..from[i + 1]]`.
    from: Vec<usize>,
    /// How many distinct admin1 areas the candidates lie in: their admin1 ids are below.
    areas: usize,
    /// The distinct countries of the candidates, in the order met: an entry's `country`
    /// is an index here.
    countries: Vec<TableCountry<'a>>,
    /// For each mention, an earlier one with the same written name whose entries are the
    /// same, if any (a name the text repeats in a like sentence): it makes the same choice
    /// in the same surroundings.
    twins: Vec<Option<usize>>,
}

/// A country of a document's candidates: its [`country_slot`], or for a code without one
/// (a user gazetteer may use any), the code.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TableCountry<'a> {
    Slot(u16),
    Code(&'a str),
}

/// A candidate as the resolution passes read it.
#[derive(Clone, Copy)]
struct Entry<'a> {
    /// The candidate.
    candidate: &'a Candidate,
    /// Its [`own_score`] plus its [`shared_evidence`].
    own: f64,
    /// Its admin1 id: the gazetteer's area number, renumbered from 0 for the document, so
    /// that scoring reads an area's weight by index rather than by hashing.
    admin: Option<u32>,
    /// Copies of the candidate's `country_slot` and `feature`, so that the passes read
    /// the entry alone.
    country_slot: Option<u16>,
    /// Its country's index in [`Table::countries`], so that scoring reads a country's
    /// term by index.
    country: u16,
    feature: Feature,
    /// True when its folded name is the written one's (distance 0).
    exact: bool,
    /// True when its own name is the written one, ASCII case aside
    /// ([`Candidate::named_as`]).
    literal: bool,
    /// True when it is not a country and its country is named in the mention's sentence
    /// ([`LocalCountries`]).
    local: bool,
}

thread_local! {
    /// The admin1 ids of the document at hand, kept between the documents a thread
    /// resolves so that the array is made once.
    static AREA_IDS: RefCell<AreaIds> = RefCell::new(AreaIds::default());
    /// The room of the last table's entries, kept for the next document's
    /// ([`reuse_room`]).
    static ENTRY_ROOM: Cell<Vec<Entry<'static>>> = const { Cell::new(Vec::new()) };
}

/// The gazetteer's area numbers renumbered from 0 for one document, in the order met: an
/// array by area number (a document's candidates lie in few of the areas, so only the
/// entries it set are cleared for the next one).
#[derive(Default)]
struct AreaIds {
    /// For each area number, its id plus one (0: not met in this document).
    ids: Vec<u32>,
    /// The area numbers met, by id.
    met: Vec<u32>,
}

impl AreaIds {
    /// Forgets the areas of the previous document.
    fn clear(&mut self) {
        for &area in &self.met {
            self.ids[area as usize] = 0;
        }
        self.met.clear();
    }

    /// The id of area number `area`, the next one if it is new.
    fn id(&mut self, area: u32) -> u32 {
        let at = area as usize;
        if at >= self.ids.len() {
            self.ids.resize(at + 1, 0);
        }
        if self.ids[at] == 0 {
            self.met.push(area);
            self.ids[at] = self.met.len() as u32;
        }
        self.ids[at] - 1
    }
}

/// The countries named (or implied by an adjective) in one sentence: a set of
/// [`country_slot`]s, and the codes without one.
#[derive(Default)]
struct LocalCountries<'a> {
    /// Bit `slot % 64` of word `slot / 64`: the country at `slot` is named.
    slots: [u64; COUNTRY_SLOTS.div_ceil(64)],
    /// The codes without a slot (a user gazetteer may use any).
    codes: Vec<&'a str>,
}

impl<'a> LocalCountries<'a> {
    /// Sets the countries named in the sentence from byte `sentence.0` to byte
    /// `sentence.1` of `doc`: those of its mentions' exact country candidates and its
    /// adjectives of nationality. `sorted`: `doc`'s mentions are in order of their
    /// starts, so that only the sentence's are read.
    fn set(&mut self, doc: &'a Document, sentence: (usize, usize), sorted: bool) {
        let (s0, s1) = sentence;
        let inside = |span: Span| span.start >= s0 && span.end <= s1;
        self.slots = [0; COUNTRY_SLOTS.div_ceil(64)];
        self.codes.clear();
        let mentions = if sorted {
            let first = doc.places.partition_point(|o| o.span.start < s0);
            let n = doc.places[first..].partition_point(|o| o.span.start <= s1);
            &doc.places[first..first + n]
        } else {
            &doc.places[..]
        };
        for o in mentions.iter().filter(|o| inside(o.span)) {
            let named = o.candidates.exact();
            for c in named.filter(|c| c.feature == Feature::Country) {
                match c.country_slot {
                    Some(slot) => self.add(slot),
                    None => self.codes.push(&c.place().country),
                }
            }
        }
        for cue in doc.country_cues.iter().filter(|c| inside(c.span)) {
            match country_slot(&cue.country) {
                Some(slot) => self.add(slot),
                None => self.codes.push(&cue.country),
            }
        }
    }

    /// Adds the country at `slot`.
    fn add(&mut self, slot: u16) {
        self.slots[usize::from(slot / 64)] |= 1 << (slot % 64);
    }

    /// True when candidate `c`'s country is named.
    fn holds(&self, c: &Candidate) -> bool {
        match c.country_slot {
            Some(slot) => self.slots[usize::from(slot / 64)] >> (slot % 64) & 1 == 1,
            None => self.codes.iter().any(|&code| code == c.place().country),
        }
    }
}

/// A table gives the room of its entries back for the next document's.
impl Drop for Table<'_> {
    fn drop(&mut self) {
        ENTRY_ROOM.set(reuse_room(std::mem::take(&mut self.entries)));
    }
}

impl<'a> Table<'a> {
    /// The entries of the candidates of `doc`'s mentions, whose written names are
    /// `written`, without their shared evidence yet.
    fn new(doc: &'a Document, written: &[&str]) -> Table<'a> {
        let room = reuse_room(ENTRY_ROOM.take());
        AREA_IDS.with_borrow_mut(|areas| Table::new_with(doc, written, areas, room))
    }

    /// [`Table::new`], numbering the areas with `areas` and writing the entries into
    /// `entries` (emptied first).
    fn new_with(
        doc: &'a Document,
        written: &[&str],
        areas: &mut AreaIds,
        mut entries: Vec<Entry<'a>>,
    ) -> Table<'a> {
        let places = &doc.places;
        areas.clear();
        let total: usize = places.iter().map(|m| m.candidates.len()).sum();
        entries.clear();
        entries.reserve(total);
        let mut from = Vec::with_capacity(places.len() + 1);
        // the countries named in the sentence of the mention at hand, and that sentence's
        // bounds: mentions are met in text order, so the set is made again only when the
        // sentence changes
        let mut local = LocalCountries::default();
        let mut local_sentence = None;
        let sorted = places.is_sorted_by_key(|m| m.span.start);
        // the index in `countries` of each country slot met (u16::MAX: not met yet)
        let mut countries: Vec<TableCountry> = Vec::with_capacity(COUNTRIES_EXPECTED);
        let mut slot_country = [u16::MAX; COUNTRY_SLOTS];
        let mut twins = vec![None; places.len()];
        // the mentions of more than one candidate whose entries were made afresh: first
        // candidate, count, written name, mention
        let mut firsts: Vec<(&Candidate, usize, &str, usize)> = Vec::new();
        for (i, (m, &written)) in places.iter().zip(written).enumerate() {
            from.push(entries.len());
            let sentence = sentence_bounds(doc, m.span);
            if local_sentence != Some(sentence) {
                local_sentence = Some(sentence);
                local.set(doc, sentence, sorted);
            }
            // a name met before with the same candidates (of one shared answer): a copy of
            // its entries, with `local` for this sentence; a twin when that is the same too
            let n = m.candidates.len();
            if let (Some(first), true) = (m.candidates.first(), n > 1) {
                let earlier = (firsts.iter())
                    .filter(|&&(c, len, name, _)| {
                        std::ptr::eq(c, first) && len == n && name == written
                    })
                    .map(|&(_, _, _, j)| j)
                    .find(|&j| {
                        let theirs = &entries[from[j]..from[j] + n];
                        (m.candidates.iter().zip(theirs)).all(|(c, e)| std::ptr::eq(c, e.candidate))
                    });
                if let Some(j) = earlier {
                    let start = entries.len();
                    entries.extend_from_within(from[j]..from[j] + n);
                    let mut same = true;
                    for e in &mut entries[start..] {
                        let here = e.feature != Feature::Country && local.holds(e.candidate);
                        same &= here == e.local;
                        e.local = here;
                    }
                    twins[i] = same.then_some(j);
                    continue;
                }
                firsts.push((first, n, written, i));
            }
            // the written name's head, made once for all its candidates
            let head = name_head(written);
            for c in &m.candidates {
                let admin = c.area.map(|area| areas.id(area));
                let country = match c.country_slot {
                    Some(slot) => {
                        let at = &mut slot_country[usize::from(slot)];
                        if *at == u16::MAX {
                            *at = countries.len() as u16;
                            countries.push(TableCountry::Slot(slot));
                        }
                        *at
                    }
                    None => {
                        let code = TableCountry::Code(&c.place().country);
                        match countries.iter().position(|&k| k == code) {
                            Some(at) => at as u16,
                            None => {
                                countries.push(code);
                                countries.len() as u16 - 1
                            }
                        }
                    }
                };
                entries.push(Entry {
                    candidate: c,
                    own: own_score(c),
                    admin,
                    country_slot: c.country_slot,
                    country,
                    feature: c.feature,
                    exact: c.distance == 0,
                    literal: c.named_as_headed(written, head),
                    local: c.feature != Feature::Country && local.holds(c),
                });
            }
        }
        from.push(entries.len());
        Table {
            entries,
            from,
            areas: areas.met.len(),
            countries,
            twins,
        }
    }

    /// The entries of mention `i`'s candidates, closest name first.
    fn of(&self, i: usize) -> &[Entry<'a>] {
        &self.entries[self.from[i]..self.from[i + 1]]
    }

    /// The leading entries of mention `i` whose folded name is the written one's
    /// (distance 0), as [`crate::recognise::place::Candidates::exact`] gives them.
    fn exact_of(&self, i: usize) -> &[Entry<'a>] {
        let all = self.of(i);
        let n = all.iter().take_while(|e| e.exact).count();
        &all[..n]
    }
}

fn feature_prior(f: Feature) -> f64 {
    match f {
        Feature::Country => 3.0,
        Feature::Admin1 => 2.2,
        Feature::City => 2.5,
        Feature::Town => 1.5,
        Feature::Admin2 => 1.0,
        Feature::Village => 0.8,
        Feature::Airport | Feature::Camp => 0.5,
        Feature::Neighbourhood => 0.0,
        Feature::Admin3 => -0.5,
        Feature::Mountain | Feature::Other => 0.0,
    }
}

fn hint_fit(h: Hint, f: Feature) -> f64 {
    let good = match h {
        Hint::Province => matches!(f, Feature::Admin1),
        Hint::Countryside => matches!(f, Feature::City | Feature::Town | Feature::Admin1),
        Hint::District => matches!(f, Feature::Admin2 | Feature::Admin3),
        Hint::Settlement => f.is_settlement(),
        Hint::City => matches!(f, Feature::City | Feature::Town),
        Hint::Neighbourhood => matches!(f, Feature::Neighbourhood | Feature::Village),
        Hint::Airport => matches!(f, Feature::Airport | Feature::City | Feature::Town),
        Hint::Camp => matches!(f, Feature::Camp | Feature::Village | Feature::Town),
        Hint::Country => matches!(f, Feature::Country),
    };
    if good {
        4.0
    } else {
        -2.0
    }
}

impl Context {
    /// A context with no evidence yet, for a document with `areas` admin1 ids.
    fn new(areas: usize) -> Context {
        Context {
            weights: Vec::with_capacity(COUNTRIES_EXPECTED),
            shares: Vec::with_capacity(COUNTRIES_EXPECTED),
            slot_index: [0; COUNTRY_SLOTS],
            other_index: Vec::new(),
            countries_total: 0.0,
            admin1: vec![0.0; areas],
        }
    }

    /// Adds `w` to the weight of the admin1 area with id `id` (none: no area).
    fn add_admin1(&mut self, id: Option<u32>, w: f64) {
        if let Some(weight) = id.and_then(|id| self.admin1.get_mut(id as usize)) {
            *weight += w;
        }
    }

    /// Adds `w` to the weight of `country`.
    fn add_country(&mut self, country: &str, w: f64) {
        match country_slot(country) {
            Some(slot) => self.add_country_at(slot, w),
            None => match self.other_index.iter().find(|(c, _)| c == country) {
                Some(&(_, i)) => self.weights[i] += w,
                None => {
                    self.other_index
                        .push((country.to_string(), self.weights.len()));
                    self.weights.push(0.0 + w);
                }
            },
        }
    }

    /// Adds `w` to the weight of candidate `c`'s country (as [`Context::add_country`], by
    /// its [`country_slot`] when it has one).
    fn add_country_of(&mut self, c: &Candidate, w: f64) {
        match c.country_slot {
            Some(slot) => self.add_country_at(slot, w),
            None => self.add_country(&c.place().country, w),
        }
    }

    /// Adds `w` to the weight of the two-letter country at `slot` ([`country_slot`]).
    fn add_country_at(&mut self, slot: u16, w: f64) {
        let at = &mut self.slot_index[usize::from(slot)];
        if *at == 0 {
            self.weights.push(0.0);
            *at = self.weights.len() as u32;
        }
        let i = *at as usize - 1;
        self.weights[i] += w;
    }

    /// Recomputes the derived totals after the weights changed.
    fn settle(&mut self) {
        self.countries_total = self.weights.iter().sum();
        let total = self.countries_total;
        self.shares.clear();
        self.shares.extend(self.weights.iter().map(|w| w / total));
    }

    /// The share of the document's country weight of `country` (0 when the document
    /// names no such country).
    fn country_share(&self, country: TableCountry) -> f64 {
        let at = match country {
            TableCountry::Slot(slot) => {
                (self.slot_index[usize::from(slot)] as usize).checked_sub(1)
            }
            TableCountry::Code(code) => (self.other_index.iter())
                .find(|(c, _)| c == code)
                .map(|&(_, i)| i),
        };
        at.map_or(0.0, |i| self.shares[i])
    }
}

/// What a pass's context adds to a candidate's score for its country and its admin1
/// area, worked out once per country and area of the document rather than once per
/// candidate.
struct Terms {
    /// By index in [`Table::countries`]; empty when the document points to no country
    /// (then the country adds nothing, not even its penalty).
    country: Vec<f64>,
    /// By admin1 id, with one more for no area (0).
    admin1: Vec<f64>,
}

impl Terms {
    /// The terms of `ctx` for the countries and areas of `table`.
    fn new(ctx: &Context, table: &Table) -> Terms {
        let country = if ctx.countries_total > 0.0 {
            (table.countries.iter())
                .map(|&k| {
                    let share = ctx.country_share(k);
                    6.0 * share - if share == 0.0 { 2.0 } else { 0.0 }
                })
                .collect()
        } else {
            Vec::new()
        };
        let admin1 = (ctx.admin1.iter().chain([&0.0]))
            .map(|w| 1.5 * w.min(3.0))
            .collect();
        Terms { country, admin1 }
    }

    /// The term of admin1 id `id` (none: no area, 0).
    fn admin1(&self, id: Option<u32>) -> f64 {
        let last = self.admin1.len() - 1;
        self.admin1[id.map_or(last, |id| (id as usize).min(last))]
    }
}

/// The most [`neighbour_bonus`] can add.
const MAX_NEIGHBOUR_BONUS: f64 = 0.75 * 3.0 + 1.0 * 2.0;

/// The part of a candidate's score that depends on the candidate alone (feature,
/// population, closeness of its name), the same in both resolution passes.
fn own_score(c: &Candidate) -> f64 {
    // log10(0 + 1) is 0: most places have no population
    let size = if c.population == 0 {
        0.0
    } else {
        0.6 * c.population_log10
    };
    let mut s = feature_prior(c.feature) + size;
    s -= 2.5 * c.distance as f64;
    s += if c.primary { 1.0 } else { 0.0 };
    if c.primary && c.feature == Feature::Country {
        s += 4.0; // "Syria" is the country, not a village with Syria among its names
    }
    s
}

/// What a mention's words, and the places chosen earlier for the places they name, say
/// of its place: read once per mention and pass rather than once per candidate.
struct Around<'a> {
    /// What the surrounding words say it is.
    hint: Option<Hint>,
    /// The candidate chosen for its stated container ("X, near Aleppo").
    container: Option<&'a Candidate>,
    /// "25 km north of Damascus", with the candidate chosen for the anchor.
    offset: Option<(Offset, &'a Candidate)>,
    /// The candidate chosen for a place coordinated with it ("Darayya and Mo'adhamiyeh").
    partner: Option<&'a Candidate>,
}

impl<'a> Around<'a> {
    /// What is around mention `m`, given the places chosen in the previous pass
    /// (`anchors`, by mention: the chosen entry of `table`).
    fn new(m: &PlaceMention, anchors: &[Option<usize>], table: &Table<'a>) -> Around<'a> {
        let chosen = |i: usize| {
            let at = (*anchors.get(i)?)?;
            Some(table.entries[at].candidate)
        };
        Around {
            hint: m.hint,
            container: m.container.and_then(chosen),
            offset: m.offset.and_then(|off| Some((off, chosen(off.anchor)?))),
            partner: m.partner.and_then(chosen),
        }
    }
}

impl Around<'_> {
    /// True when `other` says the same: same hint, and the same candidates chosen for the
    /// same container, offset and partner.
    fn same_as(&self, other: &Around) -> bool {
        let same = |a: Option<&Candidate>, b: Option<&Candidate>| match (a, b) {
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        let same_offset = match (self.offset, other.offset) {
            (Some((a, ca)), Some((b, cb))) => {
                a.km == b.km && a.bearing == b.bearing && std::ptr::eq(ca, cb)
            }
            (a, b) => a.is_none() && b.is_none(),
        };
        self.hint == other.hint
            && same(self.container, other.container)
            && same(self.partner, other.partner)
            && same_offset
    }
}

/// A candidate's score from everything but its closeness to the document's other places.
/// (Inlined into both walks of [`best_candidate`]: it runs for every candidate in every
/// pass.)
#[inline(always)]
fn score(e: &Entry, around: &Around, terms: &Terms) -> f64 {
    let c = e.candidate;
    let mut s = e.own;
    if let Some(&term) = terms.country.get(usize::from(e.country)) {
        s += term;
    }
    if e.local {
        s += 1.5; // "In Lebanon, ... Tripoli"
    }
    // an area nothing points to weighs 0, and adding 0 leaves the score as it is
    s += terms.admin1(e.admin);
    if let Some(h) = around.hint {
        s += hint_fit(h, e.feature);
    }
    if let Some(anchor) = around.container {
        let d = km(c.lat, c.lon, anchor.lat, anchor.lon);
        // one area number is one admin1 key
        let same_a1 = c.area.is_some() && c.area == anchor.area;
        let inside = match anchor.feature {
            Feature::Country => c.same_country(anchor),
            Feature::Admin1 | Feature::Admin2 => same_a1 || d < 60.0,
            _ => d < 60.0,
        };
        s += if inside { 4.0 } else { -4.0 };
    }
    if let Some((off, anchor)) = around.offset {
        let d = km(anchor.lat, anchor.lon, c.lat, c.lon);
        let tol = (off.km * 0.35).max(8.0);
        let mut fits = (d - off.km).abs() <= tol;
        if let Some(b) = off.bearing {
            let got = bearing(anchor.lat, anchor.lon, c.lat, c.lon);
            let diff = ((got - b + 540.0) % 360.0 - 180.0).abs();
            fits &= diff <= 60.0;
        }
        s += if fits { 5.0 } else { -3.0 };
    }
    if let Some(partner) = around.partner {
        // "Darayya and Mo'adhamiyeh": coordinated places lie together
        if !partner.feature.is_area() && km(c.lat, c.lon, partner.lat, partner.lon) < 50.0 {
            s += 3.0;
        }
    }
    s
}

/// What closeness to the document's other chosen places (`own`, the mention's earlier
/// choice, excluded) adds to entry `e`'s score, in two terms (places within 150 km,
/// within 20 km): together at most [`MAX_NEIGHBOUR_BONUS`]. An area gains nothing (its
/// place is then not read).
fn neighbour_bonus(e: &Entry, neighbours: &[(f64, f64)], own: Option<(f64, f64)>) -> [f64; 2] {
    if neighbours.is_empty() || e.feature.is_area() {
        return [0.0, 0.0];
    }
    let p = e.candidate;
    let (mut close, mut very_close) = (0, 0);
    let shrink = p.lat.to_radians().cos();
    for &(la, lo) in neighbours {
        if own == Some((la, lo)) {
            continue; // the mention's own earlier choice is no neighbour
        }
        let (dy, dx) = (la - p.lat, (lo - p.lon) * shrink);
        let d = 111.2 * (dx * dx + dy * dy).sqrt();
        close += usize::from(d < 150.0);
        very_close += usize::from(d < 20.0);
    }
    [
        0.75 * (close as f64).min(3.0),
        1.0 * (very_close as f64).min(2.0),
    ]
}

/// What [`best_candidate`] reads besides the mention: the same for every mention of a
/// pass.
struct Scoring<'a> {
    terms: &'a Terms,
    /// Where the other chosen places are.
    neighbours: &'a [(f64, f64)],
}

/// The index of the best-scoring of a mention's candidates `entries` (the last of equal
/// best scores, in candidate order). The neighbour bonus is computed only for candidates
/// it could lift to the top. `base` is scratch space, kept between calls.
fn best_candidate(
    entries: &[Entry],
    around: &Around,
    with: &Scoring,
    own: Option<(f64, f64)>,
    base: &mut Vec<f64>,
) -> Option<usize> {
    if entries.len() <= 1 {
        // a lone candidate is chosen whatever its score
        return entries.first().map(|_| 0);
    }
    if with.neighbours.is_empty() {
        // no candidate gains a bonus (the first pass): one walk finds the best
        let mut best: Option<(f64, usize)> = None;
        for (i, e) in entries.iter().enumerate() {
            // (plus the bonus, 0, as below: a score of -0 becomes 0)
            let full = score(e, around, with.terms) + 0.0;
            if best.is_none_or(|(s, _)| full.total_cmp(&s).is_ge()) {
                best = Some((full, i));
            }
        }
        return best.map(|(_, i)| i);
    }
    base.clear();
    // the best base score
    let mut top = f64::NEG_INFINITY;
    for e in entries {
        let s = score(e, around, with.terms);
        top = f64::max(top, s);
        base.push(s);
    }
    // a candidate whose base score plus the largest bonus stays below the best base score
    // cannot be chosen: its bonus is not computed
    let floor = top - MAX_NEIGHBOUR_BONUS;
    let mut best: Option<(f64, usize)> = None;
    for (i, (&b, e)) in base.iter().zip(entries).enumerate() {
        if b + 1e-9 < floor {
            continue;
        }
        let [near, very_near] = neighbour_bonus(e, with.neighbours, own);
        let full = b + near + very_near;
        // the last of equal scores wins
        if best.is_none_or(|(s, _)| full.total_cmp(&s).is_ge()) {
            best = Some((full, i));
        }
    }
    best.map(|(_, i)| i)
}

/// Adds to each entry's `own` what its candidate gains from the rest of the document
/// before any choice is made (its shared evidence):
/// - the written name is the place's own name letter for letter ("Gaza" is Gaza, not Giza,
///   though folding makes the two meet): [`LITERAL_NAME`];
/// - for such a candidate, other names of the document are, letter for letter, names of
///   places in the same admin1 ("Huntsville" and "Walker County" both have one in Texas):
///   [`SHARED_ADMIN1`] for each, up to three. Look-alikes met only through folding do not
///   count, so a province full of villages cannot swallow "Iran" or "Qatar".
///
/// `written` are the mentions' written names.
fn shared_evidence(written: &[&str], table: &mut Table) {
    // (ASCII names are the same in lower case when they are the same but for ASCII case)
    let all_ascii = written.iter().all(|w| w.is_ascii());
    let same = |a: &str, b: &str| {
        if all_ascii {
            a.eq_ignore_ascii_case(b)
        } else {
            same_but_case(a, b)
        }
    };
    // one id per distinct written name, case aside: the index of its first mention
    let mut distinct: Vec<(&str, usize)> = Vec::with_capacity(written.len());
    let name_ids: Vec<usize> = written
        .iter()
        .enumerate()
        .map(|(i, &w)| match distinct.iter().find(|(d, _)| same(d, w)) {
            Some(&(_, first)) => first,
            None => {
                distinct.push((w, i));
                i
            }
        })
        .collect();
    // (admin1 id, name id) of every candidate whose own name is the written one, once each
    let in_area = |e: &Entry| e.literal && e.admin.is_some();
    let mut named_in: Vec<(u32, usize)> =
        Vec::with_capacity(table.entries.iter().filter(|e| in_area(e)).count());
    for (i, &id) in name_ids.iter().enumerate() {
        for e in table.of(i) {
            if let (Some(area), true) = (e.admin, e.literal) {
                named_in.push((area, id));
            }
        }
    }
    named_in.sort_unstable();
    named_in.dedup();
    // admin1 id → how many distinct names have such a candidate there
    let mut names_in: Vec<usize> = vec![0; table.areas];
    for &(area, _) in &named_in {
        names_in[area as usize] += 1;
    }
    for e in &mut table.entries {
        let evidence = if e.literal {
            // the candidate's own name counts among those of its area: the others are the
            // rest
            let others = e.admin.map_or(0, |area| names_in[area as usize] - 1);
            LITERAL_NAME + SHARED_ADMIN1 * others.min(3) as f64
        } else {
            0.0
        };
        e.own += evidence;
    }
}

/// True when `a` and `b` are the same in lower case.
fn same_but_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// The name a mention writes, without a possessive ending ("Aleppo's" → "Aleppo").
fn written_name(text: &str, span: Span) -> &str {
    let t = text.get(span.start..span.end).unwrap_or("");
    t.strip_suffix("'s")
        .or_else(|| t.strip_suffix("’s"))
        .unwrap_or(t)
}

/// Score for a candidate whose own name is the written one, letter for letter.
const LITERAL_NAME: f64 = 1.0;
/// Score for each other name of the document with an exact candidate in the same admin1.
const SHARED_ADMIN1: f64 = 0.5;

/// Resolves every place mention of `doc` in place.
pub fn resolve(doc: &mut Document) {
    // choose, and find the choices nothing supports, reading the document; then write
    let (mut chosen, unsupported) = {
        let doc: &Document = doc;
        let written: Vec<&str> = doc
            .places
            .iter()
            .map(|m| written_name(&doc.text, m.span))
            .collect();
        let mut table = Table::new(doc, &written);
        shared_evidence(&written, &mut table);
        let mut ctx = Context::new(table.areas);
        weigh_named(doc, &table, &mut ctx);
        ctx.settle();
        let picked = choose(doc, &table, &mut ctx);
        let chosen: Vec<Option<Arc<Place>>> = picked
            .iter()
            .map(|at| at.map(|at| table.entries[at].candidate.place().clone()))
            .collect();
        let unsupported = unsupported_choices(doc, &table, &picked, &chosen);
        (chosen, unsupported)
    };
    for (i, m) in doc.places.iter_mut().enumerate() {
        if unsupported[i] {
            chosen[i] = None;
            m.candidates.clear();
        }
    }
    drop_far(doc, chosen);
}

/// Weighs in `ctx` the countries and provinces the document names outright (and the
/// countries its adjectives and unambiguous mentions point to).
fn weigh_named(doc: &Document, table: &Table, ctx: &mut Context) {
    for cue in &doc.country_cues {
        ctx.add_country(&cue.country, 1.0);
    }
    // countries and provinces named outright, and countries of unambiguous mentions
    // (buffers reused across mentions)
    let mut cs: Vec<&str> = Vec::new();
    let mut slots: Vec<u16> = Vec::new();
    for i in 0..doc.places.len() {
        let exact = table.exact_of(i);
        if let Some(e) = exact.iter().find(|e| e.feature == Feature::Country) {
            ctx.add_country_of(e.candidate, 2.0);
            continue;
        }
        // the countries the name can be in: all of its weight to one, shared among several
        // (by slot when every code has one: slot order is the codes' alphabetical order)
        let share = |n: usize| if n == 1 { 1.0 } else { 0.5 / n as f64 };
        if exact.iter().all(|e| e.country_slot.is_some()) {
            slots.clear();
            slots.extend(exact.iter().filter_map(|e| e.country_slot));
            slots.sort_unstable();
            slots.dedup();
            for &slot in &slots {
                ctx.add_country_at(slot, share(slots.len()));
            }
        } else {
            cs.clear();
            cs.extend(exact.iter().map(|e| &*e.candidate.place().country));
            cs.sort_unstable();
            cs.dedup();
            for c in &cs {
                ctx.add_country(c, share(cs.len()));
            }
        }
        // the province named: the one whose own name is written, else the only one the
        // name can be ("Gaza" names the Gaza Strip, not Egypt's Giza, which folds alike)
        let mut provinces = exact.iter().filter(|e| e.feature == Feature::Admin1);
        let named = provinces.clone().find(|e| e.literal).or_else(|| {
            let first = provinces.next()?;
            provinces
                .all(|e| e.candidate.area == first.candidate.area)
                .then_some(first)
        });
        if let Some(e) = named {
            ctx.add_admin1(e.admin, 2.0);
        }
    }
}

/// The entry of `table` chosen for each mention, in two passes: the second knows where
/// the first put the other places (and weighs its provinces in `ctx`). A mention whose
/// entries and surroundings are those of an earlier one (a name the text repeats) takes
/// its choice without scoring.
fn choose(doc: &Document, table: &Table, ctx: &mut Context) -> Vec<Option<usize>> {
    let n = doc.places.len();
    // the chosen entry of each mention, and the choices of the previous pass
    let mut picked: Vec<Option<usize>> = vec![None; n];
    let mut anchors: Vec<Option<usize>> = vec![None; n];
    let place = |at: usize| table.entries[at].candidate;
    let mut neighbours: Vec<(f64, f64)> = Vec::with_capacity(n);
    let most_candidates = (0..n).map(|i| table.of(i).len()).max().unwrap_or(0);
    let mut scratch: Vec<f64> = Vec::with_capacity(most_candidates);
    for pass in 0..2 {
        anchors.copy_from_slice(&picked);
        if pass == 1 {
            neighbours.extend(
                (anchors.iter().flatten())
                    .filter(|&&at| !table.entries[at].feature.is_area())
                    .map(|&at| (place(at).lat, place(at).lon)),
            );
            neighbours.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            neighbours.dedup();
        }
        let terms = Terms::new(ctx, table);
        let with = Scoring {
            terms: &terms,
            neighbours: &neighbours,
        };
        for (i, m) in doc.places.iter().enumerate() {
            let own = anchors[i].map(|at| (place(at).lat, place(at).lon));
            let around = Around::new(m, &anchors, table);
            // a twin with the same surroundings makes the same choice
            let twin = table.twins[i].filter(|&j| {
                let own_j = anchors[j].map(|at| (place(at).lat, place(at).lon));
                own_j == own && Around::new(&doc.places[j], &anchors, table).same_as(&around)
            });
            picked[i] = match twin {
                Some(j) => picked[j].map(|at| at - table.from[j] + table.from[i]),
                None => {
                    let best = country_by_name(m, table.of(i))
                        .or_else(|| best_candidate(table.of(i), &around, &with, own, &mut scratch));
                    best.map(|at| table.from[i] + at)
                }
            };
        }
        // provinces of the chosen places count as context for the second pass
        if pass == 0 {
            for &at in picked.iter().flatten() {
                let e = &table.entries[at];
                ctx.add_admin1(e.admin, 0.5);
                ctx.add_country_of(e.candidate, 0.5);
            }
            ctx.settle();
        }
    }
    picked
}

/// The entry of a mention whose written name is a country's own name letter for letter
/// ("Iraq", "Qatar"), when no other candidate has that very name and no word around it
/// says it is something else ("the village of ..."): that country, whatever the
/// document's other places. Places that only fold alike ("Arak", "Al Qatar") do not
/// compete with a country named outright.
fn country_by_name(m: &PlaceMention, entries: &[Entry]) -> Option<usize> {
    if m.hint.is_some_and(|h| h != Hint::Country) {
        return None;
    }
    let mut literal = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.exact && e.literal);
    let (at, e) = literal.next()?;
    (e.feature == Feature::Country && literal.next().is_none()).then_some(at)
}

/// Which choices nothing else in the document supports, to be dropped: lone words that
/// resolve to minor places in countries nothing else points to, and look-alikes outside
/// the document's main country. `picked` is the entry of `table` chosen for each mention,
/// and `chosen` its place.
fn unsupported_choices(
    doc: &Document,
    table: &Table,
    picked: &[Option<usize>],
    chosen: &[Option<Arc<Place>>],
) -> Vec<bool> {
    // a lone word that resolves to a minor place in a country nothing else in the document
    // points to is a common word or a name, not a place ("Hamas", "Peres"): first the
    // mentions that are such a word if nothing else points to their country
    let lone: Vec<bool> = (doc.places.iter().enumerate())
        .zip(chosen.iter().zip(picked))
        .map(|((i, m), (p, at))| match (p, at) {
            (Some(p), Some(at)) => lone_word(doc, m, p, table.entries[*at].candidate, table.of(i)),
            _ => false,
        })
        .collect();
    // the document's main country, from the choices before any is dropped
    let top = main_country(doc, chosen);
    let mut dropped = if lone.contains(&true) {
        unsupported(doc, chosen, &lone)
    } else {
        vec![false; doc.places.len()]
    };
    // the document's main country: a look-alike name (not an exact one) or a minor place
    // elsewhere is not chosen for a name the text gives no other reason to place there
    if let Some(top) = top {
        // the countries the document names: by name or by a nationality adjective
        let named_countries: Vec<&str> = (chosen.iter().flatten())
            .filter(|p| p.feature == Feature::Country)
            .map(|p| &*p.country)
            .chain(doc.country_cues.iter().map(|cue| cue.country.as_str()))
            .collect();
        for (i, m) in doc.places.iter().enumerate() {
            let (Some(p), Some(at)) = (&chosen[i], picked[i]) else {
                continue;
            };
            if dropped[i] || p.country == top || m.adjective {
                continue;
            }
            let entries = table.of(i);
            let picked = table.entries[at].candidate;
            let Some(e) = entries.iter().find(|e| e.candidate.same_place(picked)) else {
                continue;
            };
            let c = e.candidate;
            // a place the text marks ("the Turkish border town of Kilis"), of its very name,
            // in a country the document names, is where the text says
            if m.hint.is_some()
                && p.feature.is_settlement()
                && c.distance == 0
                && c.primary
                && named_countries.contains(&&*p.country)
            {
                continue;
            }
            let minor =
                !matches!(p.feature, Feature::Country | Feature::Admin1) && p.population < 100_000;
            // a country's usual English short name ("U.S.", "Britain") is as good as its own
            let short_name = p.feature == Feature::Country
                && is_short_name(&p.country, &doc.text[m.span.start..m.span.end]);
            if c.distance > 0 || !(c.primary || short_name) || minor {
                dropped[i] = true;
            }
        }
    }
    dropped
}

/// True when `written` is one of the usual English short names of the country with ISO
/// code `code` that `data/gazetteer/country_aliases.tsv` lists ("U.S.", "UK", "Britain"),
/// written as listed.
fn is_short_name(code: &str, written: &str) -> bool {
    static NAMES: OnceLock<FxHashSet<(&'static str, &'static str)>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            let mut names = FxHashSet::default();
            for line in include_str!("../../data/gazetteer/country_aliases.tsv").lines() {
                if line.starts_with('#') {
                    continue;
                }
                let mut cols = line.split('\t');
                let Some(code) = cols.next() else { continue };
                names.extend(cols.filter(|n| !n.is_empty()).map(|n| (code, n)));
            }
            names
        })
        .contains(&(code, written))
}

/// True when mention `m`, resolved to `p` (the place of candidate `picked`), is dropped
/// unless another name of the document points to `p`'s country: a lone word or a minor
/// place, with nothing in the text marking it as a place, and not a country named
/// outright. `entries` are `m`'s candidates.
fn lone_word(
    doc: &Document,
    m: &PlaceMention,
    p: &Place,
    picked: &Candidate,
    entries: &[Entry],
) -> bool {
    if m.hint.is_some() || m.adjective {
        return false;
    }
    let is_p = |e: &&Entry| e.candidate.same_place(picked);
    let primary = entries.iter().filter(is_p).any(|e| e.candidate.primary);
    let one_word = !doc.text[m.span.start..m.span.end].contains(' ');
    let minor = !primary
        || (!matches!(p.feature, Feature::Country | Feature::Admin1) && p.population < 100_000);
    let kept_by_marker = m.marked && primary;
    if kept_by_marker || !(minor || one_word) {
        return false;
    }
    // a country's own name ("Qatar", "U.K.") is that country, named once or not, unless
    // a province has the name too ("Georgia"); a province whose name only folds alike
    // does not count against the country's name written letter for letter ("Russia",
    // not "Ruse") or its usual short name ("U.S."). (Worked out only for a country: most
    // mentions are of other places.)
    let exact = || entries.iter().take_while(|e| e.exact);
    let by_own_name = || {
        exact().any(|e| is_p(&e) && e.literal)
            || is_short_name(&p.country, &doc.text[m.span.start..m.span.end])
    };
    let province_alike = || exact().any(|e| e.feature == Feature::Admin1);
    let province_named = || exact().any(|e| e.feature == Feature::Admin1 && e.literal);
    let country_named = p.feature == Feature::Country
        && exact().any(|e| is_p(&e))
        && (!province_alike() || (by_own_name() && !province_named()));
    !country_named
}

/// Folded names ([`fold::fold`]), each folded once, when first needed.
#[derive(Default)]
struct Folds<'t> {
    /// Each name folded so far, with its folded form.
    done: Vec<(&'t str, String)>,
}

impl<'t> Folds<'t> {
    /// True when `a` and `b` fold to the same name.
    fn same(&mut self, a: &'t str, b: &'t str) -> bool {
        if a == b {
            return true;
        }
        let (a, b) = (self.index(a), self.index(b));
        self.done[a].1 == self.done[b].1
    }

    /// The index in `done` of `name`, folded now if it was not yet.
    fn index(&mut self, name: &'t str) -> usize {
        match self.done.iter().position(|&(n, _)| n == name) {
            Some(at) => at,
            None => {
                self.done.push((name, fold::fold(name)));
                self.done.len() - 1
            }
        }
    }
}

/// Which of the `lone` mentions ([`lone_word`]) no other name points to: no other chosen
/// place or adjective of the document, its name folded, is in the same country. Names
/// are folded only to tell apart two different writings in one country.
fn unsupported(doc: &Document, chosen: &[Option<Arc<Place>>], lone: &[bool]) -> Vec<bool> {
    let text: &str = &doc.text;
    let written = |span: Span| &text[span.start..span.end];
    // (country, name as written) of each chosen place and cue
    let mut names: Vec<(&str, &str)> = Vec::with_capacity(chosen.len() + doc.country_cues.len());
    for (m, p) in doc.places.iter().zip(chosen) {
        if let Some(p) = p {
            names.push((&p.country, written(m.span)));
        }
    }
    for cue in &doc.country_cues {
        names.push((&cue.country, written(cue.span)));
    }
    let mut folds = Folds::default();
    // whether each country met so far has names that fold apart
    let mut mixed: Vec<(&str, bool)> = Vec::new();
    (chosen.iter().zip(lone))
        .map(|(p, &lone)| {
            let Some(p) = p.as_ref().filter(|_| lone) else {
                return false;
            };
            // supported: another name in the country that does not fold to its own; its
            // own name is among the country's, so there is one when the country's names
            // do not all fold alike
            let country: &str = &p.country;
            let supported = match mixed.iter().find(|&&(c, _)| c == country) {
                Some(&(_, apart)) => apart,
                None => {
                    let mut in_country = names.iter().filter(|&&(c, _)| c == country);
                    let apart = in_country.next().is_some_and(|&(_, first)| {
                        in_country.any(|&(_, name)| !folds.same(name, first))
                    });
                    mixed.push((country, apart));
                    apart
                }
            };
            !supported
        })
        .collect()
}

/// The document's main country: the one with the most distinct places among `chosen`
/// inside it, the country itself counting once however it is written ("Russia",
/// "Russian" and "Russias" are one place, not three names); of equal ones, the first in
/// code order.
fn main_country(doc: &Document, chosen: &[Option<Arc<Place>>]) -> Option<String> {
    const THE_COUNTRY: &str = "";
    // the distinct places chosen, told apart by address first (one place is one
    // allocation), so that the names sorted below are few and mostly different
    let mut places: Vec<&Place> = Vec::with_capacity(chosen.len());
    places.extend(chosen.iter().flatten().map(|p| &**p));
    places.sort_unstable_by_key(|&p| p as *const Place);
    places.dedup_by_key(|p| *p as *const Place);
    let mut places_in: Vec<(&str, &str)> =
        Vec::with_capacity(places.len() + doc.country_cues.len());
    places_in.extend(places.iter().map(|p| {
        let id = if p.feature == Feature::Country {
            THE_COUNTRY
        } else {
            &p.id
        };
        (&*p.country, id)
    }));
    places_in.extend((doc.country_cues.iter()).map(|cue| (cue.country.as_str(), THE_COUNTRY)));
    places_in.sort_unstable();
    places_in.dedup();
    // (country, how many places), the first of the most
    let mut top: Option<(&str, usize)> = None;
    for run in places_in.chunk_by(|a, b| a.0 == b.0) {
        if top.is_none_or(|(_, most)| run.len() > most) {
            top = Some((run[0].0, run.len()));
        }
    }
    top.map(|(country, _)| country.to_string())
}

/// Sets `resolved` on every mention from `chosen`, dropping a marked settlement the
/// gazetteer has only far from its stated container.
fn drop_far(doc: &mut Document, mut chosen: Vec<Option<Arc<Place>>>) {
    // a marked village the gazetteer has only far from its stated container is not it
    for (i, m) in doc.places.iter_mut().enumerate() {
        let mut pick = chosen[i].take();
        if let (Some(p), Some(ci)) = (&pick, m.container) {
            if let Some(Some(anchor)) = chosen.get(ci) {
                let far = match anchor.feature {
                    Feature::Country => p.country != anchor.country,
                    Feature::Admin1 => p.admin1_key() != anchor.admin1_key(),
                    _ => km(p.lat, p.lon, anchor.lat, anchor.lon) > 80.0,
                };
                if far && m.hint.is_some() && p.feature.is_settlement() {
                    pick = None;
                    m.candidates.clear();
                }
            }
        }
        m.resolved = pick;
        chosen[i] = m.resolved.clone();
    }
}

/// Where a mention's location comes from, found without copying any name.
#[derive(Clone, Copy)]
enum LocationSource<'a> {
    /// The mention's resolved place.
    Resolved(&'a Place),
    /// A marked place the gazetteer lacks, inside the smallest container the text gives
    /// (none found: `None`).
    Unlisted(Option<&'a Place>),
}

impl LocationSource<'_> {
    /// The [`Location::geo_precision`] of mention `m`'s location.
    fn precision(self, m: &PlaceMention) -> u8 {
        match self {
            LocationSource::Resolved(p) => match p.feature {
                Feature::Country | Feature::Admin1 | Feature::Admin2 => 3,
                Feature::Admin3 => 2,
                _ if m.near => 2,
                _ => 1,
            },
            LocationSource::Unlisted(Some(c)) => {
                if c.feature.is_area() && c.feature != Feature::Admin3 {
                    3
                } else {
                    2
                }
            }
            LocationSource::Unlisted(None) => 3,
        }
    }

    /// True when the location has a country.
    fn has_country(self) -> bool {
        !matches!(self, LocationSource::Unlisted(None))
    }

    /// True when the location is a gazetteer place (it has a gazetteer id).
    fn listed(self) -> bool {
        matches!(self, LocationSource::Resolved(_))
    }

    /// Specificity rank of mention `m`'s location: smaller is more specific.
    fn specificity(self, m: &PlaceMention) -> u8 {
        self.precision(m) * 2 + u8::from(!self.listed())
    }
}

/// The first-order division a location in `p` gives: `p` itself for a province.
fn admin1_of(p: &Place) -> Option<String> {
    if p.feature == Feature::Admin1 {
        Some(p.name.to_string())
    } else {
        p.admin1.as_deref().map(String::from)
    }
}

/// The second-order division a location in `p` gives: `p` itself for a district.
fn admin2_of(p: &Place) -> Option<String> {
    if p.feature == Feature::Admin2 {
        Some(p.name.to_string())
    } else {
        p.admin2.as_deref().map(String::from)
    }
}

/// Where mention `i`'s location comes from: its resolved place, or for a marked place the
/// gazetteer lacks, its container; `None` when it gives no location.
fn location_source(doc: &Document, i: usize) -> Option<LocationSource<'_>> {
    let m = doc.places.get(i)?;
    if let Some(p) = &m.resolved {
        return Some(LocationSource::Resolved(p));
    }
    if !m.candidates.is_empty() || m.hint.is_none() {
        return None;
    }
    // the smallest container the text gives: the stated one, else the next resolved
    // place of the sentence, else the previous one
    let container = m
        .container
        .and_then(|c| doc.places.get(c)?.resolved.as_deref())
        .or_else(|| {
            let end = sentence_end(doc, m.span);
            doc.places[i + 1..]
                .iter()
                .take_while(|o| o.span.start < end)
                .find_map(|o| o.resolved.as_deref())
        })
        .or_else(|| {
            doc.places[..i]
                .iter()
                .rev()
                .find_map(|o| o.resolved.as_deref())
        });
    Some(LocationSource::Unlisted(container))
}

/// The location a mention gives: its resolved place, or for a marked place the gazetteer
/// lacks, its written name inside its container.
pub fn mention_location(doc: &Document, i: usize) -> Option<Location> {
    let source = location_source(doc, i)?;
    let m = &doc.places[i];
    let geo_precision = source.precision(m);
    Some(match source {
        LocationSource::Resolved(p) => Location {
            name: p.name.to_string(),
            gazetteer_id: Some(p.id.to_string()),
            admin1: admin1_of(p),
            admin2: admin2_of(p),
            country: Some(p.country.to_string()),
            lat: Some(p.lat),
            lon: Some(p.lon),
            geo_precision,
            span: Some(m.span),
            admin1_list: Vec::new(),
        },
        LocationSource::Unlisted(container) => Location {
            name: doc.slice(m.span).to_string(),
            gazetteer_id: None,
            admin1: container.and_then(admin1_of),
            admin2: container.and_then(admin2_of),
            country: container.map(|c| c.country.to_string()),
            lat: container.map(|c| c.lat),
            lon: container.map(|c| c.lon),
            geo_precision,
            span: Some(m.span),
            admin1_list: Vec::new(),
        },
    })
}

/// Where the sentence holding `span` starts and ends: ([`sentence_start`] of its start,
/// [`sentence_end`]), with one search of the sentences.
fn sentence_bounds(doc: &Document, span: Span) -> (usize, usize) {
    match doc.sentence_at(span.start) {
        Some(s) => (doc.sentences[s].span.start, doc.sentences[s].span.end),
        None => (sentence_start(doc, span.start), sentence_end(doc, span)),
    }
}

fn sentence_end(doc: &Document, span: Span) -> usize {
    if let Some(s) = doc.sentence_at(span.start) {
        return doc.sentences[s].span.end;
    }
    doc.text[span.end..]
        .find(['.', '\n'])
        .map_or(doc.text.len(), |p| span.end + p)
}

fn sentence_start(doc: &Document, pos: usize) -> usize {
    if let Some(s) = doc.sentence_at(pos) {
        return doc.sentences[s].span.start;
    }
    doc.text[..pos].rfind(['.', '\n']).map_or(0, |p| p + 1)
}

/// The byte offsets of every "\n\n" of `text` (overlapping ones too), in order.
fn paragraph_breaks(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    memchr::memchr_iter(b'\n', b)
        .filter(|&p| b.get(p + 1) == Some(&b'\n'))
        .collect()
}

/// Where the paragraph holding byte `pos` starts: after the last break that ends by `pos`
/// (what `text[..pos].rfind("\n\n")` finds), given the [`paragraph_breaks`].
fn paragraph_start(breaks: &[usize], pos: usize) -> usize {
    let n = breaks.partition_point(|&p| p + 2 <= pos);
    n.checked_sub(1).map_or(0, |i| breaks[i] + 2)
}

/// Where the paragraph holding byte `pos` ends: at the first break at or after `pos`
/// (what `text[pos..].find("\n\n")` finds), else at `len`.
fn paragraph_end(breaks: &[usize], pos: usize, len: usize) -> usize {
    let n = breaks.partition_point(|&p| p < pos);
    breaks.get(n).copied().unwrap_or(len)
}

fn is_country(doc: &Document, i: usize) -> bool {
    doc.places[i]
        .resolved
        .as_ref()
        .is_some_and(|p| p.feature == Feature::Country)
}

/// The stage that sets each claim's `location`.
pub struct LocateClaims;

impl Stage for LocateClaims {
    fn name(&self) -> &'static str {
        "locate-claims"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::ResolvedPlaces, Layer::Claims]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::ClaimLocations]
    }
    fn run(&self, doc: &mut Document) {
        locate_claims(doc);
    }
}

/// Sets `location` on every claim of `doc` that has none: the most specific place of the
/// claim's sentence (not a country, nor a place only measured from), else the nearest
/// place before it in the paragraph, else the nearest after it in the paragraph, else the
/// nearest within 600 bytes before it, else a country of the sentence. Several provinces
/// and nothing finer → precision 3, listing them.
pub fn locate_claims(doc: &mut Document) {
    if doc.claims.is_empty() {
        return;
    }
    // where each mention's location would come from: the locations themselves are made
    // only for the places chosen
    let sources: Vec<Option<LocationSource>> = (0..doc.places.len())
        .map(|i| location_source(doc, i))
        .collect();
    // places measured from ("80 km northwest of the capital, Damascus")
    let mut anchored = vec![false; doc.places.len()];
    for m in &doc.places {
        if let Some(a) = m.offset.and_then(|off| anchored.get_mut(off.anchor)) {
            *a = true;
        }
    }
    let breaks = paragraph_breaks(&doc.text);
    let mut out: Vec<Option<Location>> = Vec::with_capacity(doc.claims.len());
    for claim in &doc.claims {
        if claim.location.is_some() {
            out.push(None);
            continue;
        }
        let anchor = claim.span.start;
        let (s0, s1) = match doc.sentences.get(claim.sentence) {
            Some(s) => (s.span.start, s.span.end),
            None => (sentence_start(doc, anchor), sentence_end(doc, claim.span)),
        };
        // places measured from ("80 km northwest of the capital, Damascus") are not where
        // things happened; countries only when nothing finer is near
        let is_anchor = |i: usize| anchored[i];
        let usable =
            |i: usize, m: &PlaceMention| !m.adjective && sources[i].is_some() && !is_anchor(i);
        let fine =
            |i: usize| sources[i].is_some_and(LocationSource::has_country) && !is_country(doc, i);
        let in_sentence: Vec<usize> = doc
            .places
            .iter()
            .enumerate()
            .filter(|(i, m)| usable(*i, m) && m.span.start >= s0 && m.span.end <= s1)
            .map(|(i, _)| i)
            .collect();
        let fine_here: Vec<usize> = in_sentence.iter().copied().filter(|&i| fine(i)).collect();
        let p0 = paragraph_start(&breaks, anchor);
        let p1 = paragraph_end(&breaks, s1, doc.text.len());
        let pick = if !fine_here.is_empty() {
            let spec = |i: usize| sources[i].map_or(9, |s| s.specificity(&doc.places[i]));
            let best = fine_here.iter().map(|&i| spec(i)).min().unwrap_or(9);
            let tops: Vec<usize> = fine_here
                .iter()
                .copied()
                .filter(|&i| spec(i) == best)
                .collect();
            // the places of the tops when every one is a province (or larger) of the
            // gazetteer
            let provinces: Option<Vec<&Place>> = tops
                .iter()
                .map(|&i| match sources[i] {
                    Some(s @ LocationSource::Resolved(p)) if s.precision(&doc.places[i]) == 3 => {
                        Some(p)
                    }
                    _ => None,
                })
                .collect();
            let several = provinces.filter(|ps| {
                let mut names: Vec<&str> = ps.iter().map(|p| &*p.name).collect();
                names.sort_unstable();
                names.dedup();
                names.len() > 1
            });
            if let Some(provinces) = several {
                // "in Aleppo and Idlib": every province, in text order
                let mut ordered: Vec<&str> = Vec::new();
                for p in &provinces {
                    if !ordered.contains(&&*p.name) {
                        ordered.push(&p.name);
                    }
                }
                // the first-order division of each (a district's province), once each
                let mut admin1s: Vec<String> = Vec::new();
                for p in &provinces {
                    if let Some(a) = admin1_of(p) {
                        if !admin1s.contains(&a) {
                            admin1s.push(a);
                        }
                    }
                }
                let first = doc.places[tops[0]].span;
                let last = doc.places[tops[tops.len() - 1]].span;
                Some(Location {
                    name: ordered.join(" and "),
                    gazetteer_id: None,
                    admin1: Some(ordered.join(", ")),
                    admin2: None,
                    country: Some(provinces[0].country.to_string()),
                    lat: None,
                    lon: None,
                    geo_precision: 3,
                    span: Some(first.cover(last)),
                    admin1_list: admin1s,
                })
            } else {
                // the most specific place, nearest the claim's words
                let near = |i: usize| {
                    let m = doc.places[i].span;
                    m.start
                        .abs_diff(claim.span.start)
                        .min(m.end.abs_diff(claim.span.end))
                };
                tops.iter()
                    .copied()
                    .min_by_key(|&i| near(i))
                    .and_then(|i| mention_location(doc, i))
            }
        } else {
            let before = (0..doc.places.len()).rev().find(|&i| {
                let m = &doc.places[i];
                usable(i, m) && fine(i) && m.span.end <= s0 && m.span.start >= p0
            });
            let after = || {
                (0..doc.places.len()).find(|&i| {
                    let m = &doc.places[i];
                    usable(i, m) && fine(i) && m.span.start >= s1 && m.span.end <= p1
                })
            };
            // one-sentence paragraphs (wire copy): the nearest place shortly before
            let earlier = || {
                (0..doc.places.len()).rev().find(|&i| {
                    let m = &doc.places[i];
                    usable(i, m) && fine(i) && m.span.end <= s0 && s0 - m.span.end < 600
                })
            };
            before
                .or_else(after)
                .or_else(earlier)
                .or_else(|| in_sentence.first().copied())
                .and_then(|i| mention_location(doc, i))
        };
        out.push(pick);
    }
    for (claim, loc) in doc.claims.iter_mut().zip(out) {
        if loc.is_some() {
            claim.location = loc;
        }
    }
}
