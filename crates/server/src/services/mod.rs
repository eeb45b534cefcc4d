//! What the handlers call that is not HTTP: the store served (opening it, reading a newer
//! version), the admin token, the geocoder and its upstream. Nothing here knows the state or
//! the routes; [`crate::state`] holds these services and [`crate::routes`] uses them.

pub mod geocode;
pub mod geocode_upstream;
pub mod store;
pub mod token;
