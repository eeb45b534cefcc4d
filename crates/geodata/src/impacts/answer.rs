//! The answer's types, serialized with French keys for the API, the map and the exports.

use serde::Serialize;

use super::probe::Place;
use crate::model::{FuzzyDate, GeometryPrecision, PerimeterKind, SourceRef};

/// How a feature concerns the place, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Dedans => "dedans",
            Self::Dehors => "dehors",
            Self::EnLimite => "en limite (à vérifier)",
            Self::Indetermine => "indéterminé (périmètre non publié)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommuneRef {
    pub insee: String,
    pub nom: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TerritoryRef {
    pub slug: String,
    pub nom: String,
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
}

/// An operation, equipment, centrality or corridor that concerns the place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Impact {
    pub territoire: String,
    pub id: String,
    pub titre: String,
    /// Kind in French (`réhabilitation`, `gymnase`...).
    #[serde(rename = "type")]
    pub kind: String,
    pub relation: Relation,
    pub distance_m: f64,
    pub part_surface: Option<f64>,
    pub statut: Option<String>,
    pub date_debut: Option<FuzzyDate>,
    pub date_fin: Option<FuzzyDate>,
    /// The dates in plain French.
    pub dates: Option<String>,
    pub maitre_ouvrage: Option<String>,
    pub montant_eur: Option<f64>,
    pub logements: Option<u32>,
    pub precision_geometrie: GeometryPrecision,
    pub motif_precision: String,
    #[serde(flatten)]
    pub source: SourceRef,
    pub raison: String,
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
    pub relation: Relation,
    /// Where the action is carried out (`Annemasse`, `Agglo`).
    pub perimetre_realisation: String,
    pub statut: Option<String>,
    pub statut_texte: String,
    pub detail: String,
    pub perspectives: String,
    #[serde(flatten)]
    pub source: SourceRef,
    pub raison: String,
}

/// Everything that concerns a place, grouped by layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactReport {
    #[serde(rename = "lieu")]
    pub place: PlaceSummary,
    #[serde(rename = "territoires")]
    pub territories: Vec<TerritoryRef>,
    #[serde(rename = "perimetres")]
    pub perimeters: Vec<PerimeterImpact>,
    pub operations: Vec<Impact>,
    #[serde(rename = "equipements")]
    pub equipment: Vec<Impact>,
    pub actions: Vec<ActionImpact>,
    #[serde(rename = "centralites")]
    pub centralities: Vec<Impact>,
    pub corridors: Vec<Impact>,
    #[serde(rename = "avertissements")]
    pub warnings: Vec<String>,
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
            },
            territories: vec![],
            perimeters: vec![],
            operations: vec![],
            equipment: vec![],
            actions: vec![],
            centralities: vec![],
            corridors: vec![],
            warnings: vec![],
        }
    }

    /// Inside before near, nearer before farther, then by title for a stable order.
    pub(super) fn sort(&mut self) {
        self.perimeters.sort_by(|a, b| {
            (verdict_rank(a.verdict), a.relation)
                .cmp(&(verdict_rank(b.verdict), b.relation))
                .then(a.distance_m.total_cmp(&b.distance_m))
                .then_with(|| a.code.cmp(&b.code))
        });
        for list in [
            &mut self.operations,
            &mut self.equipment,
            &mut self.centralities,
            &mut self.corridors,
        ] {
            list.sort_by(|a, b| {
                a.relation
                    .cmp(&b.relation)
                    .then(a.distance_m.total_cmp(&b.distance_m))
                    .then_with(|| a.titre.cmp(&b.titre))
            });
        }
        self.actions.sort_by(|a, b| {
            a.relation
                .cmp(&b.relation)
                .then_with(|| natural_code(&a.code).cmp(&natural_code(&b.code)))
                .then_with(|| a.id.cmp(&b.id))
        });
    }

    /// Number of items in every group.
    pub fn total(&self) -> usize {
        self.perimeters.len()
            + self.operations.len()
            + self.equipment.len()
            + self.actions.len()
            + self.centralities.len()
            + self.corridors.len()
    }
}

fn verdict_rank(v: Verdict) -> u8 {
    match v {
        Verdict::Dedans => 0,
        Verdict::EnLimite => 1,
        Verdict::Indetermine => 2,
        Verdict::Dehors => 3,
    }
}

/// `1.10` after `1.9`: codes compared number by number; `N.A.` last.
fn natural_code(code: &str) -> Vec<u32> {
    let parts: Vec<u32> = code.split('.').map_while(|p| p.parse().ok()).collect();
    if parts.is_empty() {
        vec![u32::MAX]
    } else {
        parts
    }
}
