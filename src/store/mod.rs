/*!
The SQLite store: documents, their claims and the incidents `link` builds from them.

`sitrep ingest` writes here, `sitrep link` reads the claims and writes incidents, and
`incidents`, `show` and `export` read. The tables (see [`schema`]) are plain enough for any
SQLite client: one row per document, per claim and per incident.

Guarantees:
- **Idempotent.** A document is known by the sha256 of its outlet, date, title and cleaned
  text ([`content_hash`]); ingesting it again is a no-op, and the pipeline does not even run
  on it.
- **Crash-safe and resumable.** Each batch of documents is one transaction (WAL journal), so
  a killed ingest keeps every batch it committed and loses only the one in flight; running
  the same command again skips what is stored and finishes the rest.
*/

pub mod query;
pub mod schema;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use rustc_hash::FxHashSet;
use sha2::{Digest, Sha256};

use crate::claim::{Claim, Count};
use crate::doc::Document;
use crate::ingest::{IngestError, IngestOptions};
use crate::link::{LinkClaim, LinkDocument};
use crate::pipeline::Pipeline;

/// An open sitrep database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// What one `ingest` run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IngestStats {
    /// Documents read from the inputs.
    pub read: u64,
    /// Documents new to the store, processed and written.
    pub stored: u64,
    /// Documents already in the store (or repeated in the input), skipped.
    pub known: u64,
    /// Input items skipped because of an error.
    pub skipped: u64,
    /// Claims written.
    pub claims: u64,
}

