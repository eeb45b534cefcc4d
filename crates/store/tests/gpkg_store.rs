//! The GeoPackage store: seeding from data/, exact round trip, publish, rollback, staleness.

mod common;

use geodata::catalog::Catalog;
use store::layer_id::NATIONAL;
use store::{Credential, LayerId, StagedImport, Store, StoreError};

const SLUG: &str = "annemasse-agglo";
/// The bundled territories, in the store's order.
const SLUGS: [&str; 4] = [
    "ales-agglomeration",
    "angers-loire-metropole",
    "annemasse-agglo",
    "maubeuge-val-de-sambre",
];

#[test]
fn seeded_store_serves_the_same_catalog_as_the_data_directory() {
    let (_dir, store) = common::seeded_store();
    assert_eq!(store.territories().unwrap(), SLUGS);
    let versions = store.versions().unwrap();
    // The national layer, then every layer of every territory (each has a file for each of
    // its nine layers, empty or not), one version each.
    let layers_of = |slug: &str| {
        let mut layers: Vec<&str> = versions
            .iter()
            .filter(|v| v.territory == slug)
            .map(|v| v.layer.as_str())
            .collect();
        layers.sort_unstable();
        layers
    };
    assert_eq!(layers_of(NATIONAL), ["qpv"]);
    let mut all_layers: Vec<&str> = LayerId::TERRITORY.iter().map(|l| l.as_str()).collect();
    all_layers.sort_unstable();
    for slug in SLUGS {
        assert_eq!(layers_of(slug), all_layers, "{slug}");
    }
    assert_eq!(versions.len(), 37, "{versions:#?}");
    assert!(versions.iter().all(|v| v.sha256.len() == 64));
    assert_eq!(store.data_version().unwrap(), 37);

    let (from_store, _) = store::materialize::load_catalog(&store, &[]).unwrap();
    let (from_files, _) = Catalog::load(&common::data_dir(), &[]).unwrap();
    // Exact floats: the stored geometries are the files' geometries, bit for bit.
    assert_eq!(
        from_store.national.qpv.features(),
        from_files.national.qpv.features()
    );
    assert_eq!(from_store.territories.len(), from_files.territories.len());
    for (a, b) in from_store.territories.iter().zip(&from_files.territories) {
        assert_eq!(a.manifest, b.manifest);
        assert_eq!(a.perimeters.features(), b.perimeters.features());
        assert_eq!(a.operations.features(), b.operations.features());
        assert_eq!(a.equipment.features(), b.equipment.features());
        assert_eq!(a.ilots.features(), b.ilots.features());
        assert_eq!(a.communes.features(), b.communes.features());
        assert_eq!(a.boundary.features(), b.boundary.features());
        assert_eq!(a.centralities.features(), b.centralities.features());
        assert_eq!(a.corridors.features(), b.corridors.features());
        assert_eq!(a.actions, b.actions);
    }
}

fn staged_rename(store: &dyn Store, name: &str) -> StagedImport {
    let (current, mut data) = store.current(SLUG, LayerId::Perimetres).unwrap().unwrap();
    data.features[0]
        .props
        .insert("nom".into(), serde_json::Value::String(name.into()));
    StagedImport {
        id: 0,
        territory: SLUG.into(),
        layer: LayerId::Perimetres,
        author: "test".into(),
        date: "2025-01-01T00:00:00Z".into(),
        source_name: "perimetres.shp".into(),
        sha256: "0".repeat(64),
        base_version: Some(current.number),
        data,
        report: Default::default(),
    }
}

fn first_name(store: &dyn Store) -> String {
    let (_, data) = store.current(SLUG, LayerId::Perimetres).unwrap().unwrap();
    data.features[0].text("nom").unwrap().to_string()
}

#[test]
fn publish_then_rollback() {
    let (_dir, store) = common::seeded_store();
    let original = first_name(&store);
    let seeded = store.data_version().unwrap();
    let before = store.current(SLUG, LayerId::Perimetres).unwrap().unwrap().0;
    let id = store.stage(staged_rename(&store, "Nouveau nom")).unwrap();
    // Staging publishes nothing.
    assert_eq!(first_name(&store), original);
    assert_eq!(
        store.staged(id).unwrap().data.features[0].text("nom"),
        Some("Nouveau nom")
    );

    let published = store
        .publish(id, "nouveau contour", Credential::LOCAL)
        .unwrap();
    assert_eq!(published.number, seeded + 1);
    assert_eq!(published.comment, "nouveau contour");
    assert_eq!(store.data_version().unwrap(), seeded + 1);
    assert_eq!(first_name(&store), "Nouveau nom");
    // An import is published once.
    assert!(matches!(
        store.publish(id, "", Credential::LOCAL),
        Err(StoreError::UnknownImport(_))
    ));

    let back = store
        .rollback(before.number, "test", "erreur de tracé", Credential::LOCAL)
        .unwrap();
    assert_eq!(back.number, seeded + 2);
    assert_eq!(back.rollback_of, Some(before.number));
    assert_eq!(back.table, before.table);
    assert_eq!(first_name(&store), original);
    assert!(matches!(
        store.rollback(before.number, "test", "", Credential::LOCAL),
        Err(StoreError::AlreadyCurrent { .. })
    ));
    assert!(matches!(
        store.rollback(999, "test", "", Credential::LOCAL),
        Err(StoreError::UnknownVersion(999))
    ));
    // The rolled-back version stays in the history and can come back.
    store
        .rollback(published.number, "test", "", Credential::LOCAL)
        .unwrap();
    assert_eq!(first_name(&store), "Nouveau nom");
}

