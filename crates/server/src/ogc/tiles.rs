//! OGC API – Tiles metadata over the existing vector tiles: the WebMercatorQuad tile matrix
//! set (OGC Two Dimensional Tile Matrix Set 2.0), the tileset lists and the tileset documents
//! of the dataset (every layer, at `/tiles/{z}/{x}/{y}.mvt`) and of each collection (its layer
//! alone). Pure: the handlers in `routes::ogc` add the base URL and the HTTP side.

use geo::Rect;
use serde_json::{json, Value};

use crate::ogc::links::{Link, JSON, MVT};

pub const TMS_ID: &str = "WebMercatorQuad";
pub const TMS_URI: &str = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
pub const WEB_MERCATOR: &str = "http://www.opengis.net/def/crs/EPSG/0/3857";
pub const REL_TILESETS_VECTOR: &str = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
pub const REL_TILING_SCHEMES: &str = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes";
const REL_TILING_SCHEME: &str = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
/// Half the side of the Web Mercator square, in metres.
const ORIGIN: f64 = 20_037_508.342_789_244;
/// Metres per pixel at zoom 0 (256-pixel tiles).
const CELL_SIZE_0: f64 = 2.0 * ORIGIN / 256.0;

/// `/tileMatrixSets`.
pub fn tile_matrix_sets(base: &str) -> Value {
    json!({"tileMatrixSets": [{
        "id": TMS_ID,
        "title": "Google Maps Compatible for the World",
        "uri": TMS_URI,
        "crs": WEB_MERCATOR,
        "links": [Link::new(format!("{base}/tileMatrixSets/{TMS_ID}"), "self", JSON, "WebMercatorQuad")],
    }]})
}

/// `/tileMatrixSets/WebMercatorQuad`, zoom 0 to `max_zoom`.
pub fn web_mercator_quad(max_zoom: u8) -> Value {
    let matrices: Vec<Value> = (0..=max_zoom)
        .map(|z| {
            let cell = CELL_SIZE_0 / f64::from(1u32 << z);
            let n = 1u64 << z;
            json!({
                "id": z.to_string(),
                // OGC's standardised rendering pixel: 0.28 mm.
                "scaleDenominator": cell / 0.000_28,
                "cellSize": cell,
                "cornerOfOrigin": "topLeft",
                "pointOfOrigin": [-ORIGIN, ORIGIN],
                "tileWidth": 256,
                "tileHeight": 256,
                "matrixWidth": n,
                "matrixHeight": n,
            })
        })
        .collect();
    json!({
        "id": TMS_ID,
        "title": "Google Maps Compatible for the World",
        "uri": TMS_URI,
        "crs": WEB_MERCATOR,
        "orderedAxes": ["X", "Y"],
        "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
        "tileMatrices": matrices,
    })
}

/// The tiles holding `extent` at each zoom, as `tileMatrixSetLimits`.
pub fn limits(extent: Rect<f64>, max_zoom: u8) -> Vec<Value> {
    (0..=max_zoom)
        .map(|z| {
            let (x0, y0) = tile_of(extent.min().x, extent.max().y, z);
            let (x1, y1) = tile_of(extent.max().x, extent.min().y, z);
            json!({"tileMatrix": z.to_string(), "minTileRow": y0, "maxTileRow": y1, "minTileCol": x0, "maxTileCol": x1})
        })
        .collect()
}

/// The tile (column, row) holding a CRS84 point at zoom `z`.
fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let lat = lat.clamp(-85.051_128_78, 85.051_128_78).to_radians();
    let x = ((lon + 180.0) / 360.0 * n).floor();
    let y = ((1.0 - lat.tan().asinh() / std::f64::consts::PI) / 2.0 * n).floor();
    let clamp = |v: f64| v.clamp(0.0, n - 1.0) as u32;
    (clamp(x), clamp(y))
}

