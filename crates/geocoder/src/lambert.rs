//! WGS84 → Lambert-93 (EPSG:2154), for the `x`/`y` the API Adresse returns: the conic
//! conformal projection of IGN's note NTG_71 (GRS80 ellipsoid, secant at 44° and 49° N).
//! The datum shift WGS84 → RGF93 is below a millimetre and ignored.

use std::f64::consts::FRAC_PI_4;

const A: f64 = 6_378_137.0;
const E: f64 = 0.081_819_191_042_815_8;
const LON0: f64 = 3.0;
const LAT0: f64 = 46.5;
const LAT1: f64 = 44.0;
const LAT2: f64 = 49.0;
const X0: f64 = 700_000.0;
const Y0: f64 = 6_600_000.0;

fn m(lat: f64) -> f64 {
    let s = lat.sin();
    lat.cos() / (1.0 - E * E * s * s).sqrt()
}

fn t(lat: f64) -> f64 {
    let s = lat.sin();
    (FRAC_PI_4 - lat / 2.0).tan() / ((1.0 - E * s) / (1.0 + E * s)).powf(E / 2.0)
}

/// Lambert-93 easting and northing in metres, rounded to the centimetre.
pub fn lambert93(lon: f64, lat: f64) -> (f64, f64) {
    let (p0, p1, p2, p) = (
        LAT0.to_radians(),
        LAT1.to_radians(),
        LAT2.to_radians(),
        lat.to_radians(),
    );
    let n = (m(p1).ln() - m(p2).ln()) / (t(p1).ln() - t(p2).ln());
    let f = m(p1) / (n * t(p1).powf(n));
    let rho0 = A * f * t(p0).powf(n);
    let rho = A * f * t(p).powf(n);
    let theta = n * (lon - LON0).to_radians();
    let x = X0 + rho * theta.sin();
    let y = Y0 + rho0 - rho * theta.cos();
    ((x * 100.0).round() / 100.0, (y * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_maps_to_false_easting_and_northing() {
        assert_eq!(lambert93(3.0, 46.5), (700_000.0, 6_600_000.0));
    }

    #[test]
    fn matches_proj() {
        // Reference values from PROJ via GDAL 3.6:
        // `echo "LON LAT" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:2154`
        for (lon, lat, x, y) in [
            (6.235268, 46.193393, 949_437.19, 6_571_061.01),
            (7.226703, 48.476278, 1_012_243.18, 6_827_916.17),
            (-1.5536, 47.2184, 355_577.80, 6_689_723.10),
        ] {
            let (gx, gy) = lambert93(lon, lat);
            assert!(
                (gx - x).abs() < 0.02 && (gy - y).abs() < 0.02,
                "{lon} {lat}: {gx} {gy}"
            );
        }
    }
}
