//! The feature tables: one per published version of a layer, the model's fields as text
//! columns for QGIS plus the exact JSON properties the store reads back ([`super::sql`]).

use std::path::Path;

use gdal::errors::GdalError;
use gdal::spatial_ref::{AxisMappingStrategy, SpatialRef};
use gdal::vector::{Feature, LayerAccess, LayerOptions, OGRFieldType, OGRwkbGeometryType, ToGdal};
use gdal::Dataset;
use serde_json::Value;

use super::schema::gdal_error;
use crate::error::Result;
use crate::layer_id::LayerId;
use crate::store::LayerData;

/// The column holding a feature's exact properties, as JSON.
const PROPS: &str = "proprietes";

/// The text columns of a layer's tables, besides [`PROPS`].
pub(crate) fn text_columns(layer: LayerId) -> Vec<&'static str> {
    let fields = layer.model_fields();
    if fields.is_empty() {
        vec!["id", "code", "titre"]
    } else {
        fields
    }
}

/// Writes a version's features into a new table.
pub(crate) fn write_features(
    ds: &mut Dataset,
    path: &Path,
    table: &str,
    territory: &str,
    layer: LayerId,
    number: u64,
    data: &LayerData,
) -> Result<()> {
    let err = |e: GdalError| gdal_error(path, &e);
    let mut srs = SpatialRef::from_epsg(4326).map_err(err)?;
    srs.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let identifier = format!("IDENTIFIER={territory}/{layer} v{number}");
    let description =
        format!("DESCRIPTION=Couche « {layer} » du territoire « {territory} », version {number}");
    let options = [
        identifier.as_str(),
        description.as_str(),
        // The server indexes in memory; an R-tree built at close time would fall outside the
        // transaction.
        "SPATIAL_INDEX=NO",
    ];
    let geographic = layer.is_geographic();
    let out = ds
        .create_layer(LayerOptions {
            name: table,
            srs: geographic.then_some(&srs),
            ty: if geographic {
                OGRwkbGeometryType::wkbUnknown
            } else {
                OGRwkbGeometryType::wkbNone
            },
            options: Some(&options),
        })
        .map_err(err)?;
    let cols = text_columns(layer);
    for name in cols.iter().chain([&PROPS]) {
        gdal::vector::FieldDefn::new(name, OGRFieldType::OFTString)
            .and_then(|d| d.add_to_layer(&out))
            .map_err(err)?;
    }
    let defn = out.defn();
    let props_index = defn.field_index(PROPS).map_err(err)?;
    for f in &data.features {
        let mut row = Feature::new(defn).map_err(err)?;
        for (i, name) in cols.iter().enumerate() {
            match f.props.get(*name) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => row.set_field_string(i, s).map_err(err)?,
                Some(other) => row.set_field_string(i, &other.to_string()).map_err(err)?,
            }
        }
        row.set_field_string(props_index, &serde_json::to_string(&f.props)?)
            .map_err(err)?;
        if let Some(g) = &f.geometry {
            row.set_geometry(g.to_gdal().map_err(err)?).map_err(err)?;
        }
        row.create(&out).map_err(err)?;
    }
    Ok(())
}
