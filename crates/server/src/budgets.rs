//! The `[budgets]` section of the configuration: how long a client may take to send its
//! request, how long the routes that take uploads may run, how many costly requests run at
//! once, and what work a client's geometry or export may cause. A request past a bound is cut
//! off or refused with a 4xx naming it, so that no client holds a connection, a worker or
//! the memory indefinitely.

use serde::Deserialize;

/// Deadlines of the requests (the public routes' own deadline is `[limits]
/// request_timeout_s`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Budgets {
    /// Time a client has to send a request's line and headers, in seconds; also how long an
    /// idle keep-alive connection stays open. Past it the connection is closed.
    pub header_read_timeout_s: u64,
    /// Longest pause while sending a request body, in seconds; past it the request is answered
    /// 408 and the connection closed.
    pub body_idle_timeout_s: u64,
    /// Time allowed to the routes that take uploads (`POST /batch`, `POST /export/gpkg`,
    /// `/admin/*`), body included, in seconds; past it, 408.
    pub upload_timeout_s: u64,
    /// Places of the pool the costly requests share (a drawn area's impacts, a CQL2 filter,
    /// an export, an address batch); 0: one less than the cores, at least one, so that the
    /// cheap routes (`/health`, tiles, items) keep a core.
    pub heavy_workers: usize,
    /// How long a costly request waits for a place, in milliseconds, before a 503 with
    /// `Retry-After`.
    pub heavy_queue_wait_ms: u64,
    /// What a client's geometry may cost (drawn areas, CQL2 literals).
    pub geometry: GeometryBudget,
    /// Bounds of one `POST /export/gpkg`, checked before the body is parsed.
    pub export: ExportBudget,
}

/// The `[budgets.geometry]` section: the work a client's geometry may cause, estimated
/// before it runs (`geodata::cost`); past a bound, 413 naming it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GeometryBudget {
    /// Vertices of a drawn area (`POST /impacts`).
    pub max_vertices: usize,
    /// Polygons of a drawn multipolygon: an invalid one is repaired by the union of its
    /// parts, one after the other.
    pub max_parts: usize,
    /// Pairs of a drawn area's edges whose boxes meet, neighbours aside: crossings, overlaps
    /// and near misses, which the repair and the overlay compute one by one. A clean outline
    /// has almost none; a star or overlapping slivers have millions.
    pub max_edge_pairs: usize,
    /// Vertices of a drawn area that is not one plain outline (several parts, holes, or
    /// edges meeting beyond their neighbours): geo's validity check and repair, which cannot
    /// be interrupted when the client leaves, grow with their square.
    pub max_vertices_checked: usize,
    /// Work of a CQL2 filter's spatial predicates: each literal's vertices times those of
    /// the features its box meets, summed (about 60 million a second on one core).
    pub max_filter_work: u64,
}

impl Default for GeometryBudget {
    fn default() -> Self {
        let area = geodata::cost::AreaBudget::default();
        Self {
            max_vertices: area.max_vertices,
            max_parts: area.max_parts,
            max_edge_pairs: area.max_edge_pairs,
            max_vertices_checked: area.max_vertices_checked,
            max_filter_work: 100_000_000,
        }
    }
}

impl GeometryBudget {
    /// The bounds of a drawn area.
    pub fn area(&self) -> geodata::cost::AreaBudget {
        geodata::cost::AreaBudget {
            max_vertices: self.max_vertices,
            max_parts: self.max_parts,
            max_edge_pairs: self.max_edge_pairs,
            max_vertices_checked: self.max_vertices_checked,
        }
    }
}

/// The `[budgets.export]` section: what one GeoPackage export may hold. GDAL reads each
/// geometry as a JSON tree several times the size of its text: the vertices bound the memory.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExportBudget {
    /// Features of the FeatureCollection.
    pub max_features: usize,
    /// Vertices of all the features together.
    pub max_vertices: usize,
    /// Vertices of one geometry.
    pub max_vertices_per_feature: usize,
    /// Properties of one feature (the layer's columns; SQLite allows 2,000 per table).
    pub max_properties: usize,
}

impl Default for ExportBudget {
    fn default() -> Self {
        Self {
            // The national QPV layer: about 1,600 features, 600,000 vertices.
            max_features: 100_000,
            max_vertices: 2_000_000,
            max_vertices_per_feature: 200_000,
            max_properties: 500,
        }
    }
}

impl Default for Budgets {
    fn default() -> Self {
        Self {
            header_read_timeout_s: 10,
            body_idle_timeout_s: 15,
            upload_timeout_s: 300,
            heavy_workers: 0,
            heavy_queue_wait_ms: 2_000,
            geometry: GeometryBudget::default(),
            export: ExportBudget::default(),
        }
    }
}
