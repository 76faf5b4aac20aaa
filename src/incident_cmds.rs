//! The store commands: `ingest`, `link`, `incidents`, `show`, `export`.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use sitrep::export::{self, ExportFormat};
use sitrep::link::{self, LinkOptions};
use sitrep::store::query::{IncidentClaim, IncidentFilter, IncidentRow};
use sitrep::store::{self, Store};

use crate::InputArgs;

/// Default database file.
const DEFAULT_DB: &str = "sitrep.db";

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or directories to read; `-` reads stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// The database (created if missing).
    #[arg(long, default_value = DEFAULT_DB, value_name = "FILE")]
    db: PathBuf,
    /// Documents per transaction.
    #[arg(long, default_value_t = 512)]
    batch_size: usize,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(clap::Args)]
pub struct LinkArgs {
    /// The database.
    #[arg(long, default_value = DEFAULT_DB, value_name = "FILE")]
    db: PathBuf,
    /// Two named places further apart than this (km) are different incidents.
    #[arg(long, default_value_t = LinkOptions::default().max_km)]
    max_km: f64,
    /// Score two claims need to link (see ARCHITECTURE.md, "Linking").
    #[arg(long, default_value_t = LinkOptions::default().threshold)]
    threshold: f64,
    /// No summary line.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(clap::Args)]
pub struct IncidentsArgs {
    /// The database.
    #[arg(long, default_value = DEFAULT_DB, value_name = "FILE")]
    db: PathBuf,
    #[command(flatten)]
    filter: FilterArgs,
    /// Output: an aligned table or JSON Lines.
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    format: String,
}

#[derive(clap::Args)]
pub struct FilterArgs {
    /// Country: ISO code or English name.
    #[arg(long)]
    country: Option<String>,
    /// Province (first-order division) name.
    #[arg(long)]
    admin1: Option<String>,
    /// Incidents on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// Incidents on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
    /// Part of an actor's name.
    #[arg(long)]
    actor: Option<String>,
}

impl FilterArgs {
    fn filter(&self) -> Result<IncidentFilter> {
        let day = |flag: &str, v: &Option<String>| -> Result<_> {
            v.as_deref()
                .map(|d| {
                    sitrep::ingest::parse_date(d)
                        .with_context(|| format!("{flag} '{d}': expected YYYY-MM-DD"))
                })
                .transpose()
        };
        Ok(IncidentFilter {
            country: self.country.clone(),
            admin1: self.admin1.clone(),
            from: day("--from", &self.from)?,
            to: day("--to", &self.to)?,
            actor: self.actor.clone(),
        })
    }
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// Incident number (as `sitrep incidents` lists it).
    incident: i64,
    /// The database.
    #[arg(long, default_value = DEFAULT_DB, value_name = "FILE")]
    db: PathBuf,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The database.
    #[arg(long, default_value = DEFAULT_DB, value_name = "FILE")]
    db: PathBuf,
    /// acled-csv, ucdp-csv, geojson or jsonl.
    #[arg(long)]
    format: ExportFormat,
    #[command(flatten)]
    filter: FilterArgs,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    let opts = args.input.ingest_options()?;
    let pipeline = args.input.pipeline()?;
    let mut db = Store::open(&args.db)?;
    let total: u64 = sitrep::ingest::expand_paths(&args.paths)
        .0
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let bar = crate::progress(args.quiet, total);
    let started = Instant::now();
    let mut on_error =
        |e: &sitrep::ingest::IngestError| bar.suspend(|| eprintln!("sitrep: skipped {e}"));
    let stats = store::ingest(
        &mut db,
        &args.paths,
        &opts,
        &pipeline,
        args.batch_size,
        &mut on_error,
        &mut |bytes| bar.inc(bytes),
    )?;
    bar.finish_and_clear();
    if !args.quiet {
        eprintln!(
            "sitrep: {} documents read, {} stored, {} already stored, {} skipped, {} claims written to {} in {:.1} s",
            stats.read,
            stats.stored,
            stats.known,
            stats.skipped,
            stats.claims,
            args.db.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(if stats.skipped > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Links the store's claims into incidents and saves them; returns the linking and the
/// seconds it took (excluding reading and writing).
pub fn link_store(db: &mut Store, opts: &LinkOptions) -> Result<(link::Linking, f64)> {
    let docs = db.link_documents()?;
    let claims = db.link_claims()?;
    let started = Instant::now();
    let linking = link::link(&docs, &claims, opts);
    let seconds = started.elapsed().as_secs_f64();
    db.save_linking(&linking)?;
    Ok((linking, seconds))
}

pub fn link(args: LinkArgs) -> Result<ExitCode> {
    let mut db = Store::open_existing(&args.db)?;
    let opts = LinkOptions {
        max_km: args.max_km,
        threshold: args.threshold,
        ..LinkOptions::default()
    };
    let started = Instant::now();
    let (linking, link_secs) = link_store(&mut db, &opts)?;
    if !args.quiet {
        let multi = linking.incidents.iter().filter(|i| i.sources > 1).count();
        eprintln!(
            "sitrep: {} incidents ({} reported by more than one independent document), {} syndicated copies, {} claim pairs compared, in {:.1} s ({:.1} s linking, the rest reading and writing)",
            linking.incidents.len(),
            multi,
            linking.duplicate_of.len(),
            linking.comparisons,
            started.elapsed().as_secs_f64(),
            link_secs
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn figure(row: &IncidentRow) -> String {
    match (row.fatalities_best, row.fatalities_high) {
        (None, _) => "-".into(),
        (Some(b), Some(h)) if h > b => format!("{b} ({b}-{h})"),
        (Some(b), _) => b.to_string(),
    }
}

pub fn incidents(args: IncidentsArgs) -> Result<ExitCode> {
    let db = Store::open_existing(&args.db)?;
    let rows = db.incidents(&args.filter.filter()?, &export::country_code)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.format == "json" {
        for r in &rows {
            serde_json::to_writer(&mut out, r)?;
            out.write_all(b"\n")?;
        }
    } else {
        writeln!(
            out,
            "{:>6}  {:<10}  {:<26}  {:<30}  {:<34}  {:>12}  {:>3}",
            "id", "date", "type", "where", "actors", "killed", "src"
        )?;
        for r in &rows {
            let place = [
                r.location.as_deref(),
                r.admin1.as_deref(),
                r.country.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
            let place = {
                let mut p = place.clone();
                p.dedup();
                p.join(", ")
            };
            let actors = match (&r.actor1, &r.actor2) {
                (Some(a), Some(b)) => format!("{a} v {b}"),
                (Some(a), None) => a.clone(),
                (None, Some(b)) => format!("? v {b}"),
                (None, None) => String::new(),
            };
            writeln!(
                out,
                "{:>6}  {:<10}  {:<26}  {:<30}  {:<34}  {:>12}  {:>3}{}",
                r.id,
                r.date_start.as_deref().unwrap_or("-"),
                cut(r.event_type.as_deref().unwrap_or("-"), 26),
                cut(&place, 30),
                cut(&actors, 34),
                figure(r),
                r.sources,
                if r.disagreement.is_some() {
                    "  disputed"
                } else {
                    ""
                }
            )?;
        }
    }
    out.flush()?;
    eprintln!("sitrep: {} incidents", rows.len());
    Ok(ExitCode::SUCCESS)
}

/// The evidence sentence with the claim's words marked: bold on a terminal, «» otherwise.
fn highlighted(claim: &IncidentClaim, terminal: bool) -> String {
    let r = &claim.record;
    let span = (r["span"]["start"].as_u64(), r["span"]["end"].as_u64());
    let Some(ev) = r["evidence"].as_array().and_then(|e| e.first()) else {
        return String::new();
    };
    let (Some(text), Some(start)) = (ev["text"].as_str(), ev["start"].as_u64()) else {
        return String::new();
    };
    let (open, close) = if terminal {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    let marked = match span {
        (Some(s), Some(e)) if s >= start && e >= s => {
            let (a, b) = ((s - start) as usize, (e - start) as usize);
            match (
                text.get(..a),
                text.get(a..b.min(text.len())),
                text.get(b.min(text.len())..),
            ) {
                (Some(x), Some(y), Some(z)) => format!("{x}{open}{y}{close}{z}"),
                _ => text.to_string(),
            }
        }
        _ => text.to_string(),
    };
    marked.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn count(v: &serde_json::Value) -> String {
    if v.is_null() {
        return "-".into();
    }
    match (v["low"].as_u64(), v["best"].as_u64(), v["high"].as_u64()) {
        (Some(l), Some(b), Some(h)) if l == h => format!("{b}"),
        (Some(l), Some(b), Some(h)) => format!("{b} ({l}-{h})"),
        (Some(l), Some(b), None) => format!("{b} ({l}+)"),
        (_, Some(b), _) => b.to_string(),
        _ => "?".into(),
    }
}

pub fn show(args: ShowArgs) -> Result<ExitCode> {
    let db = Store::open_existing(&args.db)?;
    let Some(inc) = db.incident(args.incident)? else {
        bail!(
            "{}: no incident {} (see `sitrep incidents --db {}`)",
            args.db.display(),
            args.incident,
            args.db.display()
        );
    };
    let claims = db.incident_claims(inc.id)?;
    let terminal = io::stdout().is_terminal();
    let mut out = io::BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "Incident {}: {} {} — {}",
        inc.id,
        inc.event_type.as_deref().unwrap_or("(type unknown)"),
        inc.sub_event_type
            .as_deref()
            .map(|s| format!("/ {s}"))
            .unwrap_or_default(),
        [
            inc.location.as_deref(),
            inc.admin2.as_deref(),
            inc.admin1.as_deref(),
            inc.country.as_deref()
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    )?;
    writeln!(
        out,
        "  date {}{}; actors {} v {}",
        inc.date_start.as_deref().unwrap_or("?"),
        match (&inc.date_end, &inc.date_start) {
            (Some(e), Some(s)) if e != s => format!(" to {e}"),
            _ => String::new(),
        },
        inc.actor1.as_deref().unwrap_or("?"),
        inc.actor2.as_deref().unwrap_or("?")
    )?;
    writeln!(
        out,
        "  killed: {} (most conservative; range {}-{}); {} claims, {} documents, {} independent",
        inc.fatalities_best.map_or("-".into(), |v| v.to_string()),
        inc.fatalities_low.map_or("?".into(), |v| v.to_string()),
        inc.fatalities_high.map_or("?".into(), |v| v.to_string()),
        inc.claims,
        inc.documents,
        inc.sources
    )?;
    if let Some(d) = &inc.disagreement {
        writeln!(out, "  sources disagree: {d}")?;
    }
    for c in &claims {
        let r = &c.record;
        writeln!(out)?;
        writeln!(
            out,
            "  {}  {} {}{}",
            r["claim_id"].as_str().unwrap_or("?"),
            c.outlet.as_deref().unwrap_or("(outlet unknown)"),
            c.published.as_deref().unwrap_or(""),
            c.duplicate_of
                .as_deref()
                .map(|d| format!("  (copy of {d})"))
                .unwrap_or_default()
        )?;
        writeln!(
            out,
            "    claimant {}; killed {}; injured {}; at {}",
            r["claimant"]["name"].as_str().unwrap_or("?"),
            count(&r["fatalities"]),
            count(&r["injured"]),
            r["location"]["name"].as_str().unwrap_or("?")
        )?;
        writeln!(out, "    \"{}\"", highlighted(c, terminal))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(args: ExportArgs) -> Result<ExitCode> {
    let db = Store::open_existing(&args.db)?;
    let rows = db.incidents(&args.filter.filter()?, &export::country_code)?;
    if rows.is_empty() && db.count("incidents")? == 0 && db.count("claims")? > 0 {
        eprintln!(
            "sitrep: {} has claims but no incidents; run `sitrep link --db {}` first",
            args.db.display(),
            args.db.display()
        );
    }
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    export::write(&db, &rows, args.format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct EvalLinkArgs {
    /// The FA-KES CSV, e.g. ../shared/data/corpus/fakes.csv.
    fakes: PathBuf,
    /// Gold labels; default: the ones built into sitrep (eval/linking_fakes.tsv).
    #[arg(long, value_name = "TSV")]
    gold: Option<PathBuf>,
    /// Keep the database here instead of a temporary file.
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Score needed to link (see `sitrep link --help`).
    #[arg(long, default_value_t = LinkOptions::default().threshold)]
    threshold: f64,
    /// Distance bound for named places, km.
    #[arg(long, default_value_t = LinkOptions::default().max_km)]
    max_km: f64,
    /// Extra score two claims of one document need to link.
    #[arg(long, default_value_t = LinkOptions::default().same_document_extra)]
    same_document_extra: f64,
    /// Tolls further apart than this factor count against a link.
    #[arg(long, default_value_t = LinkOptions::default().toll_ratio)]
    toll_ratio: f64,
    /// What two claims lose when both name both sides and share neither.
    #[arg(long, default_value_t = LinkOptions::default().actor_clash)]
    actor_clash: f64,
    /// What two claims lose when one counts dead civilians and the other dead fighters.
    #[arg(long, default_value_t = LinkOptions::default().victims_clash)]
    victims_clash: f64,
    /// Longest incident, days.
    #[arg(long, default_value_t = LinkOptions::default().max_span_days)]
    max_span_days: i64,
    /// Print this many wrong pairs of each kind.
    #[arg(long, default_value_t = 0)]
    errors: usize,
}

/// Removes a temporary database and its WAL files when dropped.
struct TempDb(PathBuf);

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

pub fn eval_link(args: EvalLinkArgs) -> Result<ExitCode> {
    use sitrep::link::evaluate;
    let gold = match &args.gold {
        Some(p) => evaluate::load_gold(p)?,
        None => evaluate::parse_gold(
            include_str!("../eval/linking_fakes.tsv"),
            std::path::Path::new("eval/linking_fakes.tsv"),
        )?,
    };
    let (path, _cleanup) = match &args.db {
        Some(p) => (p.clone(), None),
        None => {
            let p =
                std::env::temp_dir().join(format!("sitrep-eval-link-{}.db", std::process::id()));
            (p.clone(), Some(TempDb(p)))
        }
    };
    let mut db = Store::open(&path)?;
    let pipeline =
        sitrep::batch::standard_pipeline(sitrep::recognise::profile::ProfileName::Acled).build()?;
    let mut on_error = |e: &sitrep::ingest::IngestError| eprintln!("sitrep: skipped {e}");
    store::ingest(
        &mut db,
        std::slice::from_ref(&args.fakes),
        &sitrep::ingest::IngestOptions::default(),
        &pipeline,
        512,
        &mut on_error,
        &mut |_| {},
    )?;
    let opts = LinkOptions {
        threshold: args.threshold,
        max_km: args.max_km,
        same_document_extra: args.same_document_extra,
        toll_ratio: args.toll_ratio,
        actor_clash: args.actor_clash,
        victims_clash: args.victims_clash,
        max_span_days: args.max_span_days,
        ..LinkOptions::default()
    };
    let (linking, _) = link_store(&mut db, &opts)?;
    let predicted = evaluate::lead_incidents(&db)?;
    let (mut fp, mut fn_) = (Vec::new(), Vec::new());
    let mut note = |a: &evaluate::GoldRow, b: &evaluate::GoldRow, missed: bool| {
        let list = if missed { &mut fn_ } else { &mut fp };
        if list.len() < args.errors {
            list.push(format!(
                "{} ({}) ~ {} ({}): predicted {:?} / {:?}",
                a.doc_id,
                a.incident.as_deref().unwrap_or("-"),
                b.doc_id,
                b.incident.as_deref().unwrap_or("-"),
                predicted.get(&a.doc_id),
                predicted.get(&b.doc_id)
            ));
        }
    };
    let all = evaluate::score(&gold, &predicted, &|_| true, &mut note);
    let mut quiet = |_: &evaluate::GoldRow, _: &evaluate::GoldRow, _: bool| {};
    let dev = evaluate::score(&gold, &predicted, &|r| r.component % 2 == 0, &mut quiet);
    let held = evaluate::score(&gold, &predicted, &|r| r.component % 2 == 1, &mut quiet);
    println!(
        "linking on FA-KES: {} documents, {} incidents, {} syndicated copies found",
        db.count("documents")?,
        linking.incidents.len(),
        linking.duplicate_of.len()
    );
    println!("pairwise \"same incident\" over labelled articles (lead claim's incident):");
    println!(
        "  {:<18} {:>8} {:>6} {:>6} {:>6} {:>9} {:>7} {:>5}",
        "split", "articles", "TP", "FP", "FN", "precision", "recall", "F1"
    );
    for (name, c) in [
        ("all", all),
        ("dev (even groups)", dev),
        ("held-out (odd)", held),
    ] {
        println!(
            "  {:<18} {:>8} {:>6} {:>6} {:>6} {:>9.3} {:>7.3} {:>5.3}",
            name,
            c.articles,
            c.true_positive,
            c.false_positive,
            c.false_negative,
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    for line in &fp {
        println!("false link: {line}");
    }
    for line in &fn_ {
        println!("missed link: {line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `sitrep bench --store-documents N`: replicas of the corpus are ingested (each replica a
/// distinct document: its own id and a publication date moved on by four weeks per replica,
/// so copies are neither identical nor near duplicates in time), then linking is timed on
/// the first 1/8, 1/4, 1/2 and all of the claims to show how it grows.
pub fn bench_store(
    paths: &[PathBuf],
    opts: &sitrep::ingest::IngestOptions,
    pipeline: &sitrep::pipeline::Pipeline,
    target: usize,
    db_path: Option<PathBuf>,
) -> Result<ExitCode> {
    let mut corpus: Vec<sitrep::doc::Document> = Vec::new();
    sitrep::batch::read_batches(
        paths,
        opts,
        4096,
        &mut |e| eprintln!("sitrep: skipped {e}"),
        &mut |batch| {
            corpus.append(batch);
            true
        },
        &mut |_| {},
    );
    if corpus.is_empty() {
        bail!("bench: the corpus has no documents");
    }
    let (path, _cleanup) = match db_path {
        Some(p) => {
            if p.exists() {
                bail!("{}: exists; bench wants a new database", p.display());
            }
            (p, None)
        }
        None => {
            let p = std::env::temp_dir().join(format!("sitrep-bench-{}.db", std::process::id()));
            (p.clone(), Some(TempDb(p)))
        }
    };
    let mut db = Store::open(&path)?;
    let mut stats = store::IngestStats::default();
    let bar = crate::progress(false, target as u64 * 1024 * 1024);
    let started = Instant::now();
    let mut made = 0usize;
    let mut replica = 0u64;
    while made < target {
        let mut batch = Vec::with_capacity(512);
        for doc in &corpus {
            if made >= target {
                break;
            }
            let mut d = doc.clone();
            d.id = format!("{}~{replica}", doc.id);
            d.published = d.published.map(|p| p + chrono::Days::new(28 * replica));
            batch.push(d);
            made += 1;
            if batch.len() == 512 {
                store::ingest_batch(&mut db, std::mem::take(&mut batch), pipeline, &mut stats)?;
                bar.inc(512 * 1024 * 1024);
            }
        }
        if !batch.is_empty() {
            store::ingest_batch(&mut db, batch, pipeline, &mut stats)?;
        }
        replica += 1;
    }
    bar.finish_and_clear();
    let ingest_secs = started.elapsed().as_secs_f64();
    println!("threads:      {}", rayon::current_num_threads());
    println!(
        "ingest:       {} documents ({} replicas of {}), {} stored, {} claims in {ingest_secs:.1} s: {:.0} documents/s",
        stats.read,
        replica,
        corpus.len(),
        stats.stored,
        stats.claims,
        stats.read as f64 / ingest_secs
    );
    let load = Instant::now();
    let docs = db.link_documents()?;
    let claims = db.link_claims()?;
    println!(
        "load:         {} documents, {} claims read back in {:.1} s",
        docs.len(),
        claims.len(),
        load.elapsed().as_secs_f64()
    );
    let opts = LinkOptions::default();
    println!("link:         share   claims  incidents  comparisons   seconds  µs/claim");
    let mut full = None;
    for share in [8, 4, 2, 1] {
        // Claims are in row order, and so are their documents: a share is a prefix.
        let last_doc = docs[docs.len() / share - 1].id;
        let part = &claims[..claims.partition_point(|c| c.document <= last_doc)];
        let part_docs = &docs[..docs.len() / share];
        let t = Instant::now();
        let linking = link::link(part_docs, part, &opts);
        let secs = t.elapsed().as_secs_f64();
        println!(
            "              1/{share:<4} {:>8}  {:>9}  {:>11}  {secs:>8.2}  {:>8.1}",
            part.len(),
            linking.incidents.len(),
            linking.comparisons,
            secs * 1e6 / part.len().max(1) as f64
        );
        if share == 1 {
            full = Some(linking);
        }
    }
    if let Some(linking) = full {
        let t = Instant::now();
        db.save_linking(&linking)?;
        println!(
            "save:         {} incidents written in {:.1} s",
            linking.incidents.len(),
            t.elapsed().as_secs_f64()
        );
    }
    println!(
        "total:        {:.1} s; database {:.1} MiB",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / (1024.0 * 1024.0)
    );
    if let Some(kib) = crate::peak_rss_kib() {
        println!("peak RSS:     {:.1} MiB", kib as f64 / 1024.0);
    }
    Ok(ExitCode::SUCCESS)
}
