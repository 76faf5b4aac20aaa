/*!
Exports of linked incidents in the formats analysts load: ACLED's CSV columns, UCDP GED-style
CSV, GeoJSON points and JSON Lines with every claim.

The tables behind the codes live in `data/export/` (country codes and ACLED regions, ACLED
disorder types, ACLED actor-type codes), each with its source beside it.
*/

use std::io::Write;
use std::sync::OnceLock;

use anyhow::Result;
use rustc_hash::FxHashMap;

use crate::store::query::IncidentRow;
use crate::store::Store;

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// ACLED's 31 columns.
    AcledCsv,
    /// UCDP GED-style columns with best/low/high.
    UcdpCsv,
    /// A GeoJSON FeatureCollection of points.
    Geojson,
    /// One incident per line, with its claims.
    Jsonl,
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "acled-csv" | "acled" => Ok(ExportFormat::AcledCsv),
            "ucdp-csv" | "ucdp" => Ok(ExportFormat::UcdpCsv),
            "geojson" => Ok(ExportFormat::Geojson),
            "jsonl" => Ok(ExportFormat::Jsonl),
            other => Err(format!(
                "unknown export format '{other}' (acled-csv, ucdp-csv, geojson, jsonl)"
            )),
        }
    }
}

/// A country's codes, name and ACLED region.
#[derive(Clone, Debug)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub iso2: String,
    /// ISO 3166-1 alpha-3.
    pub iso3: String,
    /// ISO 3166-1 numeric.
    pub numeric: u32,
    /// English name.
    pub name: String,
    /// ACLED region.
    pub region: String,
}

/// Data rows of a shipped TSV (comments and blank lines dropped).
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

/// The shipped country table, by alpha-2 code.
pub fn countries() -> &'static FxHashMap<String, Country> {
    static TABLE: OnceLock<FxHashMap<String, Country>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows(include_str!("../data/export/countries.tsv"))
            .filter(|r| r.len() >= 5)
            .map(|r| {
                let c = Country {
                    iso2: r[0].to_string(),
                    iso3: r[1].to_string(),
                    numeric: r[2].parse().unwrap_or(0),
                    name: r[3].to_string(),
                    region: r[4].to_string(),
                };
                (c.iso2.clone(), c)
            })
            .collect()
    })
}

/// The alpha-2 code of a country given by code (any of the three) or English name.
pub fn country_code(query: &str) -> Option<String> {
    let q = query.trim();
    countries()
        .values()
        .find(|c| {
            c.iso2.eq_ignore_ascii_case(q)
                || c.iso3.eq_ignore_ascii_case(q)
                || c.name.eq_ignore_ascii_case(q)
        })
        .map(|c| c.iso2.clone())
}

fn lookup(text: &'static str, key: &str, column: usize) -> Option<&'static str> {
    rows(text)
        .find(|r| r.first() == Some(&key))
        .and_then(|r| r.get(column).copied())
}

fn disorder_type(event_type: &str) -> &'static str {
    lookup(
        include_str!("../data/export/acled_disorder.tsv"),
        event_type,
        1,
    )
    .unwrap_or("")
}

/// ACLED inter code of an actor side; 0 when there is no actor.
fn inter(side: Option<&str>, actor: Option<&str>) -> u8 {
    if actor.is_none() {
        return 0;
    }
    lookup(
        include_str!("../data/export/acled_inter.tsv"),
        side.unwrap_or("unknown"),
        1,
    )
    .and_then(|v| v.parse().ok())
    .unwrap_or(3)
}

/// The ACLED column names, in ACLED's order.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// UCDP GED-style column names written by `export --format ucdp-csv`.
pub const UCDP_COLUMNS: [&str; 24] = [
    "id",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "number_of_sources",
    "source_office",
    "source_date",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "country",
    "region",
    "date_prec",
    "date_start",
    "date_end",
    "best",
    "high",
    "low",
];

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn num<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The evidence sentence that best shows the incident: the first claim's with the
/// incident's place, else the first claim's.
fn lead_evidence(store: &Store, inc: &IncidentRow) -> Result<Option<String>> {
    let claims = store.incident_claims(inc.id)?;
    let at_place = claims.iter().find(|c| {
        c.record["location"]["name"].as_str() == inc.location.as_deref() && inc.location.is_some()
    });
    Ok(at_place.or(claims.first()).and_then(|c| {
        c.record["evidence"][0]["text"]
            .as_str()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
    }))
}

