//! The `sitrep` command line: argument parsing and glue only.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use sitrep::gazetteer::Gazetteer;
use sitrep::geoparse;

/// Reads armed-conflict news and writes source-attributed claims.
#[derive(Parser)]
#[command(name = "sitrep", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes every resolved toponym of the inputs as JSON Lines.
    Places {
        /// User gazetteer file (default: $SITREP_GAZETTEER or $XDG_DATA_HOME/sitrep/gazetteer.tsv).
        #[arg(long)]
        gazetteer: Option<PathBuf>,
        /// Input files: .txt, .jsonl (id, text) or .tsv (doc_id, text).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Scores sitrep against gold data.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Manages the user gazetteer.
    Gazetteer {
        #[command(subcommand)]
        what: GazetteerCommand,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Toponym resolution on a *_documents.tsv with its *_toponyms.tsv gold (LGL layout).
    Places {
        /// The documents file.
        file: PathBuf,
        /// Also score admin1 accuracy on this CSV (FA-KES: `article_content`, `location`).
        #[arg(long)]
        admin1: Option<PathBuf>,
        /// Country a label naming several places means (ISO code) for --admin1.
        #[arg(long, default_value = "SY")]
        country: String,
        /// User gazetteer file.
        #[arg(long)]
        gazetteer: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum GazetteerCommand {
    /// Merges a GeoNames dump (LB.txt: the 19-column format of cities500) into the user gazetteer.
    Add {
        /// The dump.
        file: PathBuf,
        /// User gazetteer file to write (default as for `places`).
        #[arg(long)]
        gazetteer: Option<PathBuf>,
    },
}

fn load(path: Option<PathBuf>) -> Result<Arc<Gazetteer>> {
    let path = path.or_else(Gazetteer::default_user_path);
    Ok(Arc::new(Gazetteer::load(path.as_deref())?))
}

fn run(cli: Cli) -> Result<bool> {
    match cli.command {
        Command::Places { gazetteer, paths } => {
            let g = load(gazetteer)?;
            let pipeline = geoparse::place_pipeline(g);
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let mut ok = true;
            for path in &paths {
                let docs = match geoparse::read_documents(path) {
                    Ok(d) => d,
                    Err(e) => {
                        eprintln!("sitrep: {e:#}");
                        ok = false;
                        continue;
                    }
                };
                for mut doc in docs {
                    pipeline.run(&mut doc);
                    for rec in geoparse::place_records(&doc) {
                        writeln!(out, "{}", rec.to_json())?;
                    }
                }
            }
            out.flush()?;
            Ok(ok)
        }
        Command::Eval {
            what:
                EvalCommand::Places {
                    file,
                    admin1,
                    country,
                    gazetteer,
                },
        } => {
            let g = load(gazetteer)?;
            let t = std::time::Instant::now();
            let s = geoparse::eval_places(&file, g.clone())?;
            println!(
                "places: {} documents, {} gold toponyms with coordinates, {} predicted",
                s.documents, s.gold, s.predicted
            );
            println!(
                "precision {:.3}  recall {:.3}  acc@161km {:.3} (of all gold {:.3})  median error {:.1} km  ({:.2?})",
                s.precision(),
                s.recall(),
                s.acc161(),
                s.acc161_all(),
                s.median_km(),
                t.elapsed()
            );
            if let Some(csv) = admin1 {
                let a =
                    geoparse::eval_admin1(&csv, "article_content", "location", Some(&country), g)?;
                println!(
                    "admin1: {} labelled, {} located, {} correct: accuracy {:.3}",
                    a.labelled,
                    a.located,
                    a.correct,
                    a.correct as f64 / a.labelled.max(1) as f64
                );
            }
            Ok(true)
        }
        Command::Gazetteer {
            what: GazetteerCommand::Add { file, gazetteer },
        } => {
            let path = gazetteer
                .or_else(Gazetteer::default_user_path)
                .context("no user gazetteer path: give --gazetteer or set HOME")?;
            let g = Gazetteer::load(Some(&path))?;
            let r = g.add_geonames_dump(&file, &path)?;
            eprintln!(
                "{}: {} added, {} replaced, {} already shipped, {} not places sitrep uses; {} in total",
                path.display(),
                r.added,
                r.replaced,
                r.already_shipped,
                r.skipped_kind,
                r.total
            );
            Ok(true)
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(2),
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("sitrep: {e:#}");
            ExitCode::from(1)
        }
    }
}
