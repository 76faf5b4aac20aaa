//! Places: gazetteer lookups through folding, recognition traps, resolution by document
//! context, marked places the gazetteer lacks, claim locations and `gazetteer add`.

use std::sync::Arc;

use sitrep::claim::Claim;
use sitrep::doc::Span;
use sitrep::gazetteer::{Feature, Gazetteer};
use sitrep::geoparse::{place_pipeline, place_records, plain_document, PlaceRecord};
use sitrep::resolve::place::locate_claims;

fn gazetteer() -> Arc<Gazetteer> {
    Arc::new(Gazetteer::builtin())
}

/// Runs the place stages on `text` and returns the located toponyms.
fn places(text: &str) -> Vec<PlaceRecord> {
    let pipeline = place_pipeline(gazetteer());
    let mut doc = plain_document("t", text);
    pipeline.run(&mut doc);
    place_records(&doc)
}

fn find<'a>(recs: &'a [PlaceRecord], text: &str) -> &'a PlaceRecord {
    recs.iter()
        .find(|r| r.text == text)
        .unwrap_or_else(|| panic!("no place '{text}' in {recs:#?}"))
}

/// Each spelling of issue 3 reaches the expected gazetteer entry through folding.
#[test]
fn variant_spellings_reach_the_same_place() {
    let g = gazetteer();
    let cases = [
        ("Deir al-Zour", "geonames:170794"),
        ("Deir Ezzur", "geonames:170794"),
        ("Deir ez-Zor", "geonames:170794"),
        ("Lattakia", "geonames:173576"),
        ("Latakia", "geonames:173576"),
        ("Dara'a", "geonames:170903"),
        ("Daraa", "geonames:170903"),
        ("Deraa", "geonames:170903"),
        ("Halab", "geonames:170063"),
        ("Aleppo", "geonames:170063"),
        ("Nubbul", "geonames:166331"),
        ("Nubl", "geonames:166331"),
        ("Darayya", "geonames:170892"),
        ("Daraya", "geonames:170892"),
        ("Sweida", "geonames:172408"),
        ("As-Suwayda", "geonames:172408"),
        ("Kafar Hamra", "geonames:168734"),
        ("Kafr Hamra", "geonames:168734"),
        ("Khan Touman", "geonames:168323"),
        ("Khan Tuman", "geonames:168323"),
        ("al-Fo'aa", "geonames:170365"),
        ("al-Fu'ah", "geonames:170365"),
        ("Kefraya", "geonames:168689"),
        ("Kafriya", "geonames:168689"),
        ("Mo'adhamiyeh", "geonames:166833"),
        ("Muadamiyat al-Sham", "geonames:166833"),
        ("Handarat", "geonames:169933"),
        ("Kafranbel", "geonames:168661"),
        ("Kafr Nabl", "geonames:168661"),
        ("Maarat al-Numan", "geonames:167611"),
        ("Ma`arrat an Nu`man", "geonames:167611"),
    ];
    for (name, id) in cases {
        let cands = g.lookup(name);
        assert!(
            cands.iter().any(|c| c.place().id == id),
            "{name} should reach {id}; got {:?}",
            cands
                .iter()
                .take(5)
                .map(|c| &c.place().id)
                .collect::<Vec<_>>()
        );
    }
}

/// In running text, with the document's context, the variants resolve to the Syrian place.
#[test]
fn variant_spellings_resolve_in_text() {
    let text = "Syrian army units killed 30 terrorists in Kafar Hamra, north of Aleppo, \
                and repelled an attack on Khan Touman. Militants shelled al-Fo'aa and \
                Kefraya in Idlib countryside, while fighting went on in Deir Ezzur and Deraa.";
    let recs = places(text);
    let expect = [
        ("Kafar Hamra", "geonames:168734"),
        ("Aleppo", "geonames:170063"),
        ("Khan Touman", "geonames:168323"),
        ("al-Fo'aa", "geonames:170365"),
        ("Kefraya", "geonames:168689"),
        // two names that are both provinces, coordinated, are read as the provinces
        ("Deir Ezzur", "geonames:170792"),
        ("Deraa", "geonames:170903"),
    ];
    for (text, id) in expect {
        assert_eq!(
            find(&recs, text).gazetteer_id.as_deref(),
            Some(id),
            "{text}"
        );
    }
    let kafar = find(&recs, "Kafar Hamra");
    assert_eq!(kafar.admin1.as_deref(), Some("Aleppo"));
    assert_eq!(kafar.country.as_deref(), Some("SY"));
    // character offsets into the text as given
    assert_eq!(kafar.start, Some(text.find("Kafar Hamra").unwrap()));
    assert_eq!(
        kafar.end,
        Some(text.find("Kafar Hamra").unwrap() + "Kafar Hamra".len())
    );
}

