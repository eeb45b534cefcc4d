//! Geometries as WKB, both ways through GDAL: binary doubles, so coordinates come back bit for
//! bit. The GeoPackage blobs hold WKB after their header; PostGIS takes and gives it
//! (`ST_GeomFromWKB` / `ST_AsBinary`), where GeoJSON text at its default precision would not
//! keep every bit.

use gdal::vector::{Geometry as GdalGeometry, ToGdal};

pub fn to_wkb(g: &geo::Geometry<f64>) -> Result<Vec<u8>, String> {
    g.to_gdal()
        .and_then(|g| g.wkb())
        .map_err(|e| format!("géométrie non convertible en WKB : {e}"))
}

pub fn from_wkb(bytes: &[u8]) -> Result<geo::Geometry<f64>, String> {
    GdalGeometry::from_wkb(bytes)
        .and_then(|g| g.to_geo())
        .map_err(|e| format!("géométrie WKB illisible : {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Geometry};

    #[test]
    fn coordinates_round_trip_exactly() {
        let g = Geometry::Polygon(polygon![
            (x: 6.243_812_345_678_901, y: 46.185_612_345_678_91),
            (x: 6.25, y: 46.19),
            (x: 6.240_000_000_000_001, y: 46.2),
        ]);
        assert_eq!(from_wkb(&to_wkb(&g).expect("wkb")).expect("geo"), g);
    }

    #[test]
    fn garbage_is_refused() {
        assert!(from_wkb(&[1, 2, 3]).is_err());
    }
}
