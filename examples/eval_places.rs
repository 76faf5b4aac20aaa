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
        let a = sitrep::geoparse::eval_admin1(
            std::path::Path::new(f),
            "article_content",
            "location",
            Some("SY"),
            g,
        )?;
        let mut c = std::collections::HashMap::new();
        for (_, g, p) in &a.mismatches {
            *c.entry((g.clone(), p.clone())).or_insert(0) += 1;
        }
        let mut v: Vec<_> = c.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        for ((g, p), n) in v.iter().take(25) {
            println!("  gold {g} got {p}: {n}");
        }
        println!(
            "admin1: labelled {} located {} correct {} acc {:.3}",
            a.labelled,
            a.located,
            a.correct,
            a.correct as f64 / a.labelled.max(1) as f64
        );
    }
    Ok(())
}
