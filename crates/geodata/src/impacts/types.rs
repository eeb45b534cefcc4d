//! The answer's types, serialized with French keys for the API, the map and the exports.
//!
//! Their fields keep the French names of the wire (`portee`, `maitre_ouvrage`, `code_qp`…)
//! rather than English identifiers renamed for serde: these structs are the documented API
//! itself, read under the same names by the map (`web/src`), the CLI, the exports and the
//! tests, and official terms have no faithful English twin. Only a field whose name is a Rust
//! keyword or is misleading in English is renamed (`kind` for `type`, `predecessors`).
//!
//! Every item says how it concerns the place (`relation`) and, from that, its scope
//! (`portee`): *ici* (the place itself, its quartier, what is near), *commune* or *territoire*.
//! Items that are the same for every place of a commune, a perimeter or a territory are
//! [`Entry::Shared`]: built once per data version with their JSON, and only referenced by each
//! answer.

use std::ops::Deref;
use std::sync::Arc;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::group::{Group, ItemRef};
use crate::model::{
    DateOrigin, FuzzyDate, GeometryPrecision, Interpretation, PerimeterKind, PlacementBasis,
    SourceRef, StatusDate,
};
use crate::national_answer::NationalAnswer;
use crate::place::Place;

pub use crate::answer_form::Detail;

/// How a feature concerns the place, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The place lies inside the feature.
    Dedans,
    /// The place (an area) overlaps the feature; `part_surface` gives the share.
    Intersecte,
    /// The feature is only known to lie in a perimeter, and the place is in that perimeter.
    MemePerimetre,
    /// The feature lies within the search radius; `distance_m` gives how far.
    AProximite,
    /// The feature is only known to concern a commune, the place's.
    MemeCommune,
    /// The feature concerns the whole territory the place is in.
    Territoire,
}

impl Relation {
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Dedans => "dedans",
            Self::Intersecte => "intersecte",
            Self::MemePerimetre => "dans le même quartier",
            Self::AProximite => "à proximité",
            Self::MemeCommune => "dans la même commune",
            Self::Territoire => "tout le territoire",
        }
    }

    /// The scope an item with this relation belongs to.
    pub fn scope(self) -> Scope {
        match self {
            Self::Dedans | Self::Intersecte | Self::MemePerimetre | Self::AProximite => Scope::Ici,
            Self::MemeCommune => Scope::Commune,
            Self::Territoire => Scope::Territoire,
        }
    }
}

/// How widely an item concerns the place: the tiers of the answer, most specific first.
///
/// What is *ici* is particular to the place; what concerns the commune or the whole territory
/// is the same for every place there, so the default answer counts it instead of listing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Ici,
    Commune,
    Territoire,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Ici, Scope::Commune, Scope::Territoire];

    /// The code used in the API (`portee=commune`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Ici => "ici",
            Self::Commune => "commune",
            Self::Territoire => "territoire",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Whether the place is in a perimeter, allowing for the outline's positional tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Dedans,
    Dehors,
    /// Closer to the edge than the outline's tolerance: to be checked.
    EnLimite,
    /// The perimeter is only known at the commune level.
    Indetermine,
}

impl Verdict {
    /// The verdict as the answer's JSON, the CSV columns and the workbooks spell it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Dedans => "dedans",
            Self::Dehors => "dehors",
            Self::EnLimite => "en_limite",
            Self::Indetermine => "indetermine",
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Dedans => "dedans",
            Self::Dehors => "dehors",
            Self::EnLimite => "en limite (à vérifier)",
            Self::Indetermine => "indéterminé (périmètre non publié)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CommuneRef {
    pub insee: String,
    pub nom: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TerritoryRef {
    pub slug: String,
    pub nom: String,
}

/// A named place of the data the answer is for (a quartier, an îlot, a commune).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedPlace {
    /// `quartier`, `ilot` or `commune`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The quartier's code, the îlot's id or the commune's INSEE code.
    pub code: String,
    pub nom: String,
    /// The territory whose data name it; none for a QPV of the national layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub territoire: Option<String>,
}

