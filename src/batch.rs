/*!
Batch driver: reads many inputs, runs the pipeline on all cores, hands results back in
input order.

Documents are gathered in batches and processed with rayon; each ingest error is handed to
the caller as it happens and the batch goes on. The caller writes results (stages never
print).
*/

use std::path::PathBuf;

use rayon::prelude::*;

use crate::doc::Document;
use crate::ingest::{self, IngestError, IngestOptions, IngestResult};
use crate::pipeline::Pipeline;
use crate::recognise::profile::{CodingProfile, ProfileName};

/// Documents processed together on the thread pool.
const BATCH: usize = 256;

/// What a batch run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchStats {
    /// Documents read and processed.
    pub documents: u64,
    /// Input items skipped because of an error.
    pub skipped: u64,
    /// Claims produced.
    pub claims: u64,
    /// Bytes of article text processed.
    pub text_bytes: u64,
}

/// The standard pipeline: segment, quantities, casualties, places and their resolution,
/// assemble, then the actor, date, claimant, trigger and framing recognisers, trigger-only
/// claims, the claim fields they fill, materiel (see [`crate::resolve::add_stages`]) and
/// finally claim locations; with the default gazetteer.
pub fn standard_pipeline(profile: ProfileName) -> crate::pipeline::PipelineBuilder {
    standard_pipeline_with(profile, crate::gazetteer::Gazetteer::shared_default())
}

/// The standard pipeline over the given gazetteer.
pub fn standard_pipeline_with(
    profile: ProfileName,
    gazetteer: std::sync::Arc<crate::gazetteer::Gazetteer>,
) -> crate::pipeline::PipelineBuilder {
    use std::sync::Arc;
    let base = crate::pipeline::PipelineBuilder::new()
        .last(crate::segment::Segmenter)
        .last(crate::recognise::quantity::QuantityRecogniser::new(
            Arc::new(CodingProfile::load(profile)),
        ))
        .last(crate::recognise::casualty::CasualtyRecogniser)
        .last(crate::recognise::place::RecognisePlaces::new(
            gazetteer.clone(),
        ))
        .last(crate::resolve::place::ResolvePlaces)
        .last(crate::assemble::Assembler)
        .last(crate::resolve::place::LocateClaims);
    crate::resolve::add_stages(base, "assemble")
}

/// Segmentation and the place stages only (`sitrep places`).
pub fn places_pipeline(
    gazetteer: std::sync::Arc<crate::gazetteer::Gazetteer>,
) -> crate::pipeline::PipelineBuilder {
    crate::pipeline::PipelineBuilder::new()
        .last(crate::segment::Segmenter)
        .last(crate::recognise::place::RecognisePlaces::new(gazetteer))
        .last(crate::resolve::place::ResolvePlaces)
}

/// Reads every path, runs `pipeline` on each document and calls `on_doc` in input order;
/// `on_error` gets every skipped item. `on_file` is called after each input file.
pub fn run(
    paths: &[PathBuf],
    opts: &IngestOptions,
    pipeline: &Pipeline,
    on_error: &mut dyn FnMut(&IngestError),
    on_doc: &mut dyn FnMut(&Document),
    on_file: &mut dyn FnMut(u64),
) -> BatchStats {
    let mut stats = BatchStats::default();
    let mut on_batch = |batch: &mut Vec<Document>| {
        batch.par_iter_mut().for_each(|d| pipeline.run(d));
        for d in batch.drain(..) {
            stats.documents += 1;
            stats.claims += d.claims.len() as u64;
            stats.text_bytes += d.text.len() as u64;
            on_doc(&d);
        }
        true
    };
    let skipped = read_batches(paths, opts, BATCH, on_error, &mut on_batch, on_file);
    stats.skipped = skipped;
    stats
}

/// Reads every path and hands the documents to `on_batch`, `batch_size` at a time and in
/// input order, before any stage has run; `on_batch` returns `false` to stop reading.
/// Returns the number of input items skipped (each also given to `on_error`).
pub fn read_batches(
    paths: &[PathBuf],
    opts: &IngestOptions,
    batch_size: usize,
    on_error: &mut dyn FnMut(&IngestError),
    on_batch: &mut dyn FnMut(&mut Vec<Document>) -> bool,
    on_file: &mut dyn FnMut(u64),
) -> u64 {
    let batch_size = batch_size.max(1);
    let mut skipped = 0;
    let (files, errors) = ingest::expand_paths(paths);
    for e in &errors {
        skipped += 1;
        on_error(e);
    }
    let mut pending: Vec<Document> = Vec::with_capacity(batch_size);
    let mut go_on = true;
    for file in &files {
        let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        let mut sink = |r: IngestResult| match r {
            Ok(doc) if go_on => {
                pending.push(doc);
                if pending.len() >= batch_size {
                    go_on = on_batch(&mut pending);
                    pending.clear();
                }
            }
            Ok(_) => {}
            Err(e) => {
                skipped += 1;
                on_error(&e);
            }
        };
        ingest::read_path(file, opts, &mut sink);
        on_file(size);
        if !go_on {
            return skipped;
        }
    }
    if !pending.is_empty() {
        on_batch(&mut pending);
    }
    skipped
}

/// Runs the pipeline over one in-memory text (tests, evaluation).
pub fn process_text(id: &str, text: &str, pipeline: &Pipeline) -> Option<Document> {
    let mut out = None;
    let opts = IngestOptions::default();
    ingest::read_bytes(
        text.as_bytes(),
        id,
        id,
        ingest::InputFormat::Txt,
        &opts,
        &mut |r| out = r.ok(),
    );
    let mut doc = out?;
    pipeline.run(&mut doc);
    Some(doc)
}
