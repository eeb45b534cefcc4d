//! Cold tile encoding over the bundled data: z14, z10 and z6 tiles holding QPVs of the national
//! layer (every call is cold: the crate has no cache). Prints the per-tile distribution over
//! every distinct z14 QPV tile first, then the criterion means.
//!
//! `cargo bench -p tiles --bench encode`

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use std::hint::black_box;

use criterion::Criterion;
use geo::{BoundingRect, Geometry};
use geodata::catalog::Catalog;
use tiles::TileSource;

fn catalog() -> Catalog {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data"));
    Catalog::load(&dir, &[]).expect("bundled data").0
}

/// The distinct tiles at zoom `z` holding the centre of a QPV's box, in a fixed order.
fn qpv_tiles(catalog: &Catalog, z: u8) -> Vec<(u8, u32, u32)> {
    let n = f64::from(1u32 << z);
    let tiles: BTreeSet<(u32, u32)> = catalog
        .national
        .qpv
        .features()
        .iter()
        .filter_map(|f| bbox_centre(&f.geometry))
        .map(|(lon, lat)| {
            let x = (lon + 180.0) / 360.0 * n;
            let lat = lat.to_radians();
            let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n;
            (x.floor() as u32, y.floor() as u32)
        })
        .collect();
    tiles.into_iter().map(|(x, y)| (z, x, y)).collect()
}

fn bbox_centre(g: &Geometry<f64>) -> Option<(f64, f64)> {
    let c = g.bounding_rect()?.center();
    Some((c.x, c.y))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn distribution(source: &TileSource, tiles: &[(u8, u32, u32)]) {
    let mut times = Vec::with_capacity(tiles.len());
    let mut bytes = 0usize;
    for &(z, x, y) in tiles {
        let start = Instant::now();
        let t = source.tile(z, x, y).expect("valid tile");
        times.push(start.elapsed());
        bytes += t.map_or(0, |b| b.len());
    }
    times.sort_unstable();
    println!(
        "z{} cold, {} distinct QPV tiles: p50 {:?}, p99 {:?}, max {:?}, mean size {} B",
        tiles[0].0,
        tiles.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times[times.len() - 1],
        bytes / tiles.len()
    );
}

fn main() {
    let catalog = catalog();
    let start = Instant::now();
    let source = TileSource::new(&catalog);
    println!("TileSource::new: {:?}", start.elapsed());
    let by_zoom: Vec<Vec<(u8, u32, u32)>> = [14, 10, 6]
        .iter()
        .map(|&z| qpv_tiles(&catalog, z))
        .collect();
    for tiles in &by_zoom {
        distribution(&source, tiles);
    }

    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(30)
        .measurement_time(Duration::from_secs(5));
    for tiles in &by_zoom {
        let z = tiles[0].0;
        let mut i = 0;
        c.bench_function(
            &format!("cold z{z} QPV tile (cycling {} tiles)", tiles.len()),
            |b| {
                b.iter(|| {
                    let (z, x, y) = tiles[i % tiles.len()];
                    i += 1;
                    black_box(source.tile(z, x, y).expect("valid tile"))
                })
            },
        );
    }
    c.bench_function("cold z14 Le Perrier (14/8476/5816)", |b| {
        b.iter(|| black_box(source.tile(14, 8476, 5816).expect("valid tile")))
    });
    c.final_summary();
}
