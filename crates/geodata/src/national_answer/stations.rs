//! The answer's *ici*: the rail, métro, RER and tram stations near the place (OpenStreetMap,
//! ODbL), nearest first. What a station's items share — its id, name, lines, link and the
//! words around its distance — is made once per data version, the first time a place near it
//! is asked about; an answer only writes the distance.

use std::collections::HashSet;
use std::fmt::Write;

use super::shared::Shared;
use super::{cite, Context, Here, NationalIndex, StationItem};
use crate::answer_form::encode;
use crate::france::{France, Source, Station, StationHit, STATIONS_FETCHED};
use crate::model::GeometryPrecision;
use crate::text::fold_name;

/// A station's parts of every item that lists it.
#[derive(Debug)]
pub(super) struct StationShares {
    id: Shared<String>,
    nom: Shared<String>,
    kind: &'static str,
    lignes: Shared<Vec<String>>,
    lien: Shared<String>,
    /// The name folded, to leave out a station the territory already lists.
    folded_name: String,
    /// « Gare « Annemasse » », before the distance.
    reason_head: String,
    /// « (lignes : L1, L2) — OpenStreetMap, relevé du 18/05/2026. », after it.
    reason_tail: String,
}

impl StationShares {
    fn of(s: &Station) -> Self {
        let kind = station_kind(&s.kind);
        let id = format!("{}-{}", s.osm_type, s.osm_id);
        let lines = if s.lines.is_empty() {
            String::new()
        } else {
            format!(" (lignes : {})", s.lines.join(", "))
        };
        StationShares {
            lien: Shared::new(format!("collections/gares/items/{}", encode(&id))),
            id: Shared::new(id),
            nom: Shared::new(s.name.clone()),
            kind,
            lignes: Shared::new(s.lines.clone()),
            folded_name: fold_name(&s.name),
            reason_head: format!("{} « {} »", capitalise(kind), s.name),
            reason_tail: format!("{lines} — OpenStreetMap, relevé du 18/05/2026."),
        }
    }
}

/// The stations near the place, nearest first, without those the territory already lists.
pub(super) fn here(
    france: &France,
    index: &NationalIndex,
    ctx: &Context,
    cited: &mut Vec<Source>,
) -> Here {
    let radius = ctx.station_radius_m;
    let hits: Vec<StationHit> = match (ctx.area, ctx.point) {
        (Some(area), _) => france.stations_near_area(area, radius),
        (None, Some(point)) => france.stations_near(point, radius),
        (None, None) => Vec::new(),
    };
    let curated: HashSet<String> = if hits.is_empty() {
        HashSet::new()
    } else {
        ctx.curated_titles.iter().map(|t| fold_name(t)).collect()
    };
    let mut gares: Vec<StationItem> = Vec::with_capacity(hits.len());
    for h in &hits {
        let built;
        let shares = match index.stations.get(h.index) {
            Some(slot) => slot.get_or_init(|| StationShares::of(h.station)),
            None => {
                built = StationShares::of(h.station);
                &built
            }
        };
        if curated.contains(&shares.folded_name) {
            continue;
        }
        gares.push(station_item(h, shares, cite(cited, Source::OsmStations)));
    }
    Here {
        rayon_m: radius,
        gares_total: gares.len(),
        gares,
    }
}

fn station_kind(kind: &str) -> &'static str {
    match kind {
        "tram" => "station de tramway",
        "metro" => "station de métro",
        "rer" => "gare RER",
        "transilien" => "gare Transilien",
        _ => "gare",
    }
}

fn station_item(h: &StationHit, shares: &StationShares, source: &'static str) -> StationItem {
    let distance_m = crate::answer_form::round_m(h.distance_m);
    let mut raison =
        String::with_capacity(shares.reason_head.len() + shares.reason_tail.len() + 16);
    raison.push_str(&shares.reason_head);
    if distance_m == 0.0 {
        raison.push_str(" dans la zone");
    } else {
        let _ = write!(raison, " à {distance_m} m");
    }
    raison.push_str(&shares.reason_tail);
    StationItem {
        id: shares.id.clone(),
        nom: shares.nom.clone(),
        kind: shares.kind,
        lignes: shares.lignes.clone(),
        distance_m,
        lon: h.point.x(),
        lat: h.point.y(),
        precision_geometrie: GeometryPrecision::Exact,
        source,
        date_source: STATIONS_FETCHED,
        raison,
        lien: shares.lien.clone(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
