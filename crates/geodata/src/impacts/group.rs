//! The groups of the answer, one contract: each group's JSON key, French title, order, and
//! where its items live in the OGC API. The answer sends the titles (`groupes`), so the CLI
//! and the web map read them instead of keeping copies.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::contract::LayerId;

/// A group of the answer, in answer order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Perimetres,
    Operations,
    Equipements,
    Actions,
    Centralites,
    Corridors,
}

/// Where an answer item lives in the OGC API: its collection and its feature id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemRef {
    pub collection: &'static str,
    pub feature_id: String,
}

impl Group {
    /// Every group, in the answer's order.
    pub const ALL: [Group; 6] = [
        Group::Perimetres,
        Group::Operations,
        Group::Equipements,
        Group::Actions,
        Group::Centralites,
        Group::Corridors,
    ];

    /// The group's key in the answer (`perimetres`, `operations`...).
    pub fn key(self) -> &'static str {
        match self {
            Group::Perimetres => "perimetres",
            Group::Operations => "operations",
            Group::Equipements => "equipements",
            Group::Actions => "actions",
            Group::Centralites => "centralites",
            Group::Corridors => "corridors",
        }
    }

    /// Its title, in French.
    pub fn title_fr(self) -> &'static str {
        match self {
            Group::Perimetres => "Quartier prioritaire / de veille",
            Group::Operations => "Opérations de renouvellement urbain",
            Group::Equipements => "Équipements",
            Group::Actions => "Actions du Contrat de Ville",
            Group::Centralites => "Centralités commerciales",
            Group::Corridors => "Corridors écologiques",
        }
    }

    pub fn from_key(key: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.key() == key)
    }

    /// The layer of a territory its items come from (the layer contract).
    pub fn layer(self) -> LayerId {
        match self {
            Group::Perimetres => LayerId::Perimetres,
            Group::Operations => LayerId::Operations,
            Group::Equipements => LayerId::Equipements,
            Group::Actions => LayerId::Actions,
            Group::Centralites => LayerId::Centralites,
            Group::Corridors => LayerId::Corridors,
        }
    }

    /// Where an item of this group lives in the OGC API: its territory's layer, as
    /// `{slug}:{id}`; a perimeter of the national layer (no territory), the `qpv` collection
    /// and its code. The one rule of the answer's `lien`.
    pub fn item_ref(self, territory: Option<&str>, id: &str) -> ItemRef {
        match territory {
            Some(slug) => ItemRef {
                collection: self.layer().as_str(),
                feature_id: format!("{slug}:{id}"),
            },
            None => ItemRef {
                collection: LayerId::Qpv.as_str(),
                feature_id: id.to_string(),
            },
        }
    }
}

/// A group in the answer's `groupes`: `{"cle": …, "titre": …}`.
impl Serialize for Group {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Group", 2)?;
        s.serialize_field("cle", self.key())?;
        s.serialize_field("titre", self.title_fr())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_in_order() {
        let keys = Group::ALL.map(Group::key);
        assert_eq!(
            keys,
            [
                "perimetres",
                "operations",
                "equipements",
                "actions",
                "centralites",
                "corridors"
            ]
        );
        for g in Group::ALL {
            assert_eq!(Group::from_key(g.key()), Some(g));
        }
        assert_eq!(Group::from_key("qpv"), None);
    }

    #[test]
    fn national_perimeters_live_in_qpv() {
        let local = Group::Perimetres.item_ref(Some("annemasse-agglo"), "QN07401M");
        assert_eq!(
            (local.collection, local.feature_id.as_str()),
            ("perimetres", "annemasse-agglo:QN07401M")
        );
        let national = Group::Perimetres.item_ref(None, "QN07401M");
        assert_eq!(
            (national.collection, national.feature_id.as_str()),
            ("qpv", "QN07401M")
        );
        let op = Group::Operations.item_ref(Some("a"), "b");
        assert_eq!(
            (op.collection, op.feature_id.as_str()),
            ("operations", "a:b")
        );
    }
}
