//! GeoJSON features as a GeoPackage a GIS team opens in QGIS: one layer in WGS84 (EPSG:4326),
//! one typed column per property (integers, reals and text; lists and objects as JSON text),
//! written through GDAL's GPKG driver.

use std::path::Path;

use gdal::errors::GdalError;
use gdal::spatial_ref::{AxisMappingStrategy, SpatialRef};
use gdal::vector::{Feature, FieldValue, Geometry, LayerAccess, LayerOptions, OGRFieldType};
use gdal::DriverManager;
use serde_json::{Map, Value};

use crate::error::{Result, StoreError};
use crate::gpkg::gdal_error;

/// Column holding each feature's id (the OGC API's), as the CSV export names it.
const ID_COLUMN: &str = "id_ogc";

/// The column type of a property, from every value it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Integer,
    Real,
    Text,
}

impl Column {
    fn of(value: &Value) -> Option<Column> {
        match value {
            Value::Null => None,
            Value::Bool(_) => Some(Column::Integer),
            Value::Number(n) if n.is_i64() => Some(Column::Integer),
            Value::Number(_) => Some(Column::Real),
            _ => Some(Column::Text),
        }
    }

    fn widen(self, other: Column) -> Column {
        match (self, other) {
            (a, b) if a == b => a,
            (Column::Integer, Column::Real) | (Column::Real, Column::Integer) => Column::Real,
            _ => Column::Text,
        }
    }

    fn gdal(self) -> u32 {
        match self {
            Column::Integer => OGRFieldType::OFTInteger64,
            Column::Real => OGRFieldType::OFTReal,
            Column::Text => OGRFieldType::OFTString,
        }
    }
}

/// Why `name` cannot name an exported layer, in French: a GeoPackage table name is 1 to 64
/// letters, digits, `_` or `-`, not starting with `-`, and not one SQLite, the GeoPackage
/// standard or GDAL keep for themselves (`sqlite_…`, `gpkg…`, `rtree_…`, `ogr_…`, case aside).
pub fn layer_name_problem(name: &str) -> Option<String> {
    if name.is_empty()
        || name.len() > 64
        || name.starts_with('-')
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    {
        return Some(
            "un nom de 1 à 64 lettres, chiffres, « _ » ou « - » (pas en premier) est attendu"
                .into(),
        );
    }
    let lower = name.to_ascii_lowercase();
    RESERVED_PREFIXES
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| {
            format!("les noms commençant par « {p} » sont réservés par SQLite, le format GeoPackage ou GDAL ; choisissez-en un autre")
        })
}

/// Table name prefixes SQLite (`sqlite_`), the GeoPackage standard (`gpkg`, `gpkgext_`) and
/// GDAL (its spatial indexes `rtree_…`, `ogr_empty_table`) keep for themselves.
const RESERVED_PREFIXES: [&str; 4] = ["sqlite_", "gpkg", "rtree_", "ogr_"];

/// Most columns of an exported layer: SQLite's default bound on a table (2,000), less the
/// id, the row id and the geometry.
pub const MAX_COLUMNS: usize = 1_997;

/// `features` (GeoJSON Feature objects) as the bytes of a GeoPackage holding one layer named
/// `layer`. A feature whose geometry GDAL cannot read is an error naming it.
pub fn features_to_gpkg(layer: &str, features: &[Value]) -> Result<Vec<u8>> {
    features_to_gpkg_until(layer, features, &|| false)
}

/// [`features_to_gpkg`], giving up (an error) as soon as `stop` says so, checked between
/// features: the server's request may have gone.
pub fn features_to_gpkg_until(
    layer: &str,
    features: &[Value],
    stop: &dyn Fn() -> bool,
) -> Result<Vec<u8>> {
    crate::gdal_log::install();
    let dir = tempfile::tempdir().map_err(|e| StoreError::io(Path::new("."), e))?;
    let path = dir.path().join("export.gpkg");
    write(&path, layer, features, stop)?;
    std::fs::read(&path).map_err(|e| StoreError::io(&path, e))
}

