//! The properties of each geographic layer. Geometries are kept beside them by
//! [`crate::layer::Layer`].

use serde::{Deserialize, Serialize};

use super::{FuzzyDate, Interpretation, Placement, ProjectStatus, SourceRef, StatusDate};

/// Kind of a policy perimeter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PerimeterKind {
    /// Quartier prioritaire de la politique de la ville.
    Qpv,
    /// Quartier de veille active (left the priority geography, still followed).
    VeilleActive,
}

impl PerimeterKind {
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Qpv => "quartier prioritaire (QPV)",
            Self::VeilleActive => "quartier de veille active",
        }
    }
}

/// A QPV or quartier de veille active perimeter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Perimeter {
    /// Official code (`QN07401M`), or a stable local code where none is published.
    pub code: String,
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(rename = "type")]
    pub kind: PerimeterKind,
    /// INSEE codes of the communes it lies in.
    #[serde(rename = "insee_com")]
    pub communes: Vec<String>,
    /// Geography vintage: 2015 or 2024.
    #[serde(rename = "millesime")]
    pub vintage: u16,
    #[serde(rename = "codes_predecesseurs", default)]
    pub predecessors: Vec<String>,
    #[serde(rename = "codes_successeurs", default)]
    pub successors: Vec<String>,
    /// Names under which the perimeter was known before (the 2015 name).
    #[serde(rename = "anciens_noms", default)]
    pub former_names: Vec<String>,
    #[serde(flatten)]
    pub placement: Placement,
    #[serde(flatten)]
    pub source: SourceRef,
}

/// Kind of an urban renewal, housing or mobility operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OperationKind {
    #[serde(rename = "démolition")]
    Demolition,
    #[serde(rename = "réhabilitation")]
    Rehabilitation,
    #[serde(rename = "construction")]
    Construction,
    #[serde(rename = "aménagement d'espaces publics")]
    PublicSpace,
    #[serde(rename = "équipement")]
    Equipment,
    #[serde(rename = "copropriété")]
    Condominium,
    #[serde(rename = "mobilité")]
    Mobility,
    #[serde(rename = "étude")]
    Study,
    #[serde(rename = "programme")]
    Programme,
    #[serde(rename = "autre")]
    Other,
}

impl OperationKind {
    pub const ALL: [OperationKind; 10] = [
        Self::Demolition,
        Self::Rehabilitation,
        Self::Construction,
        Self::PublicSpace,
        Self::Equipment,
        Self::Condominium,
        Self::Mobility,
        Self::Study,
        Self::Programme,
        Self::Other,
    ];

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Demolition => "démolition",
            Self::Rehabilitation => "réhabilitation",
            Self::Construction => "construction",
            Self::PublicSpace => "aménagement d'espaces publics",
            Self::Equipment => "équipement",
            Self::Condominium => "copropriété",
            Self::Mobility => "mobilité",
            Self::Study => "étude",
            Self::Programme => "programme",
            Self::Other => "autre",
        }
    }
}

/// One funding line of an operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Funding {
    /// Funder (`ANRU`, `Anah`...).
    #[serde(rename = "financeur")]
    pub funder: String,
    #[serde(rename = "montant_eur")]
    pub amount_eur: Option<f64>,
    /// How the source qualifies the amount (« près de », « estimée »).
    #[serde(
        rename = "qualificatif",
        default,
        skip_serializing_if = "String::is_empty"
    )]
    pub qualifier: String,
}

