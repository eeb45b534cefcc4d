//! Validation rules, one function per rule. Each adds findings to a [`crate::report::Report`];
//! none stops at the first problem, so a GIS team sees everything wrong with a file at once.

pub mod dates;
pub mod geometry;
pub(crate) mod quick_validity;
pub mod references;