fn write(path: &Path, layer: &str, features: &[Value], stop: &dyn Fn() -> bool) -> Result<()> {
    let err = |e: GdalError| gdal_error(path, &e);
    let empty = Map::new();
    let props = |f| properties(f, &empty);
    // Columns in the order they first appear, each with the widest type of its values.
    let mut columns: Vec<(String, Option<Column>)> = Vec::new();
    for f in features {
        for (k, v) in props(f) {
            let ty = Column::of(v);
            match columns.iter_mut().find(|(name, _)| name == k) {
                Some((_, seen)) => {
                    *seen = match (*seen, ty) {
                        (Some(a), Some(b)) => Some(a.widen(b)),
                        (a, b) => a.or(b),
                    }
                }
                None => columns.push((k.clone(), ty)),
            }
        }
    }
    if let Some(why) = layer_name_problem(layer) {
        return Err(StoreError::Source {
            path: path.to_path_buf(),
            message: format!("couche « {layer} » : {why}"),
        });
    }
    if columns.len() > MAX_COLUMNS {
        return Err(StoreError::Source {
            path: path.to_path_buf(),
            message: format!(
                "{} propriétés distinctes : une table GeoPackage en contient au plus {MAX_COLUMNS}",
                columns.len()
            ),
        });
    }
    let driver = DriverManager::get_driver_by_name("GPKG").map_err(err)?;
    let mut ds = driver.create_vector_only(path).map_err(err)?;
    let mut srs = SpatialRef::from_epsg(4326).map_err(err)?;
    srs.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let mut txn = ds.start_transaction().map_err(err)?;
    let out = txn
        .create_layer(LayerOptions {
            name: layer,
            srs: Some(&srs),
            ty: gdal::vector::OGRwkbGeometryType::wkbUnknown,
            options: None,
        })
        .map_err(err)?;
    gdal::vector::FieldDefn::new(ID_COLUMN, OGRFieldType::OFTString)
        .and_then(|d| d.add_to_layer(&out))
        .map_err(err)?;
    let mut taken: Vec<String> = std::iter::once(ID_COLUMN)
        .chain(TABLE_COLUMNS)
        .map(str::to_string)
        .collect();
    for (name, ty) in &columns {
        let column = column_name(name, &mut taken);
        gdal::vector::FieldDefn::new(&column, ty.unwrap_or(Column::Text).gdal())
            .and_then(|d| d.add_to_layer(&out))
            .map_err(err)?;
    }
    let defn = out.defn();
    for (n, f) in features.iter().enumerate() {
        if stop() {
            return Err(StoreError::Source {
                path: path.to_path_buf(),
                message: "export abandonné : la requête a été interrompue".into(),
            });
        }
        let mut row = Feature::new(defn).map_err(err)?;
        if let Some(id) = f.get("id").filter(|v| !v.is_null()) {
            let id = id.as_str().map_or_else(|| id.to_string(), str::to_string);
            row.set_field_string(0, &without_nul(&id)).map_err(err)?;
        }
        let p = props(f);
        for (i, (name, ty)) in columns.iter().enumerate() {
            if let Some(value) = p
                .get(name)
                .and_then(|v| field(v, ty.unwrap_or(Column::Text)))
            {
                row.set_field(i + 1, &value).map_err(err)?;
            }
        }
        if let Some(g) = f.get("geometry").filter(|g| !g.is_null()) {
            // GDAL's own message names its C function, not the client's mistake: say ours.
            let geometry =
                Geometry::from_geojson(&g.to_string()).map_err(|_| StoreError::Source {
                    path: path.to_path_buf(),
                    message: format!(
                        "entité {} : géométrie illisible ; un objet GeoJSON geometry est attendu (type Point, LineString, Polygon, Multi… ou GeometryCollection, et ses coordinates)",
                        n + 1
                    ),
                })?;
            row.set_geometry(geometry).map_err(err)?;
        }
        row.create(&out).map_err(err)?;
    }
    txn.commit().map_err(err)?;
    ds.close().map_err(err)
}

fn properties<'a>(feature: &'a Value, empty: &'a Map<String, Value>) -> &'a Map<String, Value> {
    feature
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(empty)
}

/// The columns GDAL gives every GeoPackage table it creates: the row id and the geometry.
const TABLE_COLUMNS: [&str; 2] = ["fid", "geom"];

/// A column name SQLite accepts for `name`, distinct (case aside) from the `taken` ones:
/// GeoPackage tables have their own `fid` and `geom`, `Nom` and `nom` would be one column, and
/// a NUL cannot stand in a C string.
fn column_name(name: &str, taken: &mut Vec<String>) -> String {
    let name = without_nul(name);
    let base = if name.trim().is_empty() {
        "champ".to_string()
    } else if TABLE_COLUMNS.iter().any(|c| name.eq_ignore_ascii_case(c)) {
        format!("{name}_propriete")
    } else {
        name
    };
    let mut candidate = base.clone();
    let mut n = 1;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        n += 1;
        candidate = format!("{base}_{n}");
    }
    taken.push(candidate.clone());
    candidate
}

