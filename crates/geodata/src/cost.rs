//! What a client's geometry will cost to work on, estimated before the work: the size of a
//! GeoJSON document read without building it, and the work a drawn area's repair and overlay
//! will cause. Callers compare these to their budgets and refuse what exceeds them, saying
//! which bound and how to stay under it.
//!
//! No HTTP here: the server turns a refusal into a 413 or 422.

use std::fmt;

use geo::{CoordsIter, MultiPolygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, RTreeObject, AABB};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The size of a GeoJSON document, counted while reading it: no value is built, so counting
/// a document costs no memory however large it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeoJsonSize {
    /// Elements of the top-level `features` array.
    pub features: usize,
    /// Positions (arrays of numbers) under every `coordinates` member.
    pub positions: usize,
    /// The most positions under one `coordinates` member (one geometry).
    pub max_positions_per_geometry: usize,
    /// The most members of one `properties` object.
    pub max_properties: usize,
}

/// Counts `bytes` as a GeoJSON document; an error when it is not JSON.
pub fn measure_geojson(bytes: &[u8]) -> Result<GeoJsonSize, serde_json::Error> {
    let mut size = GeoJsonSize::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    Count {
        size: &mut size,
        at: At::Top,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(size)
}

/// Where in the document a value stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// The document itself.
    Top,
    /// The top-level `features` array.
    Features,
    /// Under a `coordinates` member.
    Coordinates,
    /// A `properties` object.
    Properties,
    /// Anywhere else.
    Other,
}

struct Count<'a> {
    size: &'a mut GeoJsonSize,
    at: At,
}

impl<'de> DeserializeSeed<'de> for Count<'_> {
    /// Whether the value was a number (so that an array of numbers is a position).
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Count<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let inner = match self.at {
            At::Features => At::Top,
            At::Coordinates => At::Coordinates,
            _ => At::Other,
        };
        let (mut elements, mut numbers) = (0usize, 0usize);
        while let Some(number) = seq.next_element_seed(Count {
            size: self.size,
            at: inner,
        })? {
            elements += 1;
            numbers += usize::from(number);
        }
        if self.at == At::Features {
            self.size.features += elements;
        }
        if self.at == At::Coordinates && elements > 0 && numbers == elements {
            self.size.positions += 1;
        }
        Ok(false)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut members = 0usize;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            members += 1;
            let at = match (self.at, key.as_ref()) {
                (At::Top, "features") => At::Features,
                (At::Top, "properties") => At::Properties,
                (At::Properties, _) => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
                (_, "coordinates") => {
                    let before = self.size.positions;
                    map.next_value_seed(Count {
                        size: self.size,
                        at: At::Coordinates,
                    })?;
                    let here = self.size.positions - before;
                    let max = &mut self.size.max_positions_per_geometry;
                    *max = (*max).max(here);
                    continue;
                }
                (At::Coordinates, _) => At::Coordinates,
                (At::Top, _) => At::Top,
                _ => At::Other,
            };
            map.next_value_seed(Count {
                size: self.size,
                at,
            })?;
        }
        if self.at == At::Properties {
            self.size.max_properties = self.size.max_properties.max(members);
        }
        Ok(false)
    }
}

/// What a drawn area will cost to repair (`make_valid`, then the union of its parts) and to
/// overlay with the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AreaCost {
    pub vertices: usize,
    /// Polygons of the multipolygon: the repair unions them one by one.
    pub parts: usize,
    /// Pairs of edges whose boxes meet, neighbours on a ring aside, counted up to the `cap`
    /// given to [`area_cost`] (then `cap + 1`). A well-drawn outline has few (its edges meet
    /// only their neighbours); each crossing or overlap of a self-intersecting ring, or of
    /// overlapping parts, is one, and so is each near miss of a star or a zigzag: the
    /// intersections the repair and the overlay compute grow with it.
    pub edge_pairs: usize,
}

