//! Prints the gazetteer candidates of each argument (a development aid).
fn main() {
    let t = std::time::Instant::now();
    let g = sitrep::gazetteer::Gazetteer::builtin();
    eprintln!("load {:?}", t.elapsed());
    for name in std::env::args().skip(1) {
        let t = std::time::Instant::now();
        let c = g.lookup(&name);
        println!("{name}: {} candidates in {:?}", c.len(), t.elapsed());
        for c in c.iter().take(6) {
            let p = c.place();
            println!(
                "  d={} {} {} {} {} {:?}/{:?} {:.3},{:.3} pop {}",
                c.distance,
                p.id,
                p.name,
                p.feature,
                p.country,
                p.admin1,
                p.admin2,
                p.lat,
                p.lon,
                p.population
            );
        }
    }
}
