/*!
The gazetteer: every place sitrep can name, shipped inside the binary, plus whatever the
user added with `sitrep gazetteer add`.

The shipped places come from `data/gazetteer/places.tsv.gz` (built by
`tools/build_gazetteer.py` from GeoNames, Who's On First and OpenSyria; see
`data/gazetteer/SOURCES.md`). The build script (see its header) embeds:

- the table, one place per line, the lines in id order (so that comparing line numbers
  compares ids);
- a fixed-size [`record::Record`] for each line (one trip to memory): its byte offset, and
  the fields of its place that recognition and resolution test on every candidate
  (population, feature, country, admin1 area number ([`Gazetteer::area`]), coordinates and
  the start of the preferred name);
- an `fst` map from each admin1 area's `country \0 admin1` key to its number;
- an `fst` map from the [`fold::skeleton`] of every name of every place to a block of the
  [`fold::fold`] forms of all names with that skeleton, side by side, each with a posting
  list of line numbers in ranking order: preferred-name entries first, then most
  populous, then by id.

So [`Gazetteer::builtin`] parses nothing, and a look-up that misses the memo finds the
skeleton's block of folded forms, compares each with the name's, takes at most [`MAX_CANDIDATES`] leading entries of each list of a
close enough name, ranks them on the records' populations and line numbers, and makes the
candidates it keeps from their records. A place's row is parsed only when its text is read
([`Candidate::place`]), once per process.

[`Gazetteer::lookup`] returns the places whose names meet a written name through folding,
each with the edit distance between the folded forms.
*/

pub mod fold;
mod record;

pub use record::{country_slot, name_head};

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::{BufRead, BufReader, Write};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, OnceLock, RwLock};

use fst::raw::Output;
use rustc_hash::FxHashMap;

static TABLE: &str = include_str!(concat!(env!("OUT_DIR"), "/gazetteer_table.tsv"));
/// A [`record::Record`] per line of `TABLE` (see the build script).
static RECORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer_records.bin"));
static NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer_names.fst"));
/// The folded forms of the names of each skeleton, side by side (see the build script).
static FORMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer_forms.bin"));
static POSTINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer_postings.bin"));
static AREAS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer_areas.fst"));

/// At most this many candidates per looked-up name (closest, preferred-name and most
/// populous first): a name shared by hundreds of hamlets keeps the likeliest.
pub const MAX_CANDIDATES: usize = 25;

/// How many looked-up names a gazetteer remembers before starting afresh.
const MEMO_LIMIT: usize = 50_000;

/// What kind of place an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feature {
    /// A sovereign country.
    Country,
    /// First-order division: governorate, province, state.
    Admin1,
    /// Second-order division: district, county.
    Admin2,
    /// Third-order division: subdistrict (nahiya).
    Admin3,
    /// A populated place of 50,000 people or more, or a capital.
    City,
    /// A populated place of 10,000 people or more.
    Town,
    /// A smaller populated place.
    Village,
    /// A part of a city.
    Neighbourhood,
    /// An airport or air base.
    Airport,
    /// A camp: refugees, displaced people, military.
    Camp,
    /// A mountain, hill or ridge.
    Mountain,
    /// Any other named feature.
    Other,
}

impl Feature {
    /// The wire name (`city`, `admin1`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Country => "country",
            Feature::Admin1 => "admin1",
            Feature::Admin2 => "admin2",
            Feature::Admin3 => "admin3",
            Feature::City => "city",
            Feature::Town => "town",
            Feature::Village => "village",
            Feature::Neighbourhood => "neighbourhood",
            Feature::Airport => "airport",
            Feature::Camp => "camp",
            Feature::Mountain => "mountain",
            Feature::Other => "other",
        }
    }

    /// Parses a wire name; unknown names are [`Feature::Other`].
    pub fn parse(s: &str) -> Feature {
        match s {
            "country" => Feature::Country,
            "admin1" => Feature::Admin1,
            "admin2" => Feature::Admin2,
            "admin3" => Feature::Admin3,
            "city" => Feature::City,
            "town" => Feature::Town,
            "village" => Feature::Village,
            "neighbourhood" => Feature::Neighbourhood,
            "airport" => Feature::Airport,
            "camp" => Feature::Camp,
            "mountain" => Feature::Mountain,
            _ => Feature::Other,
        }
    }

    /// Every feature, in the order of [`record::FEATURE_NAMES`].
    const ALL: [Feature; 12] = [
        Feature::Country,
        Feature::Admin1,
        Feature::Admin2,
        Feature::Admin3,
        Feature::City,
        Feature::Town,
        Feature::Village,
        Feature::Neighbourhood,
        Feature::Airport,
        Feature::Camp,
        Feature::Mountain,
        Feature::Other,
    ];

    /// The feature a [`record::Record`] stores as `code` (unknown codes are
    /// [`Feature::Other`]).
    fn from_code(code: u8) -> Feature {
        Feature::ALL
            .get(usize::from(code))
            .copied()
            .unwrap_or(Feature::Other)
    }

    /// True for countries and administrative divisions (areas, not points).
    pub fn is_area(self) -> bool {
        matches!(
            self,
            Feature::Country | Feature::Admin1 | Feature::Admin2 | Feature::Admin3
        )
    }

    /// True for populated places of any size.
    pub fn is_settlement(self) -> bool {
        matches!(self, Feature::City | Feature::Town | Feature::Village)
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One gazetteer entry.
///
/// The text fields of a shipped place borrow from the table embedded in the binary, so
/// that reading a shipped place allocates nothing but its codes; a user's place owns them.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Stable id: `geonames:170063`, `wof:421178431`, `ocha:SY020000`.
    pub id: Cow<'static, str>,
    /// Preferred name.
    pub name: Cow<'static, str>,
    /// Kind of place.
    pub feature: Feature,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Cow<'static, str>,
    /// First-order division name (empty for countries).
    pub admin1: Option<Cow<'static, str>>,
    /// Second-order division name.
    pub admin2: Option<Cow<'static, str>>,
    /// Latitude in degrees (for areas: a centroid).
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Population, 0 when unknown.
    pub population: u64,
    /// Other ids of the same place (`ocha:SY07`, `wof:...`, `adm:SY.12`).
    pub codes: Vec<Cow<'static, str>>,
}

impl Place {
    /// `(country, admin1 name)` of the place: its own name for an admin1, else its
    /// admin1 (the gazetteer writes each admin1 name one way); `None` outside any admin1.
    pub fn admin1_key(&self) -> Option<(&str, &str)> {
        let a1 = if self.feature == Feature::Admin1 {
            Some(&*self.name)
        } else {
            self.admin1.as_deref()
        }?;
        Some((&*self.country, a1))
    }

    /// Parses one row of the gazetteer table: `id name feature country admin1 admin2 lat
    /// lon population codes` (the shipped table drops the names column at build time; a
    /// user file keeps it as column 10, before `codes`). Returns the place and the raw
    /// names column (`|`-separated; empty without one); `text` makes each text field.
    fn parse_row<'a>(
        line: &'a str,
        with_names: bool,
        text: impl Fn(&'a str) -> Cow<'static, str>,
    ) -> Option<(Place, &'a str)> {
        let want = if with_names { 11 } else { 10 };
        let mut c: [&str; 11] = [""; 11];
        let mut n = 0;
        for field in split_tabs(line) {
            *c.get_mut(n)? = field;
            n += 1;
        }
        if n != want {
            return None;
        }
        let opt = |s: &'a str| (!s.is_empty()).then(|| text(s));
        let (names, codes) = if with_names {
            (c[9], c[10])
        } else {
            ("", c[9])
        };
        let place = Place {
            id: text(c[0]),
            name: text(c[1]),
            feature: Feature::parse(c[2]),
            country: text(c[3]),
            admin1: opt(c[4]),
            admin2: opt(c[5]),
            lat: parse_f64(c[6])?,
            lon: parse_f64(c[7])?,
            population: c[8].parse().unwrap_or(0),
            codes: if codes.is_empty() {
                Vec::new()
            } else {
                codes
                    .split('|')
                    .filter(|s| !s.is_empty())
                    .map(&text)
                    .collect()
            },
        };
        Some((place, names))
    }

    /// A row of a user gazetteer file: the place, owning its text, and its other names.
    fn parse_user_row(line: &str) -> Option<(Place, Vec<String>)> {
        let (place, names) = Place::parse_row(line, true, |s| Cow::Owned(s.to_string()))?;
        let names = names
            .split('|')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        Some((place, names))
    }

    /// A place with no name or id at (0, 0): what a row that cannot be read gives.
    fn unknown() -> Place {
        Place {
            id: Cow::Borrowed(""),
            name: Cow::Borrowed(""),
            feature: Feature::Other,
            country: Cow::Borrowed(""),
            admin1: None,
            admin2: None,
            lat: 0.0,
            lon: 0.0,
            population: 0,
            codes: Vec::new(),
        }
    }

    /// A row of the shipped table: the place, its text borrowed from the table.
    fn parse_shipped_row(line: &'static str) -> Option<Place> {
        Place::parse_row(line, false, Cow::Borrowed).map(|(place, _)| place)
    }

