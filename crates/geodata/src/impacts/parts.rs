//! The prepared parts of a catalog's answers: what is the same for every place of a commune,
//! a perimeter or a territory, kept beside the catalog (a server's snapshot holds them with
//! it), never inside the model. [`super::Answerer`] reads a catalog with them.
//!
//! One slot per source of answers: the territories' parts now; a national layer of prepared
//! parts (per commune, per contrat de ville) is one more field here, built from
//! `catalog.national` the same way, without reshaping the territories'.

use std::sync::OnceLock;

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

use super::shared::TerritoryShares;
use crate::catalog::Catalog;
use crate::model::FuzzyDate;
use crate::territory::Territory;

/// The prepared answer parts of one catalog, their statuses judged stale or current on one
/// day (`today`: the day they were made, unless a test fixes it).
#[derive(Debug)]
pub struct AnswerParts {
    /// One per territory of the catalog, in its order.
    territories: Vec<TerritoryParts>,
    /// Each territory's box (its manifest's `bbox`) with its index: with 344 territories,
    /// visiting every one for each question was a twentieth of an answer.
    boxes: RTree<TerritoryBox>,
    today: FuzzyDate,
}

type TerritoryBox = GeomWithData<Rectangle<[f64; 2]>, usize>;

impl Default for AnswerParts {
    /// Parts of an empty catalog.
    fn default() -> Self {
        Self {
            territories: Vec::new(),
            boxes: RTree::new(),
            today: crate::clock::today(),
        }
    }
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
    /// command, which should not build what it will not read. Statuses are judged on today's
    /// date.
    pub fn new(catalog: &Catalog) -> AnswerParts {
        Self::new_on(catalog, crate::clock::today())
    }

    /// [`Self::new`], statuses judged on `today`: what tests call, for answers that do not
    /// change with the day they run.
    pub fn new_on(catalog: &Catalog, today: FuzzyDate) -> AnswerParts {
        let boxes = catalog
            .territories
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let b = t.manifest.bbox;
                GeomWithData::new(Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]), i)
            })
            .collect();
        AnswerParts {
            today,
            boxes: RTree::bulk_load(boxes),
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
        Self::prepared_on(catalog, crate::clock::today())
    }

    /// [`Self::prepared`], statuses judged on `today`.
    pub fn prepared_on(catalog: &Catalog, today: FuzzyDate) -> AnswerParts {
        let parts = Self::new_on(catalog, today);
        for (i, t) in catalog.territories.iter().enumerate() {
            parts.territory(i, t);
        }
        parts
    }

    /// The day their statuses are judged stale or current on.
    pub fn today(&self) -> FuzzyDate {
        self.today
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

    /// The indices, in the catalog's order, of the territories whose box meets `envelope`
    /// (edges included).
    pub(super) fn territories_meeting(&self, envelope: &AABB<[f64; 2]>) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .boxes
            .locate_in_envelope_intersecting(envelope)
            .map(|b| b.data)
            .collect();
        found.sort_unstable();
        found
    }

    /// The parts of territory `t`, the catalog's `index`-th.
    pub(super) fn territory(&self, index: usize, t: &Territory) -> &TerritoryShares {
        self.territories[index]
            .shares
            .get_or_init(|| TerritoryShares::build(t, self.today))
    }
}
