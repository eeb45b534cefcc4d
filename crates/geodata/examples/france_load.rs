//! Times the load of the national references and a few look-ups:
//!
//!     cargo run --release -p geodata --example france_load [DATA_DIR/france]
//!
//! Prints the load time, then the mean time of each look-up over many calls.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use geo::Point;
use geodata::france::France;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/france"));
    let start = Instant::now();
    let (france, report) = France::load(&dir);
    println!(
        "chargement : {:.0} ms, {} communes, {} contrats, {} gares, {} messages",
        start.elapsed().as_secs_f64() * 1e3,
        france.communes().len(),
        france.contracts().len(),
        france.stations().len(),
        report.issues.len()
    );
    // Points on a grid over metropolitan France.
    let points: Vec<Point<f64>> = (0..100)
        .flat_map(|i| {
            (0..100).map(move |j| Point::new(-4.5 + i as f64 * 0.13, 42.5 + j as f64 * 0.085))
        })
        .collect();
    let time = |name: &str, f: &dyn Fn(Point<f64>) -> usize| {
        let start = Instant::now();
        let found: usize = points.iter().map(|&p| f(p)).sum();
        let per = start.elapsed().as_secs_f64() * 1e6 / points.len() as f64;
        println!(
            "{name} : {per:.1} µs par appel ({found} trouvés sur {})",
            points.len()
        );
    };
    time("commune_at", &|p| {
        usize::from(france.commune_at(p).is_some())
    });
    time("stations_near 1 km", &|p| {
        france.stations_near(p, 1_000.0).len()
    });
    time("commune + contrat + postes", &|p| {
        france.commune_at(p).map_or(0, |c| {
            c.contracts
                .iter()
                .map(|(code, _)| black_box(france.posts(code)).len())
                .sum()
        })
    });
}