    /// The row of a user gazetteer file for this place and its other names.
    fn to_row(&self, names: &[String]) -> String {
        let clean = |s: &str| s.replace(['\t', '\n', '|'], " ");
        format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}",
            clean(&self.id),
            clean(&self.name),
            self.feature,
            clean(&self.country),
            clean(self.admin1.as_deref().unwrap_or("")),
            clean(self.admin2.as_deref().unwrap_or("")),
            self.lat,
            self.lon,
            self.population,
            names.iter().map(|n| clean(n)).collect::<Vec<_>>().join("|"),
            self.codes.join("|"),
        )
    }
}

/// A gazetteer answer: the candidates of a looked-up name, closest first
/// ([`Gazetteer::candidates`]). Clones share the candidates; an empty answer holds no
/// allocation, so that cloning and dropping it touch no shared count.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answer(Option<Arc<[Candidate]>>);

impl std::ops::Deref for Answer {
    type Target = [Candidate];
    fn deref(&self) -> &[Candidate] {
        self.0.as_deref().unwrap_or(&[])
    }
}

/// A place whose name meets a looked-up name.
///
/// Besides the place, a candidate carries copies of the place's fields that recognition
/// and resolution test for every candidate (feature, population, country, area,
/// coordinates), so that those tests read the candidate list alone. A shipped place's row
/// is parsed only when [`Candidate::place`] is first called.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The place, read on demand.
    place: PlaceRef,
    /// Edit distance between the folded looked-up name and the place's nearest name
    /// (0 = the names fold to the same form).
    pub distance: usize,
    /// True when the looked-up name folds to the place's preferred name.
    pub primary: bool,
    /// `place.feature`.
    pub feature: Feature,
    /// `place.population`.
    pub population: u64,
    /// `log10(population + 1)`: the population's order of magnitude (0 for none).
    pub population_log10: f64,
    /// [`country_slot`] of `place.country`.
    pub country_slot: Option<u16>,
    /// The number the gazetteer gives the place's [`Place::admin1_key`] (`None` for a
    /// place outside any admin1): places in one admin1 share it.
    pub area: Option<u32>,
    /// The length in bytes of `place.name`.
    pub name_len: usize,
    /// The first 8 bytes of `place.name` in ASCII lower case, zero-padded ([`name_head`]):
    /// with `name_len`, enough to tell most written names from the place's name without
    /// reading the place, and all names of up to 8 bytes.
    pub name_head: [u8; 8],
    /// `place.lat`.
    pub lat: f64,
    /// `place.lon`.
    pub lon: f64,
}

/// `log10(population + 1)`, 0 for none ([`Candidate::population_log10`]).
fn population_log10(population: u64) -> f64 {
    if population == 0 {
        0.0
    } else {
        ((population as f64) + 1.0).log10()
    }
}

impl Candidate {
    /// A candidate for `place` in admin1 area `area` ([`Gazetteer::area`]), with the
    /// copies of its fields filled in. `user` is the place's index among the gazetteer's
    /// user places, which tells it from every other place.
    fn new(
        place: Arc<Place>,
        user: u32,
        distance: usize,
        primary: bool,
        area: Option<u32>,
    ) -> Candidate {
        Candidate {
            feature: place.feature,
            population: place.population,
            population_log10: population_log10(place.population),
            country_slot: country_slot(&place.country),
            area,
            name_len: place.name.len(),
            name_head: name_head(&place.name),
            lat: place.lat,
            lon: place.lon,
            place: PlaceRef {
                key: PlaceKey::User(user),
                place: OnceLock::from(place),
            },
            distance,
            primary,
        }
    }

    /// A candidate for the shipped place on line `line`, whose record is `r`: made from
    /// the record alone, its row parsed when [`Candidate::place`] is first called.
    fn shipped(line: u32, r: &record::Record, distance: usize, primary: bool) -> Candidate {
        let population = u64::from(r.population);
        Candidate {
            feature: Feature::from_code(r.feature),
            population,
            population_log10: population_log10(population),
            country_slot: r.country_slot,
            area: r.area,
            name_len: usize::from(r.name_len),
            name_head: r.name_head,
            lat: r.lat,
            lon: r.lon,
            place: PlaceRef {
                key: PlaceKey::Shipped(line),
                place: OnceLock::new(),
            },
            distance,
            primary,
        }
    }

    /// The place. A shipped place's row is parsed on the first call for any candidate of
    /// it in the process and shared from then on, so that two candidates of one place
    /// give the same `Arc`.
    #[inline]
    pub fn place(&self) -> &Arc<Place> {
        let r = &self.place;
        r.place.get_or_init(|| match r.key {
            PlaceKey::Shipped(line) => shipped_place(line),
            // a user candidate is made with its place
            PlaceKey::User(_) => Arc::new(Place::unknown()),
        })
    }

    /// True when both candidates are of the same place (of one gazetteer), read or not;
    /// two user places are the same when their ids are (a user file may list one twice).
    #[inline]
    pub fn same_place(&self, other: &Candidate) -> bool {
        match (self.place.key, other.place.key) {
            (PlaceKey::User(a), PlaceKey::User(b)) => a == b || self.place().id == other.place().id,
            (a, b) => a == b,
        }
    }

    /// True when the place's country is the other candidate's, compared by
    /// [`country_slot`] when both have one, else by code (reading the places).
    pub fn same_country(&self, other: &Candidate) -> bool {
        match (self.country_slot, other.country_slot) {
            (Some(a), Some(b)) => a == b,
            _ => self.place().country == other.place().country,
        }
    }

    /// True when the place's preferred name is `written`, ASCII case aside. The place is
    /// read only for a name longer than 8 bytes whose length and first 8 bytes agree.
    #[inline]
    pub fn named_as(&self, written: &str) -> bool {
        self.named_as_headed(written, name_head(written))
    }

    /// [`Candidate::named_as`], given `head`, the [`name_head`] of `written` (for a caller
    /// that tests one written name against many candidates).
    #[inline]
    pub fn named_as_headed(&self, written: &str, head: [u8; 8]) -> bool {
        self.name_len == written.len()
            && self.name_head == head
            && (written.len() <= 8 || self.place().name.eq_ignore_ascii_case(written))
    }
}

/// Which place a [`Candidate`] is of: a line of the shipped table, or an index among a
/// gazetteer's user places (which replace any shipped place of the same id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PlaceKey {
    Shipped(u32),
    User(u32),
}

/// A candidate's place: which one it is, and the place itself once read.
#[derive(Clone, Debug)]
struct PlaceRef {
    key: PlaceKey,
    place: OnceLock<Arc<Place>>,
}

/// Two references are equal when they are of one place, whether either has been read.
impl PartialEq for PlaceRef {
    fn eq(&self, other: &PlaceRef) -> bool {
        self.key == other.key
    }
}

/// Every shipped place parsed so far in the process, by line: shipped places are the
/// same for every gazetteer.
static SHIPPED_PLACES: LazyLock<RwLock<FxHashMap<u32, Arc<Place>>>> =
    LazyLock::new(|| RwLock::new(FxHashMap::default()));

/// The shipped place on line `n` of the table, parsed once per process: every candidate
/// of it shares one `Arc`. (The build script has checked every row; a row that would not
/// parse gives [`Place::unknown`].)
fn shipped_place(n: u32) -> Arc<Place> {
    if let Some(p) = SHIPPED_PLACES.read().ok().and_then(|m| m.get(&n).cloned()) {
        return p;
    }
    let p = Arc::new(
        builtin_line(n)
            .and_then(Place::parse_shipped_row)
            .unwrap_or_else(Place::unknown),
    );
    match SHIPPED_PLACES.write() {
        // another thread may have parsed it meanwhile: its `Arc` is the one kept
        Ok(mut m) => m.entry(n).or_insert(p).clone(),
        Err(_) => p,
    }
}

/// Why a gazetteer file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A row of a GeoNames dump or user gazetteer is malformed.
    #[error("{path}, line {line}: {message}")]
    Row {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The places sitrep knows: the shipped ones plus a user's additions.
pub struct Gazetteer {
    map: fst::Map<&'static [u8]>,
    /// The numbers of the shipped admin1 areas, by `country \0 admin1` (see the build
    /// script).
    shipped_areas: fst::Map<&'static [u8]>,
    /// The answers by written name.
    memo: Memo,
    /// The answers by folded name: written names that differ only in case or diacritics
    /// ("ALEPPO", "Aleppo") fold alike and share one look-up.
    memo_folded: Memo,
    /// [`Gazetteer::may_begin_name`] by written name.
    memo_begins: Memo<bool>,
    /// [`Gazetteer::exact_candidates`] by written name, for names not in `memo`.
    memo_exact: Memo,
    /// The number of each admin1 area that only user places are in, by country and
    /// admin1 name (numbered after the shipped areas, in the order met).
    areas: RwLock<FxHashMap<String, FxHashMap<String, u32>>>,
    user: Vec<Arc<Place>>,
    /// The user places' folded names and indexes by skeleton, in skeleton order (so that
    /// [`Gazetteer::may_begin_name`] finds the skeletons with a given prefix).
    user_index: BTreeMap<String, Vec<(String, u32)>>,
    user_ids: HashSet<String>,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("builtin", &self.builtin_len())
            .field("user", &self.user.len())
            .finish()
    }
}

