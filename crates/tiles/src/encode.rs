//! MVT encoding: geometry commands through geozero's writer, the layer's key and value
//! tables, and the protobuf through geozero's (prost) types.

use geo::Geometry;
use geozero::mvt::{tile, Message, Tile};
use geozero::ToMvt;

use crate::cut::TileGeometry;
use crate::tags::{TagTable, TileTags};
use crate::{TileError, EXTENT};

/// The features of one layer of one tile.
pub struct LayerBuilder<'a> {
    name: &'static str,
    table: &'a TagTable,
    tags: TileTags,
    features: Vec<tile::Feature>,
}

impl<'a> LayerBuilder<'a> {
    /// A layer whose features' tags are numbered in `table`.
    pub fn new(name: &'static str, table: &'a TagTable) -> LayerBuilder<'a> {
        LayerBuilder {
            name,
            table,
            tags: TileTags::default(),
            features: Vec::new(),
        }
    }

    /// Adds a feature with an encoded geometry (from [`geometry`]) and its tags (numbered in
    /// the table).
    pub fn add(&mut self, id: u64, shape: &tile::Feature, tags: &[u32]) {
        let mut feature = shape.clone();
        feature.id = Some(id);
        feature.tags = self.tags.renumber(self.table, tags);
        self.features.push(feature);
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The layer, or `None` when it has no feature.
    pub fn finish(self) -> Option<tile::Layer> {
        if self.features.is_empty() {
            return None;
        }
        let (keys, values) = self.tags.finish();
        Some(tile::Layer {
            version: 2,
            name: self.name.to_string(),
            features: self.features,
            keys,
            values,
            extent: Some(EXTENT),
        })
    }
}

/// The MVT geometry commands and type of a cut geometry, which must be in integer tile
/// coordinates with closed, oriented rings of at least three distinct points (as
/// [`crate::cut`] makes them).
pub fn geometry(g: &TileGeometry, layer: &'static str) -> Result<tile::Feature, TileError> {
    let g: Geometry<f64> = match g {
        TileGeometry::Polygons(mp) => mp.clone().into(),
        TileGeometry::Lines(ml) => ml.clone().into(),
        TileGeometry::Points(mp) => mp.clone().into(),
    };
    g.to_mvt_unscaled().map_err(|e| TileError::Encoding {
        layer,
        message: e.to_string(),
    })
}

/// The tile's protobuf bytes.
pub fn encode(layers: Vec<tile::Layer>) -> Vec<u8> {
    Tile { layers }.encode_to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::TagTableBuilder;
    use geo::{polygon, MultiPoint, MultiPolygon, Point};
    use geozero::mvt::TileValue;

    #[test]
    fn polygon_commands_follow_the_spec_example() {
        // MVT 2.1 spec, 4.3.5.3: polygon (3,6) (8,12) (20,34) → 9 6 12 18 10 12 24 44 15.
        let mut table = TagTableBuilder::default();
        let props = table.intern(&vec![("nom".to_string(), TileValue::Str("A".into()))]);
        let table = table.finish();
        let mut b = LayerBuilder::new("essai", &table);
        let p = polygon![(x: 3.0, y: 6.0), (x: 8.0, y: 12.0), (x: 20.0, y: 34.0), (x: 3.0, y: 6.0)];
        let polygon = geometry(&TileGeometry::Polygons(MultiPolygon(vec![p])), "essai").unwrap();
        b.add(7, &polygon, &props);
        let point = TileGeometry::Points(MultiPoint(vec![Point::new(25.0, 17.0)]));
        b.add(8, &geometry(&point, "essai").unwrap(), &props);
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
        assert!(LayerBuilder::new("vide", &TagTable::default())
            .finish()
            .is_none());
    }
}
