//! The `sitrep` command line: argument parsing and output; the work is in the library.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use sitrep::batch::{self, BatchStats};
use sitrep::gazetteer::Gazetteer;
use sitrep::geoparse;
use sitrep::ingest::{parse_date, ColumnMap, IngestOptions, InputFormat};
use sitrep::recognise::profile::{CodingProfile, ProfileName};

mod incident_cmds;

/// The seed articles, embedded: `sitrep extract` with no paths reads them.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "000_b4dd393d077ae80b",
        include_str!("../examples/seeds/000_b4dd393d077ae80b.txt"),
    ),
    (
        "001_d779bc3704991008",
        include_str!("../examples/seeds/001_d779bc3704991008.txt"),
    ),
    (
        "002_2c4ad205fa224c2c",
        include_str!("../examples/seeds/002_2c4ad205fa224c2c.txt"),
    ),
    (
        "003_39ac3fb50e2d17c1",
        include_str!("../examples/seeds/003_39ac3fb50e2d17c1.txt"),
    ),
    (
        "004_653f01e449fdc5dc",
        include_str!("../examples/seeds/004_653f01e449fdc5dc.txt"),
    ),
];

#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    about = "Reads armed-conflict news and writes source-attributed claims"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract claims from articles (files, directories, or - for stdin) as JSON Lines.
    /// With no paths, reads the embedded seed articles.
    Extract(ExtractArgs),
    /// Score the extractor against human-coded data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure extraction speed and memory on a corpus.
    Bench(BenchArgs),
    /// List the pipeline's stages and the layers each needs and writes.
    Pipeline,
    /// Write every resolved toponym of the inputs as JSON Lines (character offsets into
    /// the input text as given).
    Places(PlacesArgs),
    /// Manage the user gazetteer.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    /// Store documents and their claims in a SQLite database (idempotent, resumable).
    Ingest(incident_cmds::IngestArgs),
    /// Link the stored claims of different documents into incidents.
    Link(incident_cmds::LinkArgs),
    /// List incidents as a table or JSON.
    Incidents(incident_cmds::IncidentsArgs),
    /// Print every claim of one incident with its evidence sentence.
    Show(incident_cmds::ShowArgs),
    /// Export incidents as ACLED or UCDP CSV, GeoJSON or JSON Lines.
    Export(incident_cmds::ExportArgs),
}

#[derive(clap::Args)]
struct PlacesArgs {
    /// Files or directories to read; `-` reads stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// User gazetteer file (default: $SITREP_GAZETTEER, else $XDG_DATA_HOME/sitrep/gazetteer.tsv).
    #[arg(long, value_name = "FILE")]
    gazetteer: Option<PathBuf>,
}

