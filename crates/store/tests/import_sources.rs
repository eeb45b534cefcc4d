//! The import workflow on real GDAL files made here: a Lambert-93 Shapefile with renamed and
//! truncated fields, a GeoPackage, and the broken inputs the SIG team sends.

mod common;

use std::path::{Path, PathBuf};

use gdal::spatial_ref::{AxisMappingStrategy, CoordTransform, SpatialRef};
use gdal::vector::{
    Feature, FieldDefn, LayerAccess, LayerOptions, OGRFieldType, OGRwkbGeometryType, ToGdal,
};
use gdal::DriverManager;
use serde_json::Value;
use store::addresses::Address;
use store::import::{FieldMapping, ImportOptions};
use store::workflow::{prepare, ImportRequest, Outcome};
use store::{Credential, LayerData, LayerId, Store, StoreError};

const SLUG: &str = "annemasse-agglo";

/// Writes `data` with `driver` in Lambert-93 (or without CRS), with the given field names for
/// the layer's properties (`(source name, property)`); lists are written as comma lists.
fn write_source(
    path: &Path,
    driver: &str,
    data: &LayerData,
    fields: &[(&str, &str)],
    with_crs: bool,
) {
    let driver = DriverManager::get_driver_by_name(driver).unwrap();
    let mut ds = driver.create_vector_only(path).unwrap();
    let mut l93 = SpatialRef::from_epsg(2154).unwrap();
    l93.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let mut wgs84 = SpatialRef::from_epsg(4326).unwrap();
    wgs84.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let to_l93 = CoordTransform::new(&wgs84, &l93).unwrap();
    let layer = ds
        .create_layer(LayerOptions {
            name: "perimetres_sig",
            srs: with_crs.then_some(&l93),
            ty: OGRwkbGeometryType::wkbMultiPolygon,
            options: None,
        })
        .unwrap();
    for (name, _) in fields {
        FieldDefn::new(name, OGRFieldType::OFTString)
            .unwrap()
            .add_to_layer(&layer)
            .unwrap();
    }
    for f in &data.features {
        let mut row = Feature::new(layer.defn()).unwrap();
        for (i, (_, prop)) in fields.iter().enumerate() {
            let text = match f.props.get(*prop) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                Some(Value::Number(n)) => n.to_string(),
                _ => continue,
            };
            row.set_field_string(i, &text).unwrap();
        }
        if let Some(g) = &f.geometry {
            let g = g.to_gdal().unwrap();
            row.set_geometry(g.transform(&to_l93).unwrap()).unwrap();
        }
        row.create(&layer).unwrap();
    }
    ds.close().unwrap();
}

const SIG_FIELDS: [(&str, &str); 7] = [
    ("code_qp", "code"),
    ("lib_qp", "nom"),
    ("type", "type"),
    ("insee_com", "insee_com"),
    ("millesime", "millesime"),
    ("precision_geometrie", "precision_geometrie"),
    ("motif_precision", "motif_precision"),
];

fn mapping() -> FieldMapping {
    let mut m = FieldMapping::default();
    m.add_field("code_qp=code").unwrap();
    m.add_field("lib_qp=nom").unwrap();
    m
}

fn run(store: &dyn Store, path: &Path, options: &ImportOptions, stage: bool) -> Outcome {
    try_run(store, path, options, stage).unwrap()
}

fn try_run(
    store: &dyn Store,
    path: &Path,
    options: &ImportOptions,
    stage: bool,
) -> Result<Outcome, StoreError> {
    prepare(
        store,
        &ImportRequest {
            territory: SLUG,
            layer: LayerId::Perimetres,
            path,
            source_name: None,
            options,
            author: "test",
            addresses: None,
        },
        stage,
        &mut |_, _| {},
    )
}

fn perimeters(store: &dyn Store) -> LayerData {
    store.current(SLUG, LayerId::Perimetres).unwrap().unwrap().1
}

/// Moves the first vertex of the first perimeter's outline 0.002° east (~150 m), keeping the
/// ring closed.
fn redraw_first(mut data: LayerData) -> LayerData {
    if let Some(geo::Geometry::MultiPolygon(mp)) = data.features[0].geometry.as_mut() {
        mp.0[0].exterior_mut(|r| {
            let n = r.0.len();
            r.0[0].x += 0.002;
            r.0[n - 1] = r.0[0];
        });
    }
    data
}