/// What a tileset document is about: the whole dataset or one collection.
pub struct Tileset<'a> {
    pub title: String,
    /// `{base}/tiles` or `{base}/collections/{id}/tiles`.
    pub path: String,
    /// Template of the tiles, with `{tileMatrix}`, `{tileRow}` and `{tileCol}`.
    pub template: String,
    pub layers: Vec<(&'a str, &'a str)>,
    pub extent: Option<Rect<f64>>,
    pub max_zoom: u8,
}

impl Tileset<'_> {
    /// Its own link and its tile matrix set's.
    fn links(&self, base: &str) -> Vec<Value> {
        [
            Link::new(
                format!("{}/{TMS_ID}", self.path),
                "self",
                JSON,
                self.title.clone(),
            ),
            Link::new(
                format!("{base}/tileMatrixSets/{TMS_ID}"),
                REL_TILING_SCHEME,
                JSON,
                "WebMercatorQuad",
            ),
        ]
        .iter()
        .map(|l| json!(l))
        .collect()
    }

    /// The entry of a tileset list (`/tiles`, `/collections/{id}/tiles`).
    pub fn list(&self, base: &str) -> Value {
        json!({"tilesets": [{
            "title": self.title,
            "dataType": "vector",
            "crs": WEB_MERCATOR,
            "tileMatrixSetURI": TMS_URI,
            "links": self.links(base),
        }]})
    }

    /// The tileset document (`…/tiles/WebMercatorQuad`).
    pub fn document(&self, base: &str) -> Value {
        let layers: Vec<Value> = self
            .layers
            .iter()
            .map(|(id, description)| {
                json!({"id": id, "dataType": "vector", "description": description,
                       "minTileMatrix": "0", "maxTileMatrix": self.max_zoom.to_string()})
            })
            .collect();
        let mut links = self.links(base);
        links.push(
            json!({"href": self.template, "rel": "item", "type": MVT, "templated": true,
                          "title": "Tuiles vectorielles (Mapbox Vector Tile)"}),
        );
        let mut doc = json!({
            "title": self.title,
            "dataType": "vector",
            "crs": WEB_MERCATOR,
            "tileMatrixSetURI": TMS_URI,
            "links": links,
            "layers": layers,
        });
        if let Some(e) = self.extent {
            doc["boundingBox"] = json!({
                "lowerLeft": [e.min().x, e.min().y],
                "upperRight": [e.max().x, e.max().y],
                "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
            });
            doc["tileMatrixSetLimits"] = Value::Array(limits(e, self.max_zoom));
        }
        doc
    }
}

/// A cached tile that does not decode (a fault of the server): the decoder's reason.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct UnreadableTile(String);

/// The tile `raw` with only the layer `id` (empty when the tile has none).
pub fn layer_of(raw: &[u8], id: &str) -> Result<Vec<u8>, UnreadableTile> {
    use geozero::mvt::{Message, Tile};
    let mut tile = Tile::decode(raw).map_err(|e| UnreadableTile(e.to_string()))?;
    tile.layers.retain(|l| l.name == id);
    Ok(if tile.layers.is_empty() {
        Vec::new()
    } else {
        tile.encode_to_vec()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_levels_halve_the_cell() {
        let tms = web_mercator_quad(18);
        let m = tms["tileMatrices"].as_array().expect("matrices");
        assert_eq!(m.len(), 19);
        assert!((m[0]["scaleDenominator"].as_f64().unwrap() - 559_082_264.028_717_2).abs() < 1e-3);
        assert_eq!(m[14]["matrixWidth"], 16_384);
    }

    #[test]
    fn limits_hold_annemasse() {
        // The z14 tile of Le Perrier (6.2438, 46.1856) is 8476/5816 (x/y).
        let e = Rect::new(
            geo::Coord {
                x: 6.2438,
                y: 46.1856,
            },
            geo::Coord {
                x: 6.2438,
                y: 46.1856,
            },
        );
        let l = &limits(e, 14)[14];
        assert_eq!(
            (l["minTileCol"].as_u64(), l["minTileRow"].as_u64()),
            (Some(8476), Some(5816))
        );
        assert_eq!(l["minTileCol"], l["maxTileCol"]);
    }
}