#[test]
fn a_scoped_credential_changes_its_territories_only_and_is_recorded() {
    let (dir, store) = common::seeded_store();
    let seeded = store.data_version().unwrap();
    let before = store.current(SLUG, LayerId::Perimetres).unwrap().unwrap().0;
    let id = store.stage(staged_rename(&store, "Nouveau nom")).unwrap();
    let elsewhere = ["ales-agglomeration".to_string()];
    let other = Credential {
        name: Some("sig-ales"),
        territories: Some(&elsewhere),
    };
    let err = store.publish(id, "", other).unwrap_err();
    assert!(
        matches!(&err, StoreError::Forbidden { territory, .. } if territory == SLUG),
        "{err}"
    );
    assert_eq!(store.data_version().unwrap(), seeded);
    // The import is still staged, for a credential that may publish it.
    let mine = [SLUG.to_string()];
    let sig = Credential {
        name: Some("sig-annemasse"),
        territories: Some(&mine),
    };
    let published = store.publish(id, "", sig).unwrap();
    assert_eq!(published.credential.as_deref(), Some("sig-annemasse"));
    assert!(matches!(
        store.rollback(before.number, "sig", "", other),
        Err(StoreError::Forbidden { .. })
    ));
    assert_eq!(store.data_version().unwrap(), seeded + 1);
    let back = store.rollback(before.number, "sig", "", sig).unwrap();
    // Recorded: read back by another process, and shown in the listing.
    let reopened = store::gpkg::GpkgStore::open(&dir.path().join("store.gpkg")).unwrap();
    let versions = reopened.versions().unwrap();
    let last = &versions[versions.len() - 2..];
    assert_eq!(last[0].credential.as_deref(), Some("sig-annemasse"));
    assert_eq!(last[1].number, back.number);
    assert!(
        last[1].line().contains("[jeton sig-annemasse]"),
        "{}",
        last[1].line()
    );
    assert_eq!(versions[0].credential, None);
}

#[test]
fn a_store_made_before_credentials_gains_their_column_on_opening() {
    let (dir, store) = common::seeded_store();
    let path = dir.path().join("store.gpkg");
    let count = store.versions().unwrap().len();
    drop(store);
    {
        use gdal::vector::LayerAccess;
        let ds = gdal::Dataset::open_ex(
            &path,
            gdal::DatasetOptions {
                open_flags: gdal::GdalOpenFlags::GDAL_OF_VECTOR
                    | gdal::GdalOpenFlags::GDAL_OF_UPDATE,
                ..Default::default()
            },
        )
        .unwrap();
        ds.execute_sql(
            "ALTER TABLE quartiers_versions DROP COLUMN jeton",
            None,
            gdal::vector::sql::Dialect::DEFAULT,
        )
        .unwrap();
        let layer = ds.layer_by_name("quartiers_versions").unwrap();
        assert!(!layer.defn().fields().any(|f| f.name() == "jeton"));
    }
    let store = store::gpkg::GpkgStore::open(&path).unwrap();
    assert_eq!(store.versions().unwrap().len(), count);
    let id = store.stage(staged_rename(&store, "Après")).unwrap();
    let all = [SLUG.to_string()];
    let by = Credential {
        name: Some("admin"),
        territories: Some(&all),
    };
    let v = store.publish(id, "", by).unwrap();
    assert_eq!(
        store
            .versions()
            .unwrap()
            .last()
            .unwrap()
            .credential
            .as_deref(),
        Some("admin"),
        "{v:?}"
    );
}

#[test]
fn an_import_validated_against_an_older_version_is_refused() {
    let (_dir, store) = common::seeded_store();
    let first = store.stage(staged_rename(&store, "A")).unwrap();
    let second = store.stage(staged_rename(&store, "B")).unwrap();
    store.publish(first, "", Credential::LOCAL).unwrap();
    let err = store.publish(second, "", Credential::LOCAL).unwrap_err();
    assert!(matches!(err, StoreError::Stale { .. }), "{err}");
    assert!(err.to_string().contains("relancez l'import"), "{err}");
    assert_eq!(first_name(&store), "A");
}

#[test]
fn opening_something_else_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent.gpkg");
    let err = store::gpkg::GpkgStore::open(&missing)
        .unwrap_err()
        .to_string();
    assert!(err.contains("fichier absent"), "{err}");
    let empty = dir.path().join("vide.gpkg");
    std::fs::write(&empty, b"").unwrap();
    assert!(store::gpkg::GpkgStore::open(&empty).is_err());
}
