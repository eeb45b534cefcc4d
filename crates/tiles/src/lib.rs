//! Vector tiles of the Quartiers layers: Mapbox Vector Tiles (MVT 2.1), their TileJSON and
//! the MapLibre style that draws them.
//!
//! Pure: no HTTP. The server adds ETag, Cache-Control, compression and caching.

mod error;
mod grid;
mod source;
mod style;
mod tilejson;

pub use error::TileError;
pub use grid::TileId;
pub use source::TileSource;
pub use style::style;

/// Highest zoom level served.
pub const MAX_ZOOM: u8 = 18;
/// Size of a tile in tile coordinates.
pub const EXTENT: u32 = 4096;
