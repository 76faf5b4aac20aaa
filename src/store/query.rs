/*!
Reading incidents back: the rows `sitrep incidents`, `show` and `export` print.
*/

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rusqlite::types::Value;
use serde::Serialize;

use super::Store;

/// Which incidents to list. Empty fields match everything.
#[derive(Clone, Debug, Default)]
pub struct IncidentFilter {
    /// ISO code or name of the country (case-insensitive).
    pub country: Option<String>,
    /// Province name (case-insensitive).
    pub admin1: Option<String>,
    /// Incidents ending on or after this day.
    pub from: Option<NaiveDate>,
    /// Incidents starting on or before this day.
    pub to: Option<NaiveDate>,
    /// Part of an actor's name (case-insensitive), in either actor slot.
    pub actor: Option<String>,
}

/// One incident row.
#[derive(Clone, Debug, Default, Serialize)]
pub struct IncidentRow {
    /// Incident number.
    pub id: i64,
    /// ACLED event type.
    pub event_type: Option<String>,
    /// ACLED sub-event type.
    pub sub_event_type: Option<String>,
    /// First day.
    pub date_start: Option<String>,
    /// Last day.
    pub date_end: Option<String>,
    /// 1 day, 2 week, 3 month.
    pub time_precision: Option<u8>,
    /// ISO country code.
    pub country: Option<String>,
    /// Province.
    pub admin1: Option<String>,
    /// District.
    pub admin2: Option<String>,
    /// Place name.
    pub location: Option<String>,
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
    /// 1 place, 2 near, 3 province or larger.
    pub geo_precision: Option<u8>,
    /// First actor.
    pub actor1: Option<String>,
    /// Its side.
    pub actor1_side: Option<String>,
    /// Second actor.
    pub actor2: Option<String>,
    /// Its side.
    pub actor2_side: Option<String>,
    /// Lowest fatality figure.
    pub fatalities_low: Option<u64>,
    /// Most conservative fatality figure.
    pub fatalities_best: Option<u64>,
    /// Highest fatality figure.
    pub fatalities_high: Option<u64>,
    /// Lowest injured figure.
    pub injured_low: Option<u64>,
    /// Highest injured figure.
    pub injured_high: Option<u64>,
    /// Claims in it.
    pub claims: u64,
    /// Documents with claims in it.
    pub documents: u64,
    /// Independent documents.
    pub sources: u64,
    /// Outlets, `; `-separated.
    pub outlets: Option<String>,
    /// Where the sources disagree.
    pub disagreement: Option<String>,
    /// Per-claimant ranges and spread (JSON).
    pub summary: serde_json::Value,
}

/// A claim of an incident, with its document.
#[derive(Clone, Debug, Serialize)]
pub struct IncidentClaim {
    /// The claim as `sitrep extract` writes it.
    pub record: serde_json::Value,
    /// Document id as the input gave it.
    pub doc_id: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Input path.
    pub source_path: String,
    /// The doc_id of the document this one copies, if it is a syndicated copy.
    pub duplicate_of: Option<String>,
}

const INCIDENT_COLUMNS: &str = "id, event_type, sub_event_type, date_start, date_end,
    time_precision, country, admin1, admin2, location, latitude, longitude, geo_precision,
    actor1, actor1_side, actor2, actor2_side, fatalities_low, fatalities_best,
    fatalities_high, injured_low, injured_high, claims, documents, sources, outlets,
    disagreement, summary";

fn incident_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<IncidentRow> {
    let n = |v: Option<i64>| v.and_then(|v| u64::try_from(v).ok());
    let summary: String = r.get(27)?;
    Ok(IncidentRow {
        id: r.get(0)?,
        event_type: r.get(1)?,
        sub_event_type: r.get(2)?,
        date_start: r.get(3)?,
        date_end: r.get(4)?,
        time_precision: r.get(5)?,
        country: r.get(6)?,
        admin1: r.get(7)?,
        admin2: r.get(8)?,
        location: r.get(9)?,
        latitude: r.get(10)?,
        longitude: r.get(11)?,
        geo_precision: r.get(12)?,
        actor1: r.get(13)?,
        actor1_side: r.get(14)?,
        actor2: r.get(15)?,
        actor2_side: r.get(16)?,
        fatalities_low: n(r.get(17)?),
        fatalities_best: n(r.get(18)?),
        fatalities_high: n(r.get(19)?),
        injured_low: n(r.get(20)?),
        injured_high: n(r.get(21)?),
        claims: n(r.get(22)?).unwrap_or(0),
        documents: n(r.get(23)?).unwrap_or(0),
        sources: n(r.get(24)?).unwrap_or(0),
        outlets: r.get(25)?,
        disagreement: r.get(26)?,
        summary: serde_json::from_str(&summary).unwrap_or(serde_json::Value::Null),
    })
}

impl Store {
    /// Incidents matching `filter`, by id. `country_code` turns a country name into its code.
    pub fn incidents(
        &self,
        filter: &IncidentFilter,
        country_code: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Vec<IncidentRow>> {
        let mut sql = format!("SELECT {INCIDENT_COLUMNS} FROM incidents WHERE 1=1");
        let mut args: Vec<Value> = Vec::new();
        if let Some(c) = &filter.country {
            let code = country_code(c).unwrap_or_else(|| c.clone());
            sql.push_str(" AND country = ? COLLATE NOCASE");
            args.push(Value::Text(code));
        }
        if let Some(a) = &filter.admin1 {
            sql.push_str(" AND admin1 = ? COLLATE NOCASE");
            args.push(Value::Text(a.clone()));
        }
        if let Some(d) = filter.from {
            sql.push_str(" AND coalesce(date_end, date_start) >= ?");
            args.push(Value::Text(d.to_string()));
        }
        if let Some(d) = filter.to {
            sql.push_str(" AND date_start <= ?");
            args.push(Value::Text(d.to_string()));
        }
        if let Some(a) = &filter.actor {
            sql.push_str(
                " AND (instr(lower(coalesce(actor1, '')), lower(?)) > 0
                  OR instr(lower(coalesce(actor2, '')), lower(?)) > 0)",
            );
            args.push(Value::Text(a.clone()));
            args.push(Value::Text(a.clone()));
        }
        sql.push_str(" ORDER BY id");
        let mut stmt = self.connection().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), incident_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One incident, or `None`.
    pub fn incident(&self, id: i64) -> Result<Option<IncidentRow>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .connection()
            .query_row(
                &format!("SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = ?1"),
                [id],
                incident_row,
            )
            .optional()?)
    }

    /// Every claim of incident `id`, in document then claim order.
    pub fn incident_claims(&self, id: i64) -> Result<Vec<IncidentClaim>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT c.record, d.doc_id, d.outlet, d.published, d.title, d.source_path,
                    o.doc_id
             FROM incident_claims m
             JOIN claims c ON c.id = m.claim_id
             JOIN documents d ON d.id = c.document_id
             LEFT JOIN documents o ON o.id = d.duplicate_of
             WHERE m.incident_id = ?1
             ORDER BY d.published, d.id, c.ordinal",
        )?;
        let rows = stmt.query_map([id], |r| {
            let record: String = r.get(0)?;
            Ok((
                record,
                IncidentClaim {
                    record: serde_json::Value::Null,
                    doc_id: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    title: r.get(4)?,
                    source_path: r.get(5)?,
                    duplicate_of: r.get(6)?,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (record, mut claim) = row?;
            claim.record = serde_json::from_str(&record)
                .with_context(|| format!("claim record of incident {id} is not JSON"))?;
            out.push(claim);
        }
        Ok(out)
    }
}
