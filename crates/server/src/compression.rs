//! Compression of the answers whose whole body is known: compressed in one call by the fastest
//! encoder that keeps gzip's ratio (libdeflate at level 1 for gzip, zstd at level 1 when the
//! client takes it), sent with its exact `Content-Length`, and remembered by content so an
//! answer asked again in the same data version (an item, a page, a quartier's answer) is
//! compressed once. Streamed bodies (batch results, exports) are left to tower-http's
//! streaming layer outside this one.
//!
//! Measured on 400 answers of `/impacts` in Annemasse (6.3 KB on average, `benches/RESULTS.md`):
//! libdeflate level 1 compresses to 28.6 % in a third of the time zlib level 6 takes for
//! 27.7 %; zstd level 1 to 29.4 % faster still; brotli below quality 4 is slower than both
//! for less.

use std::cell::RefCell;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use quick_cache::sync::Cache;
use quick_cache::Weighter;
use std::sync::Arc;

/// A content coding this layer produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coding {
    Gzip,
    Zstd,
}

impl Coding {
    fn token(self) -> &'static str {
        match self {
            Coding::Gzip => "gzip",
            Coding::Zstd => "zstd",
        }
    }

    /// The coding to answer a request with: the one of highest quality its `Accept-Encoding`
    /// offers among ours, zstd at equal quality; none when it offers neither.
    pub fn preferred(headers: &HeaderMap) -> Option<Coding> {
        let gzip = quality(headers, Coding::Gzip);
        let zstd = quality(headers, Coding::Zstd);
        match (gzip, zstd) {
            (0, 0) => None,
            (g, z) if z >= g => Some(Coding::Zstd),
            _ => Some(Coding::Gzip),
        }
    }
}

/// The quality (0–1000) a request's `Accept-Encoding` gives `coding` (`x-gzip` is gzip); 0
/// when it is not offered or refused with `q=0`.
pub fn quality(headers: &HeaderMap, coding: Coding) -> u16 {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|offer| {
            let mut parts = offer.split(';');
            let name = parts.next()?.trim();
            let named = name.eq_ignore_ascii_case(coding.token())
                || (coding == Coding::Gzip && name.eq_ignore_ascii_case("x-gzip"));
            if !named {
                return None;
            }
            match parts.find_map(|p| p.trim().strip_prefix("q=")) {
                None => Some(1000),
                Some(q) => q
                    .trim()
                    .parse::<f32>()
                    .ok()
                    .filter(|q| (0.0..=1.0).contains(q))
                    .map(|q| (q * 1000.0).round() as u16),
            }
        })
        .max()
        .unwrap_or(0)
}

/// Bodies under this size are sent as they are (tower-http's own threshold).
const MIN_SIZE: u64 = 32;
/// Bodies over this size are left to the streaming layer: not held whole in memory twice.
const MAX_SIZE: u64 = 4 * 1024 * 1024;
/// Compressed answers under this size are not remembered: compressing them again costs less
/// than the look-up's bookkeeping is worth.
const MIN_REMEMBERED: usize = 1024;

/// Compresses whole bodies and remembers the compressed bytes of each by the 128-bit hash of
/// its content: no invalidation is needed when the data change, an answer that changed is
/// another key, and the old one ages out.
pub struct BodyCompressor {
    remembered: Option<Cache<(u128, Coding), Bytes, ByLength>>,
    /// Drawn at start: content crafted to collide with another answer's hash cannot be
    /// prepared in advance.
    seed: u64,
}

#[derive(Clone)]
struct ByLength;

impl Weighter<(u128, Coding), Bytes> for ByLength {
    fn weight(&self, _key: &(u128, Coding), value: &Bytes) -> u64 {
        value.len() as u64 + 64
    }
}

impl BodyCompressor {
    /// `capacity_bytes` of compressed answers remembered; 0 remembers none.
    pub fn new(capacity_bytes: u64) -> BodyCompressor {
        let remembered = (capacity_bytes > 0).then(|| {
            let items = usize::try_from((capacity_bytes / 2048).max(64)).unwrap_or(usize::MAX);
            Cache::with_weighter(items, capacity_bytes, ByLength)
        });
        let seed =
            std::hash::BuildHasher::hash_one(&std::collections::hash_map::RandomState::new(), 0u8);
        BodyCompressor { remembered, seed }
    }

    /// `body` compressed with `coding`, from memory when the same bytes were compressed before;
    /// none if the encoder failed (then the body goes as it is).
    pub fn compress(&self, body: &[u8], coding: Coding) -> Option<Bytes> {
        let Some(cache) = self
            .remembered
            .as_ref()
            .filter(|_| body.len() >= MIN_REMEMBERED)
        else {
            return encode(body, coding);
        };
        let key = (
            twox_hash::XxHash3_128::oneshot_with_seed(self.seed, body),
            coding,
        );
        if let Some(bytes) = cache.get(&key) {
            return Some(bytes);
        }
        let bytes = encode(body, coding)?;
        cache.insert(key, bytes.clone());
        Some(bytes)
    }
}

/// `raw` gzipped by the same encoder as the answers (tiles are kept gzipped in their cache).
pub fn gzip(raw: &[u8]) -> Option<Bytes> {
    encode(raw, Coding::Gzip)
}

