//! A PMTiles v3 archive of the tiles the server serves, for static hosting behind a CDN.
//!
//! The tiles are cut by the same [`TileSource`], so an archive's tile equals the server's for
//! the same z/x/y and data version. The pmtiles crate writes the archive (gzip tiles,
//! Hilbert-ordered directories).

use std::io::{Seek, Write};

use pmtiles::{Compression, PmTilesWriter, TileCoord, TileType};
use serde_json::Value;

use crate::grid::TileId;
use crate::source::TileSource;
use crate::TileError;

/// What to write.
#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// Only the tiles meeting this area, `[west, south, east, north]` in degrees; every
    /// feature's tiles when `None`.
    pub area: Option<[f64; 4]>,
    /// Extra metadata keys (the data version...) merged into the archive's TileJSON.
    pub metadata: serde_json::Map<String, Value>,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArchiveSummary {
    /// Tiles with content, stored.
    pub tiles: u64,
    /// Candidate tiles that turned out empty (not stored: an archive has no empty entries).
    pub empty: u64,
}

/// Writes the archive to `out`; `progress(z, done, total)` is called after each tile.
pub fn write_pmtiles<W: Write + Seek>(
    source: &TileSource,
    options: &ArchiveOptions,
    out: W,
    mut progress: impl FnMut(u8, usize, usize),
) -> Result<ArchiveSummary, TileError> {
    if options.min_zoom > options.max_zoom || options.max_zoom > crate::MAX_ZOOM {
        return Err(TileError::ZoomRange {
            min: options.min_zoom,
            max: options.max_zoom,
        });
    }
    let [w, s, e, n] = options.area.unwrap_or(source.bounds());
    let mut metadata = source.tilejson("");
    if let Value::Object(doc) = &mut metadata {
        doc.remove("tiles");
        doc.insert("minzoom".into(), options.min_zoom.into());
        doc.insert("maxzoom".into(), options.max_zoom.into());
        doc.extend(options.metadata.clone());
    }
    let center_zoom = options.max_zoom.min(12).max(options.min_zoom);
    let mut writer = PmTilesWriter::new(TileType::Mvt)
        .tile_compression(Compression::Gzip)
        .min_zoom(options.min_zoom)
        .max_zoom(options.max_zoom)
        .bounds(w, s, e, n)
        .center((w + e) / 2.0, (s + n) / 2.0)
        .center_zoom(center_zoom)
        .metadata(metadata.to_string())
        .create(out)
        .map_err(archive_error)?;
    let mut summary = ArchiveSummary::default();
    for z in options.min_zoom..=options.max_zoom {
        // PMTiles reads best with tiles in tile-id (Hilbert) order.
        let mut tiles = source.candidate_tiles(z, options.area);
        tiles.sort_by_key(|t| u64::from(pmtiles::TileId::from(coord(*t))));
        let total = tiles.len();
        for (done, t) in tiles.into_iter().enumerate() {
            match source.tile(t.z, t.x, t.y)? {
                Some(bytes) => {
                    writer.add_tile(coord(t), &bytes).map_err(archive_error)?;
                    summary.tiles += 1;
                }
                None => summary.empty += 1,
            }
            progress(z, done + 1, total);
        }
    }
    writer.finalize().map_err(archive_error)?;
    Ok(summary)
}

fn coord(t: TileId) -> TileCoord {
    TileCoord::new(t.z, t.x, t.y).expect("a TileId is always a valid coordinate")
}

fn archive_error(e: pmtiles::PmtError) -> TileError {
    TileError::Archive(e.to_string())
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use geodata::catalog::Catalog;

    use super::*;

    fn source() -> TileSource {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        TileSource::new(
            &Catalog::load(&data, &["annemasse-agglo".into()])
                .expect("load")
                .0,
        )
    }

    fn options(min_zoom: u8, max_zoom: u8) -> ArchiveOptions {
        ArchiveOptions {
            min_zoom,
            max_zoom,
            area: Some([6.15, 46.14, 6.35, 46.25]),
            metadata: serde_json::Map::from_iter([("quartiers_version".into(), "v1".into())]),
        }
    }

    /// A v3 archive with the candidate tiles that have content: the independent reader check
    /// (tile by tile against the server) is tests/pmtiles.
    #[test]
    fn writes_a_v3_archive_of_the_area() {
        let mut out = Cursor::new(Vec::new());
        let mut calls = 0;
        let summary = write_pmtiles(&source(), &options(10, 13), &mut out, |_, _, _| calls += 1)
            .expect("written");
        let bytes = out.into_inner();
        assert_eq!(&bytes[..7], b"PMTiles");
        assert_eq!(bytes[7], 3, "spec version");
        assert!(summary.tiles >= 4, "{summary:?}");
        assert_eq!(calls as u64, summary.tiles + summary.empty);
        // Header: min and max zoom at bytes 100 and 101.
        assert_eq!((bytes[100], bytes[101]), (10, 13));
    }

    #[test]
    fn refuses_a_reversed_or_too_deep_zoom_range() {
        for (min, max) in [(5, 4), (0, 19)] {
            let err = write_pmtiles(
                &source(),
                &options(min, max),
                Cursor::new(Vec::new()),
                |_, _, _| {},
            )
            .expect_err("refused");
            assert_eq!(err, TileError::ZoomRange { min, max });
        }
    }
}
