//! The edges of a polygon's rings (or of a line) grouped in short runs of consecutive edges,
//! each with its bounding box, built once with the layer.
//!
//! A point query then skips whole runs: a run whose box lies entirely above, below or left of
//! the point cannot cross the ray cast from it towards +x, and a run whose box is farther than
//! the nearest edge found so far cannot hold the nearest edge. The national QPV parts have a
//! median of 68 and up to 1,613 vertices; a point inside one visits a few runs instead of every
//! edge. The answers are the same as a test of every edge, to the bit: the skipped edges are
//! those that provably cannot change them.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::{Coord, LineString, Polygon};

use crate::local_frame::LocalFrame;

/// Edges per run: short enough that a run near the point is cheap to scan, long enough that
/// the boxes of a large part stay few. Instructions for the 220,000 look-ups of `cargo bench
/// --bench qpv_membership` (callgrind): 192.5 M with 8, 191.2 M with 16, 223.8 M with 32
/// (every edge tested: 671 M).
const RUN_EDGES: usize = 16;

/// A lower bound computed from a box may exceed the distance computed to an edge in the box by
/// the rounding of the segment interpolation (a few ulps of coordinates of at most a few
/// thousand kilometres): the bound is lowered by this much on each axis, in metres.
const BOUND_SLACK_M: f64 = 1e-6;

/// Consecutive edges `first..first + len` of ring `ring`, and their bounding box (lon/lat).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    min: Coord<f64>,
    max: Coord<f64>,
    ring: u32,
    first: u32,
    len: u32,
}

/// The runs of every ring of one polygon or line.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct EdgeRuns {
    runs: Vec<Run>,
}

/// The rings a polygon's runs refer to: 0 is the exterior, then the holes.
pub(super) fn polygon_ring(poly: &Polygon<f64>, ring: usize) -> &[Coord<f64>] {
    match ring {
        0 => &poly.exterior().0,
        i => &poly.interiors()[i - 1].0,
    }
}

impl EdgeRuns {
    /// Runs over `rings` (each a sequence of vertices; its edges join consecutive vertices).
    pub(super) fn new<'a>(rings: impl IntoIterator<Item = &'a [Coord<f64>]>) -> Self {
        let mut runs = Vec::new();
        for (r, coords) in rings.into_iter().enumerate() {
            let edges = coords.len().saturating_sub(1);
            let mut first = 0;
            while first < edges {
                let len = RUN_EDGES.min(edges - first);
                let vertices = &coords[first..=first + len];
                let mut min = vertices[0];
                let mut max = vertices[0];
                for c in &vertices[1..] {
                    min.x = min.x.min(c.x);
                    min.y = min.y.min(c.y);
                    max.x = max.x.max(c.x);
                    max.y = max.y.max(c.y);
                }
                runs.push(Run {
                    min,
                    max,
                    ring: u32::try_from(r).expect("fewer than 2³² rings"),
                    first: u32::try_from(first).expect("fewer than 2³² vertices"),
                    len: u32::try_from(len).expect("runs are short"),
                });
                first += len;
            }
        }
        Self { runs }
    }

    /// Runs over a polygon's rings, exterior first.
    pub(super) fn of_polygon(poly: &Polygon<f64>) -> Self {
        Self::new(
            std::iter::once(poly.exterior())
                .chain(poly.interiors())
                .map(|ring| ring.0.as_slice()),
        )
    }

    /// Runs over a line's edges.
    pub(super) fn of_line(line: &LineString<f64>) -> Self {
        Self::new(std::iter::once(line.0.as_slice()))
    }

    /// Whether the ray from `p` towards +x crosses the rings an odd number of times (crossing
    /// number, with geo's exact orientation predicate). A point on an edge may get either
    /// answer: callers decide those with geo's `Contains`.
    pub(super) fn ray_crossings_odd<'a>(
        &self,
        ring: impl Fn(usize) -> &'a [Coord<f64>],
        p: Coord<f64>,
    ) -> bool {
        let mut odd = false;
        for run in &self.runs {
            // An edge straddles the ray's line when one end is above p and the other is not.
            if run.max.y <= p.y || run.min.y > p.y || run.max.x < p.x {
                // No edge straddles, or every edge lies strictly left of p: no crossing.
                continue;
            }
            let first = run.first as usize;
            let vertices = &ring(run.ring as usize)[first..=first + run.len as usize];
            let entirely_right = run.min.x > p.x;
            for w in vertices.windows(2) {
                let (a, b) = (w[0], w[1]);
                if (a.y > p.y) == (b.y > p.y) {
                    continue;
                }
                // The ray crosses an upward edge passing right of the point, or a downward one
                // passing left of it; an edge strictly right of p always passes right of it.
                odd ^= entirely_right
                    || match RobustKernel::orient2d(a, b, p) {
                        Orientation::CounterClockwise => b.y > a.y,
                        Orientation::Clockwise => b.y < a.y,
                        Orientation::Collinear => false,
                    };
            }
        }
        odd
    }

    /// The squared distance in metres from the origin of `frame` to the nearest edge, when it
    /// is at most `bound2`; otherwise some value above `bound2` (runs farther than `bound2` are
    /// not looked at). The distance is computed as [`crate::local_frame::distance_to_ring_m`]
    /// computes it, edge by edge in the frame, so the minimum is the same number.
    pub(super) fn nearest2<'a>(
        &self,
        ring: impl Fn(usize) -> &'a [Coord<f64>],
        frame: &LocalFrame,
        bound2: f64,
    ) -> f64 {
        let lower_bound2 = |run: &Run| frame.box_distance2(run.min, run.max, BOUND_SLACK_M);
        // The nearest run first, so that its edges bound the others'.
        let Some((nearest, nearest_bound2)) = self
            .runs
            .iter()
            .map(lower_bound2)
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(&b.1))
        else {
            return f64::INFINITY;
        };
        if nearest_bound2 > bound2 {
            return f64::INFINITY;
        }
        let scan = |run: &Run, best2: &mut f64| {
            let first = run.first as usize;
            let vertices = &ring(run.ring as usize)[first..=first + run.len as usize];
            let mut pa = frame.project(vertices[0]);
            for &b in &vertices[1..] {
                let pb = frame.project(b);
                *best2 = best2.min(segment_distance2(pa, pb));
                pa = pb;
            }
        };
        let mut best2 = f64::INFINITY;
        scan(&self.runs[nearest], &mut best2);
        for (k, run) in self.runs.iter().enumerate() {
            if k != nearest && lower_bound2(run) <= best2.min(bound2) {
                scan(run, &mut best2);
            }
        }
        best2
    }
}

/// Squared distance from (0, 0) to the segment a-b, all in metres.
#[inline]
fn segment_distance2(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let p = crate::local_frame::nearest_on_segment(a, b);
    p.x * p.x + p.y * p.y
}
