//! What the national-scale benchmarks share: the generated data set and its query places.
//!
//! The data are produced by `python3 benches/generate_national.py` (deterministic, under
//! `benches/generated/`, not committed).

#![allow(dead_code)] // each bench uses its own subset

use std::path::PathBuf;
use std::time::Instant;

use geo::{MultiPolygon, Point};
use geodata::catalog::Catalog;

/// The allocator of the `quartiers` binary that serves these answers (see its `main.rs`):
/// the answers' items are many small allocations, and glibc's malloc made the îlot query a
/// third slower than it is in the server.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// `benches/generated` at the workspace root.
pub fn generated_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../benches/generated"
    ))
}

/// Stops the bench with a clear message when the data set is missing or unreadable.
pub fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("{message}\n(generate the data set first: python3 benches/generate_national.py)");
    std::process::exit(1)
}

/// Loads the whole generated catalog (national QPV + the synthetic territory) and says how long
/// it took.
pub fn load_catalog() -> (Catalog, f64) {
    let start = Instant::now();
    let (catalog, _) = Catalog::load(&generated_dir(), &[]).unwrap_or_else(|e| fail(e));
    let seconds = start.elapsed().as_secs_f64();
    let t = catalog
        .territories
        .first()
        .unwrap_or_else(|| fail("benches/generated: no territory loaded"));
    if t.equipment.len() != 100_000 || t.operations.len() != 10_000 {
        fail(format!(
            "benches/generated: {} equipment and {} operations, 100000 and 10000 expected",
            t.equipment.len(),
            t.operations.len()
        ));
    }
    (catalog, seconds)
}

/// A query point and how it was drawn (`uniforme`, `qpv`, `outre-mer`).
pub struct QueryPoint {
    pub draw: String,
    pub point: Point<f64>,
}

/// The 10,000 query points of `queries/points.csv` (`id,tirage,lon,lat`).
pub fn query_points() -> Vec<QueryPoint> {
    let path = generated_dir().join("queries/points.csv");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
    text.lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            let number = |i: usize| -> f64 {
                fields
                    .get(i)
                    .and_then(|f| f.parse().ok())
                    .unwrap_or_else(|| fail(format!("{}: bad line « {line} »", path.display())))
            };
            QueryPoint {
                draw: fields.get(1).copied().unwrap_or_default().to_string(),
                point: Point::new(number(2), number(3)),
            }
        })
        .collect()
}

/// The 2,000 îlot-sized query polygons of `queries/polygons.geojson`.
pub fn query_polygons() -> Vec<MultiPolygon<f64>> {
    let path = generated_dir().join("queries/polygons.geojson");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
    let collection: geojson::FeatureCollection = text
        .parse()
        .unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
    collection
        .features
        .into_iter()
        .filter_map(|f| f.geometry)
        .map(|g| match geo::Geometry::<f64>::try_from(g.value) {
            Ok(geo::Geometry::Polygon(p)) => MultiPolygon(vec![p]),
            _ => fail(format!("{}: polygons expected", path.display())),
        })
        .collect()
}
