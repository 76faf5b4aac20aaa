//! The store commands: ingest (idempotent, resumable), link, incidents, show, export.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::util::{sitrep, Dir};

fn fixture() -> String {
    format!(
        "{}/tests/fixtures/linking/hasakeh_qamishli.jsonl",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn seeds() -> String {
    format!("{}/examples/seeds", env!("CARGO_MANIFEST_DIR"))
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = Connection::open(db).expect("open db");
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

fn run_ok(args: &[&str]) -> String {
    let out = sitrep(args);
    assert!(
        out.status.success(),
        "sitrep {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Claim ids and records, sorted: what a database holds, independent of row ids.
fn claim_records(db: &Path) -> Vec<(String, String)> {
    let conn = Connection::open(db).expect("open db");
    let mut stmt = conn
        .prepare("SELECT claim_id, record FROM claims ORDER BY claim_id")
        .expect("query");
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows");
    rows.map(|r| r.expect("row")).collect()
}

#[test]
fn ingesting_the_same_documents_twice_stores_them_once() {
    let dir = Dir::new();
    let db = dir.path().join("s.db");
    let db_arg = db.to_str().unwrap();
    run_ok(&["ingest", &seeds(), "--db", db_arg, "-q"]);
    let docs = count(&db, "SELECT count(*) FROM documents");
    let claims = claim_records(&db);
    assert_eq!(docs, 5);
    assert!(claims.len() >= 15, "{} claims", claims.len());

    let out = sitrep(&["ingest", &seeds(), "--db", db_arg]);
    assert!(out.status.success());
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("5 documents read, 0 stored, 5 already stored"),
        "{summary}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 5);
    assert_eq!(claim_records(&db), claims);
    // The schema version is recorded.
    assert_eq!(count(&db, "PRAGMA user_version"), 2);
}

/// Many distinct documents: the seed texts under new ids and dates.
fn big_input(dir: &Dir, copies: usize) -> std::path::PathBuf {
    let mut lines = String::new();
    let texts: Vec<String> = std::fs::read_dir(seeds())
        .expect("seeds")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| std::fs::read_to_string(e.path()).expect("seed text"))
        .collect();
    for n in 0..copies {
        let text = &texts[n % texts.len()];
        let day =
            chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + chrono::Days::new(n as u64);
        let record = serde_json::json!({
            "id": format!("doc{n}"), "text": text, "published": day.to_string(),
            "outlet": "Test Wire",
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    dir.create("big.jsonl", lines)
}

#[test]
fn a_killed_ingest_keeps_its_committed_batches_and_resumes_without_loss_or_duplicates() {
    let dir = Dir::new();
    let total = 1500;
    let input = big_input(&dir, total);
    let db = dir.path().join("killed.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args([
            "ingest",
            input.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .args(["--batch-size", "25", "-q"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ingest");
    // Wait until a few batches are committed, then kill the process mid-run.
    let started = Instant::now();
    let mut committed = 0;
    while started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
        if db.exists() {
            if let Ok(conn) = Connection::open(&db) {
                committed = conn
                    .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
                    .unwrap_or(0);
            }
        }
        if committed >= 100 {
            break;
        }
    }
    child.kill().expect("kill ingest");
    child.wait().expect("reap ingest");
    let after_kill = count(&db, "SELECT count(*) FROM documents");
    assert!(after_kill >= 100, "{after_kill} documents before the kill");
    assert!(
        after_kill < total as i64,
        "the ingest finished before it could be killed"
    );
    // Batches are transactions: only whole batches are there.
    assert_eq!(after_kill % 25, 0, "{after_kill} is not whole batches");

    // Resume, then compare with one uninterrupted run.
    let out = sitrep(&[
        "ingest",
        input.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains(&format!("{after_kill} already stored")),
        "{summary}"
    );
    let clean = dir.path().join("clean.db");
    run_ok(&[
        "ingest",
        input.to_str().unwrap(),
        "--db",
        clean.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), total as i64);
    assert_eq!(
        count(&db, "SELECT count(DISTINCT content_hash) FROM documents"),
        total as i64
    );
    assert_eq!(claim_records(&db), claim_records(&clean));
}

fn linked_fixture(dir: &Dir) -> String {
    let db = dir.path().join("linked.db").to_str().unwrap().to_string();
    run_ok(&["ingest", &fixture(), "--db", &db, "-q"]);
    run_ok(&["link", "--db", &db, "-q"]);
    db
}

/// The incident holding the first claim of `doc_id` with a toll.
fn toll_incident(db: &str, doc_id: &str) -> i64 {
    let conn = Connection::open(db).expect("open db");
    conn.query_row(
        "SELECT m.incident_id FROM claims c JOIN documents d ON d.id = c.document_id
         JOIN incident_claims m ON m.claim_id = c.id
         WHERE d.doc_id = ?1 AND c.fatalities_best IS NOT NULL ORDER BY c.ordinal LIMIT 1",
        [doc_id],
        |r| r.get(0),
    )
    .expect(doc_id)
}

#[test]
fn reports_of_one_bombing_from_three_outlets_and_a_wire_copy_make_one_incident() {
    let dir = Dir::new();
    let db = linked_fixture(&dir);
    // Hasakeh, 5 July 2016: nna, alaraby, ahram and the AFP text ahram republished.
    let hasakeh = toll_incident(&db, "1914947536");
    for doc in ["1923102821", "1923848176", "1923848176-afp"] {
        assert_eq!(toll_incident(&db, doc), hasakeh, "{doc}");
    }
    // Qamishli, 27 July 2016, is another incident.
    let qamishli = toll_incident(&db, "1923848164");
    assert_ne!(qamishli, hasakeh);
    assert_eq!(toll_incident(&db, "1924058172"), qamishli);

    let db_path = Path::new(&db);
    // The wire copy is found and counted once.
    assert_eq!(
        count(
            db_path,
            "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"
        ),
        1
    );
    let row = |id: i64, col: &str| -> Option<i64> {
        let conn = Connection::open(db_path).unwrap();
        conn.query_row(
            &format!("SELECT {col} FROM incidents WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(row(hasakeh, "documents"), Some(4));
    assert_eq!(row(hasakeh, "sources"), Some(3));
    assert_eq!(row(hasakeh, "fatalities_best"), Some(16));
    // Qamishli: state TV's 31 against 44 elsewhere; the lowest is coded, both are kept.
    assert_eq!(row(qamishli, "fatalities_best"), Some(31));
    assert_eq!(row(qamishli, "fatalities_high"), Some(44));

    // `show` prints every claim with its evidence, the claim's words marked.
    let shown = run_ok(&["show", &qamishli.to_string(), "--db", &db]);
    assert!(shown.contains("sources disagree: fatalities:"), "{shown}");
    assert!(shown.contains("«killed 31 people»"), "{shown}");
    // `incidents` filters by country name, date and actor.
    let listed = run_ok(&[
        "incidents",
        "--db",
        &db,
        "--country",
        "Syria",
        "--from",
        "2016-07-20",
        "--format",
        "json",
    ]);
    let ids: Vec<i64> = listed
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert!(
        ids.contains(&qamishli) && !ids.contains(&hasakeh),
        "{ids:?}"
    );
}

#[test]
fn linking_gives_the_same_incidents_whatever_the_ingest_order() {
    let dir = Dir::new();
    let text = std::fs::read_to_string(fixture()).unwrap();
    let reversed: String = text.lines().rev().map(|l| format!("{l}\n")).collect();
    let input = dir.create("reversed.jsonl", reversed);
    let db = dir.path().join("rev.db");
    let db_arg = db.to_str().unwrap();
    run_ok(&["ingest", input.to_str().unwrap(), "--db", db_arg, "-q"]);
    run_ok(&["link", "--db", db_arg, "-q"]);
    let forward = linked_fixture(&dir);
    let groups = |db: &str| {
        let conn = Connection::open(db).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT m.incident_id, group_concat(c.claim_id, ' ')
                 FROM (SELECT * FROM incident_claims) m JOIN claims c ON c.id = m.claim_id
                 GROUP BY m.incident_id ORDER BY m.incident_id",
            )
            .unwrap();
        let mut v: Vec<(i64, Vec<String>)> = stmt
            .query_map([], |r| {
                let ids: String = r.get(1)?;
                let mut ids: Vec<String> = ids.split(' ').map(str::to_string).collect();
                ids.sort();
                Ok((r.get(0)?, ids))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        v.sort();
        v
    };
    assert_eq!(groups(db_arg), groups(&forward));
}

#[test]
fn exports_round_trip_through_a_csv_parser() {
    let dir = Dir::new();
    let db = linked_fixture(&dir);
    let incidents = count(Path::new(&db), "SELECT count(*) FROM incidents");

    let acled = run_ok(&["export", "--db", &db, "--format", "acled-csv"]);
    let mut reader = csv::Reader::from_reader(acled.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, sitrep::export::ACLED_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len() as i64, incidents);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let qamishli = rows
        .iter()
        .find(|r| &r[col("location")] == "Al Qamishli" && &r[col("fatalities")] == "31")
        .expect("the Qamishli bombing is exported");
    assert!(qamishli[col("event_id_cnty")].starts_with("SYR"));
    assert_eq!(&qamishli[col("country")], "Syria");
    assert_eq!(&qamishli[col("iso")], "760");
    assert_eq!(&qamishli[col("region")], "Middle East");
    assert_eq!(&qamishli[col("event_date")], "2016-07-27");
    assert_eq!(&qamishli[col("year")], "2016");
    assert!(qamishli[col("notes")].contains("reports differ"));
    assert!(
        qamishli[col("notes")].contains("Qamishli"),
        "{}",
        &qamishli[col("notes")]
    );
    for r in &rows {
        assert_eq!(r.len(), 31);
        r[col("fatalities")]
            .parse::<u64>()
            .expect("fatalities is a number");
    }

    let ucdp = run_ok(&["export", "--db", &db, "--format", "ucdp-csv"]);
    let mut reader = csv::Reader::from_reader(ucdp.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, sitrep::export::UCDP_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let q = rows
        .iter()
        .find(|r| &r[col("where_coordinates")] == "Al Qamishli" && &r[col("low")] == "31")
        .expect("Qamishli in the UCDP export");
    assert_eq!(&q[col("high")], "44");

    let geo: serde_json::Value =
        serde_json::from_str(&run_ok(&["export", "--db", &db, "--format", "geojson"])).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert!(!features.is_empty());
    for f in features {
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
    }

    let jsonl = run_ok(&["export", "--db", &db, "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len() as i64, incidents);
    let claims: usize = lines
        .iter()
        .map(|l| l["claim_records"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        claims as i64,
        count(Path::new(&db), "SELECT count(*) FROM incident_claims")
    );
}

#[test]
fn store_commands_explain_a_missing_database_or_incident() {
    let dir = Dir::new();
    let missing = dir.path().join("none.db");
    let out = sitrep(&["incidents", "--db", missing.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such database"));
    let db = linked_fixture(&dir);
    let out = sitrep(&["show", "9999", "--db", &db]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no incident 9999"));
    let not_db = dir.create("not.db", "this is not a database, just text\n".repeat(100));
    let out = sitrep(&["link", "--db", not_db.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not.db"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
