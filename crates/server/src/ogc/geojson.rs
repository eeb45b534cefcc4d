//! Features as GeoJSON in the requested CRS.

use serde_json::{json, Value};

use super::collection::Item;
use crate::crs::{self, Crs};
use crate::error::Problem;

/// One feature as a GeoJSON object, its geometry expressed in `crs`.
pub fn feature(it: &Item, crs: Crs) -> Result<Value, Problem> {
    let geometry = match &it.geometry {
        None => Value::Null,
        Some(g) => {
            let g = crs::geometry_to_crs(g, crs).map_err(Problem::internal)?;
            serde_json::to_value(geojson::GeometryValue::from(&g)).map_err(Problem::internal)?
        }
    };
    Ok(json!({
        "type": "Feature",
        "id": it.id,
        "geometry": geometry,
        "properties": it.properties,
    }))
}
