//! Coordinate reference systems of OGC API – Features Part 2: which are offered, how they are
//! named, and the PROJ transformations between them and the WGS84 storage CRS.
//!
//! Data are stored in CRS84 (longitude, latitude). EPSG:4326 is the same datum with the
//! latitude first, as its EPSG definition says; Lambert-93 and Web Mercator go through PROJ.
//! A PROJ object is not `Sync`, so each worker thread keeps its own.

use std::cell::RefCell;
use std::collections::HashMap;

use geo::{Coord, Geometry, MapCoords, Rect};
use proj::Proj;

/// A CRS the server reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Crs {
    /// WGS84 longitude, latitude (the storage CRS, GeoJSON's).
    Crs84,
    /// WGS84 latitude, longitude.
    Epsg4326,
    /// RGF93 v1 / Lambert-93, metres (what French GIS teams work in).
    Lambert93,
    /// WGS84 / Pseudo-Mercator, metres.
    WebMercator,
}

impl Crs {
    pub const ALL: [Crs; 4] = [Crs::Crs84, Crs::Epsg4326, Crs::Lambert93, Crs::WebMercator];

    /// The OGC URI of the CRS.
    pub fn uri(self) -> &'static str {
        match self {
            Crs::Crs84 => "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
            Crs::Epsg4326 => "http://www.opengis.net/def/crs/EPSG/0/4326",
            Crs::Lambert93 => "http://www.opengis.net/def/crs/EPSG/0/2154",
            Crs::WebMercator => "http://www.opengis.net/def/crs/EPSG/0/3857",
        }
    }

    fn proj_code(self) -> &'static str {
        match self {
            Crs::Crs84 | Crs::Epsg4326 => "EPSG:4326",
            Crs::Lambert93 => "EPSG:2154",
            Crs::WebMercator => "EPSG:3857",
        }
    }

    /// Reads a CRS given as an OGC URI (http or https), a safe CURIE (`[EPSG:2154]`) or a
    /// short code (`EPSG:2154`, `CRS84`).
    pub fn parse(text: &str) -> Option<Crs> {
        let t = text.trim();
        let t = t
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .unwrap_or(t);
        let t = t
            .strip_prefix("https://")
            .or_else(|| t.strip_prefix("http://"))
            .map(|rest| rest.trim_start_matches("www."))
            .and_then(|rest| rest.strip_prefix("opengis.net/def/crs/"))
            .map(|rest| rest.replace('/', ":"))
            .unwrap_or_else(|| t.to_string());
        match t.to_ascii_uppercase().as_str() {
            "OGC:1.3:CRS84" | "OGC:CRS84" | "CRS84" => Some(Crs::Crs84),
            "EPSG:0:4326" | "EPSG:4326" => Some(Crs::Epsg4326),
            "EPSG:0:2154" | "EPSG:2154" => Some(Crs::Lambert93),
            "EPSG:0:3857" | "EPSG:3857" => Some(Crs::WebMercator),
            _ => None,
        }
    }

    /// The offered CRS as a French list, for error messages.
    pub fn offered() -> String {
        Crs::ALL.map(Crs::uri).join(", ")
    }
}

/// Why a coordinate could not be transformed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("transformation vers {target} impossible : {message}")]
pub struct TransformError {
    pub target: &'static str,
    pub message: String,
}

thread_local! {
    /// (from, to) → PROJ transformation in visualisation axis order (x = east).
    static TRANSFORMS: RefCell<HashMap<(&'static str, &'static str), Proj>> =
        RefCell::new(HashMap::new());
}

fn with_proj<T>(
    from: &'static str,
    to: &'static str,
    f: impl FnOnce(&Proj) -> Result<T, TransformError>,
) -> Result<T, TransformError> {
    TRANSFORMS.with(|cell| {
        let mut map = cell.borrow_mut();
        let proj = match map.entry((from, to)) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                Proj::new_known_crs(from, to, None).map_err(|e| TransformError {
                    target: to,
                    message: e.to_string(),
                })?,
            ),
        };
        f(proj)
    })
}

