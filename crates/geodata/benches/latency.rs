//! Per-query latency at national scale, single-threaded: every query timed on its own and
//! recorded in an HDR histogram, for the p50/p99 targets of issue 3 (criterion only gives
//! means and medians of batches). Also times the load of every layer.
//!
//! `cargo bench -p geodata --bench latency` prints a Markdown table. With
//! `LATENCY_POINTS_ONLY` set, the îlot polygons are left out (a profile of the point queries
//! alone).

mod common;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use geodata::catalog::Catalog;
use geodata::impacts::{AnswerParts, Answerer, Place};
use hdrhistogram::Histogram;

/// Timed passes over the query set (after one warm-up pass).
const PASSES: usize = 5;

struct Row {
    label: String,
    histogram: Histogram<u64>,
    /// Items answered per query, on average (perimeters, operations, equipment...).
    items: f64,
}

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 600_000_000_000, 3)
        .unwrap_or_else(|e| common::fail(format!("histogram: {e}")))
}

/// Times each query of `places`, grouped by label; returns one row per label.
fn time_queries(catalog: &Catalog, places: &[(String, Place)]) -> Vec<Row> {
    let mut rows: BTreeMap<String, (Histogram<u64>, usize, usize)> = BTreeMap::new();
    let parts = AnswerParts::new(catalog);
    let answerer = Answerer::new(catalog, &parts);
    for (_, place) in places {
        black_box(answerer.impacts(place));
    }
    for _ in 0..PASSES {
        for (label, place) in places {
            let start = Instant::now();
            let report = black_box(answerer.impacts(place));
            let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
            let entry = rows
                .entry(label.clone())
                .or_insert_with(|| (histogram(), 0, 0));
            entry.0.saturating_record(ns.max(1));
            entry.1 += report.total();
            entry.2 += 1;
        }
    }
    rows.into_iter()
        .map(|(label, (histogram, items, n))| Row {
            label,
            histogram,
            items: items as f64 / n.max(1) as f64,
        })
        .collect()
}

fn all(label: &str, rows: &[Row]) -> Row {
    let mut total = histogram();
    let mut items = 0.0;
    let mut n = 0u64;
    for r in rows {
        total
            .add(&r.histogram)
            .unwrap_or_else(|e| common::fail(format!("histogram: {e}")));
        items += r.items * r.histogram.len() as f64;
        n += r.histogram.len();
    }
    Row {
        label: label.to_string(),
        histogram: total,
        items: items / n.max(1) as f64,
    }
}

fn us(ns: u64) -> String {
    format!("{:.1}", ns as f64 / 1000.0)
}

fn print(rows: &[Row]) {
    for r in rows {
        let h = &r.histogram;
        println!(
            "| {} | {} | {:.1} | {} | {} | {} | {} | {:.1} |",
            r.label,
            h.len(),
            h.mean() / 1000.0,
            us(h.value_at_quantile(0.5)),
            us(h.value_at_quantile(0.9)),
            us(h.value_at_quantile(0.99)),
            us(h.max()),
            r.items
        );
    }
}

fn main() {
    // Load: three times, reporting each (the first one reads a cold page cache).
    let mut loads = Vec::new();
    let (catalog, first) = common::load_catalog();
    loads.push(first);
    for _ in 0..2 {
        let (_, seconds) = common::load_catalog();
        loads.push(seconds);
    }
    println!(
        "load of every layer (1,584 QPV + 100,000 equipment + 10,000 operations): {} s",
        loads
            .iter()
            .map(|s| format!("{s:.3}"))
            .collect::<Vec<_>>()
            .join(" / ")
    );

    let points: Vec<(String, Place)> = common::query_points()
        .into_iter()
        .map(|q| (format!("point — tirage {}", q.draw), Place::Point(q.point)))
        .collect();
    let polygons: Vec<(String, Place)> = common::query_polygons()
        .into_iter()
        .map(|p| ("polygone îlot (80–400 m)".to_string(), Place::Area(p)))
        .collect();

    println!(
        "\n| requête | n | moyenne µs | p50 µs | p90 µs | p99 µs | max µs | éléments/réponse |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let point_rows = time_queries(&catalog, &points);
    print(&[all("**point — les 10 000**", &point_rows)]);
    print(&point_rows);
    if std::env::var_os("LATENCY_POINTS_ONLY").is_none() {
        print(&time_queries(&catalog, &polygons));
    }
}
