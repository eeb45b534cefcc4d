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
        SpatialRef::from_epsg(4326).map_err(|e| StoreError::Projection(gdal_log::describe(&e)))?;
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
        Some(def) if !is_offline_definition(def) => {
            return Err(StoreError::Source {
                path: path.to_path_buf(),
                message: format!(
                    "--s-srs « {def} » refusé : donnez un code (EPSG:2154), un WKT ou une chaîne PROJ (+proj=…), pas un chemin ni une adresse"
                ),
            })
        }
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

/// Whether `def` is a CRS definition OSR reads without opening a file or a URL (it reads
/// both otherwise: `--s-srs /etc/passwd`, `--s-srs http://…`): an `AUTHORITY:CODE`, a WKT or a
/// PROJ string.
pub fn is_offline_definition(def: &str) -> bool {
    let def = def.trim();
    let code = def.split_once(':').is_some_and(|(authority, code)| {
        !authority.is_empty()
            && authority.chars().all(|c| c.is_ascii_alphabetic())
            && !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    });
    let wkt = def.split_once('[').is_some_and(|(keyword, _)| {
        !keyword.is_empty()
            && keyword
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    }) && def.ends_with(']');
    let proj = def.starts_with("+proj=") && !def.contains("init=") && !def.contains('/');
    code || wkt || proj
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

#[cfg(test)]
mod tests {
    use super::is_offline_definition;

    #[test]
    fn codes_wkt_and_proj_strings_are_read_paths_and_urls_are_not() {
        for ok in [
            "EPSG:2154",
            "IGNF:LAMB93",
            "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]]]",
            "+proj=longlat +datum=WGS84",
        ] {
            assert!(is_offline_definition(ok), "{ok}");
        }
        for bad in [
            "/etc/passwd",
            "http://169.254.169.254/latest",
            "https://example.invalid/crs.wkt",
            "/vsicurl/http://example.invalid/x",
            "+init=/etc/x:y",
            "+proj=longlat +init=epsg:4326",
            "file:///etc/passwd",
            "",
        ] {
            assert!(!is_offline_definition(bad), "{bad}");
        }
    }
}
