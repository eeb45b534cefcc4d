//! Tiles of the bundled data (national QPV layer and Annemasse Agglo), decoded back and checked
//! against the source geometry.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use geo::{BoundingRect, Contains, Coord, Geometry, Intersects, MapCoords, Point, Rect};
use geodata::catalog::Catalog;
use geozero::mvt::{tile, Message, Tile};
use geozero::ToGeo;
use tiles::{TileError, TileSource};

/// Le Perrier (Annemasse), inside QPV QN07401M.
const PERRIER: (f64, f64) = (6.2438, 46.1856);
const PERRIER_Z14: (u8, u32, u32) = (14, 8476, 5816);

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data"));
        Catalog::load(&dir, &[]).expect("bundled data").0
    })
}

fn source() -> &'static TileSource {
    static SOURCE: OnceLock<TileSource> = OnceLock::new();
    SOURCE.get_or_init(|| TileSource::new(catalog()))
}

fn decode(z: u8, x: u32, y: u32) -> BTreeMap<String, tile::Layer> {
    let bytes = source().tile(z, x, y).unwrap().expect("a tile with data");
    let tile = Tile::decode(bytes.as_slice()).expect("valid protobuf");
    tile.layers
        .into_iter()
        .map(|l| (l.name.clone(), l))
        .collect()
}

fn prop<'a>(layer: &'a tile::Layer, f: &tile::Feature, key: &str) -> Option<&'a tile::Value> {
    f.tags
        .chunks(2)
        .find(|kv| layer.keys[kv[0] as usize] == key)
        .map(|kv| &layer.values[kv[1] as usize])
}

fn str_prop<'a>(layer: &'a tile::Layer, f: &tile::Feature, key: &str) -> Option<&'a str> {
    prop(layer, f, key).and_then(|v| v.string_value.as_deref())
}

/// Tile coordinates back to degrees.
fn to_lonlat((z, x, y): (u8, u32, u32), c: Coord<f64>) -> Coord<f64> {
    let n = f64::from(1u32 << z) * 4096.0;
    let wx = (f64::from(x) * 4096.0 + c.x) / n;
    let wy = (f64::from(y) * 4096.0 + c.y) / n;
    Coord {
        x: wx * 360.0 - 180.0,
        y: (std::f64::consts::PI * (1.0 - 2.0 * wy))
            .sinh()
            .atan()
            .to_degrees(),
    }
}

/// Buffered bounds of a tile in degrees.
fn lonlat_box(t: (u8, u32, u32)) -> Rect<f64> {
    Rect::new(
        to_lonlat(t, Coord { x: -64.0, y: -64.0 }),
        to_lonlat(
            t,
            Coord {
                x: 4160.0,
                y: 4160.0,
            },
        ),
    )
}

#[test]
fn le_perrier_z14_has_its_qpv_where_the_source_puts_it() {
    let layers = decode(PERRIER_Z14.0, PERRIER_Z14.1, PERRIER_Z14.2);
    for id in [
        "qpv",
        "perimetres",
        "operations",
        "equipements",
        "communes",
        "territoires",
    ] {
        assert!(
            layers.contains_key(id),
            "layer {id} missing: {:?}",
            layers.keys()
        );
    }
    assert!(!layers.contains_key("actions"));
    let qpv = &layers["qpv"];
    assert_eq!(qpv.version, 2);
    assert_eq!(qpv.extent, Some(4096));
    let perrier = qpv
        .features
        .iter()
        .find(|f| str_prop(qpv, f, "code") == Some("QN07401M"))
        .expect("QN07401M in the qpv layer");
    assert_eq!(str_prop(qpv, perrier, "precision_geometrie"), Some("exact"));
    let geometry = perrier
        .to_geo()
        .unwrap()
        .map_coords(|c| to_lonlat(PERRIER_Z14, c));
    assert!(geometry.contains(&Point::new(PERRIER.0, PERRIER.1)));

    // Same outline as the source clipped to the buffered tile, to the tile's resolution
    // (~0.4 m at z14) plus the 2-unit simplification: compare the boxes.
    let source = catalog()
        .national
        .qpv
        .features()
        .iter()
        .find(|f| f.props.code == "QN07401M")
        .unwrap();
    let (a, s, tile) = (
        geometry.bounding_rect().unwrap(),
        source.geometry.bounding_rect().unwrap(),
        lonlat_box(PERRIER_Z14),
    );
    let b = Rect::new(
        Coord {
            x: s.min().x.max(tile.min().x),
            y: s.min().y.max(tile.min().y),
        },
        Coord {
            x: s.max().x.min(tile.max().x),
            y: s.max().y.min(tile.max().y),
        },
    );
    assert!(
        s.min().x < tile.min().x,
        "the QPV runs past the tile's west edge"
    );
    for (got, want) in [
        (a.min().x, b.min().x),
        (a.min().y, b.min().y),
        (a.max().x, b.max().x),
        (a.max().y, b.max().y),
    ] {
        assert!((got - want).abs() < 2e-5, "{a:?} vs {b:?}");
    }
}

