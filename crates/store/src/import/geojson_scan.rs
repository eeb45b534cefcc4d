//! A first pass over a GeoJSON source before GDAL parses it: GDAL's parser holds a whole
//! feature in memory as a tree of JSON objects (some 30 bytes of memory per byte of text), so
//! one feature of millions of vertices costs gigabytes before any limit of ours could see it.
//! This pass streams the text with serde, holding nothing but counts, and refuses:
//! too many features or vertices ([`ImportLimits`]), geometries nested deeper than
//! serde_json's recursion limit (128; nesting elsewhere is skipped without recursion, and
//! GDAL's parser refuses it), and a `crs` member other than a name or an EPSG code (a `link` CRS
//! makes GDAL fetch its URL).

use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::limits::{Exceeded, ImportLimits, Tally};

/// Why a GeoJSON source is refused before GDAL reads it.
#[derive(Debug)]
pub enum Refusal {
    Limit(Exceeded),
    Crs(String),
    Unreadable(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Limit(e) => e.fmt(f),
            Refusal::Crs(kind) => write!(
                f,
                "membre « crs » de type « {kind} » refusé : seul un nom (« urn:ogc:def:crs:EPSG::2154 ») est lu, GDAL ne va chercher aucun système de coordonnées en ligne"
            ),
            Refusal::Unreadable(why) => write!(f, "GeoJSON illisible : {why}"),
        }
    }
}

/// Scans the GeoJSON text of `path`.
pub fn scan(path: &Path, limits: &ImportLimits) -> Result<(), Refusal> {
    let file = std::fs::File::open(path).map_err(|e| Refusal::Unreadable(e.to_string()))?;
    scan_reader(std::io::BufReader::with_capacity(1 << 16, file), limits)
}

/// Scans GeoJSON text from `reader`.
pub fn scan_reader<R: std::io::Read>(reader: R, limits: &ImportLimits) -> Result<(), Refusal> {
    let mut state = State {
        tally: Tally::new(*limits),
        refusal: None,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let outcome = Document(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Some(refusal) = state.refusal {
        return Err(refusal);
    }
    outcome.map_err(|e| Refusal::Unreadable(e.to_string()))
}

struct State {
    tally: Tally,
    /// Set when a limit stops the pass (serde only carries a message).
    refusal: Option<Refusal>,
}

impl State {
    fn stop<E: de::Error>(&mut self, refusal: Refusal) -> E {
        let message = refusal.to_string();
        self.refusal = Some(refusal);
        E::custom(message)
    }

    fn feature<E: de::Error>(&mut self, vertices: u64) -> Result<(), E> {
        self.tally
            .feature(vertices)
            .map_err(|e| self.stop(Refusal::Limit(e)))
    }
}

/// The top level: a FeatureCollection, a Feature or a bare geometry.
struct Document<'s>(&'s mut State);

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un objet GeoJSON")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut single = 0u64;
        let mut is_single = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "features" => map.next_value_seed(Features(self.0))?,
                "crs" => {
                    let crs: serde_json::Value = map.next_value()?;
                    check_crs(&crs).map_err(|r| self.0.stop(r))?;
                }
                "geometry" | "coordinates" | "geometries" => {
                    is_single = true;
                    single += map.next_value_seed(Positions)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if is_single {
            self.0.feature(single)?;
        }
        Ok(())
    }
}

/// Only named CRSs (and the old `EPSG` type) are read offline by GDAL.
fn check_crs(crs: &serde_json::Value) -> Result<(), Refusal> {
    match crs.get("type").and_then(serde_json::Value::as_str) {
        None if crs.is_null() => Ok(()),
        Some("name" | "EPSG") => Ok(()),
        Some(other) => Err(Refusal::Crs(other.to_string())),
        None => Err(Refusal::Crs("sans type".into())),
    }
}

struct Features<'s>(&'s mut State);

impl<'de> DeserializeSeed<'de> for Features<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Features<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("une liste d'entités")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(vertices) = seq.next_element_seed(Positions)? {
            self.0.feature(vertices)?;
        }
        Ok(())
    }
}

/// The positions (vertices) under a value: a feature, a geometry, a coordinates array.
/// An array holding a number is one position; other arrays add up their elements; objects add
/// up their `geometry`, `coordinates` and `geometries` members.
struct Positions;