impl Gazetteer {
    /// The shipped gazetteer alone. Takes well under a millisecond: the index is embedded
    /// ready to use.
    pub fn builtin() -> Gazetteer {
        Gazetteer {
            map: fst::Map::new(NAMES).expect("the build script writes a valid fst"),
            shipped_areas: fst::Map::new(AREAS).expect("the build script writes a valid fst"),
            memo: Memo::default(),
            memo_folded: Memo::default(),
            memo_begins: Memo::default(),
            memo_exact: Memo::default(),
            areas: RwLock::new(FxHashMap::default()),
            user: Vec::new(),
            user_index: BTreeMap::new(),
            user_ids: HashSet::new(),
        }
    }

    /// The shared shipped gazetteer, built on first use.
    pub fn shared_builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::builtin)
    }

    /// The gazetteer the standard pipeline uses, loaded once: the shipped places plus the
    /// user file at [`Gazetteer::default_user_path`] when it exists and reads cleanly (the
    /// shipped places alone otherwise; `sitrep gazetteer add` reports a bad file).
    pub fn shared_default() -> Arc<Gazetteer> {
        static G: OnceLock<Arc<Gazetteer>> = OnceLock::new();
        G.get_or_init(|| {
            let user = Gazetteer::default_user_path();
            Arc::new(Gazetteer::load(user.as_deref()).unwrap_or_else(|_| Gazetteer::builtin()))
        })
        .clone()
    }

    /// The shipped gazetteer plus the user file at `path`, when it exists.
    pub fn load(path: Option<&Path>) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::builtin();
        if let Some(path) = path {
            if path.exists() {
                for (place, names) in read_user_file(path)? {
                    g.push_user(place, names);
                }
            }
        }
        Ok(g)
    }

    /// Where the user gazetteer lives by default: `$SITREP_GAZETTEER`, else
    /// `$XDG_DATA_HOME/sitrep/gazetteer.tsv`, else `~/.local/share/sitrep/gazetteer.tsv`.
    pub fn default_user_path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("SITREP_GAZETTEER") {
            return Some(PathBuf::from(p));
        }
        let base = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
        Some(base.join("sitrep").join("gazetteer.tsv"))
    }

    fn push_user(&mut self, place: Place, names: Vec<String>) {
        let idx = self.user.len() as u32;
        let all = std::iter::once(place.name.to_string()).chain(names);
        for name in all {
            let folded = fold::fold(&name);
            if folded.is_empty() {
                continue;
            }
            let list = self.user_index.entry(fold::skeleton(&name)).or_default();
            if !list.iter().any(|(f, i)| *i == idx && *f == folded) {
                list.push((folded, idx));
            }
        }
        self.user_ids.insert(place.id.to_string());
        self.user.push(Arc::new(place));
    }

    /// Number of shipped places.
    pub fn builtin_len(&self) -> usize {
        builtin_count()
    }

    /// Number of places the user added.
    pub fn user_len(&self) -> usize {
        self.user.len()
    }

    /// Every place with a name that meets `name` through folding, closest first, then
    /// most populous. Names whose folded forms differ by more than
    /// [`fold::tolerance`] edits are not candidates.
    pub fn lookup(&self, name: &str) -> Vec<Candidate> {
        self.candidates(name).to_vec()
    }

    /// [`Gazetteer::lookup`] without copying: the shared answer, remembered for the next
    /// look-up of the same written name (names recur across a corpus: "Aleppo",
    /// "Damascus"), so that a repeated name costs one hash look-up.
    pub fn candidates(&self, name: &str) -> Answer {
        if let Some(hit) = self.memo.get(name) {
            return hit;
        }
        // the answer depends on the folded name alone
        let folded = fold::fold(name);
        let out = match self.memo_folded.get(&folded) {
            Some(hit) => hit,
            None => {
                let limit = fold::tolerance(folded.chars().count());
                let out = self.lookup_folded(&folded, limit);
                // (an empty answer is remembered by written name only: most are word runs
                // that name nothing, written one way, and finding one again costs little)
                if !out.is_empty() {
                    self.memo_folded.remember(&folded, out.clone());
                }
                out
            }
        };
        self.memo.remember(name, out.clone());
        out
    }

    /// False when no name of the gazetteer is `words` followed by more words (after a word
    /// break): when no shipped or user name's lookup key begins with the key of `words`
    /// ([`fold::prefix_skeleton`]). True when one may be, or when that cannot be told from
    /// `words` alone. A recogniser asks it of a name's first two words before looking up
    /// the longer names that start with them: most runs of capitalised words
    /// ("President Bashar al-Assad") begin no place name. Remembered like
    /// [`Gazetteer::candidates`].
    pub fn may_begin_name(&self, words: &str) -> bool {
        if let Some(hit) = self.memo_begins.get(words) {
            return hit;
        }
        let may = match fold::prefix_skeleton(words) {
            None => true,
            Some(skel) => {
                let fst = self.map.as_fst();
                descend(fst, fst.root(), Output::zero(), skel.as_bytes()).is_some()
                    || self
                        .user_index
                        .range::<str, _>((Bound::Included(skel.as_str()), Bound::Unbounded))
                        .next()
                        .is_some_and(|(k, _)| k.starts_with(skel.as_str()))
            }
        };
        self.memo_begins.remember(words, may);
        may
    }

    /// An answer whose candidates at distance 0 (those whose name folds as `name` does)
    /// are the ones [`Gazetteer::candidates`] gives, in its order; any others after them are
    /// to be passed over. For a caller that asks only about the places of that very name:
    /// a name not looked up yet is then looked up without comparing the other forms of its
    /// block, and without reading the places they lead to.
    ///
    /// (The closest candidates come first, so the exact ones of an answer are the best
    /// [`MAX_CANDIDATES`] of the places whose names fold as `name` does: what a look-up
    /// that allows no edit finds.)
    pub fn exact_candidates(&self, name: &str) -> Answer {
        if let Some(hit) = self.memo.get(name).or_else(|| self.memo_exact.get(name)) {
            return hit;
        }
        let out = self.lookup_folded(&fold::fold(name), 0);
        self.memo_exact.remember(name, out.clone());
        out
    }

    /// The candidates of a name whose [`fold::fold`] is `folded`, allowing `limit` edits
    /// ([`fold::tolerance`] of its length for a full look-up).
    ///
    /// Each posting list is stored in ranking order (preferred names first, then most
    /// populous, then by id; see the build script), so a name contributes at most the first
    /// [`MAX_CANDIDATES`] places of each of its two runs (preferred-name entries, other
    /// entries) that the user file does not replace. This loses nothing: a place's rank is
    /// the best of its ranks through the names it was found by, and within one name the
    /// list is in rank order, so a place past the first [`MAX_CANDIDATES`] of the run of its
    /// best name has that many distinct places ranked before it. Ranking then reads the
    /// population array and compares line numbers (ordered as ids); only the rows kept are
    /// read.
    fn lookup_folded(&self, folded: &str, limit: usize) -> Answer {
        if folded.is_empty() {
            return Answer::default();
        }
        let skel = fold::skeleton_of_folded(folded);
        // the leading places of every shipped name close enough
        let mut hits: Vec<Hit> = Vec::with_capacity(4 * MAX_CANDIDATES);
        self.shipped_hits(folded, &skel, limit, &mut hits);
        // one hit per place: its closest name, primary when any closest name is; ranked
        // on the records alone, so that only the places kept are parsed
        hits.sort_unstable();
        let mut ranked: Vec<RankKey> = Vec::with_capacity(hits.len());
        let mut i = 0;
        while i < hits.len() {
            let (line, d) = (hits[i].line(), hits[i].distance());
            let mut primary = false;
            while i < hits.len() && hits[i].line() == line {
                primary |= hits[i].distance() == d && hits[i].primary();
                i += 1;
            }
            if let Some(record) = shipped_record(line) {
                ranked.push(RankKey::new(d, primary, record.population, line));
            }
        }
        if let Some(list) = self.user_index.get(&skel) {
            let mut user: Vec<Candidate> = Vec::new();
            for (other, idx) in list {
                let d = fold::distance(folded, other, limit);
                if d <= limit.min(fold::tolerance(other.chars().count())) {
                    let place = self.user[*idx as usize].clone();
                    let primary = d == 0 && fold::fold(&place.name) == folded;
                    match user.iter_mut().find(|c| c.place().id == place.id) {
                        Some(c) if c.distance < d => {}
                        Some(c) if c.distance == d => c.primary |= primary,
                        Some(c) => {
                            c.distance = d;
                            c.primary = primary;
                        }
                        None => {
                            let area = self.area(&place);
                            user.push(Candidate::new(place, *idx, d, primary, area))
                        }
                    }
                }
            }
            if !user.is_empty() {
                let mut all: Vec<Ranked> = ranked
                    .iter()
                    .filter_map(|key| {
                        let line = key.line();
                        Some(Ranked {
                            population: u64::from(key.population()),
                            distance: key.distance(),
                            primary: key.primary(),
                            place: RankedPlace::Builtin(line, shipped_record(line)?),
                        })
                    })
                    .collect();
                all.extend(user.iter().map(|c| Ranked {
                    population: c.population,
                    distance: c.distance,
                    primary: c.primary,
                    place: RankedPlace::User(c),
                }));
                return self.take_best(all);
            }
        }
        take_best_shipped(ranked)
    }

    /// Appends to `hits` the leading places of every shipped name with skeleton `skel`
    /// whose folded form is within the tolerance of `folded` (see
    /// [`Gazetteer::take_postings`]), comparing the forms of the skeleton's block one by
    /// one.
    fn shipped_hits(&self, folded: &str, skel: &str, limit: usize, hits: &mut Vec<Hit>) {
        let Some(forms) = self.map.get(skel).and_then(|at| Forms::at(at as usize)) else {
            return;
        };
        // the folded form itself (the only name that meets it when no edit is allowed)
        let own = folded.as_bytes();
        if let Some((_, off)) = forms.clone().find(|&(form, _)| form == own) {
            self.take_postings(off, 0, hits);
        }
        // a name folding to the query's own form that is shared by MAX_CANDIDATES places
        // leaves no room for places met through edits: the best MAX_CANDIDATES are closest
        // first, and every place in these leading entries is at distance 0
        if limit == 0 || hits.len() >= MAX_CANDIDATES {
            return;
        }
        // every form, the query's own again among them
        hits.clear();
        let query = Query::new(folded, limit);
        for (form, off) in forms {
            let chars = if form.is_ascii() {
                form.len()
            } else {
                std::str::from_utf8(form).map_or(0, |f| f.chars().count())
            };
            if let Some(d) = query.distance(form, chars) {
                self.take_postings(off, d, hits);
            }
        }
    }

    /// Appends to `hits` the leading entries of the posting list at byte `off`, a shipped
    /// name at distance `d`: the first [`MAX_CANDIDATES`] of each run (preferred-name
    /// entries, then the others) whose place the user file does not replace. At distance
    /// 0 the whole list is in rank order, so its first [`MAX_CANDIDATES`] suffice.
    fn take_postings(&self, off: usize, d: usize, hits: &mut Vec<Hit>) {
        let count = u32_at_byte(POSTINGS, off).unwrap_or(0) as usize;
        let entries = POSTINGS
            .get(off + 4..off + 4 + 4 * count)
            .unwrap_or(&[])
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        // how many taken from each run: [other names, preferred names]
        let mut taken = [0usize; 2];
        for entry in entries {
            let run = (entry >> 31) as usize;
            if d == 0 {
                if taken[0] + taken[1] >= MAX_CANDIDATES {
                    break;
                }
            } else if taken[run] >= MAX_CANDIDATES {
                if run == 0 {
                    break; // the last run is full
                }
                continue;
            }
            let line = entry & 0x7fff_ffff;
            // a place the user file replaces is found through the user index
            if !self.user_ids.is_empty()
                && builtin_id(line).is_none_or(|id| self.user_ids.contains(id))
            {
                continue;
            }
            taken[run] += 1;
            hits.push(Hit::new(line, d, d == 0 && run == 1));
        }
    }

    /// The best [`MAX_CANDIDATES`] of `ranked` as candidates: closest first, then primary,
    /// most populous, and by id (ids are distinct, so the order is total).
    fn take_best(&self, mut ranked: Vec<Ranked>) -> Answer {
        if ranked.is_empty() {
            return Answer::default();
        }
        let order = |a: &Ranked, b: &Ranked| {
            a.distance
                .cmp(&b.distance)
                .then(b.primary.cmp(&a.primary))
                .then(b.population.cmp(&a.population))
                .then_with(|| a.place.cmp_id(&b.place))
        };
        if ranked.len() > MAX_CANDIDATES {
            ranked.select_nth_unstable_by(MAX_CANDIDATES - 1, order);
            ranked.truncate(MAX_CANDIDATES);
        }
        ranked.sort_unstable_by(order);
        // (collected straight into the shared slice: one allocation)
        let best = ranked
            .into_iter()
            .map(|r| match r.place {
                RankedPlace::Builtin(line, record) => {
                    Candidate::shipped(line, &record, r.distance, r.primary)
                }
                RankedPlace::User(c) => c.clone(),
            })
            .collect::<Arc<[Candidate]>>();
        Answer(Some(best))
    }

    /// The number of `place`'s admin1 area ([`Place::admin1_key`]), the same for every
    /// place in it for the life of the gazetteer; `None` outside any admin1. A shipped
    /// area has the number the build script gave it (as its [`record::Record`] holds it); an
    /// area only user places are in is numbered after those, in the order met.
    pub fn area(&self, place: &Place) -> Option<u32> {
        let (country, admin1) = place.admin1_key()?;
        let fst = self.shipped_areas.as_fst();
        if let Some((node, out)) = descend(fst, fst.root(), Output::zero(), country.as_bytes())
            .and_then(|(node, out)| descend(fst, node, out, b"\0"))
            .and_then(|(node, out)| descend(fst, node, out, admin1.as_bytes()))
        {
            if node.is_final() {
                return u32::try_from(out.cat(node.final_output()).value()).ok();
            }
        }
        let known = |areas: &FxHashMap<String, FxHashMap<String, u32>>| {
            areas.get(country).and_then(|a| a.get(admin1)).copied()
        };
        if let Some(id) = known(&*self.areas.read().ok()?) {
            return Some(id);
        }
        let mut areas = self.areas.write().ok()?;
        if let Some(id) = known(&areas) {
            return Some(id); // numbered by another thread meanwhile
        }
        // numbered in the order met, after the shipped areas
        let id =
            self.shipped_areas.len() as u32 + areas.values().map(|a| a.len() as u32).sum::<u32>();
        areas
            .entry(country.to_string())
            .or_default()
            .insert(admin1.to_string(), id);
        Some(id)
    }

    /// The administrative names of GeoNames codes (`SY.09` → "Aleppo"), from the shipped
    /// admin1/admin2 entries.
    fn admin_names(&self) -> HashMap<&'static str, &'static str> {
        let mut out = HashMap::new();
        for line in TABLE.lines() {
            if !line.contains("adm:") {
                continue;
            }
            if let Some(p) = Place::parse_shipped_row(line) {
                for c in p.codes {
                    if let (Cow::Borrowed(code), Cow::Borrowed(name)) = (c, &p.name) {
                        if let Some(code) = code.strip_prefix("adm:") {
                            out.insert(code, *name);
                        }
                    }
                }
            }
        }
        out
    }

    /// Merges a GeoNames dump (`LB.txt`: the 19-column format of cities500) into the user
    /// gazetteer file `user_file`, creating it if needed. Rows already shipped (same
    /// GeoNames id, or a place of the same folded name within 2 km) are skipped; rows
    /// already in the user file are replaced. Returns what was done.
    pub fn add_geonames_dump(
        &self,
        dump: &Path,
        user_file: &Path,
    ) -> Result<AddReport, GazetteerError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| GazetteerError::Io { path, source }
        };
        let mut existing: Vec<(Place, Vec<String>)> = if user_file.exists() {
            read_user_file(user_file)?
        } else {
            Vec::new()
        };
        let mut pos: HashMap<String, usize> = existing
            .iter()
            .enumerate()
            .map(|(i, (p, _))| (p.id.to_string(), i))
            .collect();
        let admin = self.admin_names();
        let reader = BufReader::new(std::fs::File::open(dump).map_err(io(dump))?);
        let mut report = AddReport::default();
        for (i, line) in reader.lines().enumerate() {
            let line = line.map_err(io(dump))?;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let row = |message: String| GazetteerError::Row {
                path: dump.to_path_buf(),
                line: i + 1,
                message,
            };
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() != 19 {
                return Err(row(format!(
                    "expected the 19 tab-separated GeoNames columns, found {}",
                    c.len()
                )));
            }
            if !c[0].chars().all(|ch| ch.is_ascii_digit()) || c[0].is_empty() {
                return Err(row(format!("geonameid '{}' is not a number", c[0])));
            }
            let (Ok(lat), Ok(lon)) = (c[4].parse::<f64>(), c[5].parse::<f64>()) else {
                return Err(row(format!("bad coordinates '{}', '{}'", c[4], c[5])));
            };
            let population: u64 = c[14].parse().unwrap_or(0);
            let Some(feature) = feature_of(c[6], c[7], population) else {
                report.skipped_kind += 1;
                continue;
            };
            let id = format!("geonames:{}", c[0]);
            let a1code = format!("{}.{}", c[8], c[10]);
            let a2code = format!("{a1code}.{}", c[11]);
            let place = Place {
                id: id.clone().into(),
                name: c[1].to_string().into(),
                feature,
                country: c[8].to_string().into(),
                admin1: (!c[10].is_empty())
                    .then(|| admin.get(a1code.as_str()).map(|&n| n.into()))
                    .flatten(),
                admin2: (!c[11].is_empty())
                    .then(|| admin.get(a2code.as_str()).map(|&n| n.into()))
                    .flatten(),
                lat,
                lon,
                population,
                codes: Vec::new(),
            };
            let names: Vec<String> = std::iter::once(c[2])
                .chain(c[3].split(','))
                .map(str::trim)
                .filter(|n| n.chars().count() >= 3 && *n != c[1])
                .map(str::to_string)
                .collect();
            if let Some(&at) = pos.get(&id) {
                existing[at] = (place, names);
                report.replaced += 1;
                continue;
            }
            let fname = fold::fold(&place.name);
            let shipped = self.lookup(&place.name).into_iter().any(|cand| {
                !self.user_ids.contains(&*cand.place().id)
                    && (cand.place().id == id
                        || (cand.distance == 0
                            && fold::fold(&cand.place().name) == fname
                            && km(cand.place().lat, cand.place().lon, lat, lon) < 2.0))
            });
            if shipped {
                report.already_shipped += 1;
                continue;
            }
            pos.insert(id, existing.len());
            existing.push((place, names));
            report.added += 1;
        }
        if let Some(dir) = user_file.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
            }
        }
        let tmp = user_file.with_extension("tsv.tmp");
        {
            let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(io(&tmp))?);
            for (p, names) in &existing {
                writeln!(f, "{}", p.to_row(names)).map_err(io(&tmp))?;
            }
            f.flush().map_err(io(&tmp))?;
        }
        std::fs::rename(&tmp, user_file).map_err(io(user_file))?;
        report.total = existing.len();
        Ok(report)
    }
}