/// Words that are also place names somewhere never become places.
#[test]
fn common_word_traps_are_not_places() {
    let text = "On Sunday, the Army and the Nusra Front launched Operation Storm. \
                The Center for Reconciliation said the truce held. \
                Storm clouds gathered over the Front line on Sunday.";
    let recs = places(text);
    assert!(recs.is_empty(), "{recs:#?}");
}

/// The same name resolves differently by what the rest of the document says.
#[test]
fn same_name_resolved_by_document_context() {
    let lebanon = places(
        "Lebanese troops deployed in Tripoli after clashes between Bab al-Tabbaneh \
         and Jabal Mohsen. Beirut condemned the fighting.",
    );
    assert_eq!(find(&lebanon, "Tripoli").country.as_deref(), Some("LB"));
    let libya = places(
        "Libyan militias clashed in Tripoli on Sunday, and the fighting spread to \
         Misrata and Benghazi.",
    );
    assert_eq!(find(&libya, "Tripoli").country.as_deref(), Some("LY"));
    // Palmyra: the Syrian city, not the towns of New Jersey or Pennsylvania
    let syria = places("Syrian troops recaptured Palmyra from the Islamic State, east of Homs.");
    assert_eq!(
        find(&syria, "Palmyra").gazetteer_id.as_deref(),
        Some("geonames:163808")
    );
}

/// A thread that resolves one document after another (and reuses its buffers for them)
/// resolves each as it would alone.
#[test]
fn a_document_resolves_the_same_after_others() {
    let lebanon = "Lebanese troops deployed in Tripoli after clashes between Bab al-Tabbaneh \
                   and Jabal Mohsen. Beirut condemned the fighting.";
    let alone = places(lebanon);
    places("Libyan militias clashed in Tripoli on Sunday, and the fighting spread to Misrata.");
    places("Syrian troops recaptured Palmyra from the Islamic State, east of Homs.");
    let after = places(lebanon);
    assert_eq!(after, alone);
    assert_eq!(find(&after, "Tripoli").country.as_deref(), Some("LB"));
}

/// Counties that several states share go to the state the document's other names share:
/// Hall County and Forsyth County are both counties of Georgia (and, one at a time, of
/// Nebraska and North Carolina; LGL article 40295909).
#[test]
fn same_named_counties_go_to_the_state_they_share() {
    let recs = places(
        "Former Hall County official named to Forsyth County post. The board voted 5-0 \
         tonight to remove the \"interim\" tag from County Manager Doug Derrer's title. \
         A veteran of Hall County government, he retired in December 2007 after more than \
         25 years of service. Months after retiring from Hall, he joined Forsyth as deputy \
         county manager.",
    );
    for county in ["Hall County", "Forsyth County"] {
        let r = find(&recs, county);
        assert_eq!(
            (r.country.as_deref(), r.admin1.as_deref()),
            (Some("US"), Some("Georgia")),
            "{county}: {r:#?}"
        );
    }
}

/// Folding makes "Gaza" meet "Giza"; the place whose own name is written wins (LGL
/// article 34209252).
#[test]
fn the_written_name_beats_a_look_alike() {
    let recs = places(
        "Pulitzer-prize winning author Alice Walker is traveling to Gaza along with other \
         female activists to highlight the devastation wrought by the three week long \
         Israeli offensive against the Hamas terror rulers of Gaza.",
    );
    let gaza = find(&recs, "Gaza");
    assert_eq!(gaza.country.as_deref(), Some("PS"), "{gaza:#?}");
}

/// Surnames that are also towns: a name that speaks ("Taylor told", "Baker said") or ends a
/// longer run after a first name ("Sheriff Greg Taylor") is a person throughout the
/// document (LGL articles about Anderson County, Texas, and a walk to the White House).
#[test]
fn speakers_and_surnames_are_not_places() {
    let recs = places(
        "Paris had been shot once in the head, according to Anderson County Sheriff Greg \
         Taylor. On Wednesday, Taylor told the Herald-Press that the Anderson County jail \
         was full. “I saw the VFW and I thought, “Thank God,” Baker said. The purpose of \
         his journey is simple. Baker doesn’t have an invitation.",
    );
    assert!(
        recs.iter().all(|r| r.text != "Taylor" && r.text != "Baker"),
        "{recs:#?}"
    );
    assert_eq!(
        find(&recs, "Anderson County").feature.as_deref(),
        Some("admin2")
    );
    // a capital that speaks is its government, still a place
    let recs = places("Damascus said the strikes had hit a hospital in Idlib province.");
    assert_eq!(find(&recs, "Damascus").country.as_deref(), Some("SY"));
}

