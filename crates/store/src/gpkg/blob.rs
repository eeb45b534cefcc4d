//! GeoPackage geometry blobs: a header (magic `GP`, version, flags, SRS id, an optional
//! envelope) then standard WKB, which GDAL converts to and from `geo` as it does for PostGIS.

use gdal::vector::Geometry as GdalGeometry;
use geo::BoundingRect;

/// The SRS id of WGS 84 in `gpkg_spatial_ref_sys`.
pub(crate) const WGS84: i32 = 4326;

/// Flags: little-endian, no envelope.
const LITTLE_ENDIAN: u8 = 0x01;
/// Flags: a 2D envelope `[min x, max x, min y, max y]` follows the SRS id.
const ENVELOPE_XY: u8 = 0x02;
/// Flags: the geometry is empty.
const EMPTY: u8 = 0x10;

/// A geometry as a GeoPackage blob, with its envelope (as GDAL writes them).
pub(crate) fn encode(g: &geo::Geometry<f64>) -> Result<Vec<u8>, String> {
    let wkb = crate::wkb::to_wkb(g)?;
    let rect = g.bounding_rect();
    let flags = LITTLE_ENDIAN
        | match rect {
            Some(_) => ENVELOPE_XY,
            None => EMPTY,
        };
    let mut out = Vec::with_capacity(8 + 32 + wkb.len());
    out.extend_from_slice(b"GP");
    out.push(0);
    out.push(flags);
    out.extend_from_slice(&WGS84.to_le_bytes());
    if let Some(r) = rect {
        for v in [r.min().x, r.max().x, r.min().y, r.max().y] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out.extend_from_slice(&wkb);
    Ok(out)
}

/// A GeoPackage blob as a `geo` geometry; `None` for an empty geometry.
pub(crate) fn decode(blob: &[u8]) -> Result<Option<geo::Geometry<f64>>, String> {
    if blob.len() < 8 || &blob[..2] != b"GP" {
        return Err("géométrie illisible (en-tête GeoPackage absent)".into());
    }
    let flags = blob[3];
    if flags & EMPTY != 0 {
        return Ok(None);
    }
    let envelope = match (flags >> 1) & 0x07 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        n => return Err(format!("géométrie illisible (enveloppe de type {n})")),
    };
    let wkb = blob
        .get(8 + envelope..)
        .ok_or("géométrie illisible (tronquée)")?;
    let g = GdalGeometry::from_wkb(wkb).map_err(|e| format!("géométrie WKB illisible : {e}"))?;
    if g.is_empty() {
        return Ok(None);
    }
    g.to_geo()
        .map(Some)
        .map_err(|e| format!("géométrie illisible : {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Geometry};

    #[test]
    fn coordinates_round_trip_exactly() {
        let g = Geometry::Polygon(polygon![
            (x: 6.243_812_345_678_901, y: 46.185_612_345_678_91),
            (x: 6.25, y: 46.19),
            (x: 6.240_000_000_000_001, y: 46.2),
        ]);
        let blob = encode(&g).unwrap();
        assert_eq!(&blob[..4], b"GP\x00\x03");
        assert_eq!(decode(&blob).unwrap(), Some(g));
    }

    #[test]
    fn garbage_is_refused() {
        assert!(decode(&[1, 2, 3]).is_err());
        assert!(decode(b"GP\x00\x03\xe6\x10\x00\x00").is_err());
    }
}