/// An edge's box, with its ring (numbered over the whole area), its index on that ring and the
/// ring's edge count.
type Edge = GeomWithData<Rectangle<[f64; 2]>, (usize, usize, usize)>;

/// Estimates the cost of `area` in O(n log n + cap) time: an R-tree of its edges' boxes, then
/// the meeting pairs counted until `cap` is passed — refusing a shape costs little even when
/// its edges meet pairwise (a 20,000-vertex star has 200 million such pairs).
pub fn area_cost(area: &MultiPolygon<f64>, cap: usize) -> AreaCost {
    let vertices = area.coords_count();
    let parts = area.0.len();
    // The ring's edge count recognises the closing neighbours.
    let mut edges: Vec<Edge> = Vec::with_capacity(vertices);
    let rings = area
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
    for (ring, line) in rings.enumerate() {
        let n = line.0.len().saturating_sub(1);
        for (i, seg) in line.lines().enumerate() {
            let a = [seg.start.x, seg.start.y];
            let b = [seg.end.x, seg.end.y];
            edges.push(GeomWithData::new(
                Rectangle::from_corners(a, b),
                (ring, i, n),
            ));
        }
    }
    let tree = RTree::bulk_load(edges.clone());
    let neighbours = |(r1, i1, n): (usize, usize, usize), (r2, i2, _): (usize, usize, usize)| {
        r1 == r2 && (i1.abs_diff(i2) <= 1 || i1.abs_diff(i2) == n.saturating_sub(1))
    };
    let mut edge_pairs = 0usize;
    'edges: for edge in &edges {
        let env: AABB<[f64; 2]> = edge.envelope();
        for other in tree.locate_in_envelope_intersecting(&env) {
            // Each pair once: by position in `edges`, which orders ring then index.
            let (a, b) = (edge.data, other.data);
            if (b.0, b.1) <= (a.0, a.1) || neighbours(a, b) {
                continue;
            }
            edge_pairs += 1;
            if edge_pairs > cap {
                break 'edges;
            }
        }
    }
    AreaCost {
        vertices,
        parts,
        edge_pairs,
    }
}

/// The bounds of a drawn area's cost (the server's `[budgets.geometry]`; the command line
/// uses the defaults, so that both refuse the same areas).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AreaBudget {
    pub max_vertices: usize,
    pub max_parts: usize,
    pub max_edge_pairs: usize,
    /// Vertices of an area that is not one plain outline (several parts, holes, or edges
    /// meeting beyond their neighbours): geo's validity check and `make_valid`, which nothing
    /// can interrupt, grow with the square of the vertices (1.5 s of CPU at 20,000).
    pub max_vertices_checked: usize,
}

impl Default for AreaBudget {
    /// Measured on one core (benches/RESULTS.md, issue 26): a drawn area within these bounds
    /// is checked, repaired and answered in well under a second.
    fn default() -> Self {
        Self {
            max_vertices: 20_000,
            max_parts: 500,
            max_edge_pairs: 20_000,
            // Two overlapping 5,000-vertex parts: checked, repaired and answered in 0.45 s of
            // CPU, so that a client gone meanwhile costs at most that.
            max_vertices_checked: 10_000,
        }
    }
}

/// A cost past its bound: which bound (its configuration key), the estimate, the bound, and in
/// French what was too much and how to stay under it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct OverBudget {
    /// The bound's key in the server's configuration (`max_edge_pairs`).
    pub bound: &'static str,
    pub value: usize,
    pub max: usize,
    pub message: String,
}

/// The cost of `area`, or the first bound of `budget` it exceeds. Cheap whatever the shape
/// (see [`area_cost`]): meant to run before validity checks, repair and overlay, which are not.
pub fn check_area(area: &MultiPolygon<f64>, budget: &AreaBudget) -> Result<AreaCost, OverBudget> {
    check_counts(area.coords_count(), area.0.len(), budget)?;
    let cost = area_cost(area, budget.max_edge_pairs);
    if cost.edge_pairs > budget.max_edge_pairs {
        return Err(OverBudget {
            bound: "max_edge_pairs",
            value: cost.edge_pairs,
            max: budget.max_edge_pairs,
            message: format!(
                "polygone trop coûteux à réparer et à croiser avec les données : plus de {} couples de côtés se croisent ou se frôlent (parties superposées, étoile, zigzag) ; dessinez un contour simple, sans parties superposées, ou simplifiez-le",
                budget.max_edge_pairs
            ),
        });
    }
    Ok(cost)
}

