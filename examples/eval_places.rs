//! Scores the place stages on LGL and FA-KES (a development aid until the CLI has them).
use std::sync::Arc;
fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let g = Arc::new(sitrep::gazetteer::Gazetteer::builtin());
    let t = std::time::Instant::now();
    let s = sitrep::geoparse::eval_places(std::path::Path::new(&args[0]), g.clone())?;
    println!("docs {} gold {} predicted {} P {:.3} R {:.3} acc@161 {:.3} (of all gold {:.3}) median {:.1} km in {:?}",
        s.documents, s.gold, s.predicted, s.precision(), s.recall(), s.acc161(), s.acc161_all(), s.median_km(), t.elapsed());
    if let Some(f) = args.get(1) {
        let a = sitrep::geoparse::eval_admin1(std::path::Path::new(f), "article_content", "location", g)?;
        println!("admin1: labelled {} located {} correct {} acc {:.3}", a.labelled, a.located, a.correct, a.correct as f64 / a.labelled.max(1) as f64);
    }
    Ok(())
}
