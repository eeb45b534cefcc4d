//! A GeoJSON geometry object read with typed serde straight into `geojson`'s value: its
//! coordinates are parsed as soon as its type is known, in the same pass when `type` comes
//! first (as writers put it), and from their borrowed text otherwise. `geojson`'s own
//! `Geometry` buffers the whole object (it collects foreign members with `flatten`).

use std::fmt;

use geojson::GeometryValue;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

/// A geometry object's value.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct GeometryObject(pub(super) GeometryValue);

#[derive(Debug, Clone, Copy, Deserialize)]
enum Kind {
    Point,
    MultiPoint,
    LineString,
    MultiLineString,
    Polygon,
    MultiPolygon,
    GeometryCollection,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Member {
    Type,
    Coordinates,
    Geometries,
    #[serde(other)]
    Other,
}

/// The value of `kind` whose coordinates `$read` reads (an expression, evaluated with the
/// coordinates type of the arm it lands in).
macro_rules! value_of_kind {
    ($kind:expr, $read:expr) => {
        match $kind {
            Kind::Point => GeometryValue::Point { coordinates: $read },
            Kind::MultiPoint => GeometryValue::MultiPoint { coordinates: $read },
            Kind::LineString => GeometryValue::LineString { coordinates: $read },
            Kind::MultiLineString => GeometryValue::MultiLineString { coordinates: $read },
            Kind::Polygon => GeometryValue::Polygon { coordinates: $read },
            Kind::MultiPolygon => GeometryValue::MultiPolygon { coordinates: $read },
            Kind::GeometryCollection => {
                return Err(de::Error::custom(
                    "une GeometryCollection a des « geometries », pas de « coordinates »",
                ))
            }
        }
    };
}

impl<'de> Deserialize<'de> for GeometryObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(GeometryVisitor)
    }
}

struct GeometryVisitor;

impl<'de> Visitor<'de> for GeometryVisitor {
    type Value = GeometryObject;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON geometry object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<GeometryObject, A::Error> {
        let mut kind = None;
        let mut value = None;
        let mut early_coordinates: Option<&'de RawValue> = None;
        let mut geometries: Option<Vec<GeometryObject>> = None;
        while let Some(member) = map.next_key::<Member>()? {
            match member {
                Member::Type => kind = Some(map.next_value::<Kind>()?),
                Member::Coordinates => match kind {
                    Some(kind) => value = Some(value_of_kind!(kind, map.next_value()?)),
                    None => early_coordinates = Some(map.next_value()?),
                },
                Member::Geometries => geometries = Some(map.next_value()?),
                Member::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let kind = kind.ok_or_else(|| de::Error::custom("membre « type » absent"))?;
        if let Kind::GeometryCollection = kind {
            let geometries =
                geometries.ok_or_else(|| de::Error::custom("membre « geometries » absent"))?;
            return Ok(GeometryObject(GeometryValue::GeometryCollection {
                geometries: geometries
                    .into_iter()
                    .map(|g| geojson::Geometry::new(g.0))
                    .collect(),
            }));
        }
        if let Some(value) = value {
            return Ok(GeometryObject(value));
        }
        let raw =
            early_coordinates.ok_or_else(|| de::Error::custom("membre « coordinates » absent"))?;
        Ok(GeometryObject(value_of_kind!(
            kind,
            serde_json::from_str(raw.get()).map_err(de::Error::custom)?
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<GeometryValue, String> {
        serde_json::from_str::<GeometryObject>(json)
            .map(|g| g.0)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn reads_what_geojson_reads_whatever_the_member_order() {
        for json in [
            r#"{"type":"Point","coordinates":[6.2,46.1]}"#,
            r#"{"coordinates":[6.2,46.1,410.0],"type":"Point","bbox":[0,0,1,1]}"#,
            r#"{"type":"LineString","coordinates":[[6.2,46.1],[6.3,46.2]]}"#,
            r#"{"type":"MultiPoint","coordinates":[]}"#,
            r#"{"coordinates":[[[6.0,46.0],[6.1,46.0],[6.1,46.1],[6.0,46.0]]],"type":"Polygon"}"#,
            r#"{"type":"MultiPolygon","coordinates":[[[[6.0,46.0],[6.1,46.0],[6.1,46.1],[6.0,46.0]]]]}"#,
            r#"{"type":"MultiLineString","coordinates":[[[6.2,46.1],[6.3,46.2]]]}"#,
            r#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}"#,
        ] {
            let expected = json.parse::<geojson::Geometry>().unwrap().value;
            assert_eq!(read(json).unwrap(), expected, "{json}");
        }
    }

    #[test]
    fn says_what_is_wrong() {
        assert!(read(r#"{"coordinates":[1,2]}"#)
            .unwrap_err()
            .starts_with("membre « type » absent"));
        assert!(read(r#"{"type":"Polygon"}"#)
            .unwrap_err()
            .starts_with("membre « coordinates » absent"));
        assert!(read(r#"{"type":"Polygone","coordinates":[]}"#)
            .unwrap_err()
            .starts_with("unknown variant `Polygone`"));
        assert!(read(r#"{"type":"Point","coordinates":"6.2,46.1"}"#)
            .unwrap_err()
            .starts_with("invalid type: string"));
    }
}
