//! Accuracy and latency of the search on a query set (the geocoder-tester cases, or our own).
//!
//! `cargo run --release -p geocoder --example eval -- --index DIR --ban FILE.csv.gz
//!  --queries FILE.csv [--queries ...] [--show-failures N]`
//!
//! Query files are CSV with `query,expected_id[,expected_label[,form]]`. A query without a
//! form is classed `postcode` (ends with 5 digits), `bare` (no commune, and then biased to
//! the expected address's position, as geocoder-tester does) or `city`. With `--index`, the
//! index is loaded from DIR; otherwise it is built from `--ban` in memory.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use geocoder::index::Index;
use geocoder::search::{search, SearchOptions};
use geocoder::Feature;

#[derive(Default)]
struct Tally {
    n: usize,
    top1: usize,
    top5: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut index_dir = None;
    let mut ban = None;
    let mut queries = Vec::new();
    let mut show = 0usize;
    let mut save: Option<PathBuf> = None;
    // Each query runs this many times and its median time counts: on a shared machine a
    // single run measures the scheduler as much as the search.
    let mut repeat = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--index" => index_dir = args.next().map(PathBuf::from),
            "--ban" => ban = args.next().map(PathBuf::from),
            "--queries" => queries.extend(args.next().map(PathBuf::from)),
            "--repeat" => repeat = args.next().and_then(|s| s.parse().ok()).unwrap_or(1),
            "--save" => save = args.next().map(PathBuf::from),
            "--show-failures" => show = args.next().and_then(|s| s.parse().ok()).unwrap_or(20),
            other => return Err(format!("argument inconnu : {other}").into()),
        }
    }
    let ban = ban.ok_or("--ban FILE is required (positions of the expected addresses)")?;
    let started = Instant::now();
    let index = match &index_dir {
        Some(dir) => Index::load(dir)?.ok_or("no index in --index DIR")?,
        None => {
            let mut b = geocoder::IndexBuilder::new();
            geocoder::ban::read_file(&ban, &mut b, &mut |_| {})?;
            b.finish(vec![ban.display().to_string()])
        }
    };
    eprintln!(
        "index: {} documents, {} addresses, ready in {:.2} s",
        index.docs().len(),
        index.address_count(),
        started.elapsed().as_secs_f64()
    );
    if let Some(dir) = &save {
        let path = index.save(dir)?;
        let t = Instant::now();
        let again = Index::load(dir)?.ok_or("index just saved")?;
        println!(
            "index file {:.1} MB, loaded in {:.2} s ({} documents)",
            std::fs::metadata(&path)?.len() as f64 / 1e6,
            t.elapsed().as_secs_f64(),
            again.docs().len()
        );
    }
    let positions = positions(&ban)?;

    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut micros: Vec<f64> = Vec::new();
    let mut failures = Vec::new();
    for file in &queries {
        let set = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        let mut reader = csv::Reader::from_path(file)?;
        for row in reader.records() {
            let row = row?;
            let (q, expected) = (&row[0], &row[1]);
            let label = row.get(2).unwrap_or("");
            let form = row
                .get(3)
                .filter(|f| !f.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| classify(q, label));
            let mut opts = SearchOptions::default();
            if form == "bare" || form == "partiel" {
                opts.bias = positions.get(expected).copied();
            }
            let mut runs = Vec::with_capacity(repeat);
            let mut hits = Vec::new();
            for _ in 0..repeat.max(1) {
                let t = Instant::now();
                hits = search(&index, q, &opts);
                runs.push(t.elapsed().as_secs_f64() * 1e6);
            }
            runs.sort_by(f64::total_cmp);
            let us = runs[runs.len() / 2];
            micros.push(us);
            if std::env::var_os("EVAL_SLOW").is_some() && us > 1000.0 {
                eprintln!("slow {us:.0} µs: {q}");
            }
            let ids: Vec<String> = hits
                .iter()
                .map(|h| Feature::from_hit(&index, h).properties.id)
                .collect();
            let ok1 = ids.first().is_some_and(|id| id == expected);
            let ok5 = ids.iter().any(|id| id == expected);
            for key in [format!("{set}/all"), format!("{set}/{form}")] {
                let e = tallies.entry(key).or_default();
                e.n += 1;
                e.top1 += usize::from(ok1);
                e.top5 += usize::from(ok5);
            }
            if !ok1 {
                let got = hits
                    .first()
                    .map(|h| {
                        let p = Feature::from_hit(&index, h).properties;
                        format!("{} ({}, {:.3})", p.label, p.id, p.score)
                    })
                    .unwrap_or_default();
                failures.push(format!("[{form}] {q} → {got}; attendu {expected}"));
            }
        }
    }
    for (k, t) in &tallies {
        println!(
            "{k}: {} queries, top-1 {:.2} %, top-5 {:.2} %",
            t.n,
            100.0 * t.top1 as f64 / t.n as f64,
            100.0 * t.top5 as f64 / t.n as f64
        );
    }
    micros.sort_by(f64::total_cmp);
    let pct = |p: f64| micros[((micros.len() - 1) as f64 * p) as usize];
    if !micros.is_empty() {
        println!(
            "latency over {} queries (median of {repeat} runs each), single thread: p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
            micros.len(),
            pct(0.5),
            pct(0.99),
            micros[micros.len() - 1]
        );
    }
    println!("index heap: {:.1} MB", index.heap_bytes() as f64 / 1e6);
    for f in failures.iter().take(show) {
        println!("  {f}");
    }
    Ok(())
}

fn classify(q: &str, label: &str) -> String {
    let fold = |s: &str| geocoder::text::tokens(s).join(" ");
    let last = q.split_whitespace().last().unwrap_or("");
    if last.len() == 5 && last.bytes().all(|b| b.is_ascii_digit()) {
        "postcode".into()
    } else if !label.is_empty()
        && fold(label).starts_with(&fold(q))
        && q.split_whitespace().count() + 2 <= label.split_whitespace().count()
    {
        "bare".into()
    } else {
        "city".into()
    }
}

/// id → (lon, lat) of every row of a BAN file.
fn positions(ban: &PathBuf) -> Result<HashMap<String, (f64, f64)>, Box<dyn std::error::Error>> {
    let file = std::fs::File::open(ban)?;
    let input: Box<dyn std::io::Read> = if ban.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(input);
    let headers = reader.headers()?.clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h == n)
            .ok_or(format!("no {n} column"))
    };
    let (id, lon, lat) = (col("id")?, col("lon")?, col("lat")?);
    let mut out = HashMap::new();
    for r in reader.records() {
        let r = r?;
        if let (Ok(x), Ok(y)) = (r[lon].parse(), r[lat].parse()) {
            out.insert(r[id].to_string(), (x, y));
        }
    }
    Ok(out)
}
