//! How a place meets a layer's features.

use geo::{BoundingRect, Point};

use crate::layer::{Layer, PreparedArea};
use crate::model::Commune;
use crate::place::Place;
use crate::territory::Territory;

/// How a place meets one feature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub feature: usize,
    /// The place lies entirely inside the feature (point inside; area fully covered).
    pub contains: bool,
    /// The place and the feature touch or overlap.
    pub intersects: bool,
    /// 0 when they intersect, else the gap, in metres.
    pub distance_m: f64,
    /// What is measured for this kind of place only.
    pub measure: Measure,
}

/// What a hit measures for a point, or for an area: one or the other, never both or none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// A point's distance to the feature's nearest edge, in metres.
    Point { edge_distance_m: f64 },
    /// The share of an area the feature covers.
    Area { share: f64 },
}

impl Hit {
    /// For areas: share of the place's area the feature covers.
    pub fn share(&self) -> Option<f64> {
        match self.measure {
            Measure::Area { share } => Some(share),
            Measure::Point { .. } => None,
        }
    }

    /// For points: distance to the feature's nearest edge, in metres.
    pub fn edge_distance_m(&self) -> Option<f64> {
        match self.measure {
            Measure::Point { edge_distance_m } => Some(edge_distance_m),
            Measure::Area { .. } => None,
        }
    }
}

/// A place ready to be tested against several layers: an area is projected once.
pub struct Probe<'p> {
    pub place: &'p Place,
    area: Option<PreparedArea>,
    /// Once true, no feature is tested any more (a drawn area's overlays are the costly part
    /// of an answer; see [`Probe::until`]).
    stop: &'p dyn Fn() -> bool,
}

impl<'p> Probe<'p> {
    /// A probe that meets no more features once `stop` says so: its caller's request went
    /// away or passed its deadline, and drops the answer.
    pub fn until(place: &'p Place, stop: &'p dyn Fn() -> bool) -> Self {
        let area = match place {
            Place::Point(_) => None,
            Place::Area(a) => PreparedArea::new(a),
        };
        Self { place, area, stop }
    }

    /// Features of `layer` that meet the place or lie within `radius_m` of it.
    pub fn hits<P>(&self, layer: &Layer<P>, radius_m: f64) -> Vec<Hit> {
        self.hits_where(layer, radius_m, |_| true)
    }

    /// [`Probe::hits`] over the features for which `keep(index)` is true.
    pub fn hits_where<P>(
        &self,
        layer: &Layer<P>,
        radius_m: f64,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<Hit> {
        match (self.place, &self.area) {
            (Place::Point(p), _) => layer
                .near_point_where(*p, radius_m, keep)
                .into_iter()
                .map(|h| Hit {
                    feature: h.feature,
                    contains: h.inside,
                    intersects: h.inside || h.distance_m == 0.0,
                    distance_m: h.distance_m,
                    measure: Measure::Point {
                        edge_distance_m: h.edge_distance_m,
                    },
                })
                .collect(),
            (Place::Area(_), Some(area)) => layer
                .near_prepared_area_where(area, radius_m, |i| !(self.stop)() && keep(i))
                .into_iter()
                .map(|h| Hit {
                    feature: h.feature,
                    contains: h.share >= 0.9999,
                    intersects: h.intersects,
                    distance_m: h.distance_m,
                    measure: Measure::Area { share: h.share },
                })
                .collect(),
            (Place::Area(_), None) => Vec::new(),
        }
    }

    /// Whether a territory's local data apply here: the place is in the territory's box and
    /// within 1 km of its boundary (the EPCI outline is only known to ~100 m). Also says
    /// whether the place is inside the boundary.
    pub fn in_reach(&self, territory: &Territory) -> Option<bool> {
        let b = territory.manifest.bbox;
        let in_box =
            |p: Point<f64>| (b[0]..=b[2]).contains(&p.x()) && (b[1]..=b[3]).contains(&p.y());
        let inside_box = match self.place {
            Place::Point(p) => in_box(*p),
            Place::Area(a) => a
                .bounding_rect()
                .is_some_and(|r| in_box(r.min().into()) || in_box(r.max().into())),
        };
        if !inside_box {
            return None;
        }
        if territory.boundary.is_empty() {
            return Some(true);
        }
        let hits = self.hits(&territory.boundary, 1000.0);
        (!hits.is_empty()).then(|| hits.iter().any(|h| h.intersects))
    }

    /// The member communes the place lies in, the one covering most of it first. An area only
    /// touching a commune's limit is not in it.
    pub fn communes_in<'t>(&self, territory: &'t Territory) -> Vec<&'t Commune> {
        let mut found: Vec<(f64, &Commune)> = self
            .hits(&territory.communes, 0.0)
            .into_iter()
            .filter(|h| match h.measure {
                Measure::Area { share } => share > 0.0,
                Measure::Point { .. } => h.intersects,
            })
            .map(|h| {
                (
                    h.share().unwrap_or(1.0),
                    &territory.communes.features()[h.feature].props,
                )
            })
            .collect();
        found.sort_by(|a, b| b.0.total_cmp(&a.0));
        found.into_iter().map(|(_, c)| c).collect()
    }
}

pub use crate::answer_form::round_m;
