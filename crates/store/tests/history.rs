//! The history read from a real GeoPackage store: the bundled versions as the start, a
//! published change of status and a removal, a rollback that brings the feature back, and
//! the catalog of removed features that the feeds' place rules run on.

mod common;

use serde_json::{json, Value};
use store::history::{ChangeKind, History};
use store::removed::removed_catalog;
use store::{Credential, LayerId, StagedImport, Store};

const SLUG: &str = "annemasse-agglo";
const OP: &str = "npnru-demolition-chateau-rouge";
const GONE: &str = "npnru-perrier-protocole-prefiguration";

fn publish(store: &dyn Store, edit: impl FnOnce(&mut store::LayerData), comment: &str) -> u64 {
    let (current, mut data) = store.current(SLUG, LayerId::Operations).unwrap().unwrap();
    edit(&mut data);
    let id = store
        .stage(StagedImport {
            id: 0,
            territory: SLUG.into(),
            layer: LayerId::Operations,
            author: "service SIG".into(),
            date: "2025-01-01T00:00:00Z".into(),
            source_name: "operations.geojson".into(),
            sha256: "0".repeat(64),
            base_version: Some(current.number),
            data,
            report: Default::default(),
        })
        .unwrap();
    store
        .publish(id, comment, Credential::LOCAL)
        .unwrap()
        .number
}

#[test]
fn history_follows_publications_and_rollbacks() {
    let (_dir, store) = common::seeded_store();
    let initial = History::build(&store).unwrap();
    // The bundled versions (national layer, four territories' nine layers) are the start.
    assert_eq!(initial.last_version(), 37);
    assert_eq!(initial.versions().count(), 37);
    assert!(initial.versions().all(|v| v.initial));
    let start = initial.of_feature(SLUG, LayerId::Operations, OP);
    assert_eq!(start.len(), 1);
    assert_eq!(start[0].1.nature, ChangeKind::Ajout);

    let seeded = store.current(SLUG, LayerId::Operations).unwrap().unwrap().0;
    let status = publish(
        &store,
        |d| {
            let f = d
                .features
                .iter_mut()
                .find(|f| f.text("id") == Some(OP))
                .unwrap();
            f.props.insert("statut".into(), json!("en travaux"));
            d.features.retain(|f| f.text("id") != Some(GONE));
        },
        "démolition commencée",
    );
    let history = initial.updated(&store).unwrap();
    assert_eq!(history.last_version(), status);
    let latest = history.versions().last().unwrap();
    assert!(!latest.initial);
    assert_eq!(latest.version.comment, "démolition commencée");
    assert_eq!(latest.version.author, "service SIG");
    let op = history.of_feature(SLUG, LayerId::Operations, OP);
    assert_eq!(op.len(), 2, "newest first, then the bundled addition");
    assert_eq!(op[0].1.nature, ChangeKind::Modification);
    let statut = op[0].1.champs.iter().find(|c| c.champ == "statut").unwrap();
    assert_eq!(
        (statut.avant.clone(), statut.apres.clone()),
        (json!("programmé"), Value::from("en travaux"))
    );
    let gone = history.of_feature(SLUG, LayerId::Operations, GONE);
    assert_eq!(gone[0].1.nature, ChangeKind::Suppression);

    // The removed operation is back beside the current ones, placed on its QPV by geodata.
    let (removed, report) = removed_catalog(&store, &history, &[]).unwrap();
    assert!(report.issues.is_empty(), "{report}");
    let ops = &removed.territory(SLUG).unwrap().operations;
    assert!(ops.features().iter().any(|f| f.props.id == GONE));
    assert_eq!(ops.len(), 28);

    // A rollback is a change too: the status goes back and the removed operation returns.
    let back = store
        .rollback(seeded.number, "service SIG", "erreur", Credential::LOCAL)
        .unwrap();
    let history = history.updated(&store).unwrap();
    let latest = history.versions().last().unwrap();
    assert_eq!(latest.version.number, back.number);
    assert_eq!(latest.version.rollback_of, Some(seeded.number));
    let kinds: Vec<(&str, ChangeKind)> = latest
        .changes
        .iter()
        .map(|c| (c.id.as_str(), c.nature))
        .collect();
    assert_eq!(
        kinds,
        [(GONE, ChangeKind::Ajout), (OP, ChangeKind::Modification)]
    );
    assert!(history.removed().is_empty());
    // Built again from scratch, the history is the same: it is the versions table.
    let rebuilt = History::build(&store).unwrap();
    let same = |h: &History| -> Vec<_> {
        h.versions()
            .map(|v| (v.version.clone(), v.changes.clone()))
            .collect()
    };
    assert_eq!(same(&rebuilt), same(&history));
}
