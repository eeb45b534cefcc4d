//! The national part in the answer's two forms: compact (the nearest stations, posts counted)
//! and complete (every station, every published post row).

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::items::{ContractFacts, NationalAnswer};
use crate::answer_form::Detail;

/// Stations listed in the compact form; the rest are counted (`gares_total`).
pub const COMPACT_STATIONS: usize = 10;

pub struct NationalView<'a> {
    pub answer: &'a NationalAnswer,
    pub detail: Detail,
}

impl Serialize for NationalView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let a = self.answer;
        let complete = self.detail == Detail::Complet;
        let mut map = serializer.serialize_map(Some(4))?;
        let stations = if complete {
            &a.ici.gares[..]
        } else {
            &a.ici.gares[..a.ici.gares.len().min(COMPACT_STATIONS)]
        };
        map.serialize_entry(
            "ici",
            &HereView {
                rayon_m: a.ici.rayon_m,
                gares_total: a.ici.gares_total,
                gares: stations,
            },
        )?;
        map.serialize_entry("communes", &a.communes)?;
        let contracts: Vec<ContractView> = a
            .contrats
            .iter()
            .map(|c| ContractView {
                facts: c,
                liste_postes: complete.then_some(&c.liste_postes[..]),
            })
            .collect();
        map.serialize_entry("contrats", &contracts)?;
        map.serialize_entry("sources", &a.sources)?;
        map.end()
    }
}

#[derive(Serialize)]
struct HereView<'a> {
    rayon_m: f64,
    gares_total: usize,
    gares: &'a [super::items::StationItem],
}

#[derive(Serialize)]
struct ContractView<'a> {
    #[serde(flatten)]
    facts: &'a ContractFacts,
    #[serde(skip_serializing_if = "Option::is_none")]
    liste_postes: Option<&'a [super::items::PostItem]>,
}