/// What [`Gazetteer::add_geonames_dump`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddReport {
    /// New places written.
    pub added: usize,
    /// Places already in the user file, replaced by the new row.
    pub replaced: usize,
    /// Rows skipped because the shipped gazetteer holds the place.
    pub already_shipped: usize,
    /// Rows skipped because their feature (rivers, buildings, ...) is not a place sitrep uses.
    pub skipped_kind: usize,
    /// Places in the user file afterwards.
    pub total: usize,
}

/// The sitrep feature of a GeoNames feature class and code, or `None` for kinds of
/// feature sitrep does not locate events at.
fn feature_of(class: &str, code: &str, population: u64) -> Option<Feature> {
    Some(match (class, code) {
        ("A", "PCLI" | "PCLD" | "PCLF" | "PCLS") => Feature::Country,
        ("A", "ADM1") => Feature::Admin1,
        ("A", "ADM2") => Feature::Admin2,
        ("A", "ADM3") => Feature::Admin3,
        ("P", "PPLX") => Feature::Neighbourhood,
        ("P", "PPLC" | "PPLA") => Feature::City,
        ("P", _) if population >= 50_000 => Feature::City,
        ("P", _) if population >= 10_000 => Feature::Town,
        ("P", _) => Feature::Village,
        ("S", "AIRB" | "AIRP" | "AIRF" | "AIRH") => Feature::Airport,
        ("S" | "L", "CMP" | "CMPRF" | "CMPMN" | "CMPQ") => Feature::Camp,
        ("T", "MT" | "MTS" | "HLL" | "HLLS" | "RDGE") => Feature::Mountain,
        _ => return None,
    })
}