fn acled_notes(inc: &IncidentRow, evidence: Option<String>) -> String {
    let mut notes = String::new();
    if let Some(d) = &inc.date_start {
        notes.push_str(&format!("On {d}, "));
    }
    notes.push_str(evidence.as_deref().unwrap_or("(no evidence sentence)"));
    notes.push_str(&format!(
        " [sitrep incident {}: {} claims from {} independent reports",
        inc.id, inc.claims, inc.sources
    ));
    if let Some(d) = &inc.disagreement {
        notes.push_str(&format!("; reports differ, {d}; coded the lowest"));
    }
    notes.push(']');
    notes
}

/// Writes `incidents` in `format`.
pub fn write(
    store: &Store,
    incidents: &[IncidentRow],
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        ExportFormat::AcledCsv => write_acled(store, incidents, out),
        ExportFormat::UcdpCsv => write_ucdp(incidents, out),
        ExportFormat::Geojson => write_geojson(incidents, out),
        ExportFormat::Jsonl => write_jsonl(store, incidents, out),
    }
}

fn write_acled(store: &Store, incidents: &[IncidentRow], out: &mut dyn Write) -> Result<()> {
    let timestamp = store.meta("linked_at")?.unwrap_or_default();
    let mut w = csv::Writer::from_writer(out);
    w.write_record(ACLED_COLUMNS)?;
    for inc in incidents {
        let country = inc.country.as_deref().and_then(|c| countries().get(c));
        let i1 = inter(inc.actor1_side.as_deref(), inc.actor1.as_deref());
        let i2 = inter(inc.actor2_side.as_deref(), inc.actor2.as_deref());
        let interaction = match (i1, i2) {
            (0, 0) => String::new(),
            (a, 0) | (0, a) => format!("{a}0"),
            (a, b) => format!("{}{}", a.min(b), a.max(b)),
        };
        let civilian = inc.event_type.as_deref() == Some("Violence against civilians")
            || inc.actor2_side.as_deref() == Some("civilians");
        let event_type = text(&inc.event_type);
        let record: Vec<String> = vec![
            format!("{}{}", country.map_or("XXX", |c| c.iso3.as_str()), inc.id),
            text(&inc.date_start),
            inc.date_start
                .as_deref()
                .and_then(|d| d.get(..4))
                .unwrap_or("")
                .to_string(),
            num(inc.time_precision),
            disorder_type(&event_type).to_string(),
            event_type,
            text(&inc.sub_event_type),
            text(&inc.actor1),
            String::new(),
            num((i1 > 0).then_some(i1)),
            text(&inc.actor2),
            String::new(),
            num((i2 > 0).then_some(i2)),
            interaction,
            if civilian { "Civilian targeting" } else { "" }.to_string(),
            num(country.map(|c| c.numeric)),
            country.map(|c| c.region.clone()).unwrap_or_default(),
            country.map(|c| c.name.clone()).unwrap_or_default(),
            text(&inc.admin1),
            text(&inc.admin2),
            String::new(),
            text(&inc.location),
            num(inc.latitude),
            num(inc.longitude),
            num(inc.geo_precision),
            text(&inc.outlets),
            String::new(),
            acled_notes(inc, lead_evidence(store, inc)?),
            inc.fatalities_best.unwrap_or(0).to_string(),
            inc.disagreement
                .as_ref()
                .map(|_| "fatalities disputed".to_string())
                .unwrap_or_default(),
            timestamp.clone(),
        ];
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(())
}

/// UCDP type of violence: 1 state-based, 2 non-state, 3 one-sided.
fn type_of_violence(inc: &IncidentRow) -> &'static str {
    let sides = [inc.actor1_side.as_deref(), inc.actor2_side.as_deref()];
    if inc.event_type.as_deref() == Some("Violence against civilians")
        || sides.contains(&Some("civilians"))
    {
        "3"
    } else if sides.contains(&Some("state")) || sides.contains(&Some("foreign_state")) {
        "1"
    } else {
        "2"
    }
}