#[derive(Subcommand)]
enum GazetteerCommand {
    /// Merge a GeoNames dump (e.g. LB.txt, the 19-column format of cities500) into the
    /// user gazetteer.
    Add {
        /// The dump.
        file: PathBuf,
        /// User gazetteer file to write (default as for `places`).
        #[arg(long, value_name = "FILE")]
        gazetteer: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct InputArgs {
    /// Input format, instead of guessing from the extension.
    #[arg(long, value_name = "txt|html|jsonl|csv")]
    input_format: Option<InputFormat>,
    /// Map a document field to an input column, e.g. text=body (repeatable).
    #[arg(long = "column", value_name = "FIELD=COLUMN")]
    columns: Vec<String>,
    /// Publication date (YYYY-MM-DD) for inputs that carry none.
    #[arg(long, value_name = "YYYY-MM-DD")]
    published: Option<String>,
    /// Publishing outlet for inputs that name none.
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
    /// Coding profile for vague amounts.
    #[arg(long, default_value = "acled", value_name = "acled|ucdp")]
    profile: ProfileName,
    /// Stages to leave out (see `sitrep pipeline`).
    #[arg(long = "disable", value_name = "STAGE")]
    disable: Vec<String>,
}

impl InputArgs {
    fn ingest_options(&self) -> Result<IngestOptions> {
        let published = match &self.published {
            Some(d) => Some(
                parse_date(d).with_context(|| format!("--published '{d}': expected YYYY-MM-DD"))?,
            ),
            None => None,
        };
        Ok(IngestOptions {
            format: self.input_format,
            columns: ColumnMap::parse(&self.columns).map_err(anyhow::Error::msg)?,
            published,
            outlet: self.outlet.clone(),
        })
    }

    fn pipeline(&self) -> Result<sitrep::pipeline::Pipeline> {
        Ok(batch::standard_pipeline(self.profile)
            .disable(&self.disable)?
            .build()?)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// One JSON object per claim per line.
    Jsonl,
    /// Indented JSON, one object per claim.
    Pretty,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Files or directories to read; `-` reads stdin. None: the embedded seed articles.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, default_value = "jsonl")]
    format: OutputFormat,
    /// Write claims to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Casualty counts on a TSV with columns id, text, killed, injured.
    Counts {
        /// The TSV file (e.g. ../shared/data/victims/gva_dev.tsv).
        file: PathBuf,
        /// Coding profile.
        #[arg(long, default_value = "acled")]
        profile: ProfileName,
        /// Print this many mismatched rows.
        #[arg(long, default_value_t = 0)]
        errors: usize,
        /// How claims add up to one figure per text.
        #[arg(long, default_value = "sum", value_parser = ["sum", "max"])]
        aggregate: String,
    },
    /// Toponym resolution on a *_documents.tsv with its *_toponyms.tsv gold beside it
    /// (the LGL layout of ../shared/data/geoparsing): precision, recall, accuracy@161km,
    /// median error.
    Places {
        /// The documents file.
        file: PathBuf,
        /// Also score admin1 accuracy on this CSV (columns `article_content`, `location`;
        /// e.g. ../shared/data/corpus/fakes.csv).
        #[arg(long, value_name = "CSV")]
        admin1: Option<PathBuf>,
        /// Country meant by a --admin1 label that names places in several (ISO code).
        #[arg(long, default_value = "SY")]
        country: String,
        /// User gazetteer file.
        #[arg(long, value_name = "FILE")]
        gazetteer: Option<PathBuf>,
        /// Write every found toponym resolved more than 161 km off to this TSV file.
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
    },
    /// Actor assignment (actor1/actor2 ids) on the FA-KES dev set (eval/fakes_dev.tsv; our
    /// own coding of FA-KES sentences, not independent gold).
    Actors(ActorEvalArgs),
    /// Event types: the FA-KES dev set, plus a coarse check on GVA notes with victims.
    Types(TypeEvalArgs),
    /// Incident linking: pairwise "same incident" precision/recall on FA-KES articles
    /// against hand-coded incident labels (eval/linking_fakes.tsv).
    Link(incident_cmds::EvalLinkArgs),
}

#[derive(clap::Args)]
struct ActorEvalArgs {
    /// The FA-KES CSV (columns unit_id, article_title, article_content, source, date, ...),
    /// e.g. ../shared/data/corpus/fakes.csv.
    #[arg(long, value_name = "CSV")]
    fakes: PathBuf,
    /// The coded dev file; default: the one built into sitrep (eval/fakes_dev.tsv).
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Print every disagreement.
    #[arg(long)]
    errors: bool,
}

#[derive(clap::Args)]
struct TypeEvalArgs {
    #[command(flatten)]
    dev: ActorEvalArgs,
    /// Also check types on Gun Violence Archive notes (id, text, killed, injured, ...), e.g.
    /// ../shared/data/victims/gva_dev.tsv.
    #[arg(long, value_name = "TSV")]
    gva: Option<PathBuf>,
    /// Read at most this many GVA notes.
    #[arg(long, default_value_t = 2000)]
    limit: usize,
}

#[derive(clap::Args)]
struct BenchArgs {
    /// Corpus files or directories.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Read the corpus this many times (a bigger corpus from a small one).
    #[arg(long, default_value_t = 1)]
    repeat: usize,
    /// Instead: ingest the corpus replicated to this many documents into a database, then
    /// link it, timing linking on growing shares of it (`ingest` + `link`).
    #[arg(long, value_name = "N")]
    store_documents: Option<usize>,
    /// With --store-documents: keep the database in this file (default: a temporary one).
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Also time each stage and print a table: its share of stage time, and what the place
    /// stages (places, resolve-places, locate-claims) add to the rest.
    #[arg(long)]
    stages: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Eval(EvalCommand::Counts {
            file,
            profile,
            errors,
            aggregate,
        }) => eval_counts(file, profile, errors, &aggregate),
        Command::Eval(EvalCommand::Places {
            file,
            admin1,
            country,
            gazetteer,
            errors,
        }) => eval_places(file, admin1, &country, gazetteer, errors),
        Command::Eval(EvalCommand::Actors(args)) => eval_actors(&args, false),
        Command::Eval(EvalCommand::Types(args)) => eval_types(&args),
        Command::Eval(EvalCommand::Link(args)) => incident_cmds::eval_link(args),
        Command::Bench(args) => bench(args),
        Command::Pipeline => explain_pipeline(),
        Command::Places(args) => places(args),
        Command::Gazetteer(GazetteerCommand::Add { file, gazetteer }) => {
            gazetteer_add(file, gazetteer)
        }
        Command::Ingest(args) => incident_cmds::ingest(args),
        Command::Link(args) => incident_cmds::link(args),
        Command::Incidents(args) => incident_cmds::incidents(args),
        Command::Show(args) => incident_cmds::show(args),
        Command::Export(args) => incident_cmds::export(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("sitrep: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn progress(quiet: bool, total: u64) -> ProgressBar {
    if quiet || total < 1 << 20 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn extract(args: ExtractArgs) -> Result<ExitCode> {
    let opts = args.input.ingest_options()?;
    let pipeline = args.input.pipeline()?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    let mut write_err: Option<io::Error> = None;
    let format = args.format;
    let mut on_doc = |doc: &sitrep::doc::Document| {
        if write_err.is_some() {
            return;
        }
        let r = match format {
            OutputFormat::Jsonl => sitrep::wire::write_claims_jsonl(doc, &mut out).map(|_| ()),
            OutputFormat::Pretty => doc.claims.iter().enumerate().try_for_each(|(i, c)| {
                serde_json::to_writer_pretty(&mut out, &sitrep::wire::wire_claim(doc, i, c))?;
                out.write_all(b"\n")
            }),
        };
        if let Err(e) = r {
            write_err = Some(e);
        }
    };
    let mut on_error = |e: &sitrep::ingest::IngestError| eprintln!("sitrep: skipped {e}");
    let stats = if args.paths.is_empty() {
        let mut stats = BatchStats::default();
        for (id, text) in EXAMPLES {
            if let Some(doc) = batch::process_text(id, text, &pipeline) {
                stats.documents += 1;
                stats.claims += doc.claims.len() as u64;
                on_doc(&doc);
            }
        }
        stats
    } else {
        let total: u64 = sitrep::ingest::expand_paths(&args.paths)
            .0
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok().map(|m| m.len()))
            .sum();
        let bar = progress(args.quiet, total);
        let stats = batch::run(
            &args.paths,
            &opts,
            &pipeline,
            &mut on_error,
            &mut on_doc,
            &mut |n| bar.inc(n),
        );
        bar.finish_and_clear();
        stats
    };
    if let Some(e) = write_err {
        return Err(e).context("cannot write claims");
    }
    out.flush().context("cannot write claims")?;
    if !args.quiet {
        eprintln!(
            "sitrep: {} documents read, {} skipped, {} claims written",
            stats.documents, stats.skipped, stats.claims
        );
    }
    Ok(if stats.skipped > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn eval_counts(
    file: PathBuf,
    profile: ProfileName,
    errors: usize,
    aggregate: &str,
) -> Result<ExitCode> {
    let pipeline = batch::standard_pipeline(profile).build()?;
    let how = if aggregate == "max" {
        sitrep::eval::Aggregate::Max
    } else {
        sitrep::eval::Aggregate::Sum
    };
    let (s, rows) = sitrep::eval::eval_counts(&file, &pipeline, how)?;
    let mut shown = 0;
    for r in &rows {
        if shown >= errors {
            break;
        }
        if r.got.killed != r.gold.0 {
            shown += 1;
            println!(
                "MISS {}\tgold killed {} injured {}\tgot killed {} injured {}\t{}",
                r.id, r.gold.0, r.gold.1, r.got.killed, r.got.injured, r.text
            );
        }
    }
    println!(
        "file: {}  profile: {profile}  texts: {}",
        file.display(),
        s.n
    );
    println!("killed exact match:      {:.3}", s.killed_exact);
    println!("killed within low-high:  {:.3}", s.killed_in_range);
    println!("injured exact match:     {:.3}", s.injured_exact);
    println!(
        "any toll found: precision {:.3}  recall {:.3}",
        s.toll_precision, s.toll_recall
    );
    Ok(ExitCode::SUCCESS)
}

/// Peak resident memory of this process in KiB (Linux), if known.
pub(crate) fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn bench(args: BenchArgs) -> Result<ExitCode> {
    if args.paths.is_empty() {
        anyhow::bail!("bench needs a corpus path, e.g. ../shared/data/corpus/fakes.csv");
    }
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("thread pool")?;
    }
    let opts = args.input.ingest_options()?;
    let mut pipeline = args.input.pipeline()?;
    if args.stages {
        pipeline = pipeline.timed();
    }
    if let Some(n) = args.store_documents {
        return incident_cmds::bench_store(&args.paths, &opts, &pipeline, n, args.db.clone());
    }
    let input_bytes: u64 = sitrep::ingest::expand_paths(&args.paths)
        .0
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok().map(|m| m.len()))
        .sum::<u64>()
        * args.repeat as u64;
    let start = Instant::now();
    let mut total = BatchStats::default();
    // stage times after the first pass, when the gazetteer's memo of names was still empty
    let mut first_pass: Option<Vec<(&'static str, f64)>> = None;
    for pass in 0..args.repeat.max(1) {
        let s = batch::run(
            &args.paths,
            &opts,
            &pipeline,
            &mut |_| {},
            &mut |_| {},
            &mut |_| {},
        );
        total.documents += s.documents;
        total.skipped += s.skipped;
        total.claims += s.claims;
        total.text_bytes += s.text_bytes;
        if pass == 0 {
            first_pass = pipeline.stage_times();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = |b: u64| b as f64 / 1e6;
    println!("threads:      {}", rayon::current_num_threads());
    println!(
        "documents:    {} ({} skipped), {} claims",
        total.documents, total.skipped, total.claims
    );
    println!(
        "input:        {:.1} MB read, {:.1} MB of article text",
        mb(input_bytes),
        mb(total.text_bytes)
    );
    println!("time:         {secs:.3} s");
    println!(
        "throughput:   {:.0} documents/s, {:.1} MB/s input, {:.1} MB/s text",
        total.documents as f64 / secs,
        mb(input_bytes) / secs,
        mb(total.text_bytes) / secs
    );
    if let Some(kib) = peak_rss_kib() {
        println!("peak RSS:     {:.1} MiB", kib as f64 / 1024.0);
    }
    if let Some(times) = pipeline.stage_times() {
        print_stage_times(&times, total.documents);
        // the first pass looks every name up in the gazetteer; later passes find most in
        // its memo, as a long run over an archive does
        if let Some(first) = first_pass.filter(|_| args.repeat > 1) {
            let later: Vec<(&'static str, f64)> = times
                .iter()
                .zip(&first)
                .map(|(&(name, all), &(_, once))| (name, all - once))
                .collect();
            for (label, t) in [("first pass", &first), ("later passes", &later)] {
                if let Some((place, rest)) = place_split(t) {
                    println!(
                        "  {label:<13} place stages add {:.0}% ({:.3} s to {:.3} s)",
                        100.0 * place / rest,
                        place,
                        rest
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The seconds of the place stages and of all other stages in `times`, when both ran.
fn place_split(times: &[(&'static str, f64)]) -> Option<(f64, f64)> {
    let all: f64 = times.iter().map(|(_, t)| t).sum();
    let place: f64 = times
        .iter()
        .filter(|(n, _)| PLACE_STAGES.contains(n))
        .map(|(_, t)| t)
        .sum();
    let rest = all - place;
    (place > 0.0 && rest > 0.0).then_some((place, rest))
}

/// The stages that find, resolve and attach places; issue 3 measures what they add.
const PLACE_STAGES: [&str; 3] = ["places", "resolve-places", "locate-claims"];

/// Prints each stage's time (summed over threads) and the place stages' cost relative to
/// the other stages.
fn print_stage_times(times: &[(&'static str, f64)], documents: u64) {
    let all: f64 = times.iter().map(|(_, t)| t).sum();
    println!("stage times (summed over threads):");
    println!(
        "  {:<16} {:>9} {:>10} {:>7}",
        "stage", "seconds", "µs/doc", "share"
    );
    for (name, t) in times {
        println!(
            "  {:<16} {:>9.3} {:>10.1} {:>6.1}%",
            name,
            t,
            t * 1e6 / documents.max(1) as f64,
            100.0 * t / all.max(f64::MIN_POSITIVE)
        );
    }
    if let Some((place, rest)) = place_split(times) {
        println!(
            "place stages:  {:.3} s, adding {:.0}% to the other stages' {:.3} s",
            place,
            100.0 * place / rest,
            rest
        );
    }
}

fn explain_pipeline() -> Result<ExitCode> {
    let pipeline = batch::standard_pipeline(ProfileName::default()).build()?;
    println!("{:<14} {:<28} writes", "stage", "needs");
    for s in pipeline.stages() {
        let list = |ls: &[sitrep::doc::Layer]| {
            ls.iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!(
            "{:<14} {:<28} {}",
            s.name(),
            list(s.requires()),
            list(s.assigns())
        );
    }
    let _ = CodingProfile::load(ProfileName::Acled);
    Ok(ExitCode::SUCCESS)
}

fn load_gazetteer(path: Option<PathBuf>) -> Result<std::sync::Arc<Gazetteer>> {
    let path = path.or_else(Gazetteer::default_user_path);
    Ok(std::sync::Arc::new(Gazetteer::load(path.as_deref())?))
}

fn places(args: PlacesArgs) -> Result<ExitCode> {
    let opts = args.input.ingest_options()?;
    let g = load_gazetteer(args.gazetteer)?;
    let pipeline = batch::places_pipeline(g)
        .disable(&args.input.disable)?
        .build()?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut write_err: Option<io::Error> = None;
    let mut on_error = |e: &sitrep::ingest::IngestError| eprintln!("sitrep: skipped {e}");
    let stats = batch::run(
        &args.paths,
        &opts,
        &pipeline,
        &mut on_error,
        &mut |doc: &sitrep::doc::Document| {
            if write_err.is_some() {
                return;
            }
            for rec in geoparse::place_records(doc) {
                if let Err(e) = writeln!(out, "{}", sitrep::wire::place_record_json(&rec)) {
                    write_err = Some(e);
                    return;
                }
            }
        },
        &mut |_| {},
    );
    if let Some(e) = write_err {
        return Err(e).context("cannot write places");
    }
    out.flush().context("cannot write places")?;
    Ok(if stats.skipped > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn eval_places(
    file: PathBuf,
    admin1: Option<PathBuf>,
    country: &str,
    gazetteer: Option<PathBuf>,
    errors: Option<PathBuf>,
) -> Result<ExitCode> {
    let g = load_gazetteer(gazetteer)?;
    let start = Instant::now();
    let s = geoparse::eval_places(&file, g.clone())?;
    if let Some(path) = &errors {
        write_place_misses(path, &s.misses)?;
    }
    println!("file: {}  documents: {}", file.display(), s.documents);
    println!(
        "toponyms: {} gold with coordinates, {} predicted",
        s.gold, s.predicted
    );
    println!("precision:           {:.3}", s.precision());
    println!("recall:              {:.3}", s.recall());
    println!(
        "accuracy@161km:      {:.3} of the found gold toponyms ({:.3} of all)",
        s.acc161(),
        s.acc161_all()
    );
    println!("median error:        {:.1} km", s.median_km());
    println!(
        "time:                {:.2} s",
        start.elapsed().as_secs_f64()
    );
    if let Some(csv) = admin1 {
        let a = geoparse::eval_admin1(&csv, "article_content", "location", Some(country), g)?;
        println!(
            "admin1 ({}): {} labelled, {} located, {} correct: accuracy {:.3}",
            csv.display(),
            a.labelled,
            a.located,
            a.correct,
            a.correct as f64 / a.labelled.max(1) as f64
        );
        if errors.is_some() {
            for (record, gold, got) in &a.mismatches {
                eprintln!("admin1 miss: record {record}: labelled {gold}, located {got}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `eval places --errors`: one row per toponym resolved more than 161 km off.
fn write_place_misses(path: &Path, misses: &[geoparse::ResolutionMiss]) -> Result<()> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_path(path)
        .with_context(|| format!("writing {}", path.display()))?;
    w.write_record([
        "doc_id",
        "text",
        "gold_name",
        "gold_where",
        "name",
        "feature",
        "admin1",
        "country",
        "km",
    ])?;
    for m in misses {
        let r = &m.resolved;
        w.write_record([
            m.doc_id.as_str(),
            &m.text,
            &m.gold_name,
            &m.gold_where,
            &r.name,
            r.feature.as_deref().unwrap_or(""),
            r.admin1.as_deref().unwrap_or(""),
            r.country.as_deref().unwrap_or(""),
            &format!("{:.0}", m.km),
        ])?;
    }
    w.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn dev_report(args: &ActorEvalArgs) -> Result<sitrep::evaluate::DevReport> {
    use anyhow::Context;
    use sitrep::evaluate;
    let dev_text = match &args.dev {
        Some(p) => {
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?
        }
        None => include_str!("../eval/fakes_dev.tsv").to_string(),
    };
    let rows = evaluate::parse_dev(&dev_text);
    let articles = evaluate::load_fakes(&args.fakes)?;
    let pipeline = batch::standard_pipeline(ProfileName::Acled).build()?;
    Ok(evaluate::eval_dev(&rows, &articles, &pipeline))
}

fn eval_actors(args: &ActorEvalArgs, _types: bool) -> Result<ExitCode> {
    use std::io::Write;
    let report = dev_report(args)?;
    let mut out = io::stdout().lock();
    write!(out, "{}", report.actor_summary())?;
    if args.errors {
        for m in &report.misses {
            writeln!(out, "  {m}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn gazetteer_add(file: PathBuf, gazetteer: Option<PathBuf>) -> Result<ExitCode> {
    let path = gazetteer
        .or_else(Gazetteer::default_user_path)
        .context("no user gazetteer path: give --gazetteer or set HOME")?;
    let g = Gazetteer::load(Some(&path))?;
    let r = g.add_geonames_dump(&file, &path)?;
    eprintln!(
        "sitrep: {}: {} added, {} replaced, {} already shipped, {} not kinds of place sitrep uses; {} in total",
        path.display(),
        r.added,
        r.replaced,
        r.already_shipped,
        r.skipped_kind,
        r.total
    );
    Ok(ExitCode::SUCCESS)
}

fn eval_types(args: &TypeEvalArgs) -> Result<ExitCode> {
    use std::io::Write;
    let report = dev_report(&args.dev)?;
    let mut out = io::stdout().lock();
    write!(out, "{}", report.type_summary())?;
    if args.dev.errors {
        for m in &report.misses {
            writeln!(out, "  {m}")?;
        }
    }
    if let Some(gva) = args.gva.as_ref().filter(|_| args.limit > 0) {
        let pipeline = batch::standard_pipeline(ProfileName::Acled).build()?;
        let gva = sitrep::evaluate::eval_gva(gva, &pipeline, args.limit)?;
        write!(out, "{}", gva.summary())?;
    }
    Ok(ExitCode::SUCCESS)
}