fn read_user_file(path: &Path) -> Result<Vec<(Place, Vec<String>)>, GazetteerError> {
    let file = std::fs::File::open(path).map_err(|source| GazetteerError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| GazetteerError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let row = Place::parse_user_row(&line).ok_or_else(|| GazetteerError::Row {
            path: path.to_path_buf(),
            line: i + 1,
            message: "expected 11 tab-separated columns: id, name, feature, country, admin1, \
                      admin2, lat, lon, population, names, codes"
                .to_string(),
        })?;
        out.push(row);
    }
    Ok(out)
}

/// A shipped place found through one of its names: the line of the place, the distance of
/// the name and whether it is the place's preferred one, packed so that hits sort by line,
/// then distance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Hit(u64);

impl Hit {
    fn new(line: u32, distance: usize, primary: bool) -> Hit {
        let distance = u64::try_from(distance)
            .unwrap_or(u64::MAX)
            .min(u64::from(u32::MAX >> 1));
        Hit(u64::from(line) << 32 | distance << 1 | u64::from(primary))
    }

    fn line(self) -> u32 {
        (self.0 >> 32) as u32
    }

    fn distance(self) -> usize {
        ((self.0 >> 1) & u64::from(u32::MAX >> 1)) as usize
    }

    fn primary(self) -> bool {
        self.0 & 1 == 1
    }
}

/// A shipped place's rank among the candidates of a look-up, packed so that keys sort in
/// ranking order: closest first, then primary, most populous, and by line (lines are in id
/// order). Ranking on these keys moves 16 bytes per place, not a whole record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct RankKey(u128);

impl RankKey {
    fn new(distance: usize, primary: bool, population: u32, line: u32) -> RankKey {
        let distance = u128::from(u32::try_from(distance).unwrap_or(u32::MAX));
        RankKey(
            distance << 96
                | u128::from(!primary) << 64
                | u128::from(u32::MAX - population) << 32
                | u128::from(line),
        )
    }

    fn distance(self) -> usize {
        (self.0 >> 96) as usize
    }

    fn primary(self) -> bool {
        (self.0 >> 64) & 1 == 0
    }

    fn population(self) -> u32 {
        u32::MAX - (self.0 >> 32) as u32
    }

    fn line(self) -> u32 {
        self.0 as u32
    }
}

/// The best [`MAX_CANDIDATES`] of the shipped places `ranked` as candidates, in ranking
/// order ([`Gazetteer::take_best`] for an answer without user places).
fn take_best_shipped(mut ranked: Vec<RankKey>) -> Answer {
    if ranked.is_empty() {
        return Answer::default();
    }
    if ranked.len() > MAX_CANDIDATES {
        ranked.select_nth_unstable(MAX_CANDIDATES - 1);
        ranked.truncate(MAX_CANDIDATES);
    }
    ranked.sort_unstable();
    // (collected straight into the shared slice: one allocation; every line ranked has a
    // record)
    let best = ranked
        .into_iter()
        .map(|key| {
            let line = key.line();
            let record = shipped_record(line).unwrap_or_default();
            Candidate::shipped(line, &record, key.distance(), key.primary())
        })
        .collect::<Arc<[Candidate]>>();
    Answer(Some(best))
}

/// A candidate before it is made: what ranking it needs.
struct Ranked<'a> {
    population: u64,
    distance: usize,
    primary: bool,
    place: RankedPlace<'a>,
}

/// Where a [`Ranked`] candidate's place comes from.
enum RankedPlace<'a> {
    /// Line of the shipped table, and its record.
    Builtin(u32, record::Record),
    /// A place of the user file, made a candidate already.
    User(&'a Candidate),
}

impl RankedPlace<'_> {
    /// Compares the places' ids: shipped lines are in id order, so two shipped places
    /// compare by line number without reading their rows.
    fn cmp_id(&self, other: &RankedPlace) -> std::cmp::Ordering {
        match (self, other) {
            (RankedPlace::Builtin(a, _), RankedPlace::Builtin(b, _)) => a.cmp(b),
            _ => self.id().cmp(other.id()),
        }
    }

    fn id(&self) -> &str {
        match self {
            RankedPlace::Builtin(line, _) => builtin_id(*line).unwrap_or(""),
            RankedPlace::User(c) => &c.place().id,
        }
    }
}

/// Follows `bytes` from `node` (reached with output `out`) in `fst`: the node reached and
/// its output, or `None` when no key continues that way.
fn descend<'f>(
    fst: &'f fst::raw::Fst<&'static [u8]>,
    mut node: fst::raw::Node<'f>,
    mut out: Output,
    bytes: &[u8],
) -> Option<(fst::raw::Node<'f>, Output)> {
    for &b in bytes {
        let t = node.transition(node.find_input(b)?);
        out = out.cat(t.out);
        node = fst.node(t.addr);
    }
    Some((node, out))
}

/// A folded name being looked up, ready to be compared with the many folded forms of its
/// skeleton's block.
struct Query<'a> {
    folded: &'a str,
    /// Characters in `folded`.
    chars: usize,
    /// [`fold::tolerance`] of `folded`.
    limit: usize,
    /// The bit vectors of `folded`, when it is ASCII and up to 64 letters long, made once
    /// for the bit-parallel edit distance to every form ([`fold::BitPattern`]).
    bits: Option<fold::BitPattern>,
}

impl<'a> Query<'a> {
    fn new(folded: &'a str, limit: usize) -> Query<'a> {
        Query {
            folded,
            chars: folded.chars().count(),
            limit,
            bits: fold::BitPattern::new(folded.as_bytes()),
        }
    }

    /// The [`fold::distance`] between the query and the folded name `other` (`chars`
    /// characters long), when it is within the smaller of their tolerances. Names whose
    /// lengths differ by more than that are turned down without computing it, and names
    /// that must be equal (no edit allowed) are compared as bytes.
    fn distance(&self, other: &[u8], chars: usize) -> Option<usize> {
        // the distance counts only up to the smaller tolerance: stop there
        let allowed = self.limit.min(fold::tolerance(chars));
        if self.chars.abs_diff(chars) > allowed {
            return None;
        }
        if allowed == 0 {
            return (other == self.folded.as_bytes()).then_some(0);
        }
        match &self.bits {
            Some(bits) if other.is_ascii() => {
                let d = bits.distance(other);
                (d <= allowed).then_some(d)
            }
            _ => {
                let other = std::str::from_utf8(other).ok()?;
                let d = fold::distance(self.folded, other, allowed);
                (d <= allowed).then_some(d)
            }
        }
    }
}

/// The folded forms of one skeleton's block in `FORMS`, in byte order, each with the
/// offset of its posting list in `POSTINGS`.
#[derive(Clone)]
struct Forms {
    /// The block's bytes after the forms read so far.
    rest: &'static [u8],
    /// Forms not read yet.
    left: u32,
}

impl Forms {
    /// The block at byte `at` of `FORMS`.
    fn at(at: usize) -> Option<Forms> {
        let rest = FORMS.get(at..)?;
        Some(Forms {
            left: u32_at_byte(rest, 0)?,
            rest: &rest[4..],
        })
    }
}

impl Iterator for Forms {
    type Item = (&'static [u8], usize);

    fn next(&mut self) -> Option<(&'static [u8], usize)> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let (len, rest) = self.rest.split_first_chunk::<2>()?;
        let len = usize::from(u16::from_le_bytes(*len));
        let form = rest.get(..len)?;
        let off = u32_at_byte(rest, len)? as usize;
        self.rest = rest.get(len + 4..)?;
        Some((form, off))
    }
}

/// Gazetteer answers (or other facts, `V`) by name, remembered until [`MEMO_LIMIT`] names
/// are held, then forgotten all at once.
struct Memo<V = Answer>(RwLock<FxHashMap<MemoKey, V>>);

impl<V> Default for Memo<V> {
    fn default() -> Memo<V> {
        Memo(RwLock::new(FxHashMap::default()))
    }
}

impl<V: Clone> Memo<V> {
    /// The answer remembered for `name`.
    fn get(&self, name: &str) -> Option<V> {
        self.0.read().ok()?.get(name.as_bytes()).cloned()
    }