/// Refuses an area that is not one plain outline (`plain`: one ring, no hole, no edges meeting
/// beyond their neighbours) past `budget.max_vertices_checked`: its validity check and repair
/// cannot be stopped once started, so their size is what bounds a request whose client left.
pub fn check_checked(cost: &AreaCost, plain: bool, budget: &AreaBudget) -> Result<(), OverBudget> {
    if plain || cost.vertices <= budget.max_vertices_checked {
        return Ok(());
    }
    Err(OverBudget {
        bound: "max_vertices_checked",
        value: cost.vertices,
        max: budget.max_vertices_checked,
        message: format!(
            "polygone de {} sommets en plusieurs parties, avec des trous ou des côtés qui se croisent : au plus {} pour une telle forme, dont la vérification ne peut pas être interrompue (un contour simple, d'un seul tenant et sans trou, peut en avoir {}) ; simplifiez-le ou envoyez ses parties en plusieurs requêtes",
            cost.vertices, budget.max_vertices_checked, budget.max_vertices
        ),
    })
}

/// The first count bound of `budget` that `vertices` or `parts` exceed: checked on the
/// positions as read, before any geometry is built.
pub fn check_counts(vertices: usize, parts: usize, budget: &AreaBudget) -> Result<(), OverBudget> {
    let over = |bound, value, max, message: String| OverBudget {
        bound,
        value,
        max,
        message,
    };
    if vertices > budget.max_vertices {
        return Err(over(
            "max_vertices",
            vertices,
            budget.max_vertices,
            format!(
                "polygone trop détaillé ({vertices} sommets) : au plus {} ; simplifiez-le",
                budget.max_vertices
            ),
        ));
    }
    if parts > budget.max_parts {
        return Err(over(
            "max_parts",
            parts,
            budget.max_parts,
            format!(
                "multipolygone de {parts} parties : au plus {} ; fusionnez-les ou envoyez-les en plusieurs requêtes",
                budget.max_parts
            ),
        ));
    }
    Ok(())
}

