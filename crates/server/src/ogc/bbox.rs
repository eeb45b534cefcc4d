//! A bounding box read in a CRS's axis order and brought to CRS84 — the `bbox` parameter of
//! an items request (text) and CQL2's `BBOX(…)` (numbers) both read theirs here. Pure: the
//! callers say which parameter or function the error is about.

use geo::{Coord, Rect};

use crate::crs::{self, Crs, TransformError};

/// Why a box was refused (the French reason, without the parameter it came from).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BboxError {
    #[error("4 (ou 6) nombres séparés par des virgules attendus")]
    NotNumbers,
    #[error("les nombres doivent être finis")]
    NotFinite,
    #[error("4 (ou 6) nombres attendus, {0} reçus")]
    Count(usize),
    #[error("coordonnées hors bornes ; ordre des axes attendu : {order}, longitude de −180 à 180, latitude de −90 à 90")]
    OutOfBounds { order: &'static str },
    #[error("boîte inversée : le coin minimal doit précéder le coin maximal sur chaque axe (seule la longitude peut décroître, pour traverser l'antiméridien)")]
    Inverted,
    #[error("{0}")]
    Transform(#[from] TransformError),
}

/// Reads `minx,miny,maxx,maxy` (or the 6-number 3D form) as [`boxes`] does.
pub fn parse(text: &str, crs: Crs) -> Result<Vec<Rect<f64>>, BboxError> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| BboxError::NotNumbers)?;
    boxes(&numbers, crs)
}

/// The box of 4 (or 6, 3D) numbers in `crs`'s axis order, in CRS84: one box, or two when a
/// geographic box crosses the antimeridian (its west edge greater than its east edge, as
/// OGC API – Features allows).
pub fn boxes(numbers: &[f64], crs: Crs) -> Result<Vec<Rect<f64>>, BboxError> {
    if numbers.iter().any(|x| !x.is_finite()) {
        return Err(BboxError::NotFinite);
    }
    let (a, b) = match numbers {
        [x1, y1, x2, y2] => ((*x1, *y1), (*x2, *y2)),
        [x1, y1, _, x2, y2, _] => ((*x1, *y1), (*x2, *y2)),
        _ => return Err(BboxError::Count(numbers.len())),
    };
    let geographic = matches!(crs, Crs::Crs84 | Crs::Epsg4326);
    // In lon/lat order whatever the CRS's axis order.
    let (min, max) = match crs {
        Crs::Epsg4326 => ((a.1, a.0), (b.1, b.0)),
        _ => (a, b),
    };
    if geographic {
        let ok = |(lon, lat): (f64, f64)| {
            (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)
        };
        if !ok(min) || !ok(max) {
            let order = if crs == Crs::Epsg4326 {
                "latitude puis longitude (EPSG:4326)"
            } else {
                "longitude puis latitude (CRS84)"
            };
            return Err(BboxError::OutOfBounds { order });
        }
    }
    let crosses_antimeridian = geographic && min.0 > max.0;
    if min.1 > max.1 || (!geographic && min.0 > max.0) {
        return Err(BboxError::Inverted);
    }
    let rect = |(x1, y1): (f64, f64), (x2, y2): (f64, f64)| {
        Rect::new(Coord { x: x1, y: y1 }, Coord { x: x2, y: y2 })
    };
    if crosses_antimeridian {
        return Ok(vec![rect(min, (180.0, max.1)), rect((-180.0, min.1), max)]);
    }
    // Rect stores its corners in x, y order: give it the CRS's own axis order.
    Ok(vec![crs::rect_from_crs(rect(a, b), crs)?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("6,46,7,47", Crs::Crs84, [6.0, 46.0, 7.0, 47.0])]
    #[case("46,6,47,7", Crs::Epsg4326, [6.0, 46.0, 7.0, 47.0])]
    #[case("6,46,0,7,47,100", Crs::Crs84, [6.0, 46.0, 7.0, 47.0])]
    fn bbox_in_crs84(#[case] v: &str, #[case] crs: Crs, #[case] expected: [f64; 4]) {
        let r = parse(v, crs).expect("valid")[0];
        assert_eq!([r.min().x, r.min().y, r.max().x, r.max().y], expected);
    }

    #[rstest]
    #[case("6,47,7,46", BboxError::Inverted)]
    #[case("7,46,6,47,", BboxError::NotNumbers)]
    #[case("6,46,7", BboxError::Count(3))]
    #[case("6,NaN,7,47", BboxError::NotFinite)]
    #[case("6,46,7,inf", BboxError::NotFinite)]
    #[case("6,46,200,47", BboxError::OutOfBounds { order: "longitude puis latitude (CRS84)" })]
    #[case("a,b,c,d", BboxError::NotNumbers)]
    fn bad_bbox(#[case] v: &str, #[case] why: BboxError) {
        assert_eq!(parse(v, Crs::Crs84), Err(why));
    }

    #[test]
    fn numbers_and_text_read_alike() {
        assert_eq!(
            boxes(&[944532.0, 6566065.0, 954532.0, 6576065.0], Crs::Lambert93),
            parse("944532,6566065,954532,6576065", Crs::Lambert93)
        );
        assert_eq!(boxes(&[6.0, 46.0], Crs::Crs84), Err(BboxError::Count(2)));
    }

    #[test]
    fn antimeridian_box_is_split_in_two() {
        let boxes = parse("170,-20,-170,-10", Crs::Crs84).expect("valid");
        let corners: Vec<_> = boxes
            .iter()
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
            .collect();
        assert_eq!(
            corners,
            [[170.0, -20.0, 180.0, -10.0], [-180.0, -20.0, -170.0, -10.0]]
        );
        // EPSG:4326 reads latitude first: the same box.
        assert_eq!(parse("-20,170,-10,-170", Crs::Epsg4326).unwrap(), boxes);
        // Projected CRSs have no antimeridian: a decreasing x stays an error.
        assert_eq!(
            parse("954532,6566065,944532,6576065", Crs::Lambert93),
            Err(BboxError::Inverted)
        );
    }

    #[test]
    fn lambert93_bbox_covers_annemasse() {
        // A 10 km square around Annemasse in Lambert-93 (see crs.rs for the reference point).
        let r = parse("944532,6566065,954532,6576065", Crs::Lambert93).expect("valid")[0];
        assert!(r.min().x < 6.2365 && 6.2365 < r.max().x, "{r:?}");
        assert!(r.min().y < 46.1934 && 46.1934 < r.max().y, "{r:?}");
    }
}
