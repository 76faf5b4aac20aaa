//! Writes `sitrep places` records for a *_documents.tsv (a development aid).
use std::io::Write;
use std::sync::Arc;
fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).expect("documents tsv");
    let g = Arc::new(sitrep::gazetteer::Gazetteer::builtin());
    let p = sitrep::geoparse::place_pipeline(g);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .flexible(true)
        .from_path(path)?;
    let h: Vec<String> = rdr.headers()?.iter().map(str::to_string).collect();
    let di = h.iter().position(|x| *x == "doc_id").unwrap();
    let ti = h.iter().position(|x| *x == "text").unwrap();
    let mut out = std::io::stdout().lock();
    for rec in rdr.records() {
        let rec = rec?;
        let c: Vec<&str> = rec.iter().collect();
        let mut d = sitrep::geoparse::plain_document(c[di], c[ti]);
        p.run(&mut d);
        for r in sitrep::geoparse::place_records(&d) {
            writeln!(out, "{}", r.to_json())?;
        }
    }
    Ok(())
}
