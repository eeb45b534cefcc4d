//! QPV membership only, through the national layer: the Rust side of the shapely 2 comparison
//! (`benches/compare_shapely.py` runs both on the same 10,000 points and prints the table).
//!
//! Each look-up is `Layer::near_point(point, 0.0)`, the index query the impact query itself
//! makes: R-tree candidates, point-in-polygon per polygon part, and the distance to the edge
//! that the verdict needs (shapely does not compute it).

mod common;

use std::hint::black_box;
use std::time::Instant;

use geodata::national::National;

const PASSES: usize = 21;

fn main() {
    let dir = common::generated_dir().join("france");
    let (national, report) = National::load(&dir);
    if report.has_errors() || national.qpv.is_empty() {
        common::fail(format!(
            "{}: national layer not loaded\n{report}",
            dir.display()
        ));
    }
    let points: Vec<_> = common::query_points()
        .into_iter()
        .map(|q| q.point)
        .collect();
    let inside_of = |p| national.qpv.near_point(p, 0.0).iter().any(|h| h.inside);
    let inside = points.iter().filter(|p| inside_of(**p)).count();
    let mut per_point_ns: Vec<f64> = (0..PASSES)
        .map(|_| {
            let start = Instant::now();
            for p in &points {
                black_box(inside_of(black_box(*p)));
            }
            start.elapsed().as_nanos() as f64 / points.len() as f64
        })
        .collect();
    per_point_ns.sort_by(f64::total_cmp);
    let median = per_point_ns[PASSES / 2];
    println!(
        "geodata near_point (national layer, {} points, {PASSES} passes): {inside} inside, median {:.0} ns per point (best {:.0}, worst {:.0})",
        points.len(),
        median,
        per_point_ns[0],
        per_point_ns[PASSES - 1]
    );
    println!("RESULT inside={inside} ns_per_point={median:.1}");
}
