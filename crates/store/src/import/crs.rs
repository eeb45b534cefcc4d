//! The source's coordinate reference system and the reprojection to WGS84 (longitude,
//! latitude), with OSR.

use std::path::Path;

use gdal::spatial_ref::{AxisMappingStrategy, CoordTransform, SpatialRef};
use gdal::vector::LayerAccess;

use crate::error::{Result, StoreError};
use crate::gdal_log;

/// The transformation from the source's CRS to WGS84, or `None` when the source already is in
/// WGS84 longitude/latitude (no rounding introduced).
pub struct Reprojection {
    pub transform: Option<CoordTransform>,
    /// How the report names the source CRS (`EPSG:2154`).
    pub source_name: String,
}

fn wgs84() -> Result<SpatialRef> {
    let mut srs =
        SpatialRef::from_epsg(4326).map_err(|e| StoreError::Mapping(gdal_log::describe(&e)))?;
    srs.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    Ok(srs)
}

fn describe(srs: &SpatialRef) -> String {
    match (srs.auth_name(), srs.auth_code()) {
        (Some(name), Ok(code)) => format!("{name}:{code}"),
        _ => srs.name().unwrap_or_else(|| "SCR sans nom".into()),
    }
}

/// The reprojection for `layer`: its own CRS, or `s_srs` which overrides it.
pub fn reprojection<L: LayerAccess>(
    layer: &L,
    path: &Path,
    s_srs: Option<&str>,
) -> Result<Reprojection> {
    let mut source = match s_srs {
        Some(def) => SpatialRef::from_definition(def).map_err(|_| StoreError::Source {
            path: path.to_path_buf(),
            message: format!(
                "--s-srs « {def} » : système de coordonnées inconnu (exemples : EPSG:2154 pour le Lambert-93, EPSG:4326 pour le WGS84)"
            ),
        })?,
        None => layer.spatial_ref().ok_or_else(|| StoreError::Source {
            path: path.to_path_buf(),
            message: missing_crs_advice(layer),
        })?,
    };
    source.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let target = wgs84()?;
    let source_name = describe(&source);
    if source_name == "EPSG:4326" || source.to_wkt().ok() == target.to_wkt().ok() {
        return Ok(Reprojection {
            transform: None,
            source_name,
        });
    }
    let transform = CoordTransform::new(&source, &target).map_err(|e| StoreError::Source {
        path: path.to_path_buf(),
        message: format!(
            "système de coordonnées {source_name} inutilisable ({}) : précisez-le avec --s-srs (par exemple EPSG:2154)",
            gdal_log::describe(&e)
        ),
    })?;
    Ok(Reprojection {
        transform: Some(transform),
        source_name,
    })
}

/// What to say when the source has no CRS, guessing from its extent where possible.
fn missing_crs_advice<L: LayerAccess>(layer: &L) -> String {
    // Forcing the extent scans the layer: only on this refusal path.
    let guess = match layer.get_extent().map(Some) {
        Ok(Some(e))
            if (100_000.0..=1_300_000.0).contains(&e.MinX)
                && (6_000_000.0..=7_200_000.0).contains(&e.MinY) =>
        {
            " Les coordonnées ressemblent à du Lambert-93 : --s-srs EPSG:2154."
        }
        Ok(Some(e)) if (-180.0..=180.0).contains(&e.MinX) && (-90.0..=90.0).contains(&e.MinY) => {
            " Les coordonnées ressemblent à des longitudes/latitudes : --s-srs EPSG:4326."
        }
        _ => "",
    };
    format!(
        "système de coordonnées absent (Shapefile sans fichier .prj, CSV...) : l'import refuse de deviner ; précisez-le avec --s-srs.{guess}"
    )
}
