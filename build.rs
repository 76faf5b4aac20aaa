//! Indexes the shipped gazetteer (`data/gazetteer/places.tsv.gz`) at build time, so that
//! the binary embeds a ready index and loading takes no parsing:
//!
//! - `gazetteer_table.tsv`: one place per line, without its alternate names, the lines in
//!   the byte order of their ids (so that comparing line numbers compares ids; ids are
//!   unique);
//! - `gazetteer_records.bin`: one fixed-size record for each line (`src/gazetteer/record.rs`
//!   gives the layout), so that reading it takes one trip to memory: the byte offset of the
//!   line; the population of its place (the row's population column, 0 when it does not
//!   parse), so that ranking reads no row; the number of its place's admin1 area (see
//!   `gazetteer_areas.fst`); and the feature, country, coordinates and the length and first
//!   bytes of the preferred name, so that a candidate is made without parsing the row;
//! - `gazetteer_names.fst`: key the skeleton of every name, value the offset of its block
//!   in `gazetteer_forms.bin`: the folded forms of all names with that skeleton, side by
//!   side so that a look-up compares them all from a few cache lines (u32 count, then for
//!   each form in byte order: u16 length, its bytes, and the u32 offset of its posting list);
//! - `gazetteer_postings.bin`: the posting list of each folded form (u32 count, then u32
//!   line numbers, the top bit set when the name is the place's preferred one). Each list
//!   is in ranking order: preferred-name entries first, then by population (largest
//!   first), then by line; so each of its two runs (top bit set, top bit clear) is by
//!   population, then id;
//! - `gazetteer_areas.fst`: key `country \0 admin1` of every admin1 area a shipped place is
//!   in (as `Place::admin1_key` gives it: an admin1's own name, else its admin1 column),
//!   value the area's number: its rank among the keys in byte order.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

#[path = "src/gazetteer/fold.rs"]
#[allow(dead_code)]
mod fold;

#[path = "src/gazetteer/record.rs"]
#[allow(dead_code)]
mod record;

