//! The API Adresse response shape (GeoJSON FeatureCollection of Points), so that clients of
//! the national service work unchanged.

use serde::{Deserialize, Serialize};

use crate::index::departement;
use crate::index::{Index, Kind};
use crate::lambert::lambert93;
use crate::search::{Hit, ResultType};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureCollection {
    #[serde(rename = "type")]
    pub kind: String,
    pub version: String,
    pub features: Vec<Feature>,
    pub attribution: String,
    pub licence: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub query: Option<String>,
    pub limit: usize,
    /// Set when the query looks like an address (a number and a street word, or a postcode)
    /// and no address answers it.
    #[serde(
        rename = "aucune_adresse",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub no_address: Option<NoAddress>,
}

/// What an answer without addresses credits: only the dataset's places were searched, whose
/// sources and licences each collection states.
const PLACES_ATTRIBUTION: &str = "lieux des données publiées (sources : /collections)";
const PLACES_LICENCE: &str = "voir /collections";

impl FeatureCollection {
    /// An answer crediting `addresses`' publisher and licence when addresses were searched.
    pub fn new(
        features: Vec<Feature>,
        query: Option<String>,
        limit: usize,
        addresses: Option<&Index>,
    ) -> Self {
        let meta = addresses.map(|a| a.meta());
        Self {
            kind: "FeatureCollection".into(),
            version: "draft".into(),
            features,
            attribution: meta.map_or(PLACES_ATTRIBUTION.into(), |m| m.attribution.clone()),
            licence: meta.map_or(PLACES_LICENCE.into(), |m| m.licence.clone()),
            query,
            limit,
            no_address: None,
        }
    }
}

/// Why an address-like query lists no address (« Aucune adresse trouvée »), so that a client
/// says it instead of showing unrelated places as if they answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoAddress {
    /// « Aucune adresse trouvée ».
    pub message: String,
    /// Why, when known: « les adresses de ce département (74) ne sont pas chargées ».
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub raison: Option<String>,
    /// The département the query names (by its postcode or commune), when it names one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub departement: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    #[serde(rename = "type")]
    pub kind: String,
    /// GeoJSON's bounding box (west, south, east, north) of a place that has an extent and no
    /// OGC feature: a commune or contrat de ville of the national references.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bbox: Option<[f64; 4]>,
    pub geometry: Point,
    pub properties: Properties,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    #[serde(rename = "type")]
    pub kind: String,
    pub coordinates: [f64; 2],
}

/// The properties of one result, named as the API Adresse names them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Properties {
    pub label: String,
    pub score: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub housenumber: Option<String>,
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub postcode: String,
    pub citycode: String,
    /// Lambert-93 (EPSG:2154) easting and northing, in metres.
    pub x: f64,
    pub y: f64,
    pub city: String,
    /// The département code.
    pub context: String,
    #[serde(rename = "type")]
    pub kind: ResultType,
    pub importance: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub street: Option<String>,
    /// Reverse look-ups: distance from the asked point, in metres.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub distance: Option<f64>,
    /// Dataset places: the territory slug (empty for national layers).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub territoire: Option<String>,
    /// Dataset places: what the place is (`quartier prioritaire (QPV)`, `opération`...).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub categorie: Option<String>,
    /// What the result is, in French, for a search list: `Adresse` (a house number), `Rue`,
    /// `Lieu-dit`, `Commune`, and for the dataset's places `Quartier prioritaire`, `Quartier
    /// de veille`, `Opération`, `Équipement`, `Centralité`, `Îlot`.
    #[serde(default)]
    pub nature: String,
    /// Dataset places: the OGC API collection (`perimetres`, `equipements`…) and feature id
    /// of the place.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub collection: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub identifiant: Option<String>,
}

/// The French kind of a result that is not one of the dataset's places.
pub fn nature_of(kind: ResultType) -> &'static str {
    match kind {
        ResultType::Housenumber => "Adresse",
        ResultType::Street => "Rue",
        ResultType::Locality => "Lieu-dit",
        ResultType::Municipality => "Commune",
        ResultType::Poi => "Lieu",
    }
}

impl Feature {
    /// The result `hit` of `index` as an API Adresse feature.
    pub fn from_hit(index: &Index, hit: &Hit) -> Feature {
        let doc = index.doc(hit.doc);
        let number = hit.number.map(|n| &index.numbers[n as usize]);
        let (lon, lat) = number.map_or((doc.lon, doc.lat), |n| (n.lon, n.lat));
        let (x, y) = lambert93(lon, lat);
        let place = |name: &str| match (doc.postcode.is_empty(), doc.city.is_empty()) {
            (_, true) => name.to_string(),
            (true, false) => format!("{name} {}", doc.city),
            (false, false) => format!("{name} {} {}", doc.postcode, doc.city),
        };
        let (label, name, housenumber, id, street) = match (number, doc.kind) {
            (Some(n), _) => {
                let name = format!("{} {}", n.label(), doc.name);
                (
                    place(&name),
                    name,
                    Some(n.label()),
                    n.id.clone(),
                    Some(doc.name.clone()),
                )
            }
            (None, Kind::Municipality) => (
                doc.name.clone(),
                doc.name.clone(),
                None,
                doc.id.clone(),
                None,
            ),
            (None, Kind::Street) => (
                place(&doc.name),
                doc.name.clone(),
                None,
                doc.id.clone(),
                Some(doc.name.clone()),
            ),
            (None, _) => (
                place(&doc.name),
                doc.name.clone(),
                None,
                doc.id.clone(),
                None,
            ),
        };
        let size = index.numbers_of(doc).len() as f64;
        Feature {
            kind: "Feature".into(),
            bbox: doc.extra.as_ref().and_then(|e| e.bbox),
            geometry: Point {
                kind: "Point".into(),
                coordinates: [lon, lat],
            },
            properties: Properties {
                label,
                score: (hit.score * 1e4).round() / 1e4,
                housenumber,
                id,
                name,
                postcode: doc.postcode.clone(),
                citycode: doc.citycode.clone(),
                x,
                y,
                city: doc.city.clone(),
                context: departement(&doc.citycode),
                kind: hit.kind,
                importance: ((size + 1.0).ln() / 1000f64.ln()).min(1.0),
                street,
                distance: None,
                territoire: doc.extra.as_ref().map(|e| e.territoire.clone()),
                categorie: doc.extra.as_ref().map(|e| e.categorie.clone()),
                nature: doc
                    .extra
                    .as_ref()
                    .map_or_else(|| nature_of(hit.kind).to_string(), |e| e.nature.clone()),
                collection: doc.extra.as_ref().map(|e| e.collection.clone()),
                identifiant: doc.extra.as_ref().map(|e| e.identifiant.clone()),
            },
        }
    }
}