/// The place asked about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceSummary {
    /// `point` or `surface`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub lon: f64,
    pub lat: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surface_m2: Option<f64>,
    pub commune: Option<CommuneRef>,
    /// The quartier, îlot or commune asked about by name, when the place is one of them.
    #[serde(rename = "objet", skip_serializing_if = "Option::is_none")]
    pub named: Option<NamedPlace>,
}

/// A QPV or veille perimeter and where the place stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerimeterImpact {
    /// Slug of the territory whose layer answered; none for the national layer.
    pub territoire: Option<String>,
    pub code: String,
    pub nom: String,
    #[serde(rename = "type")]
    pub kind: PerimeterKind,
    pub millesime: u16,
    #[serde(rename = "codes_predecesseurs")]
    pub predecessors: Vec<String>,
    pub verdict: Verdict,
    pub portee: Scope,
    pub relation: Relation,
    /// Distance to the perimeter's edge (points) or between the two (areas), in metres.
    pub distance_bord_m: Option<f64>,
    pub distance_m: f64,
    pub part_surface: Option<f64>,
    pub tolerance_m: f64,
    pub precision_geometrie: GeometryPrecision,
    pub motif_precision: String,
    #[serde(flatten)]
    pub source: SourceRef,
    pub raison: String,
    /// The perimeter in the OGC API, relative to `/impacts`.
    pub lien: String,
}

/// When an item's status was known, and whether it can be said as today's: beside every
/// status of the answer (issue 27). A status known longer ago than its territory's freshness
/// threshold, or undated, is `perime` and said « état connu en 2019, à vérifier ».
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dating {
    /// When the source knew the status (`null`: undated).
    pub statut_date: Option<FuzzyDate>,
    /// Where that date comes from: `source`, `document`, `au plus tôt`, `non renseignée`.
    pub statut_date_origine: DateOrigin,
    /// The source document's date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_date: Option<FuzzyDate>,
    /// Older than the territory's threshold on the answer's reference date, or undated.
    pub perime: bool,
    /// « état connu en 2019, à vérifier », « état connu en novembre 2026 ».
    pub statut_etat: Arc<str>,
}

impl Dating {
    /// The dating of `date` on `today` with a threshold of `threshold_years`.
    pub fn new(date: &StatusDate, today: FuzzyDate, threshold_years: u16) -> Dating {
        Dating {
            statut_date: date.date,
            statut_date_origine: date.origin,
            source_date: date.source_date,
            perime: date.is_stale(today, threshold_years),
            statut_etat: date.note_fr(today, threshold_years).into(),
        }
    }

    /// Current first, then stale, then undated (see [`crate::model::Freshness::rank`]). An
    /// item without a status is not current information: it ranks with the stale ones, so
    /// that among items known in one year the order by status holds.
    pub fn rank(dating: Option<&Dating>) -> u8 {
        match dating {
            Some(d) if !d.perime => 0,
            None => 1,
            Some(d) if d.statut_date.is_some() => 1,
            Some(_) => 2,
        }
    }
}

/// An operation, equipment, centrality or corridor that concerns the place. Its texts come
/// from the feature's card (`features::card`), shared by every answer that lists it: only the
/// relation, distance, share and reason are the place's own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Impact {
    pub territoire: Arc<str>,
    pub id: Arc<str>,
    pub titre: Arc<str>,
    /// Kind in French (`réhabilitation`, `gymnase`...).
    #[serde(rename = "type")]
    pub kind: Arc<str>,
    pub portee: Scope,
    pub relation: Relation,
    pub distance_m: f64,
    pub part_surface: Option<f64>,
    pub statut: Option<Arc<str>>,
    /// When the status was known, for every item with a status.
    #[serde(flatten)]
    pub datation: Option<Dating>,
    /// The programme's id (operations), named in the territory's manifest.
    pub programme: Option<Arc<str>>,
    pub date_debut: Option<FuzzyDate>,
    pub date_fin: Option<FuzzyDate>,
    /// The dates in plain French.
    pub dates: Option<Arc<str>>,
    pub maitre_ouvrage: Option<Arc<str>>,
    pub montant_eur: Option<f64>,
    pub logements: Option<u32>,
    pub precision_geometrie: GeometryPrecision,
    pub motif_precision: Arc<str>,
    /// Whether the source states the place (`indiqué par la source`) or it was inferred
    /// (`déduit`); absent when the data does not say (generated layers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emplacement: Option<PlacementBasis>,
    /// For an inferred place, what it was inferred from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deduit_de: Option<Arc<str>>,
    /// Fields whose value reads the source, with the source's words.
    #[serde(skip_serializing_if = "<[Interpretation]>::is_empty")]
    pub interpretations: Arc<[Interpretation]>,
    #[serde(flatten)]
    pub source: Arc<SourceRef>,
    pub raison: String,
    /// The feature in the OGC API, relative to `/impacts`.
    pub lien: Arc<str>,
}

