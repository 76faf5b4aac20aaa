/*!
The claim: one assertion in one document (see DESIGN.md, "The unit of output").

These are domain types: they hold spans into [`Document::text`](crate::doc::Document), not
strings cut out of it. The JSON wire form lives in [`crate::wire`].
*/

use chrono::NaiveDate;

use crate::doc::Span;

/// Who the counted people were, read from the head noun of the count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Victims {
    /// Fighters of a non-state group: "militants", "gunmen", "terrorists", "rebels".
    Militants,
    /// State forces: "soldiers", "troops", "policemen".
    Soldiers,
    /// Non-combatants: "civilians", "children", "people" in an attack on them.
    Civilians,
    /// More than one of the above in one count.
    Mixed,
    /// The text does not say.
    #[default]
    Unknown,
}

impl Victims {
    /// The wire name (`militants`, `soldiers`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Victims::Militants => "militants",
            Victims::Soldiers => "soldiers",
            Victims::Civilians => "civilians",
            Victims::Mixed => "mixed",
            Victims::Unknown => "unknown",
        }
    }
}

/// A count of people as claimed, with its range kept.
///
/// `low`/`high` bound the claim ("at least 120": low 120, high open); `best` is the
/// coding profile's single figure. All three are `None` for "heavy losses" (a casualty
/// claim without a number), never 0.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Count {
    /// Lowest number the text allows.
    pub low: Option<u64>,
    /// The figure a coder would record under the active profile.
    pub best: Option<u64>,
    /// Highest number the text allows; `None` when open.
    pub high: Option<u64>,
    /// True when the text gives one exact number ("80 militants were killed").
    pub exact: bool,
    /// True when the count covers killed and wounded together.
    pub combined: bool,
    /// Who was counted.
    pub victims: Victims,
    /// True when no number is written and the count is read from single victims ("a
    /// soldier was killed" is 1).
    pub implied: bool,
    /// The words the count rests on ("At least 120 gunmen have been killed").
    pub span: Span,
}

/// Destroyed or captured equipment ("seven vehicles destroyed").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Materiel {
    /// What: "vehicle", "headquarters", "weapons depot", ...
    pub kind: String,
    /// How many, when the text says.
    pub count: Option<u64>,
    /// "destroyed", "captured", "damaged" or "seized".
    pub action: String,
    /// The words it rests on.
    pub span: Span,
}

/// Which side of a conflict an actor is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// Government forces of the country.
    State,
    /// Armed opposition.
    Rebel,
    /// Jihadist groups.
    Jihadist,
    /// Pro-government or identity militias.
    Militia,
    /// Forces of another state.
    ForeignState,
    /// Non-combatants.
    Civilians,
    /// Not known.
    Unknown,
}

impl Side {
    /// The wire name (`state`, `rebel`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Side::State => "state",
            Side::Rebel => "rebel",
            Side::Jihadist => "jihadist",
            Side::Militia => "militia",
            Side::ForeignState => "foreign_state",
            Side::Civilians => "civilians",
            Side::Unknown => "unknown",
        }
    }
}

/// An actor of a claim, resolved to the actor dictionary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorRef {
    /// Canonical id ("sy-army").
    pub id: String,
    /// Canonical name ("Military Forces of Syria").
    pub name: String,
    /// Its side.
    pub side: Side,
    /// Where the text names it.
    pub span: Option<Span>,
}

/// Where a claim happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    /// Name of the place (gazetteer name, or as written when the gazetteer lacks it).
    pub name: String,
    /// Gazetteer id ("geonames:170063"); `None` for places the gazetteer lacks.
    pub gazetteer_id: Option<String>,
    /// First-order administrative division.
    pub admin1: Option<String>,
    /// Second-order administrative division.
    pub admin2: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
    /// 1 = the named place, 2 = near it / part of it, 3 = province or larger.
    pub geo_precision: u8,
    /// Where the text names it.
    pub span: Option<Span>,
    /// The first-order divisions of a claim over several of them ("in Aleppo and Idlib"),
    /// in text order; empty for a claim at one place.
    pub admin1_list: Vec<String>,
}

/// When a claim happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimDate {
    /// First day; `None` when the text's date cannot be resolved.
    pub start: Option<NaiveDate>,
    /// Last day.
    pub end: Option<NaiveDate>,
    /// 1 = day, 2 = week, 3 = month; `None` when unresolved.
    pub time_precision: Option<u8>,
    /// The date expression in the text.
    pub span: Option<Span>,
}

/// What kind of source asserts a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClaimantKind {
    /// A news outlet ("SANA", "Al-Mayadeen").
    Outlet,
    /// A named official ("Oleg Ignasyuk").
    Official,
    /// An unnamed source ("a military source").
    AnonymousSource,
    /// A body ("the Syrian Observatory for Human Rights", "the ministry").
    Organisation,
}

impl ClaimantKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimantKind::Outlet => "outlet",
            ClaimantKind::Official => "official",
            ClaimantKind::AnonymousSource => "anonymous_source",
            ClaimantKind::Organisation => "organisation",
        }
    }
}

/// Who asserts a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claimant {
    /// Name ("SANA", "a military source").
    pub name: String,
    /// Kind of source.
    pub kind: ClaimantKind,
    /// The attribution in the text; `None` when it is the publishing outlet by default.
    pub span: Option<Span>,
}

/// One assertion of one document about one happening.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Claim {
    /// Index of the sentence the claim is anchored in.
    pub sentence: usize,
    /// The words the claim's main assertion spans.
    pub span: Span,
    /// ACLED event type ("Battles").
    pub event_type: Option<String>,
    /// ACLED sub-event type ("Armed clash").
    pub sub_event_type: Option<String>,
    /// First actor (the agent when the text says who acted).
    pub actor1: Option<ActorRef>,
    /// Second actor (the target or opponent).
    pub actor2: Option<ActorRef>,
    /// Where.
    pub location: Option<Location>,
    /// When.
    pub date: Option<ClaimDate>,
    /// People killed.
    pub fatalities: Option<Count>,
    /// People wounded.
    pub injured: Option<Count>,
    /// People arrested or captured.
    pub arrested: Option<Count>,
    /// Equipment destroyed or captured.
    pub materiel: Vec<Materiel>,
    /// Who asserts it.
    pub claimant: Option<Claimant>,
    /// Loaded terms applied to the actors ("terrorists", "Takfiri").
    pub framing: Vec<String>,
    /// Sentences the claim rests on.
    pub evidence: Vec<Span>,
}
