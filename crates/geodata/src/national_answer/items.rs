//! The national references' part of an answer, as the API, the CLI and the map read it (French
//! keys). Every fact names its source (`source`, with its licence) and its date: a programme its
//! signature date, a post its year, BPE counts their reference date, stations the day they were
//! read from OpenStreetMap. A position that is not the fact's own says so (`precision`).

use serde::Serialize;

use super::shared::Shared;
use crate::model::GeometryPrecision;

/// What national open data says of a place, by tier: what is here (stations), its commune(s),
/// its contrat(s) de ville.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NationalAnswer {
    /// `ici`: the stations near the place.
    pub ici: Here,
    /// `commune`: the place's commune first (or the communes an area spans).
    pub communes: Vec<Shared<CommuneFacts>>,
    /// `contrat`: the place's contrat(s) de ville, the primary first.
    pub contrats: Vec<ContractFacts>,
    /// Every source cited above, once, with its licence and date (ODbL attribution).
    pub sources: Vec<Shared<Citation>>,
}

impl NationalAnswer {
    /// Whether national data says anything of the place.
    pub fn is_empty(&self) -> bool {
        self.ici.gares.is_empty() && self.communes.is_empty() && self.contrats.is_empty()
    }
}

/// The stations near the place.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Here {
    /// The radius searched, in metres.
    pub rayon_m: f64,
    /// How many stations lie within it.
    pub gares_total: usize,
    /// The nearest of them (all of them in the complete answer), nearest first.
    pub gares: Vec<StationItem>,
}

/// A rail, métro, RER or tram station (OpenStreetMap, ODbL).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StationItem {
    /// `node-123456`, as in `/collections/gares`.
    pub id: Shared<String>,
    pub nom: Shared<String>,
    /// `gare`, `station de métro`, `station de tramway`, `gare RER`, `gare Transilien`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub lignes: Shared<Vec<String>>,
    /// 0 when the place (an area) holds it.
    pub distance_m: f64,
    pub lon: f64,
    pub lat: f64,
    pub precision_geometrie: GeometryPrecision,
    pub source: &'static str,
    /// The day the stations were read from OpenStreetMap.
    pub date_source: &'static str,
    pub raison: String,
    /// The station in the OGC API, relative to `/impacts`.
    pub lien: Shared<String>,
}

/// What national references say of a commune (or arrondissement municipal).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommuneFacts {
    pub insee_com: String,
    pub nom: String,
    /// `commune` or `arrondissement municipal`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub departement: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epci_siren: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ept_siren: Option<String>,
    /// One readable sentence: its quartiers prioritaires, contract and programmes.
    pub resume: String,
    /// The 2024 QPVs with ground in the commune (codes), from the national QPV layer.
    pub quartiers_prioritaires: Vec<QuartierRef>,
    /// Its contracts' codes (the details are in the answer's `contrats`).
    pub contrats: Vec<String>,
    /// Its centrality level, when the typology defines one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub centralite: Option<Dated<String>>,
    /// Action cœur de ville, Petites villes de demain, ORT, Cité éducative, Cité de l'emploi.
    pub programmes: Vec<ProgrammeItem>,
    /// France services (each placed on the commune: the building's position is not published).
    pub france_services: Vec<ProgrammeItem>,
    /// BPE 2024 counts; none when the BPE counts none of its 16 kinds there.
    pub equipements_bpe: Option<BpeCounts>,
    /// Where its contour comes from, when it has one (2018, simplified).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision_contour: Option<&'static str>,
    /// This commune's own answer, relative to `/impacts`.
    pub lien: String,
}

/// A QPV named by the national layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuartierRef {
    pub code_qp: String,
    pub nom: String,
}

/// A value with its source and the date the source gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dated<T> {
    pub valeur: T,
    pub source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'static str>,
}

