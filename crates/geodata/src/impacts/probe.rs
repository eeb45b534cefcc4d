//! A place to ask about, and how it meets a layer's features.

use geo::{Area, BoundingRect, Centroid, MultiPolygon, Point};

use crate::layer::Layer;
use crate::local_frame::LocalFrame;
use crate::model::Commune;
use crate::territory::Territory;

/// A point (an address, a click) or an area (an îlot, a drawn polygon), in WGS84.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Point(Point<f64>),
    Area(MultiPolygon<f64>),
}

impl Place {
    /// A representative point: the point itself, or the area's centroid.
    pub fn anchor(&self) -> Point<f64> {
        match self {
            Place::Point(p) => *p,
            Place::Area(a) => a
                .centroid()
                .unwrap_or_else(|| Point::new(f64::NAN, f64::NAN)),
        }
    }

    /// The area in square metres (0 for a point).
    pub fn area_m2(&self) -> f64 {
        match self {
            Place::Point(_) => 0.0,
            Place::Area(a) => LocalFrame::at(self.anchor())
                .project_multi_polygon(a)
                .unsigned_area(),
        }
    }
}

/// How a place meets one feature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub feature: usize,
    /// The place lies entirely inside the feature (point inside; area fully covered).
    pub contains: bool,
    /// The place and the feature touch or overlap.
    pub intersects: bool,
    /// For areas: share of the place's area the feature covers.
    pub share: Option<f64>,
    /// 0 when they intersect, else the gap, in metres.
    pub distance_m: f64,
    /// For points: distance to the feature's nearest edge, in metres.
    pub edge_distance_m: Option<f64>,
}

/// Features of `layer` that meet `place` or lie within `radius_m` of it.
pub fn hits<P>(layer: &Layer<P>, place: &Place, radius_m: f64) -> Vec<Hit> {
    match place {
        Place::Point(p) => layer
            .near_point(*p, radius_m)
            .into_iter()
            .map(|h| Hit {
                feature: h.feature,
                contains: h.inside,
                intersects: h.inside || h.distance_m == 0.0,
                share: None,
                distance_m: h.distance_m,
                edge_distance_m: Some(h.edge_distance_m),
            })
            .collect(),
        Place::Area(a) => layer
            .near_area(a, radius_m)
            .into_iter()
            .map(|h| Hit {
                feature: h.feature,
                contains: h.share >= 0.9999,
                intersects: h.intersects,
                share: Some(h.share),
                distance_m: h.distance_m,
                edge_distance_m: None,
            })
            .collect(),
    }
}

/// Whether a territory's local data apply to `place`: the place is in the territory's box and
/// within 1 km of its boundary (the EPCI outline is only known to ~100 m).
pub fn relevant(territory: &Territory, place: &Place) -> bool {
    let b = territory.manifest.bbox;
    let in_box = |p: Point<f64>| (b[0]..=b[2]).contains(&p.x()) && (b[1]..=b[3]).contains(&p.y());
    let inside_box = match place {
        Place::Point(p) => in_box(*p),
        Place::Area(a) => a
            .bounding_rect()
            .is_some_and(|r| in_box(r.min().into()) || in_box(r.max().into())),
    };
    inside_box
        && (territory.boundary.is_empty() || !hits(&territory.boundary, place, 1000.0).is_empty())
}

/// The member communes the place lies in, the one covering most of it first.
pub fn communes_at<'t>(territory: &'t Territory, place: &Place) -> Vec<&'t Commune> {
    let mut found: Vec<(f64, &Commune)> = hits(&territory.communes, place, 0.0)
        .into_iter()
        .filter(|h| h.intersects)
        .map(|h| {
            (
                h.share.unwrap_or(1.0),
                &territory.communes.features()[h.feature].props,
            )
        })
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    found.into_iter().map(|(_, c)| c).collect()
}
