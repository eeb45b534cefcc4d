//! The answer for random points of Annemasse Agglo on the bundled data — the answer issue's
//! bar workload (lon 6.18–6.33, lat 46.15–46.24) — built and serialized, compact and complete,
//! single-threaded. What a server spends per `/impacts` request outside HTTP.
//!
//! `cargo bench -p geodata --bench answer` prints per-answer times (p50, p99) and sizes.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use geo::Point;
use geodata::catalog::Catalog;
use geodata::impacts::{AnswerParts, AnswerView, Answerer, Detail, Place, Selection};
use hdrhistogram::Histogram;

const POINTS: usize = 3000;
const PASSES: usize = 5;

/// Deterministic points in the box (xorshift; the same every run).
fn points() -> Vec<Point<f64>> {
    let mut state: u64 = 0x2024_0001;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..POINTS)
        .map(|_| Point::new(6.18 + 0.15 * next(), 46.15 + 0.09 * next()))
        .collect()
}

fn main() {
    let data = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data"));
    let start = Instant::now();
    let (catalog, _) = Catalog::load(&data, &[]).expect("bundled data");
    let parts = AnswerParts::prepared(&catalog);
    println!(
        "load of the bundled data (national layer + Annemasse Agglo) and shared parts: {:.3} s",
        start.elapsed().as_secs_f64()
    );
    let points = points();
    println!("\n| answer | n | p50 µs | p90 µs | p99 µs | mean bytes |");
    println!("|---|---|---|---|---|---|");
    for (label, detail) in [("compact", Detail::Resume), ("complet", Detail::Complet)] {
        row(Answerer::new(&catalog, &parts), &points, label, detail);
    }
}

fn row(answerer: Answerer<'_>, points: &[Point<f64>], label: &str, detail: Detail) {
    let selection = Selection::default();
    let mut h = Histogram::<u64>::new_with_bounds(1, 60_000_000_000, 3).expect("histogram");
    let mut bytes = 0usize;
    for p in points {
        black_box(
            AnswerView::new(&answerer.impacts(&Place::Point(*p)), detail, &selection).to_json(),
        );
    }
    for _ in 0..PASSES {
        for p in points {
            let t = Instant::now();
            let report = answerer.impacts(&Place::Point(*p));
            let json = AnswerView::new(&report, detail, &selection).to_json();
            let ns = u64::try_from(t.elapsed().as_nanos())
                .unwrap_or(u64::MAX)
                .max(1);
            h.saturating_record(ns);
            bytes += black_box(json).len();
        }
    }
    let us = |q: f64| h.value_at_quantile(q) as f64 / 1000.0;
    println!(
        "| {label} | {} | {:.1} | {:.1} | {:.1} | {} |",
        h.len(),
        us(0.5),
        us(0.9),
        us(0.99),
        bytes / (points.len() * PASSES)
    );
}
