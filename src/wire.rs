/*!
The claim record on the wire (DESIGN.md, "The claim record on the wire").

One JSON object per claim. These field names are the public interface; absent values are
`null`, never guessed. Every `text` field is cut from the document by its span, so each
value can be checked against the article.
*/

use serde::Serialize;

use crate::claim::{ActorRef, Claim, ClaimDate, Claimant, Count, Location, Materiel};
use crate::doc::{Document, Span};

/// A claim as written by `sitrep extract`.
#[derive(Debug, Serialize)]
pub struct WireClaim<'a> {
    /// Document id.
    pub doc_id: &'a str,
    /// `doc_id#n`, n counting from 1 in document order.
    pub claim_id: String,
    /// Index of the anchoring sentence.
    pub sentence: usize,
    /// Byte span of the claim's words in the cleaned text.
    pub span: WireSpan,
    /// ACLED event type.
    pub event_type: Option<&'a str>,
    /// ACLED sub-event type.
    pub sub_event_type: Option<&'a str>,
    /// First actor.
    pub actor1: Option<WireActor<'a>>,
    /// Second actor.
    pub actor2: Option<WireActor<'a>>,
    /// Where.
    pub location: Option<WireLocation<'a>>,
    /// When.
    pub date: Option<WireDate<'a>>,
    /// People killed.
    pub fatalities: Option<WireCount<'a>>,
    /// People wounded.
    pub injured: Option<WireCount<'a>>,
    /// People arrested.
    pub arrested: Option<WireCount<'a>>,
    /// Equipment destroyed or captured.
    pub materiel: Vec<WireMateriel<'a>>,
    /// Who asserts it.
    pub claimant: Option<WireClaimant<'a>>,
    /// Loaded terms.
    pub framing: &'a [String],
    /// Evidence sentences.
    pub evidence: Vec<WireEvidence<'a>>,
}

/// A byte span.
#[derive(Debug, Serialize)]
pub struct WireSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// An evidence sentence: span and text.
#[derive(Debug, Serialize)]
pub struct WireEvidence<'a> {
    /// First byte in the cleaned text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The sentence.
    pub text: &'a str,
}

/// A count with its range.
#[derive(Debug, Serialize)]
pub struct WireCount<'a> {
    /// Lowest number the text allows.
    pub low: Option<u64>,
    /// The profile's figure.
    pub best: Option<u64>,
    /// Highest number; null when open.
    pub high: Option<u64>,
    /// One exact number.
    pub exact: bool,
    /// Killed and wounded together.
    pub combined: bool,
    /// Who was counted.
    pub victims: &'static str,
    /// No number written: counted from single victims.
    pub implied: bool,
    /// The words.
    pub text: &'a str,
}

/// An actor.
#[derive(Debug, Serialize)]
pub struct WireActor<'a> {
    /// Canonical id.
    pub id: &'a str,
    /// Canonical name.
    pub name: &'a str,
    /// Side.
    pub side: &'static str,
    /// Words naming it.
    pub text: Option<&'a str>,
}

/// A location.
#[derive(Debug, Serialize)]
pub struct WireLocation<'a> {
    /// Place name.
    pub name: &'a str,
    /// Gazetteer id or null.
    pub gazetteer_id: Option<&'a str>,
    /// First-order division.
    pub admin1: Option<&'a str>,
    /// Second-order division.
    pub admin2: Option<&'a str>,
    /// ISO country code.
    pub country: Option<&'a str>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// 1 named place, 2 near / part of it, 3 province or larger.
    pub geo_precision: u8,
    /// Words naming it.
    pub text: Option<&'a str>,
    /// Every first-order division the claim covers, in text order: several for a claim
    /// over several provinces ("in Aleppo and Idlib", where `admin1` joins them with
    /// commas), else `admin1` alone, else empty.
    pub admin1_list: Vec<&'a str>,
}

/// A date.
#[derive(Debug, Serialize)]
pub struct WireDate<'a> {
    /// First day (ISO) or null.
    pub start: Option<String>,
    /// Last day (ISO) or null.
    pub end: Option<String>,
    /// 1 day, 2 week, 3 month.
    pub time_precision: Option<u8>,
    /// Words.
    pub text: Option<&'a str>,
}

/// A claimant.
#[derive(Debug, Serialize)]
pub struct WireClaimant<'a> {
    /// Who.
    pub name: &'a str,
    /// outlet / official / anonymous_source / organisation.
    pub kind: &'static str,
    /// The attribution words, null for the publishing outlet by default.
    pub text: Option<&'a str>,
}

/// Equipment destroyed or captured.
#[derive(Debug, Serialize)]
pub struct WireMateriel<'a> {
    /// What.
    pub kind: &'a str,
    /// How many.
    pub count: Option<u64>,
    /// destroyed / captured / damaged / seized.
    pub action: &'a str,
    /// Words.
    pub text: &'a str,
}