/// The document's main country is the one with the most places, not the most spellings:
/// "Russia", "Russian" and "Russias" are one country, and Khan Shaykhun stays the Syrian town
/// (FA-KES article 1919191759, TRT World).
#[test]
fn one_country_spelt_three_ways_does_not_outweigh_the_places() {
    let recs = places(
        "An alleged chemical attack that killed at least 58 and injured dozens in the \
         rebel-held town of Khan Shaykhun in Idlib province has triggered global criticism. \
         Turkish President Recep Tayyip Erdogan and Russian President Vladimir Putin \
         discussed Tuesdays attack. However Russia has categorically denied any involvement. \
         \"Planes of the Russian air force have not carried out any strikes near Khan \
         Shaykhun of Idlib province\" said a statement by the Russias defence ministry.",
    );
    let town = find(&recs, "Khan Shaykhun");
    assert_eq!(
        (town.gazetteer_id.as_deref(), town.feature.as_deref()),
        (Some("geonames:168325"), Some("town")),
        "{town:#?}"
    );
}

/// "U.N." is no town's abbreviation; a country named once is still a place (FA-KES
/// article 63: "Iran and ... Qatar").
#[test]
fn dotted_abbreviations_and_lone_countries() {
    let recs = places(
        "The evacuation brokered by regime ally Iran and rebel backer Qatar is set to see \
         more than 30000 people evacuated in two stages. The U.N. said it was not involved.",
    );
    assert_eq!(find(&recs, "Iran").country.as_deref(), Some("IR"));
    assert_eq!(find(&recs, "Qatar").country.as_deref(), Some("QA"));
    assert!(recs.iter().all(|r| r.text != "U.N."), "{recs:#?}");
}

/// A country's own name is that country even where a province elsewhere folds alike
/// ("Russia" / Bulgaria's "Ruse"), and a country's usual short name counts as its name
/// outside the document's main country ("U.S."); a run of country names whose commas the
/// source dropped is a list, not a person (FA-KES articles 1915433695, 1914947532 and
/// 1918398786).
#[test]
fn countries_named_outright_outside_the_main_country() {
    let recs = places(
        "Its affiliate is considered a terrorist group by the Syrian government and Russia. \
         Several government aircraft have been shot down.",
    );
    assert_eq!(find(&recs, "Russia").country.as_deref(), Some("RU"));
    let recs = places(
        "Homs governor says U.S. attack caused deaths. A U.S. missile strike on an airbase \
         near the Syrian city of Homs killed six.",
    );
    let us: Vec<_> = recs.iter().filter(|r| r.text == "U.S.").collect();
    assert_eq!(us.len(), 2, "{recs:#?}");
    assert!(us.iter().all(|r| r.country.as_deref() == Some("US")));
    let recs = places(
        "A tripartite mechanism was established in February by Turkey Russia and Iran to \
         monitor the ceasefire in Syria. Opposition forces however say Russia has failed to \
         pressure the Assad regime.",
    );
    for (name, code) in [("Turkey", "TR"), ("Russia", "RU"), ("Iran", "IR")] {
        assert_eq!(find(&recs, name).country.as_deref(), Some(code), "{name}");
    }
    assert_eq!(recs.iter().filter(|r| r.text == "Russia").count(), 2);
    // a name that only folds like a country's is not that country (LGL)
    let recs = places(
        "Firefighters arrived, one building with about eight units was engulfed in flame. \
         Rose, 28, his 2 1/2-year-old son and his fiancee made it safely out. The \
         wind-fanned fire quickly spread to the second apartment building, where Rose lived.",
    );
    assert!(recs.iter().all(|r| r.text != "Rose"), "{recs:#?}");
}

