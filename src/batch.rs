/*!
Batch driver: reads many inputs, runs the pipeline on all cores, hands results back in
input order.

Documents are gathered in batches of [`BATCH`] and processed with rayon, one stage at a time
over the whole batch ([`Pipeline::run_batch`]), so that each stage's own data stays in the
processor's caches from one document to the next; each ingest error is handed to the
caller as it happens and the batch goes on. The caller writes results (stages never
print).
*/

use std::path::PathBuf;

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
        // one stage at a time over the batch: each stage's data stays in cache
        pipeline.run_batch(batch);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A batch run one stage at a time gives every document what running the whole
    /// pipeline on it alone gives, every layer of it: the seed articles, and a document
    /// that breaks no rule between two that do. (A gazetteer candidate caches its place
    /// once any document has read it, which depends on the order documents are read in:
    /// that cache is left out of the comparison.)
    #[test]
    fn a_batch_run_stage_by_stage_is_each_document_run_alone() {
        let pipeline = standard_pipeline(ProfileName::default())
            .build()
            .expect("the standard pipeline is in order");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seeds");
        let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("examples/seeds is in the repository")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| {
                let id = p.file_name().unwrap().to_string_lossy().into_owned();
                (id, std::fs::read_to_string(&p).expect("a seed reads"))
            })
            .collect();
        texts.sort();
        texts.insert(1, ("plain".into(), "Nothing happened here today.".into()));
        assert!(texts.len() >= 5, "{} texts", texts.len());
        let cache = regex::Regex::new(r"OnceLock\((<uninit>|Place \{[^}]*\})\)").unwrap();
        let layers =
            |doc: Option<Document>| cache.replace_all(&format!("{doc:?}"), "").into_owned();
        let alone: Vec<String> = texts
            .iter()
            .map(|(id, text)| layers(process_text(id, text, &pipeline)))
            .collect();
        let empty = crate::pipeline::PipelineBuilder::new()
            .build()
            .expect("an empty pipeline is in order");
        let mut batch: Vec<Document> = texts
            .iter()
            .map(|(id, text)| process_text(id, text, &empty).expect("a text reads"))
            .collect();
        pipeline.run_batch(&mut batch);
        let together: Vec<String> = batch.into_iter().map(|d| layers(Some(d))).collect();
        assert_eq!(together, alone);
        assert!(
            alone[0].contains("claims: [Claim"),
            "the first seed has claims"
        );
    }
}