/// UCDP region names from ACLED's.
fn ucdp_region(acled_region: &str) -> &'static str {
    match acled_region {
        "Middle East" => "Middle East",
        "Europe" | "Caucasus and Central Asia" => "Europe",
        r if r.ends_with("Africa") => "Africa",
        r if r.ends_with("Asia") || r == "Oceania" => "Asia",
        "" => "",
        _ => "Americas",
    }
}

fn write_ucdp(incidents: &[IncidentRow], out: &mut dyn Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(UCDP_COLUMNS)?;
    for inc in incidents {
        let country = inc.country.as_deref().and_then(|c| countries().get(c));
        // where_prec: 1 exact place, 2 within 25 km, 4 province, 6 country.
        let where_prec = match (inc.geo_precision, &inc.admin1) {
            (Some(1), _) => "1",
            (Some(2), _) => "2",
            (_, Some(_)) => "4",
            _ => "6",
        };
        // date_prec: 1 day, 3 week, 4 month.
        let date_prec = match inc.time_precision {
            Some(1) => "1",
            Some(2) => "3",
            Some(3) => "4",
            _ => "",
        };
        let coords = match (inc.latitude, inc.longitude) {
            (Some(lat), Some(lon)) => (
                lat.to_string(),
                lon.to_string(),
                format!("POINT ({lon} {lat})"),
            ),
            _ => Default::default(),
        };
        let (low, best, high) = match inc.fatalities_best {
            Some(_) => {
                let median = inc.summary["fatalities_median"].as_u64();
                (
                    num(inc.fatalities_low),
                    num(median.or(inc.fatalities_best)),
                    num(inc.fatalities_high),
                )
            }
            None => ("0".into(), "0".into(), "0".into()),
        };
        let record = vec![
            inc.id.to_string(),
            inc.date_start
                .as_deref()
                .and_then(|d| d.get(..4))
                .unwrap_or("")
                .to_string(),
            type_of_violence(inc).to_string(),
            text(&inc.actor1),
            text(&inc.actor2),
            inc.sources.to_string(),
            text(&inc.outlets),
            text(&inc.date_start),
            where_prec.to_string(),
            text(&inc.location),
            [inc.location.as_deref(), inc.admin1.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
            text(&inc.admin1),
            text(&inc.admin2),
            coords.0,
            coords.1,
            coords.2,
            country.map(|c| c.name.clone()).unwrap_or_default(),
            ucdp_region(country.map_or("", |c| c.region.as_str())).to_string(),
            date_prec.to_string(),
            text(&inc.date_start),
            text(&inc.date_end),
            best,
            high,
            low,
        ];
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(())
}

fn write_geojson(incidents: &[IncidentRow], out: &mut dyn Write) -> Result<()> {
    let features: Vec<serde_json::Value> = incidents
        .iter()
        .filter_map(|inc| {
            let (lat, lon) = (inc.latitude?, inc.longitude?);
            Some(serde_json::json!({
                "type": "Feature",
                "id": inc.id,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "incident": inc.id,
                    "event_type": inc.event_type,
                    "sub_event_type": inc.sub_event_type,
                    "date_start": inc.date_start,
                    "date_end": inc.date_end,
                    "location": inc.location,
                    "admin1": inc.admin1,
                    "country": inc.country,
                    "geo_precision": inc.geo_precision,
                    "actor1": inc.actor1,
                    "actor2": inc.actor2,
                    "fatalities": inc.fatalities_best,
                    "fatalities_low": inc.fatalities_low,
                    "fatalities_high": inc.fatalities_high,
                    "sources": inc.sources,
                    "claims": inc.claims,
                    "disagreement": inc.disagreement,
                },
            }))
        })
        .collect();
    serde_json::to_writer(
        &mut *out,
        &serde_json::json!({"type": "FeatureCollection", "features": features}),
    )?;
    out.write_all(b"\n")?;
    Ok(())
}

fn write_jsonl(store: &Store, incidents: &[IncidentRow], out: &mut dyn Write) -> Result<()> {
    for inc in incidents {
        let mut v = serde_json::to_value(inc)?;
        v["claim_records"] = serde_json::to_value(store.incident_claims(inc.id)?)?;
        serde_json::to_writer(&mut *out, &v)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
