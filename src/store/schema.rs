/*!
The database schema and its migrations.

The schema version is SQLite's `user_version`. [`MIGRATIONS`] holds one SQL script per
version; opening a database applies, in one transaction each, every script past the stored
version. A database newer than this program is refused rather than guessed at.
*/

/// Migration `i` brings a database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // Version 1: documents, claims, incidents.
    r#"
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    doc_id        TEXT NOT NULL,            -- the id the input gave (file stem, JSON id, ...)
    content_hash  TEXT NOT NULL UNIQUE,     -- sha256 of outlet, date, title and cleaned text
    source_path   TEXT NOT NULL,
    source_line   INTEGER,
    title         TEXT,
    outlet        TEXT,
    published     TEXT,                     -- YYYY-MM-DD
    url           TEXT,
    text          TEXT NOT NULL,            -- the cleaned text claim spans point into
    simhash       INTEGER NOT NULL,         -- 64-bit word-shingle fingerprint (near duplicates)
    duplicate_of  INTEGER REFERENCES documents(id),  -- set by `link`: a syndicated copy of
    ingested_at   TEXT NOT NULL
);
CREATE INDEX documents_doc_id ON documents(doc_id);

CREATE TABLE claims (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal         INTEGER NOT NULL,       -- n of doc_id#n, from 1 in document order
    claim_id        TEXT NOT NULL,          -- doc_id#n as `sitrep extract` writes it
    event_type      TEXT,
    sub_event_type  TEXT,
    actor1_id       TEXT, actor1_name TEXT, actor1_side TEXT,
    actor2_id       TEXT, actor2_name TEXT, actor2_side TEXT,
    location        TEXT,
    gazetteer_id    TEXT,
    country         TEXT,
    admin1          TEXT,
    admin2          TEXT,
    latitude        REAL,
    longitude       REAL,
    geo_precision   INTEGER,
    date_start      TEXT,
    date_end        TEXT,
    time_precision  INTEGER,
    fatalities_low  INTEGER, fatalities_best INTEGER, fatalities_high INTEGER,
    injured_low     INTEGER, injured_best INTEGER, injured_high INTEGER,
    claimant        TEXT,
    claimant_kind   TEXT,
    evidence        TEXT,                   -- the first evidence sentence
    record          TEXT NOT NULL,          -- the whole claim as `sitrep extract` writes it
    UNIQUE (document_id, ordinal)
);
CREATE INDEX claims_date ON claims(date_start);

CREATE TABLE incidents (
    id               INTEGER PRIMARY KEY,   -- numbered in date order by `link`
    event_type       TEXT,
    sub_event_type   TEXT,
    date_start       TEXT,
    date_end         TEXT,
    time_precision   INTEGER,
    country          TEXT,
    admin1           TEXT,
    admin2           TEXT,
    location         TEXT,
    latitude         REAL,
    longitude        REAL,
    geo_precision    INTEGER,
    actor1           TEXT,                  -- name of the most frequent first actor
    actor1_side      TEXT,
    actor2           TEXT,
    actor2_side      TEXT,
    fatalities_low   INTEGER,               -- lowest figure of any independent report
    fatalities_best  INTEGER,               -- the most conservative figure, as ACLED codes
    fatalities_high  INTEGER,               -- highest figure of any independent report
    injured_low      INTEGER,
    injured_high     INTEGER,
    claims           INTEGER NOT NULL,
    documents        INTEGER NOT NULL,
    sources          INTEGER NOT NULL,      -- independent documents (syndicated copies once)
    outlets          TEXT,                  -- '; '-separated
    disagreement     TEXT,                  -- e.g. 'fatalities: SANA 120; SOHR 30'
    summary          TEXT NOT NULL          -- JSON: per-claimant ranges and spread
);
CREATE INDEX incidents_date ON incidents(date_start);
CREATE INDEX incidents_place ON incidents(country, admin1);

CREATE TABLE incident_claims (
    claim_id     INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE
);
CREATE INDEX incident_claims_incident ON incident_claims(incident_id);

CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
"#,
    // Version 2: who the dead of each claim were (`militants`, `soldiers`, `civilians`,
    // `mixed`; NULL when the text does not say, and for claims stored before version 2).
    r#"
ALTER TABLE claims ADD COLUMN victims TEXT;
"#,
];

/// The schema version this program writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}