#[test]
fn feature_counts_match_the_source_layers_meeting_the_tile() {
    let t = PERRIER_Z14;
    let layers = decode(t.0, t.1, t.2);
    let area = lonlat_box(t).to_polygon();
    let territory = catalog().territory("annemasse-agglo").unwrap();
    let meets = |g: &Geometry<f64>| g.intersects(&area);
    let expected = [
        (
            "operations",
            territory
                .operations
                .features()
                .iter()
                .filter(|f| meets(&f.geometry))
                .count(),
        ),
        (
            "equipements",
            territory
                .equipment
                .features()
                .iter()
                .filter(|f| meets(&f.geometry))
                .count(),
        ),
        (
            "perimetres",
            territory
                .perimeters
                .features()
                .iter()
                .filter(|f| meets(&f.geometry))
                .count(),
        ),
        (
            "qpv",
            catalog()
                .national
                .qpv
                .features()
                .iter()
                .filter(|f| meets(&f.geometry))
                .count(),
        ),
    ];
    for (id, want) in expected {
        assert!(want > 0, "{id}: the test tile should hold some");
        let got = layers.get(id).map_or(0, |l| l.features.len());
        assert_eq!(got, want, "{id}");
    }
    // Territory features carry their territory and the properties the map styles on.
    let ops = &layers["operations"];
    for f in &ops.features {
        assert_eq!(str_prop(ops, f, "territoire"), Some("annemasse-agglo"));
        assert!(str_prop(ops, f, "statut").is_some());
        assert!(str_prop(ops, f, "titre").is_some());
        assert!(str_prop(ops, f, "description").is_none());
    }
}

#[test]
fn rings_are_valid_mvt_in_every_layer() {
    for t in [
        PERRIER_Z14,
        (10, 529, 363),
        (12, 2119, 1454),
        (6, 33, 22),
        (16, 33904, 23266),
    ] {
        let bytes = source().tile(t.0, t.1, t.2).unwrap();
        let Some(bytes) = bytes else { continue };
        let tile = Tile::decode(bytes.as_slice()).unwrap();
        for layer in &tile.layers {
            for f in &layer.features {
                let g = f.to_geo().unwrap();
                let b = g.bounding_rect().unwrap();
                assert!(
                    b.min().x >= -64.0 && b.max().x <= 4160.0,
                    "{t:?} {}",
                    layer.name
                );
                assert!(
                    b.min().y >= -64.0 && b.max().y <= 4160.0,
                    "{t:?} {}",
                    layer.name
                );
                // geozero groups rings by their sign: a polygon whose exterior had the wrong
                // winding would fail to decode or lose its holes.
                if let Geometry::Polygon(p) = &g {
                    assert!(signed_area2(p.exterior()) > 0.0);
                    assert!(p.interiors().iter().all(|r| signed_area2(r) < 0.0));
                }
                if let Geometry::MultiPolygon(mp) = &g {
                    for p in mp {
                        assert!(signed_area2(p.exterior()) > 0.0);
                        assert!(p.interiors().iter().all(|r| signed_area2(r) < 0.0));
                    }
                }
            }
        }
    }
}

fn signed_area2(l: &geo::LineString<f64>) -> f64 {
    l.lines()
        .map(|s| s.start.x * s.end.y - s.end.x * s.start.y)
        .sum()
}