/// An ANCT programme concerning a commune.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgrammeItem {
    /// `acv`, `pvd`, `ort`, `cite_educative`, `cite_emploi`, `france_services`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// « Action cœur de ville »...
    pub libelle: &'static str,
    /// The ANCT id (`cite-003`, `fs-634`), when the source gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub nom: String,
    /// The signature date (`2019-12-20`), when the source gives one; none is said in `dates`.
    pub date_signature: Option<String>,
    /// The date in plain French (« signé le 20/12/2019 », « date non publiée par la source »).
    pub dates: String,
    /// How it concerns the commune (« placé sur la commune (position du bâtiment non
    /// publiée) » for a France services).
    pub precision: &'static str,
    pub source: &'static str,
    pub licence: &'static str,
    /// When the source lists a former commune merged since into this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_source: Option<String>,
    /// The programme row in the OGC API, relative to `/impacts`.
    pub lien: String,
}

/// The BPE 2024 counts of a commune.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BpeCounts {
    /// `2024-01-01`.
    pub date_reference: &'static str,
    pub source: &'static str,
    /// « 3 collèges, 12 médecins généralistes… » (the kinds counted, most first).
    pub texte: String,
    /// Per kind (`college`), in the BPE buckets' order, zeros left out.
    pub comptes: Vec<BpeCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BpeCount {
    pub rubrique: String,
    pub libelle: String,
    pub nombre: u32,
}

/// A contrat de ville concerning the place, and the posts funded in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractFacts {
    pub code: String,
    pub nom: String,
    /// « Engagements Quartiers 2030 (2024-2030) ».
    pub generation: String,
    /// How the place reaches it: « par le quartier prioritaire QN07401M », « par l'EPCI de la
    /// commune »…; derived (the source publishes no QPV list per contract).
    pub rattachement: String,
    /// The rule that chose the primary contract when a QPV spans several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regle: Option<String>,
    /// The 2024 QPVs linked to it (derived through their communes).
    pub quartiers_prioritaires: Shared<Vec<QuartierRef>>,
    pub source: &'static str,
    pub licence: &'static str,
    /// The posts funded in it, counted.
    pub postes: Shared<PostCounts>,
    /// The contract's own answer, relative to `/impacts`.
    pub lien: String,
    /// Every published post row (the complete answer only), shared by every answer about
    /// the contract.
    #[serde(skip)]
    pub liste_postes: Shared<Vec<PostItem>>,
}

/// Posts counted per year and kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PostCounts {
    /// Distinct posts (`id_poste`) over every year and kind.
    pub total: usize,
    /// « 2025 : 14 adultes-relais, 6 postes FONJEP ; 2024 : … ».
    pub texte: String,
    pub par_annee: Vec<PostCount>,
    /// Where the list is, in full (`detail=complet`).
    pub lien: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostCount {
    pub annee: u16,
    /// `adulte_relais` or `fonjep`.
    pub dispositif: &'static str,
    pub libelle: &'static str,
    /// Distinct posts (`id_poste`).
    pub postes: usize,
    /// Rows as published (a post may be published twice).
    pub lignes_publiees: usize,
    /// Distinct employers.
    pub employeurs: usize,
}

/// A published post row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostItem {
    pub dispositif: &'static str,
    pub libelle: &'static str,
    pub annee: u16,
    pub id_poste: String,
    /// The employer (an association most often).
    pub employeur: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub siret: Option<String>,
    /// The amount the source publishes for that year's row: undocumented by the source, never
    /// a yearly total.
    pub montant_publie: f64,
    pub source: &'static str,
    /// The source file and row.
    pub ligne_source: String,
}

/// A source the answer cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub source: &'static str,
    pub licence: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'static str>,
}

impl Citation {
    /// How an answer cites `source`: its label, licence and date.
    pub fn of(source: crate::france::Source) -> Self {
        Citation {
            source: source.label(),
            licence: source.licence(),
            date: source.date(),
        }
    }
}
