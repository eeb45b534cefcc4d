//! The encoders and levels of the server's whole-body compression, compared on real answers:
//! time per answer and compressed size, each encoder kept between answers as the server keeps
//! its own per thread. The answers are those `benches/compression/run.sh` saves
//! (`benches/generated/compression/answers/`, or the directory `ANSWERS_DIR` names).
//!
//! Run: `benches/compression/run.sh` once, then `cargo bench -p server --bench encoders`.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let dir = std::env::var_os("ANSWERS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../benches/generated/compression/answers")
        });
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "no answers in {}: run benches/compression/run.sh first",
            dir.display()
        );
        std::process::exit(1);
    };
    let answers: Vec<Vec<u8>> = entries
        .filter_map(|e| std::fs::read(e.ok()?.path()).ok())
        .collect();
    let total: usize = answers.iter().map(Vec::len).sum();
    println!(
        "{} answers, {} bytes on average",
        answers.len(),
        total / answers.len().max(1)
    );
    let measure = |name: &str, encode: &mut dyn FnMut(&[u8]) -> usize| {
        let rounds = 20;
        let start = Instant::now();
        let mut out = 0;
        for _ in 0..rounds {
            for a in &answers {
                out += encode(a);
            }
        }
        let per = start.elapsed().as_secs_f64() * 1e6 / (rounds * answers.len()) as f64;
        let ratio = out as f64 / (rounds * total) as f64;
        println!(
            "{name:<22} {per:7.1} µs per answer, {:5.1} % of the size",
            ratio * 100.0
        );
    };
    for level in [1, 6] {
        let lvl = libdeflater::CompressionLvl::new(level).expect("level");
        let mut c = libdeflater::Compressor::new(lvl);
        measure(&format!("gzip libdeflate {level}"), &mut |a| {
            let mut out = vec![0; c.gzip_compress_bound(a.len())];
            c.gzip_compress(a, &mut out).expect("gzip")
        });
    }
    for level in [1, 6] {
        measure(&format!("gzip zlib-rs {level}"), &mut |a| {
            let mut e = flate2::write::GzEncoder::new(
                Vec::with_capacity(a.len()),
                flate2::Compression::new(level),
            );
            e.write_all(a).expect("gzip");
            e.finish().expect("gzip").len()
        });
    }
    for level in [1, 3] {
        let mut c = zstd::bulk::Compressor::new(level).expect("zstd");
        measure(&format!("zstd {level}"), &mut |a| {
            c.compress(a).expect("zstd").len()
        });
    }
    for quality in [1, 4] {
        let params = brotli::enc::BrotliEncoderParams {
            quality,
            lgwin: 18,
            ..Default::default()
        };
        measure(&format!("brotli {quality}"), &mut |a| {
            let mut out = Vec::with_capacity(a.len());
            brotli::BrotliCompress(&mut &a[..], &mut out, &params).expect("brotli");
            out.len()
        });
    }
}