    /// Remembers `answer` for `name`, starting afresh when the memo is full.
    fn remember(&self, name: &str, answer: V) {
        if let Ok(mut m) = self.0.write() {
            if m.len() >= MEMO_LIMIT {
                m.clear();
            }
            m.insert(MemoKey::new(name), answer);
        }
    }
}

/// The longest name a [`MemoKey`] holds inline: most names, three-word ones included.
const INLINE_KEY: usize = 30;

// an inline name with its length and the variant's tag fill the key's 32 bytes
const _: () = assert!(std::mem::size_of::<MemoKey>() == 32);

/// A name as a [`Memo`] key, hashed and compared as its bytes. A short name (most are) is
/// held inline, so that finding it reads no memory beyond the memo's table.
#[derive(Clone, Debug)]
enum MemoKey {
    /// A name of `len` bytes, up to [`INLINE_KEY`], at the start of `bytes`.
    Inline { len: u8, bytes: [u8; INLINE_KEY] },
    /// A longer name.
    Boxed(Box<str>),
}

impl MemoKey {
    fn new(name: &str) -> MemoKey {
        let len = name.len();
        if len > INLINE_KEY {
            return MemoKey::Boxed(name.into());
        }
        let mut bytes = [0; INLINE_KEY];
        bytes[..len].copy_from_slice(name.as_bytes());
        MemoKey::Inline {
            len: len as u8,
            bytes,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            MemoKey::Inline { len, bytes } => &bytes[..usize::from(*len)],
            MemoKey::Boxed(name) => name.as_bytes(),
        }
    }
}

impl PartialEq for MemoKey {
    fn eq(&self, other: &MemoKey) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for MemoKey {}

impl std::hash::Hash for MemoKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // as the bytes hash, so that a memo is searched by the bytes of a name
        self.as_bytes().hash(state);
    }
}

impl std::borrow::Borrow<[u8]> for MemoKey {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// The tab-separated fields of `line`, as `line.split('\t')` gives them: a plain byte
/// scan, cheaper than the general pattern search on these short fields.
fn split_tabs(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(line);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b'\t') {
            Some(at) => {
                rest = Some(&r[at + 1..]);
                Some(&r[..at])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// The id of the shipped place on line `n`: the row's first field.
fn builtin_id(n: u32) -> Option<&'static str> {
    split_tabs(builtin_line(n)?).next()
}

/// The record of the shipped place on line `n` (its fields as the row gives them: see the
/// `every_shipped_row_parses` test).
#[inline]
fn shipped_record(n: u32) -> Option<record::Record> {
    record::Record::decode(RECORDS.get(n as usize * record::RECORD_LEN..)?)
}

/// `s` as `str::parse::<f64>` reads it, quicker for the plain decimals of the table
/// (`-12.34567`): up to 15 digits make an integer that an `f64` holds exactly, and dividing
/// it by the power of ten (exact too, up to 10^15) rounds once, correctly, as `parse` does.
/// Anything else goes to `parse`.
fn parse_f64(s: &str) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let bytes = s.as_bytes();
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let (mut mantissa, mut count, mut decimals, mut point) = (0u64, 0usize, 0usize, false);
    for &b in digits {
        match b {
            b'0'..=b'9' if count < 15 => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                count += 1;
                decimals += usize::from(point);
            }
            b'.' if !point => point = true,
            _ => return s.parse().ok(),
        }
    }
    if count == 0 {
        return s.parse().ok();
    }
    let value = mantissa as f64 / POW10[decimals];
    Some(if negative { -value } else { value })
}

/// Line `n` of the shipped table, without its newline (the table is text, checked when
/// compiled: slicing it at line starts needs no further check).
fn builtin_line(n: u32) -> Option<&'static str> {
    let start = shipped_record(n)?.offset as usize;
    let end = shipped_record(n + 1).map_or(TABLE.len(), |r| r.offset as usize);
    Some(TABLE.get(start..end)?.trim_end_matches('\n'))
}

/// The number of shipped places: lines of the table.
fn builtin_count() -> usize {
    RECORDS.len() / record::RECORD_LEN
}

