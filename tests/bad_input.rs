//! Bad input is reported with file and line and skipped; everything else still comes out.

use crate::util::{claims, sitrep, Dir};

const GOOD: &str =
    "At least 120 gunmen have been killed in clashes near the Syrian city of Aleppo.";

#[test]
fn binary_invalid_utf8_and_malformed_jsonl_are_skipped() {
    let dir = Dir::new();
    dir.create("a_good.txt", GOOD);
    dir.create("b_binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00killed 5");
    dir.create("c_latin1.txt", b"Five soldiers were killed in Sa\xefd.\n");
    dir.create("d_empty.txt", "  \n");
    dir.create(
        "e_batch.jsonl",
        concat!(
            "{\"id\":\"j1\",\"text\":\"80 militants were killed near Latakia.\",\"published\":\"2016-01-10\",\"outlet\":\"SANA\"}\n",
            "{\"id\":\"j2\",\"text\": \"unterminated\n",
            "{\"id\":\"j3\",\"title\":\"no text field\"}\n",
            "{\"id\":\"j4\",\"text\":\"Dozens of civilians have been killed.\"}\n",
        ),
    );
    let out = sitrep(&["extract", "--quiet", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "exit code says something was skipped"
    );
    assert!(stderr.contains("b_binary.txt:1: binary file"), "{stderr}");
    assert!(
        stderr.contains("c_latin1.txt:1: not valid UTF-8"),
        "{stderr}"
    );
    assert!(stderr.contains("d_empty.txt: no text"), "{stderr}");
    assert!(
        stderr.contains("e_batch.jsonl:2: bad JSON line"),
        "{stderr}"
    );
    assert!(
        stderr.contains("e_batch.jsonl:3: bad JSON line: no \"text\" field"),
        "{stderr}"
    );
    let ids: Vec<String> = claims(&out)
        .iter()
        .map(|c| c["doc_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a_good", "j1", "j4"]);
}

#[test]
fn summary_counts_read_skipped_and_claims() {
    let dir = Dir::new();
    let good = dir.create("good.txt", GOOD);
    let bad = dir.create("bad.txt", b"\xff\xfe\x00\x00");
    let out = sitrep(&["extract", good.to_str().unwrap(), bad.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 documents read, 1 skipped, 1 claims written"),
        "{stderr}"
    );
}

#[test]
fn csv_with_mapped_columns_and_a_bad_row() {
    let dir = Dir::new();
    let csv = dir.create(
        "news.csv",
        "unit_id,headline,body,date,source\n\
         1,Blast,\"A bomb blast killed six people in Aleppo, state TV said.\",4/19/2017,sana\n\
         2,Short row\n\
         3,Raid,\"Police arrested 14 suspects.\",2017-04-20,reuters\n",
    );
    let out = sitrep(&[
        "extract",
        "--quiet",
        "--column",
        "text=body",
        csv.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("news.csv:3: bad CSV record"), "{stderr}");
    let cs = claims(&out);
    assert_eq!(cs.len(), 2);
    assert_eq!(cs[0]["doc_id"], "1");
    assert_eq!(cs[0]["fatalities"]["low"], 6);
    assert_eq!(cs[1]["arrested"]["low"], 14);
}

#[test]
fn html_visible_text_only() {
    let dir = Dir::new();
    let page = dir.create(
        "page.html",
        "<html><head><script>var t='99 killed';</script></head><body><nav>12 killed in menu</nav>\
         <p>A military source said 80 militants were killed.</p></body></html>",
    );
    let out = sitrep(&["extract", "--quiet", page.to_str().unwrap()]);
    let cs = claims(&out);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0]["fatalities"]["low"], 80);
}

#[test]
fn unknown_stage_and_bad_flags_are_clear_errors() {
    let out = sitrep(&["extract", "--disable", "nosuch"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no stage named 'nosuch'"));
    let out = sitrep(&["extract", "--published", "yesterday"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--published 'yesterday'"));
}