#[test]
fn at_low_zoom_small_qpvs_are_points_and_all_are_there() {
    // Zoom 5 tile over the Alps and the Rhône valley.
    let t = (5, 16, 11);
    let layers = decode(t.0, t.1, t.2);
    let qpv = &layers["qpv"];
    let points = qpv
        .features
        .iter()
        .filter(|f| f.r#type == Some(tile::GeomType::Point as i32))
        .count();
    assert!(points > 50, "{points} points of {}", qpv.features.len());
    // Every QPV whose box lies well inside the tile is there, as a point or a polygon.
    let inner = Rect::new(
        to_lonlat(
            t,
            Coord {
                x: 100.0,
                y: 4000.0,
            },
        ),
        to_lonlat(
            t,
            Coord {
                x: 4000.0,
                y: 100.0,
            },
        ),
    );
    let inside = catalog()
        .national
        .qpv
        .features()
        .iter()
        .filter(|f| inner.contains(&f.geometry.bounding_rect().unwrap()))
        .count();
    assert!(inside > 50);
    assert!(
        qpv.features.len() >= inside,
        "{} < {inside}",
        qpv.features.len()
    );
}

#[test]
fn empty_and_invalid_tiles() {
    // Middle of the South Pacific.
    assert_eq!(source().tile(8, 10, 150), Ok(None));
    assert_eq!(source().tile(19, 0, 0), Err(TileError::Zoom { z: 19 }));
    assert!(matches!(
        source().tile(3, 8, 0),
        Err(TileError::OutOfGrid { .. })
    ));
    assert!(source().tile(0, 0, 0).unwrap().is_some());
}

#[test]
fn tilejson_lists_the_contract_layers_and_their_fields() {
    let tj = source().tilejson("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.mvt");
    assert_eq!(tj["tilejson"], "3.0.0");
    assert_eq!(
        tj["tiles"][0],
        "http://127.0.0.1:8080/tiles/{z}/{x}/{y}.mvt"
    );
    assert_eq!(
        (tj["minzoom"].as_u64(), tj["maxzoom"].as_u64()),
        (Some(0), Some(18))
    );
    let ids: Vec<&str> = tj["vector_layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "centralites",
            "communes",
            "contrats",
            "corridors",
            "equipements",
            "ilots",
            "libelles",
            "operations",
            "perimetres",
            "qpv",
            "territoires"
        ]
    );
    let layer = |id: &str| {
        tj["vector_layers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == id)
            .unwrap()
            .clone()
    };
    // Each contract layer says what it holds in the contract's words, as /collections does.
    for id in ids
        .iter()
        .filter(|id| !["libelles", "contrats"].contains(id))
    {
        let contract: geodata::contract::LayerId = id.parse().unwrap();
        assert_eq!(layer(id)["description"], contract.description(), "{id}");
    }
    // The label points start where the style's first labels (the communes') do.
    let labels = layer("libelles");
    assert_eq!(labels["minzoom"], 10);
    assert_eq!(labels["fields"]["couche"], "String");
    let ops = layer("operations");
    assert_eq!(ops["fields"]["statut"], "String");
    assert_eq!(ops["fields"]["cout_eur"], "Number");
    let b: Vec<f64> = tj["bounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    // The national layer spans overseas France too.
    assert!(b[0] < -60.0 && b[2] > 55.0, "{b:?}");
    assert!(tj["attribution"].as_str().unwrap().contains("ANCT"));
}

#[test]
fn label_points_name_the_communes_and_quartiers_from_z10() {
    // Le Perrier's z14 tile holds Annemasse's label point (its commune) or the QPV's.
    let layers = decode(PERRIER_Z14.0, PERRIER_Z14.1, PERRIER_Z14.2);
    let labels = layers.get("libelles").expect("a libelles layer");
    let named: Vec<(&str, &str)> = labels
        .features
        .iter()
        .map(|f| {
            (
                str_prop(labels, f, "couche").unwrap(),
                str_prop(labels, f, "nom").unwrap(),
            )
        })
        .collect();
    assert!(
        named.contains(&("perimetres", "Le Perrier - Château Rouge - Livron")),
        "{named:?}"
    );
    for f in &labels.features {
        assert_eq!(f.r#type, Some(tile::GeomType::Point as i32));
    }
    // Below z10 the tiles carry no label points.
    let (x, y) = (PERRIER_Z14.1 >> 5, PERRIER_Z14.2 >> 5);
    let z9 = decode(9, x, y);
    assert!(!z9.contains_key("libelles"), "{:?}", z9.keys());
}