impl<'de> DeserializeSeed<'de> for Positions {
    type Value = u64;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Positions {
    type Value = u64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("une valeur JSON")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<u64, A::Error> {
        let mut total = 0u64;
        let mut is_position = false;
        while let Some(element) = seq.next_element_seed(Element)? {
            match element {
                Some(n) => total = total.saturating_add(n),
                None => is_position = true,
            }
        }
        Ok(if is_position { 1 } else { total })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u64, A::Error> {
        let mut total = 0u64;
        while let Some(key) = map.next_key::<String>()? {
            if matches!(key.as_str(), "geometry" | "coordinates" | "geometries") {
                total = total.saturating_add(map.next_value_seed(Positions)?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(total)
    }

    fn visit_bool<E>(self, _: bool) -> Result<u64, E> {
        Ok(0)
    }
    fn visit_i64<E>(self, _: i64) -> Result<u64, E> {
        Ok(0)
    }
    fn visit_u64<E>(self, _: u64) -> Result<u64, E> {
        Ok(0)
    }
    fn visit_f64<E>(self, _: f64) -> Result<u64, E> {
        Ok(0)
    }
    fn visit_str<E>(self, _: &str) -> Result<u64, E> {
        Ok(0)
    }
    fn visit_unit<E>(self) -> Result<u64, E> {
        Ok(0)
    }
}

/// An element of an array: `None` for a number (the array is a position), else the
/// positions under it.
struct Element;

impl<'de> DeserializeSeed<'de> for Element {
    type Value = Option<u64>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<u64>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Element {
    type Value = Option<u64>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("une valeur JSON")
    }
    fn visit_i64<E>(self, _: i64) -> Result<Option<u64>, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Option<u64>, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Option<u64>, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<u64>, A::Error> {
        Positions.visit_seq(seq).map(Some)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<u64>, A::Error> {
        Positions.visit_map(map).map(Some)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Option<u64>, E> {
        Ok(Some(0))
    }
    fn visit_str<E>(self, _: &str) -> Result<Option<u64>, E> {
        Ok(Some(0))
    }
    fn visit_unit<E>(self) -> Result<Option<u64>, E> {
        Ok(Some(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_text(text: &str, limits: &ImportLimits) -> Result<(), Refusal> {
        scan_reader(text.as_bytes(), limits)
    }

    fn line(n: usize) -> String {
        let coords: Vec<String> = (0..n).map(|i| format!("[6.{i},46.1]")).collect();
        format!(
            r#"{{"type":"Feature","properties":{{"code":"x"}},"geometry":{{"type":"LineString","coordinates":[{}]}}}}"#,
            coords.join(",")
        )
    }

    fn collection(features: &[String]) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        )
    }

    #[test]
    fn vertices_are_counted_per_feature() {
        let limits = ImportLimits {
            max_vertices_per_feature: 5,
            ..ImportLimits::default()
        };
        scan_text(&collection(&[line(5), line(5)]), &limits).expect("within");
        match scan_text(&collection(&[line(5), line(6)]), &limits) {
            Err(Refusal::Limit(Exceeded::FeatureVertices {
                feature: 2,
                found: 6,
                ..
            })) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn polygons_multipolygons_and_collections_count_every_ring() {
        let limits = ImportLimits {
            max_vertices: 9,
            ..ImportLimits::default()
        };
        let polygon = r#"{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}}"#;
        let collection_geom = r#"{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[0,0]},{"type":"LineString","coordinates":[[0,0],[1,1]]}]}}"#;
        // 8 + 3 = 11 vertices: over 9.
        let e = scan_text(
            &collection(&[polygon.into(), collection_geom.into()]),
            &limits,
        );
        assert!(
            matches!(e, Err(Refusal::Limit(Exceeded::Vertices { limit: 9 }))),
            "{e:?}"
        );
    }

    #[test]
    fn the_feature_count_is_bounded() {
        let limits = ImportLimits {
            max_features: 1000,
            ..ImportLimits::default()
        };
        let empty = r#"{"type":"Feature","properties":{},"geometry":null}"#.to_string();
        let many = collection(&vec![empty; 1001]);
        assert!(matches!(
            scan_text(&many, &limits),
            Err(Refusal::Limit(Exceeded::Features { found: 1001, .. }))
        ));
    }

    #[test]
    fn deep_nesting_never_overflows_the_stack() {
        let deep = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        // In a geometry, serde_json's recursion limit (128) refuses it.
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{{"type":"Polygon","coordinates":{}}}}}]}}"#,
            deep(100_000)
        );
        let e = scan_text(&text, &ImportLimits::default()).expect_err("too deep");
        assert!(e.to_string().contains("recursion limit"), "{e}");
        // Elsewhere the pass skips it without recursing (GDAL's parser then refuses it).
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"a":{}}},"geometry":null}}]}}"#,
            deep(100_000)
        );
        scan_text(&text, &ImportLimits::default()).expect("skipped iteratively");
    }

    #[test]
    fn a_link_crs_is_refused_a_named_one_accepted() {
        let link = r#"{"type":"FeatureCollection","crs":{"type":"link","properties":{"href":"http://192.0.2.1/crs"}},"features":[]}"#;
        assert!(
            matches!(scan_text(link, &ImportLimits::default()), Err(Refusal::Crs(k)) if k == "link")
        );
        let named = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},"features":[]}"#;
        scan_text(named, &ImportLimits::default()).expect("named CRS");
    }

    #[test]
    fn broken_text_is_unreadable_with_its_position() {
        let e = scan_text(
            r#"{"type":"FeatureCollection","features":[{"#,
            &ImportLimits::default(),
        )
        .expect_err("truncated");
        assert!(
            matches!(e, Refusal::Unreadable(ref m) if m.contains("line 1")),
            "{e}"
        );
    }
}
