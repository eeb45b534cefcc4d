//! MVT encoding through geozero's writer: geometry commands, the layer's key and value tables,
//! and the protobuf.

use geo::Geometry;
use geozero::mvt::{tile, Message, TagsBuilder, Tile};
use geozero::ToMvt;

use crate::cut::TileGeometry;
use crate::props::Props;
use crate::{TileError, EXTENT};

/// The features of one layer of one tile.
pub struct LayerBuilder {
    name: &'static str,
    tags: TagsBuilder,
    features: Vec<tile::Feature>,
}

impl LayerBuilder {
    pub fn new(name: &'static str) -> LayerBuilder {
        LayerBuilder {
            name,
            tags: TagsBuilder::new(),
            features: Vec::new(),
        }
    }

    /// Adds a feature; `geometry` must be in integer tile coordinates with closed, oriented
    /// rings of at least three distinct points (as [`crate::cut`] makes them).
    pub fn add(&mut self, id: u64, geometry: TileGeometry, props: &Props) -> Result<(), TileError> {
        let geometry: Geometry<f64> = match geometry {
            TileGeometry::Polygons(mp) => mp.into(),
            TileGeometry::Lines(ml) => ml.into(),
            TileGeometry::Points(mp) => mp.into(),
        };
        let mut feature = geometry
            .to_mvt_unscaled()
            .map_err(|e| TileError::Encoding {
                layer: self.name,
                message: e.to_string(),
            })?;
        feature.id = Some(id);
        feature.tags.reserve(props.len() * 2);
        for (key, value) in props {
            let (k, v) = self.tags.insert_ref(key, value.clone());
            feature.tags.extend([k, v]);
        }
        self.features.push(feature);
        Ok(())
    }

    /// The layer, or `None` when it has no feature.
    pub fn finish(self) -> Option<tile::Layer> {
        if self.features.is_empty() {
            return None;
        }
        let (keys, values) = self.tags.into_tags();
        Some(tile::Layer {
            version: 2,
            name: self.name.to_string(),
            features: self.features,
            keys,
            values: values.into_iter().map(Into::into).collect(),
            extent: Some(EXTENT),
        })
    }
}

/// The tile's protobuf bytes.
pub fn encode(layers: Vec<tile::Layer>) -> Vec<u8> {
    Tile { layers }.encode_to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPoint, MultiPolygon, Point};
    use geozero::mvt::TileValue;

    #[test]
    fn polygon_commands_follow_the_spec_example() {
        // MVT 2.1 spec, 4.3.5.3: polygon (3,6) (8,12) (20,34) → 9 6 12 18 10 12 24 44 15.
        let mut b = LayerBuilder::new("essai");
        let p = polygon![(x: 3.0, y: 6.0), (x: 8.0, y: 12.0), (x: 20.0, y: 34.0), (x: 3.0, y: 6.0)];
        let props = vec![("nom".to_string(), TileValue::Str("A".into()))];
        b.add(7, TileGeometry::Polygons(MultiPolygon(vec![p])), &props)
            .unwrap();
        b.add(
            8,
            TileGeometry::Points(MultiPoint(vec![Point::new(25.0, 17.0)])),
            &props,
        )
        .unwrap();
        let layer = b.finish().unwrap();
        assert_eq!(
            layer.features[0].geometry,
            [9, 6, 12, 18, 10, 12, 24, 44, 15]
        );
        assert_eq!(layer.features[0].id, Some(7));
        assert_eq!(layer.features[1].geometry, [9, 50, 34]);
        // The shared value is stored once.
        assert_eq!(layer.keys, ["nom"]);
        assert_eq!(layer.values.len(), 1);
        assert_eq!(layer.features[1].tags, [0, 0]);
        let bytes = encode(vec![layer]);
        let decoded = Tile::decode(bytes.as_slice()).unwrap();
        assert_eq!(decoded.layers[0].name, "essai");
        assert_eq!(decoded.layers[0].extent, Some(4096));
    }

    #[test]
    fn empty_layer_is_left_out() {
        assert!(LayerBuilder::new("vide").finish().is_none());
    }
}
