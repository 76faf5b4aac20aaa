//! Writes `sitrep places` records for a *_documents.tsv (a development aid).
use std::io::Write;
use std::sync::Arc;
fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).expect("documents tsv");
    let g = Arc::new(sitrep::gazetteer::Gazetteer::builtin());
    let p = sitrep::geoparse::place_pipeline(g);
    let text = std::fs::read_to_string(path)?;
    let mut lines = text.lines();
    let h: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let di = h.iter().position(|x| *x == "doc_id").unwrap();
    let ti = h.iter().position(|x| *x == "text").unwrap();
    let mut out = std::io::stdout().lock();
    for l in lines {
        let c: Vec<&str> = l.split('\t').collect();
        let mut d = sitrep::geoparse::plain_document(c[di], c[ti]);
        p.run(&mut d);
        for r in sitrep::geoparse::place_records(&d) {
            writeln!(out, "{}", r.to_json())?;
        }
    }
    Ok(())
}