/// An NPNRU or other renewal, housing or mobility operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    pub id: String,
    /// Id of the programme it belongs to.
    pub programme: String,
    #[serde(rename = "type")]
    pub kind: OperationKind,
    #[serde(rename = "titre")]
    pub title: String,
    /// Îlot or sector (`Gauguin`, `Château Rouge`).
    #[serde(rename = "secteur", default)]
    pub sector: String,
    #[serde(rename = "maitre_ouvrage", default)]
    pub owner: String,
    #[serde(rename = "insee_com", default)]
    pub communes: Vec<String>,
    /// Dwellings concerned (demolished, rehabilitated, built).
    #[serde(rename = "logements", default)]
    pub dwellings: Option<u32>,
    #[serde(rename = "cout_eur", default)]
    pub cost_eur: Option<f64>,
    #[serde(rename = "financements", default)]
    pub funding: Vec<Funding>,
    #[serde(rename = "date_debut", default)]
    pub start: Option<FuzzyDate>,
    #[serde(rename = "date_fin", default)]
    pub end: Option<FuzzyDate>,
    /// The dates as the source words them (« lancement travaux : mi-2020 »).
    #[serde(rename = "dates_texte", default)]
    pub dates_text: String,
    #[serde(rename = "statut", default)]
    pub status: ProjectStatus,
    /// When the source knew the status, and the source's date.
    #[serde(flatten)]
    pub status_date: StatusDate,
    #[serde(rename = "description", default)]
    pub description: String,
    /// Fields whose value reads the source rather than quotes it (`maitre_ouvrage`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interpretations: Vec<Interpretation>,
    #[serde(flatten)]
    pub placement: Placement,
    #[serde(flatten)]
    pub source: SourceRef,
}

/// A public equipment: school, gymnasium, health centre, third place, station...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Equipment {
    pub id: String,
    #[serde(rename = "nom")]
    pub name: String,
    /// Kind in French (`école`, `gymnase`, `maison de santé`, `gare`, `arrêt de tram`).
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "insee_com", default)]
    pub communes: Vec<String>,
    #[serde(rename = "statut", default)]
    pub status: ProjectStatus,
    /// When the source knew the status, and the source's date.
    #[serde(flatten)]
    pub status_date: StatusDate,
    /// Id of the operation that creates or renovates it, if any.
    #[serde(rename = "operation", default)]
    pub operation: Option<String>,
    #[serde(rename = "description", default)]
    pub description: String,
    /// Fields whose value reads the source rather than quotes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interpretations: Vec<Interpretation>,
    #[serde(flatten)]
    pub placement: Placement,
    #[serde(flatten)]
    pub source: SourceRef,
}

/// A commercial centrality (or, lacking perimeters, a commune's centrality level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Centrality {
    pub id: String,
    #[serde(rename = "nom")]
    pub name: String,
    /// Level or type (« Centre structurant d'équipements et de services »).
    #[serde(rename = "niveau", default)]
    pub level: String,
    #[serde(rename = "insee_com", default)]
    pub communes: Vec<String>,
    #[serde(rename = "description", default)]
    pub description: String,
    #[serde(flatten)]
    pub placement: Placement,
    #[serde(flatten)]
    pub source: SourceRef,
}

/// An ecological corridor or reservoir of the green and blue network (trame verte et bleue).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Corridor {
    pub id: String,
    #[serde(rename = "nom")]
    pub name: String,
    /// `corridor`, `réservoir de biodiversité`...
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Sub-network: `trame verte`, `trame bleue`...
    #[serde(rename = "sous_trame", default)]
    pub subnetwork: String,
    #[serde(rename = "insee_com", default)]
    pub communes: Vec<String>,
    #[serde(flatten)]
    pub placement: Placement,
    #[serde(flatten)]
    pub source: SourceRef,
}

/// An îlot (urban block) or sector a question can be asked about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ilot {
    pub id: String,
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(rename = "insee_com", default)]
    pub communes: Vec<String>,
    #[serde(flatten)]
    pub placement: Placement,
    #[serde(flatten)]
    pub source: SourceRef,
}

/// A member commune of a territory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commune {
    /// INSEE code (`74012`).
    #[serde(rename = "insee_com")]
    pub insee: String,
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(flatten)]
    pub placement: Placement,
    #[serde(flatten)]
    pub source: SourceRef,
}

/// The boundary of the territory (the EPCI).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boundary {
    /// EPCI SIREN (`200011773`).
    pub code: String,
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(flatten)]
    pub placement: Placement,
    #[serde(flatten)]
    pub source: SourceRef,
}