/// An action of a programme carried out where the place is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionImpact {
    pub territoire: String,
    pub id: String,
    pub code: String,
    pub programme: String,
    pub titre: String,
    pub pilier: String,
    pub os_numero: Option<u16>,
    pub orientation: String,
    pub objectif: String,
    pub portee: Scope,
    pub relation: Relation,
    /// Where the action is carried out (`Annemasse`, `Agglo`).
    pub perimetre_realisation: String,
    pub statut: Option<String>,
    /// When the status was known (the programme's evaluation), for every action with a status.
    #[serde(flatten)]
    pub datation: Option<Dating>,
    pub statut_texte: String,
    pub detail: String,
    pub perspectives: String,
    /// Fields whose value reads the source, with the source's words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interpretations: Vec<Interpretation>,
    #[serde(flatten)]
    pub source: SourceRef,
    pub raison: String,
    /// The action in the OGC API, relative to `/impacts`.
    pub lien: String,
}

/// An item of the answer: built for this place, or shared by every place of a commune, a
/// perimeter or a territory (built once per data version, with its JSON).
#[derive(Debug, Clone)]
pub enum Entry<T> {
    /// Boxed: an item is a few hundred bytes, and a list of them is grown and sorted.
    Own(Box<T>),
    Shared(Arc<PreparedItem<T>>),
}

impl<T> Entry<T> {
    pub fn own(item: T) -> Entry<T> {
        Entry::Own(Box::new(item))
    }
}

impl<T> Deref for Entry<T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            Self::Own(item) => item,
            Self::Shared(prepared) => &prepared.item,
        }
    }
}

impl<T: PartialEq> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

/// An item built once per data version, with its compact and complete JSON (made by
/// `compact`, which knows the compact form).
#[derive(Debug)]
pub struct PreparedItem<T> {
    pub item: T,
    pub(super) compact: Box<RawValue>,
    pub(super) full: Box<RawValue>,
}

/// The items of one group in one scope, counted by status and by theme.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupCount {
    pub total: usize,
    /// Items per status (`non renseigné` when the source gives none), most first.
    #[serde(serialize_with = "pairs_as_map")]
    pub par_statut: Vec<(String, usize)>,
    /// Items per theme: the pillar of an action, the kind of anything else.
    #[serde(serialize_with = "pairs_as_map")]
    pub par_theme: Vec<(String, usize)>,
    /// Items whose status is stale or undated (« à vérifier »).
    pub a_verifier: usize,
    /// `/impacts` query (relative) that lists these items in full; none for a POSTed polygon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lien: Option<String>,
}

/// What one scope of the answer holds, per group, with the links that list it in full.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScopeSummary {
    pub portee: Scope,
    /// `Ici`, `Dans la commune d'Annemasse`, `Dans toute l'agglomération`.
    pub libelle: String,
    /// The territory the scope belongs to (commune and territory scopes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub territoire: Option<TerritoryRef>,
    /// The communes of the commune scope.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub communes: Vec<CommuneRef>,
    pub total: usize,
    /// Per group (`operations`, `actions`...), in the answer's group order.
    #[serde(serialize_with = "pairs_as_map")]
    pub groupes: Vec<(&'static str, GroupCount)>,
    /// `/impacts` query (relative) that lists this scope's items in full; none for a POSTed
    /// polygon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lien: Option<String>,
}

