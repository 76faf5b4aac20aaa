//! Indexes the shipped gazetteer (`data/gazetteer/places.tsv.gz`) at build time, so that
//! the binary embeds a ready index and loading takes no parsing:
//!
//! - `gazetteer_table.tsv`: one place per line, without its alternate names;
//! - `gazetteer_lines.bin`: the byte offset of each line (u32, little-endian);
//! - `gazetteer_names.fst`: key `skeleton \0 folded` of every name, value the offset of
//!   its posting list in `gazetteer_postings.bin` (u32 count, then u32 line numbers, the
//!   top bit set when the name is the place's preferred one).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

#[path = "src/gazetteer/fold.rs"]
#[allow(dead_code)]
mod fold;

fn main() {
    let src = PathBuf::from("data/gazetteer/places.tsv.gz");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=src/gazetteer/fold.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo"));
    let file =
        std::fs::File::open(&src).expect("data/gazetteer/places.tsv.gz is in the repository");
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));

    let mut table: Vec<u8> = Vec::new();
    let mut lines: Vec<u8> = Vec::new();
    let mut keys: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.expect("places.tsv.gz is valid UTF-8 gzip");
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(
            cols.len() == 11,
            "places.tsv.gz line {} has {} columns",
            n + 1,
            cols.len()
        );
        lines.extend_from_slice(&(table.len() as u32).to_le_bytes());
        let kept = [
            cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8],
            cols[10],
        ];
        table.extend_from_slice(kept.join("\t").as_bytes());
        table.push(b'\n');
        let names = std::iter::once(cols[1]).chain(cols[9].split('|').filter(|s| !s.is_empty()));
        for (k, name) in names.enumerate() {
            // the top bit marks the place's preferred name
            let entry = n as u32 | if k == 0 { 1 << 31 } else { 0 };
            let folded = fold::fold(name);
            if folded.is_empty() {
                continue;
            }
            let key = format!("{}\0{}", fold::skeleton(name), folded);
            let v = keys.entry(key).or_default();
            match v.last_mut() {
                Some(last) if *last & 0x7fff_ffff == n as u32 => *last |= entry,
                _ => v.push(entry),
            }
        }
    }
    let mut postings: Vec<u8> = Vec::new();
    let mut builder = fst::MapBuilder::memory();
    for (key, ids) in &keys {
        builder
            .insert(key, postings.len() as u64)
            .expect("keys are sorted");
        postings.extend_from_slice(&(ids.len() as u32).to_le_bytes());
        for id in ids {
            postings.extend_from_slice(&id.to_le_bytes());
        }
    }
    let fst_bytes = builder.into_inner().expect("fst builds in memory");
    for (name, bytes) in [
        ("gazetteer_table.tsv", &table),
        ("gazetteer_lines.bin", &lines),
        ("gazetteer_names.fst", &fst_bytes),
        ("gazetteer_postings.bin", &postings),
    ] {
        let mut f = std::fs::File::create(out.join(name)).expect("OUT_DIR is writable");
        f.write_all(bytes).expect("OUT_DIR is writable");
    }
}
