//! The Quartiers HTTP server: OGC API – Features (Parts 1 and 2, with Lambert-93), vector
//! tiles and their style, the impact query, health probes and the web map's files, over axum.
//!
//! Handlers only translate requests into calls of `geodata` and `tiles` and results into
//! responses. Every error is an RFC 9457 problem (`application/problem+json`).
//!
//! Layering: the server sits on geodata, tiles, geocoder, store and store-postgis and is only
//! used by the `quartiers` command line; no library crate may depend on it.
//!
//! Inside, modules point one way, each using only those above it in this list:
//! 1. leaves: [`error`], [`config`] (every section of the file, `[admin]` and `[geocoder]`
//!    included; `[budgets]` in [`budgets`]), [`params`], [`negotiate`], [`crs`],
//!    [`tile_cache`], [`heavy`] (the pool of costly requests), `respond`;
//! 2. the data's forms: [`ogc`] (collections, queries, CQL2, the media types in
//!    [`ogc::links`]), [`changes`] (the history served),
//!    [`snapshot`] (one published version), [`openapi`] (the whole document),
//!    [`subject`] (what a feed follows, resolved in a snapshot), [`html`] (every HTML page,
//!    the history section reading a snapshot);
//! 3. [`services`]: the store served (opening it, reading newer versions), the admin token,
//!    the geocoder and its upstream — no state, no axum routes;
//! 4. [`state`]: the published snapshot and the services every handler shares;
//! 5. `problems` (the typed errors above answered as HTTP problems, in one place), `guard`
//!    (request heads and bodies refused before any handler), `reload` (the state
//!    built from a store, kept current by a periodic check and PostGIS notifications),
//!    `middleware`, `run`;
//! 6. [`routes`]: the handlers only, one module per topic, merged by [`app`].
//!
//! Nothing below `routes` imports it (`grep -n "use crate::routes" src` finds only routes),
//! and no two modules use each other: the unit test in `layering` reads every `crate::` and
//! `super::` path and fails on a circle.

pub mod budgets;
mod caching;
pub mod changes;
mod compression;
pub mod config;
pub mod crs;
pub mod error;
mod guard;
pub mod heavy;
pub mod html;
#[cfg(test)]
mod layering;
mod middleware;
pub mod negotiate;
pub mod ogc;
pub mod openapi;
pub mod params;
mod problems;
mod reload;
mod respond;
pub mod routes;
mod run;
pub mod services;
pub mod snapshot;
pub mod state;
pub mod subject;
pub mod tile_cache;

pub use config::Config;
pub use error::{Problem, ServerError};
pub use run::{init_tracing, serve};
pub use snapshot::Snapshot;
pub use state::AppState;

use axum::routing::any;
use axum::Router;

/// The whole application: every route file merged here, the production layers around them.
pub fn app(state: AppState) -> Router {
    let public = Router::new()
        .merge(routes::health::router())
        .merge(routes::api::router())
        .merge(routes::ogc::router())
        .merge(routes::impacts::router())
        .merge(routes::changes::router())
        .merge(routes::feeds::router())
        .merge(routes::tiles::router())
        .merge(routes::fonts::router())
        .merge(routes::geocode::router())
        .fallback(any(routes::web::serve_static));
    // Uploads (admin imports, address lists, exports) have their own body limits and a
    // longer deadline; request ids, logs, CORS, compression, problem bodies and the guards
    // of slow or malformed requests apply to every route.
    let uploads = Router::new()
        .merge(routes::admin::router(&state))
        .merge(routes::geocode::batch_router())
        .merge(routes::export::router());
    let routes = middleware::with_public_limits(public, &state)
        .merge(middleware::with_upload_limits(uploads, &state));
    middleware::with_common_layers(routes, &state).with_state(state)
}
