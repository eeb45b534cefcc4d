//! `/ready` with a store: a replica whose store cannot be read (database down) answers 503
//! problem+json while every other route keeps serving its last version.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::http::StatusCode;
use server::services::store::StoreHandle;
use server::{AppState, Config};
use store::{LayerData, LayerId, StagedImport, Store, StoreError, Version};

/// A store whose database can be switched off.
#[derive(Default)]
struct Switchable {
    down: AtomicBool,
}

impl Switchable {
    fn answer<T>(&self, value: T) -> store::Result<T> {
        if self.down.load(Ordering::SeqCst) {
            return Err(StoreError::Database {
                location: "postgresql://quartiers@127.0.0.1/sig".into(),
                message: "base de données injoignable".into(),
            });
        }
        Ok(value)
    }
}

impl Store for Switchable {
    fn territories(&self) -> store::Result<Vec<String>> {
        self.answer(vec![])
    }
    fn manifest(&self, territory: &str) -> store::Result<String> {
        Err(StoreError::UnknownTerritory(
            territory.into(),
            String::new(),
        ))
    }
    fn versions(&self) -> store::Result<Vec<Version>> {
        self.answer(vec![])
    }
    fn current(&self, _: &str, _: LayerId) -> store::Result<Option<(Version, LayerData)>> {
        self.answer(None)
    }
    fn data_of(&self, version: &Version) -> store::Result<LayerData> {
        Err(StoreError::UnknownVersion(version.number))
    }
    fn data_version(&self) -> store::Result<u64> {
        self.answer(7)
    }
    fn stage(&self, _: StagedImport) -> store::Result<u64> {
        Err(StoreError::UnknownImport(0))
    }
    fn staged(&self, id: u64) -> store::Result<StagedImport> {
        Err(StoreError::UnknownImport(id))
    }
    fn publish(&self, id: u64, _: &str, _: store::Credential<'_>) -> store::Result<Version> {
        Err(StoreError::UnknownImport(id))
    }
    fn rollback(
        &self,
        number: u64,
        _: &str,
        _: &str,
        _: store::Credential<'_>,
    ) -> store::Result<Version> {
        Err(StoreError::UnknownVersion(number))
    }
}

fn state(store: Arc<Switchable>) -> AppState {
    let config = Config {
        web: "/nonexistent-web-dir".into(),
        ..Default::default()
    };
    let handle = Arc::new(StoreHandle::new(store, 7, Default::default()));
    AppState::with_store(common::CATALOG.clone(), config, handle)
}

#[tokio::test]
async fn ready_follows_the_store_and_serving_does_not() {
    let store = Arc::new(Switchable::default());
    let state = state(store.clone());
    let item = "/collections/perimetres/items/annemasse-agglo:QN07401M";

    let up = common::get(&state, "/ready").await;
    assert_eq!(up.status, StatusCode::OK);
    assert_eq!(up.json()["version_magasin"], 7);

    store.down.store(true, Ordering::SeqCst);
    let down = common::get(&state, "/ready").await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(down.header("content-type"), "application/problem+json");
    let body = down.text();
    assert!(body.contains("magasin injoignable"), "{body}");
    assert!(body.contains("base de données injoignable"), "{body}");
    assert_eq!(common::get(&state, item).await.status, StatusCode::OK);

    store.down.store(false, Ordering::SeqCst);
    assert_eq!(common::get(&state, "/ready").await.status, StatusCode::OK);
}

#[tokio::test]
async fn without_a_store_ready_names_no_store_version() {
    let answer = common::get(&common::state(), "/ready").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.json()["version_magasin"].is_null());
}
