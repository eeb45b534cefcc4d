//! One module per topic, each exposing `router()`; `crate::app` merges them. `Req` is what
//! most handlers extract.

pub mod admin;
pub mod api;
pub mod changes;
pub mod export;
pub mod feeds;
pub mod fonts;
pub mod geocode;
pub mod health;
pub mod impacts;
pub mod ogc;
mod request;
pub mod tiles;
pub mod web;

pub use request::Req;
