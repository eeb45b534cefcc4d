//! The tile source: every layer of a catalog, projected once, cut into tiles on demand.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Arc;

use geo::{Coord, Rect};
use geodata::catalog::Catalog;
use geozero::mvt::tile;

use crate::collections::{collections, Collection, Derived};
use crate::cut::{Cutter, BUFFER};
use crate::encode::{encode, geometry, LayerBuilder};
use crate::grid::{TileId, MAX_LATITUDE};
use crate::project::{union, Projected};
use crate::TileError;

/// The layers of a catalog, ready to be cut into vector tiles. Build it once per published
/// catalog: it copies what it needs and projects every geometry up front.
#[derive(Debug, Clone)]
pub struct TileSource {
    collections: Vec<Collection>,
    bounds: Rect<f64>,
    /// Kept for the next version ([`TileSource::next`]).
    derived: Derived,
}

impl TileSource {
    pub fn new(catalog: &Catalog) -> TileSource {
        Self::derived_from(catalog, &Derived::default())
    }

    /// The source of the next published catalog: the geometries this one already projected
    /// (by content) are taken from it, so a publication pays for what changed.
    pub fn next(&self, catalog: &Catalog) -> TileSource {
        Self::derived_from(catalog, &self.derived)
    }

    fn derived_from(catalog: &Catalog, previous: &Derived) -> TileSource {
        let (collections, derived) = collections(catalog, previous);
        let bounds = collections
            .iter()
            .filter_map(|c| c.layer.extent())
            .reduce(union)
            .unwrap_or(Rect::new(
                Coord {
                    x: -180.0,
                    y: -MAX_LATITUDE,
                },
                Coord {
                    x: 180.0,
                    y: MAX_LATITUDE,
                },
            ));
        TileSource {
            collections,
            bounds,
            derived,
        }
    }

    /// The MVT bytes (uncompressed) of tile `z/x/y`, or `None` when no feature touches it.
    ///
    /// Errors when `z` > [`crate::MAX_ZOOM`] or `x`, `y` lie outside `0..2^z`.
    pub fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, TileError> {
        let id = TileId::new(z, x, y)?;
        let cutter = Cutter::new(id);
        let envelope = id.lonlat_bounds(BUFFER);
        // Encoded geometries by shared geometry: cut each once per tile.
        let mut shapes: HashMap<*const Projected, Vec<tile::Feature>> = HashMap::new();
        let mut layers = Vec::new();
        for c in self.collections.iter().filter(|c| z >= c.min_zoom) {
            let mut builder = LayerBuilder::new(c.id, &c.tags);
            for index in c.layer.in_envelope(envelope) {
                let Some(feature) = c.layer.get(index) else {
                    continue;
                };
                let projected = &feature.props.geometry;
                let key = Arc::as_ptr(projected);
                let encoded = match shapes.entry(key) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(e) => e.insert(
                        cutter
                            .cut(projected)
                            .iter()
                            .map(|g| geometry(g, builder.name()))
                            .collect::<Result<Vec<_>, _>>()?,
                    ),
                };
                for shape in encoded.iter() {
                    builder.add(index as u64, shape, &feature.props.tags);
                }
            }
            layers.extend(builder.finish());
        }
        Ok((!layers.is_empty()).then(|| encode(layers)))
    }

    /// Bounds of the data, `[west, south, east, north]` in degrees.
    pub fn bounds(&self) -> [f64; 4] {
        let b = self.bounds;
        [b.min().x, b.min().y, b.max().x, b.max().y]
    }

    pub(crate) fn collections(&self) -> &[Collection] {
        &self.collections
    }
}
