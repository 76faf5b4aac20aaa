/*!
The pipeline: an ordered list of named [`Stage`]s, each taking a [`Document`] and adding
its own layer.

Stages declare the layers they need ([`Stage::requires`]) and the ones they write
([`Stage::assigns`]); [`PipelineBuilder::build`] refuses an order in which a stage runs
before what it needs. Cross-document work (linking incidents) is not a stage.
*/

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use crate::doc::{Document, Layer};

/// One step of per-document processing.
pub trait Stage: Send + Sync {
    /// Short name used by `--disable` and `sitrep pipeline`.
    fn name(&self) -> &'static str;
    /// Layers that must exist before this stage runs.
    fn requires(&self) -> &'static [Layer];
    /// Layers this stage writes.
    fn assigns(&self) -> &'static [Layer];
    /// Adds this stage's annotations to `doc`. Stages never fail on text: odd input
    /// yields fewer annotations, not an error.
    fn run(&self, doc: &mut Document);
}

/// An empty `Vec<U>` in the allocation of `v` (emptied) when `T` and `U` have the same size
/// and alignment: a list of items borrowed from one document turned into the same list for
/// the next document's borrows (collecting an empty iteration of a `Vec` into a `Vec` of a
/// type of the same layout reuses its allocation; otherwise the new list is simply empty).
/// A stage keeps such lists per thread, so that the allocator does not map fresh memory
/// for them on every document.
// `filter_map` rather than `filter`: the items change type
#[allow(clippy::unnecessary_filter_map)]
pub(crate) fn reuse_room<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// A configured, order-checked list of stages.
#[derive(Clone)]
pub struct Pipeline {
    stages: Vec<Arc<dyn Stage>>,
    /// Nanoseconds spent in each stage, summed over all threads, when timing is on.
    timings: Option<Arc<Vec<AtomicU64>>>,
}

impl Pipeline {
    /// Runs every stage on `doc` in order.
    pub fn run(&self, doc: &mut Document) {
        for i in 0..self.stages.len() {
            self.run_stage(i, doc);
        }
    }

    /// Runs stage `i` on `doc`, adding its time to the stage's total when timing is on.
    fn run_stage(&self, i: usize, doc: &mut Document) {
        let stage = &self.stages[i];
        match self.timings.as_ref().and_then(|t| t.get(i)) {
            None => stage.run(doc),
            Some(total) => {
                let start = Instant::now();
                stage.run(doc);
                total.fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
            }
        }
    }

    /// Runs every stage on every document of `docs`, one stage at a time over all of them
    /// (on the thread pool), so that a stage's own data (its gazetteer, lexicons and
    /// automata) stays in the processor's caches from one document to the next instead
    /// of being pushed out by every other stage's in between. Each document gets what
    /// [`Pipeline::run`] gives it.
    pub fn run_batch(&self, docs: &mut [Document]) {
        use rayon::prelude::*;
        for i in 0..self.stages.len() {
            docs.par_iter_mut().for_each(|doc| self.run_stage(i, doc));
        }
    }

    /// The same pipeline, summing the time each stage takes (see [`Pipeline::stage_times`]).
    pub fn timed(mut self) -> Pipeline {
        self.timings = Some(Arc::new(
            self.stages.iter().map(|_| AtomicU64::new(0)).collect(),
        ));
        self
    }

    /// Each stage's name and its summed run time in seconds (CPU time across threads),
    /// if this pipeline was made with [`Pipeline::timed`].
    pub fn stage_times(&self) -> Option<Vec<(&'static str, f64)>> {
        let times = self.timings.as_ref()?;
        Some(
            self.stages
                .iter()
                .zip(times.iter())
                .map(|(s, t)| (s.name(), t.load(Ordering::Relaxed) as f64 / 1e9))
                .collect(),
        )
    }

    /// The stage names in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// The stages, for `sitrep pipeline` to explain.
    pub fn stages(&self) -> &[Arc<dyn Stage>] {
        &self.stages
    }
}

/// Why a pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// A stage needs a layer that no earlier stage writes.
    #[error("stage '{stage}' needs the '{layer}' layer, but no stage before it writes it")]
    MissingLayer {
        /// The stage that cannot run.
        stage: &'static str,
        /// The missing layer.
        layer: Layer,
    },
    /// `--disable` named a stage that does not exist.
    #[error("no stage named '{0}' (see `sitrep pipeline`)")]
    UnknownStage(String),
}

/// Builds a [`Pipeline`], checking order at the end.
#[derive(Default)]
pub struct PipelineBuilder {
    stages: Vec<Arc<dyn Stage>>,
}

impl PipelineBuilder {
    /// An empty builder.
    pub fn new() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Appends a stage.
    pub fn last(mut self, stage: impl Stage + 'static) -> PipelineBuilder {
        self.stages.push(Arc::new(stage));
        self
    }

    /// Inserts a stage right after the stage called `after` (or last if there is none).
    pub fn after(mut self, after: &str, stage: impl Stage + 'static) -> PipelineBuilder {
        let at = self
            .stages
            .iter()
            .position(|s| s.name() == after)
            .map_or(self.stages.len(), |i| i + 1);
        self.stages.insert(at, Arc::new(stage));
        self
    }

    /// Removes the named stages.
    pub fn disable(mut self, names: &[String]) -> Result<PipelineBuilder, PipelineError> {
        for name in names {
            if !self.stages.iter().any(|s| s.name() == name) {
                return Err(PipelineError::UnknownStage(name.clone()));
            }
        }
        self.stages
            .retain(|s| !names.iter().any(|n| n.as_str() == s.name()));
        Ok(self)
    }

    /// Checks that every stage's requirements are met by the stages before it.
    pub fn build(self) -> Result<Pipeline, PipelineError> {
        let mut have: Vec<Layer> = Vec::new();
        for stage in &self.stages {
            for layer in stage.requires() {
                if !have.contains(layer) {
                    return Err(PipelineError::MissingLayer {
                        stage: stage.name(),
                        layer: *layer,
                    });
                }
            }
            have.extend_from_slice(stage.assigns());
        }
        Ok(Pipeline {
            stages: self.stages,
            timings: None,
        })
    }
}
