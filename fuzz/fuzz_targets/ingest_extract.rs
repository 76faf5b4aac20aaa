//! Arbitrary bytes through every ingest format and the whole extraction pipeline.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep::batch::standard_pipeline;
use sitrep::ingest::{read_bytes, IngestOptions, InputFormat};
use sitrep::recognise::profile::ProfileName;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static PIPELINE: OnceLock<sitrep::pipeline::Pipeline> = OnceLock::new();
    let pipeline = PIPELINE.get_or_init(|| standard_pipeline(ProfileName::Acled).build().unwrap());
    let opts = IngestOptions::default();
    // The first byte picks the format, the rest is the input.
    let Some((&pick, rest)) = data.split_first() else { return };
    let format = match pick % 4 {
        0 => InputFormat::Txt,
        1 => InputFormat::Html,
        2 => InputFormat::Jsonl,
        _ => InputFormat::Csv,
    };
    read_bytes(rest, "fuzz", "fuzz", format, &opts, &mut |r| {
        if let Ok(mut doc) = r {
            pipeline.run(&mut doc);
            for (i, c) in doc.claims.iter().enumerate() {
                let _ = serde_json::to_string(&sitrep::wire::wire_claim(&doc, i, c));
            }
        }
    });
});