/// A country named letter for letter is that country, not a village of the document's
/// main country that only folds alike ("Qatar" / Al Qatar near Aleppo), and the name of a
/// religious community is no village ("Shia" / Al Asbah) (FA-KES article 1919191772).
#[test]
fn a_country_named_outright_beats_a_village_that_folds_alike() {
    let recs = places(
        "Still image shows a cloud of black smoke rising from vehicles in the distance in \
         what is said to be Aleppos outskirts Syria April 15 2017. A suicide car bomb has hit \
         a convoy of buses carrying civilians out of two besieged Syrian towns killing at \
         least 100 people and wounding several others. The explosion took place at a transit \
         point Rashideen area as thousands of evacuees from the regime-held predominantly \
         Shia towns of Foua and Kefraya waited on Saturday to continue their journey to \
         regime-controlled Aleppo the coastal province of Latakia or Damascus according to \
         the Syrian Observatory for Human Rights. People who were evacuated from the two \
         villages of Kefraya and Foua wait near buses after a stall in an agreement between \
         the opposition and Syrian regime army at Rashideen. More than 5000 people who had \
         lived under crippling siege for more than two years left the two towns along with \
         2200 evacuated from opposition-held Madaya and Zabadani on Friday. Thousands of \
         evacuees from Madaya and Zabadani were also stuck in regime-controlled Ramusa south \
         of Aleppo. The evacuation brokered by regime ally Iran and rebel backer Qatar is set \
         to see more than 30000 people evacuated in two stages. More than 400000 people have \
         been killed and millions more displaced since the Syrian conflict erupted with \
         protests against Syrian regime leader Bashar al Assad in March 2011.",
    );
    assert_eq!(
        find(&recs, "Qatar").country.as_deref(),
        Some("QA"),
        "{recs:#?}"
    );
    assert!(recs.iter().all(|r| r.text != "Shia"), "{recs:#?}");
    assert_eq!(find(&recs, "Kefraya").country.as_deref(), Some("SY"));
}

/// In text whose source dropped every apostrophe, "Syrias" is Syria's; a day after a
/// place's name ("the city of Idlib Saturday") is no part of it; "Daesh-held" is no place
/// (FA-KES articles 1919191763, 1923848276, 1918398799).
#[test]
fn apostrophes_dropped_dates_after_names_and_adjectives_of_names() {
    let recs = places(
        "A hospital in Khan Shaykhun a rebel-held town in the northwestern Syrian Idlib \
         province after the toxic gas attack. Air strikes have struck Syrias town of Urum \
         al-Joz in rebel-controlled Idlib province on Saturday according to the Syrian \
         Observatory for Human Rights.",
    );
    let syria = find(&recs, "Syrias");
    assert_eq!(
        (syria.name.as_str(), syria.country.as_deref()),
        ("Syria", Some("SY")),
        "{syria:#?}"
    );
    let recs = places(
        "Air strikes on a market in the rebel-held northwestern city of Idlib Saturday killed \
         24 people a monitor said a day after Russia and the US agreed a truce for Syria.",
    );
    assert!(recs.iter().all(|r| r.text != "Idlib Saturday"), "{recs:#?}");
    assert_eq!(find(&recs, "Idlib").country.as_deref(), Some("SY"));
    let recs = places(
        "Airstrikes on Daesh-held villages in northern Syria killed at least 85 civilians on \
         Tuesday.",
    );
    assert!(recs.iter().all(|r| r.text != "Daesh-held"), "{recs:#?}");
}

/// "near the Turkish border" does not put Qamishli in Turkey (a nationality adjective is
/// no container), and a town the text marks in a country it names ("the Turkish border
/// town of Kilis") is that town in a Syria article, not a place the gazetteer lacks
/// (FA-KES articles 1919191742 and 1923848174).
#[test]
fn border_towns_stay_on_their_side() {
    let recs = places(
        "A man walks by a damaged site after bomb blasts claimed by DAESH hit the \
         northeastern Syrian city of Qamishli near the Turkish border. A bomb blast in the \
         Syrian city of Qamishli on Wednesday killed 48 people.",
    );
    let qamishli: Vec<_> = recs.iter().filter(|r| r.text == "Qamishli").collect();
    assert_eq!(qamishli.len(), 2, "{recs:#?}");
    for q in qamishli {
        assert_eq!(
            (q.country.as_deref(), q.gazetteer_id.is_some()),
            (Some("SY"), true),
            "{q:#?}"
        );
    }
    let recs = places(
        "Turkey has carried out strikes against IS group in the area in recent months after \
         rocket attacks by the militants on the Turkish border town of Kilis. Kilis just \
         across the frontier from an IS group-controlled region of Syria has been hit \
         repeatedly. Syrian rebels fought near Azaz and Aleppo.",
    );
    let kilis = find(&recs, "Kilis");
    assert_eq!(
        (kilis.country.as_deref(), kilis.feature.as_deref()),
        (Some("TR"), Some("city")),
        "{kilis:#?}"
    );
}