/// The sha256 (hex) that identifies a document: outlet, publication date, title and cleaned
/// text. The same article read twice, from any path, has the same hash.
pub fn content_hash(doc: &Document) -> String {
    let mut h = Sha256::new();
    h.update(doc.outlet.as_deref().unwrap_or("").as_bytes());
    h.update([0]);
    h.update(doc.published.map(|d| d.to_string()).unwrap_or_default());
    h.update([0]);
    h.update(doc.title.as_deref().unwrap_or("").as_bytes());
    h.update([0]);
    h.update(doc.text.as_bytes());
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)
            .with_context(|| format!("{}: cannot open database", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .with_context(|| format!("{}: not a SQLite database", path.display()))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing database; a missing file is an error (read commands).
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            bail!(
                "{}: no such database (run `sitrep ingest PATH... --db {}` first)",
                path.display(),
                path.display()
            );
        }
        Store::open(path)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        let target = schema::current_version();
        if version > target {
            bail!(
                "{}: database schema version {version} is newer than this sitrep ({target}); \
                 upgrade sitrep",
                self.path.display()
            );
        }
        for (i, script) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(script)
                .with_context(|| format!("{}: migration {}", self.path.display(), i + 1))?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The underlying connection, for queries the store does not wrap.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Which of `hashes` are already stored.
    pub fn known_hashes(&self, hashes: &[String]) -> Result<FxHashSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE content_hash = ?1")?;
        let mut known = FxHashSet::default();
        for h in hashes {
            if stmt.exists([h])? {
                known.insert(h.clone());
            }
        }
        Ok(known)
    }

    /// Writes processed documents and all their claims in one transaction. Returns the
    /// number of claims written.
    pub fn insert_documents(&mut self, docs: &[(Document, String)]) -> Result<u64> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let tx = self.conn.transaction()?;
        let mut claims = 0;
        {
            let mut doc_stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO documents (doc_id, content_hash, source_path, source_line,
                 title, outlet, published, url, text, simhash, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            let mut claim_stmt = tx.prepare_cached(CLAIM_INSERT)?;
            for (doc, hash) in docs {
                let inserted = doc_stmt.execute(params![
                    doc.id,
                    hash,
                    doc.origin.path,
                    doc.origin.line.map(|l| l as i64),
                    doc.title,
                    doc.outlet,
                    doc.published.map(|d| d.to_string()),
                    doc.url,
                    doc.text,
                    crate::link::dedup::simhash(&doc.text) as i64,
                    now,
                ])?;
                if inserted == 0 {
                    continue;
                }
                let document_id = tx.last_insert_rowid();
                for (i, c) in doc.claims.iter().enumerate() {
                    insert_claim(&mut claim_stmt, document_id, doc, i, c)?;
                    claims += 1;
                }
            }
        }
        tx.commit()
            .with_context(|| format!("{}: cannot commit", self.path.display()))?;
        Ok(claims)
    }

    /// Number of rows in `table` (documents, claims, incidents).
    pub fn count(&self, table: &str) -> Result<u64> {
        if !matches!(
            table,
            "documents" | "claims" | "incidents" | "incident_claims"
        ) {
            bail!("no table '{table}'");
        }
        let n: i64 = self
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Every document, as linking needs it.
    pub fn link_documents(&self) -> Result<Vec<LinkDocument>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, content_hash, published, outlet, simhash FROM documents ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(LinkDocument {
                id: r.get(0)?,
                key: r.get(1)?,
                published: parse_date(r.get::<_, Option<String>>(2)?),
                outlet: r.get(3)?,
                simhash: r.get::<_, i64>(4)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every claim, as linking needs it.
    pub fn link_claims(&self) -> Result<Vec<LinkClaim>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.document_id, c.ordinal, c.event_type, c.sub_event_type,
                    c.actor1_id, c.actor2_id, c.actor1_name, c.actor2_name, c.actor1_side,
                    c.actor2_side, c.location, c.gazetteer_id, c.country, c.admin1,
                    c.admin2, c.latitude, c.longitude, c.geo_precision, c.date_start,
                    c.date_end, c.time_precision, c.fatalities_low, c.fatalities_best,
                    c.fatalities_high, c.injured_best, c.claimant, d.outlet, d.published,
                    c.victims
             FROM claims c JOIN documents d ON d.id = c.document_id ORDER BY c.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let claimant: Option<String> = r.get(26)?;
            let outlet: Option<String> = r.get(27)?;
            Ok(LinkClaim {
                id: r.get(0)?,
                document: r.get(1)?,
                ordinal: r.get(2)?,
                event_type: r.get(3)?,
                sub_event_type: r.get(4)?,
                actor1: r.get(5)?,
                actor2: r.get(6)?,
                actor1_name: r.get(7)?,
                actor2_name: r.get(8)?,
                actor1_side: r.get(9)?,
                actor2_side: r.get(10)?,
                location: r.get(11)?,
                gazetteer_id: r.get(12)?,
                country: r.get(13)?,
                admin1: r.get(14)?,
                admin2: r.get(15)?,
                lat: r.get(16)?,
                lon: r.get(17)?,
                geo_precision: r.get::<_, Option<u8>>(18)?.unwrap_or(0),
                date_start: parse_date(r.get(19)?),
                date_end: parse_date(r.get(20)?),
                time_precision: r.get::<_, Option<u8>>(21)?.unwrap_or(0),
                fatalities_low: opt_u64(r.get(22)?),
                fatalities: opt_u64(r.get(23)?),
                fatalities_high: opt_u64(r.get(24)?),
                injured: opt_u64(r.get(25)?),
                victims: r.get(29)?,
                source: claimant
                    .or(outlet)
                    .unwrap_or_else(|| "unknown source".to_string()),
                published: parse_date(r.get(28)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces all incidents with `linking`'s, and records which documents are copies of
    /// which, in one transaction.
    pub fn save_linking(&mut self, linking: &crate::link::Linking) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM incident_claims; DELETE FROM incidents;
             UPDATE documents SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL;",
        )?;
        {
            let mut dup = tx.prepare("UPDATE documents SET duplicate_of = ?2 WHERE id = ?1")?;
            for (doc, original) in &linking.duplicate_of {
                dup.execute(params![doc, original])?;
            }
            let mut inc = tx.prepare(
                "INSERT INTO incidents (id, event_type, sub_event_type, date_start, date_end,
                 time_precision, country, admin1, admin2, location, latitude, longitude,
                 geo_precision, actor1, actor1_side, actor2, actor2_side, fatalities_low, fatalities_best,
                 fatalities_high, injured_low, injured_high, claims, documents, sources,
                 outlets, disagreement, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
            )?;
            let mut member =
                tx.prepare("INSERT INTO incident_claims (claim_id, incident_id) VALUES (?1, ?2)")?;
            for i in &linking.incidents {
                inc.execute(params![
                    i.id,
                    i.event_type,
                    i.sub_event_type,
                    i.date_start.map(|d| d.to_string()),
                    i.date_end.map(|d| d.to_string()),
                    i.time_precision,
                    i.country,
                    i.admin1,
                    i.admin2,
                    i.location,
                    i.lat,
                    i.lon,
                    i.geo_precision,
                    i.actor1,
                    i.actor1_side,
                    i.actor2,
                    i.actor2_side,
                    i.fatalities.low.map(|v| v as i64),
                    i.fatalities.conservative.map(|v| v as i64),
                    i.fatalities.high.map(|v| v as i64),
                    i.injured.low.map(|v| v as i64),
                    i.injured.high.map(|v| v as i64),
                    i.claims.len() as i64,
                    i.documents as i64,
                    i.sources as i64,
                    i.outlets.join("; "),
                    i.disagreement,
                    serde_json::to_string(&i.summary)?,
                ])?;
                for c in &i.claims {
                    member.execute(params![c, i.id])?;
                }
            }
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('linked_at', ?1)",
                [chrono::Utc::now().timestamp().to_string()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// A `meta` value.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }
}

const CLAIM_INSERT: &str = "INSERT INTO claims (document_id, ordinal, claim_id, event_type,
    sub_event_type, actor1_id, actor1_name, actor1_side, actor2_id, actor2_name, actor2_side,
    location, gazetteer_id, country, admin1, admin2, latitude, longitude, geo_precision,
    date_start, date_end, time_precision, fatalities_low, fatalities_best, fatalities_high,
    injured_low, injured_best, injured_high, claimant, claimant_kind, evidence, record, victims)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
    ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33)";

fn insert_claim(
    stmt: &mut rusqlite::CachedStatement<'_>,
    document_id: i64,
    doc: &Document,
    index: usize,
    c: &Claim,
) -> Result<()> {
    let wire = crate::wire::wire_claim(doc, index, c);
    let record = serde_json::to_string(&wire)?;
    let n = |v: Option<u64>| v.map(|v| v as i64);
    let count = |c: &Option<Count>| {
        c.as_ref()
            .map(|c| (n(c.low), n(c.best), n(c.high)))
            .unwrap_or_default()
    };
    let (fl, fb, fh) = count(&c.fatalities);
    let (il, ib, ih) = count(&c.injured);
    let a1 = c.actor1.as_ref();
    let a2 = c.actor2.as_ref();
    let loc = c.location.as_ref();
    let date = c.date.as_ref();
    stmt.execute(params![
        document_id,
        (index + 1) as i64,
        wire.claim_id,
        c.event_type,
        c.sub_event_type,
        a1.map(|a| &a.id),
        a1.map(|a| &a.name),
        a1.map(|a| a.side.as_str()),
        a2.map(|a| &a.id),
        a2.map(|a| &a.name),
        a2.map(|a| a.side.as_str()),
        loc.map(|l| &l.name),
        loc.and_then(|l| l.gazetteer_id.as_ref()),
        loc.and_then(|l| l.country.as_ref()),
        loc.and_then(|l| l.admin1.as_ref()),
        loc.and_then(|l| l.admin2.as_ref()),
        loc.and_then(|l| l.lat),
        loc.and_then(|l| l.lon),
        loc.map(|l| l.geo_precision),
        date.and_then(|d| d.start).map(|d| d.to_string()),
        date.and_then(|d| d.end).map(|d| d.to_string()),
        date.and_then(|d| d.time_precision),
        fl,
        fb,
        fh,
        il,
        ib,
        ih,
        c.claimant.as_ref().map(|x| &x.name),
        c.claimant.as_ref().map(|x| x.kind.as_str()),
        c.evidence.first().map(|s| doc.slice(*s)),
        record,
        c.fatalities
            .as_ref()
            .map(|f| f.victims)
            .filter(|v| *v != crate::claim::Victims::Unknown)
            .map(|v| v.as_str()),
    ])?;
    Ok(())
}

fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

fn opt_u64(v: Option<i64>) -> Option<u64> {
    v.and_then(|v| u64::try_from(v).ok())
}

/// Reads `paths`, runs `pipeline` on every document the store does not hold yet and
/// writes them, `batch_size` documents per transaction. Errors in the input go to
/// `on_error` and are skipped; a database error stops the run (what was committed stays).
/// `on_progress` gets the bytes of each finished input file.
pub fn ingest(
    store: &mut Store,
    paths: &[PathBuf],
    opts: &IngestOptions,
    pipeline: &Pipeline,
    batch_size: usize,
    on_error: &mut dyn FnMut(&IngestError),
    on_progress: &mut dyn FnMut(u64),
) -> Result<IngestStats> {
    let mut stats = IngestStats::default();
    let mut failure: Option<anyhow::Error> = None;
    let mut on_batch = |batch: &mut Vec<Document>| match ingest_batch(
        store,
        std::mem::take(batch),
        pipeline,
        &mut stats,
    ) {
        Ok(()) => true,
        Err(e) => {
            failure = Some(e);
            false
        }
    };
    stats.skipped = crate::batch::read_batches(
        paths,
        opts,
        batch_size,
        on_error,
        &mut on_batch,
        on_progress,
    );
    if let Some(e) = failure {
        return Err(e.context(format!("{}: ingest stopped", store.path.display())));
    }
    Ok(stats)
}

/// Stores one batch of unprocessed documents: those not stored yet (by [`content_hash`])
/// go through `pipeline` on all cores and are written in one transaction. Adds to `stats`.
pub fn ingest_batch(
    store: &mut Store,
    batch: Vec<Document>,
    pipeline: &Pipeline,
    stats: &mut IngestStats,
) -> Result<()> {
    use rayon::prelude::*;
    let read = batch.len() as u64;
    stats.read += read;
    let hashes: Vec<String> = batch.par_iter().map(content_hash).collect();
    let known = store.known_hashes(&hashes)?;
    let mut seen = FxHashSet::default();
    let (mut docs, hashes): (Vec<Document>, Vec<String>) = batch
        .into_iter()
        .zip(hashes)
        .filter(|(_, h)| !known.contains(h) && seen.insert(h.clone()))
        .unzip();
    stats.known += read - docs.len() as u64;
    // one stage at a time over the batch (see `Pipeline::run_batch`)
    pipeline.run_batch(&mut docs);
    let fresh: Vec<(Document, String)> = docs.into_iter().zip(hashes).collect();
    stats.claims += store.insert_documents(&fresh)?;
    stats.stored += fresh.len() as u64;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database written by a sitrep of schema version 1 (no `victims` column) is brought
    /// to the current version on open, keeping its rows.
    #[test]
    fn an_older_database_is_migrated_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO documents (doc_id, content_hash, source_path, text, simhash,
                 ingested_at) VALUES ('a', 'h', 'a.txt', 't', 0, '2026-01-01')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let conn = store.connection();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema::current_version());
        let victims: Option<String> = conn
            .query_row("SELECT victims FROM claims LIMIT 1", [], |r| r.get(0))
            .optional()
            .unwrap()
            .flatten();
        assert_eq!(victims, None);
        let docs: i64 = conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .unwrap();
        assert_eq!(docs, 1);
    }
}
