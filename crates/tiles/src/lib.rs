//! Vector tiles of the Quartiers layers: Mapbox Vector Tiles (MVT 2.1), their TileJSON and
//! the MapLibre style that draws them.
//!
//! Pure: no HTTP. The server adds ETag, Cache-Control, compression and caching.
//!
//! ```no_run
//! # let catalog = geodata::catalog::Catalog::default();
//! let source = tiles::TileSource::new(&catalog);
//! let bytes = source.tile(14, 8476, 5816)?; // None: empty tile
//! let tilejson = source.tilejson("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.mvt");
//! let style = tiles::style("http://127.0.0.1:8080/tiles.json");
//! # Ok::<(), tiles::TileError>(())
//! ```

mod collections;
mod cut;
mod encode;
mod error;
mod grid;
mod project;
mod props;
mod source;
mod style;
mod tags;
mod tilejson;

pub use error::TileError;
pub use grid::TileId;
pub use source::TileSource;
pub use style::style;
pub use tilejson::ATTRIBUTION;

/// Highest zoom level served.
pub const MAX_ZOOM: u8 = 18;
/// Size of a tile in tile coordinates.
pub const EXTENT: u32 = 4096;