fn tmp_file(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

/// Writes `data` to `name` in `dir` as the SIG exports it (`driver`, its field names,
/// Lambert-93) and imports it with the mapping of those names.
fn import_sig(
    dir: &tempfile::TempDir,
    store: &dyn Store,
    name: &str,
    driver: &str,
    data: &LayerData,
    stage: bool,
) -> Outcome {
    let path = tmp_file(dir, name);
    write_source(&path, driver, data, &SIG_FIELDS, true);
    let options = ImportOptions {
        mapping: mapping(),
        ..Default::default()
    };
    run(store, &path, &options, stage)
}

#[test]
fn lambert93_shapefile_with_renamed_fields_imports_and_publishes() {
    let (dir, store) = common::seeded_store();
    let data = redraw_first(perimeters(&store));
    let outcome = import_sig(
        &dir,
        &store,
        "perimetres.shp",
        "ESRI Shapefile",
        &data,
        true,
    );
    assert_eq!(outcome.errors, 0, "{:#?}", outcome.report);
    assert_eq!(outcome.crs.as_deref(), Some("EPSG:2154"));
    assert_eq!(outcome.feature_count, 4);
    // Shapefile names are cut at 10 characters: recognised, with a note.
    assert!(outcome.report.issues.iter().any(|i| i
        .message
        .contains("« precision_ » lu comme « precision_geometrie »")));
    let diff = outcome.diff.as_ref().unwrap();
    let redrawn = diff
        .modified
        .iter()
        .find(|m| m.id == "QN07401M")
        .expect("the redrawn perimeter is modified");
    let g = redrawn.geometrie.as_ref().unwrap();
    assert!(g.surface_apres_m2.unwrap() != g.surface_avant_m2.unwrap());
    // The others only lose the fields the SIG file does not carry, not their outline.
    assert!(diff
        .modified
        .iter()
        .filter(|m| m.id != "QN07401M")
        .all(|m| m.geometrie.is_none()));
    let id = outcome.import.unwrap();
    let version = store
        .publish(id, "contour redessiné", Credential::LOCAL)
        .unwrap();
    assert_eq!(version.source_name, "perimetres.shp");
    assert_eq!(version.sha256, outcome.sha256);
    let (catalog, _) = store::materialize::load_catalog(&store, &[]).unwrap();
    let p = &catalog.territory(SLUG).unwrap().perimeters.features()[0];
    assert_eq!(p.props.code, "QN07401M");
    assert_eq!(p.props.communes, ["74012"]);
    assert_eq!(p.props.vintage, 2024);
}

#[test]
fn geopackage_layer_by_name_and_wrong_name() {
    let (dir, store) = common::seeded_store();
    let path = tmp_file(&dir, "sig.gpkg");
    write_source(&path, "GPKG", &perimeters(&store), &SIG_FIELDS, true);
    let ok = ImportOptions {
        source_layer: Some("perimetres_sig".into()),
        mapping: mapping(),
        ..Default::default()
    };
    let outcome = run(&store, &path, &ok, false);
    assert_eq!(outcome.errors, 0, "{:#?}", outcome.report);
    assert!(outcome
        .diff
        .unwrap()
        .modified
        .iter()
        .all(|m| m.geometrie.is_none()));
    let wrong = ImportOptions {
        source_layer: Some("perimetre".into()),
        ..ok
    };
    let err = try_run(&store, &path, &wrong, true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("couche « perimetre » absente"), "{err}");
    assert!(err.contains("perimetres_sig"), "{err}");
}

#[test]
fn broken_inputs_are_refused_and_change_nothing() {
    let (dir, store) = common::seeded_store();
    let before = store.data_version().unwrap();
    let options = ImportOptions {
        mapping: mapping(),
        ..Default::default()
    };

    // A 0-byte file.
    let empty = tmp_file(&dir, "vide.gpkg");
    std::fs::write(&empty, b"").unwrap();
    let err = try_run(&store, &empty, &options, true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("fichier vide"), "{err}");

    // A layer without features (a failed export): it would empty the published layer.
    let none = tmp_file(&dir, "aucune.gpkg");
    write_source(&none, "GPKG", &LayerData::default(), &SIG_FIELDS, true);
    let outcome = run(&store, &none, &options, true);
    assert!(outcome.import.is_none());
    assert!(
        outcome
            .report
            .errors()
            .any(|i| i.message.contains("aucune entité")),
        "{:#?}",
        outcome.report
    );

    // A truncated zip.
    let shp = tmp_file(&dir, "p.shp");
    write_source(
        &shp,
        "ESRI Shapefile",
        &perimeters(&store),
        &SIG_FIELDS,
        true,
    );
    let zip = tmp_file(&dir, "p.zip");
    // Debian's zip (tests/sig_workflow/apt.txt), as the SIG team's tools make them.
    let status = std::process::Command::new("zip")
        .arg("-q")
        .arg("-j")
        .arg(&zip)
        .args(["shp", "shx", "dbf", "prj"].map(|e| shp.with_extension(e)))
        .status()
        .expect("zip (Debian package zip) is installed");
    assert!(status.success());
    let full = run(&store, &zip, &options, false);
    assert_eq!(full.errors, 0, "{:#?}", full.report);
    let bytes = std::fs::read(&zip).unwrap();
    let cut = tmp_file(&dir, "tronque.zip");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let err = try_run(&store, &cut, &options, true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("zip"), "{err}");

    // A Shapefile without .prj: refused, with the advice.
    let no_prj = tmp_file(&dir, "sans_prj.shp");
    write_source(
        &no_prj,
        "ESRI Shapefile",
        &perimeters(&store),
        &SIG_FIELDS,
        false,
    );
    let err = try_run(&store, &no_prj, &options, true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("--s-srs"), "{err}");
    assert!(err.contains("EPSG:2154"), "{err}");
    // ...and accepted once the CRS is given.
    let with = ImportOptions {
        s_srs: Some("EPSG:2154".into()),
        ..options.clone()
    };
    assert_eq!(run(&store, &no_prj, &with, false).errors, 0);

    // A missing required field: every feature is named.
    let missing = tmp_file(&dir, "sans_precision.shp");
    write_source(
        &missing,
        "ESRI Shapefile",
        &perimeters(&store),
        &SIG_FIELDS[..5],
        true,
    );
    let outcome = run(&store, &missing, &options, true);
    // Four features, plus one line summing up the follow-on errors of the published layers.
    assert_eq!(outcome.errors, 5, "{:#?}", outcome.report);
    assert!(outcome.report.errors().all(|i| i.file == missing));
    assert!(outcome.import.is_none());
    let first = &outcome.report.errors().next().unwrap();
    assert_eq!(first.file, missing);
    assert_eq!(first.feature.as_deref(), Some("n°1 (id QN07401M)"));
    assert!(first.message.contains("precision_geometrie"), "{first}");

    // A self-intersecting outline whose repair would be a guess.
    let mut data = perimeters(&store);
    if let Some(geo::Geometry::MultiPolygon(mp)) = data.features[1].geometry.as_mut() {
        mp.0[0].exterior_mut(|r| {
            let n = r.0.len();
            r.0.swap(1, n / 2);
        });
    }
    let bowtie = tmp_file(&dir, "auto_intersection.shp");
    write_source(&bowtie, "ESRI Shapefile", &data, &SIG_FIELDS, true);
    let outcome = run(&store, &bowtie, &options, true);
    assert!(outcome.errors >= 1);
    assert!(outcome.import.is_none());
    assert!(
        outcome.report.errors().any(|i| {
            i.feature.as_deref() == Some("n°2 (id QN07402M)") && i.message.contains("corrigez")
        }),
        "{:#?}",
        outcome.report
    );

    // A duplicate code.
    let mut data = perimeters(&store);
    let first_code = data.features[0].props["code"].clone();
    data.features[1].props.insert("code".into(), first_code);
    let dup = tmp_file(&dir, "doublon.shp");
    write_source(&dup, "ESRI Shapefile", &data, &SIG_FIELDS, true);
    let outcome = run(&store, &dup, &options, true);
    assert!(
        outcome
            .report
            .errors()
            .any(|i| i.message.contains("en double")),
        "{:#?}",
        outcome.report
    );

    assert_eq!(store.data_version().unwrap(), before);
}

#[test]
fn removing_a_perimeter_shows_what_depends_on_it() {
    let (dir, store) = common::seeded_store();
    let mut data = perimeters(&store);
    data.features.retain(|f| f.text("code") != Some("QN07401M"));
    let outcome = import_sig(&dir, &store, "sans_perrier.gpkg", "GPKG", &data, true);
    // Îlots and operations placed on the removed QPV would lose their geometry: refused.
    assert!(outcome.errors > 0);
    assert!(
        outcome.report.errors().any(|i| i
            .file
            .to_string_lossy()
            .starts_with("magasin:annemasse-agglo/")
            && i.message.contains("QN07401M")),
        "{:#?}",
        outcome.report
    );
    let diff = outcome.diff.unwrap();
    assert_eq!(diff.removed.len(), 1);
    assert_eq!(diff.removed[0].id, "QN07401M");
}

fn square(x: f64, y: f64, d: f64) -> geo::Polygon<f64> {
    geo::Polygon::new(
        geo::LineString::from(vec![
            (x - d, y - d),
            (x + d, y - d),
            (x + d, y + d),
            (x - d, y + d),
            (x - d, y - d),
        ]),
        vec![],
    )
}

fn address(id: &str, label: &str, (lon, lat): (f64, f64)) -> Address {
    Address {
        id: id.into(),
        label: label.into(),
        lon,
        lat,
    }
}

#[test]
fn redrawing_a_perimeter_lists_the_addresses_entering_and_leaving_it() {
    use geo::{BoundingRect, Centroid, Contains};
    let (dir, store) = common::seeded_store();
    let mut data = perimeters(&store);
    let old = data.features[0].geometry.clone().unwrap();
    assert_eq!(data.features[0].text("code"), Some("QN07401M"));
    let centre = old.centroid().unwrap();
    let rect = old.bounding_rect().unwrap();
    let in_no_perimeter = |p: geo::Point<f64>| {
        data.features
            .iter()
            .all(|f| !f.geometry.as_ref().is_some_and(|g| g.contains(&p)))
    };
    // The QPV becomes a small square on its centre plus a satellite square east of it.
    let (x, y, d) = (centre.x(), centre.y(), 0.0005);
    let satellite = geo::Point::new(rect.max().x + 0.003, y);
    assert!(
        in_no_perimeter(satellite),
        "the satellite must lie outside every QPV"
    );
    // A point of the old outline outside the new square: it leaves.
    let leaving = (1..20)
        .flat_map(|i| (1..20).map(move |j| (i, j)))
        .map(|(i, j)| {
            geo::Point::new(
                rect.min().x + rect.width() * f64::from(i) / 20.0,
                rect.min().y + rect.height() * f64::from(j) / 20.0,
            )
        })
        .find(|p| old.contains(p) && !square(x, y, d).contains(p))
        .unwrap();
    data.features[0].geometry = Some(geo::Geometry::MultiPolygon(geo::MultiPolygon(vec![
        square(x, y, d),
        square(satellite.x(), satellite.y(), d),
    ])));
    let addresses = vec![
        address("stays", "1 Rue du Centre 74100 Annemasse", (x, y)),
        address("leaves", "2 Rue du Bord 74100 Annemasse", leaving.x_y()),
        address("enters", "3 Rue de l'Est 74100 Annemasse", satellite.x_y()),
        address("far", "4 Rue Lointaine 74000 Annecy", (x + 0.5, y - 0.3)),
    ];
    let path = tmp_file(&dir, "redessine.gpkg");
    write_source(&path, "GPKG", &data, &SIG_FIELDS, true);
    let options = ImportOptions {
        mapping: mapping(),
        ..Default::default()
    };
    let outcome = prepare(
        &store,
        &ImportRequest {
            territory: SLUG,
            layer: LayerId::Perimetres,
            path: &path,
            source_name: None,
            options: &options,
            author: "test",
            addresses: Some(&addresses),
        },
        false,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(outcome.errors, 0, "{:#?}", outcome.report);
    let changes = outcome.diff.unwrap().addresses.unwrap();
    assert_eq!(changes.loaded, 4);
    // Only the addresses in the box of the old ∪ new outline are tested.
    assert_eq!(changes.examined, 3);
    assert_eq!(changes.perimeters.len(), 1, "{changes:#?}");
    let qpv = &changes.perimeters[0];
    assert!(qpv.perimeter.starts_with("QN07401M "), "{}", qpv.perimeter);
    let ids = |list: &[Address]| list.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&qpv.entrees), ["enters"]);
    assert_eq!(ids(&qpv.sorties), ["leaves"]);
    assert_eq!((qpv.nb_entrees, qpv.nb_sorties), (1, 1));
}