fn u32_at_byte(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Great-circle distance in kilometres between two points given in degrees.
pub fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Initial bearing in degrees (0 = north, 90 = east) from the first point to the second.
pub fn bearing(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let y = dl.sin() * p2.cos();
    let x = p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos();
    (y.atan2(x).to_degrees() + 360.0) % 360.0
}

#[cfg(test)]
mod tests {
    use super::fold::{distance, fold, skeleton, tolerance};

    fn meet(a: &str, b: &str) -> bool {
        let (fa, fb) = (fold(a), fold(b));
        let tol = tolerance(fa.chars().count().min(fb.chars().count()));
        skeleton(a) == skeleton(b) && distance(&fa, &fb, tol) <= tol
    }

    /// Airport codes that GeoNames lists among a town's names are not names of the town:
    /// "Huff", "Let" and "Law" (HUF, LIT, LAW) do not find Terre Haute, Little Rock or
    /// Lawton; the towns' own names still do, and a country keeps its code ("UAE").
    #[test]
    fn town_codes_are_not_names() {
        let g = super::Gazetteer::builtin();
        for (written, town) in [
            ("Huff", "Terre Haute"),
            ("HUF", "Terre Haute"),
            ("Let", "Little Rock"),
            ("Law", "Lawton"),
            ("DXB", "Dubai"),
        ] {
            assert!(
                g.lookup(written).iter().all(|c| c.place().name != town),
                "{written} finds {town}"
            );
            assert!(
                g.lookup(town).iter().any(|c| c.place().name == town),
                "{town}"
            );
        }
        let uae = g.lookup("UAE");
        assert!(uae
            .iter()
            .any(|c| c.distance == 0 && c.place().name == "United Arab Emirates"));
    }

    /// `named_as` (length and lower-cased head first) says what comparing the place's
    /// name ASCII case aside says, for short and long names in any case.
    #[test]
    fn named_as_is_the_name_ascii_case_aside() {
        let g = super::Gazetteer::builtin();
        let mut literal = Vec::new();
        for written in [
            "Aleppo",
            "ALEPPO",
            "Idlib",
            "Deir ez-Zor",
            "Ma`arrat an Nu`man",
            "Khan Shaykhun",
            "al-Bab",
        ] {
            for c in g.lookup(written) {
                assert_eq!(
                    c.named_as(written),
                    c.place().name.eq_ignore_ascii_case(written),
                    "{written} / {}",
                    c.place().name
                );
                if c.named_as(written) {
                    literal.push(written);
                }
            }
        }
        assert!(literal.contains(&"ALEPPO"));
        assert!(literal.contains(&"Khan Shaykhun"));
    }
    #[test]
    fn transliteration_variants_meet_through_folding() {
        let pairs = [
            ("Deir al-Zour", "Deir Ezzur"),
            ("Deir al-Zour", "Deir ez-Zor"),
            ("Lattakia", "Latakia"),
            ("Dara'a", "Daraa"),
            ("Daraa", "Deraa"),
            ("Nubbul", "Nubl"),
            ("Darayya", "Daraya"),
            ("Sweida", "As-Suwayda"),
            ("Kafar Hamra", "Kafr Hamra"),
            ("Kfar Hamra", "Kafr Hamra"),
            ("Khan Touman", "Khan Tuman"),
            ("al-Fo'aa", "al-Fu'ah"),
            ("Kefraya", "Kafriya"),
            ("Mo'adhamiyeh", "Mu'addamiyah"),
            ("Kafranbel", "Kafr Nabl"),
            ("Maarat al-Numan", "Ma`arrat an Nu`man"),
            ("Muadamiyat al-Sham", "Mu‘aḑḑamīyat ash Shām"),
        ];
        for (a, b) in pairs {
            assert!(
                meet(a, b),
                "{a} / {b}: {} {} / {} {}",
                fold(a),
                skeleton(a),
                fold(b),
                skeleton(b)
            );
        }
    }

    /// Ranking reads a shipped place's population from its record and compares ids by line
    /// number, and candidates are made from records, without parsing rows: so every row
    /// must parse, its record must hold the row's fields as the parsed place gives them,
    /// and the lines must be in strictly increasing id order.
    #[test]
    fn every_shipped_row_parses() {
        let g = super::Gazetteer::builtin();
        assert_eq!(super::RECORDS.len() % super::record::RECORD_LEN, 0);
        assert_eq!(super::TABLE.lines().count(), g.builtin_len());
        let mut previous: Option<String> = None;
        for n in 0..g.builtin_len() as u32 {
            let line = super::builtin_line(n).unwrap();
            let place = super::Place::parse_shipped_row(line).unwrap();
            assert_eq!(super::builtin_id(n), Some(&*place.id), "{line}");
            let record = super::shipped_record(n).unwrap();
            let from_record = super::Candidate::shipped(n, &record, 0, false);
            // the build script numbers the areas as `Gazetteer::area` reads their keys
            let area = g.area(&place);
            let from_place = super::Candidate::new(std::sync::Arc::new(place), 0, 0, false, area);
            let fields = |c: &super::Candidate| {
                (
                    c.feature,
                    c.population,
                    c.population_log10.to_bits(),
                    c.country_slot,
                    c.area,
                    c.name_len,
                    c.name_head,
                    c.lat.to_bits(),
                    c.lon.to_bits(),
                )
            };
            assert_eq!(fields(&from_record), fields(&from_place), "{line}");
            // and reading the record's place gives the row's
            assert_eq!(from_record.place(), from_place.place(), "{line}");
            let id = &from_place.place().id;
            if let Some(p) = &previous {
                assert!(p.as_str() < &**id, "{p} before {line}");
            }
            previous = Some(id.to_string());
        }
    }

    /// A record stores a feature as its index in `FEATURE_NAMES`, which lists the
    /// variants' wire names in order.
    #[test]
    fn feature_codes_are_the_variants_in_order() {
        for (code, name) in super::record::FEATURE_NAMES.iter().enumerate() {
            let f = super::Feature::from_code(code as u8);
            assert_eq!(f.as_str(), *name);
            assert_eq!(super::Feature::parse(name), f);
            assert_eq!(super::record::feature_code(name), code as u8);
        }
        assert_eq!(super::record::feature_code("lighthouse"), 11);
    }

    /// The quick decimal reader agrees with `str::parse` to the bit, on every coordinate
    /// of the shipped table and on odd cases.
    #[test]
    fn parse_f64_is_parse() {
        let table = super::TABLE;
        let coordinates = table
            .lines()
            .flat_map(|l| l.split('\t').skip(6).take(2))
            .collect::<Vec<_>>();
        let odd = [
            "",
            "-",
            ".",
            "-.",
            "0",
            "-0",
            "-0.0",
            "0.",
            ".5",
            "-.5",
            "1e5",
            "+1.5",
            "1.2.3",
            "abc",
            "nan",
            "inf",
            "-inf",
            "12345678901234.5",
            "123456789012345.6",
            "1234567890123456",
            "0.000000000000001",
            "0.1",
            "0.3",
            "35.12345",
            "-179.99999",
            "9007199254740993",
            "1_0",
            " 1",
            "1 ",
        ];
        assert!(coordinates.len() > 400_000);
        for s in coordinates.into_iter().chain(odd) {
            let ours = super::parse_f64(s).map(f64::to_bits);
            let std = s.parse::<f64>().ok().map(f64::to_bits);
            assert_eq!(ours, std, "{s:?}");
        }
    }

    /// A skeleton's block holds the folded form of every shipped name with that skeleton,
    /// and the look-up's quick tests (length, letter counts) lose no form that the edit
    /// distance itself keeps (but for a name whose folded form MAX_CANDIDATES places share,
    /// whose block is not searched further).
    #[test]
    fn every_close_form_is_found() {
        let g = super::Gazetteer::builtin();
        let names = super::TABLE.lines().filter_map(|l| l.split('\t').nth(1));
        let extra = [
            "Dayr az Zawr",
            "Idleb",
            "Aleppo",
            "Halab",
            "Ḩimş",
            "Mosul",
            "Raqqa",
        ];
        let mut n = 0;
        for name in names.step_by(97).chain(extra) {
            let folded = fold(name);
            if folded.is_empty() {
                continue;
            }
            let limit = tolerance(folded.chars().count());
            let skel = super::fold::skeleton_of_folded(&folded);
            let at = g
                .map
                .get(&skel)
                .expect("every shipped name's skeleton is indexed");
            let forms: Vec<_> = super::Forms::at(at as usize).unwrap().collect();
            assert!(
                forms.iter().any(|(f, _)| *f == folded.as_bytes()),
                "{name}: {folded} not in the block of {skel}"
            );
            let mut hits = Vec::new();
            g.shipped_hits(&folded, &skel, limit, &mut hits);
            let mut all = Vec::new();
            for (form, off) in forms {
                let form = std::str::from_utf8(form).unwrap();
                assert_eq!(super::fold::skeleton_of_folded(form), skel, "{form}");
                let allowed = limit.min(tolerance(form.chars().count()));
                let d = distance(&folded, form, allowed);
                if d <= allowed {
                    g.take_postings(off, d, &mut all);
                }
            }
            if limit == 0
                || (hits.len() >= super::MAX_CANDIDATES && hits.iter().all(|h| h.distance() == 0))
            {
                // only the folded form's own list was read: the hits are those at distance
                // 0, and (when they fill the answer) they are the whole answer
                all.retain(|h| h.distance() == 0);
                assert!(g.lookup(name).iter().all(|c| c.distance == 0), "{name}");
            }
            assert_eq!(hits, all, "{name}");
            n += 1;
        }
        assert!(n > 1000, "{n} names looked up");
    }

    /// A user place in a shipped admin1 area shares the area's number; an area only user
    /// places are in gets one number of its own, after the shipped ones.
    #[test]
    fn user_places_share_area_numbers() {
        let g = super::Gazetteer::builtin();
        let aleppo = g
            .lookup("Aleppo")
            .into_iter()
            .find(|c| c.place().feature == super::Feature::Admin1)
            .expect("the Aleppo governorate is shipped");
        let mut village = (**aleppo.place()).clone();
        village.id = "test:1".into();
        village.name = "Nowhere".into();
        village.feature = super::Feature::Village;
        village.admin1 = Some(aleppo.place().name.clone());
        assert_eq!(g.area(&village), aleppo.area);
        let mut far = village.clone();
        far.admin1 = Some("No Such Province".into());
        let id = g.area(&far).expect("an admin1 is named");
        assert!(id as usize >= g.shipped_areas.len());
        let mut other = far.clone();
        other.id = "test:2".into();
        assert_eq!(g.area(&other), Some(id));
        other.admin1 = Some("Another Province".into());
        assert_eq!(g.area(&other), Some(id + 1));
        village.admin1 = None;
        assert_eq!(g.area(&village), None);
    }

    /// The two-word test never turns down a name the gazetteer holds: every run of whole
    /// words that begins a shipped preferred name, or a user place's name, may begin one.
    #[test]
    fn every_name_may_begin_with_its_first_words() {
        let mut g = super::Gazetteer::builtin();
        let mut asked = 0;
        for name in super::TABLE.lines().filter_map(|l| l.split('\t').nth(1)) {
            for (at, c) in name.char_indices() {
                if at > 0 && super::fold::is_word_break(c) {
                    assert!(g.may_begin_name(&name[..at]), "{name}: {}", &name[..at]);
                    asked += 1;
                }
            }
        }
        assert!(asked > 100_000, "{asked}");
        // runs of capitalised words in news that begin no shipped name
        for words in [
            "President Bashar",
            "Syrian Observatory",
            "Islamic State",
            "Reuters News",
        ] {
            assert!(!g.may_begin_name(words), "{words}");
        }
        // a user place's name is found by its first words too (user places are added
        // when a gazetteer is loaded, before it answers anything)
        let mut place = (**g.lookup("Aleppo")[0].place()).clone();
        place.id = "test:1".into();
        place.name = "Syrian Observatory Hill".into();
        g = super::Gazetteer::builtin();
        g.push_user(place, Vec::new());
        assert!(g.may_begin_name("Syrian Observatory"));
        assert!(!g.may_begin_name("President Bashar"));
        // names the following words can change say nothing: one word ("Al" before
        // "Raqqa" is dropped) or a name ending on an article ("Ras al" before "Ain")
        assert_eq!(super::fold::prefix_skeleton("Aleppo"), None);
        assert_eq!(super::fold::prefix_skeleton("Ras al"), None);
        assert_eq!(
            super::fold::prefix_skeleton("Tal Abu"),
            Some("tlb".to_string())
        );
    }

    /// The prefix key made on the stack is the one made word by word, and the skeleton
    /// made on the stack is the skeleton of the fold, on the first two and three words of
    /// every shipped name and on names that end on an article or a mark.
    #[test]
    fn prefix_skeletons_agree_with_the_word_by_word_ones() {
        let names = super::TABLE.lines().filter_map(|l| l.split('\t').nth(1));
        let extra = [
            "Ras al",
            "Tal Abu",
            "Deir ez-",
            "al-Fo'aa Kafr",
            "Kafr '",
            "Ain al-'",
        ];
        let mut n = 0;
        for name in names.filter(|n| n.is_ascii()).chain(extra) {
            let ends: Vec<usize> = name.match_indices(' ').map(|(i, _)| i).collect();
            for end in ends.iter().copied().take(2).chain([name.len()]) {
                let words = &name[..end];
                assert_eq!(
                    super::fold::prefix_skeleton(words),
                    super::fold::prefix_skeleton_general(words),
                    "{words}"
                );
                assert_eq!(
                    super::fold::skeleton(words),
                    super::fold::skeleton_of_folded_general(&super::fold::fold_general(words)),
                    "{words}"
                );
                n += 1;
            }
        }
        assert!(n > 200_000, "{n} names compared");
    }

    /// A look-up that allows no edit finds what a full look-up finds at distance 0, in
    /// the same order: shipped names, spellings of them, and news words that fold like
    /// many places.
    #[test]
    fn exact_candidates_are_the_exact_part_of_the_answer() {
        let names = super::TABLE.lines().filter_map(|l| l.split('\t').nth(1));
        let words = [
            "Aleppo",
            "Halab",
            "Deir ez-Zor",
            "Georgia",
            "Key",
            "Taken",
            "President",
            "Ali",
            "Hama",
            "Al Bab",
            "Springfield",
            "Washington",
            "Jordan",
            "Shiite",
            "Russia",
        ];
        let (exact_only, full) = (super::Gazetteer::builtin(), super::Gazetteer::builtin());
        let mut found = 0;
        for name in names.step_by(211).chain(words) {
            let ids = |a: super::Answer| -> Vec<(usize, bool, super::PlaceKey)> {
                a.iter()
                    .take_while(|c| c.distance == 0)
                    .map(|c| (c.distance, c.primary, c.place.key))
                    .collect()
            };
            let want = ids(full.candidates(name));
            assert_eq!(ids(exact_only.exact_candidates(name)), want, "{name}");
            found += usize::from(!want.is_empty());
        }
        assert!(found > 1_000, "{found}");
    }

    /// Ranking keys sort as the ranking does: closest, primary, most populous, by line.
    #[test]
    fn rank_keys_sort_in_ranking_order() {
        use super::RankKey;
        let mut keys = Vec::new();
        for d in [0, 1, 2, 7] {
            for primary in [false, true] {
                for population in [0, 1, 999, 1_000_000, u32::MAX] {
                    for line in [0, 5, 259_000, u32::MAX] {
                        keys.push((d, primary, population, line));
                    }
                }
            }
        }
        let mut by_key = keys.clone();
        by_key.sort_by_key(|&(d, p, pop, line)| RankKey::new(d, p, pop, line));
        keys.sort_by_key(|&(d, p, pop, line)| {
            (d, std::cmp::Reverse(p), std::cmp::Reverse(pop), line)
        });
        assert_eq!(by_key, keys);
        for &(d, p, pop, line) in &keys {
            let k = RankKey::new(d, p, pop, line);
            assert_eq!(
                (k.distance(), k.primary(), k.population(), k.line()),
                (d, p, pop, line)
            );
        }
        let hit = super::Hit::new(259_000, 3, true);
        assert_eq!(
            (hit.line(), hit.distance(), hit.primary()),
            (259_000, 3, true)
        );
    }

    /// A break between words is what folding splits words at: "ab-ba" folds as two words
    /// ("ab" + "ba"), "ab'ba" as one (its doubled b made single).
    #[test]
    fn word_breaks_are_where_folding_splits_words() {
        for c in (0u8..128)
            .map(char::from)
            .chain(['é', '’', 'ʿ', '\u{301}', '—', 'ß'])
        {
            let split = fold(&format!("ab{c}ba")) == "abba";
            assert_eq!(super::fold::is_word_break(c), split, "{c:?}");
        }
    }

    /// Articles are told by number as by name.
    #[test]
    fn articles_are_told_by_their_numbers() {
        for a in super::fold::ARTICLES {
            assert!(super::fold::is_article(a.as_bytes()), "{a}");
        }
        for w in [
            "", "a", "l", "la", "abu", "all", "als", "ala", "bab", "tal", "al1", "alsh",
        ] {
            assert!(!super::fold::is_article(w.as_bytes()), "{w}");
        }
    }

    #[test]
    fn split_tabs_is_split_on_tab() {
        for line in ["", "a", "a\tb", "\t", "a\t\tb\t", "é\tü\t"] {
            let ours: Vec<&str> = super::split_tabs(line).collect();
            let std: Vec<&str> = line.split('\t').collect();
            assert_eq!(ours, std, "{line:?}");
        }
    }

    #[test]
    fn distinct_names_stay_apart() {
        assert!(!meet("Daraa", "Darayya"));
        assert!(!meet("Homs", "Hama"));
        assert!(!meet("Idlib", "Aleppo"));
    }

    /// The allocation-free ASCII paths of `fold` and `skeleton_of_folded` agree with the
    /// general ones on every shipped place name and on every word of the seed articles.
    #[test]
    fn ascii_fold_agrees_with_the_general_fold() {
        let table = super::TABLE;
        let names = table.lines().filter_map(|l| l.split('\t').nth(1));
        let seeds = [
            include_str!("../../examples/seeds/000_b4dd393d077ae80b.txt"),
            include_str!("../../examples/seeds/004_653f01e449fdc5dc.txt"),
        ];
        let words = seeds.iter().flat_map(|t| t.split_whitespace());
        let extra = [
            "Deir ez-Zor",
            "al-Fo'aa",
            "Ma`arrat an Nu`man",
            "Arraqqa",
            "Quneitra",
        ];
        let mut n = 0;
        for name in names.chain(words).chain(extra) {
            if name.is_ascii() {
                let folded = fold(name);
                assert_eq!(folded, super::fold::fold_general(name), "{name}");
                assert_eq!(
                    super::fold::skeleton_of_folded(&folded),
                    super::fold::skeleton_of_folded_general(&folded),
                    "{name}"
                );
                n += 1;
            }
        }
        assert!(n > 100_000, "{n} names compared");
    }

    /// The edit distance in byte cells agrees with the full-width one, on neighbouring
    /// shipped names (folded) at every limit that matters.
    #[test]
    fn short_edit_distance_agrees_with_the_wide_one() {
        let folded: Vec<Vec<u8>> = super::TABLE
            .lines()
            .filter_map(|l| l.split('\t').nth(1))
            .step_by(7)
            .map(|n| fold(n).into_bytes())
            .filter(|f| f.len() < 64)
            .collect();
        let mut n = 0;
        for pair in folded.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            for limit in [0, 1, 2, 3, 5, 63, 199] {
                assert_eq!(
                    usize::from(super::fold::osa_short(a, b, limit as u8)),
                    super::fold::osa_wide(a, b, limit),
                    "{:?} / {:?} at {limit}",
                    String::from_utf8_lossy(a),
                    String::from_utf8_lossy(b)
                );
                n += 1;
            }
        }
        assert!(n > 100_000, "{n} pairs compared");
    }

    /// The bit-parallel distance of a query agrees with the row-by-row one, for neighbouring
    /// shipped names, names within one edit of each other, and names longer than a
    /// machine word, at every tolerance.
    #[test]
    fn bit_parallel_distance_agrees_with_the_row_by_row_one() {
        let mut folded: Vec<String> = super::TABLE
            .lines()
            .filter_map(|l| l.split('\t').nth(1))
            .step_by(11)
            .map(fold)
            .filter(|f| f.is_ascii() && !f.is_empty())
            .collect();
        // longer than 64 letters: a dozen names run together
        let long: Vec<String> = folded
            .windows(12)
            .step_by(97)
            .map(|w| w.concat())
            .filter(|f| f.len() > 64)
            .collect();
        assert!(long.len() > 100, "{} long names", long.len());
        folded.extend(long);
        let mut n = 0;
        let mut close = 0;
        for pair in folded.windows(2) {
            let a = &pair[0];
            // the neighbour, and the name with a letter dropped, doubled and swapped
            let mut bs = vec![pair[1].clone()];
            let bytes = a.as_bytes();
            let mid = bytes.len() / 2;
            let mut dropped = bytes.to_vec();
            dropped.remove(mid);
            let mut doubled = bytes.to_vec();
            doubled.insert(mid, bytes[mid]);
            let mut swapped = bytes.to_vec();
            if mid > 0 {
                swapped.swap(mid - 1, mid);
            }
            for b in [dropped, doubled, swapped] {
                bs.push(String::from_utf8(b).expect("ASCII"));
            }
            for b in &bs {
                let chars = b.len();
                for limit in [1, 2, 3, 5, 17, 40] {
                    let query = super::Query::new(a, limit);
                    let allowed = limit.min(tolerance(chars));
                    let want = if a.len().abs_diff(chars) > allowed {
                        None
                    } else {
                        let d = super::fold::osa_wide(a.as_bytes(), b.as_bytes(), allowed);
                        (d <= allowed).then_some(d)
                    };
                    assert_eq!(
                        query.distance(b.as_bytes(), chars),
                        want,
                        "{a:?} / {b:?} at {limit}"
                    );
                    n += 1;
                    close += usize::from(want.is_some_and(|d| d > 0));
                }
            }
        }
        assert!(
            n > 500_000 && close > 50_000,
            "{n} pairs compared, {close} within reach"
        );
    }

    #[test]
    fn fold_values() {
        assert_eq!(fold("Deir ez-Zor"), "darzur");
        assert_eq!(fold("Dara'a"), "dara");
        assert_eq!(skeleton("Kafar Hamra"), skeleton("Kfar Hamra"));
    }
}
