//! Who, when, what kind and says who, end to end on the seed articles: actors (passive
//! voice, renamed groups), dates (resolved and unresolvable), claimants (attribution scope
//! across sentences) and event types (claims without a casualty count).

use crate::util::{seed, sitrep, Dir};
use serde_json::Value;

fn doc_claims(path: &str) -> Vec<Value> {
    crate::util::extract_claims(path)
}

fn s<'a>(c: &'a Value, path: &str) -> &'a str {
    path.split('.').fold(c, |v, k| &v[k]).as_str().unwrap_or("")
}

#[test]
fn passive_voice_and_outlet_claimant() {
    // 000: "A number of armed men were killed during intense clashes with Syrian troops
    // ..., on Sunday, the official SANA news agency reported."
    let cs = doc_claims(&seed("000_b4dd393d077ae80b"));
    let c = cs
        .iter()
        .find(|c| s(c, "fatalities.text").starts_with("A number of armed men"))
        .expect("the armed men claim");
    assert_eq!(s(c, "actor1.id"), "sy-army");
    assert_eq!(s(c, "actor1.text"), "Syrian troops");
    assert_eq!(s(c, "actor2.id"), "generic-militants");
    assert_eq!(s(c, "actor2.text"), "armed men");
    assert_eq!(s(c, "claimant.name"), "SANA");
    assert_eq!(s(c, "claimant.kind"), "outlet");
    assert_eq!(s(c, "event_type"), "Battles");
    assert_eq!(s(c, "date.text"), "on Sunday");
}

#[test]
fn trigger_claims_without_counts() {
    let cs = doc_claims(&seed("000_b4dd393d077ae80b"));
    let c = cs
        .iter()
        .find(|c| s(c, "sub_event_type") == "Disrupted weapons use")
        .expect("defused six explosive devices");
    assert_eq!(s(c, "event_type"), "Strategic developments");
    assert!(c["fatalities"].is_null());
    let cs = doc_claims(&seed("002_2c4ad205fa224c2c"));
    assert!(cs
        .iter()
        .any(|c| s(c, "sub_event_type") == "Government regains territory"
            && s(c, "actor1.id") == "sy-army"));
    let cs = doc_claims(&seed("003_39ac3fb50e2d17c1"));
    let c = cs
        .iter()
        .find(|c| s(c, "sub_event_type") == "Non-state actor overtakes territory")
        .expect("seized back a strategic village");
    assert_eq!(s(c, "actor1.id"), "sdf");
    assert_eq!(s(c, "actor2.id"), "isil");
}

#[test]
fn attribution_scope_runs_over_sentences() {
    // 004: "... said Oleg Ignasyuk, ..." / "... Ignasyuk stated" / "... he confirmed."
    let cs = doc_claims(&seed("004_653f01e449fdc5dc"));
    let c = cs
        .iter()
        .find(|c| {
            s(c, "fatalities.text").contains("he confirmed")
                || s(c, "claimant.name") == "Oleg Ignasyuk"
        })
        .expect("a claim in Ignasyuk's scope");
    assert_eq!(s(c, "claimant.name"), "Oleg Ignasyuk");
    assert_eq!(s(c, "claimant.kind"), "official");
    // the lede, before any attribution, belongs to the publishing outlet
    assert!(cs
        .iter()
        .any(|c| s(c, "claimant.name") == "Tasnim" && s(c, "claimant.kind") == "outlet"));
    // 001: "a report says" in the lede is the Al-Mayadeen report the next sentence names
    let cs = doc_claims(&seed("001_d779bc3704991008"));
    assert!(cs
        .iter()
        .any(|c| c["fatalities"]["low"] == 101 && s(c, "claimant.name") == "Al-Mayadeen"));
}

#[test]
fn unresolvable_date_left_null() {
    // 004 names no publication date: "on November 27" keeps its text, has no start
    let cs = doc_claims(&seed("004_653f01e449fdc5dc"));
    let c = cs
        .iter()
        .find(|c| s(c, "date.text") == "on November 27")
        .expect("a claim dated by 'on November 27'");
    assert!(c["date"]["start"].is_null());
    assert!(c["date"]["time_precision"].is_null());
}

#[test]
fn renamed_group_resolved_by_publication_date() {
    let text = std::fs::read_to_string(seed("004_653f01e449fdc5dc")).unwrap();
    let dir = Dir::new();
    let line = |published: &str| {
        serde_json::json!({"id": "t", "title": "", "text": text, "published": published, "outlet": "Tasnim"})
            .to_string()
    };
    // published in 2024: "Jabhat al-Nusra" is Hayat Tahrir al-Sham; dates resolve
    let p = dir.create("a.jsonl", line("2024-11-29"));
    let cs = doc_claims(p.to_str().unwrap());
    let c = cs
        .iter()
        .find(|c| s(c, "claimant.name") == "Oleg Ignasyuk" && c["fatalities"]["low"] == 400)
        .expect("Ignasyuk's 400");
    assert_eq!(s(c, "actor2.id"), "hts");
    assert!(cs
        .iter()
        .any(|c| s(c, "date.text") == "on November 27" && s(c, "date.start") == "2024-11-27"));
    // the same words in a 2015 text name al-Nusra
    let p = dir.create("b.jsonl", line("2015-11-29"));
    let cs = doc_claims(p.to_str().unwrap());
    assert!(cs
        .iter()
        .any(|c| s(c, "actor2.id") == "jabhat-nusra" && c["fatalities"]["low"] == 400));
}

#[test]
fn eval_commands_print_precision_and_recall() {
    let fakes = format!(
        "{}/../shared/data/corpus/fakes.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    if !std::path::Path::new(&fakes).exists() {
        return; // the shared data is not part of the repository
    }
    let out = sitrep(&["eval", "actors", "--fakes", &fakes]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("precision") && text.contains("recall"),
        "{text}"
    );
}