/// An Arabic given name written alone is a person, not the village it folds like ("A
/// witness named Ahmad" / Shaykh Ahmad), and it still makes a person of the name it
/// starts (FA-KES article 1924058103).
#[test]
fn given_names_alone_are_people() {
    let recs = places(
        "At least 20 people were killed and 55 wounded during a suicide bombing that struck \
         a wedding in the northeastern Syrian city of Hasakah on Monday Syrian Observatory \
         for Human Rights reported. A suicide bomber blew himself up inside a hall in Tall \
         Tawil village during the wedding. A witness named Ahmad who suffered a head wound \
         due to the blast described the moment the bomber struck.",
    );
    assert!(recs.iter().all(|r| r.text != "Ahmad"), "{recs:#?}");
    assert_eq!(find(&recs, "Hasakah").country.as_deref(), Some("SY"));
}

/// A dateline's state abbreviation ("W.Va.") is one word and names the state, which then
/// picks the town of that state (LGL article 44148903); a signature's initial and surname
/// ("H.Said") is no village (FA-KES article 1926479024).
#[test]
fn dateline_state_abbreviations_and_signatures() {
    let recs = places(
        "Two missing teenagers found unharmed. HURRICANE, W.Va. - Law enforcement officers \
         from Putnam County have found two teenagers who went missing on Sunday night. They \
         were hiding under a railroad bridge in Hurricane, according to a dispatcher.",
    );
    assert_eq!(
        find(&recs, "W.Va.").admin1.as_deref(),
        Some("West Virginia")
    );
    for r in recs
        .iter()
        .filter(|r| r.text.eq_ignore_ascii_case("Hurricane"))
    {
        assert_eq!(r.admin1.as_deref(), Some("West Virginia"), "{r:#?}");
    }
    let recs = places(
        "The shelling caused damage to the citizens houses and to public and private \
         properties in Homs. R.J/H.Said",
    );
    assert!(recs.iter().all(|r| !r.text.contains("Said")), "{recs:#?}");
}

/// "the northwestern province of Idlib" is the governorate; a distance and direction from
/// Damascus picks the Syrian Douma over the Lebanese one.
#[test]
fn feature_hints_and_offsets() {
    let recs = places("Jets struck rebel positions in the northwestern province of Idlib.");
    let idlib = find(&recs, "Idlib");
    assert_eq!(idlib.feature.as_deref(), Some("admin1"));
    assert_eq!(idlib.geo_precision, 3);

    let recs = places("Rebels fired mortars from Douma, 10 km northeast of Damascus.");
    let douma = find(&recs, "Douma");
    assert_eq!(douma.country.as_deref(), Some("SY"));
    assert_eq!(douma.admin1.as_deref(), Some("Rif Dimashq"));
}

/// A village the text marks but the gazetteer lacks keeps its written name and takes its
/// container's admin names and coordinates at a lower precision.
#[test]
fn unknown_marked_toponym_takes_its_container() {
    let g = gazetteer();
    assert!(
        g.lookup("Tell Brakhat").is_empty(),
        "the test needs a name the gazetteer lacks"
    );
    let recs = places("Clashes erupted in the village of Tell Brakhat, near Jisr al-Shughour.");
    let r = find(&recs, "Tell Brakhat");
    assert_eq!(r.gazetteer_id, None);
    assert_eq!(r.name, "Tell Brakhat");
    assert_eq!(r.admin1.as_deref(), Some("Idlib"));
    assert_eq!(r.country.as_deref(), Some("SY"));
    assert_eq!(r.geo_precision, 2);
    let jisr = find(&recs, "Jisr al-Shughour");
    assert_eq!((r.lat, r.lon), (jisr.lat, jisr.lon));
}