/// Checks that PROJ can build every transformation offered (its database is installed).
pub fn self_check() -> Result<(), TransformError> {
    for crs in [Crs::Lambert93, Crs::WebMercator] {
        to_crs(Coord { x: 6.24, y: 46.19 }, crs)?;
        from_crs(Coord { x: 0.0, y: 0.0 }, crs)?;
    }
    Ok(())
}

/// A CRS84 coordinate expressed in `crs`, in that CRS's axis order.
pub fn to_crs(c: Coord<f64>, crs: Crs) -> Result<Coord<f64>, TransformError> {
    match crs {
        Crs::Crs84 => Ok(c),
        Crs::Epsg4326 => Ok(Coord { x: c.y, y: c.x }),
        Crs::Lambert93 | Crs::WebMercator => with_proj("EPSG:4326", crs.proj_code(), |p| {
            convert(p, c, crs.proj_code())
        }),
    }
}

/// A coordinate of `crs` (in its axis order) expressed in CRS84.
pub fn from_crs(c: Coord<f64>, crs: Crs) -> Result<Coord<f64>, TransformError> {
    match crs {
        Crs::Crs84 => Ok(c),
        Crs::Epsg4326 => Ok(Coord { x: c.y, y: c.x }),
        Crs::Lambert93 | Crs::WebMercator => {
            with_proj(crs.proj_code(), "EPSG:4326", |p| convert(p, c, "EPSG:4326"))
        }
    }
}

fn convert(p: &Proj, c: Coord<f64>, target: &'static str) -> Result<Coord<f64>, TransformError> {
    let (x, y) = p.convert((c.x, c.y)).map_err(|e| TransformError {
        target,
        message: e.to_string(),
    })?;
    if x.is_finite() && y.is_finite() {
        Ok(Coord { x, y })
    } else {
        Err(TransformError {
            target,
            message: format!("({}, {}) hors du domaine de validité", c.x, c.y),
        })
    }
}

/// A CRS84 geometry expressed in `crs`.
pub fn geometry_to_crs(g: &Geometry<f64>, crs: Crs) -> Result<Geometry<f64>, TransformError> {
    if crs == Crs::Crs84 {
        return Ok(g.clone());
    }
    g.try_map_coords(|c| to_crs(c, crs))
}

/// The CRS84 envelope of a box given in `crs` (in its axis order): its edges are densified
/// before transformation, since a projected box's edges are curves in longitude and latitude.
pub fn rect_from_crs(r: Rect<f64>, crs: Crs) -> Result<Rect<f64>, TransformError> {
    if matches!(crs, Crs::Crs84 | Crs::Epsg4326) {
        return Ok(Rect::new(from_crs(r.min(), crs)?, from_crs(r.max(), crs)?));
    }
    const STEPS: usize = 16;
    let (min, max) = (r.min(), r.max());
    let mut lo = Coord {
        x: f64::INFINITY,
        y: f64::INFINITY,
    };
    let mut hi = Coord {
        x: f64::NEG_INFINITY,
        y: f64::NEG_INFINITY,
    };
    for i in 0..=STEPS {
        let t = i as f64 / STEPS as f64;
        let x = min.x + (max.x - min.x) * t;
        let y = min.y + (max.y - min.y) * t;
        for c in [
            Coord { x, y: min.y },
            Coord { x, y: max.y },
            Coord { x: min.x, y },
            Coord { x: max.x, y },
        ] {
            let w = from_crs(c, crs)?;
            // Inverse projections map even absurd coordinates somewhere: a point that does not
            // come back where it was lies outside the projection's domain.
            let back = to_crs(w, crs)?;
            if (back.x - c.x).abs() > 1.0 || (back.y - c.y).abs() > 1.0 {
                return Err(TransformError {
                    target: "EPSG:4326",
                    message: format!(
                        "({}, {}) hors du domaine de validité de la projection",
                        c.x, c.y
                    ),
                });
            }
            lo = Coord {
                x: lo.x.min(w.x),
                y: lo.y.min(w.y),
            };
            hi = Coord {
                x: hi.x.max(w.x),
                y: hi.y.max(w.y),
            };
        }
    }
    Ok(Rect::new(lo, hi))
}

