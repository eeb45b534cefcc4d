//! "What concerns this place": every perimeter, operation, equipment, action, centrality and
//! corridor that concerns a point, a polygon, or a quartier, îlot or commune of the data, with
//! the relation, the distance in metres, the status, dates, source, geometry precision and a
//! one-line reason in French.
//!
//! The answer is tiered by scope ([`Scope`]): what is *here* (inside, in the same quartier,
//! near), then what concerns the commune, then the whole territory; within a scope, what is
//! under way first (see `order`). What a commune or a territory contributes is the same for
//! every place in it: it is built once per data version, beside the catalog ([`AnswerParts`]),
//! and shared. The JSON forms, compact and complete, are in [`view`]. A place outside every
//! loaded territory still gets its national QPV answer.
//!
//! The modules depend one way, bottom to top (none imports one above it):
//! - `group` (the answer's groups: key, title, order, where items live), `types` (the
//!   answer's types), `links` (its relative links), `order`;
//! - `probe` (how a place meets a layer), `perimeters` (verdicts), `features` (the cards of
//!   operations, equipment, centralities and corridors), `actions`, `standing`, `compact`
//!   (the compact JSON of an item);
//! - `shared` (a territory's prepared parts), `parts` (the catalog's, and [`Answerer`]);
//! - `answer` (a place's answer, assembled), then `view` (the answer as JSON) and `columns`
//!   (a located row's CSV columns).

mod actions;
mod answer;
pub mod columns;
mod compact;
mod features;
mod group;
pub(crate) mod links;
mod national;
mod order;
mod parts;
mod perimeters;
pub(crate) mod probe;
mod shared;
mod standing;
mod types;
pub mod view;

pub use crate::place::Place;
pub use answer::{Answerer, NATIONAL_RADIUS_M, NATIONAL_TOLERANCE_M};
pub use group::{Group, ItemRef};
pub use parts::AnswerParts;
pub use standing::QpvStanding;
pub use types::{
    ActionImpact, CommuneRef, Dating, Detail, Entry, GroupCount, Impact, ImpactReport, NamedPlace,
    PerimeterImpact, PlaceSummary, PreparedItem, Relation, Scope, ScopeSummary, TerritoryRef,
    Verdict,
};
pub use view::{AnswerView, Selection};