/// Everything that concerns a place, grouped by layer.
#[derive(Debug, Clone, PartialEq)]
pub struct ImpactReport {
    pub place: PlaceSummary,
    pub territories: Vec<TerritoryRef>,
    pub perimeters: Vec<PerimeterImpact>,
    pub operations: Vec<Entry<Impact>>,
    pub equipment: Vec<Entry<Impact>>,
    pub actions: Vec<Entry<ActionImpact>>,
    pub centralities: Vec<Entry<Impact>>,
    pub corridors: Vec<Entry<Impact>>,
    /// One summary per scope present: *ici* first, then each territory's commune and
    /// territory scopes. Shared by every place of a commune when they can be.
    pub scopes: Vec<Entry<ScopeSummary>>,
    /// The `/impacts` query (relative) that asks about this place again, when it can be asked
    /// with GET (not for a POSTed polygon).
    pub query: Option<String>,
    pub warnings: Vec<String>,
    /// The day statuses were judged stale or current on (`clock::today` unless a test fixes
    /// it); `None` when no territory answered.
    pub date_reference: Option<FuzzyDate>,
    /// What national open data says of the place (`references`): stations, its commune, its
    /// contrat(s) de ville.
    pub references: NationalAnswer,
}

impl ImpactReport {
    pub(super) fn new(place: &Place) -> Self {
        let anchor = place.anchor();
        let (kind, surface) = match place {
            Place::Point(_) => ("point", None),
            Place::Area(_) => ("surface", Some(place.area_m2())),
        };
        Self {
            place: PlaceSummary {
                kind,
                lon: anchor.x(),
                lat: anchor.y(),
                surface_m2: surface,
                commune: None,
                named: None,
            },
            territories: vec![],
            perimeters: vec![],
            operations: vec![],
            equipment: vec![],
            actions: vec![],
            centralities: vec![],
            corridors: vec![],
            scopes: vec![],
            query: None,
            warnings: vec![],
            date_reference: None,
            references: NationalAnswer::default(),
        }
    }

    /// Number of items in every group, every scope.
    pub fn total(&self) -> usize {
        self.perimeters.len()
            + self.operations.len()
            + self.equipment.len()
            + self.actions.len()
            + self.centralities.len()
            + self.corridors.len()
    }

    /// Number of items of each group (JSON key), every scope: the answer's totals.
    pub fn totals(&self) -> [(&'static str, usize); 6] {
        [
            (Group::Perimetres.key(), self.perimeters.len()),
            (Group::Operations.key(), self.operations.len()),
            (Group::Equipements.key(), self.equipment.len()),
            (Group::Actions.key(), self.actions.len()),
            (Group::Centralites.key(), self.centralities.len()),
            (Group::Corridors.key(), self.corridors.len()),
        ]
    }

    /// Items whose status is stale or undated, per group with a status (JSON key), every
    /// scope.
    pub fn to_check(&self) -> [(&'static str, usize); 3] {
        let stale = |list: &[Entry<Impact>]| {
            list.iter()
                .filter(|i| i.datation.as_ref().is_some_and(|d| d.perime))
                .count()
        };
        [
            (Group::Operations.key(), stale(&self.operations)),
            (Group::Equipements.key(), stale(&self.equipment)),
            (
                Group::Actions.key(),
                self.actions
                    .iter()
                    .filter(|a| a.datation.as_ref().is_some_and(|d| d.perime))
                    .count(),
            ),
        ]
    }

    /// Where every item of the answer lives in the OGC API, every group, every scope.
    pub fn item_refs(&self) -> Vec<ItemRef> {
        let mut refs: Vec<ItemRef> = self
            .perimeters
            .iter()
            .map(|p| Group::Perimetres.item_ref(p.territoire.as_deref(), &p.code))
            .collect();
        for (group, list) in [
            (Group::Operations, &self.operations),
            (Group::Equipements, &self.equipment),
            (Group::Centralites, &self.centralities),
            (Group::Corridors, &self.corridors),
        ] {
            refs.extend(
                list.iter()
                    .map(|i| group.item_ref(Some(&i.territoire), &i.id)),
            );
        }
        refs.extend(
            self.actions
                .iter()
                .map(|a| Group::Actions.item_ref(Some(&a.territoire), &a.id)),
        );
        refs
    }
}

/// Serializes pairs as a JSON object, keeping their order.
pub(super) fn pairs_as_map<S, K, V>(pairs: &[(K, V)], serializer: S) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    K: Serialize,
    V: Serialize,
{
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}
