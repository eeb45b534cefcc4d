//! Addresses that other crates can look up by area: the contract between the address index
//! (the geocoder's BAN index) and what needs addresses (the store's diff, which lists the
//! addresses entering or leaving a redrawn perimeter). Defined here, at the bottom, so that
//! neither needs the other.

use geo::Rect;
use serde::Serialize;

/// One address, as the diff reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Address {
    /// BAN identifier (`74012_0450_00012`).
    pub id: String,
    /// `12 Rue de la Paix 74100 Annemasse`.
    #[serde(rename = "libelle")]
    pub label: String,
    /// WGS84 longitude, degrees.
    pub lon: f64,
    /// WGS84 latitude, degrees.
    pub lat: f64,
}

/// Addresses the diff can look up by area: the BAN index, or a plain list in tests.
pub trait AddressSource: Send + Sync + std::fmt::Debug {
    /// Number of addresses held.
    fn count(&self) -> usize;
    /// Every address inside `rect` (WGS84 degrees, edges included).
    fn within(&self, rect: Rect<f64>) -> Vec<Address>;
}

impl AddressSource for [Address] {
    fn count(&self) -> usize {
        self.len()
    }

    fn within(&self, rect: Rect<f64>) -> Vec<Address> {
        self.iter()
            .filter(|a| in_rect(rect, a.lon, a.lat))
            .cloned()
            .collect()
    }
}

impl AddressSource for Vec<Address> {
    fn count(&self) -> usize {
        self.len()
    }

    fn within(&self, rect: Rect<f64>) -> Vec<Address> {
        self.as_slice().within(rect)
    }
}

/// Whether (lon, lat) lies in `rect`, edges included.
pub fn in_rect(rect: Rect<f64>, lon: f64, lat: f64) -> bool {
    let (min, max) = (rect.min(), rect.max());
    (min.x..=max.x).contains(&lon) && (min.y..=max.y).contains(&lat)
}
