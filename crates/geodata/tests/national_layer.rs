//! The national QPV layer: complete, valid, and reproducible from the raw artifact.

mod common;

use std::io::Read;
use std::path::Path;

use geo::Validation;
use geodata::national::{build_qpv_layer, QPV_FILE};

#[test]
fn all_1584_qpv_are_loaded_and_valid() {
    let qpv = &common::catalog().national.qpv;
    assert_eq!(qpv.len(), 1584);
    for f in qpv.features() {
        assert!(f.geometry.is_valid(), "{} is not valid", f.props.code);
    }
    let gaillard = qpv
        .features()
        .iter()
        .find(|f| f.props.code == "QN07402M")
        .unwrap();
    assert!(
        gaillard.props.placement.reason.contains("réparé"),
        "{}",
        gaillard.props.placement.reason
    );
}

#[test]
fn rebuilding_from_the_raw_artifact_gives_the_committed_file() {
    let raw = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/sources/raw/gazetteer/qpv.json.gz"
    ));
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(raw).expect("data/sources/raw/gazetteer/qpv.json.gz"),
    )
    .read_to_string(&mut text)
    .unwrap();
    let (features, notes) = build_qpv_layer(raw, &text).unwrap();
    assert_eq!(features.len(), 1584);
    assert_eq!(notes.len(), 586, "586 outlines are invalid as published");
    assert!(
        notes.iter().all(|n| n.area_change.abs() < 0.01),
        "a repair changed an area by 1 % or more"
    );
    let built = geodata::write::to_feature_collection(&features).unwrap() + "\n";
    let mut committed = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(common::data_dir().join("france").join(QPV_FILE)).unwrap(),
    )
    .read_to_string(&mut committed)
    .unwrap();
    assert!(
        built == committed,
        "data/france/{QPV_FILE} differs from a rebuild: run `quartiers build-national`"
    );
}

#[test]
fn the_committed_layer_matches_its_checksum_so_it_loads_trusted() {
    let dir = common::data_dir().join("france");
    let bytes = std::fs::read(dir.join(QPV_FILE)).unwrap();
    let line = std::fs::read_to_string(dir.join(geodata::national::QPV_CHECKSUM_FILE))
        .expect("data/france/qpv2024.geojson.gz.sha256: run `quartiers build-national`");
    assert_eq!(
        line,
        geodata::national::checksum_line(&bytes, QPV_FILE),
        "data/france/{QPV_FILE} no longer matches its checksum: run `quartiers build-national`"
    );
    let (_, report) = geodata::national::National::load(&dir);
    assert!(report.issues.is_empty(), "{report}");
}
