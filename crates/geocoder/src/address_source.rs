//! The BAN index as an address source for the store's diff (`geodata::addresses`).

use geo::Rect;
use geodata::addresses::{in_rect, Address, AddressSource};

use crate::Index;

/// The house numbers of the BAN index (lieux-dits without a number are not addresses of a
/// building and are left out). Labels are only built for the addresses inside `rect`.
impl AddressSource for Index {
    fn count(&self) -> usize {
        self.address_count()
    }

    fn within(&self, rect: Rect<f64>) -> Vec<Address> {
        let mut out = Vec::new();
        for doc in self.docs() {
            for n in self.numbers_of(doc) {
                if !in_rect(rect, n.lon, n.lat) {
                    continue;
                }
                let mut label = format!("{} {}", n.label(), doc.name);
                for part in [&doc.postcode, &doc.city] {
                    if !part.is_empty() {
                        label.push(' ');
                        label.push_str(part);
                    }
                }
                out.push(Address {
                    id: n.id.clone(),
                    label,
                    lon: n.lon,
                    lat: n.lat,
                });
            }
        }
        out
    }
}
