//! The seed articles: counts a careful coder reads in them (shared/seeds/expected.json,
//! count parts), the numbers that are not tolls, and scrape junk that yields nothing.

use crate::util::{claims, seed, sitrep};
use serde_json::Value;

fn doc_claims(name: &str) -> Vec<Value> {
    crate::util::extract_claims(&seed(name))
}

fn field<'a>(c: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(c, |v, k| &v[k])
}

/// Numbers reported as a fatality or injury figure anywhere in the document.
fn toll_numbers(cs: &[Value]) -> Vec<u64> {
    let mut out = Vec::new();
    for c in cs {
        for f in ["fatalities", "injured"] {
            for k in ["low", "best", "high"] {
                if let Some(n) = field(c, &format!("{f}.{k}")).as_u64() {
                    out.push(n);
                }
            }
        }
    }
    out
}

#[test]
fn seed_000_counts() {
    let cs = doc_claims("000_b4dd393d077ae80b");
    // "a unit of soldiers arrested eight armed men in Aleppo"
    assert!(cs
        .iter()
        .any(|c| field(c, "arrested.low") == 8 && field(c, "arrested.exact") == true));
    // "A number of armed men were killed during intense clashes" (ACLED profile: 2..)
    assert!(cs.iter().any(|c| field(c, "fatalities.low") == 2
        && field(c, "fatalities.victims") == "militants"
        && field(c, "fatalities.text") == "A number of armed men were killed"));
    // Not tolls: distances, weights, dates.
    let tolls = toll_numbers(&cs);
    for n in [310, 193, 450, 279, 30, 80, 15, 2012, 2011] {
        assert!(!tolls.contains(&n), "{n} reported as a toll");
    }
    // "Many people ... have been killed in the turmoil" is a war-long total, not a claim.
    assert!(!cs.iter().any(|c| field(c, "fatalities.text")
        .as_str()
        .is_some_and(|t| t.contains("Many people"))));
}

#[test]
fn seed_001_counts() {
    let cs = doc_claims("001_d779bc3704991008");
    assert!(cs
        .iter()
        .any(|c| field(c, "fatalities.low") == 101 && field(c, "fatalities.high").is_null()));
    assert!(cs
        .iter()
        .any(|c| field(c, "fatalities.low") == 80 && field(c, "fatalities.exact") == true));
    // "Dozens of civilians have been killed and hundreds injured": two counts, not combined.
    assert!(cs
        .iter()
        .any(|c| field(c, "fatalities.victims") == "civilians"
            && field(c, "fatalities.low") == 12
            && field(c, "injured.low") == 100));
    let tolls = toll_numbers(&cs);
    for n in [348, 216, 114, 70, 240000, 2011, 7, 3] {
        assert!(!tolls.contains(&n), "{n} reported as a toll");
    }
}

#[test]
fn seed_002_counts_and_junk() {
    let cs = doc_claims("002_2c4ad205fa224c2c");
    assert!(cs
        .iter()
        .any(|c| field(c, "fatalities.low") == 120 && field(c, "fatalities.exact") == false));
    let all = serde_json::to_string(&cs).unwrap();
    assert!(!all.contains("Militants execute a 14-year old"));
    assert!(!all.contains("Heavy clashes erupt in Aleppo"));
    // The repeated headline gives one claim, not two.
    assert_eq!(all.matches("\"120 militants killed\"").count(), 1);
    let tolls = toll_numbers(&cs);
    for n in [14, 5, 875, 2013, 20, 59, 42, 12] {
        assert!(!tolls.contains(&n), "{n} reported as a toll");
    }
}

#[test]
fn seed_003_combined_counts() {
    let cs = doc_claims("003_39ac3fb50e2d17c1");
    // "the casualties of the ISIL ... have risen to at least 137"
    assert!(cs
        .iter()
        .any(|c| field(c, "fatalities.low") == 137 && field(c, "fatalities.combined") == true));
    // "Scores of the Takfiri terrorists have been killed and wounded"
    assert!(cs
        .iter()
        .any(|c| field(c, "fatalities.low") == 20 && field(c, "fatalities.combined") == true));
    // "killed several Moroccan militants of Ahrar al-Sham"
    assert!(cs
        .iter()
        .any(|c| field(c, "fatalities.low") == 3 && field(c, "fatalities.combined") == false));
    // Every "killed and wounded" count is combined.
    for c in &cs {
        let text = field(c, "fatalities.text").as_str().unwrap_or("");
        if text.contains("wounded") || text.contains("casualties") {
            assert_eq!(field(c, "fatalities.combined"), true, "{text}");
        }
    }
    let tolls = toll_numbers(&cs);
    for n in [400, 300, 100, 30, 24] {
        assert!(!tolls.contains(&n), "{n} reported as a toll");
    }
}