#[test]
fn without_addresses_the_diff_says_they_are_not_computed() {
    let (dir, store) = common::seeded_store();
    let data = redraw_first(perimeters(&store));
    let diff = import_sig(&dir, &store, "redessine.gpkg", "GPKG", &data, false)
        .diff
        .unwrap();
    assert!(diff.addresses.is_none());
    assert!(
        diff.notes.iter().any(|n| n.contains("import-addresses")),
        "{:?}",
        diff.notes
    );
}

#[test]
fn shrinking_a_perimeter_moves_features_out() {
    let (dir, store) = common::seeded_store();
    // Shrink the Perrier QPV to a tiny square inside itself: the îlots placed on it follow
    // it, but the equipment with their own geometry leave it.
    let mut data = perimeters(&store);
    let centre = {
        use geo::Centroid;
        data.features[0]
            .geometry
            .as_ref()
            .unwrap()
            .centroid()
            .unwrap()
    };
    let tiny = square(centre.x(), centre.y(), 0.0005);
    data.features[0].geometry = Some(geo::Geometry::MultiPolygon(geo::MultiPolygon(vec![tiny])));
    let outcome = import_sig(&dir, &store, "petit.gpkg", "GPKG", &data, false);
    assert_eq!(outcome.errors, 0, "{:#?}", outcome.report);
    let diff = outcome.diff.unwrap();
    assert!(
        diff.consequences
            .iter()
            .any(|c| c.sort_de.iter().any(|p| p.starts_with("QN07401M"))),
        "{:#?}",
        diff.consequences
    );
}
