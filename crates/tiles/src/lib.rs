//! Vector tiles of the Quartiers layers: Mapbox Vector Tiles (MVT 2.1), their TileJSON and
//! the MapLibre style that draws them.
//!
//! Pure: no HTTP. The server adds ETag, Cache-Control, compression and caching.
//!
//! Layering: depends on geodata only; never on a store, the server or an HTTP crate.
//!
//! # What a tile holds
//! - One layer per collection of the shared contract (`qpv`, `perimetres`, `operations`,
//!   `equipements`, `centralites`, `corridors`, `ilots`, `communes`, `territoires`); actions
//!   have no geometry and no layer; `libelles` (from z10) holds one point per commune and
//!   per located quartier where the style writes its name (`couche`, `nom`, `code`, `type`).
//!   Extent 4096, a 64-unit buffer, layer version 2.
//! - Properties: the scalar fields of the model's serde form (French names), string lists
//!   joined by « , », plus `territoire` (the slug) on territory layers; long texts
//!   (`description`, `dates_texte`, `source_section`) and nested lists are left to the OGC API.
//!   The MVT feature id is the feature's index in its collection (stable for a data version).
//! - Geometry: simplified for the zoom (Douglas-Peucker, 2 tile units; none at z18), quantised
//!   to the tile grid, then clipped and repaired (geo's boolean operations), degenerate rings
//!   dropped, exterior rings with a positive area in tile coordinates (clockwise on screen).
//!   A polygon smaller than 16 units both ways (2 pixels) is drawn as a point inside it, so
//!   the national layer stays visible at low zoom.
//!
//! ```no_run
//! # let catalog = geodata::catalog::Catalog::default();
//! let source = tiles::TileSource::new(&catalog);
//! let bytes = source.tile(14, 8476, 5816)?; // None: empty tile
//! let tilejson = source.tilejson("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.mvt");
//! let style = tiles::style(
//!     "http://127.0.0.1:8080/tiles.json",
//!     Some("http://127.0.0.1:8080/fonts/{fontstack}/{range}.pbf"),
//! );
//! # Ok::<(), tiles::TileError>(())
//! ```

mod archive;
mod clip;
mod collections;
mod contracts;
mod covering;
mod cut;
mod encode;
mod error;
mod grid;
mod interior;
mod labels;
mod project;
mod props;
mod source;
mod style;
mod style_common;
mod style_labels;
mod tags;
mod tilejson;

pub use archive::{write_pmtiles, ArchiveOptions, ArchiveSummary};
pub use error::TileError;
pub use grid::TileId;
pub use source::TileSource;
pub use style::style;
pub use style_labels::{FONT_BOLD, FONT_REGULAR};
pub use tilejson::ATTRIBUTION;

/// Highest zoom level served.
pub const MAX_ZOOM: u8 = 18;
/// Size of a tile in tile coordinates.
pub const EXTENT: u32 = 4096;
