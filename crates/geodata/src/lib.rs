//! Policy geography of French agglomerations ("politique de la ville"): the model, the loading
//! and validation of territory directories and national layers, the spatial index, and the
//! impact query that says which perimeters, operations, equipment and actions concern a place.
//!
//! No HTTP, no GDAL: this crate only reads its files.
//!
//! Layering: geodata is the bottom of the workspace. It owns the model, the layer contract
//! and every geometric rule (membership, distances, repair); it depends on no other crate of
//! the workspace, and must never depend on a store, a server, GDAL or an HTTP client.

pub mod addresses;
pub mod answer_form;
pub mod catalog;
pub mod clock;
pub mod contract;
pub mod cost;
pub mod france;
pub mod impacts;
pub mod layer;
pub mod local_frame;
pub mod manifest;
pub mod model;
pub mod national;
pub mod national_answer;
pub mod new_territory;
pub mod place;
pub mod read;
pub mod reference;
pub mod repair;
pub mod report;
pub mod territory;
pub mod text;
pub mod validate;
pub mod write;
