//! Layer data as GeoJSON text (exact floats both ways): how a staged import is kept and how
//! the data directory's files are read.

use crate::error::Result;
use crate::store::{LayerData, StoredFeature};

/// A layer as GeoJSON text (exact floats both ways).
pub(crate) fn features_to_geojson(data: &LayerData) -> Result<String> {
    let features = data
        .features
        .iter()
        .map(|f| geodata::write::to_geojson_feature(&f.props, f.geometry.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(serde_json::to_string(&geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    })?)
}

/// Reads GeoJSON text written by [`features_to_geojson`].
pub(crate) fn geojson_to_features(text: &str) -> Result<LayerData, String> {
    let fc: geojson::FeatureCollection = text.parse().map_err(|e| format!("{e}"))?;
    let mut features = Vec::with_capacity(fc.features.len());
    for f in fc.features {
        let geometry = f
            .geometry
            .map(|g| geo::Geometry::<f64>::try_from(g.value))
            .transpose()
            .map_err(|e| format!("{e}"))?;
        features.push(StoredFeature {
            props: f.properties.unwrap_or_default(),
            geometry,
        });
    }
    Ok(LayerData { features })
}