thread_local! {
    // Each thread keeps its encoders: their tables are allocated once, not per answer.
    // Level 1 (libdeflate's `fastest` is level 0: stored, not compressed).
    static GZIP: RefCell<libdeflater::Compressor> = RefCell::new(libdeflater::Compressor::new(
        libdeflater::CompressionLvl::new(1).unwrap_or_default(),
    ));
    static ZSTD: RefCell<Option<zstd::bulk::Compressor<'static>>> =
        RefCell::new(zstd::bulk::Compressor::new(1).ok());
}

fn encode(body: &[u8], coding: Coding) -> Option<Bytes> {
    match coding {
        Coding::Gzip => GZIP.with_borrow_mut(|c| {
            // The buffer holds the bound libdeflate gives, so compression cannot run out of it.
            let mut out = vec![0; c.gzip_compress_bound(body.len())];
            let n = c.gzip_compress(body, &mut out).ok()?;
            out.truncate(n);
            Some(Bytes::from(out))
        }),
        Coding::Zstd => ZSTD.with_borrow_mut(|c| {
            // Only an allocation failure leaves a thread without its context: then a one-off.
            let out = match c.as_mut() {
                Some(c) => c.compress(body),
                None => zstd::bulk::compress(body, 1),
            };
            out.ok().map(Bytes::from)
        }),
    }
}

/// A response the content codings apply to: not already encoded, not a range, not an image
/// (SVG aside), a gRPC or an event stream — tower-http's rules, kept for the same answers.
fn compressible(res: &Response) -> bool {
    let headers = res.headers();
    if headers.contains_key(header::CONTENT_ENCODING) || headers.contains_key(header::CONTENT_RANGE)
    {
        return false;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let image = content_type.starts_with("image/") && !content_type.starts_with("image/svg+xml");
    !(image
        || content_type.starts_with("application/grpc")
        || content_type.starts_with("text/event-stream"))
}

/// The middleware: compresses the answers whose body is whole and of known length, when the
/// client accepts gzip or zstd; leaves the others to the layers outside.
pub async fn compress_whole_bodies(
    State(compressor): State<Arc<BodyCompressor>>,
    req: Request,
    next: Next,
) -> Response {
    let coding = Coding::preferred(req.headers());
    let res = next.run(req).await;
    let Some(coding) = coding else {
        return res;
    };
    let size = res.body().size_hint().exact();
    if !size.is_some_and(|n| (MIN_SIZE..=MAX_SIZE).contains(&n)) || !compressible(&res) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_SIZE as usize).await {
        Ok(bytes) => bytes,
        // A body of known length that fails to read is a fault of the route that made it.
        Err(error) => return crate::error::Problem::internal(error).into_response(),
    };
    let Some(compressed) = compressor.compress(&bytes, coding) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let headers = &mut parts.headers;
    let varies = headers.get_all(header::VARY).iter().any(|v| {
        v.to_str()
            .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
    });
    if !varies {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    headers.remove(header::ACCEPT_RANGES);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(compressed.len()));
    headers.insert(
        header::CONTENT_ENCODING,
        HeaderValue::from_static(coding.token()),
    );
    Response::from_parts(parts, Body::from(compressed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(v).expect("header"),
        );
        h
    }

    #[test]
    fn negotiation_follows_quality_then_prefers_zstd() {
        assert_eq!(Coding::preferred(&accept("gzip, br")), Some(Coding::Gzip));
        assert_eq!(
            Coding::preferred(&accept("gzip, deflate, br, zstd")),
            Some(Coding::Zstd)
        );
        assert_eq!(
            Coding::preferred(&accept("zstd;q=0.5, gzip")),
            Some(Coding::Gzip)
        );
        assert_eq!(Coding::preferred(&accept("x-gzip")), Some(Coding::Gzip));
        assert_eq!(Coding::preferred(&accept("gzip;q=0, br")), None);
        assert_eq!(Coding::preferred(&accept("br, identity")), None);
        assert_eq!(Coding::preferred(&HeaderMap::new()), None);
        assert_eq!(quality(&accept("GZIP ; q=0.25"), Coding::Gzip), 250);
        assert_eq!(quality(&accept("gzip;q=7"), Coding::Gzip), 0);
    }

    #[test]
    fn both_codings_decode_to_the_same_bytes_and_repeats_come_from_memory() {
        let body: Vec<u8> = (0..5000)
            .flat_map(|i| format!("{{\"id\":{i},\"nom\":\"Quartier n°{i}\"}},").into_bytes())
            .collect();
        let compressor = BodyCompressor::new(1 << 20);
        let gzip = compressor.compress(&body, Coding::Gzip).expect("gzip");
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&gzip[..])
            .read_to_end(&mut decoded)
            .expect("gzip");
        assert_eq!(decoded, body);
        assert!(gzip.len() < body.len() / 4, "{} bytes", gzip.len());
        let zstd = compressor.compress(&body, Coding::Zstd).expect("zstd");
        assert_eq!(zstd::decode_all(&zstd[..]).expect("zstd"), body);
        // The same content gives the very same buffer back: remembered, not compressed again.
        let again = compressor.compress(&body, Coding::Gzip).expect("gzip");
        assert_eq!(again.as_ptr(), gzip.as_ptr());
        // Without memory, still right.
        let plain = BodyCompressor::new(0)
            .compress(&body, Coding::Gzip)
            .expect("gzip");
        assert_eq!(plain, gzip);
    }
}