/// A claim takes the place of its sentence; one over two provinces gets precision 3.
#[test]
fn claims_take_the_place_of_their_sentence() {
    let text = "Army units killed 30 militants in Kafr Hamra on Sunday.\n\n\
                Air strikes killed 12 people in Aleppo and Idlib provinces.";
    let pipeline = place_pipeline(gazetteer());
    let mut doc = plain_document("c", text);
    pipeline.run(&mut doc);
    let first = text.find("killed 30").unwrap();
    let second = text.find("killed 12").unwrap();
    doc.claims = vec![
        Claim {
            sentence: 0,
            span: Span::new(first, first + 9),
            ..Claim::default()
        },
        Claim {
            sentence: 1,
            span: Span::new(second, second + 9),
            ..Claim::default()
        },
    ];
    locate_claims(&mut doc);
    let l0 = doc.claims[0]
        .location
        .as_ref()
        .expect("first claim located");
    assert_eq!(l0.gazetteer_id.as_deref(), Some("geonames:168734"));
    assert_eq!(l0.geo_precision, 1);
    let l1 = doc.claims[1]
        .location
        .as_ref()
        .expect("second claim located");
    assert_eq!(l1.geo_precision, 3);
    assert_eq!(l1.name, "Aleppo and Idlib");
    assert_eq!(l1.country.as_deref(), Some("SY"));
    assert_eq!(l1.admin1_list, ["Aleppo", "Idlib"]);
    assert!(l0.admin1_list.is_empty());
}

/// `sitrep gazetteer add`: a GeoNames dump adds villages the shipped data lacks, which
/// lookups then find with their admin1 named.
#[test]
fn gazetteer_add_merges_a_geonames_dump() {
    let dir = tempfile::tempdir().unwrap();
    let user = dir.path().join("sitrep").join("gazetteer.tsv");
    let dump =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/LB_sample.txt");
    let g = Gazetteer::builtin();
    assert!(g.lookup("Mays al Jabal").is_empty());
    let report = g.add_geonames_dump(&dump, &user).unwrap();
    assert_eq!(report.added, 2, "{report:?}");
    assert_eq!(report.already_shipped, 1, "{report:?}");
    assert_eq!(report.skipped_kind, 1, "{report:?}");

    let g = Gazetteer::load(Some(&user)).unwrap();
    assert_eq!(g.user_len(), 2);
    let c = g.lookup("Meiss ej Jabal");
    let p = c
        .first()
        .expect("the added village is found by an alternate name")
        .place();
    assert_eq!(p.id, "geonames:7000001");
    assert_eq!(p.country, "LB");
    assert_eq!(p.admin1.as_deref(), Some("Nabatiye"));
    assert_eq!(p.feature, Feature::Village);

    // adding again replaces instead of duplicating
    let again = g.add_geonames_dump(&dump, &user).unwrap();
    assert_eq!((again.added, again.replaced, again.total), (0, 2, 2));

    // a malformed dump is an error naming file and line, not a panic
    let bad = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad_dump.txt");
    let err = g.add_geonames_dump(&bad, &user).unwrap_err().to_string();
    assert!(err.contains("bad_dump.txt, line 1"), "{err}");
}

/// `sitrep places --gazetteer FILE` and `$SITREP_GAZETTEER` read a user gazetteer that
/// `sitrep gazetteer add --gazetteer FILE` wrote: the added village is found.
#[test]
fn places_command_takes_a_user_gazetteer() {
    use crate::util::{sitrep, Dir};
    let dir = Dir::new();
    let user = dir.path().join("user.tsv");
    let user_s = user.to_str().unwrap();
    let dump = format!(
        "{}/tests/fixtures/LB_sample.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = sitrep(&["gazetteer", "add", &dump, "--gazetteer", user_s]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = dir.create(
        "a.txt",
        "Israeli shelling hit the village of Meiss ej Jabal in southern Lebanon on Monday.",
    );
    let text_s = text.to_str().unwrap();
    let village = |out: &std::process::Output| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|r| r["text"] == "Meiss ej Jabal")
    };
    let with = sitrep(&["places", "--gazetteer", user_s, text_s]);
    let r = village(&with).expect("found through the user gazetteer");
    assert_eq!(r["gazetteer_id"], "geonames:7000001");
    assert_eq!(r["admin1"], "Nabatiye");
    let by_env = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["places", text_s])
        .env("SITREP_GAZETTEER", user_s)
        .output()
        .unwrap();
    let r = village(&by_env).expect("found through $SITREP_GAZETTEER");
    assert_eq!(r["gazetteer_id"], "geonames:7000001");
    let missing = dir.path().join("none.tsv");
    let without = sitrep(&["places", "--gazetteer", missing.to_str().unwrap(), text_s]);
    assert!(village(&without).is_none_or(|r| r["gazetteer_id"].is_null()));
}