#[test]
fn seed_004_counts() {
    let cs = doc_claims("004_653f01e449fdc5dc");
    assert!(cs.iter().any(|c| field(c, "fatalities.low") == 400));
    assert!(cs
        .iter()
        .any(|c| field(c, "fatalities.low") == 12 && field(c, "fatalities.victims") == "soldiers"));
    let tolls = toll_numbers(&cs);
    for n in [27, 5, 7] {
        assert!(!tolls.contains(&n), "{n} reported as a toll");
    }
}

#[test]
fn evidence_points_at_the_sentence() {
    let path = seed("002_2c4ad205fa224c2c");
    let out = sitrep(&["extract", "--quiet", &path]);
    for c in claims(&out) {
        let ev = &c["evidence"][0];
        let text = ev["text"].as_str().unwrap();
        assert_eq!(
            ev["end"].as_u64().unwrap() - ev["start"].as_u64().unwrap(),
            text.len() as u64
        );
        // claims made by an event trigger alone ("regained full control") have no count
        if let Some(count) = c["fatalities"]["text"].as_str() {
            assert!(text.contains(count));
        }
    }
}

#[test]
fn default_example_runs_on_embedded_seeds() {
    let out = sitrep(&["extract"]);
    assert!(out.status.success());
    let docs: std::collections::BTreeSet<String> = claims(&out)
        .iter()
        .map(|c| c["doc_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(docs.len(), 5);
    assert!(String::from_utf8_lossy(&out.stderr).contains("5 documents read, 0 skipped"));
}

#[test]
fn ucdp_profile_reads_vague_amounts_differently() {
    let out = sitrep(&[
        "extract",
        "--quiet",
        "--profile",
        "ucdp",
        &seed("004_653f01e449fdc5dc"),
    ]);
    let cs = claims(&out);
    // "killing dozens of Syrian soldiers": UCDP-style best 24, ACLED 12.
    assert!(
        cs.iter()
            .any(|c| field(c, "fatalities.best") == 24
                && field(c, "fatalities.victims") == "soldiers")
    );
}

#[test]
fn near_a_city_is_precision_two() {
    // "At least 120 gunmen have been killed in clashes near the Syrian city of Aleppo"
    let cs = doc_claims("002_2c4ad205fa224c2c");
    let c = cs
        .iter()
        .find(|c| field(c, "fatalities.text") == "At least 120 gunmen have been killed")
        .expect("the 120 claim");
    assert_eq!(field(c, "location.name"), "Aleppo");
    assert_eq!(field(c, "location.admin1"), "Aleppo");
    assert_eq!(field(c, "location.geo_precision"), 2);
    assert_eq!(field(c, "date.start"), "2013-06-12");
}

#[test]
fn claim_over_two_provinces_lists_them() {
    // "attacked Syrian government-controlled areas in Aleppo and Idlib on November 27"
    let cs = doc_claims("004_653f01e449fdc5dc");
    let c = cs
        .iter()
        .find(|c| field(c, "location.name") == "Aleppo and Idlib")
        .expect("a claim over both provinces");
    assert_eq!(field(c, "location.geo_precision"), 3);
    assert_eq!(field(c, "location.admin1"), "Aleppo, Idlib");
    assert_eq!(
        field(c, "location.admin1_list"),
        &serde_json::json!(["Aleppo", "Idlib"])
    );
    // a claim at one place lists its own province
    let one = cs
        .iter()
        .find(|c| field(c, "location.gazetteer_id") == "geonames:169387")
        .expect("a claim in Idlib province");
    assert_eq!(
        field(one, "location.admin1_list"),
        &serde_json::json!(["Idlib"])
    );
}