fn span_text(doc: &Document, span: Option<Span>) -> Option<&str> {
    span.map(|s| doc.slice(s))
}

fn count<'a>(doc: &'a Document, c: &Option<Count>) -> Option<WireCount<'a>> {
    c.as_ref().map(|c| WireCount {
        low: c.low,
        best: c.best,
        high: c.high,
        exact: c.exact,
        combined: c.combined,
        victims: c.victims.as_str(),
        implied: c.implied,
        text: doc.slice(c.span),
    })
}

fn actor<'a>(doc: &'a Document, a: &'a Option<ActorRef>) -> Option<WireActor<'a>> {
    a.as_ref().map(|a| WireActor {
        id: &a.id,
        name: &a.name,
        side: a.side.as_str(),
        text: span_text(doc, a.span),
    })
}

fn location<'a>(doc: &'a Document, l: &'a Option<Location>) -> Option<WireLocation<'a>> {
    l.as_ref().map(|l| WireLocation {
        name: &l.name,
        gazetteer_id: l.gazetteer_id.as_deref(),
        admin1: l.admin1.as_deref(),
        admin2: l.admin2.as_deref(),
        country: l.country.as_deref(),
        lat: l.lat,
        lon: l.lon,
        geo_precision: l.geo_precision,
        text: span_text(doc, l.span),
        admin1_list: if l.admin1_list.is_empty() {
            l.admin1.as_deref().into_iter().collect()
        } else {
            l.admin1_list.iter().map(String::as_str).collect()
        },
    })
}

fn date<'a>(doc: &'a Document, d: &'a Option<ClaimDate>) -> Option<WireDate<'a>> {
    d.as_ref().map(|d| WireDate {
        start: d.start.map(|x| x.to_string()),
        end: d.end.map(|x| x.to_string()),
        time_precision: d.time_precision,
        text: span_text(doc, d.span),
    })
}

fn claimant<'a>(doc: &'a Document, c: &'a Option<Claimant>) -> Option<WireClaimant<'a>> {
    c.as_ref().map(|c| WireClaimant {
        name: &c.name,
        kind: c.kind.as_str(),
        text: span_text(doc, c.span),
    })
}

fn materiel<'a>(doc: &'a Document, m: &'a Materiel) -> WireMateriel<'a> {
    WireMateriel {
        kind: &m.kind,
        count: m.count,
        action: &m.action,
        text: doc.slice(m.span),
    }
}

/// The wire form of claim `index` (0-based) of `doc`.
pub fn wire_claim<'a>(doc: &'a Document, index: usize, c: &'a Claim) -> WireClaim<'a> {
    WireClaim {
        doc_id: &doc.id,
        claim_id: format!("{}#{}", doc.id, index + 1),
        sentence: c.sentence,
        span: WireSpan {
            start: c.span.start,
            end: c.span.end,
        },
        event_type: c.event_type.as_deref(),
        sub_event_type: c.sub_event_type.as_deref(),
        actor1: actor(doc, &c.actor1),
        actor2: actor(doc, &c.actor2),
        location: location(doc, &c.location),
        date: date(doc, &c.date),
        fatalities: count(doc, &c.fatalities),
        injured: count(doc, &c.injured),
        arrested: count(doc, &c.arrested),
        materiel: c.materiel.iter().map(|m| materiel(doc, m)).collect(),
        claimant: claimant(doc, &c.claimant),
        framing: &c.framing,
        evidence: c
            .evidence
            .iter()
            .map(|s| WireEvidence {
                start: s.start,
                end: s.end,
                text: doc.slice(*s),
            })
            .collect(),
    }
}

/// Writes every claim of `doc` as one JSON line each.
pub fn write_claims_jsonl(doc: &Document, out: &mut impl std::io::Write) -> std::io::Result<usize> {
    for (i, c) in doc.claims.iter().enumerate() {
        serde_json::to_writer(&mut *out, &wire_claim(doc, i, c))?;
        out.write_all(b"\n")?;
    }
    Ok(doc.claims.len())
}

/// The `sitrep places` line of one resolved toponym (see the README, "Places").
pub fn place_record_json(r: &crate::geoparse::PlaceRecord) -> serde_json::Value {
    serde_json::json!({
        "doc_id": r.doc_id, "start": r.start, "end": r.end, "text": r.text,
        "name": r.name, "gazetteer_id": r.gazetteer_id, "lat": r.lat,
        "lon": r.lon, "feature": r.feature, "admin1": r.admin1,
        "admin2": r.admin2, "country": r.country, "geo_precision": r.geo_precision,
    })
}
