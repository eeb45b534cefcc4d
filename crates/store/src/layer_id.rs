//! The layer contract, defined in geodata ([`geodata::contract`]): the store versions these
//! layers.

pub use geodata::contract::{LayerId, UnknownLayer, NATIONAL};

impl From<UnknownLayer> for crate::StoreError {
    fn from(e: UnknownLayer) -> Self {
        Self::UnknownLayer(e.0)
    }
}