fn main() {
    let src = PathBuf::from("data/gazetteer/places.tsv.gz");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=src/gazetteer/fold.rs");
    println!("cargo:rerun-if-changed=src/gazetteer/record.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo"));
    let file =
        std::fs::File::open(&src).expect("data/gazetteer/places.tsv.gz is in the repository");
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));

    let mut rows: Vec<String> = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.expect("places.tsv.gz is valid UTF-8 gzip");
        let cols = line.split('\t').count();
        assert!(
            cols == 11,
            "places.tsv.gz line {} has {} columns",
            n + 1,
            cols
        );
        rows.push(line);
    }
    // lines in id order: ranking breaks ties on the id, and then compares line numbers
    let id_of = |row: &str| row.split('\t').next().unwrap_or("").to_string();
    rows.sort_by_cached_key(|row| id_of(row));
    for pair in rows.windows(2) {
        assert!(
            id_of(&pair[0]) < id_of(&pair[1]),
            "places.tsv.gz has the id {} twice",
            id_of(&pair[0])
        );
    }

    // admin1 areas, as `Place::admin1_key` reads them from a row: an admin1's own name,
    // else the admin1 column when it is not empty
    let area_key = |cols: &[&str]| {
        let admin1 = if cols[2] == "admin1" {
            cols[1]
        } else {
            cols[4]
        };
        (cols[2] == "admin1" || !admin1.is_empty()).then(|| format!("{}\0{}", cols[3], admin1))
    };
    let mut areas: BTreeMap<String, u32> = BTreeMap::new();
    for row in &rows {
        let cols: Vec<&str> = row.split('\t').collect();
        if let Some(key) = area_key(&cols) {
            areas.insert(key, 0);
        }
    }
    // numbered in key order
    for (id, n) in areas.values_mut().enumerate() {
        *n = id as u32;
    }

    let mut table: Vec<u8> = Vec::new();
    let mut records: Vec<u8> = Vec::with_capacity(rows.len() * record::RECORD_LEN);
    let mut population: Vec<u32> = Vec::with_capacity(rows.len());
    let mut keys: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (n, line) in rows.iter().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        // as `Place::parse_row` reads it
        let pop: u64 = cols[8].parse().unwrap_or(0);
        population.push(
            u32::try_from(pop)
                .unwrap_or_else(|_| panic!("population {pop} of {} exceeds u32", cols[0])),
        );
        // as `Place::parse_row` reads them (its quick reader agrees with `parse`)
        let coordinate = |c: &str| -> f64 {
            c.parse()
                .unwrap_or_else(|_| panic!("{}: coordinate {c:?} does not parse", cols[0]))
        };
        let record = record::Record {
            offset: table.len() as u32,
            population: population[n],
            area: area_key(&cols).map(|key| areas[&key]),
            feature: record::feature_code(cols[2]),
            country_slot: record::country_slot(cols[3]),
            name_len: u16::try_from(cols[1].len())
                .unwrap_or_else(|_| panic!("{}: name longer than 65535 bytes", cols[0])),
            lat: coordinate(cols[6]),
            lon: coordinate(cols[7]),
            name_head: record::name_head(cols[1]),
        };
        records.extend_from_slice(&record.encode());
        let kept = [
            cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8],
            cols[10],
        ];
        table.extend_from_slice(kept.join("\t").as_bytes());
        table.push(b'\n');
        let names = std::iter::once(cols[1]).chain(cols[9].split('|').filter(|s| !s.is_empty()));
        for (k, name) in names.enumerate() {
            if k > 0 && is_code(name) && is_town_or_part(cols[2]) {
                continue;
            }
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
    let mut forms: Vec<u8> = Vec::new();
    let mut builder = fst::MapBuilder::memory();
    // the skeleton whose block is being written, where its count goes, and the count
    let mut block: Option<(String, usize, u32)> = None;
    // keys sort by skeleton first (no skeleton holds \0), so each block is one run
    for (key, entries) in keys.iter_mut() {
        let (skel, folded) = key.split_once('\0').expect("keys hold a \\0");
        if block.as_ref().is_none_or(|(s, _, _)| s != skel) {
            builder
                .insert(skel, forms.len() as u64)
                .expect("skeletons come sorted");
            block = Some((skel.to_string(), forms.len(), 0));
            forms.extend_from_slice(&0u32.to_le_bytes());
        }
        if let Some((_, at, count)) = &mut block {
            *count += 1;
            forms[*at..*at + 4].copy_from_slice(&count.to_le_bytes());
        }
        let len = u16::try_from(folded.len()).expect("a folded name is under 64 KiB");
        forms.extend_from_slice(&len.to_le_bytes());
        forms.extend_from_slice(folded.as_bytes());
        forms.extend_from_slice(&(postings.len() as u32).to_le_bytes());
        // ranking order: preferred first, most populous first, then by line (= by id)
        entries.sort_by_key(|&e| {
            let line = e & 0x7fff_ffff;
            (
                std::cmp::Reverse(e >> 31),
                std::cmp::Reverse(population[line as usize]),
                line,
            )
        });
        postings.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for e in entries.iter() {
            postings.extend_from_slice(&e.to_le_bytes());
        }
    }
    let fst_bytes = builder.into_inner().expect("fst builds in memory");
    let areas_fst = fst::Map::from_iter(areas.iter().map(|(k, &id)| (k, u64::from(id))))
        .expect("area keys are sorted and unique")
        .into_fst()
        .into_inner();
    for (name, bytes) in [
        ("gazetteer_table.tsv", &table),
        ("gazetteer_records.bin", &records),
        ("gazetteer_names.fst", &fst_bytes),
        ("gazetteer_forms.bin", &forms),
        ("gazetteer_postings.bin", &postings),
        ("gazetteer_areas.fst", &areas_fst),
    ] {
        let mut f = std::fs::File::create(out.join(name)).expect("OUT_DIR is writable");
        f.write_all(bytes).expect("OUT_DIR is writable");
    }
}

/// An alternate name that is an airport or station code ("HUF" for Terre Haute, "LIT" for
/// Little Rock, "DXB" for Dubai): two to four capital letters. GeoNames lists such codes
/// among a town's names, but news writes the same letters as ordinary words ("Huff",
/// "Let", "Law"), so towns are not indexed under them; countries, divisions and airports
/// keep theirs ("UAE", "ACT").
fn is_code(name: &str) -> bool {
    (2..=4).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_uppercase())
}

/// A feature (the table's third column) that is a settlement or a part of one: wider than
/// `Feature::is_settlement`, which the build script cannot use and which leaves out
/// neighbourhoods.
fn is_town_or_part(feature: &str) -> bool {
    matches!(feature, "city" | "town" | "village" | "neighbourhood")
}
