//! The prepared parts of a catalog's answers: what is the same for every place of a commune,
//! a perimeter or a territory, kept beside the catalog (a server's snapshot holds them with
//! it), never inside the model. [`super::Answerer`] reads a catalog with them.
//!
//! One slot per source of answers: the territories' parts now; a national layer of prepared
//! parts (per commune, per contrat de ville) is one more field here, built from
//! `catalog.national` the same way, without reshaping the territories'.

use std::sync::OnceLock;

use super::shared::TerritoryShares;
use crate::catalog::Catalog;
use crate::territory::Territory;

/// The prepared answer parts of one catalog.
#[derive(Debug, Default)]
pub struct AnswerParts {
    /// One per territory of the catalog, in its order.
    territories: Vec<TerritoryParts>,
}

/// A territory's parts, built the first time a place in it is asked about unless prepared.
#[derive(Debug)]
struct TerritoryParts {
    /// Which territory they were made for: parts are only read with their own catalog.
    slug: String,
    shares: OnceLock<TerritoryShares>,
}

impl AnswerParts {
    /// The parts of `catalog`, each territory's built on its first question: for a one-shot
    /// command, which should not build what it will not read.
    pub fn new(catalog: &Catalog) -> AnswerParts {
        AnswerParts {
            territories: catalog
                .territories
                .iter()
                .map(|t| TerritoryParts {
                    slug: t.slug().to_string(),
                    shares: OnceLock::new(),
                })
                .collect(),
        }
    }

    /// The parts of `catalog`, every one built now: what a server does when it publishes a
    /// catalog, so that no request pays for them.
    pub fn prepared(catalog: &Catalog) -> AnswerParts {
        let parts = Self::new(catalog);
        for (i, t) in catalog.territories.iter().enumerate() {
            parts.territory(i, t);
        }
        parts
    }

    /// Whether these parts were made for `catalog` (the same territories, in order).
    pub fn fits(&self, catalog: &Catalog) -> bool {
        self.territories.len() == catalog.territories.len()
            && self
                .territories
                .iter()
                .zip(&catalog.territories)
                .all(|(p, t)| p.slug == t.slug())
    }

    /// The parts of territory `t`, the catalog's `index`-th.
    pub(super) fn territory(&self, index: usize, t: &Territory) -> &TerritoryShares {
        self.territories[index]
            .shares
            .get_or_init(|| TerritoryShares::build(t))
    }
}