fn field(value: &Value, ty: Column) -> Option<FieldValue> {
    match (value, ty) {
        (Value::Null, _) => None,
        (Value::Bool(b), Column::Integer) => Some(FieldValue::Integer64Value(i64::from(*b))),
        (Value::Number(n), Column::Integer) => n.as_i64().map(FieldValue::Integer64Value),
        (Value::Bool(b), Column::Real) => Some(FieldValue::RealValue(f64::from(u8::from(*b)))),
        (Value::Number(n), Column::Real) => n.as_f64().map(FieldValue::RealValue),
        (Value::String(s), _) => Some(FieldValue::StringValue(without_nul(s))),
        (other, _) => Some(FieldValue::StringValue(without_nul(&other.to_string()))),
    }
}

/// GDAL takes strings as C strings, which end at the first NUL: drop NULs rather than fail.
fn without_nul(s: &str) -> String {
    s.replace('\0', "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The export of `features` as GDAL reads it back (with the directory that holds it).
    fn written(layer: &str, features: &[Value]) -> (tempfile::TempDir, gdal::Dataset) {
        let bytes = features_to_gpkg(layer, features).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lu.gpkg");
        std::fs::write(&path, bytes).unwrap();
        let ds = gdal::Dataset::open(&path).unwrap();
        (dir, ds)
    }

    #[test]
    fn writes_typed_columns_and_geometries_gdal_reads_back() {
        let features = vec![
            json!({"type": "Feature", "id": "a:1", "geometry": {"type": "Point", "coordinates": [6.24, 46.19]},
                   "properties": {"nom": "Gymnase", "logements": 12, "cout_eur": 1.5, "fid": "x", "insee_com": ["74012"]}}),
            json!({"type": "Feature", "id": "a:2", "geometry": null,
                   "properties": {"nom": "Sans lieu", "logements": 3, "cout_eur": 2, "Nom": "autre", "": 1}}),
        ];
        let (_dir, ds) = written("equipements", &features);
        let mut layer = ds.layer_by_name("equipements").unwrap();
        assert_eq!(layer.feature_count(), 2);
        let defn = layer.defn();
        let ty = |name: &str| {
            defn.fields()
                .find(|f| f.name() == name)
                .map(|f| f.field_type())
                .unwrap_or_else(|| panic!("{name}"))
        };
        assert_eq!(ty("logements"), OGRFieldType::OFTInteger64);
        assert_eq!(ty("cout_eur"), OGRFieldType::OFTReal);
        assert_eq!(ty("nom"), OGRFieldType::OFTString);
        assert_eq!(ty("fid_propriete"), OGRFieldType::OFTString);
        assert_eq!(ty("Nom_2"), OGRFieldType::OFTString);
        assert_eq!(ty("champ"), OGRFieldType::OFTInteger64);
        let (id_at, insee_at) = (
            defn.field_index("id_ogc").unwrap(),
            defn.field_index("insee_com").unwrap(),
        );
        let first = layer.features().next().unwrap();
        assert_eq!(
            first.field_as_string(id_at).unwrap().as_deref(),
            Some("a:1")
        );
        assert_eq!(
            first.field_as_string(insee_at).unwrap().as_deref(),
            Some("[\"74012\"]")
        );
        let g = first.geometry().unwrap();
        assert_eq!(g.get_point(0), (6.24, 46.19, 0.0));
    }

    #[test]
    fn an_unreadable_geometry_names_its_feature() {
        let features = vec![
            json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": "x"}, "properties": {}}),
        ];
        let e = features_to_gpkg("l", &features).unwrap_err();
        assert!(e.to_string().contains("entité 1"), "{e}");
    }

    #[test]
    fn properties_named_like_the_table_columns_or_holding_nul_are_kept() {
        let features = vec![
            json!({"type": "Feature", "id": "a\0b", "geometry": {"type": "Point", "coordinates": [6.2, 46.2]},
                   "properties": {"geom": 1, "FID": 2.5, "x\0y": "a\0b"}}),
        ];
        let (_dir, ds) = written("l", &features);
        let mut layer = ds.layer_by_name("l").unwrap();
        let defn = layer.defn();
        // Sorted: serde_json keeps keys in order only with its `preserve_order` feature.
        let mut names: Vec<String> = defn.fields().map(|f| f.name()).collect();
        names.sort();
        assert_eq!(names, ["FID_propriete", "geom_propriete", "id_ogc", "xy"]);
        let xy = defn.field_index("xy").unwrap();
        let row = layer.features().next().unwrap();
        assert_eq!(row.field_as_string(0).unwrap().as_deref(), Some("ab"));
        assert_eq!(row.field_as_string(xy).unwrap().as_deref(), Some("ab"));
        assert_eq!(row.geometry().unwrap().get_point(0), (6.2, 46.2, 0.0));
    }
}
