//! Writing features back to GeoJSON (the national layer build, exports).

use geo::Geometry;
use serde::Serialize;

use crate::layer::Feature;

/// A GeoJSON Feature whose properties are the serde form of `props`, keys sorted: the text is
/// the same whether or not another crate of the build turns on serde_json's `preserve_order`
/// (cql2 does), so a rebuilt national layer compares equal to the committed one.
pub fn to_geojson_feature<P: Serialize>(
    props: &P,
    geometry: Option<&Geometry<f64>>,
) -> Result<geojson::Feature, serde_json::Error> {
    let properties = match serde_json::to_value(props)? {
        serde_json::Value::Object(mut map) => {
            map.sort_keys();
            Some(map)
        }
        _ => None,
    };
    Ok(geojson::Feature {
        bbox: None,
        geometry: geometry.map(|g| geojson::Geometry::new(geojson::GeometryValue::from(g))),
        id: None,
        properties,
        foreign_members: None,
    })
}

/// A GeoJSON FeatureCollection of `features`, as compact JSON text.
pub fn to_feature_collection<P: Serialize>(
    features: &[Feature<P>],
) -> Result<String, serde_json::Error> {
    let features = features
        .iter()
        .map(|f| to_geojson_feature(&f.props, Some(&f.geometry)))
        .collect::<Result<Vec<_>, _>>()?;
    let fc = geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    serde_json::to_string(&fc)
}
