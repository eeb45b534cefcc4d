//! Features as GeoJSON in the requested CRS.

use serde_json::{json, Value};

use super::collection::Item;
use crate::crs::{self, Crs, TransformError};

/// Why a feature could not be written: a fault of the server, never of the request.
#[derive(Debug, thiserror::Error)]
pub enum FeatureError {
    #[error(transparent)]
    Transform(#[from] TransformError),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// One feature as a GeoJSON object, its geometry expressed in `crs`, with only the
/// `selected` properties when given (`properties=`).
pub fn feature(it: &Item, crs: Crs, selected: Option<&[String]>) -> Result<Value, FeatureError> {
    let geometry = match &it.geometry {
        None => Value::Null,
        Some(g) => {
            let g = crs::geometry_to_crs(g, crs)?;
            serde_json::to_value(geojson::GeometryValue::from(&g))?
        }
    };
    Ok(json!({
        "type": "Feature",
        "id": it.id,
        "geometry": geometry,
        "properties": select(&it.properties, selected),
    }))
}

/// The properties, or only the selected ones in their order.
pub fn select(
    properties: &serde_json::Map<String, Value>,
    selected: Option<&[String]>,
) -> serde_json::Map<String, Value> {
    match selected {
        None => properties.clone(),
        Some(names) => names
            .iter()
            .filter_map(|n| properties.get(n).map(|v| (n.clone(), v.clone())))
            .collect(),
    }
}