/// The work of comparing a geometry of `vertices` with each of `others` (their vertex
/// counts): a DE-9IM relation or an intersection tests edges against edges, so it grows with
/// the product. Summed up to `cap`, then `cap + 1`.
pub fn overlay_work(vertices: usize, others: impl IntoIterator<Item = usize>, cap: u64) -> u64 {
    let mut work = 0u64;
    for other in others {
        work = work.saturating_add((vertices as u64).saturating_mul(other as u64));
        if work > cap {
            return cap.saturating_add(1);
        }
    }
    work
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_features_positions_and_properties_without_building_them() {
        let doc = br#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"a":1,"b":[1,2],"c":{"coordinates":[[0,0]]}},
             "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
            {"type":"Feature","properties":null,
             "geometry":{"type":"GeometryCollection","geometries":[
                {"type":"Point","coordinates":[5,5]},
                {"type":"LineString","coordinates":[[0,0],[1,1],[2,2]]}]}}]}"#;
        let size = measure_geojson(doc).expect("JSON");
        assert_eq!(size.features, 2);
        // A polygon's 4, a point's 1, a line's 3; the property named coordinates is data.
        assert_eq!(size.positions, 8);
        assert_eq!(size.max_positions_per_geometry, 4);
        assert_eq!(size.max_properties, 3);
        let line = format!(
            r#"{{"type":"LineString","coordinates":[{}[0,0]]}}"#,
            "[1.5,2.5],".repeat(10_000)
        );
        let size = measure_geojson(line.as_bytes()).expect("JSON");
        assert_eq!((size.features, size.positions), (0, 10_001));
        assert!(measure_geojson(b"{\"type\":").is_err());
        assert!(measure_geojson(b"{} {}").is_err());
    }

    #[test]
    fn overlay_work_is_the_sum_of_products_up_to_the_cap() {
        assert_eq!(overlay_work(10, [1, 2, 3], 1000), 60);
        assert_eq!(overlay_work(10, [100, 100, 100], 1000), 1001);
        assert_eq!(
            overlay_work(usize::MAX, [usize::MAX], u64::MAX - 1),
            u64::MAX
        );
    }

    fn ring(points: &[(f64, f64)]) -> geo::Polygon<f64> {
        geo::Polygon::new(geo::LineString::from(points.to_vec()), vec![])
    }

    #[test]
    fn a_plain_outline_has_few_meeting_edges_a_star_has_them_all() {
        // A 1,000-vertex circle: no edge meets another than its neighbours.
        let circle: Vec<(f64, f64)> = (0..=1000)
            .map(|i| {
                let a = f64::from(i % 1000) * std::f64::consts::TAU / 1000.0;
                (a.cos(), a.sin())
            })
            .collect();
        let cost = area_cost(&MultiPolygon(vec![ring(&circle)]), 100_000);
        assert_eq!((cost.vertices, cost.parts), (1001, 1));
        assert!(cost.edge_pairs < 100, "{cost:?}");
        // A star whose every edge crosses the centre: about n²/2 pairs, counted up to the cap.
        let n = 2001;
        let star: Vec<(f64, f64)> = (0..=n)
            .map(|i| {
                let a = f64::from((i * 1000) % n) * std::f64::consts::TAU / f64::from(n);
                (a.cos(), a.sin())
            })
            .collect();
        let t = std::time::Instant::now();
        let cost = area_cost(&MultiPolygon(vec![ring(&star)]), 50_000);
        assert_eq!(cost.edge_pairs, 50_001);
        assert!(t.elapsed().as_millis() < 500, "{:?}", t.elapsed());
        // Two overlapping squares: their crossing edges meet.
        let a = ring(&[(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]);
        let b = ring(&[(1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0), (1.0, 1.0)]);
        let cost = area_cost(&MultiPolygon(vec![a, b]), 100);
        assert!(cost.edge_pairs >= 2, "{cost:?}");
    }

    #[test]
    fn overlapping_slivers_are_refused_a_clean_outline_passes() {
        let budget = AreaBudget::default();
        let sliver = |i: u32| {
            let d = f64::from(i) * 1e-5;
            ring(&[
                (6.20, 46.15),
                (6.30 + d, 46.25),
                (6.21, 46.25 - d),
                (6.20, 46.15),
            ])
        };
        let many = MultiPolygon((0..2000).map(sliver).collect());
        assert_eq!(check_area(&many, &budget).unwrap_err().bound, "max_parts");
        let fewer = MultiPolygon((0..400).map(sliver).collect());
        let over = check_area(&fewer, &budget).unwrap_err();
        assert_eq!(over.bound, "max_edge_pairs");
        assert!(over.message.contains("superposées"), "{}", over.message);
        let square = ring(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]);
        assert!(check_area(&MultiPolygon(vec![square]), &budget).is_ok());
    }

    #[test]
    fn only_plain_outlines_may_use_every_vertex() {
        let budget = AreaBudget::default();
        let cost = |vertices| AreaCost {
            vertices,
            parts: 2,
            edge_pairs: 0,
        };
        assert!(check_checked(&cost(20_000), true, &budget).is_ok());
        assert!(check_checked(&cost(10_000), false, &budget).is_ok());
        let over = check_checked(&cost(10_001), false, &budget).unwrap_err();
        assert_eq!(over.bound, "max_vertices_checked");
        assert!(over.message.contains("contour simple"), "{}", over.message);
    }
}
