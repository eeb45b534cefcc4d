//! Criterion benchmarks of the impact query at national scale, single-threaded: a point query
//! (cycling through 10,000 varied points), an îlot-sized polygon query (2,000 polygons), and the
//! load of every layer. p50/p99 per query come from the `latency` bench.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use geodata::catalog::Catalog;
use geodata::impacts::{AnswerParts, Answerer, Place};

fn queries(c: &mut Criterion) {
    let (catalog, _) = common::load_catalog();
    let parts = AnswerParts::prepared(&catalog);
    let answerer = Answerer::new(&catalog, &parts);
    let points: Vec<Place> = common::query_points()
        .into_iter()
        .map(|q| Place::Point(q.point))
        .collect();
    let polygons: Vec<Place> = common::query_polygons()
        .into_iter()
        .map(Place::Area)
        .collect();
    let mut i = 0;
    c.bench_function("impacts/point (10 000 points variés)", |b| {
        b.iter(|| {
            i = (i + 1) % points.len();
            black_box(answerer.impacts(&points[i]))
        })
    });
    let mut j = 0;
    c.bench_function("impacts/polygone (2 000 îlots)", |b| {
        b.iter(|| {
            j = (j + 1) % polygons.len();
            black_box(answerer.impacts(&polygons[j]))
        })
    });
}

fn load(c: &mut Criterion) {
    let dir = common::generated_dir();
    let mut group = c.benchmark_group("chargement");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("toutes les couches", |b| {
        b.iter(|| black_box(Catalog::load(&dir, &[]).map(|(c, _)| c.territories.len())))
    });
    group.finish();
}

criterion_group!(benches, queries, load);
criterion_main!(benches);
