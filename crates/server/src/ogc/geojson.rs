//! Features as GeoJSON in the requested CRS, and each feature's bytes written once per data
//! version for the common request (CRS84, every property): item pages are then assembled from
//! those bytes instead of rebuilding and serialising every feature of every page.

use std::borrow::Cow;

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

/// [`feature`] serialised: the item's own bytes, written on its first request and kept with
/// the collection (so for the data version), when asked in CRS84 with every property; written
/// now otherwise. Byte for byte what serialising [`feature`]'s value gives.
pub fn feature_bytes<'i>(
    it: &'i Item,
    crs: Crs,
    selected: Option<&[String]>,
) -> Result<Cow<'i, [u8]>, FeatureError> {
    let write = || -> Result<Vec<u8>, FeatureError> {
        Ok(serde_json::to_vec(&feature(it, crs, selected)?)?)
    };
    if crs != Crs::Crs84 || selected.is_some() {
        return Ok(Cow::Owned(write()?));
    }
    Ok(Cow::Borrowed(it.geojson.get_or_write(write)?))
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
