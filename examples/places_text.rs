//! Prints the place mentions of a text given as the first argument (a development aid).
use std::sync::Arc;
fn main() {
    let text = std::env::args().nth(1).expect("text");
    let g = Arc::new(sitrep::gazetteer::Gazetteer::builtin());
    let p = sitrep::geoparse::place_pipeline(g);
    let mut d = sitrep::geoparse::plain_document("arg", &text);
    p.run(&mut d);
    for m in &d.places {
        let r = m.resolved.as_ref();
        println!(
            "{:?} hint={:?} marked={} near={} cont={:?} off={:?} adj={} ncand={} -> {:?}",
            d.slice(m.span),
            m.hint,
            m.marked,
            m.near,
            m.container,
            m.offset,
            m.adjective,
            m.candidates.len(),
            r.map(|p| (&p.id, &p.name, p.feature, &p.country, &p.admin1, &p.admin2, p.lat, p.lon))
        );
    }
    for r in sitrep::geoparse::place_records(&d) {
        println!("{}", r.to_json());
    }
}
