//! Which changes a request follows: the items concerning its subject, or a territory's own
//! layers (resolving a subject against a snapshot is `crate::subject`'s job).

use std::collections::HashSet;

use super::{Entry, ItemKey};

/// A rule admitting changes.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Changes of these items.
    Items(HashSet<ItemKey>),
    /// A territory's own layers, and the national QPV concerning its area.
    Territory {
        slug: String,
        national: HashSet<ItemKey>,
    },
}

impl Scope {
    pub fn admits(&self, e: &Entry<'_>) -> bool {
        match self {
            Scope::Items(keys) => keys.contains(&e.key()),
            Scope::Territory { slug, national } => match e.territory() {
                Some(t) => t == slug,
                None => national.contains(&e.key()),
            },
        }
    }
}