/// A CRS84 box expressed in `crs` (for collection extents), densified like [`rect_from_crs`].
pub fn rect_to_crs(r: Rect<f64>, crs: Crs) -> Result<Rect<f64>, TransformError> {
    if crs == Crs::Crs84 {
        return Ok(r);
    }
    let poly = geo::Geometry::Polygon(densified(r));
    let g = geometry_to_crs(&poly, crs)?;
    geo::BoundingRect::bounding_rect(&g).ok_or_else(|| TransformError {
        target: crs.proj_code(),
        message: "emprise vide".into(),
    })
}

fn densified(r: Rect<f64>) -> geo::Polygon<f64> {
    const STEPS: usize = 16;
    let (min, max) = (r.min(), r.max());
    let mut ring = Vec::with_capacity(4 * STEPS + 1);
    let corners = [
        min,
        Coord { x: max.x, y: min.y },
        max,
        Coord { x: min.x, y: max.y },
    ];
    // Each side from its corner to the next, STEPS points a side (the next corner excluded).
    for (k, from) in corners.iter().enumerate() {
        let to = corners[(k + 1) % corners.len()];
        for i in 0..STEPS {
            let along = |a: f64, b: f64| a + (b - a) * i as f64 / STEPS as f64;
            ring.push(Coord {
                x: along(from.x, to.x),
                y: along(from.y, to.y),
            });
        }
    }
    ring.push(ring[0]);
    geo::Polygon::new(geo::LineString(ring), vec![])
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("http://www.opengis.net/def/crs/OGC/1.3/CRS84", Some(Crs::Crs84))]
    #[case("https://www.opengis.net/def/crs/EPSG/0/2154", Some(Crs::Lambert93))]
    #[case("[EPSG:3857]", Some(Crs::WebMercator))]
    #[case("EPSG:4326", Some(Crs::Epsg4326))]
    #[case("http://www.opengis.net/def/crs/EPSG/0/27572", None)]
    #[case("", None)]
    fn parses_uris_and_curies(#[case] text: &str, #[case] expected: Option<Crs>) {
        assert_eq!(Crs::parse(text), expected);
    }

    #[test]
    fn lambert93_of_annemasse_matches_cs2cs() {
        // `echo "46.1934 6.2365" | cs2cs EPSG:4326 EPSG:2154 -d 3` → 949532.091 6571065.682
        let c = to_crs(
            Coord {
                x: 6.2365,
                y: 46.1934,
            },
            Crs::Lambert93,
        )
        .expect("proj");
        assert!((c.x - 949_532.091).abs() < 0.01, "{c:?}");
        assert!((c.y - 6_571_065.682).abs() < 0.01, "{c:?}");
        let back = from_crs(c, Crs::Lambert93).expect("proj");
        assert!((back.x - 6.2365).abs() < 1e-9 && (back.y - 46.1934).abs() < 1e-9);
    }

    #[test]
    fn epsg4326_swaps_axes() {
        let c = to_crs(Coord { x: 6.0, y: 46.0 }, Crs::Epsg4326).expect("swap");
        assert_eq!((c.x, c.y), (46.0, 6.0));
    }

    #[test]
    fn web_mercator_origin_and_outside_domain() {
        let c = to_crs(Coord { x: 0.0, y: 0.0 }, Crs::WebMercator).expect("proj");
        assert!(c.x.abs() < 1e-6 && c.y.abs() < 1e-6);
        assert!(rect_from_crs(
            Rect::new(Coord { x: 1e30, y: 1e30 }, Coord { x: 2e30, y: 2e30 }),
            Crs::Lambert93
        )
        .is_err());
    }
}
